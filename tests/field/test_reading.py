"""Field rows of the reading stage (inputs/README.md): F18 feeds with escaped CDATA and markup in titles, F20 JSON
lines with raw line separators inside strings. Other examples of the same kinds are in tests/ingest/test_read.py."""

import json
from pathlib import Path

import pytest

from tests.field.conftest import instant

pytestmark = pytest.mark.django_db


def test_f18_feed_escaped_cdata_html_title(ingest_field):
    run = ingest_field("F18-feed-escaped-cdata-html-title")
    assert len(run.articles) == 2
    quake = run.articles["Gempa M 5,6 Guncang Cianjur"]
    assert quake["body"] == "Gempa bermagnitudo 5,6 mengguncang Kabupaten Cianjur, Jawa Barat, Senin siang."
    for fragment in ("CDATA", "<![", "]]>"):
        assert fragment not in quake["body"]
    assert instant(quake["published"]) == instant("2022-11-21T13:21:00+07:00")
    assert "BREAKING Jalan Cianjur-Puncak Ditutup karena Longsor" in run.articles
    assert sorted(run.search("Cianjur")) == sorted(run.articles)


def test_f20_jsonl_line_separators(ingest_field):
    run = ingest_field("F20-jsonl-line-separators")
    assert run.failed == 0
    article = run.only()
    assert article["title"] == "Warga Cilacap Gotong Royong Perbaiki Jembatan Gantung"
    assert instant(article["published"]) == instant("2023-02-14T09:00:00+07:00")
    assert "Ratusan warga Desa Karangreja bergotong royong memperbaiki jembatan gantung" in article["body"]
    assert "Perbaikan ditargetkan selesai dalam sepekan" in article["body"]


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085"], ids=["U+2028", "U+2029", "U+0085"])
def test_a_separator_inside_a_record_keeps_it_and_its_neighbours_whole(search_index, tmp_path: Path, separator):
    from articles.ingest.pipeline import ingest
    from articles.models import Article

    lines = [
        {"title": "Pasar Murah Digelar di Banyumas", "content": "Pemerintah kabupaten menggelar pasar murah."},
        {"title": "Sungai Serayu Meluap", "content": f"Sungai Serayu meluap setelah hujan deras.{separator}"
                                                     "Puluhan rumah di tepi sungai terendam."},
        {"title": "Festival Kuliner Purwokerto", "content": "Festival kuliner berlangsung tiga hari."},
    ]
    path = tmp_path / "berita.jsonl"
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    report = ingest([str(path)], processes=1)
    assert report.run.failed == 0, report.errors
    assert sorted(Article.objects.values_list("title", flat=True)) == sorted(line["title"] for line in lines)
    flood = Article.objects.get(title="Sungai Serayu Meluap")
    assert "Sungai Serayu meluap setelah hujan deras." in flood.body
    assert "Puluhan rumah di tepi sungai terendam." in flood.body and separator not in flood.body


@pytest.mark.parametrize("channel", ["Kabar Priangan - Nasional", "Kabar Priangan | Ekonomi"])
def test_a_feed_channel_section_never_becomes_the_outlet(search_index, tmp_path: Path, channel):
    from articles.ingest.pipeline import ingest
    from articles.models import Article

    path = tmp_path / "feed.xml"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{channel}</title>
<item><title>Harga Gabah Naik</title><pubDate>kemarin</pubDate>
<description>Harga gabah kering panen naik di tingkat petani.</description></item></channel></rss>""",
                    encoding="utf-8")
    report = ingest([str(path)], processes=1)
    assert report.run.failed == 0, report.errors
    article = Article.objects.select_related("source").get()
    assert article.source.name == "Kabar Priangan"
    assert article.published is None

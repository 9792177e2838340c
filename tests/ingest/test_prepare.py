"""prepare(): the single entry point, from a RawDocument of any format to a stored-ready article."""

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.ingest.clean import BACA_JUGA, HEADLINE
from articles.ingest.document import RawDocument
from articles.ingest.prepare import Prepared, prepare
from articles.ingest.read import iter_documents

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "fixtures" / "samples"


def prepared(target: Path | str) -> list[Prepared]:
    return [prepare(item) for item in iter_documents(str(target)) if isinstance(item, RawDocument)]


def test_it_extracts_an_html_page_without_its_furniture() -> None:
    [article] = prepared(SAMPLES / "article.html")
    assert article.title == "Gubernur Bali Minta Desa Adat Siaga Hadapi Musim Hujan"
    assert article.published is not None and article.published.isoformat() == "2022-11-03T09:15:00+08:00"
    assert article.author == "Ni Luh Made Sari"
    assert article.dateline == "Denpasar"
    assert (article.source_name, article.source_domain) == ("Warta Dewata", "wartadewata.id")
    assert article.url == "https://www.wartadewata.id/bali/2022/11/gubernur-minta-desa-adat-siaga"
    assert article.body.startswith("Gubernur Bali meminta seluruh desa adat")
    assert article.body.endswith("dalam sepekan ke depan.")
    for furniture in ("Beranda", "Bagikan", "Baca juga", "Tags", "Berita Terkait", "Tinggalkan", "Hak cipta",
                      "(nls)", "Cari berita"):
        assert furniture not in article.body


def test_it_prepares_feed_entries_with_their_own_metadata() -> None:
    first, second, third = prepared(SAMPLES / "feed.rss")
    assert first.title == "DPR Setujui RUU Perlindungan Data Pribadi Jadi Undang-Undang"
    assert first.published is not None and first.published.isoformat() == "2022-09-20T13:45:00+07:00"
    assert (first.author, first.dateline, first.source_domain) == ("Bagus Prasetyo", "Jakarta", "wartadewata.id")
    assert first.body.startswith("Rapat paripurna") and BACA_JUGA in {item.rule for item in first.removed}
    assert second.body.endswith("Nusa Tenggara Timur dan Maluku.")
    assert third.published is None


def test_it_prepares_atom_entries() -> None:
    first, second = prepared(SAMPLES / "feed.atom")
    assert first.author == "Andi Makkasau"
    assert second.published is not None and second.published.isoformat() == "2022-11-08T19:00:00+07:00"


def test_it_prepares_json_lines_with_mixed_field_names() -> None:
    first, second, third = prepared(SAMPLES / "articles.jsonl")
    assert (first.author, first.body.count("\n\n")) == ("Komang Adi", 1)
    assert (second.title, second.dateline, second.agency) == (
        "Pemerintah Siapkan BLT untuk 20 Juta Keluarga", "Jakarta", "Antara")
    assert (second.source_name, second.source_domain) == ("Antara", "antaranews.com")
    assert third.title == "Kota Surabaya meraih penghargaan kota layak anak tingkat utama"


@pytest.mark.parametrize("name", ["cp1252.txt", "bom.txt", "mojibake.txt"])
def test_it_prepares_every_encoding_sample_readably(name: str) -> None:
    [article] = prepared(SAMPLES / name)
    assert "â€" not in article.body and "\ufeff" not in article.body and "\ufffd" not in article.body
    assert article.title and article.title[0].isupper()


def test_the_seed_002_title_is_not_repeated_in_its_body() -> None:
    [article] = prepared(next((ROOT / "fixtures" / "seeds").glob("002_*.txt")))
    assert article.title not in article.body
    assert [item.rule for item in article.removed].count(HEADLINE) == 1
    assert article.published is not None and article.published.tzinfo == ZoneInfo("Asia/Jakarta")


def test_it_applies_per_source_rules() -> None:
    raw = RawDocument(origin="t", format="txt", text="Isi berita.\n\nSimak video di bawah ini.")
    article = prepare(raw, rules=["^Simak video"])
    assert article.body == "Isi berita."


def test_it_is_deterministic() -> None:
    raw = next(item for item in iter_documents(str(SAMPLES / "article.html")) if isinstance(item, RawDocument))
    assert prepare(raw) == prepare(raw)


def test_it_survives_empty_and_odd_input() -> None:
    for text in ("", "\n\n", "(WIL)", "Baca juga: apa", "a", "12/13/2022 25:99"):
        article = prepare(RawDocument(origin="t", format="txt", text=text))
        assert isinstance(article.body, str) and article.published is None
    assert prepare(RawDocument(origin="t", format="html", text="", html="")).body == ""

"""Source health that leads somewhere: counts and shares per period, last ingest, each cell a filtered list."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.ingest.pipeline import ingest
from articles.models import Article

pytestmark = pytest.mark.django_db

SOURCES = reverse("admin:articles_source_changelist")
ARTICLES = reverse("admin:articles_article_changelist")
STORY = "Warga Desa Sukamaju bergotong royong memperbaiki jembatan yang rusak diterjang banjir pekan lalu."
FURNITURE = "\n".join(f"Baca juga: Berita lain nomor {n} yang ramai dibicarakan warganet hari ini" for n in range(12))


def _row(html: str, name: str) -> str:
    return next(row for row in html.split("<tr")[1:] if f">{name}</a>" in row)


def _links(row: str) -> list[tuple[str, str]]:
    return [(unescape(href), unescape(text)) for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', row)]


def test_mostly_removed_articles_are_kept_flagged_and_counted(editor_client, db, tmp_path):
    (tmp_path / "berita.txt").write_text(f"Jembatan Desa Diperbaiki\n\n{FURNITURE}\n\n{STORY}\n", encoding="utf-8")
    (tmp_path / "biasa.txt").write_text(f"Pasar Baru Dibuka\n\n{STORY} Pasar baru dibuka.\n", encoding="utf-8")
    report = ingest([str(tmp_path)], source_slug="contoh")
    assert report.run.ingested == 2
    flagged = Article.objects.get(title="Jembatan Desa Diperbaiki")
    assert flagged.mostly_removed and flagged.body == STORY
    assert not Article.objects.get(title="Pasar Baru Dibuka").mostly_removed

    row = _row(editor_client.get(SOURCES).text, "contoh")
    cell = [link for link in _links(row) if "mostly_removed__exact=1" in link[0]]
    assert [text for _href, text in cell] == ["7 hari: 1 · 50%", "30 hari: 1 · 50%", "semua: 1 · 50%"]
    listed = editor_client.get(cell[-1][0]).context["cl"].result_list
    assert list(listed) == [flagged]
    page = editor_client.get(reverse("admin:articles_article_change", args=[flagged.pk])).text
    assert "baca-juga" in page  # the cleaning report says which rule removed what


def test_health_counts_sit_beside_shares_for_7_30_days_and_all_time(editor_client, seeds):
    source = seeds[0].source
    Article.objects.filter(pk=seeds[0].pk).update(ingested_at=timezone.now() - timedelta(days=10))
    response = editor_client.get(SOURCES)
    row = _row(response.text, source.name)
    links = dict((text, href) for href, text in _links(row))
    # Seed 000 has no date; ingested ten days ago, it counts for 30 days and all time, not for 7 days.
    assert "7 hari: 0 · –" in links and "30 hari: 1 · 100%" in links and "semua: 1 · 100%" in links
    undated = editor_client.get(links["30 hari: 1 · 100%"]).context["cl"].result_list
    assert list(undated) == [Article.objects.get(pk=seeds[0].pk)]
    listed = next(s for s in response.context["cl"].result_list if s.pk == source.pk)
    assert listed.last_ingested == max(source.articles.values_list("ingested_at", flat=True))
    assert "Terakhir diambil" in response.text


def test_the_article_list_filters_by_author_and_by_what_is_known_of_the_date(editor_client, seeds):
    author = next(a.author for a in seeds if a.author)
    by_author = editor_client.get(ARTICLES, {"penulis": author}).context["cl"].result_list
    assert {a.author for a in by_author} == {author}
    without = editor_client.get(ARTICLES, {"penulis": "-"}).context["cl"].result_list
    assert set(without) == set(Article.objects.filter(author=""))
    undated = editor_client.get(ARTICLES, {"tanggal": "tanpa"}).context["cl"].result_list
    assert set(undated) == set(Article.objects.filter(published__isnull=True)) != set()
    date_only = editor_client.get(ARTICLES, {"tanggal": "tanggal"}).context["cl"].result_list
    assert set(date_only) == set(Article.objects.filter(published_precision="date", published__isnull=False))
    page = editor_client.get(ARTICLES).text
    assert f'href="?penulis={author.replace(" ", "+")}"' in page

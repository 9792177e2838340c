"""Publication times are never invented: precision and the outlet's offset, from ingest to the API and the page."""

import pytest

from articles.ingest.pipeline import ingest
from articles.models import Article
from articles.search_indexes import ArticleIndex

pytestmark = pytest.mark.django_db

BODY = "Kupang - Pemerintah provinsi meresmikan jembatan baru yang menghubungkan dua kecamatan di pesisir selatan."


def ingested(tmp_path, date_line: str) -> Article:
    path = tmp_path / "berita.txt"
    path.write_text(f"Jembatan Baru Diresmikan di Kupang\n{date_line}\n\n{BODY}\n", encoding="utf-8")
    report = ingest([str(path)], processes=1)
    assert report.run.failed == 0, report.errors
    return Article.objects.get()


def test_a_date_only_article_answers_local_midnight_with_precision_date(client, tmp_path):
    article = ingested(tmp_path, "Selasa, 11 Oktober 2022")
    assert (article.published_precision, article.published_offset) == ("date", 420)
    data = client.get(f"/api/articles/{article.pk}").json()
    assert (data["published"], data["published_precision"]) == ("2022-10-11T00:00:00+07:00", "date")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<time datetime="2022-10-11">Selasa, 11 Oktober 2022</time>' in page
    assert "00.00" not in page


def test_a_wita_article_answers_and_shows_wita(client, tmp_path):
    article = ingested(tmp_path, "Rabu, 12 Oktober 2022 00:30 WITA")
    assert (article.published_precision, article.published_offset) == ("minute", 480)
    data = client.get(f"/api/articles/{article.pk}").json()
    assert (data["published"], data["published_precision"]) == ("2022-10-12T00:30:00+08:00", "minute")
    page = client.get(article.get_absolute_url()).content.decode()
    # 00:30 WITA is still 11 October in Jakarta: the page keeps the outlet's day and zone.
    assert "Rabu, 12 Oktober 2022 00.30 WITA" in page


def test_a_date_only_article_is_counted_in_its_own_month(tmp_path):
    article = ingested(tmp_path, "Selasa, 1 November 2022")
    assert ArticleIndex().prepare_month(article) == "2022-11"


def test_an_undated_article_has_no_precision(client, tmp_path):
    article = ingested(tmp_path, "")
    assert (article.published, article.published_precision, article.published_offset) == (None, "", None)
    data = client.get(f"/api/articles/{article.pk}").json()
    assert (data["published"], data["published_precision"]) == (None, None)

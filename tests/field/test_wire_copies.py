"""Field row F19: a wire story republished by another outlet is one story in search, shown by the original."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db

ORIGINAL = "BI Pertahankan Suku Bunga Acuan 5,75 Persen"
COPY = "Bank Indonesia Tahan Suku Bunga Acuan di 5,75 Persen"
ANALYSIS = "Ekonom: BI Berpeluang Pangkas Suku Bunga Acuan Akhir Tahun"


@pytest.fixture
def run(each_backend, ingest_field):
    return ingest_field("F19-near-duplicates-in-search")


def test_f19_the_copy_is_marked_as_the_same_story_as_the_original(run):
    stories = {article.title: article.cluster_id for article in Article.objects.all()}
    assert stories[ORIGINAL] is not None
    assert stories[COPY] == stories[ORIGINAL]
    assert stories[ANALYSIS] != stories[ORIGINAL]


def test_f19_a_phrase_finds_the_original_and_the_analysis_not_the_copy(run):
    assert sorted(run.search('"suku bunga acuan"')) == sorted([ORIGINAL, ANALYSIS])


def test_f19_a_name_counts_the_story_once_in_total_hits_and_facets(run):
    result = run.search_json("Perry Warjiyo")
    assert result["count"] == 1
    assert [hit["title"] for hit in result["results"]] == [ORIGINAL]
    entity = {facet["value"]: facet["count"] for facet in result["facets"]["entity"]}
    assert entity["perry-warjiyo"] == 1
    assert sum(facet["count"] for facet in result["facets"]["source"]) == 1


def test_f19_the_original_hit_carries_its_copy_and_the_copy_stays_readable(run, client):
    (hit,) = run.search_json("Perry Warjiyo")["results"]
    copy = run.articles[COPY]
    assert [(item["id"], item["title"], item["url"], item["source"]) for item in hit["copies"]] == [
        (copy["id"], COPY, copy["url"], copy["source"])]
    page = client.get(copy["url"])
    assert page.status_code == 200
    assert "Perry Warjiyo" in page.text

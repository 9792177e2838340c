"""Field rows F12-F14: codes inside hyphen compounds, stopwords inside quoted phrases, trailing-* prefixes."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["whoosh", "postgres"])
def backend(request):
    """Each row on both search backends: the input is indexed and searched on the one named."""
    with override_settings(SEARCH_BACKEND=request.param):
        yield request.param


def test_f12_a_code_inside_a_hyphen_compound_is_indexed_as_that_code(backend, ingest_field):
    run = ingest_field("F12-code-in-hyphen-compound")
    assert run.search("COVID-19") == ["Pemulihan Ekonomi Tetap Berjalan"]
    assert run.search("covid") == ["Pemulihan Ekonomi Tetap Berjalan"]


def test_f13_stopwords_keep_their_place_in_a_quoted_phrase(backend, ingest_field):
    run = ingest_field("F13-stopwords-in-phrases")
    assert run.search('"Menteri Dalam Negeri"') == ["Menteri Dalam Negeri Minta Pemda Siapkan Anggaran"]
    assert run.search('"dalam negeri"') == ["Menteri Dalam Negeri Minta Pemda Siapkan Anggaran"]


def test_f14_a_trailing_star_is_a_highlighted_prefix_query(backend, ingest_field):
    run = ingest_field("F14-wildcards")
    result = run.search_json("banj*")
    assert [hit["title"] for hit in result["results"]] == ["Banjir Rendam Jakarta Utara"]
    assert "<mark>Banjir</mark>" in result["results"][0]["snippet_html"]

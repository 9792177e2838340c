"""F10 and F11 (inputs/README.md): words meet their own root only, and names are protected at index time."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

RELAWAN = "Relawan Bagikan Nasi Bungkus"
PASAR = "Pasar Barang Bekas Ramai Pembeli"
SOLAR = "Petugas Periksa Penyaluran Solar"


def marked(snippet_html: str) -> set[str]:
    """The words a snippet highlights, lower-cased."""
    return {word.lower() for word in re.findall(r"<mark>(.*?)</mark>", snippet_html)}


@pytest.fixture
def over_stemming(ingest_field):
    return ingest_field("F10-over-stemming")


@pytest.mark.parametrize(("query", "title", "not_title"), [
    ("rawan", PASAR, RELAWAN),
    ("relawan", RELAWAN, PASAR),
    ("bekas", PASAR, RELAWAN),
    ("Bekasi", RELAWAN, PASAR),
    ("menang", PASAR, RELAWAN),
])
def test_a_word_finds_its_own_article_not_the_one_with_a_lookalike(over_stemming, query, title, not_title):
    titles = over_stemming.search(query)
    assert title in titles
    assert not_title not in titles


@pytest.mark.parametrize(("query", "word"), [("rawan", "rawan"), ("bekas", "bekas"), ("menang", "menang"),
                                             ("relawan", "relawan"), ("Bekasi", "bekasi")])
def test_highlights_mark_the_word_searched_never_relawan_bekasi_or_menangis(over_stemming, query, word):
    for hit in over_stemming.search_json(query)["results"]:
        words = marked(hit["snippet_html"])
        assert word in words or hit["title"].lower().count(word)
        assert not words & ({"relawan", "bekasi", "menangis"} - {word})


def test_bekasi_is_indexed_as_itself_by_the_ingest_command_alone(over_stemming):
    """The index was written by ingest, before any search loaded names: `bekas` there would be a false match."""
    assert over_stemming.search("bekas") == [PASAR]
    assert over_stemming.search("Bekasi") == [RELAWAN]


@pytest.mark.parametrize("query", ["proses", "cek", "kunjung", "beli", "gerak", "membeli", "kunjungan", "pemrosesan"])
def test_roots_and_other_affixed_forms_find_the_word(ingest_field, query):
    run = ingest_field("F11-under-stemming")
    assert SOLAR in run.search(query)


def test_postgres_backend_indexes_and_searches_the_same_words(ingest_field):
    with override_settings(SEARCH_BACKEND="postgres"):
        run = ingest_field("F10-over-stemming")
        call_command("reindex", stdout=StringIO())
        assert run.search("bekas") == [PASAR]
        assert run.search("Bekasi") == [RELAWAN]
        assert run.search("rawan") == [PASAR]
        assert run.search("relawan") == [RELAWAN]
        assert run.search("menang") == [PASAR]

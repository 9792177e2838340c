"""Codes inside hyphen compounds, quoted phrases with stopwords and trailing-* prefixes, on both backends."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.ingest.pipeline import ingest
from articles.search.querying import MAX_PREFIX_TERMS
from articles.search.service import SearchParams, search
from tests.search.indexes import indexed_on

pytestmark = pytest.mark.django_db

ARTICLES = {
    "Jet Tempur Dipensiunkan": "Pesawat eks-F-16 milik TNI AU dipensiunkan setelah tiga puluh tahun bertugas.",
    "Riset Virus Berlanjut": "Riset pasca-SARS-CoV-2 berlanjut di laboratorium Bandung bersama peneliti asing.",
    "Persiapan Konferensi": "Rapat pra-KTT-G20 membahas agenda energi dan pangan di Bali.",
    "Cabai di Pasar Induk": "Harga cabai di pasar induk naik tajam menjelang Lebaran.",
    "Cabai dari Desa": "Harga cabai dari pasar desa turun karena panen raya.",
    "Gempa Guncang Cianjur": "Gempa bermagnitudo 5,6 mengguncang Cianjur pada Senin siang.",
}


@pytest.fixture(params=["whoosh", "postgres"])
def indexed(request, tmp_path, search_index):
    with indexed_on(request.param, ARTICLES, tmp_path) as backend:
        yield backend


def titles(query: str) -> set[str]:
    return {hit.article.title for hit in search(SearchParams(q=query)).hits}


def marked(query: str) -> list[str]:
    (hit,) = search(SearchParams(q=query)).hits
    return [text for text, match in hit.snippet if match]


def test_a_code_inside_a_compound_is_found_by_the_code_in_either_spelling(indexed):
    assert titles("F-16") == titles("F16") == titles("eks-F-16") == {"Jet Tempur Dipensiunkan"}
    assert titles("SARS-CoV-2") == titles("CoV-2") == {"Riset Virus Berlanjut"}
    assert titles("KTT-G20") == titles("G20") == {"Persiapan Konferensi"}
    assert titles("SARS") == {"Riset Virus Berlanjut"}  # the parts are still words of their own


def test_a_quoted_stopword_matches_itself_in_its_place(indexed):
    assert titles('"harga cabai di pasar"') == {"Cabai di Pasar Induk"}
    assert titles('"cabai dari pasar"') == {"Cabai dari Desa"}
    assert titles('"di pasar"') == {"Cabai di Pasar Induk"}
    assert titles('"pasar di"') == set()
    assert titles('cabai -"dari pasar"') == {"Cabai di Pasar Induk"}


def test_unquoted_stopwords_are_still_ignored(indexed):
    assert titles("cabai di pasar") == titles("cabai pasar") == {"Cabai di Pasar Induk", "Cabai dari Desa"}


def test_a_quoted_phrase_with_a_stopword_is_marked_whole(indexed):
    assert marked('"cabai dari pasar"') == ["cabai dari pasar"]


def test_a_trailing_star_finds_and_marks_words_as_written(indexed):
    assert titles("cianj*") == {"Gempa Guncang Cianjur"}
    assert marked("cianj*") == ["Cianjur"]
    assert marked("mengg*") == ["mengguncang"]  # the word as written, not its root "guncang"
    assert titles("bermag* gempa") == {"Gempa Guncang Cianjur"}
    assert titles("harga -pan*") == {"Cabai di Pasar Induk"}
    assert titles("cianjx*") == set()


def test_a_star_after_one_letter_or_alone_is_ignored(indexed):
    assert titles("gempa c*") == titles("gempa *") == titles("gempa") == {"Gempa Guncang Cianjur"}


def test_a_prefix_expands_to_a_bounded_number_of_the_index_terms(tmp_path, search_index):
    words = " ".join(f"kata{n:03d}" for n in range(MAX_PREFIX_TERMS + 50))
    (tmp_path / "kata.txt").write_text(f"Daftar Kata\n\nSebuah daftar: {words}.\n", encoding="utf-8")
    (tmp_path / "akhir.txt").write_text("Akhir Daftar\n\nHanya kata999 di sini.\n", encoding="utf-8")
    assert ingest([str(tmp_path)], processes=1).run.failed == 0
    for backend in ("whoosh", "postgres"):
        with override_settings(SEARCH_BACKEND=backend):
            call_command("reindex", stdout=io.StringIO())
            assert titles("kata*") == {"Daftar Kata"}, backend  # kata999 is past the bound
            assert titles("kata9*") == {"Akhir Daftar"}, backend

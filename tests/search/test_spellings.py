"""Words typed the way readers type them meet the words news prints: one kind of variant per test, in index and
query alike (real Whoosh in memory; the service on both backends at the end)."""


import pytest

from articles.search.analysis import reduplicated
from articles.search.service import SearchParams, search
from articles.search.spellings import VARIANTS_FILE, old_to_modern, standard_spelling, variants
from articles.search.synonyms import curated_synonyms, synonym_key
from tests.search.indexes import build, found, indexed_on


@pytest.mark.parametrize(("typed", "printed"), [
    ("warga gak dapat air", "Warga tidak mendapat air bersih"),
    ("nggak lolos", "Atlet itu tidak lolos seleksi"),
    ("tdk hadir", "Saksi tak hadir di sidang"),
    ("harga naik 3 jt", "Harga motor naik tiga juta"),
    ("sblm pemungutan suara", "sebelum pemungutan suara dimulai"),
])
def test_chat_shorthand_finds_the_written_word(typed, printed):
    assert found(build({"a": printed, "b": "Kabar lain hari ini"}), typed) == {"a"}


@pytest.mark.parametrize(("typed", "printed"), [
    ("bikin jembatan", "Pemerintah membuat jembatan baru"),
    ("menteri ketemu nelayan", "Menteri bertemu nelayan Indramayu"),
    ("nonton bioskop", "Warga menonton film di bioskop"),
    ("pake masker", "Penumpang wajib memakai masker"),
])
def test_spoken_jakarta_forms_find_the_affixed_word(typed, printed):
    assert found(build({"a": printed, "b": "Kabar lain hari ini"}), typed) == {"a"}


@pytest.mark.parametrize(("variant", "standard"), [
    ("praktek", "praktik"), ("resiko", "risiko"), ("ijin", "izin"), ("jadual", "jadwal"), ("perancis", "prancis"),
])
def test_loanword_spellings_meet_both_ways(variant, standard):
    index = build({"a": f"soal {variant} itu", "b": f"soal {standard} itu", "c": "soal lain"})
    assert found(index, variant) == found(index, standard) == {"a", "b"}
    assert found(index, variant, "exact") == {"a", "b"}


def test_city_shorthand_finds_the_city():
    index = build({"a": "Banjir melanda Jakarta Utara", "b": "Banjir melanda Semarang"})
    assert found(index, "banjir jkt") == {"a"}


@pytest.mark.parametrize("word", ["anak2", "kota2", "pura2", "Rumah2"])
def test_reduplication_written_with_a_2_is_the_hyphenated_word(word):
    base = word[:-1].lower()
    index = build({"a": f"{base}-{base} itu", "b": f"satu {base} saja", "c": f"tertulis {word} begitu", "d": "lain"})
    assert found(index, word, "exact") == found(index, f"{base}-{base}", "exact") == {"a", "c"}
    assert found(index, word) == found(index, f"{base}-{base}") == found(index, base) == {"a", "b", "c"}
    assert found(index, base, "exact") == {"a", "b", "c"}


@pytest.mark.parametrize("code", ["ps2", "mp2", "co2", "b2"])
def test_a_code_ending_in_2_stays_a_code(code):
    assert reduplicated(code) == code


def test_old_spelling_still_comes_first():
    assert old_to_modern("soeharto") == standard_spelling("soeharto") == "suharto"
    assert standard_spelling("djaman") == "zaman"  # old spelling (jaman), then the variant table


def test_the_variant_table_is_one_step_and_leaves_standard_words_alone():
    table = variants()
    assert len(table) >= 100
    assert all(variant != standard and standard not in table for variant, standard in table.items())
    assert all(variant == variant.lower().strip() for variant in table)
    assert "Written for Telusur" in VARIANTS_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize(("short", "long"), [
    ("Pemprov", "Pemerintah Provinsi"), ("Timnas", "Tim Nasional"), ("Wisman", "Wisatawan Mancanegara"),
    ("Sepakbola", "Sepak Bola"),
])
def test_abbreviations_of_several_words_are_synonyms(short, long):
    assert long in curated_synonyms().forms[synonym_key(short)]


@pytest.fixture(params=["whoosh", "postgres"])
def everyday_news(request, tmp_path, search_index):
    articles = {
        "Anggaran Daerah Dipangkas": "Pemerintah Provinsi Jawa Tengah memangkas anggaran perjalanan dinas.",
        "Sekolah Rusak": "Anak-anak belajar di bawah tenda karena gedung sekolah tidak layak.",
        "Bantaran Sungai": "Warga bantaran sungai menghadapi risiko banjir setiap musim hujan.",
    }
    with indexed_on(request.param, articles, tmp_path) as backend:
        yield backend


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "title"), [
    ("pemprov pangkas anggaran", "Anggaran Daerah Dipangkas"),
    ("anak2 sekolah gak layak", "Sekolah Rusak"),
    ("resiko banjir", "Bantaran Sungai"),
])
def test_the_service_finds_everyday_spellings_on_both_backends(everyday_news, query, title):
    assert [hit.article.title for hit in search(SearchParams(q=query)).hits] == [title]

import pickle
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh.filedb.filestore import FileStorage

from articles.search.analysis import (
    STOPWORDS,
    STOPWORDS_FILE,
    exact_analyzer,
    indonesian_analyzer,
    normalised_words,
    protected_words,
    protected_words_for,
    read_protected_words_from,
)
from articles.search.spellings import old_to_modern
from articles.search.vocabulary import protected_words as loaded_protected_words
from tests.search.indexes import build, found


def texts(text: str, analyzer=None, mode: str = "query") -> list[str]:
    return [token.text for token in (analyzer or indonesian_analyzer())(text, mode=mode)]


@pytest.fixture
def protected() -> Iterator[None]:
    names = normalised_words(["Bekasi", "Pemalang"])
    read_protected_words_from(lambda: names)
    yield
    read_protected_words_from(loaded_protected_words)


def test_pengerahan_mengerahkan_and_dikerahkan_meet():
    index = build({"a": "Pengerahan pasukan", "b": "NATO mengerahkan jet", "c": "Tank dikerahkan"})
    assert found(index, "pengerahan") == found(index, "kerahkan") == {"a", "b", "c"}


def test_kekalahan_meets_dikalahkan():
    index = build({"a": "Kekalahan Rusia", "b": "Pasukan dikalahkan"})
    assert found(index, "kekalahan") == {"a", "b"}


def test_root_words_that_snowball_breaks_keep_their_stem():
    assert texts("menteri berita diplomat damai kerahkan Pertamina") == [
        "menteri", "berita", "diplomat", "damai", "kerah", "pertamina"
    ]


def test_damai_finds_perdamaian():
    index = build({"a": "Perundingan perdamaian", "b": "Suasana damai"})
    assert found(index, "damai") == {"a", "b"}


def test_pemilu_is_its_own_root_not_milu():
    assert texts("pemilu pemilunya Pilkada") == ["pemilu", "pemilu", "pilkada"]


def test_megawati_is_not_found_by_gawat():
    index = build({"a": "Megawati Soekarnoputri berpidato", "b": "Situasi gawat"})
    assert found(index, "gawat") == {"b"}
    assert found(index, "Megawati") == {"a"}


def test_pertamina_is_not_found_by_tamina():
    index = build({"a": "Pertamina menaikkan harga"})
    assert found(index, "tamina") == set()
    assert found(index, "Pertamina") == {"a"}


def test_unprotected_place_names_are_cut_into_common_words(protected):
    read_protected_words_from(frozenset)
    assert texts("Bekasi Pemalang") == ["bekas", "malang"]  # why names must be protected at index time too


def test_protected_names_are_not_stemmed_by_an_existing_analyzer(protected):
    analyzer = indonesian_analyzer()
    assert texts("Bekasi Pemalang bekas", analyzer) == ["bekasi", "pemalang", "bekas"]
    assert protected_words() == {"bekasi", "pemalang"}


def test_protected_names_are_not_found_by_their_false_stem(protected):
    index = build({"a": "Banjir di Bekasi", "b": "Mobil bekas", "c": "Kota Malang", "d": "Bupati Pemalang"})
    assert found(index, "bekas") == {"b"}
    assert found(index, "malang") == {"c"}
    assert found(index, "Bekasi") == {"a"}


def test_protection_covers_every_word_of_a_person_but_only_one_word_names_otherwise():
    assert protected_words_for("Megawati Soekarnoputri", ["Mega"], person=True) == {
        "Megawati", "Soekarnoputri", "Mega"
    }
    assert protected_words_for("Kementerian Pertahanan", ["Kemenhan"]) == {"Kemenhan"}


def test_protected_words_are_normalised_like_the_text():
    assert normalised_words(["Soeharto", "ERDOĞAN"]) == {"suharto", "erdogan"}


@pytest.mark.parametrize(
    ("text", "token"),
    [("KTT G7", "g7"), ("jet F-16", "f16"), ("jet F16", "f16"), ("COVID-19", "covid19"), ("Rp 1.000", "1.000"),
     ("2,5 persen", "2,5"), ("rudal Iskander-M", "iskander-m"), ("Timor‐Leste", "timor-leste")],
)
def test_numbers_and_codes_stay_one_token(text, token):
    assert token in texts(text)


def test_g7_f16_and_iskander_m_are_findable():
    index = build({"a": "KTT G7 di Jepang", "b": "Jet F-16 tiba", "c": "Rudal Iskander-M diluncurkan"})
    assert found(index, "G7") == {"a"}
    assert found(index, "F-16") == found(index, "F16") == {"b"}
    assert found(index, "Iskander-M") == found(index, "iskander") == {"c"}


def test_hyphenated_parts_share_the_position_and_carry_their_own_offsets():
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in exact_analyzer()("rudal Iskander-M", positions=True, chars=True, mode="index")
    ]
    assert tokens == [("rudal", 0, 0, 5), ("iskander-m", 1, 6, 16), ("iskander", 1, 6, 14), ("m", 1, 15, 16)]


def test_parts_are_indexed_but_not_searched_for():
    assert texts("Iskander-M", mode="query") == ["iskander-m"]


def test_kota_kota_and_kota_find_each_other():
    index = build({"a": "Kota-kota di Jawa", "b": "Kota Bandung"})
    assert found(index, "kota") == found(index, "kota-kota") == {"a", "b"}


def test_reduplicated_forms_are_indexed_once():
    assert texts("serangan-serangan", mode="index") == ["serang"]


@pytest.mark.parametrize(
    ("old", "modern"),
    [("soeharto", "suharto"), ("soekarno", "sukarno"), ("djakarta", "jakarta"), ("tjahjo", "cahyo"),
     ("soedjatmoko", "sujatmoko")],
)
def test_old_spelling_becomes_modern(old, modern):
    assert old_to_modern(old) == modern


@pytest.mark.parametrize("word", ["menjadi", "masjid", "china", "jakarta", "panjang"])
def test_modern_words_with_old_letter_pairs_are_left_alone(word):
    assert old_to_modern(word) == word


def test_soeharto_finds_suharto_in_both_fields():
    index = build({"a": "Presiden Suharto lengser"})
    assert found(index, "Soeharto") == found(index, "Soeharto", "exact") == {"a"}


@pytest.mark.parametrize("word", ["tidak", "bukan", "belum", "jangan", "tak", "tanpa"])
def test_negations_are_searchable(word):
    assert word not in STOPWORDS
    assert texts(word) == ["tidak" if word == "tak" else word]  # "tak" is KBBI's short form of "tidak"


@pytest.mark.parametrize("word", ["ibu", "luar", "tengah", "besar", "tahun", "kasus", "umum", "baru", "bawah", "depan",
                                  "jumlah", "datang", "ditunjuk", "mampu", "kurang", "pertanyaan", "rata", "tahu",
                                  "bung", "mengakhiri", "jawaban"])
def test_words_that_matter_in_news_are_not_stopwords(word):
    assert word not in STOPWORDS


def test_a_phrase_of_content_words_that_were_stopwords_keeps_every_word():
    assert texts("anak di bawah umur kurang gizi") == ["anak", "bawah", "umur", "kurang", "gizi"]


def test_stopwords_leave_no_gap_in_positions():
    tokens = [(t.text, t.pos) for t in indonesian_analyzer()("Menteri Dalam Negeri yang baru", positions=True)]
    assert tokens == [("menteri", 0), ("negeri", 1), ("baru", 2)]


def test_stopword_file_credits_stopwords_iso_under_mit():
    header = STOPWORDS_FILE.read_text(encoding="utf-8")[:600]
    assert "stopwords-iso" in header
    assert "MIT" in header
    assert "Gene Diaz" in header


def test_case_width_and_accents_are_folded():
    assert texts("ERDOĞAN Ｆｕｌｌ Café") == ["erdogan", "full", "cafe"]


@given(st.text())
def test_offsets_stay_inside_the_text_for_any_input(text):
    for token in indonesian_analyzer()(text, positions=True, chars=True, mode="index"):
        assert 0 <= token.startchar < token.endchar <= len(text)
        assert token.text


def test_an_untokenized_value_is_one_normalised_token():
    assert [t.text for t in exact_analyzer()("Kota Bandung", tokenize=False)] == ["kota bandung"]


def test_analyzers_pickle_and_compare_equal():
    for analyzer in (indonesian_analyzer(), exact_analyzer()):
        assert pickle.loads(pickle.dumps(analyzer)) == analyzer  # noqa: S301 -- our own bytes, as Whoosh does


def test_an_index_reopened_from_disk_uses_the_same_analysis(tmp_path):
    build({"a": "Pengerahan pasukan"}, FileStorage(str(tmp_path)))
    reopened = FileStorage(str(tmp_path)).open_index()
    assert found(reopened, "dikerahkan") == {"a"}


@pytest.mark.parametrize(
    ("compound", "code"),
    [("pasca-COVID-19", "covid19"), ("eks-F-16", "f16"), ("anti-MH-370", "mh370"), ("jet-Su-35", "su35"),
     ("pasca-SARS-CoV-2", "sarscov2"), ("pra-KTT-G20", "kttg20"), ("rudal-S-400-nya", "s400")],
)
def test_a_code_inside_a_hyphen_compound_is_indexed_as_that_code(compound, code):
    index = build({"a": f"Laporan tentang {compound} hari ini", "b": "Laporan lain"})
    assert code in texts(compound, mode="index")
    assert found(index, code) == found(index, code, "exact") == {"a"}


def test_a_code_shares_its_compound_position_and_covers_its_own_characters():
    tokens = [(t.text, t.pos, t.startchar, t.endchar)
              for t in exact_analyzer()("program pasca-COVID-19", positions=True, chars=True, mode="index")]
    assert ("covid19", 1, 14, 22) in tokens
    assert ("pascacovid19", 1, 8, 22) in tokens


def test_a_compound_without_digits_gains_no_code():
    assert texts("Kota-kota Timor-Leste", mode="index") == ["kota", "timor-leste", "timor", "leste"]


def test_a_long_hostile_compound_gives_a_bounded_number_of_codes():
    compound = "-".join(["a", "1"] * 200)
    assert len(texts(compound, exact_analyzer(), mode="index")) < 3 * len(compound.split("-"))


def test_the_exact_field_indexes_stopwords_in_their_places_and_plain_queries_drop_them():
    tokens = [(t.text, t.pos) for t in exact_analyzer()("Menteri Dalam Negeri yang baru", positions=True,
                                                          mode="index")]
    assert tokens == [("menteri", 0), ("dalam", 1), ("negeri", 2), ("yang", 3), ("baru", 4)]
    assert texts("Menteri Dalam Negeri", exact_analyzer()) == ["menteri", "negeri"]
    kept = exact_analyzer()("Menteri Dalam Negeri", mode="query", removestops=False)
    assert [token.text for token in kept] == ["menteri", "dalam", "negeri"]

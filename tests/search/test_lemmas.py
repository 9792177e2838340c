"""The lemmatiser on words of the kinds F10 and F11 show, other than theirs (fixtures/lemma/gold-id.tsv scores it)."""

import pytest

from articles.entities.gazetteer import Entry
from articles.search.analysis import indonesian_analyzer, read_protected_words_from, stem
from articles.search.lemmas import lemma, suffix_choice
from articles.search.vocabulary import build_vocabulary
from articles.search.vocabulary import protected_words as loaded_protected_words
from tests.search.indexes import build, found


@pytest.mark.parametrize(("word", "root"), [
    ("pengecekan", "cek"), ("mengetes", "tes"), ("mengesahkan", "sah"),  # menge-/penge- on one-syllable roots
    ("pengunjung", "kunjung"), ("mengenali", "kenal"),  # meng-/peng- with a k- root
    ("pemrograman", "program"), ("pemrotes", "protes"),  # pe-/pem- with an r- root
    ("membelinya", "beli"), ("dinilainya", "nilai"), ("dimulainya", "mulai"),  # di-/meN-…-nya
    ("perpajakan", "pajak"), ("peradangan", "radang"), ("kerusakan", "rusak"),  # per-…-an, ke-…-an
    ("penyaringan", "saring"), ("penculikan", "culik"), ("memadamkan", "padam"),  # pe(N)-/me(N)-
    ("mengkonsumsi", "konsumsi"), ("mempopulerkan", "populer"),  # loanwords
])
def test_affixed_forms_get_their_root(word, root):
    assert stem(word) == root


@pytest.mark.parametrize(("word", "root", "not_root"), [
    ("berikan", "beri", "ikan"), ("menemani", "teman", "tani"), ("memerangi", "perang", "rang"),
    ("perasaan", "rasa", "asa"), ("memulai", "mulai", "pulai"), ("pemadam", "padam", "madam"),
    ("pemilu", "pemilu", "milu"), ("pilpres", "pilpres", "pres"),
])
def test_no_word_is_cut_into_an_unrelated_root(word, root, not_root):
    assert stem(word) == root != not_root


@pytest.mark.parametrize(("word", "root", "not_root"), [
    ("katakan", "kata", "katak"), ("katakanlah", "kata", "katak"), ("perlukah", "perlu", "lukah"),
    ("serukan", "seru", "seruk"), ("disahkan", "sah", "sahkan"),  # nlp-id cut the suffix short, Sastrawi right
    ("gerakan", "gerak", "gera"), ("teriakan", "teriak", "ria"),  # Sastrawi cut it short, nlp-id right
])
def test_where_the_dictionaries_cut_the_suffix_differently_the_ordinary_root_wins(word, root, not_root):
    assert stem(word) == root != not_root


def test_the_suffix_choice_follows_the_counts_only_where_the_readings_differ_in_the_suffix_alone():
    assert suffix_choice("katakan", "katak", "kata", {"kata": 5, "katak": 1}) == "kata"
    assert suffix_choice("katakan", "katak", "kata", {"kata": 1, "katak": 5}) == "katak"
    assert suffix_choice("katakan", "katak", "kata", {}) == "katak"  # a tie keeps nlp-id's
    assert suffix_choice("perlukah", "lukah", "perlu", {"perlu": 5}) == "perlu"  # bare root + particle
    assert suffix_choice("keretakan", "retak", "kereta", {"kereta": 5}) == "retak"  # a confix, not root + -kan
    assert suffix_choice("mengawal", "kawal", "awal", {"awal": 5}) == "kawal"  # another prefix reading
    assert suffix_choice("menangis", "tangis", "menang", {"menang": 5}) == "tangis"  # -is is no suffix


@pytest.mark.parametrize(("word", "prefix_reading"), [("mengawal", "awal"), ("perombakan", "ombak"),
                                                      ("menangis", "menang"), ("keretakan", "kereta")])
def test_a_commoner_root_never_wins_by_reading_another_prefix_or_a_false_suffix(word, prefix_reading):
    assert stem(word) != prefix_reading


@pytest.mark.parametrize(("word", "own", "root"), [
    ("sebuah", "sebuah", "buah"), ("sebelum", "sebelum", "belum"), ("sebelumnya", "sebelum", "belum"),
    ("sebelah", "sebelah", "belah"), ("sesudah", "sesudah", "sudah"), ("seketika", "seketika", "ketika"),
])
def test_a_se_word_is_its_own_root(word, own, root):
    assert stem(word) == own != root


def test_belah_finds_the_split_not_sebelah_and_ria_not_teriakan():
    index = build({"roots": "Kayu dibelah dua, suasana ria di kampung",
                   "words": "Rumah di sebelah pasar terbakar, teriakan warga terdengar"})
    for word, expected in [("belah", {"roots"}), ("sebelah", {"words"}), ("ria", {"roots"}),
                           ("teriak", {"words"}), ("teriakan", {"words"})]:
        assert found(index, word) == expected, word


def test_a_word_the_dictionaries_disagree_on_is_indexed_as_itself_too_and_searched_by_its_root():
    assert lemma("mengecek").ambiguous
    index_tokens = [token.text for token in indonesian_analyzer()("mengecek", mode="index")]
    assert index_tokens == ["cek", "mengecek"]
    assert [token.text for token in indonesian_analyzer()("mengecek", mode="query")] == ["cek"]


def test_gazetteer_places_are_protected_so_their_lookalike_root_finds_nothing():
    vocabulary = build_vocabulary([Entry("Pekalongan", "location"), Entry("Kemayoran", "location", ("Kemayoran",)),
                                   Entry("Dimas Anggara", "person")], [])
    assert {"pekalongan", "kemayoran", "dimas", "anggara"} <= vocabulary.protected
    read_protected_words_from(lambda: vocabulary.protected)
    try:
        index = build({"place": "Banjir di Pekalongan dan Kemayoran, kata Dimas",
                       "words": "Seekor kalong dan seorang mayor berbicara dengan mas"})
        for word, expected in [("kalong", {"words"}), ("mayor", {"words"}), ("mas", {"words"}),
                               ("Pekalongan", {"place"}), ("Dimas", {"place"})]:
            assert found(index, word) == expected, word
    finally:
        read_protected_words_from(loaded_protected_words)


def test_common_words_of_the_gazetteer_are_never_protected():
    vocabulary = build_vocabulary([Entry("Pembangunan", "location")], [], common_words=["Pembangunan"])
    assert "pembangunan" not in vocabulary.protected

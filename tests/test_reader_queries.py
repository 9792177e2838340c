"""The reader queries of the relevance benchmark: well formed, each set in both halves, halves fixed by the text."""

import hashlib

import pytest

from bench.reader_queries import HALVES, QUERIES_FILE, SETS, ReaderQuery, read_queries


def test_every_set_has_queries_in_both_halves_and_no_query_twice():
    queries = read_queries()
    assert len({query.text for query in queries}) == len(queries)
    for name in SETS:
        for half in HALVES:
            assert len([q for q in read_queries(half=half) if q.set == name]) >= 30, (name, half)


def test_a_query_s_half_is_the_parity_of_the_first_byte_of_its_sha256():
    for text in ("tembak klub malam jerman", "harga ikan salmon naik panas bumi"):
        expected = "tune" if hashlib.sha256(text.encode()).digest()[0] % 2 == 0 else "report"
        assert ReaderQuery("roots", "x", text).half == expected


def test_queries_are_not_copied_from_the_title_slug():
    copied = [q for q in read_queries() if q.text.replace(" ", "-") in q.indosum_id]
    assert not copied


def test_hard_queries_share_no_word_with_the_title_slug():
    hard = [q for q in read_queries() if q.set == "hard"]
    assert len(hard) >= 90
    clashes = [(q.text, word) for q in hard for word in q.text.split() if word in q.indosum_id.split("-")[1:]]
    assert not clashes


def test_a_malformed_line_is_refused(tmp_path):
    path = tmp_path / "queries.tsv"
    path.write_text(QUERIES_FILE.read_text(encoding="utf-8") + "titles\t1-x\tsomething\n", encoding="utf-8")
    with pytest.raises(ValueError, match="expected set"):
        read_queries(path)

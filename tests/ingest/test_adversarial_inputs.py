"""Worst cases of the ingest stages' patterns: 200,000 characters shaped to make a backtracking pattern try every
split (long runs of spaces, dotted names, digits) finish in well under the bound, and normal inputs read as before.

Before the fix each of these ran for seconds to forever on such an input (the "halaman" digits exponentially).
The bound is generous (a busy shared machine); a regression to quadratic is ~1,000 times slower, not 2.
"""

import time

import pytest

from articles.ingest import bylines, clean, outlets, read
from articles.ingest.clean import PAGE_NAV
from articles.ingest.dates import parse_date_line

N = 200_000
BOUND_SECONDS = 2.0
SPACES = "a" + " " * N + "b"

CASES = {
    "page number made of digits, then not": lambda: clean.clean("halaman " + "1" * 60 + "x"),
    "a signature with a long run of spaces": lambda: bylines.SIGNATURE.fullmatch(SPACES),
    "a credit line with a long run of spaces": lambda: bylines.credit_name("Penulis: " + SPACES),
    "a dotted name that never ends in a domain": lambda: outlets._DOMAIN.search("a." * (N // 2)),
    "an outlet name with a long run of spaces": lambda: outlets._NAME_DECORATION.sub("", SPACES),
    "a channel title with a long run of spaces": lambda: read.channel_outlet(SPACES),
    "a channel title of hyphenated words": lambda: read.channel_outlet("a - " + "a-" * (N // 2)),
    "a date line of slashes": lambda: parse_date_line("1/" * (N // 2)),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_worst_case_input_finishes_quickly(case):
    started = time.perf_counter()
    CASES[case]()
    assert time.perf_counter() - started < BOUND_SECONDS


def test_normal_inputs_read_as_before():
    assert clean._line_rule("Halaman 1 2 3", ()) == PAGE_NAV
    assert clean._line_rule("halaman: 12", ()) == PAGE_NAV
    signed = bylines.SIGNATURE.fullmatch("RINA KARTIKA  |  ANTARA")
    assert (signed["name"], signed["agency"]) == ("RINA KARTIKA", "ANTARA")
    assert bylines._PIECES.split("Penulis : Rina, Kompas TV - Editor Y") == ["Penulis : Rina", "Kompas TV",
                                                                              "Editor Y"]
    assert outlets._DOMAIN.search("Sumber: www.kompas.com.")[1] == "kompas.com"
    assert outlets._DOMAIN.search("Lihat news.detik.co.id hari ini")[1] == "news.detik.co.id"
    assert outlets._NAME_DECORATION.sub("", "Okezone  News") == "Okezone"
    assert read.channel_outlet("Contoh Berita  -  Nasional") == "Contoh Berita"
    assert read.channel_outlet("Nasional | Kompas.com") == "Kompas.com"
    assert parse_date_line("Jakarta, Kamis, 14 November 2024 08:40 WITA").at.isoformat() == "2024-11-14T08:40:00+08:00"


def test_a_date_is_searched_for_near_the_top_only():
    assert parse_date_line("kata " * 1_000 + "Kamis, 14 November 2024") is None

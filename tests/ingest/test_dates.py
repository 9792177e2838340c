"""Publication dates: Indonesian date lines, numeric dates, metadata fields, zones, precision, years."""

import lxml.html
import pytest

from articles.ingest.clean import clean
from articles.ingest.dates import (
    DATE,
    MINUTE,
    is_link_date,
    parse_date_field,
    parse_date_line,
    published_date,
    visible_date_line,
)
from articles.ingest.document import RawDocument
from articles.ingest.html import extract_html
from articles.models import PublishedPrecision


def as_printed(found) -> tuple[str, str] | None:
    """A Dated as (ISO time in its printed offset, precision): the offset is part of what is checked."""
    return (found.at.isoformat(), found.precision) if found else None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Kamis 24 Maret 2022 05:56 WIB", "2022-03-24T05:56:00+07:00"),
        ("Senin, 5 Des 2022 | 19:30 WIB", "2022-12-05T19:30:00+07:00"),
        ("Kamis, 3 November 2022 09:15 WITA", "2022-11-03T09:15:00+08:00"),
        ("Rabu, 6 Nop 2019 14:05:33 WIB", "2019-11-06T14:05:00+07:00"),
        ("Selasa, 3 Januari 2023 10.15 WIB", "2023-01-03T10:15:00+07:00"),
        ("Sabtu, 2 Maret 2024 08:40 GMT+7", "2024-03-02T08:40:00+07:00"),
        ("Rabu, 13 Nov 2024 - 21:05 +0900", "2024-11-13T21:05:00+09:00"),
        # Numeric dates: day first, the time after a space, comma, bar or dash, the zone kept.
        ("Selasa, 03/01/2023 10:15 WIB", "2023-01-03T10:15:00+07:00"),
        ("Kompas.com - 14/03/2023, 13:05 WIB", "2023-03-14T13:05:00+07:00"),
        ("Rabu, 05/07/2023 | 21.45 WITA", "2023-07-05T21:45:00+08:00"),
        ("Senin, 12/02/2024 - 07.30 WIT", "2024-02-12T07:30:00+09:00"),
        ("08-11-2021 10.15 WIB", "2021-11-08T10:15:00+07:00"),
        ("Jumat, 14/06/2019 pukul 10.15 WITA", "2019-06-14T10:15:00+08:00"),
        ("12/01/2022,08:05", "2022-01-12T08:05:00+07:00"),
        # Old and unofficial month abbreviations, with or without a dot, and weekday spellings.
        ("Senin, 7 Djan. 2019 09:00 WIB", "2019-01-07T09:00:00+07:00"),
        ("Jum’at, 2 Peb. 2018 16:20 WITA", "2018-02-02T16:20:00+08:00"),
        ("Kamis, 14 Pebr 2019, 11:11 WIB", "2019-02-14T11:11:00+07:00"),
        ("Ahad, 17 Mrt 2019 20.00 WIB", "2019-03-17T20:00:00+07:00"),
        ("Minggu, 18 Ag 2019 | 11:11 WIT", "2019-08-18T11:11:00+09:00"),
        ("Sen, 2 Sept. 2019 08:00 WIB", "2019-09-02T08:00:00+07:00"),
        ("Selasa, 31 Des 2019 23.59 WITA", "2019-12-31T23:59:00+08:00"),
        # Outlet or channel before the date line.
        ("detikNews | Sabtu 08 Oct 2016, 14:54 WIB", "2016-10-08T14:54:00+07:00"),
        ("detikFinance | Jum'at 14 Okt 2016, 09:12 WIB", "2016-10-14T09:12:00+07:00"),
        ("TRIBUNNEWS.COM, Rabu, 9 Okt 2019 07:15 WITA", "2019-10-09T07:15:00+08:00"),
        # English pages: month first, a 12-hour clock.
        ("Thursday, Nov 14, 2024 08:40 WITA", "2024-11-14T08:40:00+08:00"),
        ("Sabtu, 08 Okt 2016 02:54 PM WIB", "2016-10-08T14:54:00+07:00"),
        ("Oct 8, 2016 12:10 a.m.", "2016-10-08T00:10:00+07:00"),
    ],
)
def test_a_date_line_keeps_its_time_and_zone(text: str, iso: str) -> None:
    assert as_printed(parse_date_line(text)) == (iso, MINUTE)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Selasa, 11 Oktober 2022", "2022-10-11T00:00:00+07:00"),
        ("di Madrid, Spanyol, Rabu (29/6/2022).", "2022-06-29T00:00:00+07:00"),
        ("Jumat (22/7/22)", "2022-07-22T00:00:00+07:00"),
        ("24/03/2022", "2022-03-24T00:00:00+07:00"),
        ("Selasa, 27 Agt. 2019", "2019-08-27T00:00:00+07:00"),
        ("Sabtu, 31 Ags 2019", "2019-08-31T00:00:00+07:00"),
        ("Jum'at (30/8/2019)", "2019-08-30T00:00:00+07:00"),
        # A number after the date is not a time.
        ("Selasa, 11 Oktober 2022, 10.500 warga datang", "2022-10-11T00:00:00+07:00"),
        ("Rabu, 5 Juni 2024 12.000 orang", "2024-06-05T00:00:00+07:00"),
    ],
)
def test_a_date_without_a_time_is_a_date_at_local_midnight(text: str, iso: str) -> None:
    assert as_printed(parse_date_line(text)) == (iso, DATE)


def test_a_date_without_a_year_takes_a_named_year_whose_weekday_is_true() -> None:
    assert parse_date_line("Selasa (18/10)") is None
    assert as_printed(parse_date_line("Selasa (18/10)", years=[2022])) == ("2022-10-18T00:00:00+07:00", DATE)
    # 18 October 2021 was a Monday: the next named year is tried.
    assert parse_date_line("Selasa (18/10)", years=[2021, 2022]).at.year == 2022
    assert parse_date_line("Kamis (18/10)", years=[2022]) is None
    assert parse_date_line("Minggu, 3 Maret", years=[2024]).at.date().isoformat() == "2024-03-03"
    # A year that is not named is not guessed, not even the one before a named year.
    assert parse_date_line("Jumat (30/12)", years=[2023]) is None
    assert parse_date_line("Jumat (30/12)", years=[2023, 2022]).at.date().isoformat() == "2022-12-30"


@pytest.mark.parametrize("text", ["kemarin", "hari ini", "Rabu besok", "pekan lalu", "24 Februari", "31/2/2022",
                                  "/nasional/2024/11/10/warga-mengungsi", "2024-11-10"])
def test_it_never_invents_a_date_from_relative_incomplete_or_url_words(text: str) -> None:
    assert parse_date_line(text) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-10-19T08:00:00+08:00", ("2022-10-19T08:00:00+08:00", MINUTE)),
        ("2022-10-11", ("2022-10-11T00:00:00+07:00", DATE)),
        ("2022-07-04 10:00", ("2022-07-04T10:00:00+07:00", MINUTE)),
        # A UTC stamp is a machine's conversion: shown in WIB, the same instant.
        ("2023-02-14T02:00:00Z", ("2023-02-14T09:00:00+07:00", MINUTE)),
        ("Tue, 20 Sep 2022 13:45:00 +0700", ("2022-09-20T13:45:00+07:00", MINUTE)),
        ("Tue, 20 Sep 2022 06:45:00 GMT", ("2022-09-20T13:45:00+07:00", MINUTE)),
        ("Mon, 21 Nov 2022 13:21:00 WIB", ("2022-11-21T13:21:00+07:00", MINUTE)),
        ("Mon, 21 Nov 2022 13:21:00 WITA", ("2022-11-21T13:21:00+08:00", MINUTE)),
        ("03/01/2023 10:15 WIB", ("2023-01-03T10:15:00+07:00", MINUTE)),
        ("14/03/2023, 13.05 WIT", ("2023-03-14T13:05:00+09:00", MINUTE)),
        ("Rabu, 6 Nop 2019 14:05 WIB", ("2019-11-06T14:05:00+07:00", MINUTE)),
        ("5 September 2022", ("2022-09-05T00:00:00+07:00", DATE)),
        ("2016/10/08 14:54:00", ("2016-10-08T14:54:00+07:00", MINUTE)),
    ],
)
def test_a_metadata_field_is_read_with_its_precision_and_zone(value: str, expected: tuple[str, str]) -> None:
    assert as_printed(parse_date_field(value)) == expected


@pytest.mark.parametrize("value", ["", "kemarin", "2 hari lalu", "bukan tanggal"])
def test_a_relative_or_unreadable_metadata_field_is_no_date(value: str) -> None:
    assert parse_date_field(value) is None


def test_a_yearless_metadata_field_takes_a_year_the_input_names() -> None:
    assert parse_date_field("Selasa (18/10)") is None
    assert as_printed(parse_date_field("Selasa, 18 Oktober 10.15 WIB", years=[2022])) == (
        "2022-10-18T10:15:00+07:00", MINUTE)
    text = "Isi berita yang cukup panjang tentang jembatan baru."
    raw = RawDocument(origin="t", format="jsonl", text=text, url="https://contoh.id/2022/10/18/jembatan",
                      meta={"published": "Selasa (18/10)"})
    assert as_printed(published_date(raw, clean(text))) == ("2022-10-18T00:00:00+07:00", DATE)


def test_the_precisions_are_the_models_choices() -> None:
    assert {MINUTE, DATE} == set(PublishedPrecision.values)


def dated_text(text: str, **meta: str):
    return as_printed(published_date(RawDocument(origin="t", format="txt", text=text, meta=meta), clean(text)))


def test_a_date_only_field_takes_the_time_of_a_date_line_of_the_same_day() -> None:
    text = "Judul Berita Hari Ini\nRabu, 05/07/2023 | 21.45 WITA\n\nMakassar - Isi berita yang cukup panjang di sini."
    assert dated_text(text, published="2023-07-05") == ("2023-07-05T21:45:00+08:00", MINUTE)
    # A field of another day is kept as it is.
    assert dated_text(text, published="2023-07-06") == ("2023-07-06T00:00:00+07:00", DATE)
    assert dated_text(text, published="2023-07-05T20:00:00+07:00") == ("2023-07-05T20:00:00+07:00", MINUTE)


def test_a_yearless_lead_date_takes_a_year_the_text_or_the_url_names() -> None:
    lead = "Kupang - Gubernur meresmikan jembatan itu pada Selasa (18/10)."
    assert dated_text(lead) is None
    assert dated_text(lead + "\n\nJembatan dibangun sejak 2021 dan selesai 2022.") == (
        "2022-10-18T00:00:00+07:00", DATE)
    raw = RawDocument(origin="t", format="txt", text=lead, url="https://contoh.id/read/2022/10/18/jembatan")
    assert as_printed(published_date(raw, clean(lead))) == ("2022-10-18T00:00:00+07:00", DATE)
    assert dated_text(lead, reference_date="2022-10-19") == ("2022-10-18T00:00:00+07:00", DATE)
    # A named year whose weekday is false gives nothing.
    assert dated_text(lead + "\n\nProyek ini dimulai 2020.") is None


PAGE = """<html><head><title>Banjir Rob Rendam Pesisir Sorong</title>{head}</head><body>
<nav><a href="/daerah/2024/03/01/pasar-baru">Pasar Baru Dibuka</a></nav>
<article><h1>Banjir Rob Rendam Pesisir Sorong</h1>
{date_line}
<p>Sorong - Banjir rob merendam ratusan rumah warga di pesisir Kota Sorong, Papua Barat Daya, sejak pagi.</p>
<p>Baca juga: <a href="/daerah/2024/03/10/warga-pesisir-mengungsi">Warga Pesisir Mengungsi</a></p>
<p>Warga diminta waspada karena air laut diperkirakan kembali pasang pada malam hari.</p>
</article></body></html>"""


def html_dated(date_line: str = "", head: str = "", url: str = ""):
    raw = RawDocument(origin="t", format="html", text="", url=url,
                      html=PAGE.format(date_line=date_line, head=head))
    extracted = extract_html(raw)
    return as_printed(published_date(extracted, clean(extracted.text)))


@pytest.mark.parametrize("element", ["div", "p", "span", "time"])
def test_a_visible_date_line_in_html_decides_with_its_time_and_zone(element: str) -> None:
    line = f'<{element} class="tanggal">Jumat, 15 Maret 2024 | 19.05 WIT</{element}>'
    assert html_dated(line) == ("2024-03-15T19:05:00+09:00", MINUTE)


def test_a_date_in_another_storys_link_is_never_the_articles_date() -> None:
    assert html_dated() is None
    tree = lxml.html.fromstring(PAGE.format(date_line="", head=""))
    assert is_link_date("2024-03-10", tree, "")
    assert not is_link_date("2024-03-10", tree, "https://contoh.id/daerah/2024/03/10/banjir-rob")
    assert not is_link_date("2024-03-15", tree, "")


def test_a_date_in_the_pages_own_url_is_a_usable_guess() -> None:
    assert html_dated(url="https://contoh.id/daerah/2024/03/10/banjir-rob") == ("2024-03-10T00:00:00+07:00", DATE)


def test_a_published_time_meta_tag_or_json_ld_still_wins() -> None:
    line = "<div>Jumat, 15 Maret 2024 | 19.05 WIT</div>"
    meta = '<meta property="article:published_time" content="2024-03-15T19:00:00+09:00">'
    assert html_dated(line, meta) == ("2024-03-15T19:00:00+09:00", MINUTE)
    json_ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Banjir",'
               ' "datePublished": "2024-03-15T10:01:00Z"}</script>')
    assert html_dated(line, json_ld) == ("2024-03-15T17:01:00+07:00", MINUTE)


def test_a_date_only_meta_tag_takes_the_time_of_the_visible_date_line() -> None:
    line = "<span>Jumat, 15/03/2024 19.05 WIT</span>"
    meta = '<meta name="pubdate" content="2024-03-15">'
    assert html_dated(line, meta) == ("2024-03-15T19:05:00+09:00", MINUTE)


def test_the_visible_date_line_is_a_short_element_after_the_headline_outside_links() -> None:
    page = lxml.html.fromstring(
        "<html><body><div>Senin, 11 Maret 2024 08:00 WIB</div><h1>Judul</h1>"
        "<a href='/x'><span>Selasa, 12 Maret 2024 09:00 WIB</span></a>"
        "<p>Paragraf panjang yang menyebut Rabu, 13 Maret 2024 sebagai hari pelaksanaan kegiatan yang sudah lama "
        "direncanakan oleh panitia bersama warga sekitar.</p>"
        "<div class='meta'>Oleh Rina | Kamis, 14 Maret 2024 10:00 WITA</div></body></html>")
    assert visible_date_line(page) == "Oleh Rina | Kamis, 14 Maret 2024 10:00 WITA"
    assert visible_date_line(lxml.html.fromstring("<div>Senin, 11 Maret 2024 08:00 WIB</div>")) == (
        "Senin, 11 Maret 2024 08:00 WIB")
    assert visible_date_line(lxml.html.fromstring("<p>Tanpa tanggal.</p>")) == ""


@pytest.mark.parametrize(("value", "expected"), [
    ("1705300000", "2024-01-15T13:26:40+07:00"),
    ("1662967800000", "2022-09-12T14:30:00+07:00"),
])
def test_a_unix_timestamp_field_keeps_its_time(value: str, expected: str) -> None:
    found = parse_date_field(value)
    assert found is not None and found.at.isoformat() == expected and found.precision == PublishedPrecision.MINUTE

"""Publication dates of Indonesian news: date lines, numeric dates, metadata fields, and their zones.

Publication date, in order of trust: the input's published-time metadata (JSON-LD, a published-time <meta>, a
JSON or feed field); a date line in the page header (`Kamis, 14 November 2024 08:40 WITA`, `Kompas.com -
14/03/2023, 13:05 WIB`, `detikNews | Sabtu 08 Oct 2016, 14:54 WIB`); a date-only guess from the HTML extractor; the
first date in the lead (first paragraphs), e.g. Medcom's "Dikutip dari Anadolu Agency pada Selasa, 11 Oktober
2022". A lead date is the day of the reported event: for daily news that is the publication day or the day before
it, and a reader sorting or filtering by day is better served by it than by nothing.

Times are never invented: each date says whether its time of day was printed (MINUTE) or only its day (DATE, kept
as local midnight). A date keeps the zone it was printed in (WIB +07:00, WITA +08:00, WIT +09:00; WIB when none
is printed), so its date part is the day the outlet printed. A date without a year ("Selasa (18/10)") takes a
year the input names only when the weekday is true in it. Relative words ("kemarin", "hari ini") are never dates.
"""

import email.utils
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache

import dateparser
import lxml.html

from articles.lexicon.calendar import MONTH_NUMBERS, WEEKDAY_NUMBERS, WEEKDAY_PATTERN
from articles.zones import BY_ABBREVIATION, WIB, utc_offset_minutes, zone_for_offset

from .clean import BYLINE, DATE_LINE
from .document import Cleaned, RawDocument
from .text import collapse_spaces

# Values of Article.published_precision.
MINUTE = "minute"  # the time of day was printed
DATE = "date"  # only the day was printed: the time is local midnight and means nothing

LEAD_PARAGRAPHS = 4
# A printed date is near the top of what is searched (a header line, the lead): searching further only costs time,
# and a 200,000-character lead of "1/1/…" took seconds.
DATE_SEARCH_CHARS = 3_000
# A date line is short; a longer element is a paragraph that merely mentions a date.
DATE_LINE_MAX_CHARS = 120
DATE_LINE_TAGS = frozenset({"div", "p", "span", "time"})

_MONTH = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))


def _time(n: str) -> str:
    """A time after a date: `, 13:05 WIB`, ` | 10.15 WITA`, ` - 14:54:10`, ` pukul 08.40 WIT`, ` 19:30 +0700`,
    ` 02:54 PM`."""
    return (rf"(?:\s*[,|\-–—]?\s*(?:(?:pukul|pkl\.?|jam)\s*)?(?P<h{n}>\d{{1,2}})[:.](?P<mi{n}>\d{{2}})"
            rf"(?:[:.]\d{{2}})?(?!\d)(?:\s*(?P<ampm{n}>[ap]\.?m)\b\.?)?"
            rf"(?:\s*(?P<tz{n}>wita|wib|wit|(?:gmt|utc)\s*[+-]\s*\d{{1,2}}(?::?\d{{2}})?|[+-]\d{{2}}:?\d{{2}})\b)?)?")


DATE_PATTERN = re.compile(
    # "Kamis, 14 November 2024 08:40 WITA", "Sabtu 08 Oct 2016, 14:54 WIB", "Rabu, 6 Nop. 2019", "Selasa, 18 Oktober"
    rf"(?:\b(?P<wd>{WEEKDAY_PATTERN})\.?\s*,?\s*)?\b(?P<d>\d{{1,2}})(?:\s+|\s*-\s*)(?P<mon>{_MONTH})\b\.?"
    rf"(?:(?:\s*[,-]\s*|\s+)(?P<y>\d{{4}})\b)?{_time('1')}"
    # Month first, as English pages print it: "Thursday, Nov 14, 2024 08:40 WITA"
    rf"|(?:\b(?P<wd4>{WEEKDAY_PATTERN})\.?\s*,?\s*)?\b(?P<mon4>{_MONTH})\b\.?\s+(?P<d4>\d{{1,2}})\s*,\s*(?P<y4>\d{{4}})\b"
    rf"{_time('4')}"
    # "Rabu (19/10)", "Rabu (29/6/2022)", "Jumat (22/7/22)"
    rf"|\b(?P<wd2>{WEEKDAY_PATTERN})\.?\s*,?\s*\(\s*(?P<d2>\d{{1,2}})\s*/\s*(?P<m2>\d{{1,2}})"
    r"(?:\s*/\s*(?P<y2>\d{4}|\d{2}))?\s*\)"
    # "03/01/2023 10:15 WIB", "14/03/2023, 13:05 WIB", "14-03-2023 | 13.05 WITA": always day first.
    rf"|(?<![\d/.-])(?P<d3>\d{{1,2}})(?P<sep>[/-])(?P<m3>\d{{1,2}})(?P=sep)(?P<y3>\d{{4}})(?![\d/]){_time('3')}",
    re.IGNORECASE,
)
# Years a text or URL names: what a date without a year may take.
_YEAR = re.compile(r"(?<!\d)(199\d|20[0-4]\d)(?!\d)")
_CLOCK = re.compile(r"(?<![\d.])\d{1,2}[:.]\d{2}(?![\d.])")
_ISO_DAY = re.compile(r"\d{4}-?\d{2}-?\d{2}")
DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY", "TIMEZONE": "Asia/Jakarta", "RETURN_AS_TIMEZONE_AWARE": True,
    # Only absolute dates with all of day, month and year: never a date relative to now.
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
}


@dataclass(frozen=True)
class Dated:
    """A publication time as the input gives it.

    `at` is aware and in the zone it was printed in (WIB when none was printed); `precision` is MINUTE when the
    time of day was given, DATE when only the day was (then `at` is local midnight).
    """

    at: datetime
    precision: str


def parse_date_line(text: str, *, years: Sequence[int] = ()) -> Dated | None:
    """The first absolute date in `text`, with its time and zone when printed, or None.

    Reads `Kamis, 14 November 2024 08:40 WITA`, `detikNews | Sabtu 08 Oct 2016, 14:54 WIB`, `Selasa, 03/01/2023
    10.15 WIB` (numeric dates are day first), `Rabu, 6 Nop 2019`, `Jum'at (29/6/2022)`. A date without a year
    (`Selasa (18/10)`, `Selasa, 18 Oktober`) takes the first of `years` in which its weekday is true, else it is
    skipped. Only the first DATE_SEARCH_CHARS characters are searched.
    """
    for match in DATE_PATTERN.finditer(text, 0, DATE_SEARCH_CHARS):
        found = _dated(match, years)
        if found:
            return found
    return None


def _dated(match: re.Match[str], years: Sequence[int]) -> Dated | None:
    groups = match.groupdict()
    if groups["d"]:
        day, month, year, n = int(groups["d"]), MONTH_NUMBERS[groups["mon"].lower()], groups["y"], "1"
        weekday = groups["wd"]
    elif groups["d4"]:
        day, month, year, weekday, n = int(groups["d4"]), MONTH_NUMBERS[groups["mon4"].lower()], groups["y4"], None, "4"
    elif groups["d2"]:
        day, month, year, weekday, n = int(groups["d2"]), int(groups["m2"]), groups["y2"], groups["wd2"], ""
    else:
        day, month, year, weekday, n = int(groups["d3"]), int(groups["m3"]), groups["y3"], None, "3"
    found = _day(day, month, year, weekday, years)
    if found is None:
        return None
    zone = _zone(groups.get(f"tz{n}"))
    clock = _clock(groups.get(f"h{n}"), groups.get(f"mi{n}"), groups.get(f"ampm{n}"))
    if clock is None:
        return Dated(datetime.combine(found, time(), tzinfo=zone), DATE)
    return Dated(datetime.combine(found, clock, tzinfo=zone), MINUTE)


def _clock(hour: str | None, minute: str | None, ampm: str | None) -> time | None:
    if hour is None or minute is None:
        return None
    h, m = int(hour), int(minute)
    if ampm:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if ampm[0].lower() == "p" else 0)
    return time(h, m) if h < 24 and m < 60 else None


def _day(day: int, month: int, year: str | None, weekday: str | None, years: Sequence[int]) -> date | None:
    if year:
        return _safe_date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    if not weekday:
        return None
    wanted = WEEKDAY_NUMBERS[re.sub(r"[^a-z]", "", weekday.lower())[:3]]
    for candidate in years:
        found = _safe_date(candidate, month, day)
        if found and found.weekday() == wanted:
            return found
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _zone(name: str | None) -> tzinfo:
    """WIB/WITA/WIT or a printed offset (`GMT+8`, `+0700`); WIB when no zone was printed."""
    if not name:
        return WIB
    name = re.sub(r"\s+", "", name.lower())
    if name in BY_ABBREVIATION:
        return BY_ABBREVIATION[name]
    sign, hours, minutes = re.fullmatch(r"(?:gmt|utc)?([+-])(\d{1,2}):?(\d{2})?", name).groups()
    offset = int(hours) * 60 + int(minutes or 0)
    return zone_for_offset(-offset if sign == "-" else offset)


# 2001-09-09 to 2286 in seconds, or the same in milliseconds: shorter numbers are years, ids or counts.
_EPOCH = re.compile(r"\d{10}|\d{13}")


def parse_date_field(value: str, *, years: Sequence[int] = ()) -> Dated | None:
    """A date from a metadata field, or None: ISO 8601, RFC 822 (feeds), an Indonesian date line, or what
    dateparser reads as an absolute date with day, month and year.

    A naive time is WIB; a UTC time (`Z`, `GMT`) is shown in WIB, since a UTC stamp is a machine's conversion, not
    what an Indonesian outlet printed. A date-only value has precision DATE. `years` date a yearless value as in
    parse_date_line.
    """
    value = value.strip()
    if not value:
        return None
    found = (_epoch(value) or _iso(value) or _rfc822(value) or parse_date_line(value, years=years)
             or _dateparser(value))
    if found is None:
        return None
    at = found.at if found.at.tzinfo else found.at.replace(tzinfo=WIB)
    return Dated(at.astimezone(zone_for_offset(utc_offset_minutes(at) or None)), found.precision)


def _epoch(value: str) -> Dated | None:
    """A Unix timestamp in seconds (10 digits) or milliseconds (13), as scrapers store `published_at`."""
    if not _EPOCH.fullmatch(value):
        return None
    seconds = int(value) / (1000 if len(value) == 13 else 1)
    return Dated(datetime.fromtimestamp(seconds, tz=UTC), MINUTE)


def _iso(value: str) -> Dated | None:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return Dated(parsed, DATE if _ISO_DAY.fullmatch(value) else MINUTE)


def _rfc822(value: str) -> Dated | None:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    # An unknown zone name (WIB, WITA) gives a naive time: the date-line grammar reads those zones.
    return Dated(parsed, MINUTE) if parsed.tzinfo else None


@lru_cache(maxsize=4096)
def _dateparser(value: str) -> Dated | None:
    parsed = dateparser.parse(value, languages=["id", "en"], settings=DATEPARSER_SETTINGS)
    if parsed is None:
        return None
    if _CLOCK.search(value):
        return Dated(parsed, MINUTE)
    return Dated(datetime.combine(parsed.date(), time(), tzinfo=parsed.tzinfo), DATE)


def published_date(raw: RawDocument, cleaned: Cleaned) -> Dated | None:
    """When the article was published, as printed; None if the input does not say.

    Trust order: `raw.meta["published"]`; a date line (cleaning's removed date and byline lines, then the page's
    visible `raw.meta["date_line"]`); the HTML extractor's `raw.meta["published_guess"]`; the lead; the aggregator's
    `raw.meta["reference_date"]`. A date-only published field takes its time from a date line of the same day.
    """
    years = named_years(raw, cleaned)
    header = [item.line for item in cleaned.removed if item.rule in (DATE_LINE, BYLINE)]
    line = _first(parse_date_line(text, years=years) for text in (*header, raw.meta.get("date_line", "")))
    stated = parse_date_field(raw.meta.get("published", ""), years=years)
    if stated:
        same_day = line is not None and line.at.date() == stated.at.date()
        return line if stated.precision == DATE and same_day and line.precision == MINUTE else stated
    if line:
        return line
    lead = "\n".join(cleaned.text.split("\n\n", LEAD_PARAGRAPHS)[:LEAD_PARAGRAPHS])
    return (parse_date_field(raw.meta.get("published_guess", "")) or parse_date_line(lead, years=years)
            or parse_date_field(raw.meta.get("reference_date", "")))


def _first(candidates: Iterable[Dated | None]) -> Dated | None:
    return next(filter(None, candidates), None)


def named_years(raw: RawDocument, cleaned: Cleaned) -> list[int]:
    """Years the input names, most trusted first: its metadata (reference date, extractor's guess, URL, title,
    summary), then its text (removed header lines, then the body) in reading order. No repeats."""
    metadata = [raw.meta.get("reference_date", ""), raw.meta.get("published_guess", ""),
                raw.url or raw.meta.get("url", ""), raw.meta.get("title", ""), raw.meta.get("summary", "")]
    texts = [*metadata, *(item.line for item in cleaned.removed), cleaned.text]
    return list(dict.fromkeys(int(year) for text in texts for year in _YEAR.findall(text)))


def visible_date_line(tree: lxml.html.HtmlElement) -> str:
    """The text of a page's visible date line, or "".

    That is the first short div, p, span or time element, outside any link, whose text holds a whole date with its
    year; the first one after the headline (h1) when there is one, since sidebars and menus come before it too.
    """
    before_headline, after_headline = "", False
    for element in tree.iter():
        if element.tag == "h1":
            after_headline = True
        if element.tag not in DATE_LINE_TAGS:
            continue
        text = element.text_content()
        # Cheap tests first: raw length (indentation allowed), then a year, which menus and labels lack.
        if len(text) > 4 * DATE_LINE_MAX_CHARS or not _YEAR.search(text):
            continue
        text = collapse_spaces(text)
        if len(text) > DATE_LINE_MAX_CHARS or parse_date_line(text) is None or element.xpath("ancestor::a"):
            continue
        if after_headline:
            return text
        before_headline = before_headline or text
    return before_headline


def is_link_date(value: str, tree: lxml.html.HtmlElement, url: str) -> bool:
    """Whether the date `value` (ISO, as the extractor guesses it) is written in the URL of a link on the page and
    not in the page's own `url`: htmldate falls back to such dates, and they belong to other stories."""
    try:
        day = date.fromisoformat(value[:10])
    except ValueError:
        return False
    forms = {f"{day.year}/{day.month:02}/{day.day:02}", f"{day.year}/{day.month}/{day.day}/",
             f"{day:%Y-%m-%d}", f"{day:%Y%m%d}"}
    if any(form in url for form in forms):
        return False
    return any(form in (link.get("href") or "") for link in tree.iter("a") for form in forms)

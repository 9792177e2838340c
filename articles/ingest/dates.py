"""Publication dates of Indonesian news: date lines, numeric dates, metadata fields, and their zones.

Publication date, in order of trust: the input's metadata; a date line or byline in the page header; the first
date in the lead (first paragraphs), e.g. Medcom's "Dikutip dari Anadolu Agency pada Selasa, 11 Oktober 2022" or
CakapCakap's "pada Kamis, 24 Maret 2022". A lead date is the day of the reported event: for daily news that is the
publication day or the day before it, and a reader sorting or filtering by day is better served by it than by
nothing. A date without a year ("Rabu (19/10)") is used only when the year is stated elsewhere in the body or in
the metadata and the weekday agrees with it. Relative words ("kemarin", "hari ini") are never turned into dates.
"""

import email.utils
import re
from datetime import date, datetime, time, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

import dateparser

from .clean import BYLINE, DATE_LINE
from .document import Cleaned, RawDocument

JAKARTA = ZoneInfo("Asia/Jakarta")
TIMEZONES = {"wib": JAKARTA, "wita": ZoneInfo("Asia/Makassar"), "wit": ZoneInfo("Asia/Jayapura")}
LEAD_PARAGRAPHS = 4

MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "pebruari": 2, "feb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6,
    "june": 6, "juli": 7, "jul": 7, "july": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "desember": 12, "des": 12, "dec": 12, "december": 12,
}
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6,
            "ahad": 6}
_WEEKDAY = "|".join(WEEKDAYS)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME = r"(?:\s*(?:,|\||-|pukul|jam)?\s*(?:pukul\s*)?(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:\s*(?P<tz>wita|wib|wit)\b)?)"
# "Kamis 24 Maret 2022 05:56 WIB", "Selasa, 11 Oktober 2022"; "Rabu (19/10)", "Rabu (29/6/2022)"; "24/03/2022".
DATE_PATTERN = re.compile(
    rf"(?:\b(?P<wd>{_WEEKDAY})\s*,?\s+)?\b(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH})\b\.?(?:\s+(?P<y>\d{{4}})\b{_TIME}?)?"
    rf"|\b(?P<wd2>{_WEEKDAY})\s*\(\s*(?P<d2>\d{{1,2}})\s*/\s*(?P<m2>\d{{1,2}})(?:\s*/\s*(?P<y2>\d{{2,4}}))?\s*\)"
    r"|\b(?P<d3>\d{1,2})/(?P<m3>\d{1,2})/(?P<y3>\d{4})\b",
    re.IGNORECASE,
)
DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY", "TIMEZONE": "Asia/Jakarta", "RETURN_AS_TIMEZONE_AWARE": True,
    # Only absolute dates with all of day, month and year: never a date relative to now.
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
}


def parse_indonesian_date(text: str, *, reference_year: int | None = None) -> datetime | None:
    """The first absolute date in `text` ("Kamis 24 Maret 2022 05:56 WIB", "Rabu (29/6/2022)"), or None.

    A date without a year gets `reference_year` (or the year before it) only when its weekday agrees.
    """
    for match in DATE_PATTERN.finditer(text):
        found = _date_from_match(match, reference_year)
        if found:
            return found
    return None


def _date_from_match(match: re.Match[str], reference_year: int | None) -> datetime | None:
    groups = match.groupdict()
    if groups["d"]:
        day, month, year = int(groups["d"]), MONTHS[groups["mon"].lower()], groups["y"]
        weekday = groups["wd"]
    elif groups["d2"]:
        day, month, year, weekday = int(groups["d2"]), int(groups["m2"]), groups["y2"], groups["wd2"]
    else:
        day, month, year, weekday = int(groups["d3"]), int(groups["m3"]), groups["y3"], None
    day_found = _day(day, month, year, weekday, reference_year)
    if day_found is None:
        return None
    hour, minute = int(groups["h"] or 0), int(groups["mi"] or 0)
    clock = time(hour, minute) if hour < 24 and minute < 60 else time()
    zone: tzinfo = TIMEZONES.get((groups["tz"] or "wib").lower(), JAKARTA)
    return datetime.combine(day_found, clock, tzinfo=zone)


def _day(day: int, month: int, year: str | None, weekday: str | None, reference_year: int | None) -> date | None:
    if year:
        return _safe_date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    if not weekday or not reference_year:
        return None
    for candidate_year in (reference_year, reference_year - 1):
        found = _safe_date(candidate_year, month, day)
        if found and found.weekday() == WEEKDAYS[weekday.lower()]:
            return found
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def published_date(raw: RawDocument, cleaned: Cleaned) -> datetime | None:
    """When the article was published: its metadata, else its header lines, else its lead; None if unstated."""
    stated = _metadata_date(raw.meta.get("published", ""))
    if stated:
        return stated
    reference = _metadata_date(raw.meta.get("reference_date", ""))
    reference_year = reference.year if reference else _stated_year(cleaned.text)
    header = [item.line for item in cleaned.removed if item.rule in (DATE_LINE, BYLINE)]
    lead = cleaned.text.split("\n\n", LEAD_PARAGRAPHS)[:LEAD_PARAGRAPHS]
    for text in (*header, "\n".join(lead)):
        found = parse_indonesian_date(text, reference_year=reference_year)
        if found:
            return found
    return reference


def _stated_year(text: str) -> int | None:
    """The year of the first full date in the body: what makes "Rabu (19/10)" safe to date."""
    for match in DATE_PATTERN.finditer(text):
        year = match.group("y") or match.group("y2") or match.group("y3")
        if year and len(year) == 4:
            return int(year)
    return None


def _metadata_date(value: str) -> datetime | None:
    """ISO 8601, RFC 822 (feeds), Indonesian, or whatever dateparser reads as an absolute date."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = _rfc822(value) or parse_indonesian_date(value) or _dateparser(value)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=JAKARTA)


def _rfc822(value: str) -> datetime | None:
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


@lru_cache(maxsize=4096)
def _dateparser(value: str) -> datetime | None:
    return dateparser.parse(value, languages=["id", "en"], settings=DATEPARSER_SETTINGS)

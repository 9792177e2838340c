"""Indonesia's time zones as outlets print them (WIB, WITA, WIT), shared by ingest and display."""

from datetime import datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
BY_ABBREVIATION = {"wib": WIB, "wita": WITA, "wit": WIT}
# None of the three has kept daylight saving or moved since 1988, so an offset names one zone.
_BY_OFFSET_MINUTES = {7 * 60: WIB, 8 * 60: WITA, 9 * 60: WIT}


def zone_for_offset(minutes: int | None) -> tzinfo:
    """The zone to show a time in, from its printed UTC offset in minutes east of UTC.

    +07:00/+08:00/+09:00 give WIB/WITA/WIT (so a format's `T` prints their names), any other offset a fixed zone,
    and None (offset not known) WIB, where most Indonesian outlets publish.
    """
    if minutes is None:
        return WIB
    return _BY_OFFSET_MINUTES.get(minutes) or timezone(timedelta(minutes=minutes))


def utc_offset_minutes(value: datetime | None) -> int | None:
    """The UTC offset `value` carries, in minutes east of UTC (WITA: 480); None for None or a naive value."""
    offset = value.utcoffset() if value else None
    return None if offset is None else int(offset / timedelta(minutes=1))

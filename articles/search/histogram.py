"""Attention over time: a search's matches per day, week or month, from the per-day counts its backend returns.

Days are Jakarta calendar days ("YYYY-MM-DD", as both backends count them); the bin size is chosen from the span
between the first and the last match so that a histogram has at most about MAX_BINS bars. Empty bins between the
first and the last match are kept (at 0), so bars stand for equal stretches of time.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

DAY, WEEK, MONTH = "day", "week", "month"
MAX_BINS = 62
# The longest span (in days, first to last match inclusive) drawn per day and per week; longer ones per month.
MAX_DAY_SPAN = MAX_BINS
MAX_WEEK_SPAN = 7 * 53


@dataclass(frozen=True)
class Bin:
    """Matches published from `start` to `end`, both inclusive Jakarta days."""

    start: date
    end: date
    count: int


def parse_days(counts: Iterable[tuple[str, int]]) -> dict[date, int]:
    """{day: count} of ("YYYY-MM-DD", count) pairs; unreadable keys (none are written) are skipped."""
    days: dict[date, int] = {}
    for key, count in counts:
        try:
            day = date.fromisoformat(key)
        except ValueError:
            continue
        days[day] = days.get(day, 0) + count
    return days


def bin_size(first: date, last: date) -> str:
    """DAY, WEEK or MONTH for matches from `first` to `last`."""
    span = (last - first).days + 1
    if span <= MAX_DAY_SPAN:
        return DAY
    return WEEK if span <= MAX_WEEK_SPAN else MONTH


def _bin_start(day: date, size: str) -> date:
    if size == WEEK:
        return day - timedelta(days=day.weekday())  # weeks start on Monday (ISO 8601)
    if size == MONTH:
        return day.replace(day=1)
    return day


def _next_start(start: date, size: str) -> date:
    if size == WEEK:
        return start + timedelta(days=7)
    if size == MONTH:
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=1)


def histogram(counts: Iterable[tuple[str, int]]) -> tuple[str, list[Bin]]:
    """(bin size, bins in date order) of per-day counts; ("", []) when no match has a date."""
    days = parse_days(counts)
    if not days:
        return "", []
    size = bin_size(min(days), max(days))
    totals: dict[date, int] = {}
    for day, count in days.items():
        start = _bin_start(day, size)
        totals[start] = totals.get(start, 0) + count
    bins, start, last = [], min(totals), max(totals)
    while start <= last:
        following = _next_start(start, size)
        bins.append(Bin(start, following - timedelta(days=1), totals.get(start, 0)))
        start = following
    return size, bins

"""Small charts drawn on the server as inline SVG: no script, no style attributes (the CSP allows neither)."""

from collections.abc import Iterable
from datetime import date, datetime

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Entity, Mention

MAX_MONTHS = 60
MAX_BAR_WIDTH = 36
WIDTH, HEIGHT = 640, 180
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 36, 8, 12, 28


def entity_month_counts(entity: Entity) -> list[tuple[date, int]]:
    """(first day of month, articles that month mentioning `entity`) in the current time zone; one query."""
    rows = (
        Mention.objects.filter(entity=entity, article__published__isnull=False)
        .annotate(month=TruncMonth("article__published"))
        .values("month")
        .annotate(articles=Count("article", distinct=True))
        .order_by("month")
    )
    return [(_as_date(row["month"]), row["articles"]) for row in rows]


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_series(counts: Iterable[tuple[date, int]], limit: int = MAX_MONTHS) -> list[tuple[date, int]]:
    """Every month from the first to the last with a count, gaps filled with 0; the latest `limit` months."""
    by_month: dict[date, int] = {}
    for day, count in counts:
        first = date(day.year, day.month, 1)
        by_month[first] = by_month.get(first, 0) + count
    if not by_month:
        return []
    series, month, last = [], min(by_month), max(by_month)
    while month <= last:
        series.append((month, by_month.get(month, 0)))
        month = _next_month(month)
    return series[-limit:]


def _label_every(n: int) -> int:
    """Label every k-th month so that labels never crowd (about eight at most)."""
    for step in (1, 2, 3, 6, 12):
        if n / step <= 8:
            return step
    return 24


def mentions_chart(series: list[tuple[date, int]], *, title: str) -> SafeString:
    """A bar chart of articles per month as an accessible inline <svg>; empty when there is nothing to draw."""
    if not series:
        return SafeString("")
    peak = max(count for _month, count in series) or 1
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / len(series)
    bar_w = min(max(1.0, slot * 0.72), MAX_BAR_WIDTH)
    step = _label_every(len(series))
    total = sum(count for _month, count in series)
    first, last = series[0][0], series[-1][0]
    desc = ngettext(
        "%(total)s artikel dari %(start)s sampai %(end)s; terbanyak %(peak)s dalam sebulan.",
        "%(total)s artikel dari %(start)s sampai %(end)s; terbanyak %(peak)s dalam sebulan.",
        total,
    ) % {"total": number_format(total), "start": date_format(first, "F Y"), "end": date_format(last, "F Y"),
         "peak": number_format(peak)}

    bars, labels = [], []
    for i, (month, count) in enumerate(series):
        height = plot_h * count / peak
        x = PAD_LEFT + i * slot + (slot - bar_w) / 2
        tip = ngettext("%(month)s: %(count)s artikel", "%(month)s: %(count)s artikel", count) % {
            "month": date_format(month, "F Y"), "count": number_format(count)}
        bars.append(format_html(
            '<rect class="chart__bar{}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
            "" if count else " chart__bar--zero", f"{x:.1f}", f"{PAD_TOP + plot_h - height:.1f}",
            f"{bar_w:.1f}", f"{max(height, 1):.1f}", tip))
        edge = i in (0, len(series) - 1)
        if edge or (i % step == 0 and len(series) - 1 - i >= max(1, step // 2)):
            # Narrow screens keep only the first and last month (CSS hides the --minor ones).
            labels.append(format_html(
                '<text class="chart__label{}" x="{}" y="{}" text-anchor="middle">{}</text>',
                "" if edge else " chart__label--minor", f"{PAD_LEFT + i * slot + slot / 2:.1f}", HEIGHT - 8,
                date_format(month, "M Y")))

    axis = format_html(
        '<line class="chart__axis" x1="{left}" y1="{base}" x2="{right}" y2="{base}"/>'
        '<line class="chart__grid" x1="{left}" y1="{top}" x2="{right}" y2="{top}"/>'
        '<text class="chart__label" x="{tx}" y="{ty_top}" text-anchor="end">{peak}</text>'
        '<text class="chart__label" x="{tx}" y="{ty_base}" text-anchor="end">0</text>',
        left=PAD_LEFT, right=WIDTH - PAD_RIGHT, base=PAD_TOP + plot_h, top=PAD_TOP, tx=PAD_LEFT - 6,
        ty_top=PAD_TOP + 4, ty_base=PAD_TOP + plot_h + 4, peak=number_format(peak))
    return format_html(
        '<svg class="chart" viewBox="0 0 {w} {h}" role="img" aria-labelledby="chart-title chart-desc" '
        'xmlns="http://www.w3.org/2000/svg">'
        '<title id="chart-title">{title}</title><desc id="chart-desc">{desc}</desc>'
        '{axis}<g class="chart__bars">{bars}</g><g aria-hidden="true">{labels}</g></svg>',
        w=WIDTH, h=HEIGHT, title=title or _("Artikel per bulan"), desc=desc, axis=axis,
        bars=format_html_join("", "{}", ((bar,) for bar in bars)),
        labels=format_html_join("", "{}", ((label,) for label in labels)),
    )

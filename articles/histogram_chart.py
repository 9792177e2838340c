"""The search page's "attention over time" chart: the geometry and words of its bars, drawn by
templates/partials/_histogram.html as inline SVG (no script, no style attribute: the CSP allows neither)."""

from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from articles.search.histogram import DAY, MONTH, WEEK, Bin
from articles.search.service import SearchParams

WIDTH, HEIGHT = 640, 150
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 36, 8, 10, 24
MAX_BAR_WIDTH = 36


@dataclass(frozen=True)
class Bar:
    """One bin as drawn: SVG user units, its words, and the query change that narrows the search to it."""

    x: float
    y: float
    width: float
    height: float
    count: int
    period: str
    label: str  # "<period>: <n> artikel", the link's accessible name
    narrow: dict[str, str | None]
    current: bool  # the search is already narrowed to exactly this bin


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    peak: int
    baseline: float
    title: str
    description: str
    first_label: str
    last_label: str


def period_label(item: Bin, size: str) -> str:
    """The bin's stretch of time in words: "5 Mar 2024", "4–10 Mar 2024" or "Maret 2024"."""
    if size == MONTH:
        return date_format(item.start, "F Y")
    if size == WEEK:
        return f"{date_format(item.start, 'j M Y')} – {date_format(item.end, 'j M Y')}"
    return date_format(item.start, "j M Y")


SIZE_TITLES = {DAY: gettext_lazy("Artikel per hari"), WEEK: gettext_lazy("Artikel per minggu"),
               MONTH: gettext_lazy("Artikel per bulan")}


def histogram_chart(bins: list[Bin], size: str, params: SearchParams) -> Chart | None:
    """The chart of a search's histogram (None without bins); each bar narrows the date range to its bin."""
    if not bins:
        return None
    peak = max(item.count for item in bins) or 1
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / len(bins)
    bar_w = min(max(1.0, slot * 0.8), MAX_BAR_WIDTH)
    bars = []
    for i, item in enumerate(bins):
        height = max(plot_h * item.count / peak, 1.0)  # an empty bin stays a visible, clickable sliver
        period = period_label(item, size)
        bars.append(Bar(
            x=round(PAD_LEFT + i * slot + (slot - bar_w) / 2, 1), y=round(PAD_TOP + plot_h - height, 1),
            width=round(bar_w, 1), height=round(height, 1), count=item.count, period=period,
            label=ngettext("%(period)s: %(count)s artikel", "%(period)s: %(count)s artikel", item.count)
            % {"period": period, "count": number_format(item.count)},
            narrow={"from": item.start.isoformat(), "to": item.end.isoformat(), "page": None},
            current=(params.date_from, params.date_to) == (item.start, item.end)))
    total = sum(item.count for item in bins)
    description = _("%(total)s artikel bertanggal dari %(start)s sampai %(end)s; terbanyak %(peak)s.") % {
        "total": number_format(total), "start": bars[0].period, "end": bars[-1].period, "peak": number_format(peak)}
    return Chart(width=WIDTH, height=HEIGHT, bars=bars, peak=peak, baseline=PAD_TOP + plot_h,
                 title=str(SIZE_TITLES[size]), description=description,
                 first_label=bars[0].period, last_label=bars[-1].period)

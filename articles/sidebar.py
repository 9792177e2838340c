"""What the search sidebar shows: facet values with display names, counts and the links that toggle them."""

import calendar
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.models import Entity, EntityType, Source
from articles.search.service import SearchParams

MAX_OPTIONS = 8
TYPE_ORDER = [code for code, _label in EntityType.choices]
# Grouped entity facets: one sidebar section per type, in this order.
ENTITY_GROUP_TITLES = {
    EntityType.PERSON: pgettext_lazy("entity group", "Orang"),
    EntityType.ORGANIZATION: pgettext_lazy("entity group", "Organisasi"),
    EntityType.LOCATION: pgettext_lazy("entity group", "Tempat"),
    EntityType.MISC: pgettext_lazy("entity group", "Lainnya"),
}

@dataclass(frozen=True)
class Option:
    """One facet value: what the reader sees and the query-string change that toggles it."""

    value: str
    label: str
    count: int
    selected: bool
    toggle: dict[str, str | None]
    type: str = ""


@dataclass
class FacetGroup:
    key: str
    title: str
    options: list[Option] = field(default_factory=list)
    type: str = ""


@dataclass(frozen=True)
class ActiveFilter:
    kind: str
    label: str
    remove: dict[str, str | None]


def clean_query(query: QueryDict) -> QueryDict:
    """The request's parameters as the search read them, without empty ones, so shared URLs stay short.

    Every search parameter takes one value and the forms read the last one given (`?source=a&source=b` searches
    `b`; `?source=a&source=` no source): links, feeds and saved searches keep exactly that value.
    """
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        if values[-1].strip():
            cleaned[key] = values[-1]
    return cleaned


def month_bounds(month: str) -> tuple[date, date] | None:
    """First and last day of a "YYYY-MM" facet value."""
    try:
        year, number = (int(part) for part in month.split("-"))
        last = calendar.monthrange(year, number)[1]
        return date(year, number, 1), date(year, number, last)
    except ValueError:
        return None


def month_label(month: str) -> str:
    bounds = month_bounds(month)
    return date_format(bounds[0], "F Y") if bounds else month


def _toggle(name: str, value: str, selected: bool) -> dict[str, str | None]:
    return {name: None if selected else value, "page": None}


def facet_groups(facets: Mapping[str, list[tuple[str, int]]], params: SearchParams) -> list[FacetGroup]:
    """Sidebar sections: sources, then entities by type, then months; names come from two queries."""
    source_values = [value for value, _count in facets.get("source", [])]
    entity_values = [value for value, _count in facets.get("entity", [])]
    if params.source and params.source not in source_values:
        source_values.append(params.source)
    if params.entity and params.entity not in entity_values:
        entity_values.append(params.entity)
    source_names = dict(Source.objects.filter(slug__in=source_values).values_list("slug", "name"))
    entities = {row["slug"]: row for row in
                Entity.objects.filter(slug__in=entity_values).values("slug", "name", "type")}

    groups: list[FacetGroup] = []

    sources = FacetGroup("source", str(pgettext_lazy("facet", "Sumber")))
    for value, count in _with_selected(facets.get("source", []), params.source):
        if value in source_names:
            selected = value == params.source
            sources.options.append(Option(value, source_names[value], count, selected,
                                          _toggle("source", value, selected)))
    groups.append(sources)

    by_type: dict[str, FacetGroup] = {
        code: FacetGroup("entity", str(title), type=code) for code, title in ENTITY_GROUP_TITLES.items()}
    for value, count in _with_selected(facets.get("entity", []), params.entity):
        row = entities.get(value)
        if row is None or row["type"] not in by_type:
            continue
        group = by_type[row["type"]]
        selected = value == params.entity
        if len(group.options) < MAX_OPTIONS or selected:
            group.options.append(Option(value, row["name"], count, selected, _toggle("entity", value, selected),
                                        type=row["type"]))
    groups.extend(by_type.values())

    months = FacetGroup("month", str(_("Bulan")))
    for value, count in sorted(facets.get("month", []), reverse=True)[:12]:
        bounds = month_bounds(value)
        if bounds is None:
            continue
        selected = (params.date_from, params.date_to) == bounds
        toggle: dict[str, str | None] = (
            {"from": None, "to": None, "page": None} if selected
            else {"from": bounds[0].isoformat(), "to": bounds[1].isoformat(), "page": None})
        months.options.append(Option(value, month_label(value), count, selected, toggle))
    groups.append(months)

    return [group for group in groups if group.options]


def _with_selected(values: list[tuple[str, int]], selected: str) -> list[tuple[str, int]]:
    """The first MAX_OPTIONS values, plus the selected one even when it has no hits."""
    top = values[:MAX_OPTIONS * 3]
    if selected and all(value != selected for value, _count in top):
        top = [(selected, next((n for value, n in values if value == selected), 0)), *top]
    return top


def active_filters(params: SearchParams, groups: Iterable[FacetGroup]) -> list[ActiveFilter]:
    """The filters in force, each with the query-string change that removes it."""
    names = {(group.key, option.value): option.label for group in groups for option in group.options}
    active: list[ActiveFilter] = []
    if params.source:
        label = names.get(("source", params.source), params.source)
        active.append(ActiveFilter(str(pgettext_lazy("filter", "Sumber")), label, {"source": None, "page": None}))
    if params.entity:
        active.append(ActiveFilter(str(_("Entitas")), names.get(("entity", params.entity), params.entity),
                                   {"entity": None, "page": None}))
    if params.type:
        active.append(ActiveFilter(str(_("Jenis")), str(EntityType(params.type).label),
                                   {"type": None, "page": None}))
    if params.date_from or params.date_to:
        active.append(ActiveFilter(str(_("Tanggal")), date_range_label(params.date_from, params.date_to),
                                   {"from": None, "to": None, "page": None}))
    return active


def date_range_label(start: date | None, end: date | None) -> str:
    if start and end:
        bounds = month_bounds(f"{start:%Y-%m}")
        if bounds == (start, end):
            return date_format(start, "F Y")
        return f"{date_format(start, 'j M Y')} – {date_format(end, 'j M Y')}"
    if start:
        return str(_("sejak %(date)s") % {"date": date_format(start, "j M Y")})
    return str(_("sampai %(date)s") % {"date": date_format(end, "j M Y")}) if end else ""


def group_by_type[T](
    items: Iterable[T], type_of: Callable[[T], str] = lambda item: item.type,
) -> list[tuple[str, str, list[T]]]:
    """(type code, section title, items) for each entity type present, in a fixed order."""
    grouped: dict[str, list[T]] = {code: [] for code in TYPE_ORDER}
    for item in items:
        grouped.setdefault(type_of(item), []).append(item)
    return [(code, str(ENTITY_GROUP_TITLES.get(code, code)), members) for code, members in grouped.items() if members]


def page_window(current: int, total: int, radius: int = 2) -> list[int | None]:
    """Page numbers to link around `current`, with None where a gap is shown: 1 … 4 5 [6] 7 8 … 20."""
    shown = sorted({1, total, *range(max(1, current - radius), min(total, current + radius) + 1)})
    window: list[int | None] = []
    for number in shown:
        if window and number - (window[-1] or 0) > 1:
            window.append(None)
        window.append(number)
    return window

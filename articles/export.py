"""Every match of a search as CSV or JSON Lines, read in batches and streamed (see README, "Export").

The matches come from the search service page by page, so an export holds exactly what the search page and the
API find, in the same order, with the same filters and grouping; only the rows of one batch are in memory.
"""

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from articles import selectors
from articles.models import Article, Entity
from articles.search import service
from articles.search.service import SearchPage, SearchParams, search

COLUMNS = ("id", "title", "url", "original_url", "source", "published", "author", "entities")
# A cell starting with one of these is a formula to a spreadsheet: an article title must never run as one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Export:
    """What an export answers before its first row: the total and how many rows it will hold."""

    count: int
    rows: int
    first: SearchPage

    @property
    def truncated(self) -> bool:
        return self.rows < self.count


def export_start(params: SearchParams, *, max_rows: int) -> Export:
    """Run the first batch now, so a bad index fails the request before any byte is sent."""
    first = search(replace(params, page=1))
    return Export(count=first.count, rows=min(first.count, max_rows), first=first)


def export_articles(params: SearchParams, export: Export) -> Iterator[tuple[Article, list[Entity]]]:
    """(article, its visible entities, most mentioned first) for up to `export.rows` matches, in search order.

    An article the index moves between two batches (it changed meanwhile) is given once.
    """
    seen: set[int] = set()
    page, number = export.first, 1
    while True:
        articles = [hit.article for hit in page.hits if hit.article.pk not in seen]
        articles = articles[:export.rows - len(seen)]
        entities = selectors.hit_entities([article.pk for article in articles], limit=None)
        for article in articles:
            seen.add(article.pk)
            yield article, entities.get(article.pk, [])
        if len(seen) >= export.rows or number * service.PAGE_SIZE >= page.count:
            return
        number += 1
        page = search(replace(params, page=number))


def article_row(article: Article, entities: list[Entity], absolute: Callable[[str], str]) -> dict:
    """One exported article; `absolute` turns a path into a URL on this portal."""
    published = article.published_local()
    return {
        "id": article.pk,
        "title": article.title,
        "url": absolute(article.get_absolute_url()),
        "original_url": article.url,
        "source": article.source.slug,
        "published": published.isoformat() if published else None,
        "author": article.author,
        "entities": [{"name": entity.name, "type": entity.type, "slug": entity.slug} for entity in entities],
    }


class _Line:
    """The csv module writes to a file; this "file" hands each written line back instead."""

    def write(self, value: str) -> str:
        return value


def _spreadsheet_safe(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(rows: Iterator[dict]) -> Iterator[str]:
    """UTF-8 CSV with a byte order mark (spreadsheets read it as UTF-8 then), RFC 4180 quoting and CRLF."""
    writer = csv.writer(_Line())
    yield "\ufeff" + writer.writerow(COLUMNS)
    for row in rows:
        entities = "; ".join(f"{entity['name']} ({entity['type']})" for entity in row["entities"])
        yield writer.writerow([_spreadsheet_safe(value) for value in
                               (*(row[name] or "" for name in COLUMNS[:-1]), entities)])


def jsonl_lines(rows: Iterator[dict]) -> Iterator[str]:
    """One JSON object a line, entities as objects (`name`, `type`, `slug`)."""
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Format:
    content_type: str
    extension: str
    lines: Callable[[Iterator[dict]], Iterator[str]]


FORMATS = {
    "csv": Format("text/csv; charset=utf-8", "csv", csv_lines),
    "jsonl": Format("application/x-ndjson; charset=utf-8", "jsonl", jsonl_lines),
}

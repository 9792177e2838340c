"""Every match of a search as CSV or JSON Lines, streamed (see README, "Export").

The ids of the matches come from the search backend in one pass (`service.match_ids`: the same matches, order,
filters and grouping as the search page and the API); articles and their entities are then read CHUNK_ROWS at a
time while the response streams, so only one chunk is in memory.
"""

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from articles import selectors
from articles.models import Article, Entity
from articles.search.service import SearchParams, match_ids

COLUMNS = ("id", "title", "url", "original_url", "source", "published", "author", "entities")
# A cell starting with one of these is a formula to a spreadsheet: an article title must never run as one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 500
# What a row reads of an article (bodies stay in the database).
ROW_FIELDS = ("title", "slug", "url", "published", "published_offset", "author", "source__slug")


@dataclass(frozen=True)
class Export:
    """What an export answers before its first row: the total, and the ids of the rows it holds in order."""

    count: int
    ids: list[int]

    @property
    def rows(self) -> int:
        return len(self.ids)

    @property
    def truncated(self) -> bool:
        return self.rows < self.count


def export_start(params: SearchParams, *, max_rows: int) -> Export:
    """Find the matches now, so a bad index fails the request before any byte is sent."""
    count, ids = match_ids(params, max_rows)
    return Export(count=count, ids=ids)


def export_articles(export: Export) -> Iterator[tuple[Article, list[Entity]]]:
    """(article, its visible entities, most mentioned first) of each id of `export`, in order, CHUNK_ROWS articles
    and one entity query per chunk; an article deleted since the search is left out."""
    for first in range(0, len(export.ids), CHUNK_ROWS):
        chunk = export.ids[first:first + CHUNK_ROWS]
        articles = (Article.objects.select_related("source")
                    .only(*ROW_FIELDS).in_bulk(chunk))
        entities = selectors.hit_entities(chunk, limit=None)
        for pk in chunk:
            if pk in articles:
                yield articles[pk], entities.get(pk, [])


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

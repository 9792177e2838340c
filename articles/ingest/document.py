"""Plain data passed between the ingest stages: read -> clean -> describe -> prepare."""

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RawDocument:
    """One article as read, before any cleaning.

    `origin` names where it came from (a path, a URL or "path:line N") for error reports; `meta` holds hints
    from structured input (title, author, published, source, summary, reference_date, url) and, for HTML, the
    page's visible `date_line` and the extractor's date-only `published_guess` (see dates.published_date);
    `paywalled` says the page shows only a teaser behind a subscription prompt; `captions` are the page's own
    photo captions (HTML), kept apart from its text.
    """

    origin: str
    format: str
    text: str
    html: str = ""
    url: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    paywalled: bool = False
    captions: tuple[str, ...] = ()


@dataclass(frozen=True)
class RemovedLine:
    """A line (or part of one) that cleaning removed, and the name of the rule that removed it."""

    line: str
    rule: str


@dataclass(frozen=True)
class Cleaned:
    """Article text without site furniture; paragraphs are separated by one blank line."""

    text: str
    removed: list[RemovedLine] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Description:
    """What the article says about itself; empty strings (and None for the date) when it does not say."""

    title: str
    published: datetime | None = None
    # "minute" when the time of day was given, "date" when only the day was (see dates.Dated); "" without a date.
    published_precision: str = ""
    author: str = ""
    dateline: str = ""
    source_name: str = ""
    source_domain: str = ""
    agency: str = ""


class ReadError(Exception):
    """An input that could not be read; yielded, not raised, so that a batch goes on."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(origin, reason)
        self.origin = origin
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"

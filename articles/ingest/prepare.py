"""The single entry point of the ingest stages: one RawDocument in, one Prepared article out."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from .clean import MOSTLY_REMOVED_SHARE, clean, removed_share
from .describe import describe
from .document import RawDocument, RemovedLine
from .html import extract_html
from .outlets import SHIPPED_OUTLETS, OutletDirectory

TOO_MANY_WORDS = "too long to analyse (more than {max_words:,} words; INGEST_MAX_WORDS)"


@dataclass(frozen=True)
class Prepared:
    """A cleaned, described article, ready to be stored."""

    title: str
    body: str
    published: datetime | None
    published_precision: str
    author: str
    dateline: str
    source_name: str
    source_domain: str
    agency: str
    url: str
    paywalled: bool = False
    removed: list[RemovedLine] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    mostly_removed: bool = False


def prepare(raw: RawDocument, rules: Sequence[str] = (), outlets: OutletDirectory = SHIPPED_OUTLETS,
            max_words: int = 0) -> Prepared:
    """Extract (HTML), clean with the generic and per-source `rules`, then describe with the known `outlets`.

    Deterministic for the same inputs. Raises ValueError (TOO_MANY_WORDS) for a text of more than `max_words`
    whitespace-separated words (0: any length).
    """
    if raw.format == "html":
        raw = extract_html(raw)
    if max_words and len(raw.text.split(maxsplit=max_words)) > max_words:
        raise ValueError(TOO_MANY_WORDS.format(max_words=max_words))
    cleaned = clean(raw.text, rules)
    described = describe(raw, cleaned, outlets)
    return Prepared(
        title=described.title,
        body=cleaned.text,
        published=described.published,
        published_precision=described.published_precision,
        author=described.author,
        dateline=described.dateline,
        source_name=described.source_name,
        source_domain=described.source_domain,
        agency=described.agency,
        url=raw.url or raw.meta.get("url", ""),
        paywalled=raw.paywalled,
        removed=cleaned.removed,
        captions=list(dict.fromkeys([*raw.captions, *cleaned.captions])),
        mostly_removed=removed_share(cleaned) > MOSTLY_REMOVED_SHARE,
    )

"""The CPU half of ingest: everything stored about one document, worked out without touching the database.

`Analyser` runs it over a chunk of documents in forked worker processes (which share the parent's entity
registry and models, loaded once before the fork) or, for small chunks and `processes=1`, in this process.
Workers keep the registry they were forked with, so curation made during a run applies from the next run on.
"""

import logging
import multiprocessing
from dataclasses import dataclass, field

import numpy as np

from articles.entities.link import LinkedMention
from articles.entities.mentions import find_mentions
from articles.entities.registry import Registry
from articles.forking import fork_is_safe
from articles.ingest.document import RawDocument
from articles.ingest.near_duplicates import signature
from articles.ingest.outlets import SHIPPED_OUTLETS, OutletDirectory
from articles.ingest.prepare import Prepared, prepare
from articles.ingest.sources import source_slug_for

log = logging.getLogger("telusur.ingest")

NO_TEXT = "no article text found"
INTERNAL_ERROR = "internal error ({kind}: {error})"
# Below this many documents a chunk is analysed in-process: starting workers would cost more than it saves.
POOL_MIN_DOCUMENTS = 24


@dataclass
class Analysed:
    """A document's cleaned article, linked mentions and MinHash signature, or why it cannot be stored."""

    raw: RawDocument
    digest: str
    prepared: Prepared | None = None
    mentions: list[LinkedMention] = field(default_factory=list)
    signature: np.ndarray | None = None
    error: str = ""


@dataclass(frozen=True)
class Rules:
    """Cleaning rules by source slug (sources that have any), the source forced on every document, and the
    outlets known by name (the shipped list and editors' sources)."""

    by_source: dict[str, tuple[str, ...]]
    source_slug: str | None = None
    outlets: OutletDirectory = SHIPPED_OUTLETS


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def prepared_for(raw: RawDocument, rules: Rules) -> Prepared:
    """`prepare` with the rules of the document's source: the forced one, else the outlet it names."""
    if rules.source_slug:
        return prepare(raw, rules=rules.by_source.get(rules.source_slug, ()), outlets=rules.outlets)
    prepared = prepare(raw, outlets=rules.outlets)
    own = rules.by_source.get(source_slug_for(prepared.source_name))
    return prepare(raw, rules=own, outlets=rules.outlets) if own else prepared


def analyse(raw: RawDocument, digest: str, rules: Rules, registry: Registry) -> Analysed:
    """Clean, describe, recognise and sign one document; a failure comes back as `error`, never raised."""
    try:
        prepared = prepared_for(raw, rules)
        if not prepared.body.strip():
            raise ValueError(NO_TEXT)
        return Analysed(raw, digest, prepared, find_mentions(prepared.body, registry), signature(prepared.body))
    except ValueError as exc:
        return Analysed(raw, digest, error=first_line(exc))
    except Exception as exc:  # a bug met on one odd document must not stop the batch
        log.exception("analysing %s failed", raw.origin)
        return Analysed(raw, digest, error=INTERNAL_ERROR.format(kind=type(exc).__name__, error=first_line(exc)))


_worker_registry: Registry | None = None  # set before the fork; each worker inherits it


def _analyse_in_worker(item: tuple[RawDocument, str, Rules]) -> Analysed:
    return analyse(*item, _worker_registry)


class _Ready:
    def __init__(self, value: list[Analysed]):
        self.value = value

    def get(self) -> list[Analysed]:
        return self.value


class Analyser:
    """Analyses chunks of documents; `submit` returns at once when workers do the work (`.get()` waits)."""

    def __init__(self, processes: int, registry: Registry):
        self.processes = processes
        self.registry = registry
        self._pool = None

    def submit(self, items: list[tuple[RawDocument, str]], rules: Rules):
        if self._pool is None and (self.processes <= 1 or len(items) < POOL_MIN_DOCUMENTS or not fork_is_safe()):
            return _Ready([analyse(raw, digest, rules, self.registry) for raw, digest in items])
        if self._pool is None:
            global _worker_registry
            _worker_registry = self.registry
            self._pool = multiprocessing.get_context("fork").Pool(self.processes)
        chunksize = max(1, len(items) // (4 * self.processes))
        return self._pool.map_async(_analyse_in_worker, [(raw, digest, rules) for raw, digest in items], chunksize)

    def __enter__(self) -> "Analyser":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if self._pool is not None:
            if kind is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()

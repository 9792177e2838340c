"""The CPU half of ingest: everything stored about one document, worked out without touching the database.

`Analyser` runs it over a chunk of documents in forked worker processes (which share the parent's entity
registry and models, loaded once before the fork) or, for small chunks and `processes=1`, in this process.
Workers keep the registry they were forked with, so curation made during a run applies from the next run on.

Each document is bounded (`Limits`): in words, checked before cleaning, and in time. A worker that overruns is
killed and replaced by the pool (pebble), which stops any code, even a C extension that never returns; in this
process a SIGALRM timer does it (`articles.ingest.deadline`). Either way the document fails alone with
TOOK_TOO_LONG and nothing of it is stored: analysis writes nothing, the pipeline stores what comes back.
"""

import logging
import multiprocessing
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from pebble import ProcessExpired, ProcessPool

from articles.entities.link import LinkedMention
from articles.entities.mentions import find_mentions
from articles.entities.registry import Registry
from articles.forking import fork_is_safe
from articles.ingest.deadline import TOOK_TOO_LONG, DocumentTimeout, time_limit
from articles.ingest.document import RawDocument
from articles.ingest.near_duplicates import signature
from articles.ingest.outlets import SHIPPED_OUTLETS, OutletDirectory
from articles.ingest.prepare import Prepared, prepare
from articles.ingest.sources import source_slug_for

log = logging.getLogger("telusur.ingest")

NO_TEXT = "no article text found"
INTERNAL_ERROR = "internal error ({kind}: {error})"
WORKER_DIED = "the process analysing it died (exit code {code})"
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


@dataclass(frozen=True)
class Limits:
    """Bounds on one document: `seconds` of analysis (wall clock) and `max_words` of text to clean (whitespace
    separated, after HTML extraction); 0 means no bound."""

    seconds: float = 0
    max_words: int = 0


def document_limits() -> Limits:
    """The bounds the settings give (INGEST_DOCUMENT_SECONDS, INGEST_MAX_WORDS)."""
    return Limits(seconds=settings.INGEST_DOCUMENT_SECONDS, max_words=settings.INGEST_MAX_WORDS)


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def prepared_for(raw: RawDocument, rules: Rules, max_words: int = 0) -> Prepared:
    """`prepare` with the rules of the document's source: the forced one, else the outlet it names."""
    if rules.source_slug:
        return prepare(raw, rules=rules.by_source.get(rules.source_slug, ()), outlets=rules.outlets,
                       max_words=max_words)
    prepared = prepare(raw, outlets=rules.outlets, max_words=max_words)
    own = rules.by_source.get(source_slug_for(prepared.source_name))
    # The first call has checked the length already.
    return prepare(raw, rules=own, outlets=rules.outlets) if own else prepared


def analyse(raw: RawDocument, digest: str, rules: Rules, registry: Registry, limits: Limits = Limits()) -> Analysed:
    """Clean, describe, recognise and sign one document within `limits`; a failure (TOOK_TOO_LONG among them)
    comes back as `error`, never raised."""
    try:
        with time_limit(limits.seconds, raw.origin):
            prepared = prepared_for(raw, rules, limits.max_words)
            if not prepared.body.strip():
                raise ValueError(NO_TEXT)
            mentions = find_mentions(prepared.body, registry)
            return Analysed(raw, digest, prepared, mentions, signature(prepared.body))
    except DocumentTimeout:
        return _took_too_long(raw, digest, limits)
    except ValueError as exc:
        return Analysed(raw, digest, error=first_line(exc))
    except Exception as exc:  # a bug met on one odd document must not stop the batch
        log.exception("analysing %s failed", raw.origin)
        return _internal_error(raw, digest, exc)


def _took_too_long(raw: RawDocument, digest: str, limits: Limits) -> Analysed:
    return Analysed(raw, digest, error=TOOK_TOO_LONG.format(seconds=limits.seconds))


def _internal_error(raw: RawDocument, digest: str, exc: Exception) -> Analysed:
    return Analysed(raw, digest, error=INTERNAL_ERROR.format(kind=type(exc).__name__, error=first_line(exc)))


_worker_registry: Registry | None = None  # set before the fork; each worker inherits it


def _analyse_in_worker(raw: RawDocument, digest: str, rules: Rules, max_words: int) -> Analysed:
    # The pool times the worker out; no timer of its own.
    return analyse(raw, digest, rules, _worker_registry, Limits(max_words=max_words))


class _Ready:
    def __init__(self, value: list[Analysed]):
        self.value = value

    def get(self) -> list[Analysed]:
        return self.value


class _Pending:
    """The workers' results for a chunk, in order; a document whose worker overran or died fails alone."""

    def __init__(self, items: list[tuple[RawDocument, str]], futures: list[Future], limits: Limits):
        self.items, self.futures, self.limits = items, futures, limits

    def get(self) -> list[Analysed]:
        results = []
        for (raw, digest), future in zip(self.items, self.futures, strict=True):
            try:
                results.append(future.result())
            except TimeoutError:
                results.append(_took_too_long(raw, digest, self.limits))
            except ProcessExpired as exc:  # killed from outside, or a crash in C code
                results.append(Analysed(raw, digest, error=WORKER_DIED.format(code=exc.exitcode)))
            except Exception as exc:  # e.g. a result that cannot be sent back
                log.error("analysing %s in a worker failed: %s", raw.origin, exc)
                results.append(_internal_error(raw, digest, exc))
        return results


class Analyser:
    """Analyses chunks of documents within `limits`; `submit` returns at once when workers do the work
    (`.get()` waits)."""

    def __init__(self, processes: int, registry: Registry, limits: Limits = Limits()):
        self.processes = processes
        self.registry = registry
        self.limits = limits
        self._pool: ProcessPool | None = None

    def submit(self, items: list[tuple[RawDocument, str]], rules: Rules) -> _Ready | _Pending:
        if self._pool is None and (self.processes <= 1 or len(items) < POOL_MIN_DOCUMENTS or not fork_is_safe()):
            return _Ready([analyse(raw, digest, rules, self.registry, self.limits) for raw, digest in items])
        if self._pool is None:
            global _worker_registry
            _worker_registry = self.registry
            self._pool = ProcessPool(max_workers=self.processes, context=multiprocessing.get_context("fork"))
        timeout = self.limits.seconds or None
        futures = [self._pool.schedule(_analyse_in_worker, args=(raw, digest, rules, self.limits.max_words),
                                       timeout=timeout) for raw, digest in items]
        return _Pending(items, futures, self.limits)

    def __enter__(self) -> "Analyser":
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if self._pool is not None:
            if kind is None:
                self._pool.close()
            else:
                self._pool.stop()
            self._pool.join()

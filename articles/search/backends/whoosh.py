"""Search on haystack's Whoosh index (SEARCH_BACKEND=whoosh, the default).

haystack's Whoosh backend, adjusted for Telusur (`TelusurWhooshEngine`, named in HAYSTACK_CONNECTIONS):
- Text fields use the analyzer their SearchField declares; facet fields are stored verbatim (keyword
  tokens, no stemming), so `source` facets come back as `okezone`, not as stemmed word pieces.
- Text fields are stored only when their SearchField says so, and keep no spelling graph ("did you mean" reads
  the term list).
- Segments are written non-compound: queries were several times faster (figures in bench/README.md).
- Writers wait for the index lock instead of failing, so concurrent updates from one process queue up.

Searches read through one searcher per thread, reopened only when the index changed. A search reads each term's
postings a block at a time into arrays over the documents (matches, and BM25F scores computed as Whoosh's scorer
computes them), instead of stepping Whoosh's matchers one document at a time: the total and the facets count the
matches, the page is the best scores. Whoosh's own top-N pruning (block quality) is not used: it dropped matches
that belong in the top ten. Facets are counted from per-segment maps built once per segment (Whoosh's own field
facets rebuild a document -> terms map over the whole field on every search). Figures: bench/README.md.
"""

import math
import threading
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, repeat
from pickle import loads

import numpy as np
from django.conf import settings
from django.utils import timezone
from haystack import connections
from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.constants import ID
from haystack.exceptions import SkipDocument
from haystack.utils import get_identifier
from whoosh import fields as whoosh_fields
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.formats import Positions
from whoosh.index import EmptyIndexError
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25FScorer
from whoosh.searching import Searcher
from whoosh.system import _INT_SIZE

from articles.forking import writer_processes
from articles.memo import PerObject, PerProcess, changed
from articles.models import Article
from articles.search.analysis import TOKEN_RE, normalize
from articles.search.backends.base import (
    FACET_FIELDS,
    UNCAPPED_FACETS,
    Facets,
    Found,
    Request,
    SearchUnavailable,
)
from articles.search.corrections import Lexicon, closest
from articles.search.documents import KEYWORD_FIELD_TYPE
from articles.search.querying import FILTER_NAMES, ParsedQuery, parse_user_query, relaxed
from articles.search.spellings import standard_spelling
from articles.search.stories import Story, stand_ins
from articles.search.synonyms import SynonymMap
from articles.search.top_values import top_counts, top_indices
from articles.search.vocabulary import current_vocabulary
from articles.search.whoosh_codec import PackedCodec, PackedLeafMatcher, PackedValues, read_postings

WRITER_LOCK_TIMEOUT = 30.0
MAX_KEPT_FILTERS = 64
# "Did you mean" corrects words of 3 to SUGGEST_MAX_CHARS characters (a longer one is a code or pasted junk, and the
# index holds such tokens too); a correction is an indexed word within 2 edits, so it is bounded as well.
SUGGEST_MAX_CHARS = 30
# Filter names as the index calls its fields: `type:person` filters on `entity_type`.
FILTER_FIELDS = {"source": "source", "entity": "entity", "type": "entity_type"}


class TelusurWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field_class in fields.values():
            name = field_class.index_fieldname
            if field_class.field_type == KEYWORD_FIELD_TYPE or name.endswith("_exact"):
                schema.remove(name)
                schema.add(name, whoosh_fields.KEYWORD(stored=True, commas=True, lowercase=False, sortable=True))
            elif isinstance(schema[name], whoosh_fields.TEXT):
                # haystack stores every text field whatever the SearchField says; honour `stored=False`.
                schema[name].stored = field_class.stored
                schema[name].spelling = False
        return content_field_name, schema

    def writer(self, **options):
        """A writer that waits for the index lock and writes non-compound segments of packed postings."""
        return self.index.writer(timeout=WRITER_LOCK_TIMEOUT, compound=False, codec=PackedCodec(), **options)

    def update(self, index, iterable, commit=True):
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        docs = []
        for obj in iterable:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                continue
            doc.pop("boost", None)
            docs.append({key: self._from_python(value) for key, value in doc.items()})
        if not docs:
            return
        current_vocabulary()  # the names to protect, loaded here: forked writers inherit them
        procs = writer_processes(len(docs))
        options = {"multisegment": True} if procs > 1 else {}
        writer = self.writer(limitmb=128, procs=procs, **options)
        try:
            _write_all(writer, docs)
        finally:
            _close_queues(writer)
        changed()

    def remove(self, obj_or_string, commit=True):
        self.remove_all([obj_or_string])

    def remove_all(self, objs_or_strings: Iterable) -> None:
        """Delete the documents of `objs_or_strings` (models or haystack identifiers) in one commit through
        `writer`: haystack's `remove` commits each through Whoosh's default writer, whose merges of small segments
        would write them with Whoosh's codec, not Telusur's."""
        identifiers = [get_identifier(item) for item in objs_or_strings]
        if not identifiers:
            return
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        writer = self.writer()
        try:
            for identifier in identifiers:
                writer.delete_by_term(ID, identifier)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        changed()

    def clear(self, models=None, commit=True):
        super().clear(models=models, commit=commit)
        changed()


def _write_all(writer, docs: list[dict]) -> None:
    try:
        for doc in docs:
            writer.update_document(**doc)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def _close_queues(writer) -> None:
    """Stop the feeder threads of a multiprocess writer's queues once every document is handed over. Whoosh's
    MpWriter leaves them running until its queues are collected, and a process with a second thread does not fork
    (`forking.fork_is_safe`): a write that came before that ran in one process."""
    for queue in (getattr(writer, "jobqueue", None), getattr(writer, "resultqueue", None)):
        if queue is not None:
            queue.close()
            queue.join_thread()


class TelusurWhooshEngine(WhooshEngine):
    backend = TelusurWhooshBackend


def _backend() -> TelusurWhooshBackend:
    return connections["default"].get_backend()


# --- the searcher of this thread ----------------------------------------------------------------------------------

_local = threading.local()


def _ensure_usable(searcher: Searcher) -> None:
    """Raise SearchUnavailable when the searcher sees no document although the database holds articles."""
    if searcher.doc_count() == 0 and Article.objects.exists():
        raise SearchUnavailable("the search index is empty while articles exist")


def _searcher() -> Searcher:
    """This thread's searcher, reopened only when the index changed (opening one reads every segment).

    SearchUnavailable when the index is deleted, unreadable or empty while articles exist.
    """
    backend = _backend()
    previous = current = getattr(_local, "searcher", None)
    try:
        if not backend.setup_complete:
            backend.setup()
        if current is None or current._ix is not backend.index or not current.up_to_date():
            # A new searcher, not refresh(): refresh() reuses segment readers with their old deletion lists,
            # so a re-indexed article would be found twice (and it cannot start from an empty index).
            if current is not None:
                current.close()
            current = backend.index.searcher()
        _local.searcher = current
        if current is not previous:  # maps of segments merged away would otherwise stay in memory
            _forget_segments(reader.segment().segment_id()
                             for reader, _ in current.reader().leaf_readers() if reader.segment())
    except (EmptyIndexError, OSError) as exc:
        backend.setup_complete = False  # open (or create) it afresh next time
        _local.searcher = None
        raise SearchUnavailable(str(exc)) from exc
    _ensure_usable(current)
    return current


# --- facet maps, one per segment and field ------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyColumn:
    """The keys of one field in one segment, as (document, key) pairs in document order: what facet counts are
    added up from."""

    keys: np.ndarray  # object: the field's terms (str), in the segment's lexicon order, which is str order
    docs: np.ndarray  # int64: the segment's document number of each pair (deleted documents too), ascending
    key_ids: np.ndarray  # int64: index into `keys` of each pair
    per_doc: np.ndarray  # int64: how many pairs each document of the segment has


# Facet maps, field lengths, dates and lexicons per (segment id, what): segments never change once written, so
# they hold until a merge removes their segment.
MAX_SEGMENT_MAPS = 1024
_segment_maps: PerProcess[KeyColumn | np.ndarray | dict[str, int]] = PerProcess(maxsize=MAX_SEGMENT_MAPS,
                                                                                seconds=math.inf)
_NO_DOCS = np.zeros(0, dtype=np.int64)
_NO_WEIGHTS = np.zeros(0)
_NO_VALUES = PackedValues.of([])


def _per_segment[T](reader, what: str, read: Callable[[], T], empty: T) -> T:
    """`read()` for one segment reader, read once per segment (`empty` for an empty index's reader, which has no
    segment)."""
    segment = reader.segment()
    if segment is None:
        return empty
    return _segment_maps.get((segment.segment_id(), what), read)


def _read_segment_map(reader, fieldname: str) -> KeyColumn:
    """The (document, key) pairs of `fieldname` in segment `reader`, from its term list and postings."""
    keys, docs = [], []
    if fieldname in reader.indexed_field_names():
        for term in reader.lexicon(fieldname):
            keys.append(term.decode("utf-8"))
            docs.append(_postings(reader, fieldname, term).ids)
    all_docs = np.concatenate(docs) if docs else _NO_DOCS
    key_ids = np.repeat(np.arange(len(keys), dtype=np.int64), [len(found) for found in docs])
    order = np.argsort(all_docs, kind="stable")
    return KeyColumn(np.array(keys, dtype=object), all_docs[order], key_ids[order],
                     np.bincount(all_docs, minlength=reader.doc_count_all()))


def _segment_map(reader, fieldname: str) -> KeyColumn:
    """Keys of `fieldname` in one segment reader, built once per segment."""
    return _per_segment(reader, fieldname, lambda: _read_segment_map(reader, fieldname),
                        KeyColumn(np.zeros(0, dtype=object), _NO_DOCS, _NO_DOCS, _NO_DOCS))


def _forget_segments(live_ids: Iterable[str]) -> None:
    """Drop what was read from segments that no longer exist (after a merge)."""
    live = set(live_ids)
    _segment_maps.discard(lambda key: key[0] not in live)


@dataclass(frozen=True)
class _FieldKeys:
    """The keys of one field over every segment of a searcher, and where each segment's keys are among them."""

    keys: np.ndarray  # object: every key (str) of the field, in str order, each once
    places: list[np.ndarray | None]  # per leaf reader: int64 index into `keys` of each of its keys (None: the same)


def _read_field_keys(searcher: Searcher, fieldname: str) -> _FieldKeys:
    columns = [_segment_map(reader, fieldname) for reader, _ in searcher.reader().leaf_readers()]
    if len(columns) == 1:
        return _FieldKeys(columns[0].keys, [None])
    keys = np.unique(np.concatenate([column.keys for column in columns]))
    return _FieldKeys(keys, [np.searchsorted(keys, column.keys) for column in columns])


# Per searcher and field, so a search over several segments adds up its counts in arrays (no dict of keys).
_field_keys: PerObject[Searcher, dict[str, _FieldKeys]] = PerObject(lambda searcher: {})


def _key_counts(searcher: Searcher, docs: np.ndarray, fieldname: str) -> tuple[np.ndarray, np.ndarray]:
    """(keys in str order, how many documents of `docs` carry each) of one field, over every segment."""
    kept = _field_keys.get(searcher)
    if fieldname not in kept:
        kept[fieldname] = _read_field_keys(searcher, fieldname)
    field_keys = kept[fieldname]
    counts = np.zeros(len(field_keys.keys), dtype=np.int64)
    for (reader, base), places in zip(searcher.reader().leaf_readers(), field_keys.places, strict=True):
        column = _segment_map(reader, fieldname)
        chosen = column.key_ids[np.repeat(docs[base:base + len(column.per_doc)], column.per_doc)]
        found = np.bincount(chosen, minlength=len(column.keys))
        if places is None:
            counts += found
        else:
            counts[places] += found  # a segment holds each key once: no index repeats
    return field_keys.keys, counts


def _facet_counts(searcher: Searcher, docs: np.ndarray, fieldnames: Sequence[str],
                  limit: int | None = None) -> tuple[Facets, dict[str, int]]:
    """(facets, how many distinct keys each has): for each field, (key, how many documents of `docs` carry it)
    for the keys they carry, the most frequent first, then by key, the first `limit` of them (every one for None,
    and in UNCAPPED_FACETS); the empty key left out. `docs` is a boolean array by document number."""
    facets, distinct = {}, {}
    for name in fieldnames:
        keys, counts = _key_counts(searcher, docs, name)
        if len(keys) and keys[0] == "":  # str order puts it first
            counts[0] = 0
        chosen = top_counts(counts, None if name in UNCAPPED_FACETS else limit)
        facets[name] = list(zip(keys[chosen].tolist(), counts[chosen].tolist(), strict=True))
        distinct[name] = int(np.count_nonzero(counts))
    return facets, distinct


# --- matching and scoring -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Postings:
    """A term's postings in one segment, deleted documents included."""

    ids: np.ndarray  # int64 document numbers, ascending
    weights: np.ndarray  # float64: how often the term occurs in each
    values: PackedValues | None  # encoded positions of each posting (read only when asked for)


def _postings(reader, fieldname: str, text: bytes, *, positions: bool = False) -> _Postings:
    """The postings of a term in segment `reader`, read a block at a time.

    Whoosh's matchers step through postings with several Python calls per document and per field, which was most
    of a search's time. Blocks Telusur's codec wrote are arrays already (`whoosh_codec.read_postings`). Blocks of
    Whoosh's own codec (segments of an index written before Telusur's codec) are unpickled once each
    (W3LeafMatcher's blocks, whoosh-reloaded 2.7.5), their document numbers (deltas from the previous one,
    restarting in each block) and weights (None for all 1.0, one number for all alike) turned into arrays.
    """
    if (fieldname, text) not in reader:
        return _Postings(_NO_DOCS, _NO_WEIGHTS, _NO_VALUES if positions else None)
    matcher = reader.postings(fieldname, text)
    if isinstance(matcher, FilterMatcher):  # the deletions: left to the searcher's live documents
        matcher = matcher.child
    if isinstance(matcher, PackedLeafMatcher):
        return _Postings(*read_postings(matcher, values=positions))
    if not isinstance(matcher, W3LeafMatcher) or matcher._byteids:  # short postings, kept in the term's info
        return _inline_postings(matcher, positions=positions)
    lengths, deltas, weights, values = [], [], [], []
    while matcher.is_active():
        matcher._read_data()
        block_ids, block_weights, _ = matcher._data
        lengths.append(matcher._blocklength)
        deltas.append(block_ids)
        if isinstance(block_weights, tuple):
            weights.append(block_weights)
        else:  # as Whoosh reads them: an array("f") of 1.0 or of the one weight
            weights.append(repeat(1.0 if block_weights is None else float(np.float32(block_weights)),
                                  matcher._blocklength))
        if positions:
            matcher._read_values()
            values.extend(matcher._values)
        matcher._next_block()
    if not lengths:  # the deletions' matcher skipped past every posting: all of them deleted
        return _Postings(_NO_DOCS, _NO_WEIGHTS, _NO_VALUES if positions else None)
    sizes = np.array(lengths, dtype=np.int64)
    total = int(sizes.sum())
    ids = np.cumsum(np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=total))
    bases = np.zeros(len(sizes), dtype=np.int64)  # each block's deltas start from 0
    bases[1:] = ids[np.cumsum(sizes)[:-1] - 1]
    ids -= np.repeat(bases, sizes)
    return _Postings(ids, np.fromiter(chain.from_iterable(weights), dtype=np.float64, count=total),
                     PackedValues.of(values) if positions else None)


def _inline_postings(matcher, *, positions: bool) -> _Postings:
    """Postings through Whoosh's matcher, one at a time: those kept inline in the term's info (a few documents)."""
    ids, weights, values = [], [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if positions:
            values.append(matcher.value())
        matcher.next()
    return _Postings(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64),
                     PackedValues.of(values) if positions else None)


def _read_lengths(reader, fieldname: str) -> np.ndarray:
    """float64 by document number of segment `reader`: the length Whoosh's scorer reads (rounded to one byte)."""
    return np.array([reader.doc_field_length(docnum, fieldname, 0) or 0 for docnum in range(reader.doc_count_all())],
                    dtype=np.float64)


def _field_lengths(reader, fieldname: str) -> np.ndarray:
    """Whoosh's (rounded) length of `fieldname` in each document of one segment reader, read once per segment."""
    return _per_segment(reader, f"{fieldname} lengths", lambda: _read_lengths(reader, fieldname), _NO_WEIGHTS)


def _read_live(searcher: Searcher) -> np.ndarray:
    """Boolean by document number of `searcher`: False for deleted documents (their postings stay until a merge)."""
    live = np.ones(searcher.doc_count_all(), dtype=bool)
    for reader, base in searcher.reader().leaf_readers():
        if reader.has_deletions():
            live[[base + docnum for docnum in reader.deleted_docs_set]] = False
    return live


# Document numbers belong to the searcher that found them: kept per searcher, dropped with it.
_live: PerObject[Searcher, np.ndarray] = PerObject(_read_live)
# What Whoosh's matcher for an excluded part (InverseMatcher) adds to the score of every document it lets through.
_NOT_SCORE = 1.0


def _word(searcher: Searcher, fieldname: str, text: bytes, *,
          positions: bool = False) -> tuple[np.ndarray, np.ndarray, PackedValues | None] | None:
    """(document numbers, BM25F scores, encoded positions or None) of one word in one field over every segment;
    None when Whoosh scores the field otherwise (no lengths: keywords). Deleted documents included.

    The scores are those of Whoosh's BM25F scorer: its own statistics, and bm25() of whoosh.scoring with the same
    operations in the same order. Its statistics (idf, average field length) come from the whole index, so one
    scorer serves every segment (Whoosh builds one per segment, a lookup of the term in each).
    """
    ids, scores, values = [], [], []
    scorer = None
    for subsearcher, base in searcher.leaf_searchers():
        reader = subsearcher.reader()
        found = _postings(reader, fieldname, text, positions=positions)
        if not len(found.ids):
            continue
        if scorer is None:
            scorer = searcher.weighting.scorer(subsearcher, fieldname, text)
            if not isinstance(scorer, BM25FScorer):
                return None
        tf, fl = found.weights, _field_lengths(reader, fieldname)[found.ids]
        ids.append(base + found.ids)
        scores.append(scorer.idf * ((tf * (scorer.K1 + 1)) / (
            tf + scorer.K1 * ((1 - scorer.B) + scorer.B * fl / scorer.avgfl))))
        values.append(found.values)
    values = PackedValues.concat(values) if positions else None
    if not ids:
        return _NO_DOCS, _NO_WEIGHTS, values
    return np.concatenate(ids), np.concatenate(scores), values


def _boosted(scores: np.ndarray, boost: float) -> np.ndarray:
    return scores * boost if boost != 1.0 else scores  # Whoosh's WrappingMatcher multiplies only then


def _term(searcher: Searcher, query: wq.Term) -> tuple[np.ndarray, np.ndarray]:
    """(matches, scores) of one word in one field."""
    live = _live.get(searcher)
    found, scores = np.zeros(len(live), dtype=bool), np.zeros(len(live))
    if query.fieldname not in searcher.schema:
        return found, scores
    word = _word(searcher, query.fieldname, searcher.schema[query.fieldname].to_bytes(query.text))
    if word is None:
        return _whoosh(searcher, query)
    ids, word_scores, _ = word
    found[ids] = True
    scores[ids] = _boosted(word_scores, query.boost)
    found &= live
    return found, np.where(found, scores, 0.0)


def _tree_sum(parts: Sequence[np.ndarray]) -> np.ndarray:
    """The sum of `parts` in the order of Whoosh's make_binary_tree (halves first), so floats round as there."""
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _tree_sum(parts[:half]) + _tree_sum(parts[half:])


# How formats.Positions.encode pickles a posting's deltas (after a 4-byte count): protocol 2, ending in STOP.
_PICKLE_START, _PICKLE_STOP = b"\x80\x02", b"."


def _pickled(values: PackedValues, chosen: np.ndarray) -> bool:
    """Whether every value at `chosen` is a count and a pickle of protocol 2, as formats.Positions.encode writes
    them."""
    starts, ends, data = values.starts[chosen], values.ends[chosen], values.bytes
    if not np.all(ends - starts > _INT_SIZE + len(_PICKLE_START)):
        return False
    return bool(np.all(data[ends - 1] == _PICKLE_STOP[0])) and all(
        np.all(data[starts + _INT_SIZE + n] == byte) for n, byte in enumerate(_PICKLE_START))


def _flattened(lists: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """(the length of each list, their items one list after the other) as int64."""
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    return counts, np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(counts.sum()))


def _positions(field, values: PackedValues, chosen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(how many positions each value at `chosen` holds, the positions one value after the other) of postings of a
    word in `field`, as the field's format decodes them.

    Whoosh's Positions format pickles each posting's deltas on its own, and unpickling them one by one was most of
    a phrase's time: their opcodes are unpickled together instead, as the items of one tuple (each pickle without
    its protocol mark and STOP, between MARK and TUPLE), then summed per value. Other formats, and values not
    pickled that way, go through the format's own decoder.
    """
    if type(field.format) is Positions and _pickled(values, chosen):
        body = values.take(chosen, head=_INT_SIZE + len(_PICKLE_START), tail=len(_PICKLE_STOP))
        # The index's own bytes, which Whoosh unpickles the same way (formats.Positions.decode_positions).
        deltas = loads(_PICKLE_START + b"(" + body.joined + b"t" + _PICKLE_STOP)  # noqa: S301
        if len(deltas) == len(chosen):
            counts, steps = _flattened(deltas)
            summed = np.cumsum(steps)
            before = np.concatenate([[0], summed])[np.cumsum(counts) - counts]  # what earlier values added up to
            return counts, summed - np.repeat(before, counts)
    return _flattened([field.format.decode_positions(values[i]) for i in chosen.tolist()])


def _consecutive(candidates: int, positions: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Boolean per candidate document: whether the words occur one right after the other somewhere in it
    (`positions[w]`: word w's (count per candidate, positions one candidate after the other), in phrase order).

    Each word's positions are shifted back by its place in the phrase (and up by the phrase's length, so none is
    negative) and keyed by candidate; a phrase starts where every word's keys meet.
    """
    starts = None
    for offset, (counts, places) in enumerate(positions):
        keys = (np.repeat(np.arange(candidates, dtype=np.int64), counts) << 32) + (places + len(positions) - offset)
        starts = keys if starts is None else np.intersect1d(starts, keys)
    found = np.zeros(candidates, dtype=bool)
    found[starts >> 32] = True
    return found


def _phrase(searcher: Searcher, query: wq.Phrase) -> tuple[np.ndarray, np.ndarray]:
    """(matches, scores) of words next to each other in one field, as Whoosh's Phrase (slop 1) finds and scores
    them: the documents holding every word at consecutive positions, scored by the sum of the words' scores."""
    if query.fieldname not in searcher.schema:
        return _whoosh(searcher, query)
    field = searcher.schema[query.fieldname]
    if query.slop != 1 or not field.format.supports("positions"):
        return _whoosh(searcher, query)
    live = _live.get(searcher)
    found, scores = np.zeros(len(live), dtype=bool), np.zeros(len(live))
    words = [_word(searcher, query.fieldname, field.to_bytes(text), positions=True) for text in query.words]
    if any(word is None for word in words):
        return _whoosh(searcher, query)
    candidates = words[0][0]
    for ids, _, _ in words[1:]:
        candidates = np.intersect1d(candidates, ids, assume_unique=True)
    candidates = candidates[live[candidates]]
    where = [np.searchsorted(ids, candidates) for ids, _, _ in words]
    keep = _consecutive(len(candidates), [_positions(field, values, at)
                                          for (_, _, values), at in zip(words, where, strict=True)])
    chosen = candidates[keep]
    found[chosen] = True
    scores[chosen] = _boosted(_tree_sum([word_scores[at[keep]] for (_, word_scores, _), at
                                         in zip(words, where, strict=True)]), query.boost)
    return found, scores


def _whoosh(searcher: Searcher, query: wq.Query) -> tuple[np.ndarray, np.ndarray]:
    """(matches, scores) of a query through Whoosh's own matcher, a document at a time: prefixes, and anything
    else `_evaluate` does not read itself."""
    live = _live.get(searcher)
    found, scores = np.zeros(len(live), dtype=bool), np.zeros(len(live))
    context = searcher.context()
    for subsearcher, base in searcher.leaf_searchers():
        matcher = query.matcher(subsearcher, context)
        while matcher.is_active():
            found[base + matcher.id()] = True
            scores[base + matcher.id()] = matcher.score()
            matcher.next()
    return found, scores


def _evaluate(searcher: Searcher, query: wq.Query) -> tuple[np.ndarray, np.ndarray]:
    """(matches, scores) of `query`: a boolean and a float array by document number, scores 0 where no match.

    Words (`_term`), phrases (`_phrase`) and the And, Or and Not joining them are added up as Whoosh's matchers
    add them: a match of each part, the sum of their scores, 1.0 for an excluded part. The sum runs in query
    order where Whoosh's runs in a tree ordered by posting-list sizes, so a score may differ in its last bit
    (documents with equal scores still tie). Anything else goes through Whoosh (`_whoosh`).
    """
    if isinstance(query, wq.Term):
        return _term(searcher, query)
    if isinstance(query, wq.Phrase):
        return _phrase(searcher, query)
    if isinstance(query, wq.Or | wq.And) and len(query.subqueries) > 1:
        live = _live.get(searcher)
        either = isinstance(query, wq.Or)
        found, scores = (np.zeros(len(live), dtype=bool) if either else live.copy()), np.zeros(len(live))
        for part in query.subqueries:
            if isinstance(part, wq.Not) and not either:
                found &= ~_evaluate(searcher, part.query)[0]
                scores += _NOT_SCORE
                continue
            matches, part_scores = _evaluate(searcher, part)
            found = (found | matches) if either else (found & matches)
            scores += part_scores
        return found, np.where(found, _boosted(scores, query.boost), 0.0)
    if isinstance(query, wq.Or | wq.And) and query.subqueries:
        return _evaluate(searcher, query.subqueries[0])
    if isinstance(query, wq.Not):
        found = _live.get(searcher) & ~_evaluate(searcher, query.query)[0]
        return found, np.where(found, _NOT_SCORE, 0.0)
    if isinstance(query, wq.Every) and query.fieldname is None:  # no words: every document, as its ListMatcher
        found = _live.get(searcher).copy()
        return found, np.where(found, query.boost or 1.0, 0.0)
    return _whoosh(searcher, query)


def _documents(searcher: Searcher, query: wq.Query) -> np.ndarray:
    """The documents matching `query` as a boolean array by document number, unscored (filters: outlets, dates)."""
    found = np.zeros(searcher.doc_count_all(), dtype=bool)
    found[np.fromiter(searcher.docs_for_query(query), dtype=np.int64)] = True
    return found


# --- searching ----------------------------------------------------------------------------------------------------

def _naive_utc(moment: datetime | None) -> datetime | None:
    """How the Whoosh index stores datetimes (haystack writes them naive, in UTC)."""
    return moment.astimezone(timezone.UTC).replace(tzinfo=None) if moment else None


def _filters(request: Request) -> tuple[wq.Query | None, wq.Query | None]:
    """(must-match filter, must-not-match mask) of a request."""
    clauses: list[wq.Query] = [wq.Or([wq.Term(FILTER_FIELDS[name], value) for value in values])
                               for name, values in request.wanted.items() if name in FILTER_FIELDS and values]
    start, end = request.published
    if start or end:
        clauses.append(wq.DateRange("published", _naive_utc(start), _naive_utc(end)))
    masked = [wq.Term(FILTER_FIELDS[name], value)
              for name, values in request.excluded.items() if name in FILTER_FIELDS for value in values]
    return (wq.And(clauses) if clauses else None), (wq.Or(masked) if masked else None)


def _read_dates(reader) -> np.ndarray:
    """int64 by document number of segment `reader`: the `published` column as Whoosh sorts it (microseconds since
    datetime.min), -1 for an undated document (Whoosh stores the column's default, its largest value)."""
    if not reader.has_column("published"):
        return np.full(reader.doc_count_all(), -1, dtype=np.int64)
    values = np.fromiter(reader.column_reader("published", translate=False), dtype=np.uint64,
                         count=reader.doc_count_all())
    undated = values == reader.schema["published"].column_type.default_value()
    return np.where(undated, -1, values.astype(np.int64))  # dates since year 1 fit in int64


def _segment_dates(reader) -> np.ndarray:
    return _per_segment(reader, "published dates", lambda: _read_dates(reader), _NO_DOCS)


_dates: PerObject[Searcher, np.ndarray] = PerObject(lambda searcher: np.concatenate(
    [_NO_DOCS, *(_segment_dates(reader) for reader, _ in searcher.reader().leaf_readers())]))


# Kept per searcher (document numbers belong to it), dropped with it.
_filter_sets: PerObject[Searcher, dict[str, np.ndarray]] = PerObject(lambda searcher: {})


def _filter_docs(searcher: Searcher, query: wq.Query) -> np.ndarray:
    """The documents of a filter (boolean array by document number), kept while `searcher` lives: readers filter
    by the same outlets and date ranges again and again."""
    kept, key = _filter_sets.get(searcher), repr(query)
    if key not in kept:
        if len(kept) >= MAX_KEPT_FILTERS:
            kept.clear()
        kept[key] = _filter_matches(searcher, query)
    return kept[key]


def _filter_matches(searcher: Searcher, query: wq.Query) -> np.ndarray:
    """The documents matching filter `query`, clause by clause: a range of `published` dates from the dates as an
    array (Whoosh expands it into the numeric terms it covers, which took 0.4-0.6 s at 100,000 articles the first
    time each range was asked for, bench/README.md), the rest through Whoosh."""
    if isinstance(query, wq.And):
        found = np.ones(searcher.doc_count_all(), dtype=bool)
        for clause in query.subqueries:
            found &= _filter_matches(searcher, clause)
        return found
    if isinstance(query, wq.DateRange) and query.fieldname == "published" and searcher.schema["published"].column_type:
        return _in_range(_dates.get(searcher), query)  # a segment without the column holds undated articles only
    return _documents(searcher, query)


def _in_range(dates: np.ndarray, query: wq.DateRange) -> np.ndarray:
    """Which of `dates` (`_read_dates`' values: the column's, -1 undated) `query` matches, as its NumericRange
    matches the same values indexed as terms (whoosh.fields.DATETIME: both are datetime_to_long of the date)."""
    found = dates >= 0
    if query.start is not None:
        found &= (dates > query.start) if query.startexcl else (dates >= query.start)
    if query.end is not None:
        found &= (dates < query.end) if query.endexcl else (dates <= query.end)
    return found


def _allowed(searcher: Searcher, request: Request) -> np.ndarray | None:
    """The documents a request's filters let through (boolean array by document number), None without filters."""
    only, mask = _filters(request)
    if only is None and mask is None:
        return None
    allowed = _live.get(searcher).copy()
    if only is not None:
        allowed &= _filter_docs(searcher, only)
    if mask is not None:
        allowed &= ~_filter_docs(searcher, mask)
    return allowed


@dataclass(frozen=True)
class _Copies:
    """The documents that have copies: their stories by document number, and those numbers as an array."""

    stories: dict[int, Story]
    docnums: np.ndarray  # int64


def _read_copies(searcher: Searcher) -> _Copies:
    stories = {}
    for reader, base in searcher.reader().leaf_readers():
        column = _segment_map(reader, "story")
        for docnum, key_id in zip(column.docs.tolist(), column.key_ids.tolist(), strict=True):
            cluster, _, place = column.keys[key_id].partition(":")
            stories[base + docnum] = (int(cluster), int(place))
    return _Copies(stories, np.fromiter(stories, dtype=np.int64, count=len(stories)))


_copies: PerObject[Searcher, _Copies] = PerObject(_read_copies)  # read once per searcher


def _shown(searcher: Searcher, query: wq.Query, allowed: np.ndarray | None,
           copies: _Copies | None) -> tuple[np.ndarray, np.ndarray]:
    """(the matches a reader sees, the scores of the query's matches).

    The matches are a boolean array by document number, what the total and the facets count: filters applied,
    and of the copies of one story only the one that stands for it among these matches.
    """
    matched, scores = _evaluate(searcher, query)
    shown = matched if allowed is None else matched & allowed
    if copies is not None and len(copies.docnums):
        found = copies.docnums[shown[copies.docnums]].tolist()
        hidden = set(found) - stand_ins(found, copies.stories)
        if hidden:
            shown = shown.copy() if shown is matched else shown
            shown[list(hidden)] = False
    return shown, scores


def _best(shown: np.ndarray, scores: np.ndarray, *, limit: int) -> list[tuple[int, float]]:
    """(document number, score) of the `limit` best of `shown`: Whoosh's order, by score, then document number."""
    docnums = np.flatnonzero(shown)
    first = np.lexsort((docnums, -scores[docnums]))[:limit]
    return list(zip(docnums[first].tolist(), scores[docnums[first]].tolist(), strict=True))


def _newest(searcher: Searcher, shown: np.ndarray, *, limit: int) -> list[tuple[int, float]]:
    """(document number, 0.0) of the `limit` newest of `shown`; undated articles go last, after every dated one.

    Whoosh's order (a reversed sort on the `published` column: equal dates by document number), the undated moved
    to the end; from the dates as an array, only the page's matches sorted.
    """
    docnums = np.flatnonzero(shown)
    chosen = docnums[top_indices(_dates.get(searcher)[docnums], limit)]
    return [(docnum, 0.0) for docnum in chosen.tolist()]


def parse(text: str, *, synonyms: SynonymMap, filter_names: Collection[str] = FILTER_NAMES) -> ParsedQuery:
    """The reader's text as a query on the index's own fields."""
    return parse_user_query(text, _searcher().schema, synonyms=synonyms, filter_names=filter_names)


def find(request: Request) -> Found:
    """Count, facets and one page of a search: the matches and their scores as arrays over the documents
    (`_evaluate`, a block of postings at a time), counted for the total and the facets, ranked for the page."""
    searcher = _searcher()
    query = wq.Every() if request.query is None else request.query
    allowed = _allowed(searcher, request)
    copies = None if request.every_copy else _copies.get(searcher)
    shown, scores = _shown(searcher, query, allowed, copies)
    result = Found()
    if not shown.any() and (loose := relaxed(query)) is not None:
        shown, scores = _shown(searcher, loose, allowed, copies)
        result.relaxed = bool(shown.any())
    result.count = int(np.count_nonzero(shown))
    if result.count:
        limit = request.offset + request.limit
        ranked = _newest(searcher, shown, limit=limit) if request.newest else _best(shown, scores, limit=limit)
        result.ranked = [(int(searcher.stored_fields(docnum)["django_id"]), score)
                         for docnum, score in ranked[request.offset:]]
        if request.facets:
            result.facets, result.distinct_values = _facet_counts(searcher, shown, FACET_FIELDS,
                                                                  request.facet_limit)
    return result


_LEXICON = "exact lexicon"  # what a segment's lexicon is kept as in _segment_maps


def _segment_lexicon(reader) -> dict[str, int]:
    """word -> occurrences of the `exact` field in one segment, for "did you mean"."""
    return _per_segment(reader, _LEXICON, lambda: {
        text.decode("utf-8"): info.weight() for text, info in reader.iter_field("exact")}, {})


def _read_lexicon(searcher: Searcher) -> Lexicon:
    return Lexicon.merged(_segment_lexicon(reader) for reader, _ in searcher.reader().leaf_readers())


_lexicons: PerObject[Searcher, Lexicon] = PerObject(_read_lexicon)  # built at a searcher's first zero-hit search


def suggest(text: str) -> str:
    """The query with each word unknown to the index replaced by the closest indexed word, or "".

    Only words of 3 to SUGGEST_MAX_CHARS characters, not numbers, are corrected; the others stay as typed.
    Candidates and their ranking: `corrections.closest`.
    """
    searcher = _searcher()
    words, changed = [], False
    for match in TOKEN_RE.finditer(text):
        word = match.group()
        key = standard_spelling(normalize(word))
        if not 3 <= len(key) <= SUGGEST_MAX_CHARS or key.isdigit() or searcher.doc_frequency("exact", key):
            words.append(word)
            continue
        found = closest(key, _lexicons.get(searcher))
        if found:
            words.append(found.capitalize() if word[:1].isupper() else found)
            changed = True
        else:
            words.append(word)
    return " ".join(words) if changed else ""


def similar(article_id: int, text: str, top: int = 20) -> dict[int, float]:
    """Articles whose wording is closest to `text` (key terms of the body), scores scaled to 0..1; empty while the
    index is unavailable (article pages must not depend on it)."""
    try:
        searcher = _searcher()
    except SearchUnavailable:
        return {}
    docnum = searcher.document_number(id=f"articles.article.{article_id}")
    if docnum is None:
        return {}
    results = searcher.more_like(docnum, "text", text=text, top=top, numterms=12)
    scores = {int(hit["django_id"]): hit.score for hit in results}
    best = max(scores.values(), default=0.0)
    return {pk: score / best for pk, score in scores.items()} if best else {}


def warm() -> None:
    """Open this thread's searcher and build the facet maps and field lengths now, so a new worker's first search
    is not slow."""
    try:
        searcher = _searcher()
        _facet_counts(searcher, np.zeros(searcher.doc_count_all(), dtype=bool), FACET_FIELDS)
        _copies.get(searcher)
        for reader, _base in searcher.reader().leaf_readers():
            for name in searcher.schema.scorable_names():
                _field_lengths(reader, name)
    except SearchUnavailable:  # without an index there is nothing to warm: search says "rebuilding" until it is back
        return


def outgrown() -> str | None:
    """Why the index is now too large for Whoosh (more than settings.WHOOSH_MAX_DOCUMENTS documents), else None.

    Reads the index's table of contents only (milliseconds) and creates nothing; None too while there is no index.
    """
    path = _backend().path
    try:
        documents = whoosh_index.open_dir(path).doc_count() if whoosh_index.exists_in(path) else 0
    except (EmptyIndexError, OSError):
        return None
    limit = settings.WHOOSH_MAX_DOCUMENTS
    if not limit or documents <= limit:
        return None
    return (f"the Whoosh index holds {documents:,} articles, more than WHOOSH_MAX_DOCUMENTS ({limit:,}): cold "
            "searches slow down past that size. Switch to SEARCH_BACKEND=postgres and run `manage.py reindex` "
            "(README, When to switch).")


# --- writing ------------------------------------------------------------------------------------------------------

def write(articles: list[Article]) -> int:
    """Write the documents of `articles` (loaded by `documents.indexed_articles`); returns how many."""
    _backend().update(connections["default"].get_unified_index().get_index(Article), articles)
    return len(articles)


def delete(ids: Iterable[int]) -> None:
    _backend().remove_all(f"articles.article.{pk}" for pk in ids)


def _segment_count(index) -> int:
    with index.reader() as reader:
        return len(reader.leaf_readers())


def optimise() -> tuple[int, int]:
    """Merge the index into one segment: (segments before, after). Minutes on a large index; searches go on from
    the old segments meanwhile. The caller holds the writer lock."""
    backend = _backend()
    if not backend.setup_complete:
        backend.setup()
    before = _segment_count(backend.index.refresh())
    if before > 1:
        backend.writer(limitmb=256).commit(optimize=True)
    return before, _segment_count(backend.index.refresh())

"""Reader's query text -> Whoosh query: words (all must match), "phrases", OR, -exclusion, field filters.

A small forgiving lexer instead of Whoosh's QueryParser: every input is valid (stray quotes, brackets,
Whoosh syntax and control characters are just not words), synonyms can span several words, and each
field is searched with its own analyzer and weight. OR binds tighter than the implicit AND:
``a b OR c`` means a AND (b OR c).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice, product

from whoosh import query as wq
from whoosh.analysis import Analyzer
from whoosh.fields import Schema

from articles.search.analysis import TOKEN_RE
from articles.search.synonyms import SynonymMap, curated_synonyms

# "text" is haystack's document field (the body); "exact" the unstemmed copy of title and body; "captions" the
# photo captions, kept out of the story and weighted below it.
DEFAULT_FIELD_BOOSTS: Mapping[str, float] = {
    "title": 3.0, "entities": 2.0, "text": 1.0, "exact": 1.0, "captions": 0.3}
FILTER_NAMES: tuple[str, ...] = ("source", "entity", "type")
# Bounds keep a pasted article or a hostile query from building a huge query tree.
MAX_QUERY_CHARS = 1_000
MAX_CLAUSES = 32
MAX_PHRASE_VARIANTS = 8
MAX_RELAXED_PARTS = 6

_CHUNK_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')
_FILTER_RE = re.compile(r"(-?)([a-z]+):([\w-]+)", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedQuery:
    """What a search needs: the Whoosh query, field filters, and the analysed words and phrases to highlight."""

    query: wq.Query
    filters: dict[str, list[str]] = field(default_factory=dict)
    excluded_filters: dict[str, list[str]] = field(default_factory=dict)
    terms_for_highlight: frozenset[str] = frozenset()
    phrases_for_highlight: frozenset[tuple[str, ...]] = frozenset()
    plain_text: str = ""

    @property
    def is_empty(self) -> bool:
        """True when nothing searchable was typed (only stopwords, filters or punctuation)."""
        return self.query is wq.NullQuery


@dataclass(frozen=True)
class _Clause:
    words: tuple[str, ...]
    phrase: bool = False
    negated: bool = False


_OR = _Clause(words=(), phrase=False)


def parse_user_query(
    text: str,
    schema: Schema,
    fields: Mapping[str, float] = DEFAULT_FIELD_BOOSTS,
    synonyms: SynonymMap | None = None,
    *,
    filter_names: Collection[str] = FILTER_NAMES,
) -> ParsedQuery:
    """Parse what a reader typed; never raises, malformed input degrades to its plain words.

    ``fields`` maps schema field names to boosts (fields missing from the schema are skipped);
    ``synonyms`` defaults to the curated groups, pass a map built with the entity aliases.
    """
    filters: dict[str, list[str]] = {}
    excluded: dict[str, list[str]] = {}
    clauses = list(islice(_lex(text[:MAX_QUERY_CHARS], filter_names, filters, excluded), MAX_CLAUSES))
    builder = _Builder(schema, {name: boost for name, boost in fields.items() if name in schema},
                       synonyms if synonyms is not None else curated_synonyms())
    query = builder.build(clauses)
    plain = " ".join(word for clause in clauses if not clause.negated for word in clause.words)
    words, phrases = highlight_terms(query)
    return ParsedQuery(query, filters, excluded, words, phrases, plain)


def _lex(
    text: str, filter_names: Collection[str], filters: dict[str, list[str]], excluded: dict[str, list[str]]
) -> Iterator[_Clause]:
    """Yield clauses (and OR markers); field filters go into ``filters``/``excluded`` instead."""
    negate_next = False
    for match in _CHUNK_RE.finditer(text):
        minus, quoted, chunk = match.groups()
        if chunk in ("AND", "NOT"):
            negate_next = chunk == "NOT"
            continue
        if chunk == "OR":
            yield _OR
            continue
        negated = negate_next or minus == "-" or (chunk or "").startswith("-")
        negate_next = False
        if quoted is not None:
            yield from _phrase_clauses(TOKEN_RE.findall(quoted), negated)
        elif (found := _FILTER_RE.fullmatch(chunk)) and found.group(2).lower() in filter_names:
            target = excluded if found.group(1) or negated else filters
            target.setdefault(found.group(2).lower(), []).append(found.group(3).lower())
        else:
            yield from (_Clause((word,), negated=negated) for word in TOKEN_RE.findall(chunk))


def _phrase_clauses(words: list[str], negated: bool) -> Iterator[_Clause]:
    if words:
        yield _Clause(tuple(words), phrase=len(words) > 1, negated=negated)


@dataclass(frozen=True)
class _Unit:
    """One required, OR-joined or excluded part of the query: any of its alternative texts may match."""

    alternatives: tuple[str, ...]
    negated: bool = False


class _Builder:
    """Turns clauses into one Whoosh query over the weighted fields."""

    def __init__(self, schema: Schema, boosts: Mapping[str, float], synonyms: SynonymMap) -> None:
        self.boosts = boosts
        self.analyzers = _shared_analyzers({name: schema[name].analyzer for name in boosts})
        self.synonyms = synonyms
        self._analysed: dict[tuple[int, str], tuple[str, ...]] = {}

    def build(self, clauses: Sequence[_Clause]) -> wq.Query:
        required: list[list[wq.Query]] = []
        excluded: list[wq.Query] = []
        joined = False
        for unit in self._units(clauses):
            if unit is None:
                joined = bool(required)
                continue
            queries = self._unit_queries(unit)
            if unit.negated:
                excluded.extend(queries)
            elif queries and joined:
                required[-1].extend(queries)
            elif queries:
                required.append(queries)
            joined = False
        return _combine(required, excluded)

    def _units(self, clauses: Sequence[_Clause]) -> Iterator[_Unit | None]:
        """Units in order, None for OR; runs of plain words are joined so "Amerika Serikat" can match."""
        run: list[str] = []
        for clause in clauses:
            if clause is not _OR and not clause.phrase and not clause.negated:
                run.extend(clause.words)
                continue
            yield from (_Unit(forms) for forms in self.synonyms.segment(run))
            run = []
            yield None if clause is _OR else self._special_unit(clause)
        yield from (_Unit(forms) for forms in self.synonyms.segment(run))

    def _special_unit(self, clause: _Clause) -> _Unit:
        """A phrase becomes its synonym variants; an excluded word excludes its synonyms too."""
        units = self.synonyms.segment(clause.words)
        if clause.phrase:
            variants = islice(product(*units), MAX_PHRASE_VARIANTS)
            return _Unit(tuple(" ".join(variant) for variant in variants), clause.negated)
        return _Unit(units[0] if units else (), clause.negated)

    def _unit_queries(self, unit: _Unit) -> list[wq.Query]:
        """Queries for every alternative in every field; empty when the unit analyses to nothing."""
        queries = (self._field_query(name, text) for text in unit.alternatives for name in self.boosts)
        return [query for query in queries if query is not None]

    def _field_query(self, name: str, text: str) -> wq.Query | None:
        words = self._analyse(name, text)
        boost = self.boosts[name]
        if not words:
            return None
        if len(words) == 1:
            return wq.Term(name, words[0], boost=boost)
        return wq.Phrase(name, list(words), boost=boost)

    def _analyse(self, name: str, text: str) -> tuple[str, ...]:
        analyzer = self.analyzers[name]
        key = (id(analyzer), text)
        if key not in self._analysed:
            self._analysed[key] = tuple(token.text for token in analyzer(text, mode="query"))
        return self._analysed[key]


def _shared_analyzers(analyzers: Mapping[str, Analyzer]) -> dict[str, Analyzer]:
    """Map fields with equal analyzers to one instance, so each text is analysed once per analyzer."""
    distinct: list[Analyzer] = []
    shared: dict[str, Analyzer] = {}
    for name, analyzer in analyzers.items():
        shared[name] = next((seen for seen in distinct if seen == analyzer), analyzer)
        if shared[name] is analyzer:
            distinct.append(analyzer)
    return shared


def _combine(required: list[list[wq.Query]], excluded: list[wq.Query]) -> wq.Query:
    # Exclusions go in as Not inside And: Whoosh 2.7's AndNotMatcher keeps the first positive document
    # when the excluded side starts on an earlier one, so "Rusia -China" would still return a China article.
    parts: list[wq.Query] = [wq.Or(group) for group in required]
    if excluded:
        parts.append(wq.Not(wq.Or(excluded)))
    if not parts:
        return wq.NullQuery
    return parts[0] if len(parts) == 1 else wq.And(parts)


def relaxed(query: wq.Query) -> wq.Query | None:
    """The query with all but one of its required words needed, or None when it has fewer than two.

    Used when a search finds nothing: a reader who typed one word too many still gets the closest articles,
    ranked by how many of the words they contain. Exclusions stay.
    """
    if not isinstance(query, wq.And):
        return None
    positive = [part for part in query.subqueries if not isinstance(part, wq.Not)]
    negative = [part for part in query.subqueries if isinstance(part, wq.Not)]
    if len(positive) < 2:
        return None
    if len(positive) > MAX_RELAXED_PARTS:
        loose = wq.Or(positive)
    else:  # Whoosh's Or(minmatch=) is not implemented: spell out "every word but one" as an Or of Ands
        loose = wq.Or([wq.And(positive[:i] + positive[i + 1:]) if len(positive) > 2 else positive[1 - i]
                       for i in range(len(positive))])
    return wq.And([loose, *negative]) if negative else loose


def highlight_terms(query: wq.Query) -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """Analysed words and phrases of the positive parts of a query: what a highlighter should mark."""
    if isinstance(query, wq.AndNot):
        return highlight_terms(query.a)
    if isinstance(query, wq.Not):
        return frozenset(), frozenset()
    if isinstance(query, wq.Term):
        return frozenset([query.text]), frozenset()
    if isinstance(query, wq.Phrase):
        return frozenset(), frozenset([tuple(query.words)])
    words: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    for child in query.children():
        child_words, child_phrases = highlight_terms(child)
        words |= child_words
        phrases |= child_phrases
    return frozenset(words), frozenset(phrases)

"""Reader's query text -> Whoosh query: words (all must match), "phrases", OR, -exclusion, prefix*, field filters.

A small forgiving lexer instead of Whoosh's QueryParser: every input is valid (stray quotes, brackets,
Whoosh syntax and control characters are just not words), synonyms can span several words, and each
field is searched with its own analyzer and weight. OR binds tighter than the implicit AND:
``a b OR c`` means a AND (b OR c).

Two kinds of query go to the literal field alone (``exact``: words as written, stopwords at their places):
a quoted phrase with a stopword ("Menteri Dalam Negeri"), since the stemmed fields drop stopwords and close
their gaps, and a word with a trailing ``*`` (``banj*``), a prefix of words as written.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice, product

from whoosh import query as wq
from whoosh.analysis import Analyzer
from whoosh.fields import Schema

from articles.search.analysis import STOPWORDS, TOKEN_RE, normalize
from articles.search.spellings import standard_spelling
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
# The field holding words as written with stopwords at their places; quoted stopword phrases and prefixes use it.
LITERAL_FIELD = "exact"
# A prefix expands to at most this many of the index's terms, and needs two letters ("a*" is the word "a").
MAX_PREFIX_TERMS = 300
MIN_PREFIX_LENGTH = 2

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
    # Analysed by the literal field's analyzer: phrases with their stopwords, prefixes of words as written.
    literal_phrases_for_highlight: frozenset[tuple[str, ...]] = frozenset()
    prefixes_for_highlight: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        """True when nothing searchable was typed (only stopwords, filters or punctuation)."""
        return self.query is wq.NullQuery


@dataclass(frozen=True)
class _Clause:
    words: tuple[str, ...]
    phrase: bool = False
    negated: bool = False
    quoted: bool = False
    prefix: bool = False


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
    literal_phrases, prefixes = literal_highlight_terms(query)
    return ParsedQuery(query, filters, excluded, words, phrases, plain, literal_phrases, prefixes)


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
            yield from _word_clauses(chunk, negated)


def _word_clauses(chunk: str, negated: bool) -> Iterator[_Clause]:
    """The words of an unquoted chunk; a word of two letters or more directly followed by `*` is a prefix."""
    for match in TOKEN_RE.finditer(chunk):
        word = match.group(0)
        prefix = chunk.startswith("*", match.end()) and len(word) >= MIN_PREFIX_LENGTH
        yield _Clause((word,), negated=negated, prefix=prefix)


def _phrase_clauses(words: list[str], negated: bool) -> Iterator[_Clause]:
    if words:
        yield _Clause(tuple(words), phrase=len(words) > 1, negated=negated, quoted=True)


def is_stopword(word: str) -> bool:
    """True for a word the analyzers drop from unquoted queries ("dalam", "Yang")."""
    return standard_spelling(normalize(word)) in STOPWORDS


@dataclass(frozen=True)
class _Unit:
    """One required, OR-joined or excluded part of the query: any of its alternative texts may match.

    A literal unit is matched on the literal field alone, word for word; a prefix unit's one text is a prefix.
    """

    alternatives: tuple[str, ...]
    negated: bool = False
    literal: bool = False
    prefix: bool = False


class _Builder:
    """Turns clauses into one Whoosh query over the weighted fields."""

    def __init__(self, schema: Schema, boosts: Mapping[str, float], synonyms: SynonymMap) -> None:
        self.boosts = boosts
        # Without a literal field (a schema of stemmed fields only) quoted stopwords drop out and `*` is ignored.
        self.literal = LITERAL_FIELD if LITERAL_FIELD in schema else None
        literal_analyzer = {LITERAL_FIELD: schema[LITERAL_FIELD].analyzer} if self.literal else {}
        self.analyzers = _shared_analyzers({**literal_analyzer, **{name: schema[name].analyzer for name in boosts}})
        self.synonyms = synonyms
        self._analysed: dict[tuple[int, str, bool], tuple[str, ...]] = {}

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
            if clause is not _OR and not (clause.phrase or clause.negated or self._is_special(clause)):
                run.extend(clause.words)
                continue
            yield from (_Unit(forms) for forms in self.synonyms.segment(run))
            run = []
            yield None if clause is _OR else self._special_unit(clause)
        yield from (_Unit(forms) for forms in self.synonyms.segment(run))

    def _is_special(self, clause: _Clause) -> bool:
        """A prefix, or a quoted text with a stopword, when there is a literal field to match it on."""
        return self.literal is not None and (
            clause.prefix or (clause.quoted and any(map(is_stopword, clause.words))))

    def _special_unit(self, clause: _Clause) -> _Unit:
        """A phrase becomes its synonym variants; an excluded word excludes its synonyms too."""
        if self._is_special(clause) and clause.prefix:
            return _Unit(clause.words, clause.negated, prefix=True)
        if self._is_special(clause):
            variants = islice(product(*self._literal_segments(clause.words)), MAX_PHRASE_VARIANTS)
            return _Unit(tuple(" ".join(variant) for variant in variants), clause.negated, literal=True)
        units = self.synonyms.segment(clause.words)
        if clause.phrase:
            variants = islice(product(*units), MAX_PHRASE_VARIANTS)
            return _Unit(tuple(" ".join(variant) for variant in variants), clause.negated)
        return _Unit(units[0] if units else (), clause.negated)

    def _literal_segments(self, words: Sequence[str]) -> list[tuple[str, ...]]:
        """Synonym units of the words between stopwords, each stopword a unit of itself in its place."""
        units: list[tuple[str, ...]] = []
        run: list[str] = []
        for word in words:
            if is_stopword(word):
                units += [*self.synonyms.segment(run), (word,)]
                run = []
            else:
                run.append(word)
        return units + self.synonyms.segment(run)

    def _unit_queries(self, unit: _Unit) -> list[wq.Query]:
        """Queries for every alternative in every field; empty when the unit analyses to nothing."""
        if unit.prefix:
            return self._prefix_queries(unit.alternatives[0])
        names = [self.literal] if unit.literal else list(self.boosts)
        queries = (self._field_query(name, text, keep_stops=unit.literal)
                   for text in unit.alternatives for name in names)
        return [query for query in queries if query is not None]

    def _prefix_queries(self, text: str) -> list[wq.Query]:
        # Analysed as a word as written; a prefix that happens to be a stopword ("para*": paradigma) still counts.
        words = self._analyse(self.literal, text, keep_stops=True)
        if not words or len(words[0]) < MIN_PREFIX_LENGTH:
            return []
        return [BoundedPrefix(self.literal, words[0], boost=self.boosts.get(self.literal, 1.0))]

    def _field_query(self, name: str, text: str, *, keep_stops: bool = False) -> wq.Query | None:
        words = self._analyse(name, text, keep_stops=keep_stops)
        boost = self.boosts.get(name, 1.0)
        if not words:
            return None
        if len(words) == 1:
            return wq.Term(name, words[0], boost=boost)
        return wq.Phrase(name, list(words), boost=boost)

    def _analyse(self, name: str, text: str, *, keep_stops: bool = False) -> tuple[str, ...]:
        analyzer = self.analyzers[name]
        key = (id(analyzer), text, keep_stops)
        if key not in self._analysed:
            tokens = analyzer(text, mode="query", removestops=not keep_stops)
            self._analysed[key] = tuple(token.text for token in tokens)
        return self._analysed[key]


class BoundedPrefix(wq.Prefix):
    """Words starting with a prefix: the first MAX_PREFIX_TERMS of them in the index's own term list, so a short
    prefix never expands to a large part of the vocabulary."""

    def _btexts(self, ixreader):
        return islice(ixreader.expand_prefix(self.fieldname, self.text), MAX_PREFIX_TERMS)


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
    if isinstance(query, wq.Not | wq.Prefix) or _is_literal(query):
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


def literal_highlight_terms(query: wq.Query) -> tuple[frozenset[tuple[str, ...]], frozenset[str]]:
    """Phrases and prefixes of the positive parts of a query on the literal field, as that field analyses text."""
    if isinstance(query, wq.AndNot):
        return literal_highlight_terms(query.a)
    if isinstance(query, wq.Not):
        return frozenset(), frozenset()
    if isinstance(query, wq.Prefix):
        return frozenset(), frozenset([query.text])
    if isinstance(query, wq.Phrase | wq.Term):
        return (frozenset([_words(query)]) if _is_literal(query) else frozenset()), frozenset()
    phrases: set[tuple[str, ...]] = set()
    prefixes: set[str] = set()
    for child in query.children():
        child_phrases, child_prefixes = literal_highlight_terms(child)
        phrases |= child_phrases
        prefixes |= child_prefixes
    return frozenset(phrases), frozenset(prefixes)


def _words(query: wq.Phrase | wq.Term) -> tuple[str, ...]:
    return tuple(query.words) if isinstance(query, wq.Phrase) else (query.text,)


def _is_literal(query: wq.Query) -> bool:
    """A quoted text with a stopword, which only the literal field's analyzer can find again in a text."""
    return (isinstance(query, wq.Phrase | wq.Term) and query.fieldname == LITERAL_FIELD
            and any(word in STOPWORDS for word in _words(query)))


def looser_query(text: str) -> str:
    """The words of a several-word query joined by OR ("" when that would not loosen anything): what the page
    offers when a search finds nothing."""
    words = [word for word in text.replace('"', " ").split() if word.upper() != "OR" and not word.startswith("-")]
    return " OR ".join(words) if len(words) > 1 else ""

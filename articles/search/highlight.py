"""Highlighting with the field's own analyzer: a word is marked exactly when its analysed form was searched.

Returns offsets and (text, is_match) pieces, never HTML: the Django layer escapes each piece.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from whoosh.analysis import Analyzer

from articles.search.analysis import term_cores

SNIPPET_LENGTH = 240
ELLIPSIS = "…"
# How much text to show before the first match of the chosen window.
_LEAD_FRACTION = 0.2
_SPACE_RE = re.compile(r"\s+")
_PARAGRAPH_RE = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")  # no blank line inside
_SPACES = (" ", "\n", "\t", "\r", "\xa0")  # what ends a word for the analyzer's prefilter
_SPACE_CHAR_RE = re.compile(f"[{''.join(_SPACES)}]")
# A letter outside ASCII (accents fold away) or an old spelling (oe -> u): lower case alone is not enough.
_NEEDS_FOLDING = r"(?![\x00-\x7f])[^\W\d_]|oe|dj|tj"
_FOLDING_RE = re.compile(_NEEDS_FOLDING)

Match = tuple[int, int, str]


@dataclass(frozen=True)
class Literal:
    """What is searched as written, with the analyzer of the field that holds words so (stopwords kept):
    phrases with their stopwords, and prefixes a word must start with."""

    analyzer: Analyzer
    phrases: Collection[Sequence[str]] = ()
    prefixes: Collection[str] = ()


def highlight_spans(
    text: str, terms: Collection[str], analyzer: Analyzer, phrases: Collection[Sequence[str]] = (),
    literal: Literal | None = None,
) -> list[tuple[int, int]]:
    """Sorted, non-overlapping offsets of the words in ``text`` whose analysed form is in ``terms``.

    A phrase is marked only where its words follow each other, as one span from its first word to its last.
    """
    return _merge(_matches(text, terms, analyzer, phrases, literal))


def _merge(matches: list[Match]) -> list[tuple[int, int]]:
    """Merge overlapping matches (a hyphenated word and its parts) into one span."""
    spans: list[tuple[int, int]] = []
    for start, end, _ in matches:
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _matches(
    text: str, terms: Collection[str], analyzer: Analyzer, phrases: Collection[Sequence[str]],
    literal: Literal | None = None,
) -> list[Match]:
    """Every matching word, phrase or prefix as (start, end, key), in text order."""
    found = [token for token in _word_tokens(text, terms, analyzer) if token[2] in terms]
    found += _paragraph_phrase_matches(text, phrases, analyzer)
    if literal is not None:
        found += _paragraph_phrase_matches(text, literal.phrases, literal.analyzer)
        prefixes = tuple(literal.prefixes)
        found += [(start, end, prefix) for start, end, word in _word_tokens(text, prefixes, literal.analyzer)
                  for prefix in prefixes if word.startswith(prefix)]
    return sorted(found)


def _paragraph_phrase_matches(text: str, phrases: Collection[Sequence[str]], analyzer: Analyzer) -> list[Match]:
    """Phrases found within paragraphs of `text`.

    A phrase needs its words' positions (stopwords may close gaps), so paragraphs that may hold one are analysed
    whole; a phrase is marked within a paragraph.
    """
    found: list[Match] = []
    for paragraph in _PARAGRAPH_RE.finditer(text) if phrases else ():
        lowered = paragraph.group(0).lower()
        if _FOLDING_RE.search(lowered) or any(
                all(cores is None or any(core in lowered for core in cores) for cores in map(term_cores, phrase))
                for phrase in phrases):
            tokens = [(t.pos, t.startchar, t.endchar, t.text) for t in analyzer(
                paragraph.group(0), positions=True, chars=True, mode="index", start_char=paragraph.start())]
            found += _phrase_matches(tokens, phrases)
    return found


def _word_tokens(text: str, terms: Collection[str], analyzer: Analyzer) -> Iterator[Match]:
    """The analyzer's tokens, as (start, end, text) offsets into `text`, of the words that can analyse to one of
    `terms`.

    A word analysing to a term contains one of the term's cores (analysis.term_cores) in lower case, unless it
    has an accent or an old spelling; one scan for those finds the only words worth analysing. Each is analysed alone,
    which gives the same tokens as analysing the whole text; a word met again (news repeats its subject) reuses
    its first analysis, shifted to where it stands.
    """
    if not terms:
        return
    per_term = [term_cores(term) for term in terms]
    lowered = text.lower()
    if None in per_term or len(lowered) != len(text):
        yield from ((t.startchar, t.endchar, t.text) for t in analyzer(text, chars=True, mode="index"))
        return
    cores = set().union(*per_term)
    worth = re.compile("|".join([*map(re.escape, sorted(cores)), _NEEDS_FOLDING]))
    analysed: dict[str, list[Match]] = {}
    done = 0
    for found in worth.finditer(lowered):
        if found.start() < done:
            continue
        # The word starts after the last space since the previous word (searching back to the text's start for
        # each match made long texts quadratic).
        start = max(text.rfind(space, done, found.start()) for space in _SPACES) + 1 or done
        space = _SPACE_CHAR_RE.search(text, found.end())
        done = space.start() if space else len(text)
        word = text[start:done]
        if word not in analysed:
            analysed[word] = [(t.startchar, t.endchar, t.text) for t in analyzer(word, chars=True, mode="index")]
        yield from ((start + first, start + last, term) for first, last, term in analysed[word])


def _phrase_matches(tokens: list[tuple[int, int, int, str]], phrases: Collection[Sequence[str]]) -> list[Match]:
    """Phrases whose words sit at consecutive positions (parts of a hyphenated word share one)."""
    at: dict[tuple[int, str], tuple[int, int]] = {(pos, word): (start, end) for pos, start, end, word in tokens}
    found: list[Match] = []
    for phrase in phrases:
        for pos, start, _, word in tokens:
            if word == phrase[0] and all((pos + i, w) in at for i, w in enumerate(phrase)):
                found.append((start, at[pos + len(phrase) - 1, phrase[-1]][1], " ".join(phrase)))
    return found


def snippet(
    text: str,
    terms: Collection[str],
    analyzer: Analyzer,
    length: int = SNIPPET_LENGTH,
    phrases: Collection[Sequence[str]] = (),
    literal: Literal | None = None,
) -> list[tuple[str, bool]]:
    """About ``length`` characters around the densest cluster of matches, as (text, is_match) pieces.

    Whitespace is collapsed; an ellipsis piece marks text left out at either end.
    """
    matches = _matches(text, terms, analyzer, phrases, literal)
    start = _window_start(text, matches, length)
    end = _window_end(text, start, start + length, matches)
    shown = [match for match in matches if start <= match[0] and match[1] <= end]
    pieces = _pieces(text[start:end], [(s - start, e - start) for s, e in _merge(shown)])
    if start > 0:
        pieces.insert(0, (ELLIPSIS, False))
    if end < len(text):
        pieces.append((ELLIPSIS, False))
    return pieces


def _window_start(text: str, matches: list[Match], length: int) -> int:
    """Start of the window holding the most distinct terms (then the most matches), at a word boundary."""
    if not matches:
        return 0
    lead = int(length * _LEAD_FRACTION)
    best = _best_first_match(matches, length - lead)
    start = max(0, matches[best][0] - lead)
    return _word_start(text, start, limit=matches[best][0])


def _best_first_match(matches: list[Match], length: int) -> int:
    """Index of the match that opens the best window (two pointers over the sorted matches)."""
    counts: Counter[str] = Counter()
    best, best_score, last = 0, (0, 0), 0
    for first in range(len(matches)):
        while last < len(matches) and matches[last][1] - matches[first][0] <= length:
            counts[matches[last][2]] += 1
            last += 1
        score = (len(counts), last - first)
        if score > best_score:
            best, best_score = first, score
        counts[matches[first][2]] -= 1
        if not counts[matches[first][2]]:
            del counts[matches[first][2]]
    return best


def _word_start(text: str, start: int, limit: int) -> int:
    """Move ``start`` forward past a partly shown word, but not beyond ``limit``."""
    if start == 0 or text[start - 1].isspace():
        return start
    space = _SPACE_RE.search(text, start, limit)
    return space.end() if space else limit


def _window_end(text: str, start: int, end: int, matches: list[Match]) -> int:
    """Pull ``end`` back to a word boundary without cutting a match in two."""
    if end >= len(text):
        return len(text)
    if text[end].isspace():
        return end
    for match_start, match_end, _ in matches:
        if match_start < end < match_end:
            return match_end
    space = max(text.rfind(char, start, end) for char in " \n\t")
    return space if space > start else end


def _pieces(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    position = 0
    for start, end in spans:
        if start > position:
            pieces.append((_SPACE_RE.sub(" ", text[position:start]), False))
        pieces.append((_SPACE_RE.sub(" ", text[start:end]), True))
        position = end
    if position < len(text):
        pieces.append((_SPACE_RE.sub(" ", text[position:]), False))
    return pieces

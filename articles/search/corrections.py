""""Did you mean": the closest word of the index to a word the index does not hold.

Candidates are the index's own words within a small edit distance: optimal string alignment (insertions,
deletions, substitutions and swaps of neighbouring letters, so `presdien` finds `presiden` at distance 1). The
nearest wins, then the most frequent in the index, then the first in alphabetical order: the ranking of SymSpell
(Wolf Garbe, 2012). Distances come from rapidfuzz (bit-parallel, in C), one pass over the lexicon per word, which
is what makes a zero-hit search cheap: Whoosh's own corrector walks the on-disk term index from Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

SHORT_WORD = 6  # words shorter than this get one edit, longer ones two


@dataclass(frozen=True)
class Lexicon:
    """The words of an index (`words`) and how often each occurs (`frequencies`, same order, occurrences)."""

    words: list[str]
    frequencies: list[int]

    @classmethod
    def merged(cls, parts: Iterable[Mapping[str, int]]) -> Lexicon:
        """One lexicon from several word -> occurrences maps (one per index segment); counts add up."""
        total: Counter[str] = Counter()
        for part in parts:
            total.update(part)
        return cls(list(total), list(total.values()))


def max_distance(word: str) -> int:
    """Edits allowed for `word`: 1 below SHORT_WORD characters, else 2 (more finds unrelated words)."""
    return 1 if len(word) < SHORT_WORD else 2


def closest(word: str, lexicon: Lexicon) -> str | None:
    """The lexicon's word nearest to `word` (lower case), other than `word` itself; None when none is within
    `max_distance(word)` edits. Ties go to the more frequent word, then to the first alphabetically."""
    limit = max_distance(word)
    found = process.extract(word, lexicon.words, scorer=OSA.distance, score_cutoff=limit, limit=None)
    ranked = [(distance, -lexicon.frequencies[index], candidate)
              for candidate, distance, index in found if candidate != word]
    return min(ranked)[2] if ranked else None

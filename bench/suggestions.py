""""Did you mean" on the Whoosh index: Telusur's corrector (`articles.search.corrections`) against Whoosh's own.

Typos are made from indexed words (5-12 letters, at least 5 occurrences) by one seeded edit each: a letter
dropped, replaced, added, or two neighbours swapped; typos that are themselves indexed words are skipped. A typo
counts as recovered when the corrector returns the word it was made from. Part of `latency`.
"""

import random
import time

from bench.report import Table
from bench.timing import latency_summary, ratio

TYPOS = 60
LETTERS = "aeioukmnrst"


def make_typos(words: list[str], is_indexed, n: int, seed: int) -> list[tuple[str, str]]:
    """n (word, typo) pairs, one seeded edit each, typos not in the index."""
    rng = random.Random(seed)
    pairs = []
    while len(pairs) < n:
        word = rng.choice(words)
        i = rng.randrange(1, len(word) - 1)
        dropped, replaced = word[:i] + word[i + 1:], word[:i] + rng.choice(LETTERS) + word[i + 1:]
        added, swapped = word[:i] + rng.choice(LETTERS) + word[i:], word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]
        typo = rng.choice([dropped, replaced, added, swapped])
        if typo != word and not is_indexed(typo):
            pairs.append((word, typo))
    return pairs


def suggestion_table(seed: int) -> tuple[Table, dict]:
    """Milliseconds per word and recovered share for both correctors on the bench's Whoosh index."""
    from articles.search.backends import whoosh
    from articles.search.corrections import closest, max_distance

    searcher = whoosh._searcher()
    # Time the build from the index files, not from earlier searches' segments.
    whoosh._segment_maps.discard(lambda key: key[1] == whoosh._LEXICON)
    started = time.perf_counter()
    lexicon = whoosh._read_lexicon(searcher)
    build_ms = (time.perf_counter() - started) * 1000
    words = [word for word, count in zip(lexicon.words, lexicon.frequencies, strict=True)
             if 5 <= len(word) <= 12 and word.isalpha() and count >= 5]
    pairs = make_typos(words, lambda typo: searcher.doc_frequency("exact", typo), TYPOS, seed)
    whoosh_corrector = searcher.corrector("exact")

    def theirs(typo: str) -> str | None:
        found = whoosh_corrector.suggest(typo, limit=1, maxdist=max_distance(typo))
        return found[0] if found else None

    figures = {}
    for name, correct in (("Whoosh's corrector (baseline)", theirs),
                          ("corrections.closest", lambda typo: closest(typo, lexicon))):
        times, recovered = [], 0
        for word, typo in pairs:
            started = time.perf_counter()
            recovered += correct(typo) == word
            times.append((time.perf_counter() - started) * 1000)
        figures[name] = {**latency_summary(times), "recovered": recovered / len(pairs)}
    table = Table(f'"Did you mean" on {len(pairs)} seeded typos of indexed words ({len(lexicon.words):,} words; '
                  f"Telusur's lexicon read from the index in {build_ms:.0f} ms, once per segment)",
                  ["corrector", "p50 ms", "p95 ms", "recovered %", "p50 ÷ baseline"])
    base = figures["Whoosh's corrector (baseline)"]
    for name, summary in figures.items():
        table.rows.append([name, summary["p50"], summary["p95"], 100 * summary["recovered"],
                           ratio(summary["p50"], base["p50"])])
    return table, {**figures, "lexicon_build_ms": build_ms}

"""Build `fixtures/lemma/suffix-roots.tsv`: the words where Sastrawi's root replaces nlp-id's (`lemmas.suffix_choice`).

    .venv/bin/python -m bench.lemma_counts     # reads ../shared/data/ner (or BENCH_DATA)

Where nlp-id's dictionary and Sastrawi give two different roots that are both words (`katakan`: `katak` or `kata`;
`gerakan`: `gerak` or `gera`) and they only cut the suffix differently, the root news text uses more often on its
own is taken.
The counts come from the training splits of the two Indonesian news NER sets in ../shared/data/ner (idner-news-2k,
MIT; NERGrit via IndoNLU, MIT: about 86,000 tokens), never from IndoSum, which the benchmarks score on; a root counts
where written in lower case. Written: `word<TAB>root` for each word of the table whose root changes.
"""

import gzip
import sys
from collections import Counter

from articles.search.lemmas import SUFFIX_ROOTS_FILE, TABLE_FILE, sastrawi_stem, suffix_choice
from bench.environment import DATA

SOURCES = (DATA / "ner" / "idner-news-2k" / "train.txt", DATA / "ner" / "nergrit" / "train_preprocess.txt")


def word_counts() -> Counter:
    """Alphabetic tokens written in lower case in the NER training splits (first column), and their counts.

    Capitalised tokens are left out: they are mostly names (`Aji`, `Anda` in headlines), not the common word."""
    counts: Counter = Counter()
    for path in SOURCES:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            fields = line.split()
            if fields and fields[0].isalpha() and fields[0].islower():
                counts[fields[0]] += 1
    return counts


def suffix_roots(counts: Counter) -> list[tuple[str, str]]:
    """(word, Sastrawi's root) for the words of the shipped table read two ways (flag `a`) where that root wins."""
    rows = []
    with gzip.open(TABLE_FILE, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, root, flag = line.rstrip("\n").split("\t")
            if flag == "a":
                chosen = suffix_choice(word, root, sastrawi_stem(word), counts)
                if chosen != root:
                    rows.append((word, chosen))
    return rows


def main() -> None:
    missing = [str(path) for path in SOURCES if not path.exists()]
    if missing:
        sys.exit(f"missing {', '.join(missing)}: put the shared data at ../shared/data or set BENCH_DATA")
    counts = word_counts()
    rows = suffix_roots(counts)
    SUFFIX_ROOTS_FILE.write_text("".join(f"{word}\t{root}\n" for word, root in rows), encoding="utf-8")
    print(f"{len(rows)} words from {sum(counts.values()):,} tokens -> {SUFFIX_ROOTS_FILE}")


if __name__ == "__main__":
    main()

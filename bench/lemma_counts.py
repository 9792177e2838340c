"""Build `fixtures/lemma/root-counts.tsv`: how often each candidate root occurs as a word of its own in news text.

    .venv/bin/python -m bench.lemma_counts     # reads ../shared/data/ner (or BENCH_DATA)

Where nlp-id's dictionary and Sastrawi give two different roots that are both words (`katakan`: `katak` or `kata`;
`gerakan`: `gerak` or `gera`), `articles.search.lemmas` takes the root that news text uses more often on its own.
The counts come from the training splits of the two Indonesian news NER sets in ../shared/data/ner (idner-news-2k,
MIT; NERGrit via IndoNLU, MIT: about 86,000 tokens), never from IndoSum, which the benchmarks score on. Only the
roots of such disagreements are kept, counted where written in lower case: `root<TAB>count`, count >= 1.
"""

import gzip
import sys
from collections import Counter

from articles.search.lemmas import COUNTS_FILE, TABLE_FILE, sastrawi_stem
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


def candidate_roots() -> set[str]:
    """Both roots of every word the shipped table marks as read two ways (flag `a`)."""
    roots = set()
    with gzip.open(TABLE_FILE, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, root, flag = line.rstrip("\n").split("\t")
            if flag == "a":
                roots.update((root, sastrawi_stem(word)))
    return roots


def main() -> None:
    missing = [str(path) for path in SOURCES if not path.exists()]
    if missing:
        sys.exit(f"missing {', '.join(missing)}: put the shared data at ../shared/data or set BENCH_DATA")
    counts = word_counts()
    rows = sorted((root, counts[root]) for root in candidate_roots() if counts[root])
    COUNTS_FILE.write_text("".join(f"{root}\t{count}\n" for root, count in rows), encoding="utf-8")
    print(f"{len(rows)} roots from {sum(counts.values()):,} tokens -> {COUNTS_FILE}")


if __name__ == "__main__":
    main()

"""Build `fixtures/lemma/nlp-id-lemmas.tsv.gz` from kumparan's nlp-id dictionary (MIT).

    pip download nlp-id==0.1.15.0 --no-deps -d /tmp/nlp-id && tar xzf /tmp/nlp-id/nlp_id-0.1.15.0.tar.gz -C /tmp/nlp-id
    .venv/bin/python -m bench.lemma_table /tmp/nlp-id/nlp_id-0.1.15.0/nlp_id/data

nlp-id itself is not installed: it pins scikit-learn 1.2.2 (no wheels for Python 3.12+), nltk and pytest 7.3.1, and
its 55 MB sdist is mostly a POS-tagger pickle. Its lemmatiser is a root list plus `lemma_dict.json`, 778,514 affixed
forms with their roots (20 MB, ~110 MB in memory). Only the forms and roots where Sastrawi gives another answer are
kept (~106,000): `word<TAB>root<TAB>flag`, flag `a` when Sastrawi found a different root too (an ambiguous word).
Roots the dictionary built with an infix (-el-, -em-, -er-, -in-: `relawan` from `rawan`) are not kept: infixes are no
longer productive, so such a word is a root of its own (unless it also reads as a prefix: `pemadam` is pe(N)- + padam).
"""

import gzip
import json
import sys
from pathlib import Path

from articles.search.lemmas import TABLE_FILE, sastrawi_stem

PREFIX_STARTS = ("me", "pe", "be", "te", "di", "ke", "se")


def infixed(word: str, root: str) -> bool:
    """`word` is `root` with an infix after its first letter (relawan = r-el-awan, gemetar = g-em-etar) and cannot be
    read as a prefix instead."""
    return (len(word) == len(root) + 2 and not word.startswith(PREFIX_STARTS)
            and any(word == root[0] + infix + root[1:] for infix in ("el", "em", "er", "in")))


def build(data: Path) -> list[tuple[str, str, str]]:
    roots = set((data / "root-word.txt").read_text(encoding="utf-8").split())
    forms = json.loads((data / "lemma_dict.json").read_text(encoding="utf-8"))
    rows = []
    for word in sorted(roots | set(forms)):
        if not word.isalpha() or not word.islower():
            continue
        root = word if word in roots else forms[word]
        if infixed(word, root):
            root = word
        stemmed = sastrawi_stem(word)
        if root != stemmed:
            rows.append((word, root, "a" if stemmed != word and root != word else ""))
    return rows


def main() -> None:
    if len(sys.argv) != 2 or not (Path(sys.argv[1]) / "lemma_dict.json").exists():
        sys.exit(__doc__)
    rows = build(Path(sys.argv[1]))
    text = "".join(f"{word}\t{root}\t{flag}\n" for word, root, flag in rows)
    TABLE_FILE.write_bytes(gzip.compress(text.encode(), compresslevel=9, mtime=0))  # mtime 0: same input, same file
    print(f"{len(rows)} forms -> {TABLE_FILE}")


if __name__ == "__main__":
    main()

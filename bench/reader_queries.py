"""Known-item queries on IndoSum written the way readers type them, split into a tuning and a reporting half.

    .venv/bin/python -m bench.reader_queries     # how many queries each set and half holds

`bench/data/reader-queries.tsv` holds `set<TAB>IndoSum id<TAB>query` lines written by hand from each article's
summary, never copied from its title: set "roots" puts the words in root form (`tembak klub malam jerman` for an
article about *penembakan*), set "plain" in everyday spellings and other affixed forms than the article's, set
"hard" in root forms with no word of the title and none of the title's names (`kemudi alkohol batas striker
everton` for *wayne-rooney-ditangkap-polisi*), so a name alone cannot carry it as it carries many "roots". A
query's half is fixed by the SHA-256 of its text (first byte even: "tune", odd: "report"), so adding queries never
moves the others; analysis changes may be tried on "tune", figures are reported on "report" only.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

QUERIES_FILE = Path(__file__).with_name("data") / "reader-queries.tsv"
SETS = ("roots", "plain", "hard")
HALVES = ("tune", "report")


@dataclass(frozen=True)
class ReaderQuery:
    """One query (`text`), the set it belongs to ("roots" or "plain") and its target's IndoSum `id`."""

    set: str
    indosum_id: str
    text: str

    @property
    def half(self) -> str:
        """"tune" or "report", from the first byte of SHA-256 of the query text (UTF-8)."""
        return HALVES[hashlib.sha256(self.text.encode("utf-8")).digest()[0] % 2]


def read_queries(path: Path = QUERIES_FILE, *, half: str | None = None) -> list[ReaderQuery]:
    """Every query in `path` (`#` lines are comments), in file order; only one half's when `half` is given.

    Raises ValueError on a line without three tab-separated fields or with an unknown set.
    """
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[0] not in SETS or not fields[2].strip():
            raise ValueError(f"{path.name}:{number}: expected set<TAB>IndoSum id<TAB>query, set in {SETS}")
        queries.append(ReaderQuery(fields[0], fields[1], fields[2].strip()))
    return [query for query in queries if half is None or query.half == half]


def main() -> None:
    counts = Counter((query.set, query.half) for query in read_queries())
    for name in SETS:
        print(f"{name}: " + ", ".join(f"{half} {counts[name, half]}" for half in HALVES))


if __name__ == "__main__":
    main()

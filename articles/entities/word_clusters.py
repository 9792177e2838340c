"""Word clusters, a feature of the NER model: each word (lower case) has a cluster id at a few granularities, so
the CRF generalises from `Moskwa` to `Kharkiv` or from `Stoltenberg` to names it never saw.

Learnt by `train_word_clusters` and shipped with the model; not to be confused with story clusters (the
near-duplicate copies of one story, `ingest/near_duplicates.py`).
"""

import functools
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "models" / "clusters-id.tsv"


def normalise(word: str) -> str:
    """The key a word is looked up by: lower case, digits folded (`2018` and `1998` share one entry)."""
    lower = word.lower()
    if any(c.isdigit() for c in lower):
        return "".join("0" if c.isdigit() else c for c in lower)
    return lower


def load(path: Path) -> dict[str, tuple[str, ...]]:
    """word -> cluster ids as strings, one per size; an empty dict when the file is missing."""
    if not path.is_file():
        return {}
    found = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            word, _, ids = line.rstrip("\n").partition("\t")
            found[word] = tuple(ids.split())
    return found


_active = {"path": DEFAULT_PATH}


@functools.cache
def load_default() -> dict[str, tuple[str, ...]]:
    """The shipped clusters (fixtures/models/clusters-id.tsv, or those `use` chose), loaded once per process."""
    return load(_active["path"])


def use(path: Path) -> None:
    """Make `path` this process's clusters: the evaluation of a model trained without another fold needs
    clusters learnt without it too. Callers also clear what they cached from the old ones."""
    _active["path"] = path
    load_default.cache_clear()

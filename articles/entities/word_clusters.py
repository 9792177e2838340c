"""Word clusters, a feature of the NER model: each word (lower case) has a cluster id at a few granularities, so
the CRF generalises from `Moskwa` to `Kharkiv` or from `Stoltenberg` to names it never saw.

Learnt by `train_word_clusters` and shipped with the model; not to be confused with story clusters (the
near-duplicate copies of one story, `ingest/near_duplicates.py`).
"""

import functools
from pathlib import Path

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "models" / "clusters-id.tsv"
DEFAULT_SIGNS = DEFAULT_PATH.with_name("signs-id.tsv")


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


def load_signs(path: Path) -> dict[str, str]:
    """word -> the signs of its leading vector components (`+0-0...`, see `train_word_clusters.signs`);
    an empty dict when the file is missing."""
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as handle:
        return dict(line.rstrip("\n").split("\t", 1) for line in handle)


_active = {"path": DEFAULT_PATH, "signs": DEFAULT_SIGNS}


@functools.cache
def load_default() -> dict[str, tuple[str, ...]]:
    """The shipped clusters (fixtures/models/clusters-id.tsv, or those `use` chose), loaded once per process."""
    return load(_active["path"])


@functools.cache
def default_signs() -> dict[str, str]:
    """The shipped vector signs (fixtures/models/signs-id.tsv, or those `use` chose), loaded once."""
    return load_signs(_active["signs"])


def use(path: Path, signs: Path) -> None:
    """Make `path` and `signs` this process's clusters and vector signs: the evaluation of a model trained
    without another fold needs them learnt without it too. Callers also clear what they cached from the old."""
    _active["path"], _active["signs"] = path, signs
    load_default.cache_clear()
    default_signs.cache_clear()

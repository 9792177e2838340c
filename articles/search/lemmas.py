"""Indonesian lemmas: kumparan's nlp-id dictionary first, Sastrawi for the rest, a short exception table on top.

Scored on `fixtures/lemma/gold-id.tsv` by `python -m bench.lemma_eval` (table in fixtures/lemma/README.md).
Sastrawi alone (the stemmer before) loses words to rare roots its dictionary holds (`mengecek` -> `ecek`,
`dibelinya` -> `bel`, `pergerakan` -> `gera`) and misses pe-/pem- with an r- root (`pemrosesan`); nlp-id's
dictionary of affixed forms gets those right. Only the 106,498 of its 808,439 forms and roots where Sastrawi
differs ship (`bench/lemma_table.py` builds the file; 50,076 of them are words kept as themselves, mostly forms the
dictionary built with an infix, such as `relawan` from `rawan`). Both still cut some words into an unrelated root
(`berikan` -> `ikan`, `pemilu` -> `milu`): the exception table fixes those by name; place and person names are
protected before this (see `analysis.IndonesianStemFilter`). Two kinds are settled by rule: where the two only cut
the suffix differently (`katakan`: katak + -an or kata + -kan), the root news text uses more on its own wins
(`suffix_choice`, applied by `bench/lemma_counts.py` into `suffix-roots.tsv`); se- + a root is a word of its own
(`sebuah`, `sebelum`, `sebelah`).

Sources: nlp-id 0.1.15.0, https://github.com/kumparan/nlp-id (MIT); PySastrawi 1.2.1 (MIT); word counts from the
idner-news-2k and NERGrit training texts (MIT) for `suffix-roots.tsv`; exceptions checked against KBBI
(https://kbbi.kemdikbud.go.id/). Licences in fixtures/lemma/LICENSES.md.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

LEMMA_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "lemma"
TABLE_FILE = LEMMA_DIR / "nlp-id-lemmas.tsv.gz"
EXCEPTIONS_FILE = LEMMA_DIR / "exceptions.tsv"
SUFFIX_ROOTS_FILE = LEMMA_DIR / "suffix-roots.tsv"
# Clitics come off before a look-up, as nlp-id does: "dibelinya" is looked up as "dibeli".
_PARTICLES = ("lah", "kah", "pun")
_POSSESSIVES = ("nya", "ku", "mu")
# What may follow a root: a derivational suffix, a possessive, a particle, each optional and in that order.
_CLITICS = frozenset(possessive + particle for possessive in ("", *_POSSESSIVES) for particle in ("", *_PARTICLES))
_SUFFIXES = frozenset(suffix + clitics for suffix in ("", "i", "kan", "an") for clitics in _CLITICS)


@dataclass(frozen=True)
class Lemma:
    """A word's root, and whether the word itself is indexed beside it (two dictionaries disagreed on it)."""

    root: str
    ambiguous: bool = False


@cache
def _stemmer() -> Stemmer:
    # The bare Stemmer: Sastrawi's CachedStemmer grows without bound on whatever readers type.
    return Stemmer(ArrayDictionary(StemmerFactory().get_words()))


def sastrawi_stem(word: str) -> str:
    """Sastrawi's root of a lower-case word (the word itself when its dictionary finds none)."""
    return _stemmer().stem_word(word)


@cache
def _table() -> dict[str, Lemma]:
    """nlp-id's roots where they differ from Sastrawi's, Sastrawi's where `suffix_choice` took it (`suffix-roots.tsv`):
    word -> Lemma (read once per process, ~0.2 s)."""
    table = {}
    with gzip.open(TABLE_FILE, "rt", encoding="utf-8") as lines:
        for line in lines:
            word, root, flag = line.rstrip("\n").split("\t")
            table[word] = Lemma(root, flag == "a")
    for line in SUFFIX_ROOTS_FILE.read_text(encoding="utf-8").splitlines():
        word, root = line.split("\t")
        table[word] = Lemma(root, ambiguous=True)
    return table


@cache
def _exceptions() -> dict[str, str]:
    """`word<TAB>root<TAB>why` lines; `#` starts a comment."""
    rows = (line.split("\t") for line in EXCEPTIONS_FILE.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#"))
    return {row[0]: row[1] for row in rows}


def _place(word: str, root: str) -> int | None:
    """Where `root` stands in `word` when the rest after it is suffixes and clitics only (`kata` in `katakan`: 0)."""
    at = word.find(root)
    return at if at >= 0 and word[at + len(root):] in _SUFFIXES else None


def suffix_choice(word: str, table_root: str, sastrawi_root: str, counts: dict[str, int]) -> str:
    """nlp-id's root, or Sastrawi's where the two only cut the suffix differently and news uses Sastrawi's more.

    `counts`: root -> how often news text uses it as a word of its own. Applied when the data is built
    (`bench/lemma_counts.py` writes the words where Sastrawi's root wins to `suffix-roots.tsv`), so a search
    never pays for a second stemmer.

    nlp-id reads `katakan` as katak + -an and `perlukah` as per- + lukah, Sastrawi as kata + -kan and perlu + -kah;
    on `gerakan` it is the other way round (gerak + -an, gera + -kan): which root is the ordinary word decides. Where
    the readings differ in the prefix (`mengawal`: kawal or awal, `perombakan`: rombak or ombak, `keretakan`: retak
    or kereta) or Sastrawi cuts a non-suffix (`menangis` is not menang + -is), the rarer root is the right one as
    often as not: nlp-id stays.
    """
    table_at, sastrawi_at = _place(word, table_root), _place(word, sastrawi_root)
    if table_at is None or sastrawi_at is None:
        return table_root
    if table_at != sastrawi_at and not (sastrawi_at == 0 and word[len(sastrawi_root):] in _CLITICS):
        # One reading has a prefix the other lacks: only a bare root + clitic stands against it (perlu + -kah);
        # a confix does not lose to root + -kan (`keretakan` is ke- + retak + -an, not kereta + -kan).
        return table_root
    return sastrawi_root if counts.get(sastrawi_root, 0) > counts.get(table_root, 0) else table_root


def _without_clitics(word: str) -> str:
    """`word` without a particle and a possessive ("bukunyalah" -> "buku"), unless it is a root as written."""
    if _stemmer().dictionary.contains(word):
        return word
    for endings in (_PARTICLES, _POSSESSIVES):
        for ending in endings:
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                word = word[: -len(ending)]
                break
    return word


def _se_word(word: str) -> bool:
    """se- + a root is a word of its own (`sebuah` "a", `sebelum` "before", `sebelah` "beside"): `buah` (fruit),
    `belum` (not yet) and `belah` (split) must not find it. KBBI lists such words under the root, but a reader
    searching the root means the root."""
    return word.startswith("se") and word[2:] == sastrawi_stem(word)


def is_word(word: str) -> bool:
    """Whether a lower-case word is a root in Sastrawi's dictionary or a form in nlp-id's (`anak`, `pura`: yes;
    `ps`, `mp`: no)."""
    return _stemmer().dictionary.contains(word) or word in _table()


def _lemma_as_written(word: str) -> Lemma:
    exceptions = _exceptions()
    if word in exceptions:
        return Lemma(exceptions[word])
    if _se_word(word):
        return Lemma(word)
    return _table().get(word) or Lemma(sastrawi_stem(word))


def lemma(word: str) -> Lemma:
    """The root of a normalised lower-case word: exception table, nlp-id, then Sastrawi.

    The word is also read without its clitics, and that reading wins when the whole word has no root or when it
    keeps more of the same root: Sastrawi cuts "dibelinya" to `bel` (-nya, -i, di-), "dibeli" gives `beli`.
    """
    if _se_word(word):  # `sebelah` is not sebe + -lah
        return Lemma(word)
    whole = _lemma_as_written(word)
    bare = _without_clitics(word)
    if bare == word:
        return whole
    clitic_free = _lemma_as_written(bare)
    if whole.root == word or (clitic_free.root != whole.root and whole.root in clitic_free.root):
        return clitic_free
    return whole

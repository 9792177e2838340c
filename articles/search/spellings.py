"""One standard spelling per word, so the way a reader types a word finds the way news prints it.

Two kinds of variant are rewritten, in index and query alike (through ``analysis.ModernSpellingFilter``):
- pre-1972 spelling ("Soeharto" -> "suharto", "Tjahjo" -> "cahyo"), by rule (``old_to_modern``);
- everyday and non-standard spellings of one word, by table (``fixtures/spelling/variants.tsv``): chat shorthand
  (`yg`, `utk`, `gak`), spoken Jakarta forms (`bikin`, `ketemu`), loanword spellings KBBI does not take
  (`praktek`, `resiko`, `perancis`) and city shorthand (`jkt`). Variants of several words (`pemprov`,
  `timnas`) are query-time synonyms instead (``articles.search.synonyms``), since one token cannot become two.

Written with a digit, reduplication (`anak2`) is the tokenizer's business (``analysis.reduplicated``).
Changing the table or the rule means rebuilding the index (``manage.py reindex``).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

VARIANTS_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "spelling" / "variants.tsv"

# Pre-1972 spelling (EYD reform). "oe", "dj" and "tj" never occur in modern Indonesian words, so a word
# with one of them is old-spelled throughout and also gets the changes that are ambiguous on their own
# (j->y, nj->ny, sj->sy, ch->kh): "Tjahjo" -> "cahyo", "Soedjatmoko" -> "sujatmoko", while "menjadi",
# "masjid" and "China" stay.
_OLD_SPELLING_MARK_RE = re.compile(r"oe|dj|tj")
_OLD_SPELLING_RE = re.compile(r"dj|tj|nj|sj|ch|oe|j")
_OLD_TO_MODERN = {"dj": "j", "tj": "c", "nj": "ny", "sj": "sy", "ch": "kh", "oe": "u", "j": "y"}


@cache
def variants() -> dict[str, str]:
    """variant -> standard word, from ``VARIANTS_FILE`` (`variant<TAB>standard<TAB>kind`, `#` comment lines).

    Raises ValueError on a line without three fields or a variant listed twice.
    """
    table: dict[str, str] = {}
    for number, line in enumerate(VARIANTS_FILE.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or fields[0] in table:
            raise ValueError(f"{VARIANTS_FILE.name}:{number}: expected a new variant<TAB>standard<TAB>kind")
        table[fields[0]] = fields[1]
    return table


def old_to_modern(word: str) -> str:
    """Rewrite an old-spelled word in today's spelling ("soeharto" -> "suharto"); others are unchanged."""
    if not _OLD_SPELLING_MARK_RE.search(word):
        return word
    return _OLD_SPELLING_RE.sub(lambda match: _OLD_TO_MODERN[match.group(0)], word)


def standard_spelling(word: str) -> str:
    """The standard spelling of a normalised word: "yg" -> "yang", "praktek" -> "praktik", "soeharto" -> "suharto";
    any other word is returned as it is."""
    modern = old_to_modern(word)
    return variants().get(modern, modern)

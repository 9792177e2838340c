"""Indonesian text analysis for Whoosh: one analyzer for indexing, querying and highlighting.

Whoosh pickles analyzers into the index, so every class here is module-level, keeps no state on the
instance (the stopword list and the lemmatiser live in modules; the protected names are read through
``protected_words()`` at each call) and must stay importable as ``articles.search.analysis``; moving it, or
changing what ``stem()`` returns, means rebuilding the index (``manage.py rebuild_index``).

Pipeline (``indonesian_analyzer``): tokenize and normalise -> standard spelling (``articles.search.spellings``:
old spellings, chat shorthand, loanword variants) -> stopwords -> lemma
(``articles.search.lemmas``: nlp-id's dictionary, Sastrawi, an exception table), names left alone.
``exact_analyzer`` has no lemmatiser and indexes stopwords at their places, for the field that keeps words as
written: names, quoted phrases with stopwords ("Menteri Dalam Negeri") and trailing-``*`` prefixes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import CompositeAnalyzer, Filter, Token, Tokenizer

from articles.search.lemmas import Lemma, is_word, lemma
from articles.search.spellings import standard_spelling, variants

STOPWORDS_FILE = Path(__file__).with_name("stopwords.txt")

# Letters and digits (Unicode), with combining accents so a decomposed "é" stays inside its word.
_ALNUM = r"(?:[^\W_][\u0300-\u036f]*)"
# A word, a number or a mix ("G7"); hyphens join words ("kota-kota", "F-16"), "." and "," join digit groups
# ("1.000", "2,5"), an apostrophe before a letter stays inside ("Jum'at").
TOKEN_RE = re.compile(
    rf"{_ALNUM}+(?:(?:[-\u2010\u2011]|(?<=\d)[.,](?=\d)|['\u2019](?=[^\W\d_])){_ALNUM}+)*"
)
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2019": "'"})
_DIGIT_RE = re.compile(r"\d")
_LETTER_RE = re.compile(r"[^\W\d_]")
# The lemmatiser only understands plain lower-case words; Sastrawi's own normaliser would split "jum'at" in two.
_STEMMABLE_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")
_MAX_STEM_LENGTH = 40
# The longest code indexed from inside a hyphen compound, in parts ("SARS-CoV-2" in "pasca-SARS-CoV-2").
MAX_CODE_PARTS = 3

# Reduplication written with a 2 ("anak2" for "anak-anak"), as readers and quoted chat type it.
_DIGIT_REDUPLICATION_RE = re.compile(r"([a-z]{3,})2")

# Where the stem filter reads the names it must leave alone (see `read_protected_words_from`).
_protected_source: Callable[[], frozenset[str]] = frozenset


def load_stopwords(path: Path = STOPWORDS_FILE) -> frozenset[str]:
    """Read a stopword file: one word a line, ``#`` starts a comment line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


STOPWORDS = load_stopwords()


def normalize(word: str) -> str:
    """NFKC, case-folded, accents removed ("Erdoğan" -> "erdogan"), one kind of hyphen and apostrophe."""
    if word.isascii():
        return word.lower()
    return _normalize_unicode(word)


@lru_cache(maxsize=65_536)
def _normalize_unicode(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare).translate(_HYPHENS)


def term_core(term: str) -> str | None:
    """What every word analysing to `term` contains in lower case, if it has no accent and no old spelling;
    None when nothing is certain.

    Stemming removes affixes and may change a root's first letter (memukul -> pukul, menyapu -> sapu), so such
    a word contains `term` without its first letter. Terms with digits lose hyphens (F-16 -> f16), and a term that
    a variant spelling also analyses to shares nothing with it ("6" -> enam, "gak" -> tidak).
    """
    if len(term) < 3 or any(char.isdigit() for char in term) or term in _variant_terms():
        return None
    return term[1:]


@lru_cache(maxsize=10_000)
def term_cores(term: str) -> frozenset[str] | None:
    """Strings of which every word analysing to `term` contains one in lower case, if it has no accent and no old
    spelling; None when nothing is certain.

    The term's core (term_core); for a term a table spelling reaches (`jkt` -> jakarta), also those spellings:
    the table rewrites whole words only, so such a word is the spelling itself. A spelling with other characters
    than ASCII letters and digits (`e-mail`) may be printed with others (a Unicode hyphen): nothing is certain.
    """
    core = term_core(term)
    if core is not None:
        return frozenset((core,))
    if len(term) < 3 or any(char.isdigit() for char in term):
        return None
    spellings = _spellings_of().get(term, ())
    if not all(_PLAIN_WORD_RE.fullmatch(spelling) for spelling in spellings):
        return None
    return frozenset((term[1:], *spellings))


_PLAIN_WORD_RE = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _spellings_of() -> dict[str, tuple[str, ...]]:
    """term -> the table's spellings that analyse to it (through their standard word or its root)."""
    found: dict[str, list[str]] = {}
    for variant, standard in variants().items():
        for term in {standard, stem(standard)}:
            found.setdefault(term, []).append(variant)
    return {term: tuple(spellings) for term, spellings in found.items()}


@lru_cache(maxsize=1)
def _variant_terms() -> frozenset[str]:
    """The standard words of the spelling table and their roots: the terms a differently spelled word reaches."""
    standards = set(variants().values())
    return frozenset(standards | {stem(word) for word in standards})


def reduplicated(word: str) -> str:
    """A normalised reduplication written with a 2 as written with a hyphen ("anak2" -> "anak-anak"), when what
    precedes the 2 is a word the dictionaries know (so "ps2" and "mp2" stay codes); any other word unchanged."""
    match = _DIGIT_REDUPLICATION_RE.fullmatch(word)
    if match and is_word(match.group(1)):
        return f"{match.group(1)}-{match.group(1)}"
    return word


@lru_cache(maxsize=200_000)
def word_lemma(word: str) -> Lemma:
    """Lemma of a normalised word (see ``articles.search.lemmas``); numbers, codes and foreign scripts are their
    own root."""
    if len(word) > _MAX_STEM_LENGTH or not _STEMMABLE_RE.fullmatch(word):
        return Lemma(word)
    return lemma(word)


def stem(word: str) -> str:
    """The root a normalised word is searched by ("mengunjungi" -> "kunjung")."""
    return word_lemma(word).root


def read_protected_words_from(source: Callable[[], frozenset[str]]) -> None:
    """Name the one function the stem filter asks for the normalised words it must leave alone (entity names).

    Installed once per process when the app starts (``articles.apps``), so ``manage.py ingest``, ``reindex``,
    ``rebuild_index`` and the web workers protect the same names at index and at query time. The source is asked
    at every analysis and keeps its own cache; nothing is pickled with the analyzer.
    """
    global _protected_source
    _protected_source = source


def protected_words() -> frozenset[str]:
    """The normalised words the stemmer leaves alone, from the installed source (none before one is)."""
    return _protected_source()


def normalised_words(words: Iterable[str]) -> frozenset[str]:
    """Words as the analyzer sees them ("Soeharto" -> "suharto"), for a protected-word source."""
    return frozenset(token.text for word in words for token in exact_analyzer()(word, mode="query"))


def protected_words_for(name: str, aliases: Iterable[str] = (), *, person: bool = False) -> set[str]:
    """Words of an entity to protect: every word of a person's names, one-word names of anything else.

    Protecting each word of "Kementerian Pertahanan" would stop "kementerian" meeting "menteri", so
    multi-word names of organisations and places keep their stemming.
    """
    names = [name, *aliases]
    return {word for name in names for word in name.split() if person or len(name.split()) == 1}


class IndonesianTokenizer(Tokenizer):
    """Words, numbers and hyphenated words as single normalised tokens, with positions and offsets.

    In ``mode="index"`` a hyphenated token is followed, at the same position, by its distinct parts
    ("iskander-m" -> "iskander", "m"; "kota-kota" -> "kota"), so a search for a part finds the whole while
    a search for the whole stays precise. A token mixing letters and digits drops its hyphens in every mode
    ("F-16" and "F16" -> "f16"), since both spellings are common in news; such a code inside a longer
    compound is indexed too ("pasca-COVID-19" -> "pascacovid19", "pasca", "covid", "19", "covid19").
    Reduplication written with a 2 is read as hyphenated ("anak2" -> "anak-anak", see ``reduplicated``).
    """

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ) -> Iterator[Token]:
        """Yield one reused Token per word (Whoosh convention: copy it to keep it)."""
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            end = start_char + len(value)
            yield _set(token, normalize(value), value, start_pos, start_char, end, keeporiginal)
            return
        for pos, match in enumerate(TOKEN_RE.finditer(value), start_pos):
            surface, start = match.group(0), start_char + match.start()
            normalized = normalize(surface)
            end = start + len(surface)
            doubled = reduplicated(normalized)
            if doubled != normalized:
                yield _set(token, doubled, surface, pos, start, end, keeporiginal)
                if mode == "index":  # its part, as "kota-kota" gives "kota"
                    yield _set(token, doubled.partition("-")[0], surface, pos, start, end, keeporiginal)
                continue
            text = _whole_text(normalized)
            if not text:  # a compatibility character that decomposes to accents alone
                continue
            yield _set(token, text, surface, pos, start, end, keeporiginal)
            if mode == "index" and "-" in normalized:
                parts = _parts(surface, start)
                seen = {text}
                for part, part_start, part_end in (*parts, *_codes(parts)):
                    if part not in seen:
                        seen.add(part)
                        yield _set(token, part, surface, pos, part_start, part_end, keeporiginal)


def _whole_text(normalized: str) -> str:
    if "-" in normalized and _DIGIT_RE.search(normalized) and _LETTER_RE.search(normalized):
        return normalized.replace("-", "")
    return normalized


def _parts(surface: str, offset: int) -> list[tuple[str, int, int]]:
    """Normalised parts of a hyphenated token with their offsets, in order."""
    pieces = ((normalize(match.group(0)), match) for match in re.finditer(r"[^-\u2010\u2011]+", surface))
    return [(text, offset + match.start(), offset + match.end()) for text, match in pieces if text]


def _codes(parts: list[tuple[str, int, int]]) -> Iterator[tuple[str, int, int]]:
    """Runs of up to MAX_CODE_PARTS adjacent parts that mix letters and digits, joined without hyphens as a
    code is searched ("covid-19" -> "covid19"); the whole token is left out, it is already indexed."""
    for length in range(2, min(MAX_CODE_PARTS, len(parts) - 1) + 1):
        for first in range(len(parts) - length + 1):
            run = parts[first:first + length]
            code = "".join(text for text, _, _ in run)
            if _DIGIT_RE.search(code) and _LETTER_RE.search(code):
                yield code, run[0][1], run[-1][2]


def _set(token: Token, text: str, original: str, pos: int, start: int, end: int, keeporiginal: bool) -> Token:
    token.text = text
    token.boost = 1.0
    token.stopped = False
    if keeporiginal:
        token.original = original
    # Always set: the stop and stem filters group a hyphenated word's parts by position.
    token.pos = pos
    if token.chars:
        token.startchar = start
        token.endchar = end
    return token


class ModernSpellingFilter(Filter):
    """Every spelling of a word to the standard one, so "Soeharto" and "Suharto", "yg" and "yang", "praktek" and
    "praktik" are one term (see ``articles.search.spellings.standard_spelling``)."""

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = standard_spelling(token.text)
            yield token


class IndonesianStopFilter(Filter):
    """Drops ``STOPWORDS`` and closes the gaps they leave, keeping tokens that share a position together.

    Whoosh's own StopFilter renumbers every token, which would pull a hyphenated word's parts apart.
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        last_source_pos: int | None = None
        pos: int | None = None
        for token in tokens:
            if token.text in STOPWORDS:
                if not token.removestops:
                    token.stopped = True
                    yield token
                continue
            if token.pos != last_source_pos:
                last_source_pos = token.pos
                pos = token.pos if pos is None else pos + 1
            token.pos = pos
            yield token


class LiteralStopFilter(Filter):
    """Keeps ``STOPWORDS`` at their own positions when indexing and when a query asks for them
    (``removestops=False``: a quoted phrase such as "Menteri Dalam Negeri"); drops them from other queries.

    So a stopword in a phrase matches itself only, and "menteri dari negeri" is not "menteri dalam negeri".
    """

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        for token in tokens:
            if token.removestops and token.mode != "index" and token.text in STOPWORDS:
                continue
            yield token


class IndonesianStemFilter(Filter):
    """Lemmas (cached) that leave protected words (entity names) alone.

    A word the dictionaries disagree on is indexed as itself too, at the same position, so it is never found only
    under a root that may be wrong; queries use the root. Drops a token that repeats an earlier one at the same
    position ("berturut-turut" and its parts all stem to "turut"), so term frequencies stay honest.
    """

    is_morph = True

    def __call__(self, tokens: Iterable[Token]) -> Iterator[Token]:
        protected = protected_words()
        last_pos: int | None = None
        seen: set[str] = set()
        for token in tokens:
            word = token.text
            found = Lemma(word) if word in protected else word_lemma(word)
            texts = (found.root, word) if found.ambiguous and token.mode == "index" else (found.root,)
            if token.pos != last_pos:
                last_pos = token.pos
                seen = set()
            for text in texts:
                if text not in seen:
                    seen.add(text)
                    token.text = text
                    yield token


def indonesian_analyzer() -> CompositeAnalyzer:
    """Stemmed analyzer for the title, body and entity text fields, and for highlighting them."""
    return IndonesianTokenizer() | ModernSpellingFilter() | IndonesianStopFilter() | IndonesianStemFilter()


def exact_analyzer() -> CompositeAnalyzer:
    """Unstemmed analyzer for the exact field, so names match only as written ("Megawati", "Bekasi"), and
    quoted phrases with stopwords match word for word."""
    return IndonesianTokenizer() | ModernSpellingFilter() | LiteralStopFilter()

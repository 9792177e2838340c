"""Find people, organisations, places and other named things in Indonesian news text.

A CRF (trained by `articles.entities.train`) proposes mentions; curated gazetteer matches, rules for
Indonesian cues (roles before names, `kata`/`ujar` attributions, `Nama Lengkap (NL)` acronyms) and
document-level propagation (a surname used alone) add and correct them; a stoplist removes common words.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from articles.entities.features import (
    ATTRIBUTION_VERBS,
    DAYS,
    MONTHS,
    OPENERS,
    ROLE_CONTINUATIONS,
    ROLE_WORDS,
    gazetteer_tags,
    sentence_features,
)
from articles.entities.gazetteer import Gazetteer, Match, load_default_gazetteer

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "fixtures" / "models" / "ner-id.crfsuite"
# Words with inner hyphens, dots, apostrophes or ampersands stay whole: Iskander-M, F-16, 40.000, Ma'ruf.
TOKEN_RE = re.compile(r"\w+(?:[-'’.&]\w+)*|[^\w\s]")
ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9]{1,6}")
SENTENCE_ENDS = frozenset(".!?")
CRF_TYPES = {"PER": "person", "ORG": "organization", "LOC": "location"}
MAX_NAME_WORDS = 4
# A line whose words are mostly capitalised is a headline or caption, where capitals say nothing.
HEADLINE_CAPITALS = 0.6
HEADLINE_MIN_WORDS = 3
# The first word of a name says its type better than the model does: "Laut Hitam", "Partai Golkar".
LOCATION_HEADS = [
    "laut",
    "selat",
    "teluk",
    "samudra",
    "samudera",
    "gunung",
    "sungai",
    "danau",
    "pulau",
    "kepulauan",
    "semenanjung",
]
ORGANIZATION_HEADS = [
    "kementerian",
    "universitas",
    "partai",
    "komisi",
    "badan",
    "dewan",
    "majelis",
    "mahkamah",
    "pengadilan",
    "kejaksaan",
    "kepolisian",
    "angkatan",
    "bank",
    "pt",
    "perusahaan",
    "lembaga",
]
HEAD_TYPES = dict.fromkeys(LOCATION_HEADS, "location") | dict.fromkeys(ORGANIZATION_HEADS, "organization")

Token = tuple[int, int, str]
# A candidate mention over tokens first..last-exclusive.
Mention = tuple[int, int, str]


@dataclass(frozen=True, order=True)
class Span:
    """A mention: `text == document[start:end]`; type is person, organization, location or misc."""

    start: int
    end: int
    text: str
    type: str


@functools.cache
def _model(path: Path = DEFAULT_MODEL) -> tuple[pycrfsuite.Tagger, frozenset[str]]:
    """The CRF tagger and the feature names it knows, loaded once per process."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger, frozenset(tagger.info().attributes)


def tokenise(text: str) -> list[Token]:
    """(start, end, text) tokens with character offsets into `text`."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]


def sentences(text: str, tokens: list[Token]) -> list[range]:
    """Token ranges of sentences: a break after . ! ? and at every line break."""
    bounds, first = [], 0
    for i, (_, end, word) in enumerate(tokens):
        next_start = tokens[i + 1][0] if i + 1 < len(tokens) else len(text)
        if word in SENTENCE_ENDS or "\n" in text[end:next_start]:
            bounds.append(range(first, i + 1))
            first = i + 1
    if first < len(tokens):
        bounds.append(range(first, len(tokens)))
    return bounds


class _Document:
    """Tokens, sentence starts and the common-word test for one text."""

    def __init__(self, text: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.tokens = tokenise(text)
        self.words = [t[2] for t in self.tokens]
        self.sentences = sentences(text, self.tokens)
        self.headline = _headline_tokens(text, self.tokens)
        self.initial = {r.start for r in self.sentences} | {i + 1 for i, w in enumerate(self.words) if w in OPENERS}
        self.lower = [w.lower() for w in self.words]
        common = gazetteer.common_words
        self._common = [w in common or w in DAYS or w in MONTHS or w in ROLE_WORDS for w in self.lower]
        # `Rusia-Ukraina` (as in `Perang Rusia-Ukraina`) pairs two places: not a name of its own.
        for i, word in enumerate(self.words):
            if "-" in word and word[:1].isupper() and _place_pair(word, gazetteer):
                self._common[i] = True

    def is_name_word(self, i: int) -> bool:
        """Capitalised (names, acronyms, codes like G7) and not a common word."""
        return self.words[i][:1].isupper() and not self._common[i]

    def is_common(self, i: int) -> bool:
        """A stopword, weekday, month or role: never an entity by itself."""
        return self._common[i]

    def span(self, mention: Mention) -> Span:
        first, last, type_ = mention
        start, end = self.tokens[first][0], self.tokens[last - 1][1]
        return Span(start, end, self.text[start:end], type_)


def _place_pair(word: str, gazetteer: Gazetteer) -> bool:
    parts = word.split("-")
    if len(parts) < 2:
        return False
    entries = [gazetteer.lookup(part) for part in parts]
    return all(entry is not None and entry.type == "location" for entry in entries)


def _headline_tokens(text: str, tokens: list[Token]) -> frozenset[int]:
    """Indices of tokens on title-case lines (`Rusia Serang Kota-Kota Ukraina`)."""
    lines: list[list[int]] = [[]]
    for i, (start, _, _) in enumerate(tokens):
        if i and "\n" in text[tokens[i - 1][1] : start]:
            lines.append([])
        lines[-1].append(i)
    found: set[int] = set()
    for line in lines:
        words = [tokens[i][2] for i in line if tokens[i][2][:1].isalpha()]
        capitals = sum(1 for w in words if w[:1].isupper())
        if len(words) >= HEADLINE_MIN_WORDS and capitals >= HEADLINE_CAPITALS * len(words):
            found.update(line)
    return frozenset(found)


def recognise(text: str, gazetteer: Gazetteer | None = None) -> list[Span]:
    """Non-overlapping mentions in `text`, sorted by position."""
    gazetteer = gazetteer or load_default_gazetteer()
    doc = _Document(text, gazetteer)
    if not doc.tokens:
        return []
    offsets = [(start, end) for start, end, _ in doc.tokens]
    matches = gazetteer.find(text)
    # In headlines only the gazetteer and names found in the body count.
    labels = [
        "O" if i in doc.headline else label
        for i, label in enumerate(_crf_labels(doc, gazetteer_tags(offsets, matches)))
    ]
    model = [_retype(doc, m) for m in (_trim(doc, m) for m in _iob_mentions(labels)) if m is not None]
    found = _merge(model, _accepted_matches(doc, offsets, matches, labels))
    found = _add_named_after_cues(doc, found)
    found = _add_acronyms(doc, found)
    found = [m for m in found if not _byline(doc, m)]
    found = _propagate(doc, found)
    return [doc.span(m) for m in sorted(found)]


def _crf_labels(doc: _Document, gaz_tags: list[str]) -> list[str]:
    tagger, known = _model()
    labels: list[str] = []
    for sentence in doc.sentences:
        words = doc.words[sentence.start : sentence.stop]
        labels.extend(tagger.tag(sentence_features(words, gaz_tags[sentence.start : sentence.stop], known)))
    return labels


def _iob_mentions(labels: list[str]) -> list[Mention]:
    mentions, start, kind = [], None, ""
    for i, label in enumerate([*labels, "O"]):
        prefix, _, label_kind = label.partition("-")
        if start is not None and (prefix != "I" or label_kind != kind):
            mentions.append((start, i, CRF_TYPES[kind]))
            start = None
        if prefix in ("B", "I") and start is None:
            start, kind = i, label_kind
    return mentions


def _trim(doc: _Document, mention: Mention) -> Mention | None:
    """Drop roles, dates, common words and punctuation at the edges; None if nothing named is left."""
    first, last, type_ = mention
    while first < last and (doc.is_common(first) or not doc.words[first][:1].isalnum()):
        role = doc.lower[first] in ROLE_WORDS
        first += 1
        while role and first < last and doc.lower[first] in ROLE_CONTINUATIONS:
            first += 1
    while last > first and (doc.is_common(last - 1) or not doc.words[last - 1][-1:].isalnum()):
        last -= 1
    if first == last or not any(doc.is_name_word(i) for i in range(first, last)):
        return None
    return first, last, type_


def _retype(doc: _Document, mention: Mention) -> Mention:
    first, last, type_ = mention
    return first, last, HEAD_TYPES.get(doc.lower[first], type_) if last - first > 1 else type_


def _accepted_matches(
    doc: _Document, offsets: list[tuple[int, int]], matches: list[Match], labels: list[str]
) -> list[Mention]:
    """Token-aligned gazetteer matches, minus one-word common words the model does not confirm."""
    starts = {start: i for i, (start, _) in enumerate(offsets)}
    ends = {end: i + 1 for i, (_, end) in enumerate(offsets)}
    accepted = []
    for match in matches:
        first, last = starts.get(match.start), ends.get(match.end)
        if first is None or last is None:
            continue
        if last - first == 1 and not _single_word_ok(doc, first, match, labels[first]):
            continue
        accepted.append((first, last, match.entry.type))
    return accepted


def _single_word_ok(doc: _Document, i: int, match: Match, label: str) -> bool:
    if match.text.isupper() or label != "O":
        return True
    return not doc.is_common(i) and not match.entry.weak


def _merge(model: list[Mention], curated: list[Mention]) -> list[Mention]:
    """Curated matches win, unless the model's mention strictly extends them with other words."""
    kept = list(curated)
    for mention in model:
        inside = [c for c in curated if c[0] < mention[1] and mention[0] < c[1]]
        if not inside:
            kept.append(mention)
            continue
        covered = {i for c in inside for i in range(c[0], c[1])}
        extends = all(mention[0] <= c[0] and c[1] <= mention[1] for c in inside)
        if extends and len(covered) < mention[1] - mention[0]:
            kept = [c for c in kept if c not in inside]
            kept.append(mention)
    return kept


def _covered(mentions: list[Mention]) -> dict[int, Mention]:
    return {i: m for m in mentions for i in range(m[0], m[1])}


def _add_named_after_cues(doc: _Document, found: list[Mention]) -> list[Mention]:
    """A name right after a role (`Presiden Putin`) or an attribution verb (`kata Stoltenberg`) is a person."""
    covered = _covered(found)
    added = []
    for i, lower in enumerate(doc.lower):
        if lower in ROLE_WORDS or lower in ATTRIBUTION_VERBS:
            name = _name_after(doc, i + 1, covered)
            if name is not None:
                added.append(name)
                covered.update(_covered([name]))
    return found + added


def _name_after(doc: _Document, i: int, covered: dict[int, Mention]) -> Mention | None:
    """Skip role words, places and organisations (`Menteri Luar Negeri AS`), then read a capitalised name."""
    n = len(doc.words)
    while i < n:
        word = doc.words[i]
        if doc.lower[i] in ROLE_WORDS or doc.lower[i] in ROLE_CONTINUATIONS:
            i += 1
        elif i in covered and covered[i][2] in ("location", "organization"):
            i = covered[i][1]
        elif word == "(" and i + 2 < n and doc.words[i + 2] == ")" and i + 1 in covered:
            i += 3
        else:
            break
    last = i
    while last < n and last - i < MAX_NAME_WORDS and last not in covered and doc.is_name_word(last):
        last += 1
    return (i, last, "person") if last > i else None


def _byline(doc: _Document, mention: Mention) -> bool:
    """Author initials in brackets on a line of their own or at the very end: `(WIL)`."""
    first, last, _ = mention
    if last - first != 1 or first == 0 or last >= len(doc.words):
        return False
    if doc.words[first - 1] != "(" or doc.words[last] != ")" or not doc.words[first].isupper():
        return False
    opening, closing = doc.tokens[first - 1][0], doc.tokens[last][1]
    line_start = doc.text.rfind("\n", 0, opening) + 1
    line_end = doc.text.find("\n", closing)
    rest = doc.text[closing:] if line_end < 0 else doc.text[closing:line_end]
    alone = not doc.text[line_start:opening].strip() and not rest.strip(" .")
    return alone or not doc.text[closing:].strip()


def _add_acronyms(doc: _Document, found: list[Mention]) -> list[Mention]:
    """`Eddy Sumarman (ES)`: the acronym takes the type of the name before it, here and later on."""
    covered = _covered(found)
    defined: dict[str, str] = {}
    for _, last, type_ in found:
        if last + 2 < len(doc.words) and doc.words[last] == "(" and doc.words[last + 2] == ")":
            acronym = doc.words[last + 1]
            if ACRONYM_RE.fullmatch(acronym):
                defined.setdefault(acronym, type_)
    added = [(i, i + 1, defined[word]) for i, word in enumerate(doc.words) if word in defined and i not in covered]
    return found + added


def _propagate(doc: _Document, found: list[Mention]) -> list[Mention]:
    """Names found once are names everywhere in the document; a person's last name alone is that person."""
    known: dict[tuple[str, ...], str] = {}
    for first, last, type_ in found:
        known.setdefault(tuple(doc.words[first:last]), type_)
        if type_ == "person" and last - first > 1 and doc.is_name_word(last - 1):
            known.setdefault((doc.words[last - 1],), "person")
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted(known, key=len, reverse=True):
        by_first.setdefault(words[0], []).append(words)
    covered = _covered(found)
    added: list[Mention] = []
    i = 0
    while i < len(doc.words):
        mention = None if i in covered else _known_at(doc, i, by_first, known, covered)
        if mention is not None:
            added.append(mention)
            i = mention[1]
        else:
            i += 1
    return found + added


def _known_at(
    doc: _Document,
    i: int,
    by_first: dict[str, list[tuple[str, ...]]],
    known: dict[tuple[str, ...], str],
    covered: dict[int, Mention],
) -> Mention | None:
    if not doc.is_name_word(i):
        return None
    for words in by_first.get(doc.words[i], ()):
        last = i + len(words)
        if tuple(doc.words[i:last]) == words and not any(j in covered for j in range(i, last)):
            return i, last, known[words]
    return None

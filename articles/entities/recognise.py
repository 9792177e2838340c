"""Find people, organisations, places and other named things in Indonesian news text.

A CRF (trained by `articles.entities.train`) proposes mentions; curated gazetteer matches, rules for
Indonesian cues (roles before names, `kata`/`ujar` attributions, `Nama Lengkap (NL)` acronyms) and
document-level propagation (a surname used alone) add and correct them; a stoplist removes common words.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite

from articles.entities import features, word_clusters
from articles.entities.features import gazetteer_tags, sentence_features
from articles.entities.gazetteer import Gazetteer, Match, load_default_gazetteer
from articles.lexicon.calendar import DAY_WORDS, MONTH_WORDS
from articles.lexicon.offices import ATTRIBUTION_VERBS, ROLE_CONTINUATIONS, ROLE_WORDS
from articles.lexicon.titles import COMPANY_FORMS, is_degree, is_title, never_ends_sentence

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "fixtures" / "models" / "ner-id.crfsuite"
# Words with inner hyphens, dots, apostrophes or ampersands stay whole: Iskander-M, F-16, 40.000, Ma'ruf.
TOKEN_RE = re.compile(r"\w+(?:[-'’.&]\w+)*|[^\w\s]")
# Two capitalised names joined by a hyphen are two words: `Anies-Sandi`, `Jokowi-JK`, `Rusia-Ukraina`.
NAME_PAIR_RE = re.compile(r"([A-Z][a-z]+|[A-Z]{2,})-([A-Z][A-Za-z]+)")
# Words before a hyphenated pair that make it a pair of people: `pasangan Anies-Sandi`.
PAIR_CUES = frozenset({"pasangan", "paslon", "duet", "duo", "pemerintahan", "era", "kubu"})
# Offices and units named after a role word: `Ketua Komisi VII DPR`, `Ketua Fraksi Gerindra`, `Menteri
# Pertanian X`. What follows the role there is an organisation or a portfolio, not a person.
OFFICE_WORDS = frozenset({
    "komisi", "fraksi", "majelis", "syuro", "dpw", "dpd", "dpc", "dpp", "deputi", "komisioner", "senior",
    "bidang", "divisi", "direktorat", "biro", "pusat", "tim", "kampanye", "pemenangan", "harian", "pembina",
    "pengurus", "kantor", "polhukam", "perekonomian", "kemaritiman", "pertanian", "perdagangan", "perindustrian",
    "kesehatan", "pendidikan", "kebudayaan", "agama", "sosial", "perhubungan", "hukum", "ham", "bumn", "koperasi",
    "ukm", "pariwisata", "pekerjaan", "perumahan", "rakyat", "kelautan", "perikanan", "lingkungan", "hidup",
    "kehutanan", "energi", "esdm", "ketenagakerjaan", "tenaga", "kerja", "desa", "pemuda", "olahraga", "riset",
    "teknologi", "komunikasi", "informatika", "kominfo", "ppn", "bappenas", "pan-rb", "agraria", "investasi",
    "muda", "pidana", "khusus", "tinggi", "pengawas", "dan", "terpilih", "madya", "kota", "pemasaran", "niaga",
    "konstitusi", "transmigrasi", "operasional", "operasi", "nomor", "no",
})
ROMAN_RE = re.compile(r"[IVX]{1,5}")
ACRONYM_RE = re.compile(r"[A-Z][A-Z0-9]{1,6}")
SENTENCE_ENDS = frozenset(".!?")
CRF_TYPES = {"PER": "person", "ORG": "organization", "LOC": "location"}
MAX_NAME_WORDS = 4
UNIT_NAME_WORDS = 2
# A line whose words are mostly capitalised is a headline or caption, where capitals say nothing.
HEADLINE_CAPITALS = 0.6
HEADLINE_MIN_WORDS = 3
# The first word of a name says its type better than the model does: "Laut Hitam", "Partai Golkar".
LOCATION_HEADS = [
    "kali",
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
    "polda",
    "polres",
    "polresta",
    "polrestabes",
    "polsek",
    "kodam",
    "korem",
    "kodim",
    "kejati",
    "kejari",
    "forum",
    "yayasan",
    "asosiasi",
    "himpunan",
    "ikatan",
    "serikat",
    "koalisi",
    "aliansi",
    "komando",
]
HEAD_TYPES = dict.fromkeys(LOCATION_HEADS, "location") | dict.fromkeys(ORGANIZATION_HEADS, "organization")

Token = tuple[int, int, str]
# A candidate mention over tokens first..last-exclusive.
Mention = tuple[int, int, str]


@dataclass(frozen=True, order=True)
class Span:
    """A mention: `text == document[start:end]`; type is person, organization, location or misc.

    `alias_of` is the full name this text stands for in this document (`Ahok` after `Basuki Tjahaja Purnama
    atau Ahok`, `BI` after `Bank Indonesia (BI)`), or "".
    """

    start: int
    end: int
    text: str
    type: str
    alias_of: str = ""


_active_model = {"path": DEFAULT_MODEL}


@functools.cache
def _model(path: Path) -> tuple[pycrfsuite.Tagger, frozenset[str]]:
    """The CRF tagger and the feature names it knows, loaded once per process."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger, frozenset(tagger.info().attributes)


def use_model(model: Path, clusters: Path, signs: Path) -> None:
    """Recognise with `model` and the word `clusters` and vector `signs` it was trained with from now on,
    in this process. For the evaluation of a fold the shipped model was trained on: it trains its own."""
    word_clusters.use(clusters, signs)
    features.forget_words()
    _active_model["path"] = model


def tokenise(text: str) -> list[Token]:
    """(start, end, text) tokens with character offsets into `text`."""
    tokens = []
    for m in TOKEN_RE.finditer(text):
        pair = NAME_PAIR_RE.fullmatch(m.group())
        if pair is None:
            tokens.append((m.start(), m.end(), m.group()))
        else:
            cut = m.start() + pair.end(1)
            tokens += [(m.start(), cut, pair[1]), (cut, cut + 1, "-"), (cut + 1, m.end(), pair[2])]
    return tokens


def sentences(text: str, tokens: list[Token]) -> list[range]:
    """Token ranges of sentences: a break after . ! ? and at every line break.

    The dot of an abbreviation (`Pol.`, `Dr.`, `H.`, `M.Si.`, `PT.`) or one before a lower-case word or a
    comma is no break.
    """
    bounds, first = [], 0
    for i, (_, end, word) in enumerate(tokens):
        next_start = tokens[i + 1][0] if i + 1 < len(tokens) else len(text)
        if "\n" in text[end:next_start] or (word in SENTENCE_ENDS and not _inner_dot(tokens, i)):
            bounds.append(range(first, i + 1))
            first = i + 1
    if first < len(tokens):
        bounds.append(range(first, len(tokens)))
    return bounds


def _inner_dot(tokens: list[Token], i: int) -> bool:
    if tokens[i][2] != "." or i + 1 >= len(tokens):
        return False
    following = tokens[i + 1][2]
    attached = i > 0 and tokens[i - 1][1] == tokens[i][0]
    return (attached and never_ends_sentence(tokens[i - 1][2])) or following == "," or following[:1].islower()


class _Document:
    """Tokens, sentence starts and the common-word test for one text."""

    def __init__(self, text: str, gazetteer: Gazetteer) -> None:
        self.text = text
        self.tokens = tokenise(text)
        self.words = [t[2] for t in self.tokens]
        self.sentences = sentences(text, self.tokens)
        self.headline = _headline_tokens(text, self.tokens)
        self.lower = [w.lower() for w in self.words]
        padded = ["", *self.words, ""]
        # Ranks, positions, dotted titles and degrees around a name: never part of it, never an entity.
        self.titles = frozenset(
            i for i, word in enumerate(self.words)
            if is_title(word, padded[i + 2]) or is_degree(word, padded[i], padded[i + 2])
        )
        common = gazetteer.common_words
        self._common = [
            w in common or w in DAY_WORDS or w in MONTH_WORDS or w in ROLE_WORDS or i in self.titles
            for i, w in enumerate(self.lower)
        ]
        self.gazetteer = gazetteer
        # Full names that other words stand for in this document: words -> name (see Span.alias_of).
        self.aliases: dict[tuple[str, ...], str] = {}
        # The gazetteer matches the recogniser accepted, before the model's mentions were merged over them.
        self.curated: list[Mention] = []
        # Every token-aligned gazetteer place or body, accepted or not, by first token: first -> (last, type).
        self.known: dict[int, tuple[int, str]] = {}

    def is_name_word(self, i: int) -> bool:
        """Capitalised (names, acronyms, codes like G7) and not a common word."""
        return self.words[i][:1].isupper() and not self._common[i]

    def is_common(self, i: int) -> bool:
        """A stopword, weekday, month or role: never an entity by itself."""
        return self._common[i]

    def span(self, mention: Mention) -> Span:
        first, last, type_ = mention
        start, end = self.tokens[first][0], self.tokens[last - 1][1]
        return Span(start, end, self.text[start:end], type_, self.aliases.get(tuple(self.words[first:last]), ""))

    def name_text(self, first: int, last: int) -> str:
        return self.text[self.tokens[first][0] : self.tokens[last - 1][1]]


def _headline_tokens(text: str, tokens: list[Token]) -> frozenset[int]:
    """Indices of tokens on title-case lines (`Rusia Serang Kota-Kota Ukraina`).

    A line that ends a sentence (`.`, `!`, `?`) is prose, however many names it holds.
    """
    lines: list[list[int]] = [[]]
    for i, (start, _, _) in enumerate(tokens):
        if i and "\n" in text[tokens[i - 1][1] : start]:
            lines.append([])
        lines[-1].append(i)
    found: set[int] = set()
    for line in lines:
        if not line or tokens[line[-1]][2] in SENTENCE_ENDS:
            continue
        words = [tokens[i][2] for i in line if tokens[i][2][:1].isalpha()]
        capitals = sum(1 for w in words if w[:1].isupper())
        if len(words) >= HEADLINE_MIN_WORDS and capitals >= HEADLINE_CAPITALS * len(words):
            found.update(line)
    return frozenset(found)


def recognise(text: str, gazetteer: Gazetteer | None = None, *, passes: Iterable[str] | None = None) -> list[Span]:
    """Non-overlapping mentions in `text`, sorted by position.

    `passes` (default: all of PASSES) names the passes that run after the CRF, so that the evaluation can
    score the pipeline without each of them (`python -m articles.entities.evaluate --ablate`).
    """
    gazetteer = gazetteer or load_default_gazetteer()
    chosen = frozenset(PASSES if passes is None else passes)
    doc = _Document(text, gazetteer)
    if not doc.tokens:
        return []
    offsets = [(start, end) for start, end, _ in doc.tokens]
    matches = gazetteer.find(text)
    doc.known = _known_bodies(offsets, matches)
    # In headlines only the gazetteer and names found in the body count.
    headline = doc.headline if "headlines" in chosen else frozenset()
    labels = [
        "O" if i in headline else label for i, label in enumerate(_crf_labels(doc, gazetteer_tags(offsets, matches)))
    ]
    found = _iob_mentions(labels)
    if "edges" in chosen:
        found = [_retype(doc, m) for m in (_trim(doc, m) for m in found) if m is not None]
    if "gazetteer" in chosen:
        doc.curated = _accepted_matches(doc, offsets, matches, labels)
        found = _merge(doc, found, doc.curated)
    for name, step in _STEPS:
        if name in chosen:
            found = step(doc, found)
    return [doc.span(m) for m in sorted(found)]


def _crf_labels(doc: _Document, gaz_tags: list[str]) -> list[str]:
    tagger, known = _model(_active_model["path"])
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
    while last > first and (
        (doc.is_common(last - 1) and not _name_part(doc, last - 1)) or not doc.words[last - 1][-1:].isalnum()
    ):
        last -= 1
    if first == last or not any(doc.is_name_word(i) for i in range(first, last)):
        return None
    return first, last, type_


def _name_part(doc: _Document, i: int) -> bool:
    """A capitalised stopword that ends a name: `Timur Tengah`, `Kebayoran Baru`, `Perguruan Tinggi`.

    Days, months, roles and titles are never part of a name.
    """
    lower = doc.lower[i]
    return (
        doc.words[i][:1].isupper() and i not in doc.titles
        and lower not in DAY_WORDS and lower not in MONTH_WORDS and lower not in ROLE_WORDS
    )


def _retype(doc: _Document, mention: Mention) -> Mention:
    first, last, type_ = mention
    return first, last, HEAD_TYPES.get(doc.lower[first], type_) if last - first > 1 else type_


def _accepted_matches(
    doc: _Document, offsets: list[tuple[int, int]], matches: list[Match], labels: list[str]
) -> list[Mention]:
    """Token-aligned gazetteer matches, minus one-word common words and places the model does not confirm.

    Whether a place name is a mention depends on the corpus's convention (`militer Israel` is a place in
    NERGrit, nothing in IDNER); the model, trained on both, knows the context, a list does not.
    """
    accepted = []
    for first, last, match in _aligned(offsets, matches):
        if last - first == 1 and not _single_word_ok(doc, first, match, labels[first]):
            continue
        unconfirmed = all(tag == "O" for tag in labels[first:last])
        if match.entry.type == "location" and first not in doc.headline and unconfirmed:
            continue
        accepted.append((first, last, match.entry.type))
    return accepted


def _aligned(offsets: list[tuple[int, int]], matches: list[Match]) -> Iterator[tuple[int, int, Match]]:
    """The matches that start and end on token boundaries, as (first token, last token + 1, match)."""
    starts = {start: i for i, (start, _) in enumerate(offsets)}
    ends = {end: i + 1 for i, (_, end) in enumerate(offsets)}
    for match in matches:
        first, last = starts.get(match.start), ends.get(match.end)
        if first is not None and last is not None:
            yield first, last, match


def _known_bodies(offsets: list[tuple[int, int]], matches: list[Match]) -> dict[int, tuple[int, str]]:
    """The longest token-aligned place or organisation match at each first token: first -> (last, type)."""
    known: dict[int, tuple[int, str]] = {}
    for first, last, match in _aligned(offsets, matches):
        if match.entry.type in ("location", "organization") and (first not in known or known[first][0] < last):
            known[first] = (last, match.entry.type)
    return known


def _single_word_ok(doc: _Document, i: int, match: Match, label: str) -> bool:
    if match.text.isupper() or label != "O":
        return True
    return not doc.is_common(i) and not match.entry.weak


def _merge(doc: _Document, model: list[Mention], curated: list[Mention]) -> list[Mention]:
    """Curated matches win, unless the model's mention strictly extends them with other names.

    Lower-case words never extend a curated name (`Partai Kebangkitan Bangsa mitra`).
    """
    kept = list(curated)
    for mention in model:
        inside = [c for c in curated if c[0] < mention[1] and mention[0] < c[1]]
        if not inside:
            kept.append(mention)
            continue
        covered = {i for c in inside for i in range(c[0], c[1])}
        extends = all(mention[0] <= c[0] and c[1] <= mention[1] for c in inside)
        extra = [i for i in range(mention[0], mention[1]) if i not in covered]
        if extends and any(doc.is_name_word(i) for i in extra):
            kept = [c for c in kept if c not in inside]
            kept.append(mention)
    return kept


def _covered(mentions: list[Mention]) -> dict[int, Mention]:
    return {i: m for m in mentions for i in range(m[0], m[1])}


def _unglue_after_roles(doc: _Document, found: list[Mention]) -> list[Mention]:
    """Read again a model mention that starts after a role and holds an office or a known body.

    `Ketua DPW Partai NasDem Sumatera Utara Iskandar Sinaga` came out of the model as one organisation and
    `Wakil Presiden Terpilih Gibran Rakabuming Raka` as one place: read as `_name_after` reads a role's
    name, they are the party, the province and the person, and the person alone.
    """
    out: list[Mention] = []
    # Organisations end where a role's chain goes on: `Sekretaris DPD Partai Golkar | Jawa Tengah Mohammad Saleh`.
    after_body = {m[1] for m in found if m[2] == "organization"}
    for mention in found:
        first, last, _ = mention
        inside = [c for c in doc.curated if first <= c[0] and c[1] <= last and c != mention]
        if first == 0 or mention in doc.curated or not (_in_role(doc, first - 1) or first in after_body):
            out.append(mention)
            continue
        covered = _covered(inside)
        # Only a mention that starts with the office or the body: `Garuda Indonesia` may be a whole name.
        if not (_in_role(doc, first) or first in covered):
            out.append(mention)
            continue
        read = [m for m in _name_after(doc, first, covered) if m[1] <= last]
        if not read:
            out.append(mention)
            continue
        taken = _covered(read)
        out += read + [c for c in inside if not any(i in taken for i in range(c[0], c[1]))]
    return out


def _add_named_after_cues(doc: _Document, found: list[Mention]) -> list[Mention]:
    """A name right after a role (`Presiden Putin`) or an attribution verb (`kata Stoltenberg`) is a person."""
    return _add_named_after(doc, found, lambda i: doc.lower[i] in ROLE_WORDS or doc.lower[i] in ATTRIBUTION_VERBS)


def _add_named_after(doc: _Document, found: list[Mention], cue: Callable[[int], bool]) -> list[Mention]:
    covered = _covered(found)
    added = []
    for i in range(len(doc.words)):
        if cue(i):
            for mention in _name_after(doc, i + 1, covered):
                added.append(mention)
                covered.update(_covered([mention]))
    return found + added


def _name_after(doc: _Document, i: int, covered: dict[int, Mention]) -> list[Mention]:
    """Skip role words, places and organisations (`Menteri Luar Negeri AS`), then read a capitalised name.

    An organisation named by its head word on the way (`Kabid Humas Polda Metro Jaya Kombes Pol. Hendra
    Wijaya`) is read too, as at most UNIT_NAME_WORDS words after the head.
    """
    n = len(doc.words)
    found: list[Mention] = []
    while i < n:
        word = doc.words[i]
        if _in_role(doc, i):
            i += 1
        elif i in covered and covered[i][2] in ("location", "organization"):
            i = covered[i][1]
        elif i in doc.known and i not in covered:  # `Bupati Kepulauan Seribu Name`
            i = doc.known[i][0]
        elif word == "(" and i + 2 < n and doc.words[i + 2] == ")" and i + 1 in covered:
            i += 3
        elif HEAD_TYPES.get(doc.lower[i]) == "organization" and doc.words[i][:1].isupper() and i not in covered:
            end = i + 1
            while end < n and end - i <= UNIT_NAME_WORDS and end not in covered and doc.is_name_word(end):
                end += 1
            found.append((i, end, "organization"))
            i = end
        else:
            break
    last = i
    while last < n and last - i < MAX_NAME_WORDS and last not in covered and doc.is_name_word(last):
        last += 1
    return [*found, (i, last, "person")] if last > i and _person_after_role(doc, i, last) else found


def _person_after_role(doc: _Document, first: int, last: int) -> bool:
    """Whether the capitalised words read after a role are a person, not what the role is of.

    Not when they start with a known place or organisation or a place head (`Perdana Menteri Ethiopia`,
    `Ketua DPD Partai Demokrat Bali I Made`, `Raja Laut`), hold no word of two letters (`Angkatan Udara I`),
    or go on as an office's name: `, Name` after them (`Perdana Menteri Ethiopia, Meles Zenawi`) or
    `dan Name` (`Direktur Pemasaran dan Niaga`, `Menteri Tenaga Kerja dan Transmigrasi`).
    """
    entry = doc.gazetteer.lookup(doc.words[first])
    if (entry is not None and entry.type in ("location", "organization")) or doc.lower[first] in LOCATION_HEADS:
        return False
    if first in doc.known:  # `Gubernur Jawa Barat`: a place of more words than its first
        return False
    if not any(len(doc.words[j]) > 1 for j in range(first, last)):
        return False
    n = len(doc.words)
    return not (last + 1 < n and doc.words[last] in (",", "dan") and doc.is_name_word(last + 1))


def _in_role(doc: _Document, i: int) -> bool:
    """A role word, rank or title (with its dot), or an office (`Komisi XI`, `Fraksi`, `Pertanian`)."""
    lower, word = doc.lower[i], doc.words[i]
    return (
        lower in ROLE_WORDS or lower in ROLE_CONTINUATIONS or i in doc.titles or lower in OFFICE_WORDS
        or (word == "." and i - 1 in doc.titles)
        or (bool(ROMAN_RE.fullmatch(word)) and i > 0 and doc.lower[i - 1] in OFFICE_WORDS)
    )


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
    """`Eddy Sumarman (ES)`: the acronym takes the type and the entity of the name before it, here and later on."""
    covered = _covered(found)
    defined: dict[str, str] = {}
    for first, last, type_ in found:
        if last + 2 < len(doc.words) and doc.words[last] == "(" and doc.words[last + 2] == ")":
            acronym = doc.words[last + 1]
            if ACRONYM_RE.fullmatch(acronym) and acronym not in defined:
                defined[acronym] = type_
                doc.aliases.setdefault((acronym,), doc.name_text(first, last))
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


def _add_companies(doc: _Document, found: list[Mention]) -> list[Mention]:
    """`PT Sinar Jaya Abadi`, `PT. Sinar Jaya Abadi Tbk`: the form and the name after it are one organisation."""
    added = []
    for i, word in enumerate(doc.words):
        if word not in COMPANY_FORMS:
            continue
        first = i + 2 if i + 1 < len(doc.words) and doc.words[i + 1] == "." else i + 1
        last = first
        while last < len(doc.words) and last - first < MAX_NAME_WORDS + 1 and doc.words[last][:1].isupper():
            last += 1
        if last > first:
            added.append((i, last, "organization"))
    return _replace_overlapping(found, added)


def _add_place_heads(doc: _Document, found: list[Mention]) -> list[Mention]:
    """`Kali Ciliwung`, `Gunung Merapi`, `Selat Sunda`: a capitalised place head and the names after it are a place.

    Only where nothing was found: a head inside a longer name (`Universitas Gunung Jati`) stays there.
    """
    covered = _covered(found)
    added = []
    n = len(doc.words)
    for i in range(n - 1):
        if i in covered or doc.lower[i] not in LOCATION_HEADS or not doc.words[i][:1].isupper():
            continue
        if i > 0 and doc.words[i - 1][:1].isupper():
            continue
        last = i + 1
        while last < n and last - i <= UNIT_NAME_WORDS and last not in covered and doc.is_name_word(last):
            last += 1
        if last > i + 1:
            added.append((i, last, "location"))
            covered.update(_covered([(i, last, "location")]))
    return found + added


def _replace_overlapping(found: list[Mention], added: list[Mention]) -> list[Mention]:
    """`added` mentions win over the mentions they overlap."""
    taken = _covered(added)
    return [m for m in found if not any(i in taken for i in range(m[0], m[1]))] + added


def _add_pairs(doc: _Document, found: list[Mention]) -> list[Mention]:
    """`Anies-Sandi`, `Jokowi-JK`: a hyphen pair with a person in it, or after `pasangan`, is two persons."""
    covered = _covered(found)
    added = []
    for i in range(1, len(doc.words) - 1):
        left, right = i - 1, i + 1
        if doc.words[i] != "-" or doc.tokens[left][1] != doc.tokens[i][0] or doc.tokens[i][1] != doc.tokens[right][0]:
            continue
        if not (doc.is_name_word(left) and doc.is_name_word(right)):
            continue
        kinds = {_kind_at(doc, j, covered) for j in (left, right)}
        if "person" in kinds or (left and doc.lower[left - 1] in PAIR_CUES and kinds <= {None, "person"}):
            added += [(left, left + 1, "person"), (right, right + 1, "person")]
    return _replace_overlapping(found, added)


def _kind_at(doc: _Document, i: int, covered: dict[int, Mention]) -> str | None:
    if i in covered:
        return covered[i][2]
    entry = doc.gazetteer.lookup(doc.words[i])
    return entry.type if entry is not None else None


def _add_aliases(doc: _Document, found: list[Mention]) -> list[Mention]:
    """`Basuki Tjahaja Purnama atau Ahok`: the name after `atau` is the same person, here and later on."""
    covered = _covered(found)
    added = []
    for first, last, type_ in found:
        if type_ != "person" or last - first < 2 or last + 1 >= len(doc.words) or doc.lower[last] != "atau":
            continue
        start = end = last + 1
        while end < len(doc.words) and end - start < 2 and doc.is_name_word(end):
            end += 1
        nickname = covered.get(start)
        if end == start or (nickname is not None and (nickname[2] != "person" or nickname[1] > end)):
            continue
        doc.aliases[tuple(doc.words[start:end])] = doc.name_text(first, last)
        if nickname is None:
            added.append((start, end, "person"))
    return found + added


def _join_brackets(doc: _Document, found: list[Mention]) -> list[Mention]:
    """`Bank Indonesia (BI)` is one mention; its acronym stands for the name (one entity, see _add_acronyms)."""
    covered = _covered(found)
    joined = []
    for first, last, type_ in found:
        inside = last + 1
        # On the same line: "(WIL)" under the last paragraph is the reporter's initials, not an acronym.
        if (last + 2 < len(doc.words) and doc.words[last] == "(" and doc.words[last + 2] == ")"
                and "\n" not in doc.text[doc.tokens[last - 1][1]:doc.tokens[last][0]]
                and ACRONYM_RE.fullmatch(doc.words[inside]) and covered.get(inside, (0, 0, type_))[2] == type_):
            doc.aliases[tuple(doc.words[first : last + 3])] = doc.name_text(first, last)
            joined.append((first, last + 3, type_))
    return _replace_overlapping(found, joined)


def _join_names(doc: _Document, found: list[Mention]) -> list[Mention]:
    """Two person mentions with only a space between are one name: `Listyo Sigit` + `Prabowo`."""
    joined: list[Mention] = []
    for mention in sorted(found):
        if joined and mention[2] == joined[-1][2] == "person" and mention[0] == joined[-1][1] and \
                doc.tokens[mention[0]][0] == doc.tokens[mention[0] - 1][1] + 1:
            joined[-1] = (joined[-1][0], mention[1], "person")
        else:
            joined.append(mention)
    return joined


# The passes after the CRF, in order; each keeps its place only if it raises the cross-corpus score.
_STEPS: tuple[tuple[str, Callable[[_Document, list[Mention]], list[Mention]]], ...] = (
    ("companies", _add_companies),
    ("places", _add_place_heads),
    ("pairs", _add_pairs),
    ("unglue", _unglue_after_roles),
    ("cues", _add_named_after_cues),
    ("aliases", _add_aliases),
    ("acronyms", _add_acronyms),
    ("brackets", _join_brackets),
    ("names", _join_names),
    ("bylines", lambda doc, found: [m for m in found if not _byline(doc, m)]),
    ("propagation", _propagate),
)
PASSES = ("headlines", "edges", "gazetteer", *(name for name, _ in _STEPS))

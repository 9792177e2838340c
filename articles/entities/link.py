"""Resolve recognised mentions to canonical entity names (the keys the Django side maps to Entity rows)."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from articles.entities.gazetteer import Entry, Gazetteer, is_acronym
from articles.entities.recognise import Span
from articles.lexicon.offices import ROLE_CONTINUATIONS, ROLE_WORDS
from articles.memo import PerObject

# Fuzzy matching is for spelling variants (Zelensky/Zelenskyy), never for different people.
MIN_FUZZY_SCORE = 90
MIN_WORD_SCORE = 80
MIN_LENGTH_RATIO = 0.85
MIN_FUZZY_LENGTH = 5


@dataclass(frozen=True)
class LinkedMention:
    """A mention and the canonical name (key) and type of the entity it refers to."""

    span: Span
    key: str
    type: str


def dateline_place(dateline: str, gazetteer: Gazetteer) -> str | None:
    """The canonical name of the known place a dateline names (`BERLIN` -> `Berlin`, `Brussels` -> `Brussel`), or
    None: for an unknown place, or a name that is not a place (a dateline is where the story was filed)."""
    name = " ".join(dateline.split())
    if name.isupper():  # datelines are often in capitals; names in the gazetteer are not
        name = name.title()
    entry = gazetteer.lookup(name) if name else None
    return entry.name if entry is not None and entry.type == "location" else None


def strip_role(name: str) -> str:
    """`Presiden Putin` -> `Putin`, `Menteri Luar Negeri Antony Blinken` -> `Antony Blinken`."""
    words = name.split()
    i = 0
    while i < len(words) - 1 and words[i].lower() in ROLE_WORDS:
        i += 1
        while i < len(words) - 1 and words[i].lower() in ROLE_CONTINUATIONS:
            i += 1
    return " ".join(words[i:])


def link(spans: list[Span], registry: Gazetteer) -> list[LinkedMention]:
    """One LinkedMention per span, in the same order; mentions in one document are resolved together."""
    # An alias defined in the document (`Ahok`, `BI`) is resolved as the full name it stands for.
    names = [span.alias_of or strip_role(span.text) for span in spans]
    full_names = _full_names(spans, names, registry)
    new_keys: dict[str, str] = {}
    linked = []
    for i, (span, name) in enumerate(zip(spans, names, strict=True)):
        key, type_ = _in_document(i, span, name, full_names) or _resolve(name, span.type, registry, new_keys)
        linked.append(LinkedMention(span, key, type_))
    return linked


def _full_names(spans: list[Span], names: list[str], registry: Gazetteer) -> list[tuple[int, str, str, str]]:
    """(position, written name, key, type) of every person named with two or more words."""
    found = []
    for i, (span, name) in enumerate(zip(spans, names, strict=True)):
        if span.type == "person" and len(name.split()) > 1:
            entry = registry.lookup(name) or _fuzzy(name, span.type, registry)
            key, type_ = (entry.name, entry.type) if entry else (name, span.type)
            found.append((i, name, key, type_))
    return found


def _in_document(i: int, span: Span, name: str, full_names: list[tuple[int, str, str, str]]) -> tuple[str, str] | None:
    """A one-word person is the full name in this document ending in it (or with these initials).

    When two people share it (Joe and Hunter Biden), the nearest one before the mention wins.
    """
    if span.type != "person" or " " in name:
        return None
    candidates = [
        (position, key, type_)
        for position, written, key, type_ in full_names
        if written.split()[-1] == name or (name.isupper() and _initials(written) == name)
    ]
    if not candidates:
        return None
    before = [c for c in candidates if c[0] < i]
    _, key, type_ = before[-1] if before else candidates[0]
    return key, type_


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isalpha()).upper()


def _resolve(name: str, type_: str, registry: Gazetteer, new_keys: dict[str, str]) -> tuple[str, str]:
    """Registry alias, then a bounded fuzzy match, then a name already new in this document, else itself."""
    entry = registry.lookup(name) or _fuzzy(name, type_, registry)
    if entry is not None:
        return entry.name, entry.type
    if not is_acronym(name):
        variant = _best_variant(name, list(new_keys))
        if variant is not None:
            return new_keys[variant], type_
    new_keys.setdefault(name, name)
    return name, type_


def _fuzzy(name: str, type_: str, registry: Gazetteer) -> Entry | None:
    aliases, folded, entries = _aliases_by_type.get(registry).get(type_, ((), (), ()))
    match = _best_variant(name, aliases, folded)
    return entries[aliases.index(match)] if match is not None else None


def _group_aliases(
    registry: Gazetteer,
) -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[Entry, ...]]]:
    """Aliases, their case-folded forms (folded once, not per query) and entries, grouped by type."""
    grouped: dict[str, list[tuple[str, Entry]]] = {}
    for alias, entry in registry.aliases():
        if not is_acronym(alias):
            grouped.setdefault(entry.type, []).append((alias, entry))
    return {
        t: (tuple(a for a, _ in pairs), tuple(a.casefold() for a, _ in pairs), tuple(e for _, e in pairs))
        for t, pairs in grouped.items()
    }


# Per registry, dropped with it: a long-running worker rebuilds its registry every few seconds.
_aliases_by_type = PerObject(_group_aliases)


def _best_variant(name: str, choices: list[str] | tuple[str, ...], folded: tuple[str, ...] | None = None) -> str | None:
    """The closest choice that is a spelling variant of `name`, within the bounds above."""
    if len(name) < MIN_FUZZY_LENGTH or not choices:
        return None
    folded = folded or tuple(c.casefold() for c in choices)
    results = process.extract(name.casefold(), folded, scorer=fuzz.ratio, score_cutoff=MIN_FUZZY_SCORE, limit=5)
    for _, _, index in results:
        if _is_variant(name, choices[index]):
            return choices[index]
    return None


def _is_variant(name: str, choice: str) -> bool:
    """Same first letter, similar length, same number of words and every word alike."""
    a, b = name.casefold(), choice.casefold()
    if a[0] != b[0] or min(len(a), len(b)) / max(len(a), len(b)) < MIN_LENGTH_RATIO:
        return False
    words_a, words_b = a.split(), b.split()
    return len(words_a) == len(words_b) and all(
        x[0] == y[0] and fuzz.ratio(x, y) >= MIN_WORD_SCORE for x, y in zip(words_a, words_b, strict=True)
    )

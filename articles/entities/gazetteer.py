"""Curated entities and their aliases, matched in text with Aho-Corasick."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

TYPES = ("person", "organization", "location", "misc")
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "fixtures" / "entities" / "gazetteer.json"


@dataclass(frozen=True)
class Entry:
    """One canonical entity: its name (the stable key), type and aliases.

    A weak entry comes from a bulk list: a one-word alias of it alone does not make an entity.
    """

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    weak: bool = False

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Match:
    """An alias found in a text at character offsets start..end."""

    start: int
    end: int
    text: str
    entry: Entry


def is_acronym(alias: str) -> bool:
    """Short all-caps forms (AS, PBB, DK PBB, G7) only count when written exactly so."""
    return alias.isupper() and len(alias.replace(" ", "")) <= 5


def _fold(text: str) -> str:
    """Lower-case without changing the length, so offsets stay valid."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


class Gazetteer:
    """Aliases of curated entities, with exact lookup and word-bounded search in text."""

    def __init__(self, entries: Iterable[Entry], common_words: Iterable[str] = ()) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.common_words: frozenset[str] = frozenset(w.lower() for w in common_words)
        self._exact: dict[str, Entry] = {}
        self._folded: dict[str, Entry] = {}
        # The first entry to claim an alias keeps it: curated records come before bulk lists.
        for entry in self.entries:
            for alias in entry.surface_forms:
                self._exact.setdefault(alias, entry)
                if not is_acronym(alias):
                    self._folded.setdefault(_fold(alias), entry)
        self._automaton = self._build_automaton()

    @classmethod
    def from_records(
        cls, records: Iterable[tuple[str, str, Iterable[str]]], common_words: Iterable[str] = ()
    ) -> Gazetteer:
        """Build from (canonical name, type, aliases) records."""
        return cls((Entry(name, type_, tuple(aliases)) for name, type_, aliases in records), common_words)

    def _build_automaton(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        by_key: dict[str, list[tuple[str, Entry]]] = {}
        for alias, entry in self._exact.items():
            by_key.setdefault(_fold(alias), []).append((alias, entry))
        for key, candidates in by_key.items():
            automaton.add_word(key, (len(key), tuple(candidates)))
        if by_key:
            automaton.make_automaton()
        return automaton

    def lookup(self, name: str) -> Entry | None:
        """The entry whose alias is `name`: exact first, then case-insensitive for non-acronyms."""
        return self._exact.get(name) or (None if is_acronym(name) else self._folded.get(_fold(name)))

    def aliases(self) -> list[tuple[str, Entry]]:
        """Every (alias, entry) pair, for fuzzy matching."""
        return list(self._exact.items())

    def find(self, text: str) -> list[Match]:
        """Leftmost-longest, non-overlapping, word-bounded alias matches in `text`.

        A name written in lower case is not a mention, so the first letter must be upper case
        (or a digit); acronyms must match exactly.
        """
        if not self._exact:
            return []
        found = []
        for last, (length, candidates) in self._automaton.iter(_fold(text)):
            start, end = last - length + 1, last + 1
            surface = text[start:end]
            if not (surface[0].isupper() or surface[0].isdigit()) or not _bounded(text, start, end):
                continue
            entry = self._pick(surface, candidates)
            if entry is not None:
                found.append(Match(start, end, surface, entry))
        return _leftmost_longest(found)

    @staticmethod
    def _pick(surface: str, candidates: tuple[tuple[str, Entry], ...]) -> Entry | None:
        for alias, entry in candidates:
            if alias == surface:
                return entry
        for alias, entry in candidates:
            if not is_acronym(alias):
                return entry
        return None


def _leftmost_longest(matches: list[Match]) -> list[Match]:
    matches.sort(key=lambda m: (m.start, -m.end))
    chosen: list[Match] = []
    for match in matches:
        if not chosen or match.start >= chosen[-1].end:
            chosen.append(match)
    return chosen


def load_gazetteer(path: Path) -> Gazetteer:
    """Read a gazetteer JSON file written by `build_gazetteer`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    entries = (Entry(e["name"], e["type"], tuple(e.get("aliases", ())), e.get("weak", False)) for e in data["entities"])
    return Gazetteer(entries, data.get("common_words", ()))


@functools.cache
def load_default_gazetteer() -> Gazetteer:
    """The shipped gazetteer (fixtures/entities/gazetteer.json), loaded once per process."""
    return load_gazetteer(DEFAULT_PATH)

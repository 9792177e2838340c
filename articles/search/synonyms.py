"""Query-time synonyms: curated pairs and entity aliases, so curation takes effect without a re-index.

Old and everyday spellings of one word ("Soeharto"/"Suharto", "yg"/"yang") are not synonyms:
``articles.search.spellings`` rewrites them in index and query alike. Synonyms are matched on normalised,
unstemmed words (``exact_analyzer``) and expanded into every surface form of the group; each form is then
analysed by each field's own analyzer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from articles.search.analysis import exact_analyzer

# Groups of interchangeable names in news; entity aliases from the database are added to these.
CURATED_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("Tiongkok", "China", "Cina", "RRT", "Republik Rakyat Tiongkok"),
    ("AS", "Amerika Serikat"),
    ("Sekjen", "Sekretaris Jenderal"),
    ("PBB", "Perserikatan Bangsa-Bangsa"),
    ("UE", "Uni Eropa"),
    ("Inggris", "Britania Raya"),
    ("Korut", "Korea Utara"),
    ("Korsel", "Korea Selatan"),
    ("Menlu", "Menteri Luar Negeri"),
    ("Menhan", "Menteri Pertahanan"),
    ("Mendagri", "Menteri Dalam Negeri"),
    ("Pemilu", "Pemilihan Umum"),
    ("Pilpres", "Pemilihan Presiden"),
    ("TNI", "Tentara Nasional Indonesia"),
    ("Polri", "Kepolisian Negara Republik Indonesia"),
    ("KPK", "Komisi Pemberantasan Korupsi"),
    ("DPR", "Dewan Perwakilan Rakyat"),
    ("Jabar", "Jawa Barat"),
    ("Jateng", "Jawa Tengah"),
    ("Jatim", "Jawa Timur"),
    # Everyday abbreviations of several words (KBBI lists each; one-word variants such as "yg" are spellings,
    # ``articles.search.spellings``), and the English names readers type for competitions and ranks.
    ("Pemprov", "Pemerintah Provinsi"),
    ("Pemkot", "Pemerintah Kota"),
    ("Pemkab", "Pemerintah Kabupaten"),
    ("Pemda", "Pemerintah Daerah"),
    ("Wisman", "Wisatawan Mancanegara"),
    ("Timses", "Tim Sukses"),
    ("Timnas", "Tim Nasional"),
    ("Capres", "Calon Presiden"),
    ("Cawapres", "Calon Wakil Presiden"),
    ("Cagub", "Calon Gubernur"),
    ("Wapres", "Wakil Presiden"),
    ("Ormas", "Organisasi Kemasyarakatan"),
    ("Parpol", "Partai Politik"),
    ("Medsos", "Media Sosial"),
    ("Sekda", "Sekretaris Daerah"),
    ("Menpar", "Menteri Pariwisata"),
    ("Menkeu", "Menteri Keuangan"),
    ("Menkes", "Menteri Kesehatan"),
    ("Jakpus", "Jakarta Pusat"),
    ("Jaksel", "Jakarta Selatan"),
    ("Jaktim", "Jakarta Timur"),
    ("Jakbar", "Jakarta Barat"),
    ("Jakut", "Jakarta Utara"),
    ("Sepakbola", "Sepak Bola"),
    ("Ranking", "Peringkat"),
    ("Online", "Daring"),
    ("Email", "Surel"),
    ("US Open", "AS Terbuka", "Amerika Terbuka"),
    ("Liga Champions", "Champions League"),
    ("Piala Dunia", "World Cup"),
    ("Piala Konfederasi", "Confederations Cup"),
    ("Liga Inggris", "Premier League", "Liga Primer Inggris"),
)

Key = tuple[str, ...]


def synonym_key(text: str) -> Key:
    """Normalised unstemmed words that groups are matched on: "Amerika Serikat" -> ("amerika", "serikat")."""
    return tuple(token.text for token in exact_analyzer()(text, mode="query"))


@dataclass(frozen=True)
class SynonymMap:
    """Every known name (as a key) mapped to all surface forms of its group."""

    forms: dict[Key, tuple[str, ...]] = field(default_factory=dict)
    longest: int = 0

    @classmethod
    def build(
        cls,
        entity_aliases: Iterable[tuple[str, Iterable[str]]] = (),
        curated: Iterable[Sequence[str]] = CURATED_SYNONYMS,
    ) -> SynonymMap:
        """Merge curated groups and ``(canonical, aliases)`` pairs; groups sharing a name become one."""
        groups = [tuple(group) for group in curated]
        groups += [(canonical, *aliases) for canonical, aliases in entity_aliases]
        return cls.from_groups(groups)

    @classmethod
    def from_groups(cls, groups: Iterable[Sequence[str]]) -> SynonymMap:
        """Build from groups of surface forms, merging groups that share a key (union-find)."""
        parent: dict[Key, Key] = {}
        surfaces: dict[Key, str] = {}
        for group in groups:
            keys = [key for key in map(synonym_key, group) if key]
            for surface, key in zip(group, map(synonym_key, group), strict=True):
                if key:
                    surfaces.setdefault(key, surface)
                    parent.setdefault(key, key)
            for key in keys[1:]:
                parent[_root(parent, key)] = _root(parent, keys[0])
        members: dict[Key, list[str]] = {}
        for key in parent:
            members.setdefault(_root(parent, key), []).append(surfaces[key])
        forms = {key: tuple(members[_root(parent, key)]) for key in parent}
        forms = {key: group for key, group in forms.items() if len(group) > 1}
        return cls(forms=forms, longest=max(map(len, forms), default=0))

    def segment(self, words: Sequence[str]) -> list[tuple[str, ...]]:
        """Split words into units, each the tuple of its alternatives; longest synonym match wins.

        A word that is no synonym is a unit of itself; stopwords drop out (they match nothing anyway).
        """
        keys = [(word, synonym_key(word)) for word in words]
        keys = [(word, key[0]) for word, key in keys if key]
        units: list[tuple[str, ...]] = []
        index = 0
        while index < len(keys):
            size, forms = self._longest_match([key for _, key in keys[index:index + self.longest]])
            units.append(forms or (keys[index][0],))
            index += size
        return units

    def _longest_match(self, keys: Sequence[str]) -> tuple[int, tuple[str, ...]]:
        for size in range(len(keys), 0, -1):
            forms = self.forms.get(tuple(keys[:size]))
            if forms:
                return size, forms
        return 1, ()


@lru_cache(maxsize=1)
def curated_synonyms() -> SynonymMap:
    """The curated groups alone, for callers without entity aliases at hand."""
    return SynonymMap.build()


def _root(parent: dict[Key, Key], key: Key) -> Key:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key

"""Which outlet published an article and which news agency it credits, from its URL, fields and own text.

The outlet, in order of trust: the URL host or the input's own source field (a site name, a feed's title); a title
suffix that names an outlet ("… - ANTARA News", "… | Kompas.id"); a channel word or outlet name in the page's
furniture ("detikNews | Sabtu 08 Oct 2016, 14:54 WIB", "BERLIN, BALIPOST.com –"); last, the agency of a dateline
("Larantuka (ANTARA) -") or signature, when nothing else names an outlet.

Outlets are known by an OutletDirectory: the list shipped here, extended by editors in the admin (each Source's
name, domain and other spellings; see sources.outlet_directory). The directory is an explicit input, loaded once
per chunk before analysis forks, so workers and the web process see the same outlets.
"""

import itertools
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from .clean import COPYRIGHT, DATE_LINE, DATELINE, SHARE_LINE, SIGNATURE_INITIALS, SOURCE_CREDIT
from .document import Cleaned, RawDocument, RemovedLine
from .text import collapse_spaces

# Outlets Telusur knows out of the box: (display name, domain, other spellings seen in datelines and credits).
OUTLETS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Bali Post", "balipost.com", ("balipost",)),
    ("Okezone", "okezone.com", ()),
    ("Medcom", "medcom.id", ("medcom.id",)),
    ("CakapCakap", "cakapcakap.com", ()),
    ("Antara", "antaranews.com", ("antara news", "antaranews")),
    ("CNN Indonesia", "cnnindonesia.com", ()),
    ("Kompas", "kompas.com", ("kompas.com",)),
    ("Kompas.id", "kompas.id", ()),
    ("detikcom", "detik.com", ("detik", "detiknews")),
    ("Tempo", "tempo.co", ("tempo.co",)),
    ("kumparan", "kumparan.com", ()),
    ("Liputan6", "liputan6.com", ("liputan6.com",)),
    ("Tribunnews", "tribunnews.com", ("tribunnews.com",)),
    ("Republika", "republika.co.id", ()),
    ("Merdeka.com", "merdeka.com", ("merdeka",)),
    ("Suara.com", "suara.com", ("suara",)),
    ("iNews", "inews.id", ("inews.id",)),
    ("VIVA", "viva.co.id", ("viva.co.id",)),
    ("JPNN", "jpnn.com", ("jpnn.com",)),
    ("SINDOnews", "sindonews.com", ()),
    ("Bisnis.com", "bisnis.com", ("bisnis",)),
    ("Kontan", "kontan.co.id", ()),
    ("Tirto", "tirto.id", ("tirto.id",)),
    ("IDN Times", "idntimes.com", ()),
    ("CNBC Indonesia", "cnbcindonesia.com", ()),
    ("Jawa Pos", "jawapos.com", ("jawapos",)),
    ("Media Indonesia", "mediaindonesia.com", ()),
    ("Juara", "juara.net", ("juara.net",)),
    ("Goal Indonesia", "goal.com", ()),
    ("DailySocial", "dailysocial.id", ("dailysocial.id",)),
    ("Rimanews", "rimanews.com", ()),
    ("Poskota News", "poskotanews.com", ("poskotanews", "poskota")),
)


class OutletDirectory:
    """Outlets by every key an article may name them by (name, domain, other spellings), case-insensitively.

    `outlets` is (display name, domain, other spellings) rows; a later row wins a shared key, so editors' sources,
    given after the shipped list, override it.
    """

    def __init__(self, outlets: Iterable[tuple[str, str, Iterable[str]]]) -> None:
        self._by_key = {key.casefold(): (name, domain) for name, domain, aliases in outlets
                        for key in (name, domain, *aliases) if key}

    def find(self, key: str) -> tuple[str, str] | None:
        """(name, domain) of the outlet `key` names ("detiknews", "news.detik.com", "Kompas.id"), or None."""
        key = key.casefold().removeprefix("www.")
        if key in self._by_key:
            return self._by_key[key]
        parent = key.split(".", 1)[1] if key.count(".") >= 2 else ""
        return self._by_key.get(parent)


SHIPPED_OUTLETS = OutletDirectory(OUTLETS)
# Starts only where a dotted name starts (not after "label."): searching "a.a.a…" from every label was quadratic.
_DOMAIN = re.compile(r"\b(?<![a-z0-9-]\.)(?:www\.)?((?:[a-z0-9-]+\.)+(?:com|co\.id|co|id|net|org|news))\b",
                     re.IGNORECASE)

AGENCIES = {
    "Antara": r"ANTARA(?: News)?|Antara(?: News)?|Ant|ant(?=\s*\))", "Reuters": r"Reuters|REUTERS", "AFP": r"AFP",
    "Associated Press": r"Associated Press|AP", "Anadolu Agency": r"Anadolu(?: Agency)?", "Xinhua": r"Xinhua",
    "Sputnik": r"Sputnik", "TASS": r"TASS", "Kyodo": r"Kyodo", "Yonhap": r"Yonhap", "Bernama": r"Bernama",
    "Bloomberg": r"Bloomberg", "dpa": r"dpa|DPA", "EFE": r"EFE", "RIA Novosti": r"RIA Novosti",
}
_AGENCY_NAMES = "|".join(f"(?P<a{index}>{pattern})" for index, pattern in enumerate(AGENCIES.values()))
# The text names the agency it quotes: "dikutip dari kantor berita Antara", "Jakarta (ANTARA) -", "(ant/Antara)".
AGENCY_CUE = re.compile(
    r"(?:(?i:dikutip(?: dari)?|mengutip|melansir|dilansir(?: dari)?|kantor berita|laporan|lapor|sumber:?)"
    rf"\s+(?:[\w-]+\s+){{0,3}}?|\(\s*(?:\w+\s*/\s*)?)\b(?:{_AGENCY_NAMES})\b"
)
# Date lines carry the channel word: "detikNews | Sabtu 08 Oct 2016", "Kompas.com - 14/03/2023, 13:05 WIB".
_OUTLET_CUE_RULES = frozenset({DATE_LINE, SHARE_LINE, SOURCE_CREDIT, SIGNATURE_INITIALS})
# A channel is the outlet's name glued to a capitalised section: "detikNews", "detikFinance", "kumparanBISNIS".
_CHANNEL = re.compile(r"([a-z]{3,})[A-Z][A-Za-z]*")
# "Judul - ANTARA News", "Judul | Kompas.id": a short last part after a spaced separator.
_TITLE_SUFFIX = re.compile(r"^(?P<head>.+)\s[-–—|]\s+(?P<suffix>(?:(?!\s[-–—|]\s).){2,40})$")
# Everything of a copyright notice that is not the holder's name.
_COPYRIGHT_WORDS = re.compile(r"(?i)©|\(c\)|\bcopyright\b|\bhak cipta\b(?: dilindungi(?: undang-undang)?)?|"
                              r"\b(?:19|20)\d{2}\b(?:\s*[-–]\s*(?:19|20)\d{2}\b)?|all rights reserved\.?")
# A company behind an outlet, not the outlet: "PT Kompas Media Nusantara", "Grup Jawa Pos Tbk".
_LEGAL_ENTITY = re.compile(r"(?i)\b(?:pt|tbk|cv|inc|ltd|corp|group|grup|holding)\b")
# Words that outlets add to their names in title suffixes: "Okezone News", "Republika Online".
_NAME_DECORATION = re.compile(r"(?i)(?<!\s)\s+(?:news|online|daily|portal berita)$")


def dateline_parts(removed: list[RemovedLine], outlets: OutletDirectory = SHIPPED_OUTLETS) -> tuple[str, str, str]:
    """(city, outlet cue, agency) from a dateline such as "BERLIN, BALIPOST.com" or "Jakarta (ANTARA News)"."""
    line = next((item.line for item in removed if item.rule == DATELINE), "")
    agency = ""
    parenthetical = re.search(r"\(([^)]*)\)", line)
    if parenthetical:
        agency = _agency_in(f"({parenthetical.group(1)})")
        line = line[: parenthetical.start()]
    city, outlet = "", ""
    for piece in (part.strip() for part in line.split(",")):
        if outlets.find(piece) or _DOMAIN.fullmatch(piece):
            outlet = outlet or piece
        elif piece:
            city = city or (piece.title() if piece.isupper() else piece)
    return city, outlet, agency


def source_of(raw: RawDocument, removed: list[RemovedLine], *, dateline_outlet: str = "", agency: str = "",
              outlets: OutletDirectory = SHIPPED_OUTLETS) -> tuple[str, str]:
    """(name, domain) of the outlet: URL or source field, title suffix, furniture and credit cues, the copyright
    holder, then `agency`."""
    url = raw.url or raw.meta.get("url", "")
    domain = _registered_domain(urlsplit(url).hostname or "") if url.startswith("http") else ""
    stated = collapse_spaces(raw.meta.get("source", ""))
    # The input's own source field names the outlet before the host does: a syndication or aggregator host
    # carries many outlets, and a host learnt from earlier articles may be one of those.
    known = (outlets.find(stated) if stated else None) or outlets.find(domain)
    if domain or stated:
        return (known[0] if known else stated or domain), domain or (known[1] if known else "")
    _, suffix_outlet = split_title_suffix(collapse_spaces(raw.meta.get("title", "")), outlets=outlets)
    if suffix_outlet:
        return suffix_outlet
    # Only furniture that names the outlet: body words like "antara" ("between") are not cues.
    cues = [("", dateline_outlet), *((item.rule, item.line) for item in removed if item.rule in _OUTLET_CUE_RULES),
            *(("", line) for line in raw.meta.get("credit", "").splitlines())]
    for rule, cue in cues:
        found = _outlet_in(cue, outlets) if cue else None
        # "(ant/Antara)" credits the agency the copy came from, not the outlet that ran it.
        if found and not (rule == SIGNATURE_INITIALS and agency_named(found[0])):
            return found
    holder = copyright_holder(raw.meta.get("copyright", "") or
                              next((item.line for item in removed if item.rule == COPYRIGHT), ""))
    if holder:
        # A known outlet, or a short name that is not a company's ("© 2023 Berita Jatim", not "© PT Media Tbk").
        named = _outlet_named(holder, outlets)
        if named or (len(holder.split()) <= 3 and not _LEGAL_ENTITY.search(holder)):
            return named or (holder, "")
    if agency:
        return outlets.find(agency) or (agency, "")
    return "", ""


def copyright_holder(notice: str) -> str:
    """Who a copyright notice names: "© 2023 Berita Jatim. All rights reserved." -> "Berita Jatim"; "" if none."""
    holder = collapse_spaces(_COPYRIGHT_WORDS.sub(" ", notice))
    # The name ends with its sentence: "Kabar Sleman. Dilarang mengutip tanpa izin." (a dot inside "Kompas.com" stays)
    return re.split(r"\.\s|\s[|–-]\s", holder)[0].strip(" .,-–|")


def split_title_suffix(title: str, source_name: str = "", *,
                       outlets: OutletDirectory = SHIPPED_OUTLETS) -> tuple[str, tuple[str, str] | None]:
    """("Judul", outlet) for "Judul - ANTARA News"; the title whole, and None, when no outlet ends it.

    A suffix ends the title when it names a known outlet, a domain, or `source_name`.
    """
    match = _TITLE_SUFFIX.match(title)
    if not match:
        return title, None
    suffix = match.group("suffix").strip()
    found = _outlet_named(suffix, outlets)
    if found is None and source_name and source_name.casefold() in suffix.casefold():
        found = outlets.find(source_name) or (source_name, "")
    return (match.group("head"), found) if found else (title, None)


def names_outlet(text: str, outlets: OutletDirectory = SHIPPED_OUTLETS) -> bool:
    """Whether `text` is the name of a known outlet or agency ("detikcom", "Kompas.com", "ANTARA")."""
    text = collapse_spaces(text)
    return bool(_outlet_named(text, outlets) or agency_named(text))


def _outlet_named(text: str, outlets: OutletDirectory) -> tuple[str, str] | None:
    """The outlet `text` is the whole name of: "ANTARA News", "Kompas.id", "detikNews", "Okezone News"."""
    if _DOMAIN.fullmatch(text):
        domain = _registered_domain(text.lower())
        return outlets.find(domain) or (domain, domain)
    return outlets.find(text) or outlets.find(_NAME_DECORATION.sub("", text)) or _channel_outlet(text, outlets)


def _outlet_in(cue: str, outlets: OutletDirectory) -> tuple[str, str] | None:
    """The outlet a short piece of furniture names: a domain, the outlet's name in one or two words, a channel."""
    domain_match = _DOMAIN.search(cue)
    if domain_match:
        domain = _registered_domain(domain_match.group(1).lower())
        return outlets.find(domain) or (domain, domain)
    words = re.findall(r"[\w.]+", cue)
    for key in (cue, *map(" ".join, itertools.pairwise(words)), *words):
        found = outlets.find(key) or _channel_outlet(key, outlets)
        if found:
            return found
    return None


def _channel_outlet(word: str, outlets: OutletDirectory) -> tuple[str, str] | None:
    match = _CHANNEL.fullmatch(word)
    return outlets.find(match.group(1)) if match else None


def _registered_domain(host: str) -> str:
    """news.detik.com -> detik.com; www.medcom.id -> medcom.id; www.republika.co.id -> republika.co.id."""
    parts = host.lower().removeprefix("www.").split(".")
    keep = 3 if len(parts) >= 3 and parts[-2] in {"co", "or", "ac", "go", "web", "my"} else 2
    return ".".join(parts[-keep:])


def agency_of(cleaned: Cleaned) -> str:
    """The news agency the body or its credits quote ("Antara", "Reuters"), or ""."""
    credits = [item.line for item in cleaned.removed if item.rule in (SIGNATURE_INITIALS, SOURCE_CREDIT)]
    return _agency_in(cleaned.text) or next(filter(None, map(_agency_in, credits)), "")


def agency_named(text: str) -> str:
    """The agency `text` is the name of, as Telusur writes it ("ANTARA" -> "Antara"), or ""."""
    text = collapse_spaces(text)
    return next((name for name, pattern in AGENCIES.items() if re.fullmatch(pattern, text)), "")


def _agency_in(text: str) -> str:
    match = AGENCY_CUE.search(text)
    if not match or not match.lastgroup:
        return ""
    return list(AGENCIES)[int(match.lastgroup[1:])]

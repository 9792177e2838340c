"""Which outlet published an article and which news agency it credits, from its URL, fields and own text."""

import re
from urllib.parse import urlsplit

from .clean import DATELINE, SHARE_LINE, SIGNATURE_INITIALS, SOURCE_CREDIT
from .document import Cleaned, RawDocument, RemovedLine
from .text import collapse_spaces

# Outlets Telusur knows by name: (display name, domain, other spellings seen in datelines and credits).
OUTLETS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Bali Post", "balipost.com", ("balipost",)),
    ("Okezone", "okezone.com", ()),
    ("Medcom", "medcom.id", ("medcom.id",)),
    ("CakapCakap", "cakapcakap.com", ()),
    ("Antara", "antaranews.com", ("antara news", "antaranews")),
    ("CNN Indonesia", "cnnindonesia.com", ()),
    ("Kompas", "kompas.com", ("kompas.com",)),
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
_OUTLET_BY_KEY = {key.casefold(): (name, domain) for name, domain, aliases in OUTLETS
                  for key in (name, domain, *aliases)}
_DOMAIN = re.compile(r"\b(?:www\.)?((?:[a-z0-9-]+\.)+(?:com|co\.id|co|id|net|org|news))\b", re.IGNORECASE)

AGENCIES = {
    "Antara": r"ANTARA(?: News)?|Antara(?: News)?|Ant", "Reuters": r"Reuters|REUTERS", "AFP": r"AFP",
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
_OUTLET_CUE_RULES = frozenset({SHARE_LINE, SOURCE_CREDIT, SIGNATURE_INITIALS})


def dateline_parts(removed: list[RemovedLine]) -> tuple[str, str, str]:
    """(city, outlet cue, agency) from a dateline such as "BERLIN, BALIPOST.com" or "Jakarta (ANTARA News)"."""
    line = next((item.line for item in removed if item.rule == DATELINE), "")
    agency = ""
    parenthetical = re.search(r"\(([^)]*)\)", line)
    if parenthetical:
        agency = _agency_in(f"({parenthetical.group(1)})")
        line = line[: parenthetical.start()]
    city, outlet = "", ""
    for piece in (part.strip() for part in line.split(",")):
        if _outlet_for(piece) or _DOMAIN.fullmatch(piece):
            outlet = outlet or piece
        elif piece:
            city = city or (piece.title() if piece.isupper() else piece)
    return city, outlet, agency


def source_of(raw: RawDocument, dateline_outlet: str, removed: list[RemovedLine]) -> tuple[str, str]:
    """(name, domain): the URL and the input's own source field first, then the text's cues."""
    url = raw.url or raw.meta.get("url", "")
    domain = _registered_domain(urlsplit(url).hostname or "") if url.startswith("http") else ""
    stated = collapse_spaces(raw.meta.get("source", ""))
    known = _outlet_for(domain) or _outlet_for(stated)
    if domain or stated:
        return (known[0] if known else stated or domain), domain or (known[1] if known else "")
    # Only furniture that names the outlet: body words like "antara" ("between") are not cues.
    cues = [dateline_outlet, *(item.line for item in removed if item.rule in _OUTLET_CUE_RULES)]
    for cue in filter(None, cues):
        found = _outlet_in(cue)
        if found:
            return found
    return "", ""


def _outlet_in(cue: str) -> tuple[str, str] | None:
    domain_match = _DOMAIN.search(cue)
    if domain_match:
        domain = _registered_domain(domain_match.group(1).lower())
        return _outlet_for(domain) or (domain, domain)
    for word in re.findall(r"[\w.]+", cue):
        found = _outlet_for(word)
        if found:
            return found
    return None


def _outlet_for(key: str) -> tuple[str, str] | None:
    key = key.casefold().removeprefix("www.")
    if key in _OUTLET_BY_KEY:
        return _OUTLET_BY_KEY[key]
    parent = key.split(".", 1)[1] if key.count(".") >= 2 else ""
    return _OUTLET_BY_KEY.get(parent)


def _registered_domain(host: str) -> str:
    """news.detik.com -> detik.com; www.medcom.id -> medcom.id; www.republika.co.id -> republika.co.id."""
    parts = host.lower().removeprefix("www.").split(".")
    keep = 3 if len(parts) >= 3 and parts[-2] in {"co", "or", "ac", "go", "web", "my"} else 2
    return ".".join(parts[-keep:])


def agency_of(cleaned: Cleaned) -> str:
    """The news agency the body or its credits quote ("Antara", "Reuters"), or ""."""
    credits = [item.line for item in cleaned.removed if item.rule in (SIGNATURE_INITIALS, SOURCE_CREDIT)]
    return _agency_in(cleaned.text) or next(filter(None, map(_agency_in, credits)), "")


def _agency_in(text: str) -> str:
    match = AGENCY_CUE.search(text)
    if not match or not match.lastgroup:
        return ""
    return list(AGENCIES)[int(match.lastgroup[1:])]

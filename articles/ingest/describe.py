"""Describe an article from its own text and metadata: title, publication date, author, dateline, outlet, agency.

Publication date, in order of trust: the input's metadata; a date line or byline in the page header; the first
date in the lead (first paragraphs), e.g. Medcom's "Dikutip dari Anadolu Agency pada Selasa, 11 Oktober 2022" or
CakapCakap's "pada Kamis, 24 Maret 2022". A lead date is the day of the reported event: for daily news that is the
publication day or the day before it, and a reader sorting or filtering by day is better served by it than by
nothing. A date without a year ("Rabu (19/10)") is used only when the year is stated elsewhere in the body or in
the metadata and the weekday agrees with it. Relative words ("kemarin", "hari ini") are never turned into dates.
"""

import email.utils
import json
import re
from dataclasses import replace
from datetime import date, datetime, time, tzinfo
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import dateparser
import lxml.html
import trafilatura
from lxml.etree import ParserError

from .clean import BYLINE, DATE_LINE, DATELINE, HEADLINE, SHARE_LINE, SIGNATURE_INITIALS, SOURCE_CREDIT
from .document import Cleaned, Description, RawDocument, RemovedLine

JAKARTA = ZoneInfo("Asia/Jakarta")
TIMEZONES = {"wib": JAKARTA, "wita": ZoneInfo("Asia/Makassar"), "wit": ZoneInfo("Asia/Jayapura")}
TITLE_MAX_CHARS = 110
LEAD_PARAGRAPHS = 4

MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "pebruari": 2, "feb": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6,
    "june": 6, "juli": 7, "jul": 7, "july": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nopember": 11, "nov": 11, "desember": 12, "des": 12, "dec": 12, "december": 12,
}
WEEKDAYS = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6,
            "ahad": 6}
_WEEKDAY = "|".join(WEEKDAYS)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_TIME = r"(?:\s*(?:,|\||-|pukul|jam)?\s*(?:pukul\s*)?(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:\s*(?P<tz>wita|wib|wit)\b)?)"
# "Kamis 24 Maret 2022 05:56 WIB", "Selasa, 11 Oktober 2022"; "Rabu (19/10)", "Rabu (29/6/2022)"; "24/03/2022".
DATE_PATTERN = re.compile(
    rf"(?:\b(?P<wd>{_WEEKDAY})\s*,?\s+)?\b(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH})\b\.?(?:\s+(?P<y>\d{{4}})\b{_TIME}?)?"
    rf"|\b(?P<wd2>{_WEEKDAY})\s*\(\s*(?P<d2>\d{{1,2}})\s*/\s*(?P<m2>\d{{1,2}})(?:\s*/\s*(?P<y2>\d{{2,4}}))?\s*\)"
    r"|\b(?P<d3>\d{1,2})/(?P<m3>\d{1,2})/(?P<y3>\d{4})\b",
    re.IGNORECASE,
)
DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY", "TIMEZONE": "Asia/Jakarta", "RETURN_AS_TIMEZONE_AWARE": True,
    # Only absolute dates with all of day, month and year: never a date relative to now.
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"], "REQUIRE_PARTS": ["day", "month", "year"],
}

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
AUTHOR_PREFIX = re.compile(r"^(?i:penulis|oleh|reporter|pewarta|jurnalis|wartawan|kontributor|laporan wartawan"
                           r"(?: [\w.]+)?)\b\s*:?\s*")
AUTHOR_SUFFIX = re.compile(r"\s*(?:,|-|–|\|)\s*(?i:jurnalis|wartawan|reporter|kontributor|koresponden)\b.*$")
NAME = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,4}")
_EDITOR_CREDIT = re.compile(r"^(?i:editor|redaktur|penyunting|fotografer)\b")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\bRp|\bNo|\bDr|\bdr|\bProf|\bJl|\bH|\bHj|\bIr|\bDrs|\bSt|\bTbk|\bdll|\bdsb)$")
_SENTENCE_END = re.compile(r"[.!?][\"”’]?(?=\s+[\"“‘(]?[A-Z0-9])")
# A derived title should not end on one of these ("... ditimbulkan oleh…").
_FUNCTION_WORDS = frozenset({"di", "ke", "dari", "dan", "yang", "untuk", "dengan", "pada", "oleh", "bahwa", "atau",
                             "dalam", "akan", "serta", "ini", "itu", "para", "sebagai", "karena", "agar"})
_OUTLET_CUE_RULES = frozenset({SHARE_LINE, SOURCE_CREDIT, SIGNATURE_INITIALS})
_ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle"})


def describe(raw: RawDocument, cleaned: Cleaned) -> Description:
    """Title, date, author, dateline, outlet and agency of one article, from its metadata and own text."""
    dateline_city, dateline_outlet, dateline_agency = _dateline(cleaned.removed)
    source_name, source_domain = _source(raw, dateline_outlet, cleaned.removed)
    return Description(
        title=_title(raw, cleaned, source_name),
        published=_published(raw, cleaned),
        author=_author(raw, cleaned.removed),
        dateline=dateline_city,
        source_name=source_name,
        source_domain=source_domain,
        agency=dateline_agency or _agency(cleaned),
    )


def parse_indonesian_date(text: str, *, reference_year: int | None = None) -> datetime | None:
    """The first absolute date in `text` ("Kamis 24 Maret 2022 05:56 WIB", "Rabu (29/6/2022)"), or None.

    A date without a year gets `reference_year` (or the year before it) only when its weekday agrees.
    """
    for match in DATE_PATTERN.finditer(text):
        found = _date_from_match(match, reference_year)
        if found:
            return found
    return None


def extract_html(raw: RawDocument) -> RawDocument:
    """The page's main text (trafilatura) and metadata (JSON-LD, then <meta>, then trafilatura's)."""
    try:
        tree = lxml.html.fromstring(raw.html)
    except (ParserError, ValueError):
        return raw
    meta = {key: value for key, value in _meta_tags(tree).items() if value} | _json_ld(tree)
    document = trafilatura.bare_extraction(tree, url=raw.url or None, with_metadata=True,
                                           include_comments=False, include_tables=False)
    text = ""
    if document is not None:
        text = document.text or ""
        for key, value in (("title", document.title), ("author", document.author),
                           ("published", document.date), ("source", document.sitename)):
            if value and not meta.get(key):
                meta[key] = value
    if not text:
        text = "\n\n".join(p.text_content() for p in tree.iter("p"))
    url = raw.url or meta.get("url", "")
    return replace(raw, text=text, url=url, meta={**meta, **raw.meta})


# Dates

def _date_from_match(match: re.Match[str], reference_year: int | None) -> datetime | None:
    groups = match.groupdict()
    if groups["d"]:
        day, month, year = int(groups["d"]), MONTHS[groups["mon"].lower()], groups["y"]
        weekday = groups["wd"]
    elif groups["d2"]:
        day, month, year, weekday = int(groups["d2"]), int(groups["m2"]), groups["y2"], groups["wd2"]
    else:
        day, month, year, weekday = int(groups["d3"]), int(groups["m3"]), groups["y3"], None
    day_found = _day(day, month, year, weekday, reference_year)
    if day_found is None:
        return None
    hour, minute = int(groups["h"] or 0), int(groups["mi"] or 0)
    clock = time(hour, minute) if hour < 24 and minute < 60 else time()
    zone: tzinfo = TIMEZONES.get((groups["tz"] or "wib").lower(), JAKARTA)
    return datetime.combine(day_found, clock, tzinfo=zone)


def _day(day: int, month: int, year: str | None, weekday: str | None, reference_year: int | None) -> date | None:
    if year:
        return _safe_date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    if not weekday or not reference_year:
        return None
    for candidate_year in (reference_year, reference_year - 1):
        found = _safe_date(candidate_year, month, day)
        if found and found.weekday() == WEEKDAYS[weekday.lower()]:
            return found
    return None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _published(raw: RawDocument, cleaned: Cleaned) -> datetime | None:
    stated = _metadata_date(raw.meta.get("published", ""))
    if stated:
        return stated
    reference = _metadata_date(raw.meta.get("reference_date", ""))
    reference_year = reference.year if reference else _stated_year(cleaned.text)
    header = [item.line for item in cleaned.removed if item.rule in (DATE_LINE, BYLINE)]
    lead = cleaned.text.split("\n\n", LEAD_PARAGRAPHS)[:LEAD_PARAGRAPHS]
    for text in (*header, "\n".join(lead)):
        found = parse_indonesian_date(text, reference_year=reference_year)
        if found:
            return found
    return reference


def _stated_year(text: str) -> int | None:
    """The year of the first full date in the body: what makes "Rabu (19/10)" safe to date."""
    for match in DATE_PATTERN.finditer(text):
        year = match.group("y") or match.group("y2") or match.group("y3")
        if year and len(year) == 4:
            return int(year)
    return None


def _metadata_date(value: str) -> datetime | None:
    """ISO 8601, RFC 822 (feeds), Indonesian, or whatever dateparser reads as an absolute date."""
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = _rfc822(value) or parse_indonesian_date(value) or _dateparser(value)
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=JAKARTA)


def _rfc822(value: str) -> datetime | None:
    try:
        return email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


@lru_cache(maxsize=4096)
def _dateparser(value: str) -> datetime | None:
    return dateparser.parse(value, languages=["id", "en"], settings=DATEPARSER_SETTINGS)


# Title

def _title(raw: RawDocument, cleaned: Cleaned, source_name: str) -> str:
    stated = _without_site_suffix(_spaces(raw.meta.get("title", "")), source_name)
    headline = next((item.line for item in cleaned.removed if item.rule == HEADLINE), "")
    return stated or headline or derive_title(cleaned.text)


def derive_title(text: str) -> str:
    """A headline-sized title from the first sentence: whole, cut at a clause, or cut at a word and marked "…"."""
    sentence = _first_sentence(text.split("\n\n", 1)[0]).rstrip(" .!?")
    if len(sentence) <= TITLE_MAX_CHARS:
        return sentence
    clause_end = max(sentence.rfind(mark, 0, TITLE_MAX_CHARS) for mark in (", ", "; ", " – ", " - "))
    if clause_end >= TITLE_MAX_CHARS // 2:
        return sentence[:clause_end]
    words = sentence[: TITLE_MAX_CHARS].rsplit(" ", 1)[0].split()
    while len(words) > 1 and (words[-1].lower() in _FUNCTION_WORDS or words[-1].count("(") > words[-1].count(")")):
        words.pop()
    return " ".join(words).rstrip(",;:–-") + "…"


def _first_sentence(paragraph: str) -> str:
    for match in _SENTENCE_END.finditer(paragraph):
        if not _ABBREVIATION.search(paragraph[: match.start()]):
            return paragraph[: match.end()]
    return paragraph


def _without_site_suffix(title: str, source_name: str) -> str:
    """ "Judul Berita - Okezone News" -> "Judul Berita" when the suffix names the outlet."""
    for separator in (" | ", " - ", " – "):
        head, _, tail = title.rpartition(separator)
        if head and source_name and source_name.casefold() in tail.casefold():
            return head
    return title


def _spaces(text: str) -> str:
    return " ".join(text.split())


# People, places, outlets

def _author(raw: RawDocument, removed: list[RemovedLine]) -> str:
    stated = clean_author(raw.meta.get("author", ""))
    if stated:
        return stated
    for item in removed:
        if item.rule == BYLINE and not _EDITOR_CREDIT.match(item.line):
            return clean_author(item.line)
    # Okezone signs with the reporter's full name, "(Susi Susanti)"; initials like "(WIL)" are not names.
    for item in removed:
        if item.rule == SIGNATURE_INITIALS and "/" not in item.line:
            name = item.line.strip("() ")
            if NAME.fullmatch(name) and not name.isupper():
                return name
    return ""


def clean_author(value: str) -> str:
    """ "Penulis: Susi Susanti", "Oleh Susi Susanti", "Susi Susanti, Jurnalis" -> "Susi Susanti"."""
    value = AUTHOR_SUFFIX.sub("", AUTHOR_PREFIX.sub("", _spaces(value)))
    return value.strip(" ,;:-–|")


def _dateline(removed: list[RemovedLine]) -> tuple[str, str, str]:
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


def _source(raw: RawDocument, dateline_outlet: str, removed: list[RemovedLine]) -> tuple[str, str]:
    """(name, domain): the URL and the input's own source field first, then the text's cues."""
    url = raw.url or raw.meta.get("url", "")
    domain = _registered_domain(urlsplit(url).hostname or "") if url.startswith("http") else ""
    stated = _spaces(raw.meta.get("source", ""))
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


def _agency(cleaned: Cleaned) -> str:
    credits = [item.line for item in cleaned.removed if item.rule in (SIGNATURE_INITIALS, SOURCE_CREDIT)]
    return _agency_in(cleaned.text) or next(filter(None, map(_agency_in, credits)), "")


def _agency_in(text: str) -> str:
    match = AGENCY_CUE.search(text)
    if not match or not match.lastgroup:
        return ""
    return list(AGENCIES)[int(match.lastgroup[1:])]


# HTML metadata

def _meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str]:
    tags = {(element.get("property") or element.get("name") or "").lower(): element.get("content") or ""
            for element in tree.iter("meta")}
    canonical = next((link.get("href", "") for link in tree.iter("link") if link.get("rel") == "canonical"), "")
    return {
        "title": tags.get("og:title", ""),
        "author": tags.get("author", "") or tags.get("article:author", ""),
        "published": tags.get("article:published_time", "") or tags.get("pubdate", "")
        or tags.get("publishdate", ""),
        "source": tags.get("og:site_name", ""),
        "summary": tags.get("description", "") or tags.get("og:description", ""),
        "url": canonical or tags.get("og:url", ""),
    }


def _json_ld(tree: lxml.html.HtmlElement) -> dict[str, str]:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text_content())
        except json.JSONDecodeError:
            continue
        article = _find_article(data)
        if article:
            return _article_fields(article)
    return {}


def _find_article(data: object) -> dict[str, object] | None:
    if isinstance(data, list):
        return next(filter(None, map(_find_article, data)), None)
    if not isinstance(data, dict):
        return None
    kinds = data.get("@type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    if kinds & _ARTICLE_TYPES:
        return data
    return _find_article(data.get("@graph", []))


def _article_fields(article: dict[str, object]) -> dict[str, str]:
    fields = {"title": _name(article.get("headline")), "published": _name(article.get("datePublished")),
              "author": _name(article.get("author")), "source": _name(article.get("publisher")),
              "url": _name(article.get("url") or article.get("mainEntityOfPage"))}
    return {key: value for key, value in fields.items() if value}


def _name(value: object) -> str:
    """JSON-LD values are strings, objects with a name or @id, or lists of either."""
    if isinstance(value, list):
        return ", ".join(filter(None, map(_name, value)))
    if isinstance(value, dict):
        return _name(value.get("name") or value.get("@id"))
    return _spaces(value) if isinstance(value, str) else ""

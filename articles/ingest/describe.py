"""Describe an article from its own text and metadata: title, publication date, author, dateline, outlet, agency.

Each part has its own module (dates, bylines, outlets); this one composes them and derives the title.
"""

import re

from articles.lexicon.titles import ABBREVIATIONS

from .bylines import author_of, signature_of
from .clean import HEADLINE
from .dates import published_date
from .document import Cleaned, Description, RawDocument
from .outlets import (
    SHIPPED_OUTLETS,
    OutletDirectory,
    agency_named,
    agency_of,
    dateline_parts,
    source_of,
    split_title_suffix,
)
from .text import collapse_spaces

TITLE_MAX_CHARS = 110
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\bRp|\bNo|\bDr|\bdr|\bProf|\bJl|\bH|\bHj|\bIr|\bDrs|\bSt|\bTbk|\bdll|\bdsb"
                           # Ranks, titles and company forms that take a dot: `Jenderal Pol.`, `PT.`, `M.Si.`
                           r"|(?i:" + "|".join(rf"\b{word}" for word in sorted(ABBREVIATIONS)) + r")|\b[SMD]\.\w+)$")
_SENTENCE_END = re.compile(r"[.!?][\"”’]?(?=\s+[\"“‘(]?[A-Z0-9])")
# A derived title should not end on one of these ("... ditimbulkan oleh…").
_FUNCTION_WORDS = frozenset({"di", "ke", "dari", "dan", "yang", "untuk", "dengan", "pada", "oleh", "bahwa", "atau",
                             "dalam", "akan", "serta", "ini", "itu", "para", "sebagai", "karena", "agar"})


def describe(raw: RawDocument, cleaned: Cleaned, outlets: OutletDirectory = SHIPPED_OUTLETS) -> Description:
    """Title, date, author, dateline, outlet and agency of one article, from its metadata and own text.

    `outlets` are the outlets known by name (the shipped list unless the caller loaded editors' sources).
    """
    dateline_city, dateline_outlet, dateline_agency = dateline_parts(cleaned.removed, outlets)
    source_name, source_domain = source_of(raw, cleaned.removed, dateline_outlet=dateline_outlet,
                                           agency=dateline_agency, outlets=outlets)
    _, signed_agency = signature_of(cleaned.removed)
    dated = published_date(raw, cleaned)
    return Description(
        title=_title(raw, cleaned, source_name, outlets),
        published=dated.at if dated else None,
        published_precision=dated.precision if dated else "",
        author=author_of(raw, cleaned.removed),
        dateline=dateline_city,
        source_name=source_name,
        source_domain=source_domain,
        agency=dateline_agency or agency_named(signed_agency) or signed_agency or agency_of(cleaned),
    )


def _title(raw: RawDocument, cleaned: Cleaned, source_name: str, outlets: OutletDirectory) -> str:
    stated, _ = split_title_suffix(collapse_spaces(raw.meta.get("title", "")), source_name, outlets=outlets)
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

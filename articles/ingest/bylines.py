"""Who wrote an article: bylines, credit lines and signatures, reduced to the reporter's name."""

import re

from .clean import BYLINE, SIGNATURE_INITIALS
from .document import RawDocument, RemovedLine
from .text import collapse_spaces

AUTHOR_PREFIX = re.compile(r"^(?i:penulis|oleh|reporter|pewarta|jurnalis|wartawan|kontributor|laporan wartawan"
                           r"(?: [\w.]+)?)\b\s*:?\s*")
AUTHOR_SUFFIX = re.compile(r"\s*(?:,|-|–|\|)\s*(?i:jurnalis|wartawan|reporter|kontributor|koresponden)\b.*$")
NAME = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,4}")
_EDITOR_CREDIT = re.compile(r"^(?i:editor|redaktur|penyunting|fotografer)\b")


def author_of(raw: RawDocument, removed: list[RemovedLine]) -> str:
    """The reporter's name from the metadata, a byline or a full-name signature; "" when none is given."""
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
    value = AUTHOR_SUFFIX.sub("", AUTHOR_PREFIX.sub("", collapse_spaces(value)))
    return value.strip(" ,;:-–|")

"""Who wrote an article: bylines, credit lines and signatures, reduced to the reporter's name.

A person's byline in the text outranks the page's `<meta name="author">`, which is often the company
("Kompas Cyber Media"); a company, desk or outlet is never an author.
"""

import re

from .clean import AGENCY_SIGNATURE, BYLINE, SIGNATURE_INITIALS
from .document import RawDocument, RemovedLine
from .outlets import names_outlet
from .text import collapse_spaces

# "Penulis : X", "Oleh: X", "Oleh X", "Penulis X"; "Laporan wartawan Tribunnews.com, X" is a role piece instead.
AUTHOR_LABEL = re.compile(r"^(?i:(?:penulis|oleh|reporter|pewarta|jurnalis|wartawan|kontributor|koresponden)\s*:|"
                          r"penulis\b|oleh\b)\s*")
# A credit piece that names a role, desk or place rather than the person: "Kontributor Ambon", "Jurnalis".
ROLE_PIECE = re.compile(r"^(?i:(?:laporan\s+)?(?:kontributor|jurnalis|wartawan|reporter|koresponden|pewarta|tim)\b)")
# The editor's (or photographer's) credit that shares the line: "Editor : Y", "Penyunting: Y".
OTHER_CREDIT = re.compile(r"(?i:\b(?:editor|redaktur|penyunting|fotografer|foto|video)\s*:)")
# A piece that credits someone else than the reporter, even without a colon: "Editor Rina Kusuma".
EDITOR_PIECE = re.compile(r"^(?i:editor|redaktur|penyunting|fotografer|foto|video)\b")
# Credit pieces are separated by commas, semicolons, middle dots and spaced dashes: "X, Kompas TV",
# "X - detikNews", "Reporter X; Editor Y" (trafilatura's join of a byline block), "Oleh X · Kamis, 3 November".
# A separator starts where its spaces start (`(?<!\s)`): else each space of a long run starts a new try.
_PIECES = re.compile(r"(?<!\s)\s*[,;·•]\s*|(?<!\s)\s+[-–—]\s+")
NAME = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,4}")
# Words of a company, desk or outlet, not of a person ("Kompas Cyber Media", "Tim Redaksi", "Admin").
CORPORATE_WORDS = re.compile(r"(?i)\b(?:media|cyber|redaksi|admin|administrator|news|network|group|grup|digital|"
                             r"online|newsroom|tbk|pt|corp|inc|official|tv|desk|tim)\b|\.(?:com|co|id|net)\b")
# "RINA KARTIKA | ANTARA": the reporter, then the agency. The name ends in a visible character, so that the engine
# need not try every split of a run of spaces between it and the bar (quadratic in the run's length).
SIGNATURE = re.compile(r"(?P<name>[^|]*[^|\s])\s*\|\s*(?P<agency>[^|]+)")


def author_of(raw: RawDocument, removed: list[RemovedLine]) -> str:
    """The reporter: a byline in the text or in the page's credit blocks, an agency signature, a personal
    metadata author, or a full-name signature, in that order; "" when none is given."""
    credits = [item.line for item in removed if item.rule == BYLINE]
    credits += raw.meta.get("credit", "").splitlines()
    for line in credits:
        name = credit_name(line)
        if name and not is_corporate(name):
            return name
    signed, _ = signature_of(removed)
    if signed:
        return signed
    stated = clean_author(raw.meta.get("author", ""))
    if stated and not is_corporate(stated):
        return stated
    # Okezone signs with the reporter's full name, "(Susi Susanti)"; initials like "(WIL)" are not names.
    for item in removed:
        if item.rule == SIGNATURE_INITIALS and "/" not in item.line:
            name = item.line.strip("() ")
            if NAME.fullmatch(name) and not name.isupper():
                return name
    return ""


def credit_name(line: str) -> str:
    """The reporter of a credit line, alone: "Penulis : X, Kompas TV | Editor : Y" -> X; "Kontributor Ambon, X" -> X;
    "" for an editor's credit."""
    pieces = [piece for piece in _pieces(line) if not EDITOR_PIECE.match(piece)]
    person = next((piece for piece in pieces if not ROLE_PIECE.match(piece)), "")
    # "Reporter Andi Makkasau" has no separator: only the role word goes.
    return person or (ROLE_PIECE.sub("", pieces[0]).strip(" :") if pieces else "")


def clean_author(value: str) -> str:
    """An author field without labels, roles, desks, outlets or editors: "Penulis: Susi Susanti" -> "Susi Susanti".

    Co-authors of a metadata field stay ("A, B"); pieces that name a role or a company go.
    """
    pieces = [piece for piece in _pieces(value) if not EDITOR_PIECE.match(piece)]
    people = [piece for piece in pieces if not ROLE_PIECE.match(piece) and not is_corporate(piece)]
    return ", ".join(people) if people else credit_name(value)


def _pieces(line: str) -> list[str]:
    """The reporter's section of a credit line (not the editor's), without its label, split into pieces."""
    for section in collapse_spaces(line).split("|"):
        other = OTHER_CREDIT.search(section)
        section = section[: other.start()] if other else section
        pieces = [piece.strip(" ,;:-–—") for piece in _PIECES.split(AUTHOR_LABEL.sub("", section.strip()))]
        pieces = [piece for piece in pieces if piece]
        if pieces:
            return pieces
    return []


def is_corporate(name: str) -> bool:
    """A company, desk or outlet ("Kompas Cyber Media", "Tim Redaksi", "detikcom", "Antara"), not a person."""
    return bool(CORPORATE_WORDS.search(name)) or names_outlet(name)


def signature_of(removed: list[RemovedLine]) -> tuple[str, str]:
    """(reporter, agency) of the closing "NAME | AGENCY" line that cleaning removed, or ("", "")."""
    lines = [item.line for item in removed if item.rule == AGENCY_SIGNATURE]
    return signature_parts(lines[-1]) if lines else ("", "")


def signature_parts(line: str) -> tuple[str, str]:
    """("Rina Kartika", "ANTARA") from a closing "RINA KARTIKA | ANTARA"; a name in capitals gets name case."""
    match = SIGNATURE.fullmatch(collapse_spaces(line))
    if not match:
        return "", ""
    name = match.group("name").strip(" -–—")
    return (name_case(name) if name.isupper() else name), match.group("agency").strip(" .")


def name_case(name: str) -> str:
    """ "RINA KARTIKA" -> "Rina Kartika", "MA'RUF AMIN" -> "Ma'ruf Amin", "M. FAJAR" -> "M. Fajar"."""
    return re.sub(r"[^\s-]+", lambda word: word.group().capitalize(), name.lower())

"""Words written around Indonesian names that are not part of them: ranks, positions, titles and degrees.

`Kapolri Jenderal Pol. Listyo Sigit Prabowo`, `Kabid Humas Polda Metro Jaya Kombes Pol. Hendra Wijaya`,
`Dr. Ir. H. Bambang Sutrisno, M.M.`: the person is the name alone, the words around it are never an entity,
and their dots never end a sentence. Compiled by hand from Polri and TNI rank names (Kombes, AKBP, Brigjen,
Letkol, ...), the position abbreviations of their press releases (Kapolri, Kabid Humas, Dandim, ...) and
Indonesian degree abbreviations (S.H., M.Si., ...); no dataset is copied.
"""

import re

# Police and military ranks, and the service marks written after them (`Jenderal Pol.`, `Letjen TNI`).
RANKS = frozenset({
    "jenderal", "jendral", "komjen", "irjen", "brigjen", "kombes", "akbp", "kompol", "akp", "iptu", "ipda",
    "aiptu", "aipda", "bripka", "brigpol", "briptu", "bripda", "bharada", "bharatu", "bharaka",
    "letjen", "mayjen", "laksdya", "laksda", "laksma", "marsdya", "marsda", "marsma", "kolonel", "letkol",
    "mayor", "kapten", "lettu", "letda", "serma", "serka", "sertu", "serda", "kopda", "praka", "pratu", "prada",
    "laksamana", "marsekal", "pol", "purn", "purnawirawan",
})
# Positions written as one word before a name (police, military, prosecutors).
POSITIONS = frozenset({
    "kapolri", "wakapolri", "kapolda", "wakapolda", "kapolres", "kapolresta", "kapolrestabes", "kapolsek",
    "kabid", "kasubbid", "kabag", "kasubag", "kasat", "kasatreskrim", "kasatlantas", "kadiv", "kabareskrim",
    "dirreskrimum", "dirreskrimsus", "dirresnarkoba", "dirlantas", "karopenmas", "panglima", "pangdam",
    "danrem", "dandim", "danramil", "danjen", "kasad", "kasal", "kasau", "kapuspen", "kapuspenkum", "kajati",
    "kajari", "kasi", "kasipidum", "kasipidsus", "humas",
})
# Academic and religious titles written with a dot before a name (`Dr.`, `H.`, `KH.`).
DOTTED_TITLES = frozenset({"dr", "drs", "dra", "ir", "h", "hj", "prof", "kh", "tgh", "hc"})
# Academic degrees after a name: S.H., S.E., M.M., M.Si., Ph.D., Sp.PD (letters and dots, at most 4 parts).
DEGREE = re.compile(r"(?:[SMD]|Sp|Ph|Dipl)\.[A-Za-z]{1,4}(?:\.[A-Za-z]{1,4}){0,2}|MBA|MM|MSi|SH|SE|Lc")
# Company forms before a name: `PT Sinar Jaya Abadi`, `PT. Sinar Jaya Abadi`, `CV Maju`.
COMPANY_FORMS = frozenset({"PT", "CV", "Perum", "Persero"})
# Words that take a dot and never end a sentence: the titles, ranks and company forms above and a few more.
ABBREVIATIONS = frozenset({
    *DOTTED_TITLES, "pol", "purn", "akbp", "kombes", "brigjen", "irjen", "komjen", "pt", "cv", "tbk", "no", "jl",
    "st", "rp", "dll", "dsb", "sdr", "ny", "tn", "bpk",
})


def is_title(word: str, next_word: str) -> bool:
    """A rank or position, or a dotted title followed by its dot (`H.` but not the initial in `Agus H Wibowo`)."""
    lower = word.lower()
    return lower in RANKS or lower in POSITIONS or (next_word == "." and lower in DOTTED_TITLES)


def is_degree(word: str, previous_word: str, next_word: str) -> bool:
    """A degree written after a name: `, M.M.` or `, S.H`."""
    return bool(DEGREE.fullmatch(word)) and (previous_word == "," or next_word == ".")


def never_ends_sentence(word: str) -> bool:
    """Whether a dot after `word` is an abbreviation's: a listed word, one capital letter or a dotted degree."""
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper()) or bool(DEGREE.fullmatch(word))

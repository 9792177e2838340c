"""Remove site furniture from article text, explaining every removal by the name of its rule.

Generic rules cover Indonesian news sites; per-source rules are regular expressions that editors type in the
admin: a line is removed when `re.search` finds the pattern in it (case-sensitive unless the pattern says
`(?i)`). Every non-empty input line is treated as a paragraph; the result separates paragraphs by a blank line.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .document import Cleaned, RemovedLine

# Rule names, shown to editors next to each removed line.
SHARE_LINE = "share-line"
COMMENT_FORM = "comment-form"
BACA_JUGA = "baca-juga"
PAGE_NAV = "page-nav"
RELATED_LINKS = "related-links"
BYLINE = "byline"
DATE_LINE = "date-line"
SIGNATURE_INITIALS = "signature-initials"
# A closing "RINA KARTIKA | ANTARA" line: the reporter and the agency (bylines read it back).
AGENCY_SIGNATURE = "agency-signature"
SOURCE_CREDIT = "source-credit"
PHOTO_CAPTION = "photo-caption"
REPEATED_CAPTION = "repeated-caption"
REPEATED_PARAGRAPH = "repeated-paragraph"
HEADLINE = "headline"
DATELINE = "dateline"
SOURCE_RULE_PREFIX = "source:"

INVALID_RULE = "Invalid rule {pattern!r}: {error}."
RULE_MATCHES_EVERYTHING = "Rule {pattern!r} matches an empty line, so it would remove every line."

_SOCIAL = r"(?:facebook|twitter|x|whatsapp|telegram|line|linkedin|pinterest|e-?mail|copy link|salin tautan)"

# Each pattern must match a whole line (after whitespace is normalised).
LINE_RULES: tuple[tuple[str, str], ...] = (
    (SHARE_LINE, r"(?i:(?:share|bagikan|bagikan artikel ini|share this|sebarkan|follow us|ikuti kami)\s*:?)"),
    (SHARE_LINE, r"(?i:(?:follow|ikuti)\b.{0,80}\b(?:channel|google news|whatsapp|instagram|twitter|"
                 r"facebook|telegram|tiktok|youtube)\b.{0,80})"),
    (SHARE_LINE, rf"(?i:{_SOCIAL}(?:\s*[|,·/]?\s*{_SOCIAL})*)"),
    (COMMENT_FORM, r"(?i:please enter your (?:comment|name|email)[\w ]*!?|capt?cha\s*\*?|"
                   r"alamat email anda tidak akan dipublikasikan.*|bagaimana tanggapan anda mengenai artikel ini\??|"
                   r"(?:kirim|tulis|beri|berikan) komentar.{0,40}|komentar(?: \(\d+\))?|"
                   r"simpan nama, email.*|you have entered an incorrect email address!?)"),
    (BACA_JUGA, r"(?i:(?:baca|lihat|simak|tonton|saksikan)(?: juga)?\s*[:|]\s*.+)"),
    (PAGE_NAV, r"(?i:halaman\s*:?(?:\s*\d+)*|halaman (?:selanjutnya|berikutnya|sebelumnya)|selanjutnya|"
               r"berikutnya|sebelumnya|next|prev(?:ious)?|load more|tampilkan semua|\d+(?:\s+\d+)+)"),
    (RELATED_LINKS, r"(?i:topik(?: artikel)?\s*:.*|topik artikel|tags?\s*:.*|berita terkait|artikel terkait|"
                    r"terpopuler|terkini|berita lainnya|populer|rekomendasi(?: untuk anda)?|pilihan editor|"
                    r"telusuri berita .{0,40}lainnya|lihat berita lainnya.*)"),
    (BYLINE, r"(?:(?i:oleh|penulis|reporter|pewarta|editor|redaktur|penyunting|fotografer|kontributor|"
             r"wartawan)\s*:\s*|(?i:oleh)\s+|(?i:laporan wartawan)\s+)[^.!?]{2,80}"),
    (BYLINE, r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,4}\s*,\s*"
             r"(?i:jurnalis|wartawan|reporter|kontributor|koresponden)(?: \w+){0,3}"),
    (DATE_LINE, r"(?i:(?:(?:diterbitkan|dipublikasikan|diperbarui|updated?|published|posted)\s*:?\s*)?"
                r"(?:[a-z]+,?\s+)?\d{1,2}[\s/.-]+(?:[a-z]{3,9}|\d{1,2})[\s/.-]+\d{2,4}"
                r"(?:\W+(?:pukul\s*)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?(?:\s*(?:wib|wita|wit|gmt[+\d]*))?)"),
    (SIGNATURE_INITIALS, r"\(\s*(?:\*+|[A-Za-z][\w.]*(?:\s*[/ ]\s*[\w.]+){0,3})\s*\)"),
    (SOURCE_CREDIT, r"(?i:(?:artikel|berita|tulisan) ini (?:telah )?(?:tayang|terbit|dimuat|bersumber|"
                    r"diterbitkan)\b.*|sumber(?: foto)?\s*(?::.{0,80})?)"),
    # "Arsip - Para pemimpin ...", "Foto: Shutterstock"; not the reduplicated "Foto - foto itu ..." of tokenised text.
    (PHOTO_CAPTION, r"(?i:(?:arsip|ilustrasi|foto|dok(?:umentasi)?\.?|antara foto|file photo)\s*[-–—:|]\s*"
                    r"(?!\s*(?:foto|ilustrasi)\b).+)"),
    (PHOTO_CAPTION, r".+\((?i:foto|ilustrasi|dok|photo|istimewa|antara foto)\b[^)]{0,60}\)"),
)

# A comment form ends the article: everything after its heading goes.
COMMENT_FORM_START = re.compile(r"(?i)tinggalkan (?:balasan|komentar)|leave a (?:reply|comment)")
# Reporter initials or "(Kmb/Balipost)" glued to the end of the last sentence of a paragraph.
TRAILING_SIGNATURE = re.compile(r"(?<=[.!?\"”’])\s+\(\s*[A-Za-z]{2,6}(?:\s*/\s*[A-Za-z.]{2,20}){0,2}\s*\)$")
# "BERLIN, BALIPOST.com –", "Jakarta (ANTARA) -", "Jakarta, CNN Indonesia - -", "CakapCakap –".
_PIECE = r"(?:[A-Z][\w.]*|[a-z][\w]*\.(?:com|co|id|net)\w*)(?:\s+[A-Z][\w.]*){0,3}"
DATELINE_DASH = re.compile(rf"({_PIECE}(?:\s*,\s*{_PIECE})?(?:\s*\([^)]{{2,30}}\))?)\s*(?:-\s*-|--|[-–—])\s+")
# "Brussels: " (Medcom).
DATELINE_COLON = re.compile(r"([A-Z][a-z]+(?: [A-Z][a-z]+)?):\s+(?=[A-Z\"“])")
# "JERMANSekretaris Jenderal": the separator was lost when the page was scraped.
DATELINE_GLUED = re.compile(r"([A-Z]{3,}(?:[ -][A-Z]{3,}){0,2})(?=[A-Z][a-z])")

_LINE_RULE_PATTERN = re.compile("|".join(f"(?P<r{index}>{pattern})" for index, (_, pattern) in
                                         enumerate(LINE_RULES)))
CAPTION_CUE = re.compile(r"(?i)\((?:foto|kiri|kanan|tengah|ilustrasi)\)")
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]|&nbsp;")
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*$")
# Numbers are left out so that list items ("finis 9", "finis 10") do not look alike.
_WORD = re.compile(r"[^\W\d]\w*")
HEADLINE_MAX_CHARS = 160
HEADLINE_MAX_WORDS = 20
REPEAT_MIN_WORDS = 6
NEAR_DUPLICATE_MIN_WORDS = 12
NEAR_DUPLICATE_SHARE = 0.85


def validate_rule(pattern: str) -> None:
    """Raise ValueError (with INVALID_RULE or RULE_MATCHES_EVERYTHING) unless `pattern` is a usable rule."""
    _compile_rule(pattern)


def clean(text: str, rules: Sequence[str] = ()) -> Cleaned:
    """Remove furniture from `text` by the generic rules and the per-source `rules` (regex strings)."""
    source_rules = [(SOURCE_RULE_PREFIX + pattern, _compile_rule(pattern)) for pattern in rules]
    lines = _normalised_lines(text)
    state = _State(lines=list(lines))
    _cut_comment_form(state)
    _apply_line_rules(state, source_rules)
    _drop_headline(state)
    _drop_repeats(state)
    _drop_trailing_signatures(state)
    _split_dateline(state)
    return Cleaned(text="\n\n".join(state.lines), removed=_in_page_order(state.removed, lines),
                   captions=state.captions)


@dataclass
class _State:
    lines: list[str]
    removed: list[RemovedLine] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)

    def remove(self, line: str, rule: str) -> None:
        self.removed.append(RemovedLine(line=line, rule=rule))
        if rule in (PHOTO_CAPTION, REPEATED_CAPTION) and line not in self.captions:
            self.captions.append(line)


def _compile_rule(pattern: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise ValueError(INVALID_RULE.format(pattern=pattern, error=error)) from None
    if compiled.search(""):
        raise ValueError(RULE_MATCHES_EVERYTHING.format(pattern=pattern))
    return compiled


def _normalised_lines(text: str) -> list[str]:
    lines = (_SPACES.sub(" ", _INVISIBLE.sub(" ", line)).strip() for line in text.splitlines())
    return [line for line in lines if line]


def _in_page_order(removed: list[RemovedLine], lines: list[str]) -> list[RemovedLine]:
    """Editors read removals top to bottom; the rules run in another order."""
    page = "\n".join(lines)
    return sorted(removed, key=lambda item: page.find(item.line))


def _cut_comment_form(state: _State) -> None:
    """Drop a comment form and everything after it, when it starts in the second half of the page."""
    half = len(state.lines) // 2
    for index, line in enumerate(state.lines[half:], start=half):
        if COMMENT_FORM_START.fullmatch(line):
            for dropped in state.lines[index:]:
                state.remove(dropped, COMMENT_FORM)
            del state.lines[index:]
            return


def _apply_line_rules(state: _State, source_rules: Iterable[tuple[str, re.Pattern[str]]]) -> None:
    kept = []
    in_related_block = False
    for line in state.lines:
        rule = _line_rule(line, source_rules)
        # Headlines listed under "Berita Terkait" are short and unpunctuated; the first sentence ends the list.
        if rule is None and in_related_block and len(line) < 120 and not _SENTENCE_END.search(line):
            rule = RELATED_LINKS
        in_related_block = rule == RELATED_LINKS
        if rule is None:
            kept.append(line)
        else:
            state.remove(line, rule)
    state.lines = kept


def _line_rule(line: str, source_rules: Iterable[tuple[str, re.Pattern[str]]]) -> str | None:
    match = _LINE_RULE_PATTERN.fullmatch(line)
    if match and match.lastgroup:
        return LINE_RULES[int(match.lastgroup[1:])][0]
    return next((name for name, pattern in source_rules if pattern.search(line)), None)


def _drop_headline(state: _State) -> None:
    """A short unpunctuated first paragraph is the headline (printed twice on some sites: once)."""
    lines = state.lines
    if len(lines) < 2 or not _looks_like_headline(lines[0]) or _dateline_match(lines[0]):
        return
    count = 2 if lines[1].casefold() == lines[0].casefold() else 1
    for line in lines[:count]:
        state.remove(line, HEADLINE)
    del lines[:count]


def _looks_like_headline(line: str) -> bool:
    """Short, one sentence, no final punctuation (a question ending in "?" is a lead, not a headline)."""
    words = len(line.split())
    return (3 <= words <= HEADLINE_MAX_WORDS and len(line) <= HEADLINE_MAX_CHARS
            and not re.search(r"[.;:,!?]$|[.!?] ", line) and not line.startswith(("\"", "“", "'", "‘")))


def _drop_repeats(state: _State) -> None:
    """Repeated captions go entirely; a repeated or near-repeated paragraph keeps its first occurrence."""
    counts: dict[str, int] = {}
    for line in state.lines:
        counts[line.casefold()] = counts.get(line.casefold(), 0) + 1
    kept: list[str] = []
    kept_words: list[set[str]] = []
    for line in state.lines:
        rule = _repeat_rule(line, counts[line.casefold()], kept_words)
        if rule:
            state.remove(line, rule)
        else:
            kept.append(line)
            kept_words.append(set(_WORD.findall(line.casefold())))
    state.lines = kept


def _repeat_rule(line: str, count: int, earlier: list[set[str]]) -> str | None:
    words = set(_WORD.findall(line.casefold()))
    # Short lines repeat for good reasons: "Plus"/"Minus" in reviews, "finis 5" in race results.
    if len(words) < REPEAT_MIN_WORDS:
        return None
    if count > 1 and not _SENTENCE_END.search(line):
        return REPEATED_CAPTION
    if count > 1:
        return REPEATED_PARAGRAPH if any(words <= other for other in earlier) else None
    # A caption that points at the photo ("Jens Stoltenberg (foto), ...") and rewords an earlier paragraph.
    # Only with that cue: numbered lists ("12. Tim ... dikenakan sanksi denda") also look alike.
    rewords = any(len(words & other) >= NEAR_DUPLICATE_SHARE * len(words) for other in earlier)
    if CAPTION_CUE.search(line) and len(words) >= NEAR_DUPLICATE_MIN_WORDS and rewords:
        return REPEATED_CAPTION
    return None


def _drop_trailing_signatures(state: _State) -> None:
    for index, line in enumerate(state.lines):
        match = TRAILING_SIGNATURE.search(line)
        if match:
            state.remove(match.group().strip(), SIGNATURE_INITIALS)
            state.lines[index] = line[: match.start()]


def _split_dateline(state: _State) -> None:
    """Move "CITY, OUTLET –" (or "City:", or a glued "JERMANSekretaris") off the first paragraph."""
    if not state.lines:
        return
    first = state.lines[0]
    match = _dateline_match(first)
    if match:
        state.remove(match.group(1), DATELINE)
        state.lines[0] = first[match.end():]


def _dateline_match(paragraph: str) -> re.Match[str] | None:
    for pattern in (DATELINE_DASH, DATELINE_COLON, DATELINE_GLUED):
        match = pattern.match(paragraph)
        if match and len(match.group(1)) <= 60 and len(paragraph) > match.end() + 20:
            return match
    return None

"""Remove site furniture from article text, explaining every removal by the name of its rule.

Generic rules cover Indonesian news sites; per-source rules are regular expressions that editors type in the
admin: a line is removed when `regex.search` finds the pattern in it within RULE_TIMEOUT_SECONDS
(case-sensitive unless the pattern says `(?i)`). Every non-empty input line is treated as a paragraph, and so
is each part of a line whose paragraphs a scrape joined with commas ("di Ubud.,Apapun"); the result separates
paragraphs by a blank line.

No rule deletes story text along with furniture: a line of several sentences (a whole article on one line) loses
only furniture sentences at its ends, and furniture inside a paragraph (a bracketed teaser, an embed placeholder,
an ad label, a photo credit) is cut out as that segment alone.
"""

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex

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
AD_LABEL = "ad-label"
# "Dapatkan update berita pilihan … Grup Telegram …, klik link https://t.me/…": an invitation, not the story.
PROMO = "promo"
# "Copyright © ANTARA 2024", "© 2023 Berita Jatim. All rights reserved.": the page owner's notice.
COPYRIGHT = "copyright"
EMBED_PLACEHOLDER = "embed-placeholder"
PHOTO_CAPTION = "photo-caption"
REPEATED_CAPTION = "repeated-caption"
REPEATED_PARAGRAPH = "repeated-paragraph"
HEADLINE = "headline"
DATELINE = "dateline"
SOURCE_RULE_PREFIX = "source:"

# Editors' rules run through `regex` for its time limit: a pattern that backtracks catastrophically ("(a+)+$")
# must cost one line a few milliseconds, not an ingest worker forever.
RULE_TIMEOUT_SECONDS = 0.05
RULE_TIMED_OUT = "Rule {pattern!r} gave up after {seconds} s on a line; the line is kept."
INVALID_RULE = "Invalid rule {pattern!r}: {error}."
RULE_MATCHES_EVERYTHING = "Rule {pattern!r} matches an empty line, so it would remove every line."

_TEASER_CUE = r"(?:baca|lihat|simak|tonton|saksikan)"
# "Baca juga", "Baca selengkapnya", "Baca berita selengkapnya", "Simak artikel lainnya"; decorated ">>> … <<<".
_TEASER = (rf"(?:[>»›*•]+\s*)?{_TEASER_CUE}(?:\s+juga|\s+(?:berita\s+|artikel\s+)?selengkapnya|"
           r"\s+(?:berita|artikel)\s+lainnya)?")
# A teaser heading on its own line ("BACA JUGA:", "Baca Juga :"): the short lines under it are its headlines.
TEASER_HEADING = re.compile(rf"(?i:{_TEASER})\s*[:|]?\s*")
# Date lines: "detikNews | Sabtu 08 Oct 2016, 14:54 WIB", "Kompas.com - 14/03/2023, 13:05 WIB", "Jum'at, 6 Nop. 2019".
_WEEKDAY_NAME = (r"(?:senin|selasa|rabu|kamis|jum['’]?at|sabtu|minggu|ahad|"
                 r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)")
# Old and unofficial months ("Djan", "Peb", "Mrt", "Ag", "Nop") are two to nine letters like the rest.
_DATE = r"\d{1,2}[\s/.-]+(?:[a-z]{2,9}\.?|\d{1,2})[\s/.-]+\d{2,4}"
_CLOCK = r"(?:pukul|jam)?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
_ZONE = r"(?:wib|wita|wit|gmt\s*[+-]?\s*\d*|utc\s*[+-]?\s*\d*)"
# An outlet or channel before "|", "-" or ",": only ahead of a weekday or of a date with a clock, so that a
# crosshead such as "Tragedi G30S - 30 September 1965" is not taken for a date line.
_DATE_PREFIX = (rf"[\w.'’]+(?: [\w.'’]+){{0,2}}\s*[|,–—-]\s*"
                rf"(?={_WEEKDAY_NAME}\b|{_DATE}\W+{_CLOCK})")

log = logging.getLogger("telusur.ingest")

_CHANNELS = r"(?:telegram|whatsapp|google news|channel|aplikasi|app)"
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
    (BACA_JUGA, rf"(?i:{_TEASER}\s*[:|]\s*.+)"),
    (BACA_JUGA, TEASER_HEADING.pattern),
    # "Baca Juga Pipa Bocor, Ribuan Rumah Kekeringan", "Simak selengkapnya di sini": no colon, so only a headline
    # (no final full stop).
    (BACA_JUGA, rf"(?i:{_TEASER_CUE} (?:juga|(?:berita |artikel )?selengkapnya)\s+.*[^.!?\s])"),
    # An invitation starts with its verb or carries its link; "200 UMKM bergabung dalam aplikasi …" is a story.
    (PROMO, rf"(?i:(?=.{{0,400}}$)(?:(?:dapatkan|ikuti|gabung|bergabung|unduh|download|install|yuk|mari)\b.*"
            rf"\b{_CHANNELS}\b.*|.*\b{_CHANNELS}\b.*(?:https?://|t\.me/|wa\.me/|klik (?:link|tautan|di ?sini)).*))"),
    (COPYRIGHT, r"(?i:(?:copyright|hak cipta)\b.{0,120}|(?:©|\(c\))\s*.{1,120})"),
    (AD_LABEL, r"(?i:advertisement|iklan|ads?|sponsored|konten bersponsor|"
               r"scroll to (?:continue|resume)(?: with)? content|lanjutkan membaca|continue reading)"),
    (PAGE_NAV, r"(?i:halaman\s*:?(?:\s*\d++)*|halaman (?:selanjutnya|berikutnya|sebelumnya)|selanjutnya|"
               r"berikutnya|sebelumnya|next|prev(?:ious)?|load more|tampilkan semua|\d+(?:\s+\d+)+)"),
    (RELATED_LINKS, r"(?i:topik(?: artikel)?\s*:.*|topik artikel|tags?\s*:.*|berita terkait|artikel terkait|"
                    r"terpopuler|terkini|berita lainnya|populer|rekomendasi(?: untuk anda)?|"
                    r"pilihan editor(?:\s*[:|]\s*.+)?|"
                    r"telusuri berita .{0,40}lainnya|lihat berita lainnya.*)"),
    (BYLINE, r"(?:(?i:oleh|penulis|reporter|pewarta|editor|redaktur|penyunting|fotografer|kontributor|"
             r"wartawan)\s*:\s*|(?i:oleh)\s+|(?i:laporan wartawan)\s+)[^.!?]{2,80}"),
    (BYLINE, r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,4}\s*,\s*"
             r"(?i:jurnalis|wartawan|reporter|kontributor|koresponden)(?: \w+){0,3}"),
    (DATE_LINE, rf"(?i:(?:(?:diterbitkan|dipublikasikan|diperbarui|updated?|published|posted)\s*:?\s*)?"
                rf"(?:{_DATE_PREFIX})?(?:[a-z]+(?:['’][a-z]+)?,?\s+)?{_DATE}(?:\W+{_CLOCK})?(?:\s*{_ZONE})?)"),
    (SIGNATURE_INITIALS, r"\(\s*(?:\*+|[A-Za-z][\w.]*(?:\s*[/ ]\s*[\w.]+){0,3})\s*\)"),
    (SOURCE_CREDIT, r"(?i:(?:artikel|berita|tulisan) ini (?:telah )?(?:tayang|terbit|dimuat|bersumber|"
                    r"diterbitkan)\b.*|sumber(?: foto)?\s*(?::.{0,80})?)"),
    # "Arsip - Para pemimpin ...", "Foto: Shutterstock"; not the reduplicated "Foto - foto itu ..." of tokenised text.
    (PHOTO_CAPTION, r"(?i:(?:(?:arsip|ilustrasi|foto|dok(?:umentasi)?\.?|antara foto|file photo)\s*[-–—:|]|"
                    r"antara foto\s*/)\s*"
                    r"(?!\s*(?:foto|ilustrasi)\b).+)"),
    (PHOTO_CAPTION, r".+\((?i:foto|ilustrasi|dok|photo|istimewa|antara foto)\b[^)]{0,60}\)"),
    # A caption ending in its photo credit: "… upacara Melasti. ANTARA FOTO/Nyoman Hendra Wibowo/nym.",
    # "… di Cibinong. KOMPAS.com/AFDHALUL IKHSAN", "… di Brussel. REUTERS/Yves Herman".
    # Only a photo desk or an outlet's domain before the slash: "… berkoordinasi dengan TNI/Polri." is a story.
    (PHOTO_CAPTION, r"(?=.{0,500}$).+\s(?:[A-Z]{3,} FOTO|ANTARA|REUTERS|AFP|AP|EPA|TEMPO|KOMPAS|XINHUA|JIBI|BISNIS|"
                    r"[A-Za-z]+\.(?:com|co\.id|id))\s*/\s*[A-Z][\w .'’-]{1,60}(?:/[a-z]{1,6})?\.?"),
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
# Furniture inside a paragraph: only the match leaves, the sentences around it stay.
INLINE_RULES: tuple[tuple[str, regex.Pattern[str]], ...] = (
    # "(Baca juga: Pipa Bocor, Ribuan Rumah Kekeringan)", "[Lihat Juga: ...]".
    (BACA_JUGA, re.compile(rf"[(\[]\s*(?i:{_TEASER_CUE}(?:\s+juga\s*[:|]?|\s*[:|]))[^()\[\]]{{1,200}}[)\]]")),
    # "[Gambas:Video CNN]", "[Gambas:Instagram]", "[Video: ...]".
    (EMBED_PLACEHOLDER, re.compile(r"\[\s*(?i:gambas|video|embed|instagram|twitter|youtube|tiktok|facebook|"
                                   r"infografis|galeri|polling|audio)\s*:[^\[\]]{0,80}\]")),
    (AD_LABEL, re.compile(r"(?i:\badvertisement\b|\bscroll to (?:continue|resume)(?: with)? content\b)")),
)
# A teaser or editor's pick that starts a sentence runs to that sentence's end, if it is headline-sized.
INLINE_TEASER = re.compile(rf"(?:^|(?<=[.!?\"”’)] ))(?:(?i:{_TEASER_CUE}(?: juga)?)|(?P<pick>(?i:pilihan editor|"
                           rf"berita terkait)))\s*:\s*")
# A photo credit in brackets: "(Foto: Instagram/@nadialaras)", "(ANTARA FOTO/Hafidz Mubarak A/nz)".
INLINE_CREDIT = re.compile(r"\(\s*(?i:foto|photo|dok(?:umentasi)?\.?|sumber foto|antara foto|ilustrasi)\s*[:/]"
                           r"[^()]{1,80}\)")
# Sentences of a one-line article: a full stop (and any closing quote) before a capital, digit or bracket.
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]*(\s+)(?=[\"“‘(\[]?[A-Z0-9])")
# Paragraphs joined by commas in a scrape: "di Ubud.,Apapun aksinya", "pengikutnya.,\"Cantiknya".
_JOINED_PARAGRAPHS = re.compile(r"(?:(?<=[^\W\d_]{2}[.!?])|(?<=[.!?][\"”’])),(?=[\"“‘(]?[A-Z])")
# "RINA KARTIKA | ANTARA" ends some agency copy; the name may be in any letter case.
AGENCY_SIGNATURE_LINE = re.compile(r"\(?\s*[A-Za-z][\w.'’-]*(?: [A-Za-z][\w.'’-]*){0,4}\s*\|\s*"
                                   r"(?:[A-Z]{2,}|[A-Z][a-z]+)(?: (?:[A-Z]{2,}|[A-Z][a-z]+))?\s*\)?")
CAPTION_CUE = re.compile(r"(?i)\((?:foto|kiri|kanan|tengah|ilustrasi)\)")
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]|&nbsp;")
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*$")
# Cleaning that removes more than this share of a document's characters keeps the article but flags it for editors.
MOSTLY_REMOVED_SHARE = 0.6
# Numbers are left out so that list items ("finis 9", "finis 10") do not look alike.
_WORD = re.compile(r"[^\W\d]\w*")
HEADLINE_MAX_CHARS = 160
HEADLINE_MAX_WORDS = 20
REPEAT_MIN_WORDS = 6
NEAR_DUPLICATE_MIN_WORDS = 12
NEAR_DUPLICATE_SHARE = 0.85
TEASER_MAX_WORDS = 20
# A line of three or more sentences is a paragraph or a whole one-line article, never furniture as a whole
# (a caption may have two: "Arsip - Para pemimpin ... Rabu (29/6/2022). Dalam pertemuan ... (BP/Ant)").
LONG_LINE_SENTENCES = 3
# A caption's own words before its credit ("Nadia Larasati."): a few words, all capitalised.
CAPTION_LABEL_MAX_WORDS = 8


class RuleError(ValueError):
    """An unusable editor's rule: `matches_everything`, or else invalid with the regex engine's `detail`."""

    def __init__(self, message: str, *, matches_everything: bool = False, detail: str = "") -> None:
        super().__init__(message)
        self.matches_everything = matches_everything
        self.detail = detail


def validate_rule(pattern: str) -> None:
    """Raise RuleError (with INVALID_RULE or RULE_MATCHES_EVERYTHING) unless `pattern` is a usable rule."""
    _compile_rule(pattern)


def removed_share(cleaned: Cleaned) -> float:
    """The share of the document's characters that cleaning removed (0 for an empty document)."""
    removed = sum(len(item.line) for item in cleaned.removed)
    kept = len(cleaned.text.replace("\n\n", ""))
    return removed / (removed + kept) if removed + kept else 0.0


def clean(text: str, rules: Sequence[str] = ()) -> Cleaned:
    """Remove furniture from `text` by the generic rules and the per-source `rules` (regex strings)."""
    source_rules = [(SOURCE_RULE_PREFIX + pattern, _compile_rule(pattern)) for pattern in rules]
    lines = _normalised_lines(text)
    state = _without_furniture_lines(lines, source_rules, LONG_LINE_SENTENCES)
    if not state.lines:
        # Every line looked like furniture: an article of one or two lines is taken apart by sentence rather
        # than lost ("Dua kalimat berita. Nadia Larasati (Foto: Instagram/@nadia)").
        state = _without_furniture_lines(lines, source_rules, 2)
    _drop_inline_furniture(state)
    _drop_headline(state, followed_by_date=_second_line_is_date(lines))
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
        # A caption printed twice, or once in other letter case, is one caption.
        if rule in (PHOTO_CAPTION, REPEATED_CAPTION) and line.casefold() not in map(str.casefold, self.captions):
            self.captions.append(line)


def _without_furniture_lines(lines: list[str], source_rules: Sequence[tuple[str, regex.Pattern[str]]],
                             long_line_sentences: int) -> _State:
    state = _State(lines=list(lines))
    _cut_comment_form(state)
    _apply_line_rules(state, source_rules, long_line_sentences)
    return state


def _compile_rule(pattern: str) -> regex.Pattern[str]:
    try:
        compiled = regex.compile(pattern)
    except regex.error as error:
        raise RuleError(INVALID_RULE.format(pattern=pattern, error=error), detail=str(error)) from None
    if compiled.search(""):
        raise RuleError(RULE_MATCHES_EVERYTHING.format(pattern=pattern), matches_everything=True)
    return compiled


def _normalised_lines(text: str) -> list[str]:
    """Lines without invisible characters and repeated spaces; comma-joined paragraphs split apart again."""
    lines = (_SPACES.sub(" ", _INVISIBLE.sub(" ", line)).strip() for line in text.splitlines())
    return [paragraph.strip() for line in lines for paragraph in _JOINED_PARAGRAPHS.split(line) if paragraph.strip()]


def _in_page_order(removed: list[RemovedLine], lines: list[str]) -> list[RemovedLine]:
    """Editors read removals top to bottom; the rules run in another order."""
    page = "\n".join(lines)

    def position(item: RemovedLine) -> int:
        # At a paragraph's start first: a "Bogor" dateline is not where the headline says "Istana Bogor".
        at_start = ("\n" + page).find("\n" + item.line)
        return at_start if at_start >= 0 else page.find(item.line)

    return sorted(removed, key=position)


def _cut_comment_form(state: _State) -> None:
    """Drop a comment form and everything after it, when it starts in the second half of the page."""
    half = len(state.lines) // 2
    for index, line in enumerate(state.lines[half:], start=half):
        if COMMENT_FORM_START.fullmatch(line):
            for dropped in state.lines[index:]:
                state.remove(dropped, COMMENT_FORM)
            del state.lines[index:]
            return


def _apply_line_rules(state: _State, source_rules: Iterable[tuple[str, regex.Pattern[str]]],
                      long_line_sentences: int) -> None:
    kept = []
    in_related_block = False
    for line in state.lines:
        if _is_long(line, long_line_sentences):
            # A whole article on one line: only a furniture sentence at either end goes.
            line, rule = _peel_ends(state, line, source_rules), None
        else:
            rule = _line_rule(line, source_rules)
        # Headlines listed under "Berita Terkait" or a "Baca juga:" heading are short and unpunctuated (or list
        # items, "- Judul"); the first sentence ends the list.
        if rule is None and in_related_block and len(line) < 120 and not _SENTENCE_END.search(line):
            rule = RELATED_LINKS
        in_related_block = rule == RELATED_LINKS or (rule == BACA_JUGA and bool(TEASER_HEADING.fullmatch(line)))
        if rule is None:
            kept.append(line)
        else:
            state.remove(line, rule)
    state.lines = kept


def _line_rule(line: str, source_rules: Iterable[tuple[str, regex.Pattern[str]]]) -> str | None:
    match = _LINE_RULE_PATTERN.fullmatch(line)
    if match and match.lastgroup:
        return LINE_RULES[int(match.lastgroup[1:])][0]
    return next((name for name, pattern in source_rules if _rule_matches(pattern, line)), None)


def _rule_matches(pattern: regex.Pattern[str], line: str) -> bool:
    """An editor's rule on one line; a rule still searching after RULE_TIMEOUT_SECONDS does not match."""
    try:
        return pattern.search(line, timeout=RULE_TIMEOUT_SECONDS) is not None
    except TimeoutError:
        log.warning(RULE_TIMED_OUT.format(pattern=pattern.pattern, seconds=RULE_TIMEOUT_SECONDS))
        return False


def _sentences(line: str) -> list[str]:
    starts = [0, *(match.end() for match in _SENTENCE_BREAK.finditer(line))]
    return [line[start:end].strip() for start, end in zip(starts, [*starts[1:], len(line)], strict=True)]


def _is_long(line: str, min_sentences: int) -> bool:
    """At least `min_sentences` sentences of three or more words (a credit such as "(BP/Ant)" is not one)."""
    return sum(len(sentence.split()) >= 3 for sentence in _sentences(line)) >= min_sentences


def _peel_ends(state: _State, line: str, source_rules: Iterable[tuple[str, regex.Pattern[str]]]) -> str:
    sentences = _sentences(line)
    for end in (0, -1):
        while len(sentences) > 1 and (rule := _line_rule(sentences[end], source_rules)):
            state.remove(sentences.pop(end), rule)
    return " ".join(sentences)


def _drop_inline_furniture(state: _State) -> None:
    """Cut bracketed teasers, embed placeholders, ad labels, inline teasers and photo credits out of paragraphs."""
    kept = []
    for line in state.lines:
        for rule, pattern in INLINE_RULES:
            line = _cut(state, line, [(match.start(), match.end(), rule) for match in pattern.finditer(line)])
        line = _cut(state, line, _inline_teasers(line))
        line = _cut(state, line, _credits(line))
        if line:
            kept.append(line)
    state.lines = kept


def _cut(state: _State, line: str, spans: list[tuple[int, int, str]]) -> str:
    """`line` without the (start, end, rule) spans, in order and not overlapping, each recorded under its rule."""
    pieces, position = [], 0
    for start, end, rule in spans:
        state.remove(line[start:end].strip(), rule)
        pieces.append(line[position:start])
        position = end
    pieces.append(line[position:])
    return _SPACES.sub(" ", "".join(pieces)).strip()


def _inline_teasers(line: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for match in INLINE_TEASER.finditer(line):
        sentence_end = _SENTENCE_BREAK.search(line, match.end())
        end = sentence_end.start(1) if sentence_end else len(line)
        # An unbounded teaser would take the story sentence glued to it: leave such a paragraph whole.
        if len(line[match.end():end].split()) <= TEASER_MAX_WORDS and (not spans or match.start() >= spans[-1][1]):
            spans.append((match.start(), end, RELATED_LINKS if match.group("pick") else BACA_JUGA))
    return spans


def _credits(line: str) -> list[tuple[int, int, str]]:
    """Bracketed photo credits, with the caption words before one when they are only a name or label."""
    spans: list[tuple[int, int, str]] = []
    for match in INLINE_CREDIT.finditer(line):
        start = match.start()
        label_start = max((found.end() for found in _SENTENCE_BREAK.finditer(line, 0, start)), default=0)
        label = line[label_start:start].strip()
        after = line[match.end():].lstrip()
        # "Presiden Jokowi (Foto: Setpres) menerima ...": the words before belong to the sentence that goes on.
        ends_caption = not after or after[0].isupper() or after[0] in "\"“"
        if label and ends_caption and _is_label(label):
            start = label_start
        if not spans or start >= spans[-1][1]:
            spans.append((start, match.end(), PHOTO_CAPTION))
    return spans


def _is_label(text: str) -> bool:
    words = text.rstrip(".").split()
    return len(words) <= CAPTION_LABEL_MAX_WORDS and all(word[0].isupper() or word[0].isdigit() for word in words)


def _second_line_is_date(lines: list[str]) -> bool:
    return len(lines) > 1 and _line_rule(lines[1], ()) in (DATE_LINE, BYLINE)


def _drop_headline(state: _State, *, followed_by_date: bool) -> None:
    """A short unpunctuated first paragraph is the headline (printed twice on some sites: once).

    "Jokowi - Prabowo Bertemu di Istana Bogor" looks like a "CITY - " dateline; it is still the headline when a
    date line follows it, when the next paragraph has a dateline of its own, or when its words are title-cased.
    """
    lines = state.lines
    if len(lines) < 2 or not _looks_like_headline(lines[0]):
        return
    if _dateline_match(lines[0]) and not (followed_by_date or _dateline_match(lines[1])
                                          or _title_cased(lines[0])):
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


def _title_cased(line: str) -> bool:
    """Every word but short function words ("di", "ke", "dan") starts with a capital or a digit."""
    words = [word for word in _WORD.findall(line) if len(word) > 3]
    return bool(words) and all(word[0].isupper() for word in words)


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
    """Reporter initials after a paragraph's last sentence; a "NAME | AGENCY" line (or tail) closing the article."""
    if state.lines:
        last = state.lines[-1]
        tail = _sentences(last)[-1]
        if AGENCY_SIGNATURE_LINE.fullmatch(tail):
            state.remove(tail, AGENCY_SIGNATURE)
            state.lines[-1] = last[: len(last) - len(tail)].strip()
            if not state.lines[-1]:
                state.lines.pop()
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

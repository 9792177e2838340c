"""Editors' boilerplate rules checked before they are saved: what each would remove in a source's recent articles.

The preview cleans each recent article's stored input twice, with the generic rules alone and with the editor's
rules too, so that a rule's share is measured against the text the generic cleaning leaves: a rule that would
take most of that text from some article is refused (it matches story lines, not furniture).
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.ingest.clean import SOURCE_RULE_PREFIX, RuleError, clean, validate_rule
from articles.ingest.html import extract_html
from articles.ingest.reclean import article_raw
from articles.models import Article, Source

PREVIEW_ARTICLES = 50
# The preview answers an editor's request: past this many seconds it stops at the article it is on. Each line a
# rule searches is bounded by the cleaner's own time limit, so slow rules end the preview early, never hang it.
PREVIEW_SECONDS = 5.0
# A rule taking more than this share of any recent article's cleaned text is refused.
GREEDY_SHARE = 0.5


@dataclass(frozen=True)
class RuleHit:
    """One line (or part of one) that a rule removes from an article."""

    article: Article
    line: str


@dataclass
class RulePreview:
    """What one rule removes in the recent articles, and the largest share of one article's text it takes."""

    rule: str
    hits: list[RuleHit] = field(default_factory=list)
    worst_share: float = 0.0
    worst_article: Article | None = None

    @property
    def articles(self) -> int:
        return len({hit.article.pk for hit in self.hits})

    @property
    def worst_percent(self) -> int:
        return round(100 * self.worst_share)

    @property
    def greedy(self) -> bool:
        return self.worst_share > GREEDY_SHARE


@dataclass(frozen=True)
class RulesPreview:
    """The preview of a rule list over `checked` of the `recent` articles of a source; `stopped_early` when the
    time limit ended it before all of them."""

    rules: list[RulePreview]
    checked: int
    recent: int

    @property
    def stopped_early(self) -> bool:
        return self.checked < self.recent

    def greedy(self) -> list[RulePreview]:
        return [rule for rule in self.rules if rule.greedy]


def _text(article: Article) -> str:
    raw = article_raw(article)
    return extract_html(raw).text if raw.format == "html" else raw.text


def _length(text: str) -> int:
    return len(text.replace("\n\n", ""))


def rules_preview(*, source: Source, rules: Sequence[str], limit: int = PREVIEW_ARTICLES,
                  seconds: float = PREVIEW_SECONDS) -> RulesPreview:
    """Which lines each of `rules` (valid patterns) removes in the `limit` articles of `source` ingested last,
    newest first, until `seconds` (wall clock) have passed: the article under way is finished, no other begun."""
    previews = {rule: RulePreview(rule=rule) for rule in rules}
    articles = list(source.articles.order_by("-ingested_at", "-pk")[:limit])
    deadline = time.monotonic() + seconds
    checked = 0
    for article in articles:
        if checked and time.monotonic() > deadline:
            break
        checked += 1
        text = _text(article)
        base = _length(clean(text).text)
        removed: dict[str, int] = {}
        for item in clean(text, list(previews)).removed:
            rule = item.rule.removeprefix(SOURCE_RULE_PREFIX)
            if item.rule.startswith(SOURCE_RULE_PREFIX) and rule in previews:
                previews[rule].hits.append(RuleHit(article=article, line=item.line))
                removed[rule] = removed.get(rule, 0) + len(item.line)
        for rule, chars in removed.items():
            share = min(1.0, chars / base) if base else 1.0
            if share > previews[rule].worst_share:
                previews[rule].worst_share, previews[rule].worst_article = share, article
    return RulesPreview(rules=list(previews.values()), checked=checked, recent=len(articles))


def rule_lines(text: str) -> list[tuple[int, str]]:
    """(line number, rule) of each non-empty line of a rules text."""
    return [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]


def rule_errors(text: str) -> list[str]:
    """Editors' messages for each unusable rule of a rules text, by line number."""
    errors = []
    for number, rule in rule_lines(text):
        try:
            validate_rule(rule)
        except RuleError as exc:
            if exc.matches_everything:
                message = _("baris %(n)d: aturan %(rule)s cocok dengan baris kosong, jadi akan membuang setiap baris. "
                            "Buat polanya lebih khusus.")
            else:
                message = _("baris %(n)d: aturan %(rule)s bukan ekspresi reguler yang sah (%(detail)s). "
                            "Perbaiki polanya.")
            errors.append(message % {"n": number, "rule": rule, "detail": exc.detail})
    return errors


def greedy_rule_errors(preview: RulesPreview, *, new: Sequence[str]) -> list[str]:
    """Editors' messages for each rule of `new` that would remove most of a recent article's text."""
    return [
        _("Aturan %(rule)s akan membuang %(share)d%% teks artikel „%(title)s”. Aturan boilerplate hanya untuk "
          "baris perabot situs; perketat polanya.")
        % {"rule": rule.rule, "share": rule.worst_percent, "title": rule.worst_article.title}
        for rule in preview.greedy() if rule.rule in new and rule.worst_article is not None
    ]

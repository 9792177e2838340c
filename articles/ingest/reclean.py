"""Clean stored articles again after an editor changed their source's boilerplate rules."""

import copy
from collections.abc import Callable, Iterable

from django.db import transaction

from articles.editing import BY_RECLEAN, edits_keep
from articles.entities.extract import article_mentions_refresh
from articles.ingest.document import RawDocument
from articles.ingest.prepare import Prepared, prepare
from articles.models import Article, Source
from articles.search.reindex import reindex_after_commit


def article_raw(article: Article) -> RawDocument:
    """The article's input as ingest read it (its stored raw text or HTML), to be prepared again."""
    stored = article.raw_text or article.body
    if stored.lstrip().startswith("<"):
        return RawDocument(origin=f"article {article.pk}", format="html", text="", html=stored, url=article.url)
    return RawDocument(origin=f"article {article.pk}", format="txt", text=stored, url=article.url)


@transaction.atomic
def _article_reclean(pk: int, rules: list[str], *, overwrite_edits: bool) -> bool:
    article = Article.objects.select_for_update().filter(pk=pk).first()
    if article is None:  # deleted since the run began
        return False
    prepared: Prepared = prepare(article_raw(article), rules=rules)
    if not prepared.body.strip() or prepared.body == article.body:
        return False
    stored = copy.copy(article)
    article.body = prepared.body
    if edits_keep(stored=stored, article=article, by=BY_RECLEAN, release=("body",) if overwrite_edits else ()):
        return False
    article.removed_lines = [{"line": item.line, "rule": item.rule} for item in prepared.removed]
    article.mostly_removed = prepared.mostly_removed
    article.save(update_fields=["body", "removed_lines", "mostly_removed", "edited_fields", "updated_at"])
    article_mentions_refresh(article=article)
    reindex_after_commit([article.pk])
    return True


def articles_reclean(*, article_ids: Iterable[int], overwrite_edits: bool = False,
                     on_progress: Callable[[int, int], None] | None = None) -> int:
    """Re-run cleaning on these articles with their sources' current rules; returns how many bodies changed.

    Only the body, the removal report and the "mostly removed" flag change: titles, dates and authors were
    described at ingest and may have been corrected by an editor since. A body an editor corrected by hand is
    kept unless `overwrite_edits`; an overwritten body keeps its old text in the article's history. One
    transaction per article, so a long run shows its progress (`on_progress(done, total)`) and a reader never
    waits on the whole source.
    """
    rows = list(Article.objects.filter(pk__in=list(article_ids)).order_by("pk").values_list("pk", "source_id"))
    rules = {source.pk: source.rule_list() for source in Source.objects.filter(pk__in={s for _, s in rows})}
    changed = 0
    for done, (pk, source_id) in enumerate(rows, start=1):
        changed += _article_reclean(pk, rules[source_id], overwrite_edits=overwrite_edits)
        if on_progress:
            on_progress(done, len(rows))
    return changed

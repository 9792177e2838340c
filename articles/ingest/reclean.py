"""Clean stored articles again after an editor changed their source's boilerplate rules."""

import copy

from django.db import transaction

from articles.editing import BY_RECLEAN, edits_keep
from articles.entities.extract import article_mentions_refresh
from articles.ingest.document import RawDocument
from articles.ingest.prepare import prepare
from articles.models import Article, Source
from articles.search.reindex import reindex_after_commit


def _raw(article: Article) -> RawDocument:
    stored = article.raw_text or article.body
    if stored.lstrip().startswith("<"):
        return RawDocument(origin=f"article {article.pk}", format="html", text="", html=stored, url=article.url)
    return RawDocument(origin=f"article {article.pk}", format="txt", text=stored, url=article.url)


@transaction.atomic
def source_reclean(*, source: Source, overwrite_edits: bool = False) -> int:
    """Re-run cleaning with the source's current rules; returns how many article bodies changed.

    Only the body and the removal report change: titles, dates and authors were described at ingest and may
    have been corrected by an editor since. A body an editor corrected by hand is kept unless `overwrite_edits`;
    an overwritten body keeps its old text in the article's history.
    """
    rules = source.rule_list()
    changed = []
    for article in source.articles.select_for_update().order_by("pk"):
        prepared = prepare(_raw(article), rules=rules)
        if not prepared.body.strip() or prepared.body == article.body:
            continue
        stored = copy.copy(article)
        article.body = prepared.body
        if edits_keep(stored=stored, article=article, by=BY_RECLEAN,
                      release=("body",) if overwrite_edits else ()):
            continue
        article.removed_lines = [{"line": item.line, "rule": item.rule} for item in prepared.removed]
        article.save(update_fields=["body", "removed_lines", "edited_fields", "updated_at"])
        article_mentions_refresh(article=article)
        changed.append(article.pk)
    reindex_after_commit(changed)
    return len(changed)

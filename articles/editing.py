"""Editors' corrections of articles, and the rule that keeps them: what an editor set by hand is marked as edited,
kept by re-cleaning and re-ingesting unless the editor lets go of it, and every overwrite leaves its old value in
the article's history (ArticleRevision)."""

import unicodedata
from datetime import date, datetime, time

from django.db import models, transaction

from articles.entities.extract import article_mentions_refresh
from articles.models import Article, ArticleRevision, PublishedPrecision
from articles.search.reindex import reindex_after_commit
from articles.zones import zone_for_offset

# The fields an editor corrects in the admin form (foreign keys by their column).
EDITABLE_FIELDS = ("title", "slug", "url", "author", "dateline", "agency", "published", "published_precision",
                   "body", "source_id", "cluster_id", "reviewed")
# The fields ingest writes from the input: an editor's value for these is kept when the input is read again.
DESCRIBED_FIELDS = ("title", "url", "author", "dateline", "agency", "published", "body")
BY_RECLEAN = "bersihkan ulang"
BY_REINGEST = "ingest ulang"


def text_normalise(text: str) -> str:
    """Text as Telusur stores it: LF line endings, Unicode NFC, no spaces at line ends nor around the whole.

    A browser's textarea sends CRLF; stored mention offsets count characters of the LF text.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip(" \t") for line in text.split("\n")).strip()


def value_text(value: object) -> str:
    """A field value as the history shows it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def revisions_record(article: Article, changes: dict[str, tuple[object, object]], *, by: str) -> None:
    """Keep the old value of each overwritten field in the article's history."""
    ArticleRevision.objects.bulk_create([
        ArticleRevision(article=article, field=name.removesuffix("_id"), old_value=value_text(old),
                        new_value=value_text(new), by=by[:200])
        for name, (old, new) in changes.items()
    ])


def field_changes(before: models.Model, after: models.Model, names: tuple[str, ...]) -> dict[str, tuple]:
    """(old, new) of each of `names` whose value differs between two versions of a row."""
    return {name: (getattr(before, name), getattr(after, name)) for name in names
            if getattr(before, name) != getattr(after, name)}


@transaction.atomic
def article_edit(*, article: Article, by: str) -> list[str]:
    """Store an editor's version of `article` (an unsaved instance holding the form's values).

    Only what really changed is written: a body that differs from the stored one only in line endings, Unicode
    form or trailing spaces is no change, so a title-only save leaves body and mentions alone. A body edit is
    normalised and its mentions are derived again. Returns the changed fields (foreign keys by field name).
    """
    stored = Article.objects.select_for_update().get(pk=article.pk)
    body = text_normalise(article.body)
    article.body = stored.body if body == text_normalise(stored.body) else body
    changes = field_changes(stored, article, EDITABLE_FIELDS)
    if not changes:
        return []
    article.edited_fields = sorted(set(stored.edited_fields) | (set(changes) & set(DESCRIBED_FIELDS)))
    article.save()
    revisions_record(article, changes, by=by)
    if "body" in changes:
        article_mentions_refresh(article=article)
    reindex_after_commit([article.pk])
    return [name.removesuffix("_id") for name in changes]


def edits_keep(*, stored: Article, article: Article, by: str, release: tuple[str, ...] = ()) -> bool:
    """After ingest or re-cleaning put fresh values into `article` (the same row as `stored`, before): put the
    editor's corrections back, except the `release`d fields, and record every value that is overwritten.

    Returns whether the body is still the editor's, so the caller derives its mentions from it.
    """
    article.edited_fields = [name for name in stored.edited_fields if name not in release]
    for name in article.edited_fields:
        setattr(article, name, getattr(stored, name))
        if name == "title":
            article.slug = stored.slug
        if name == "published":  # the editor's date goes with the precision and zone it was given in
            article.published_precision, article.published_offset = stored.published_precision, stored.published_offset
    revisions_record(article, field_changes(stored, article, DESCRIBED_FIELDS), by=by)
    return "body" in article.edited_fields


@transaction.atomic
def article_edits_release(*, articles: models.QuerySet) -> int:
    """Let ingest and re-cleaning overwrite these articles' hand corrections again; returns how many had any."""
    return articles.exclude(edited_fields=[]).update(edited_fields=[])


def published_from_parts(day: date | None, at: time | None, *, offset: int | None) -> tuple[datetime | None, str]:
    """(published, precision) for a date an editor typed, with or without a time of day.

    The time is read in the article's own zone (its printed UTC offset; WIB when unknown); a date without a time
    is stored at that zone's midnight with precision "date", so pages show the day and no invented 00.00.
    """
    if day is None:
        return None, ""
    zone = zone_for_offset(offset)
    if at is None:
        return datetime.combine(day, time(0, 0), tzinfo=zone), PublishedPrecision.DATE
    return datetime.combine(day, at, tzinfo=zone), PublishedPrecision.MINUTE


def published_parts(article: Article) -> tuple[date | None, time | None]:
    """The (date, time) an editor sees for the article's publication: its own zone, no time for a date only."""
    local = article.published_local()
    if local is None:
        return None, None
    return local.date(), None if article.published_precision == PublishedPrecision.DATE else local.time()


@transaction.atomic
def articles_reextract(*, articles: models.QuerySet) -> int:
    """Recognise and link the entities of these articles again (after curation or a recogniser update)."""
    ids = []
    for article in articles.order_by("pk").iterator(chunk_size=200):
        article_mentions_refresh(article=article)
        ids.append(article.pk)
    reindex_after_commit(ids)
    return len(ids)


@transaction.atomic
def articles_review(*, articles: models.QuerySet, reviewed: bool = True) -> int:
    """Mark articles as reviewed by an editor; returns how many changed state."""
    return articles.exclude(reviewed=reviewed).update(reviewed=reviewed)

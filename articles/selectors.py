"""Reads for pages and the API; each returns plain data built in a fixed number of queries."""

import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet

from articles.models import Article, Entity, EntityType, Mention, Source


def listed() -> QuerySet[Article]:
    """Articles as lists show them (title, outlet, date): without the texts, which can be long."""
    return Article.objects.select_related("source").defer("body", "raw_text", "minhash", "removed_lines", "captions")


def visible_mentions(article: Article) -> list[Mention]:
    return list(article.mentions.filter(entity__hidden=False).select_related("entity").order_by("start"))


# Undated articles last: PostgreSQL sorts NULL first in descending order.
NEWEST = F("published").desc(nulls_last=True)


@dataclass
class EntityMentions:
    entity: Entity
    spans: list[tuple[int, int]] = field(default_factory=list)


def article_entities(mentions: list[Mention]) -> list[EntityMentions]:
    """Entities of an article with their spans, most-mentioned first, then by first appearance."""
    grouped: dict[int, EntityMentions] = {}
    for mention in mentions:
        grouped.setdefault(mention.entity_id, EntityMentions(mention.entity)).spans.append(
            (mention.start, mention.end))
    return sorted(grouped.values(), key=lambda item: (-len(item.spans), item.spans[0][0]))


def article_slug(pk: int) -> str | None:
    """The article's current slug (None when there is no such article)."""
    return Article.objects.filter(pk=pk).values_list("slug", flat=True).first()


def latest_articles(limit: int = 10) -> QuerySet[Article]:
    return listed().order_by(NEWEST, "-id")[:limit]


def top_entities(limit: int = 12) -> QuerySet[Entity]:
    return (
        Entity.objects.filter(hidden=False)
        .annotate(article_count=Count("mentions__article", distinct=True))
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")[:limit]
    )


def sources_with_counts() -> QuerySet[Source]:
    return Source.objects.annotate(article_count=Count("articles")).order_by("-article_count", "name")


def entity_articles(entity: Entity) -> QuerySet[Article]:
    # EXISTS instead of a join: no DISTINCT over the articles, and the paginator's count stays cheap.
    mentioned = Mention.objects.filter(article=OuterRef("pk"), entity=entity)
    return listed().filter(Exists(mentioned)).order_by(NEWEST, "-id")


def entity_datelined(entity: Entity, limit: int = 5) -> list[Article]:
    """The newest `limit` articles filed from this place (their dateline names it); none for other types."""
    if entity.type != EntityType.LOCATION:
        return []
    return list(listed().filter(dateline_entity=entity).order_by(NEWEST, "-id")[:limit])


def entity_cooccurring(entity: Entity, limit: int = 10) -> QuerySet[Entity]:
    article_ids = Mention.objects.filter(entity=entity).values("article_id")
    return (
        Entity.objects.filter(hidden=False, mentions__article_id__in=article_ids)
        .exclude(pk=entity.pk)
        .annotate(shared=Count("mentions__article", distinct=True))
        .order_by("-shared", "name")[:limit]
    )


def autocomplete(prefix: str, limit: int = 8) -> list[dict]:
    """Entities whose name or alias starts a word with `prefix` (most mentioned first), then article titles."""
    prefix = " ".join(prefix.split())
    if len(prefix) < 2:
        return []
    word_start = rf"(^|[^[:alnum:]]){re.escape(prefix)}"
    entities = (
        Entity.objects.filter(hidden=False)
        .filter(Q(name__iregex=word_start) | Q(aliases__name__iregex=word_start, aliases__blocked=False))
        .annotate(article_count=Count("mentions__article", distinct=True))
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")[:limit]
    )
    items = [{"label": e.name, "kind": "entity", "type": e.type, "url": e.get_absolute_url()} for e in entities]
    if len(items) < limit:
        titles = Article.objects.filter(title__iregex=word_start).order_by(NEWEST, "-id")[:limit - len(items)]
        items += [{"label": a.title, "kind": "article", "type": None, "url": a.get_absolute_url()} for a in titles]
    return items


RECENT_WEEKS = 8
HIT_ENTITIES = 5


def entity_with_counts(entity: Entity | None) -> Entity | None:
    """The entity a query names, with its article and alias counts for the card above the results."""
    if entity is None:
        return None
    return (Entity.objects.filter(pk=entity.pk)
            .annotate(article_count=Count("mentions__article", distinct=True),
                      alias_count=Count("aliases", filter=Q(aliases__blocked=False), distinct=True))
            .first())


def hit_entities(article_ids: list[int], limit: int | None = HIT_ENTITIES) -> dict[int, list[Entity]]:
    """The most-mentioned visible entities of each article (all of them with `limit=None`), in two queries."""
    # Hidden entities are dropped after counting, not joined in the count: with the join PostgreSQL hashed every
    # entity of the portal (10 ms at 21,000 entities) to count the few hundred mentions of ten articles.
    rows = list(
        Mention.objects.filter(article_id__in=article_ids)
        .values("article_id", "entity_id")
        .annotate(n=Count("id"))
        .order_by("article_id", "-n")
    )
    entities = Entity.objects.filter(hidden=False).in_bulk({row["entity_id"] for row in rows})
    per_article: dict[int, list[Entity]] = {}
    for row in rows:
        chosen = per_article.setdefault(row["article_id"], [])
        if row["entity_id"] in entities and (limit is None or len(chosen) < limit):
            chosen.append(entities[row["entity_id"]])
    return per_article


def recent_top_entities(weeks: int = RECENT_WEEKS, limit: int = 36):
    """Most-mentioned entities in the weeks before the newest article (all time when that is too thin)."""
    newest = Article.objects.aggregate(newest=Max("published"))["newest"]
    since = newest - timedelta(weeks=weeks) if newest else None
    if since is None or Article.objects.filter(published__gte=since).count() < 3:
        return top_entities(limit=limit), None
    recent = Q(mentions__article__published__gte=since)
    entities = (
        Entity.objects.filter(hidden=False)
        .annotate(article_count=Count("mentions__article", distinct=True, filter=recent))
        .filter(article_count__gt=0)
        .order_by("-article_count", "name")[:limit]
    )
    return entities, since


def same_story(article: Article) -> QuerySet[Article]:
    """Other outlets' versions of the same story (its near-duplicate cluster)."""
    if not article.cluster_id:
        return Article.objects.none()
    return (listed().filter(cluster_id=article.cluster_id).exclude(pk=article.pk)
            .order_by(F("published").asc(nulls_last=True), "id"))


# Source health: each count for the articles ingested in the last 7 and 30 days and for all time.
HEALTH_PERIODS: tuple[int | None, ...] = (7, 30, None)
HEALTH_METRICS = {
    "articles": Q(),
    "undated": Q(articles__published__isnull=True),
    "no_author": Q(articles__author=""),
    "flagged": Q(articles__mostly_removed=True),
}


def health_key(metric: str, days: int | None) -> str:
    """The annotation holding `metric` over the last `days` days (None: all time)."""
    return f"n_{metric}_{days or 'all'}"


def sources_with_health(queryset: QuerySet[Source], *, now) -> QuerySet[Source]:
    """Sources annotated with their extraction health (health_key counts), newest publication and last ingest."""
    annotations = {}
    for days in HEALTH_PERIODS:
        since = Q(articles__ingested_at__gte=now - timedelta(days=days)) if days else Q()
        for metric, condition in HEALTH_METRICS.items():
            both = condition & since
            annotations[health_key(metric, days)] = Count("articles", filter=both or None)
    return queryset.annotate(**annotations, newest_published=Max("articles__published"),
                             last_ingested=Max("articles__ingested_at"))


def articles_with_body_words(words: str) -> QuerySet[Article]:
    """Articles whose body has every word of `words` (web-search syntax: "phrase", -word, OR), as written.

    Served by the `article_body_words` GIN index on the same expression, not by reading every body.
    """
    query = SearchQuery(words, config="simple", search_type="websearch")
    return Article.objects.annotate(body_words=SearchVector("body", config="simple")).filter(body_words=query)

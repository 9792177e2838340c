"""Reads for pages and the API; each returns plain data built in a fixed number of queries."""

import re
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.text import slugify

from articles.entities.link import strip_role
from articles.entities.registry import current_registry
from articles.models import Article, Entity, Mention, Source


def visible_mentions(article: Article) -> list[Mention]:
    return list(article.mentions.filter(entity__hidden=False).select_related("entity").order_by("start"))


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


def article_related(*, article: Article, limit: int = 5) -> list[tuple[Article, float]]:
    """Other articles sharing the most entities with this one."""
    entity_ids = article.mentions.filter(entity__hidden=False).values("entity_id")
    related = (
        Article.objects.exclude(pk=article.pk)
        .filter(mentions__entity_id__in=entity_ids)
        .annotate(shared=Count("mentions__entity", distinct=True))
        .select_related("source")
        .order_by("-shared", "-published")[:limit]
    )
    return [(other, float(other.shared)) for other in related]


def latest_articles(limit: int = 10) -> QuerySet[Article]:
    return Article.objects.select_related("source").order_by("-published", "-id")[:limit]


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
    return (
        Article.objects.filter(mentions__entity=entity)
        .distinct()
        .select_related("source")
        .order_by("-published", "-id")
    )


def entity_cooccurring(entity: Entity, limit: int = 10) -> QuerySet[Entity]:
    article_ids = Mention.objects.filter(entity=entity).values("article_id")
    return (
        Entity.objects.filter(hidden=False, mentions__article_id__in=article_ids)
        .exclude(pk=entity.pk)
        .annotate(shared=Count("mentions__article", distinct=True))
        .order_by("-shared", "name")[:limit]
    )


def entity_named(text: str) -> Entity | None:
    """The visible entity a query names exactly, by name or alias ("Presiden Putin" names Vladimir Putin)."""
    entry = current_registry().gazetteer.lookup(strip_role(" ".join(text.split())))
    return Entity.objects.filter(slug=slugify(entry.name), hidden=False).first() if entry else None


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
        titles = Article.objects.filter(title__iregex=word_start).order_by("-published")[:limit - len(items)]
        items += [{"label": a.title, "kind": "article", "type": None, "url": a.get_absolute_url()} for a in titles]
    return items

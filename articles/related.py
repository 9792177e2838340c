"""Other coverage of an article: shared entities weighted by rarity (IDF) plus text similarity from the search
backend, favouring the same event (a close publication date); copies of the same story are listed apart
(`selectors.same_story`)."""

import math
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count

from articles.memo import PerGeneration
from articles.models import Article, Entity, Mention
from articles.search.service import similar_articles
from articles.selectors import listed


@dataclass
class Related:
    article: Article
    score: float
    shared: list[Entity]


RELATED_ENTITY_WEIGHT = 0.7
# Coverage of one event clusters in days: a dated pair's score is raised by up to DATE_WEIGHT, by
# exp(-days apart / EVENT_DAYS) (x2 the same day, x1.24 a week and a half apart); undated pairs are left as they are.
DATE_WEIGHT = 1.0
EVENT_DAYS = 7.0
MAX_SHARED_ROWS = 20_000

_rankings: PerGeneration[list[tuple[int, float, list[int]]]] = PerGeneration("generation:related", maxsize=1024)


def event_closeness(one: datetime, other: datetime) -> float:
    """1.0 for articles published at the same moment, falling by e every EVENT_DAYS apart (aware datetimes)."""
    return math.exp(-abs((one - other).total_seconds()) / 86_400 / EVENT_DAYS)


def _related_ranking(article: Article, limit: int) -> list[tuple[int, float, list[int]]]:
    """(article id, score, shared entity ids by rarity) of the best related articles."""
    entity_ids = set(article.mentions.filter(entity__hidden=False).values_list("entity_id", flat=True))
    total = Article.objects.count()
    frequency = dict(Mention.objects.filter(entity_id__in=entity_ids).values("entity_id")
                     .annotate(df=Count("article_id", distinct=True)).values_list("entity_id", "df"))
    idf = {pk: math.log(1 + total / df) for pk, df in frequency.items()}
    others = Article.objects.exclude(pk=article.pk)
    if article.cluster_id:
        others = others.exclude(cluster_id=article.cluster_id)
    shared: dict[int, set[int]] = {}
    rows = (Mention.objects.filter(entity_id__in=entity_ids, article__in=others)
            .values_list("article_id", "entity_id").distinct()[:MAX_SHARED_ROWS])
    for other_id, entity_id in rows:
        shared.setdefault(other_id, set()).add(entity_id)
    whole = sum(idf.values()) or 1.0
    scores = {pk: RELATED_ENTITY_WEIGHT * sum(idf[e] for e in ents) / whole for pk, ents in shared.items()}
    for pk, similarity in similar_articles(article.pk, article.body).items():
        if pk != article.pk:
            scores[pk] = scores.get(pk, 0.0) + (1 - RELATED_ENTITY_WEIGHT) * similarity
    # One read gives which candidates still count (not deleted, not a copy) and their dates.
    published = dict(others.filter(pk__in=scores).values_list("pk", "published"))
    if article.published is not None:
        for pk, when in published.items():
            if when is not None:
                scores[pk] *= 1 + DATE_WEIGHT * event_closeness(article.published, when)
    top = sorted((pk for pk in scores if pk in published), key=lambda pk: -scores[pk])[:limit]
    return [(pk, round(scores[pk], 4), sorted(shared.get(pk, ()), key=lambda e: -idf[e])) for pk in top]


def article_related(*, article: Article, limit: int = 5) -> list[Related]:
    """Other coverage: shared entities weighted by rarity (IDF) plus text similarity; same-story copies apart.

    The ranking is cached until the data change (`articles.memo` generations).
    """
    ranking = _rankings.get(f"{article.pk}:{limit}", lambda: _related_ranking(article, limit))
    found = listed().in_bulk([pk for pk, _, _ in ranking])
    entities = Entity.objects.in_bulk({e for _, _, shared in ranking for e in shared})
    return [Related(found[pk], score, [entities[e] for e in shared if e in entities])
            for pk, score, shared in ranking if pk in found]

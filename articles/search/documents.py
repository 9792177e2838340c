"""What a search document is made of, the same for every backend: the articles with what their documents read."""

from django.db.models import QuerySet

from articles.models import Article, Entity
from articles.search.stories import members_prefetch

# Fields of this type are indexed verbatim (no analysis), for filters and facets: `okezone`, not stemmed pieces.
KEYWORD_FIELD_TYPE = "keyword"


def indexed_articles() -> QuerySet[Article]:
    """Articles with their outlet, mentions and story copies loaded, as a batch of documents is written."""
    return Article.objects.select_related("source", "cluster").prefetch_related("mentions__entity", members_prefetch())


def visible_entities(article: Article) -> list[Entity]:
    """The entities `article` mentions that are not hidden, each once, in order of first mention."""
    seen: dict[int, Entity] = {}
    for mention in article.mentions.all():
        if not mention.entity.hidden:
            seen.setdefault(mention.entity_id, mention.entity)
    return list(seen.values())

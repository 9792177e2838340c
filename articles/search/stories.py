"""One story, many copies: how search shows a near-duplicate cluster (the same wire story in several outlets).

Every copy is indexed with its story (the cluster) and its place in it; a search keeps, per story, the matching
copy with the lowest place and hides the others, so totals, facets and pages count stories. The place orders the
copies as a reader expects the "original": the agency's own copy first (ANTARA's own article, even when a
regional site's copy carries an earlier timestamp), then the earliest published, then the first stored.

A filter or query that only a copy matches (`source=kabar-sumsel`) shows that copy: the choice is made among the
matches, never fixed at index time.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime

from django.db.models import Prefetch

from articles.models import Article

# Hits carry their copies; `all` lists every copy as its own hit (the API's `?copies=all`).
GROUPED, ALL = "story", "all"
Story = tuple[int, int]  # (cluster id, place of the copy in it)


def is_agency_copy(article: Article) -> bool:
    """Whether the outlet of `article` is the agency it credits (ANTARA's own copy of an ANTARA story)."""
    agency = article.agency.casefold()
    return bool(agency) and agency in {article.source.name.casefold(), article.source.slug.casefold()}


def precedence(article: Article) -> tuple[bool, bool, datetime | None, int]:
    """Sort key of a copy within its story: agency's own first, then earliest (undated last), then first stored."""
    return (not is_agency_copy(article), article.published is None, article.published or datetime.min, article.pk)


def members_prefetch() -> Prefetch:
    """What `story_of` reads for each article being indexed: its cluster's copies, in one query per batch."""
    copies = Article.objects.select_related("source").only(
        "id", "cluster_id", "agency", "published", "source__name", "source__slug")
    return Prefetch("cluster__articles", queryset=copies)


def story_of(article: Article) -> Story | None:
    """(cluster id, place) of an article that has copies, or None; its cluster's articles are prefetched."""
    if article.cluster is None:
        return None
    members = sorted(article.cluster.articles.all(), key=precedence)
    if len(members) < 2:
        return None
    return article.cluster_id, next(place for place, member in enumerate(members) if member.pk == article.pk)


def stand_ins(matched: Iterable[int], stories: Mapping[int, Story]) -> set[int]:
    """The matches that stand for their story: per story, the one with the lowest (place, key); keys are
    document numbers or article ids, so a story is one hit even if two copies were indexed with the same place."""
    best: dict[int, tuple[int, int]] = {}
    for key in matched:
        story = stories.get(key)
        if story is not None:
            cluster, place = story
            if cluster not in best or (place, key) < best[cluster]:
                best[cluster] = (place, key)
    return {key for _place, key in best.values()}


def copies_of(articles: Iterable[Article]) -> dict[int, list[Article]]:
    """The other copies of each article's story (with their outlets), in precedence order, in one query."""
    articles = list(articles)
    clusters = {article.cluster_id for article in articles if article.cluster_id}
    if not clusters:
        return {}
    members: dict[int, list[Article]] = defaultdict(list)
    for member in (Article.objects.filter(cluster_id__in=clusters).select_related("source")
                   .only("id", "title", "slug", "cluster_id", "agency", "published", "published_offset",
                         "published_precision", "source__name", "source__slug")):
        members[member.cluster_id].append(member)
    return {article.pk: sorted((m for m in members[article.cluster_id] if m.pk != article.pk), key=precedence)
            for article in articles if article.cluster_id}

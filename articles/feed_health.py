"""Feed health for editors: last success and error, items per day, articles without date or author, silence.

The health of a list of feeds is one query (annotations over their items); whether a feed is silent reads the
fields each poll writes (articles.ingest.feeds.is_silent), so no query per feed either.
"""

from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from articles.ingest.feeds import is_silent
from articles.models import Feed, FeedItem

WEEK = timedelta(days=7)


def feeds_with_health(queryset: QuerySet[Feed], *, now: datetime) -> QuerySet[Feed]:
    """`queryset` annotated with n_week (items seen in the last seven days) and, over the articles its items
    brought in, n_articles, n_undated and n_no_author."""
    return queryset.annotate(
        n_week=Count("items", filter=Q(items__seen_at__gte=now - WEEK)),
        n_articles=Count("items__article"),
        n_undated=Count("items__article", filter=Q(items__article__published__isnull=True)),
        n_no_author=Count("items__article", filter=Q(items__article__author="")),
    )


def feed_is_silent(feed: Feed, *, now: datetime) -> bool:
    """Nothing new for three times the feed's usual gap between items (or its interval, when longer)."""
    return is_silent(last_item_at=feed.last_item_at, gap=feed.usual_gap,
                     interval=timedelta(minutes=feed.interval_minutes), now=now)


def feeds_silent(queryset: QuerySet[Feed], *, now: datetime) -> QuerySet[Feed]:
    """The silent feeds among `queryset` (decided by feed_is_silent; feeds are few, items are many)."""
    ids = [feed.pk for feed in queryset.only("pk", "last_item_at", "usual_gap", "interval_minutes")
           if feed_is_silent(feed, now=now)]
    return queryset.filter(pk__in=ids)


def feed_items_per_day(feed: Feed, *, today: date | None = None, days: int = 7) -> list[tuple[date, int]]:
    """Items first seen on each of the last `days` days (oldest first), zeros included."""
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    counts = dict(FeedItem.objects.filter(feed=feed, seen_at__date__gte=first)
                  .annotate(day=TruncDate("seen_at")).values_list("day").annotate(n=Count("pk")))
    return [(first + timedelta(days=n), counts.get(first + timedelta(days=n), 0)) for n in range(days)]

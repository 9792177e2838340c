"""Reader pages: home, search, article, entity and source."""

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Max, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from articles import charts, facets, selectors
from articles.forms import SearchForm
from articles.models import Article, Entity, Mention, Source
from articles.rendering import render_body
from articles.search import service
from articles.search.service import SearchPage, SearchParams, search

ARTICLES_PER_PAGE = 20
RECENT_WEEKS = 8
HIT_ENTITIES = 5


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    entities, since = recent_top_entities()
    return render(request, "home.html", {
        "latest": selectors.latest_articles(),
        "entity_groups": facets.group_by_type(entities),
        "entities_since": since,
        "sources": selectors.sources_with_counts(),
    })


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = facets.clean_query(request.GET)
    if not form.is_valid():
        return render(request, "search.html", {"form": form, "results": None, "query": query}, status=400)
    params = SearchParams.from_form(form.cleaned_data)
    if not params.q and not any((params.source, params.entity, params.type, params.date_from, params.date_to)):
        # Nothing asked yet: a page of search tips and starting points instead of every article.
        return render(request, "search.html", {
            "form": form, "params": params, "results": None, "query": query,
            "starting_points": facets.group_by_type(selectors.top_entities(limit=18)),
        })
    return render(request, "search.html", {"form": form, **search_context(search(params), params, query)})


def search_context(results: SearchPage, params: SearchParams, query) -> dict:
    groups = facets.facet_groups(results.facets, params)
    return {
        "params": params,
        "results": results,
        "query": query,
        "facet_groups": groups,
        "active_filters": facets.active_filters(params, groups),
        # The service may hand back more than a page (reported); the page shows exactly one.
        "hits": with_entities(results.hits[:service.PAGE_SIZE]),
        "entity_card": entity_card(getattr(results, "entity_card", None)),
        "page_numbers": facets.page_window(params.page, results.num_pages),
        "looser_query": looser_query(params.q),
        "first_result": (params.page - 1) * service.PAGE_SIZE + 1,
    }


def looser_query(q: str) -> str:
    """The words of a several-word query joined by OR ("" when that would not loosen anything)."""
    words = [word for word in q.replace('"', " ").split() if word.upper() != "OR" and not word.startswith("-")]
    return " OR ".join(words) if len(words) > 1 else ""


def with_entities(hits: list) -> list[tuple]:
    """(hit, the entities its article mentions most) for each hit."""
    mentioned = hit_entities([hit.article.pk for hit in hits])
    return [(hit, mentioned.get(hit.article.pk, [])) for hit in hits]


def entity_card(entity: Entity | None) -> Entity | None:
    """The entity a query names, with its article and alias counts for the card above the results."""
    if entity is None:
        return None
    return (Entity.objects.filter(pk=entity.pk)
            .annotate(article_count=Count("mentions__article", distinct=True),
                      alias_count=Count("aliases", filter=Q(aliases__blocked=False), distinct=True))
            .first())


def hit_entities(article_ids: list[int], limit: int = HIT_ENTITIES) -> dict[int, list[Entity]]:
    """The most-mentioned visible entities of each article, in one query."""
    rows = (
        Mention.objects.filter(article_id__in=article_ids, entity__hidden=False)
        .values("article_id", "entity_id")
        .annotate(n=Count("id"))
        .order_by("article_id", "-n")
    )
    rows = list(rows)
    entities = Entity.objects.in_bulk({row["entity_id"] for row in rows})
    per_article: dict[int, list[Entity]] = {}
    for row in rows:
        chosen = per_article.setdefault(row["article_id"], [])
        if len(chosen) < limit:
            chosen.append(entities[row["entity_id"]])
    return per_article


def recent_top_entities(weeks: int = RECENT_WEEKS, limit: int = 36):
    """Most-mentioned entities in the weeks before the newest article (all time when that is too thin)."""
    newest = Article.objects.aggregate(newest=Max("published"))["newest"]
    since = newest - timedelta(weeks=weeks) if newest else None
    if since is None or Article.objects.filter(published__gte=since).count() < 3:
        return selectors.top_entities(limit=limit), None
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
    return (Article.objects.filter(cluster_id=article.cluster_id).exclude(pk=article.pk)
            .select_related("source").order_by("published", "id"))


@require_GET
def article_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    mentions = selectors.visible_mentions(article)
    entities = selectors.article_entities(mentions)
    return render(request, "article.html", {
        "article": article,
        "body_html": render_body(article.body, mentions),
        "entities": entities,
        "entity_groups": facets.group_by_type(entities, type_of=lambda item: item.entity.type),
        "related": selectors.article_related(article=article),
        "same_story": same_story(article),
    })


@require_GET
def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug, hidden=False)
    page = Paginator(selectors.entity_articles(entity), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    title = _("Artikel per bulan yang menyebut %(name)s") % {"name": entity.name}
    return render(request, "entity.html", {
        "entity": entity,
        "aliases": entity.aliases.filter(blocked=False),
        "page": page,
        "cooccurring": selectors.entity_cooccurring(entity),
        "chart": charts.mentions_chart(charts.month_series(charts.entity_month_counts(entity)), title=title),
    })


@require_GET
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    articles = source.articles.select_related("source").order_by(selectors.NEWEST, "-id")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "source.html", {"source": source, "page": page})

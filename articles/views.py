"""Reader pages: home, search, article, entity and source."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.http import require_GET

from articles import charts, feeds, related, selectors, sidebar
from articles.entities.identity import entity_at
from articles.follow import followed_query
from articles.forms import SavedSearchForm, SearchForm
from articles.histogram_chart import histogram_chart
from articles.models import Article, Entity, Source
from articles.page_cache import cached_document, cached_page, cached_page_view
from articles.rendering import render_body
from articles.search.querying import looser_query
from articles.search.service import SearchPage, SearchParams, search
from portal.replicas import reads_from_replica

ARTICLES_PER_PAGE = 20


@require_GET
@cached_page_view
@reads_from_replica
def home(request: HttpRequest) -> HttpResponse:
    # Latest articles and aggregates over every mention change only with the data: rendered once per generation.
    return cached_page(request, lambda context: _home_page(request, context))


def _home_page(request: HttpRequest, context: dict) -> str:
    entities, since = selectors.recent_top_entities()
    return render_to_string("home.html", {
        "latest": selectors.latest_articles(),
        "entity_groups": sidebar.group_by_type(entities),
        "entities_since": since,
        "sources": selectors.sources_with_counts(),
        **context,
    }, request=request)


@require_GET
@reads_from_replica
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = sidebar.clean_query(request.GET)
    if not form.is_valid():
        return invalid_search(request, form)
    params = SearchParams.from_form(form.cleaned_data)
    if not params.q and not any((params.source, params.entity, params.type, params.date_from, params.date_to)):
        # Nothing asked yet: a page of search tips and starting points instead of every article.
        return render(request, "search.html", {
            "form": form, "params": params, "results": None, "query": query,
            "starting_points": sidebar.group_by_type(selectors.top_entities(limit=18)),
        })
    followed = followed_query(request.GET)
    return render(request, "search.html", {
        "form": form, **search_context(search(params), params, query),
        "feed_query": followed,
        "save_form": SavedSearchForm(initial={"name": params.q, "query": followed}),
    })


def invalid_search(request: HttpRequest, form: SearchForm) -> HttpResponse:
    """400: the search page saying which parameters are not valid (for the page and its feed alike)."""
    return render(request, "search.html", {"form": form, "results": None, "query": sidebar.clean_query(request.GET)},
                  status=400)


@require_GET
def search_feed(request: HttpRequest) -> HttpResponse:
    """Atom feed of a search's newest matches; cached per index version like the pages."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return invalid_search(request, form)
    params = SearchParams.from_form(form.cleaned_data)
    return cached_document(request, "search-feed", lambda: feeds.search_feed(request, params))


def search_context(results: SearchPage, params: SearchParams, query) -> dict:
    groups = sidebar.facet_groups(results.facets, params)
    return {
        "params": params,
        "results": results,
        "query": query,
        "facet_groups": groups,
        "active_filters": sidebar.active_filters(params, groups),
        "hits": with_entities(results.hits),
        "has_copies": any(hit.copies for hit in results.hits),
        "entity_card": selectors.entity_with_counts(results.entity_card),
        "page_numbers": sidebar.page_window(params.page, results.num_pages),
        "looser_query": looser_query(params.q),
        "first_result": results.first_result,
        "histogram": histogram_chart(results.histogram, results.histogram_size, params),
    }


def with_entities(hits: list) -> list[tuple]:
    """(hit, the entities its article mentions most) for each hit."""
    mentioned = selectors.hit_entities([hit.article.pk for hit in hits])
    return [(hit, mentioned.get(hit.article.pk, [])) for hit in hits]


@require_GET
@cached_page_view
@reads_from_replica
def article_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    current = selectors.article_slug(pk)
    if current is None:
        raise Http404
    if slug != current:
        return redirect("article", pk=pk, slug=current, permanent=True)
    # The page changes only with the data (the article, its outlet, its mentions, related articles).
    return cached_page(request, lambda context: _article_page(request, pk, context))


def _article_page(request: HttpRequest, pk: int, context: dict) -> str:
    article = Article.objects.select_related("source", "dateline_entity").defer("raw_text", "minhash").get(pk=pk)
    main = render_to_string("partials/_article_main.html", _article_context(article))
    return render_to_string("article.html", {"article": article, "main": main, **context}, request=request)


def _article_context(article: Article) -> dict:
    mentions = selectors.visible_mentions(article)
    entities = selectors.article_entities(mentions)
    return {
        "article": article,
        "body_html": render_body(article.body, mentions),
        "entities": entities,
        "entity_groups": sidebar.group_by_type(entities, type_of=lambda item: item.entity.type),
        "related": related.article_related(article=article),
        "same_story": selectors.same_story(article),
    }


def never_cache_response(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    return response


@require_GET
@cached_page_view
@reads_from_replica
def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity, moved = entity_at(slug)
    if entity is None:
        raise Http404
    # Curation is reversible (renamed back, split, shown again): neither answer may stick in a browser's cache.
    if moved:  # renamed or merged: the old address leads to the entity's page now
        return redirect(entity)
    if entity.hidden:
        return entity_gone(request, entity)
    # Its articles, chart and companions change only with the data: rendered once per generation.
    return cached_page(request, lambda context: _entity_page(request, entity, context))


def entity_gone(request: HttpRequest, entity: Entity) -> HttpResponse:
    """410: a page saying that the editors hid this entity (for its page and its feed alike)."""
    return never_cache_response(render(request, "entity_gone.html", {"entity": entity}, status=410))


@require_GET
def entity_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Atom feed of the newest articles that mention an entity; answers like its page when moved or hidden."""
    entity, moved = entity_at(slug)
    if entity is None:
        raise Http404
    if moved:
        return redirect("entity-feed", slug=entity.slug)
    if entity.hidden:
        return entity_gone(request, entity)
    return cached_document(request, f"entity-feed:{entity.pk}:{entity.name}:{entity.type}",
                           lambda: feeds.entity_feed(request, entity))


def _entity_page(request: HttpRequest, entity: Entity, context: dict) -> str:
    page = Paginator(selectors.entity_articles(entity), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    title = _("Artikel per bulan yang menyebut %(name)s") % {"name": entity.name}
    main = render_to_string("partials/_entity_main.html", {
        "entity": entity,
        "aliases": entity.aliases.filter(blocked=False),
        "page": page,
        "cooccurring": selectors.entity_cooccurring(entity),
        "datelined": selectors.entity_datelined(entity),
        "chart": charts.mentions_chart(charts.month_series(charts.entity_month_counts(entity)), title=title),
    }, request=request)
    return render_to_string("entity.html", {"entity": entity, "main": main, "number": page.number, **context},
                            request=request)


@require_GET
@reads_from_replica
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    articles = selectors.listed().filter(source=source).order_by(selectors.NEWEST, "-id")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "source.html", {"source": source, "page": page})


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: JSON `{"errors": ...}` under /api/, else the 404 page (handler404)."""
    if _is_api(request):
        return JsonResponse({"errors": {"__all__": [{"message": _("Tidak ditemukan."), "code": "not_found"}]}},
                            status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: JSON under /api/, else Django's plain error page (handler500); nothing here may fail again."""
    if _is_api(request):
        return JsonResponse({"errors": {"__all__": [{"message": "Server error.", "code": "server_error"}]}},
                            status=500)
    return defaults.server_error(request)

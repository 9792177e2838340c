"""Reader pages: home, search, article, entity and source."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from articles import charts, facets, selectors
from articles.forms import SearchForm
from articles.models import Article, Entity, Source
from articles.rendering import render_body
from articles.search import service
from articles.search.service import SearchPage, SearchParams, search

ARTICLES_PER_PAGE = 20


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # Aggregates over every mention and article: computed once per index generation, not per visit.
    entities, since = selectors.per_generation("home-entities", lambda: _listed(selectors.recent_top_entities()))
    return render(request, "home.html", {
        "latest": selectors.latest_articles(),
        "entity_groups": facets.group_by_type(entities),
        "entities_since": since,
        "sources": selectors.per_generation("home-sources", lambda: list(selectors.sources_with_counts())),
    })


def _listed(pair: tuple) -> tuple[list, object]:
    entities, since = pair
    return list(entities), since


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
        "hits": with_entities(results.hits),
        "entity_card": selectors.entity_with_counts(results.entity_card),
        "page_numbers": facets.page_window(params.page, results.num_pages),
        "looser_query": looser_query(params.q),
        "first_result": (params.page - 1) * service.PAGE_SIZE + 1,
    }


def with_entities(hits: list) -> list[tuple]:
    """(hit, the entities its article mentions most) for each hit."""
    mentioned = selectors.hit_entities([hit.article.pk for hit in hits])
    return [(hit, mentioned.get(hit.article.pk, [])) for hit in hits]


def looser_query(q: str) -> str:
    """The words of a several-word query joined by OR ("" when that would not loosen anything)."""
    words = [word for word in q.replace('"', " ").split() if word.upper() != "OR" and not word.startswith("-")]
    return " OR ".join(words) if len(words) > 1 else ""


@require_GET
def article_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("source").defer("raw_text", "minhash"), pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    # The article, its marked body and sidebars change only with the article or the index: cached until then.
    key = f"article-main:{article.pk}:{article.updated_at.timestamp()}:{get_language()}"
    main = selectors.per_generation(key, lambda: render_to_string("partials/_article_main.html",
                                                                   _article_context(article)))
    return render(request, "article.html", {"article": article, "main": main})


def _article_context(article: Article) -> dict:
    mentions = selectors.visible_mentions(article)
    entities = selectors.article_entities(mentions)
    return {
        "article": article,
        "body_html": render_body(article.body, mentions),
        "entities": entities,
        "entity_groups": facets.group_by_type(entities, type_of=lambda item: item.entity.type),
        "related": selectors.article_related(article=article),
        "same_story": selectors.same_story(article),
    }


@require_GET
def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug, hidden=False)
    # Its articles, chart and companions change only with the index: rendered once per index version.
    key = f"entity-main:{entity.pk}:{entity.name}:{get_language()}:{request.GET.urlencode()}"
    main, number = selectors.per_generation(key, lambda: _entity_main(request, entity))
    return render(request, "entity.html", {"entity": entity, "main": main, "number": number})


def _entity_main(request: HttpRequest, entity: Entity) -> tuple[str, int]:
    page = Paginator(selectors.entity_articles(entity), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    title = _("Artikel per bulan yang menyebut %(name)s") % {"name": entity.name}
    return render_to_string("partials/_entity_main.html", {
        "entity": entity,
        "aliases": entity.aliases.filter(blocked=False),
        "page": page,
        "cooccurring": selectors.entity_cooccurring(entity),
        "chart": charts.mentions_chart(charts.month_series(charts.entity_month_counts(entity)), title=title),
    }, request=request), page.number


@require_GET
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    articles = selectors.listed().filter(source=source).order_by(selectors.NEWEST, "-id")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "source.html", {"source": source, "page": page})

"""Reader pages: home, search, article, entity and source."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from articles import selectors
from articles.forms import SearchForm
from articles.models import Article, Entity, Source
from articles.rendering import render_body
from articles.search.service import SearchParams, search

ARTICLES_PER_PAGE = 20


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {
        "form": SearchForm(),
        "latest": selectors.latest_articles(),
        "entities": selectors.top_entities(),
        "sources": selectors.sources_with_counts(),
    })


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "search.html", {"form": form, "results": None}, status=400)
    params = SearchParams.from_form(form.cleaned_data)
    return render(request, "search.html", {"form": form, "results": search(params)})


@require_GET
def article_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    if slug != article.slug:
        return redirect(article, permanent=True)
    mentions = selectors.visible_mentions(article)
    return render(request, "article.html", {
        "article": article,
        "body_html": render_body(article.body, mentions),
        "entities": selectors.article_entities(mentions),
        "related": selectors.article_related(article=article),
    })


@require_GET
def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug, hidden=False)
    page = Paginator(selectors.entity_articles(entity), ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "entity.html", {
        "entity": entity,
        "aliases": entity.aliases.filter(blocked=False),
        "page": page,
        "cooccurring": selectors.entity_cooccurring(entity),
    })


@require_GET
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source, slug=slug)
    articles = source.articles.select_related("source").order_by("-published", "-id")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "source.html", {"source": source, "page": page})

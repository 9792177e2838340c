"""JSON API: the same data as the pages, for scripts and tests (see README, "JSON API")."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from articles import related, selectors
from articles.entities.identity import entity_at
from articles.forms import AutocompleteForm, SearchForm
from articles.models import Article
from articles.rendering import render_snippet, snippet_text
from articles.search.service import SearchParams, search
from articles.views import never_cache_response

ENTITY_HIDDEN = _("Disembunyikan oleh redaksi: sebutannya tidak ditampilkan lagi.")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def article_summary(article: Article) -> dict:
    """An article in a list. `published` is in the outlet's printed offset (`2022-10-11T00:00:00+07:00`), so its date
    part is the day the outlet printed; `published_precision` says whether its time was given ("minute") or not
    ("date"), and is null without a date."""
    return {"id": article.pk, "title": article.title, "url": article.get_absolute_url(),
            "source": article.source.slug, "published": _iso(article.published_local()),
            "published_precision": article.published_precision or None}


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    page = search(SearchParams.from_form(form.cleaned_data))
    return JsonResponse({
        "count": page.count,
        "page": page.params.page,
        "took_ms": round(page.took_ms, 1),
        "results": [
            {**article_summary(hit.article), "snippet": snippet_text(hit.snippet),
             "snippet_html": render_snippet(hit.snippet), "score": round(hit.score, 4),
             "copies": [article_summary(copy) for copy in hit.copies]}
            for hit in page.hits
        ],
        "facets": {name: [{"value": value, "count": count} for value, count in counts]
                   for name, counts in page.facets.items()},
        "suggestion": page.suggestion or None,
        "relaxed": page.relaxed,
        "entity": ({"name": page.entity_card.name, "slug": page.entity_card.slug, "type": page.entity_card.type}
                   if page.entity_card else None),
    })


@require_GET
def autocomplete_api(request: HttpRequest) -> JsonResponse:
    form = AutocompleteForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return JsonResponse({"results": selectors.autocomplete(form.cleaned_data["q"])})


@require_GET
def article_api(request: HttpRequest, pk: int) -> JsonResponse:
    article = get_object_or_404(Article.objects.select_related("source"), pk=pk)
    mentions = selectors.visible_mentions(article)
    return JsonResponse({
        **article_summary(article),
        "outlet": article.source.name,
        "agency": article.agency,
        "author": article.author,
        "paywalled": article.paywalled,
        "body": article.body,
        "captions": article.captions,
        "entities": [
            {"name": item.entity.name, "type": item.entity.type, "slug": item.entity.slug,
             "mentions": [list(span) for span in item.spans]}
            for item in selectors.article_entities(mentions)
        ],
        "related": [{"id": item.article.pk, "title": item.article.title, "url": item.article.get_absolute_url(),
                     "score": item.score, "shared_entities": [entity.slug for entity in item.shared]}
                    for item in related.article_related(article=article)],
    })


@require_GET
def entity_api(request: HttpRequest, slug: str) -> HttpResponse:
    entity, moved = entity_at(slug)
    if entity is None:
        raise Http404
    if moved:
        return redirect("api-entity", slug=entity.slug)
    if entity.hidden:
        return never_cache_response(JsonResponse({"error": str(ENTITY_HIDDEN), "reason": "hidden",
                                                  "name": entity.name}, status=410))
    return JsonResponse({
        "name": entity.name,
        "type": entity.type,
        "slug": entity.slug,
        "aliases": list(entity.aliases.filter(blocked=False).values_list("name", flat=True)),
        "articles": [article_summary(article) for article in selectors.entity_articles(entity)[:100]],
        "related_entities": [{"name": other.name, "slug": other.slug, "type": other.type, "shared": other.shared}
                             for other in selectors.entity_cooccurring(entity)],
    })

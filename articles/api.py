"""JSON API: the same data as the pages, for scripts and tests (see README, "JSON API")."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from articles import related, selectors
from articles.entities.identity import entity_at
from articles.export import FORMATS, article_row, export_articles, export_start
from articles.forms import AutocompleteForm, SearchForm
from articles.models import Article
from articles.openapi import openapi_document
from articles.rendering import render_snippet, snippet_text
from articles.search.service import SearchParams, search
from articles.views import never_cache_response
from portal.replicas import reads_from_replica

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
@reads_from_replica
def search_api(request: HttpRequest) -> JsonResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    params = SearchParams.from_form(form.cleaned_data)
    if form.cleaned_data.get("format") in FORMATS:
        return export_response(request, params, form.cleaned_data["format"])
    page = search(params)
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
        "facets": {**{name: [{"value": value, "count": count} for value, count in counts]
                      for name, counts in page.facets.items()},
                   "published_histogram": [{"start": item.start.isoformat(), "end": item.end.isoformat(),
                                            "count": item.count} for item in page.histogram]},
        "facets_approximate": page.facets_approximate,
        "facet_limit": page.params.facet_limit,
        "facets_total_values": page.distinct_values,
        "histogram_interval": page.histogram_size or None,
        "suggestion": page.suggestion or None,
        "relaxed": page.relaxed,
        "entity": ({"name": page.entity_card.name, "slug": page.entity_card.slug, "type": page.entity_card.type}
                   if page.entity_card else None),
    })


def export_response(request: HttpRequest, params: SearchParams, name: str) -> StreamingHttpResponse:
    """Every match (up to EXPORT_MAX_ROWS) as a download; the headers say how many and whether it was cut."""
    export = export_start(params, max_rows=settings.EXPORT_MAX_ROWS)
    chosen = FORMATS[name]
    rows = (article_row(article, entities, request.build_absolute_uri)
            for article, entities in export_articles(export))
    response = StreamingHttpResponse(chosen.lines(rows), content_type=chosen.content_type)
    filename = f"telusur-{slugify(params.q)[:60] or 'pencarian'}-{timezone.localdate():%Y%m%d}.{chosen.extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Result-Count"] = str(export.count)
    response["X-Export-Rows"] = str(export.rows)
    response["X-Export-Truncated"] = "true" if export.truncated else "false"
    return response


@require_GET
@reads_from_replica
def autocomplete_api(request: HttpRequest) -> JsonResponse:
    form = AutocompleteForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return JsonResponse({"results": selectors.autocomplete(form.cleaned_data["q"])})


@require_GET
@reads_from_replica
def article_api(request: HttpRequest, pk: int) -> JsonResponse:
    article = get_object_or_404(Article.objects.select_related("source", "dateline_entity"), pk=pk)
    mentions = selectors.visible_mentions(article)
    place = article.dateline_entity
    return JsonResponse({
        **article_summary(article),
        "outlet": article.source.name,
        "agency": article.agency,
        "author": article.author,
        "dateline": article.dateline,
        "dateline_place": {"name": place.name, "slug": place.slug} if place and not place.hidden else None,
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
@reads_from_replica
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


@require_GET
def openapi_api(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document())

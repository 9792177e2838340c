"""Is the search index usable? When it is missing, unreadable or empty while articles exist, search answers
"rebuilding" (HTTP 503) instead of failing or silently finding nothing; the other pages never need the index.

`manage.py update_index` (or `rebuild_index`) brings it back; search recovers without a restart. A search already
answered since the data last changed keeps its cached answer meanwhile (results are cached per data generation).
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles.search.backends.base import SearchUnavailable

REBUILDING = "rebuilding"
RETRY_AFTER_SECONDS = 60
TEMPLATE = "search_unavailable.html"


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON `{"error": "rebuilding"}` for the API, a short page otherwise."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    if request.path.startswith("/api/"):
        return JsonResponse({"error": REBUILDING, "detail": _("Indeks pencarian sedang dibangun ulang.")},
                            status=503, headers=headers)
    title = _("Pencarian sedang dibangun ulang")
    message = _("Indeks pencarian sedang dibangun ulang. Artikel tetap bisa dibaca; coba cari lagi sebentar lagi.")
    try:
        html = render_to_string(TEMPLATE, {"title": title, "message": message, "q": request.GET.get("q", "")},
                                request=request)
    except TemplateDoesNotExist:
        html = format_html('<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{}</title></head>'
                           '<body><h1>{}</h1><p>{}</p><p><a href="/">Telusur</a></p></body></html>',
                           title, title, message)
    return HttpResponse(html, status=503, headers=headers)


class SearchUnavailableMiddleware:
    """Turn SearchUnavailable raised anywhere in a view into the 503 "rebuilding" answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, SearchUnavailable):
            return unavailable_response(request)
        return None

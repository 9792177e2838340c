"""Whole reader pages cached until the search index changes, each response with the visitor's own CSRF token."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from articles.selectors import per_generation

# Rendered where the token goes. Escaped text cannot hold a double quote, so only the form's own field matches.
_SLOT = "csrf-slot"
_FIELD = 'name="csrfmiddlewaretoken" value="{}"'


def cached_page(request: HttpRequest, key: str, render: Callable[[dict], str]) -> HttpResponse:
    """The page `render(context)` draws, cached per `key`, language and full path until the index changes.

    `render` must add `context` (the CSRF slot) to its template's context; the slot is filled per response.
    """
    html = per_generation(f"page:{key}:{get_language()}:{request.get_full_path()}",
                          lambda: render({"csrf_token": _SLOT}))
    return HttpResponse(html.replace(_FIELD.format(_SLOT), _FIELD.format(get_token(request))))


# Headers of a cached document worth keeping: what it is, and when its newest entry changed (conditional GETs).
_KEPT_HEADERS = ("Content-Type", "Last-Modified")


def cached_document(request: HttpRequest, key: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The response `render()` gives (a feed: the same for every visitor), cached per `key`, language and absolute
    URL until the index changes. The absolute URL, because feeds carry absolute links."""

    def parts() -> tuple[bytes, dict[str, str]]:
        response = render()
        return response.content, {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}

    content, headers = per_generation(f"document:{key}:{get_language()}:{request.build_absolute_uri()}", parts)
    return HttpResponse(content, headers=headers)

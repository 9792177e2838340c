"""Whole reader pages cached until the data change (`articles.memo` generations), each response with the
visitor's own CSRF token.

A view decorated with `cached_page_view` answers a page it has cached before running at all: no database round
trip, not even to learn that the page is still fresh (the generation is in this process's memory, re-read from
the shared cache at most every `memo.STAMP_READ_SECONDS`). On a miss the view runs and renders through
`cached_page`, which keeps what it drew under the same key; redirects, 404s and 410s are never kept.
"""

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from articles.memo import PerGeneration

# Rendered pages kept in each worker's memory (a few KB to ~50 KB each); all of them in the shared cache.
PAGES_IN_PROCESS = 256

# Rendered where the token goes. Escaped text cannot hold a double quote, so only the form's own field matches.
_SLOT = "csrf-slot"
_FIELD = 'name="csrfmiddlewaretoken" value="{}"'

_pages: PerGeneration[str] = PerGeneration("generation:page", maxsize=PAGES_IN_PROCESS)
_documents: PerGeneration[tuple[bytes, dict[str, str]]] = PerGeneration("generation:document", maxsize=64)


def _page_key(request: HttpRequest) -> str:
    return f"{get_language()}:{request.get_full_path()}"


def _with_token(request: HttpRequest, html: str) -> HttpResponse:
    return HttpResponse(html.replace(_FIELD.format(_SLOT), _FIELD.format(get_token(request))))


def cached_page_view[V: Callable[..., HttpResponse]](view: V) -> V:
    """Serve the page `view` cached for this language and full path, if any, without calling `view`."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        html = _pages.peek(_page_key(request))
        if html is not None:
            return _with_token(request, html)
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]  # same signature as `view`


def cached_page(request: HttpRequest, render: Callable[[dict], str]) -> HttpResponse:
    """The page `render(context)` draws, cached per language and full path until the data change.

    `render` must add `context` (the CSRF slot) to its template's context; the slot is filled per response.
    """
    return _with_token(request, _pages.get(_page_key(request), lambda: render({"csrf_token": _SLOT})))


# Headers of a cached document worth keeping: what it is, and when its newest entry changed (conditional GETs).
_KEPT_HEADERS = ("Content-Type", "Last-Modified")


def cached_document(request: HttpRequest, key: str, render: Callable[[], HttpResponse]) -> HttpResponse:
    """The response `render()` gives (a feed: the same for every visitor), cached per `key`, language and absolute
    URL until the data change. The absolute URL, because feeds carry absolute links."""

    def parts() -> tuple[bytes, dict[str, str]]:
        response = render()
        return response.content, {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}

    content, headers = _documents.get(f"{key}:{get_language()}:{request.build_absolute_uri()}", parts)
    return HttpResponse(content, headers=headers)

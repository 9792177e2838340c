"""The search engines, one module each, and the one place that chooses among them (`current()`).

`settings.SEARCH_BACKEND` names the module: `whoosh` (haystack's Whoosh index, the default) or `postgres`
(PostgreSQL's full-text search over the same Indonesian analysis). Another engine is one more module here
implementing `base.SearchBackend`, plus its name among the setting's choices.
"""

from importlib import import_module
from typing import cast

from django.conf import settings

from articles.search.backends.base import SearchBackend


def current() -> SearchBackend:
    """The backend the settings choose (read at each call, so tests may override the setting)."""
    return cast(SearchBackend, import_module(f"{__name__}.{settings.SEARCH_BACKEND}"))

"""Following a search: its newest matches, read the same way by the Atom feeds and the e-mail digests."""

from dataclasses import replace

from django.http import QueryDict

from articles.search.service import Hit, SearchParams, search
from articles.sidebar import clean_query

# The parameters that say what is searched; page and sort belong to one look at the results, not to the search.
FOLLOWED_PARAMETERS = ("q", "source", "entity", "type", "from", "to")


def followed_query(query: QueryDict) -> str:
    """The query string of the search parameters in `query` that a feed or a saved search keeps, in a fixed order."""
    cleaned = clean_query(query)
    kept = QueryDict(mutable=True)
    for name in FOLLOWED_PARAMETERS:
        if name in cleaned:
            kept.setlist(name, cleaned.getlist(name))
    return kept.urlencode()


def newest_matches(params: SearchParams, limit: int) -> list[Hit]:
    """Up to `limit` hits of `params`, newest first, read page by page through the search service."""
    hits: list[Hit] = []
    number = 1
    while len(hits) < limit:
        page = search(replace(params, sort="newest", page=number))
        hits.extend(page.hits)
        if number >= page.num_pages or not page.hits:
            break
        number += 1
    return hits[:limit]


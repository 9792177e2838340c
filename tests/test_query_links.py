"""The search page's facet, histogram and filter links: `query_with` gives exactly Django's `querystring`."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.template.defaulttags import querystring

from articles.sidebar import clean_query
from articles.templatetags.telusur import query_with

QUERIES = ["", "q=presiden+jokowi", "q=banjir&source=kompas&page=3",
           "q=%22Menteri+Dalam+Negeri%22+-hoaks&sort=newest",
           "q=a%26b%3Dc%23d&entity=joko-widodo&from=2024-01-01&to=2024-01-31",
           "q=kali+%E2%80%94+%C3%A9t%C3%A9&copies=all", "q=x&source=a&source=b&entity=", "q=+spasi+&type=person"]
CHANGES = [{}, {"page": None}, {"entity": "prabowo-subianto", "page": None}, {"entity": None, "page": None},
           {"from": "2024-02-01", "to": "2024-02-29", "page": None}, {"from": None, "to": None, "page": None},
           {"source": "tempo & co", "page": None}, {"q": None, "sort": None, "copies": None, "page": None}]


@pytest.mark.parametrize("raw", QUERIES)
def test_a_link_is_the_one_djangos_querystring_tag_gives(raw):
    query = clean_query(QueryDict(raw))
    for changes in CHANGES:
        assert query_with(query, changes) == querystring(Context(), query, changes), (raw, changes)


def test_in_a_template_the_link_is_escaped_as_the_tag_escapes_it():
    query = clean_query(QueryDict("q=a%26b&source=kompas"))
    context = Context({"query": query, "changes": {"entity": "x<y", "page": None}})
    ours = Template("{% load telusur %}<a href=\"{{ query|query_with:changes }}\">").render(context)
    django = Template("<a href=\"{% querystring query changes %}\">").render(context)
    assert ours == django == '<a href="?q=a%26b&amp;source=kompas&amp;entity=x%3Cy">'

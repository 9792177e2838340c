"""Every public URL, with adversarial path values and parameters: a well-formed answer, never a server error.

The URL patterns come from Django's resolver, so a new endpoint is covered without editing this file. The
number of examples is bounded by the Hypothesis profile (`--hypothesis-profile=long` for deeper runs).
"""

import csv
import io
import json
from urllib.parse import quote

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter, SlugConverter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

# Editors' and framework URLs have their own tests; these are what anyone on the internet can ask for.
PRIVATE_PREFIXES = ("admin/", "i18n/")
PARAMETER_NAMES = ["q", "page", "source", "entity", "type", "from", "to", "sort", "copies", "format", "x"]
NASTY = ["\x00", "a\x00b", "\ud800", "\udfff", "\x1b[31m", "\u202e", "\ufeff", "%00", "' OR 1=1 --", "<script>",
         "9" * 30, "-1", "0", "1e9", "2024-02-30", "0001-01-01", "9999-12-31", "*", '"', "a" * 2000, "../..", "🇮🇩",
         "csv", "jsonl"]


def public_patterns() -> list[tuple[str, dict]]:
    """(route with <name> placeholders, {name: converter}) for every public URL pattern."""
    found = []

    def walk(patterns, prefix: str, converters: dict) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(PRIVATE_PREFIXES):
                continue
            here = {**converters, **getattr(entry.pattern, "converters", {})}
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route, here)
            elif isinstance(entry, URLPattern):
                found.append((route, here))

    walk(get_resolver().url_patterns, "", {})
    return found


PATTERNS = public_patterns()
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.text(st.characters(codec=None), max_size=20))


def _path_value(converter) -> st.SearchStrategy[str]:
    if isinstance(converter, IntConverter):
        return st.one_of(st.integers(0, 2**70), st.sampled_from([0, 2**31, 2**63])).map(str)
    if isinstance(converter, SlugConverter):
        return st.from_regex(r"\A[-a-zA-Z0-9_]{1,400}\Z")
    return text.filter(lambda value: value and "/" not in value)


def _encode(value: str) -> str:
    # Lone surrogates cannot be UTF-8: send their bytes as a broken client would.
    return quote(value.encode("utf-8", "surrogatepass"), safe="")


@st.composite
def requests(draw, route: str, converters: dict) -> str:
    path = route
    for name, converter in converters.items():
        path = path.replace(f"<{_placeholder(route, name)}>", _encode(draw(_path_value(converter))))
    names = draw(st.lists(st.sampled_from(PARAMETER_NAMES), max_size=4))
    query = "&".join(f"{name}={_encode(draw(text))}" for name in names)
    return "/" + path + (f"?{query}" if query else "")


def _placeholder(route: str, name: str) -> str:
    start = route.index(f"{name}>")
    return route[route.rindex("<", 0, start) + 1:start + len(name)]


def _well_formed(path: str, response) -> str | None:
    """Why the answer is not acceptable, or None."""
    if response.status_code >= 500:
        return f"server error {response.status_code}"
    if response.status_code in (301, 302, 308):
        return None
    if response.streaming:  # an export: CSV or JSON Lines
        body = b"".join(response.streaming_content).decode("utf-8")
        try:
            if response["Content-Type"].startswith("text/csv"):
                list(csv.reader(io.StringIO(body, newline="")))
            else:
                [json.loads(line) for line in body.split("\n") if line]
        except (csv.Error, ValueError):
            return "export is not CSV or JSON Lines"
        return None
    body = response.content.decode("utf-8", "replace")
    if path.startswith("/api/"):
        try:
            json.loads(body)
        except ValueError:
            return "API answer is not JSON"
    elif response.get("Content-Type", "").startswith("text/html") and "</html>" not in body:
        return "incomplete page"
    return None


@pytest.mark.parametrize(("route", "converters"), PATTERNS, ids=[route or "/" for route, _ in PATTERNS])
def test_any_request_to_a_public_url_is_answered(client, indexed_seeds, route, converters):
    @settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
    @given(path=requests(route, converters))
    def check(path: str) -> None:
        response = client.get(path)
        assert _well_formed(path, response) is None, (path, response.status_code, _well_formed(path, response))

    with override_settings(API_RATE_LIMIT=0):  # the limit has its own tests: here every request is served
        check()

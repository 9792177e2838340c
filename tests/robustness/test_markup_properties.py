"""Property tests: for any text and any spans, snippets, highlights and bodies are well-formed escaped HTML."""

import itertools
import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.models import Entity, EntityType, Mention
from articles.rendering import render_body, render_snippet
from articles.search.analysis import indonesian_analyzer
from articles.search.highlight import highlight_spans, snippet

# Markup characters, entities, quotes, template syntax, whitespace of every kind, and anything else.
HOSTILE = st.sampled_from(["<", ">", "&", '"', "'", "&amp;", "&lt;", "<script>", "</mark>", "<!--", "{{", "}}",
                           "{%", "javascript:", "\n\n", "\r\n", "\t", "\u00a0", "\u2028", " ", "NATO", "pasukan"])
TEXT = st.lists(st.one_of(HOSTILE, st.text(max_size=12)), max_size=30).map("".join)
SLUG = st.from_regex(r"[a-z0-9]+(-[a-z0-9]+)*", fullmatch=True).filter(lambda s: len(s) <= 40)


class _Reader(HTMLParser):
    """Collects text and checks tags: only `allowed`, properly nested, attributes from a safe set."""

    def __init__(self, allowed: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.allowed, self.stack, self.text, self.problems = allowed, [], [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.allowed:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name not in {"class", "href", "data-entity", "title"}:
                self.problems.append(f"attribute {name}")
            if name == "href" and not (value or "").startswith("/"):
                self.problems.append(f"href {value!r}")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.problems.append("comment")

    def handle_decl(self, decl):
        self.problems.append("declaration")

    def handle_pi(self, data):
        self.problems.append("processing instruction")

    def unknown_decl(self, data):
        self.problems.append("unknown declaration")


def read(html: str, allowed: set[str]) -> str:
    reader = _Reader(allowed)
    reader.feed(html)
    reader.close()
    assert reader.problems == [], (html, reader.problems)
    assert reader.stack == [], (html, reader.stack)
    return "".join(reader.text)


@given(st.lists(st.tuples(TEXT, st.booleans()), max_size=12))
def test_any_snippet_pieces_render_as_escaped_text_in_marks(pieces):
    html = render_snippet(pieces)
    assert read(html, {"mark"}) == "".join(text for text, _ in pieces)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT, st.lists(TEXT, max_size=4), st.integers(min_value=20, max_value=300))
def test_any_text_and_terms_give_a_well_formed_snippet(text, words, length):
    analyzer = indonesian_analyzer()
    terms = {token.text for word in words for token in analyzer(word, mode="query")}
    terms |= {token.text for token in list(analyzer(text, mode="index"))[:2]}
    pieces = snippet(text, terms, analyzer, length=length)
    shown = read(render_snippet(pieces), {"mark"})
    assert shown == "".join(piece for piece, _ in pieces)
    inner = shown.removeprefix("…").removesuffix("…")
    assert inner in re.sub(r"\s+", " ", text)  # a window of the text, whitespace collapsed, nothing added


@settings(deadline=None)
@given(TEXT, st.lists(TEXT, max_size=4))
def test_highlight_spans_are_sorted_disjoint_and_inside_the_text(text, words):
    analyzer = indonesian_analyzer()
    terms = {token.text for word in [*words, text[:20]] for token in analyzer(word, mode="query")}
    spans = highlight_spans(text, terms, analyzer)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXT, st.lists(st.tuples(st.integers(0, 400), st.integers(1, 60), SLUG, st.sampled_from(EntityType.values)),
                      max_size=10))
def test_any_body_with_any_mention_spans_renders_as_escaped_paragraphs(body, spans):
    entities = {}
    mentions = []
    for number, (start, width, slug, kind) in enumerate(spans):
        entity = entities.setdefault(slug, Entity(pk=len(entities) + 1, name=f"<b>{slug}</b>", slug=slug, type=kind))
        mentions.append(Mention(pk=number, entity=entity, entity_id=entity.pk, start=start, end=start + width))
    html = render_body(body, mentions)
    shown = read(html, {"p", "a", "mark"})
    expected = "".join(body[start:end] for start, end in _paragraphs(body))
    assert shown.replace("\n", "") == expected.replace("\n", "")


def _paragraphs(body):
    from articles.rendering import paragraphs

    return paragraphs(body)

"""HTML for article bodies and snippets, built only from escaped pieces."""

import re
from collections.abc import Iterable

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import EntityType, Mention

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraphs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty paragraph of `body`; paragraphs are separated by blank lines."""
    spans, position = [], 0
    for match in PARAGRAPH_BREAK.finditer(body):
        spans.append((position, match.start()))
        position = match.end()
    spans.append((position, len(body)))
    return [(start, end) for start, end in spans if body[start:end].strip()]


def _mark(text: str, mention: Mention, linked: bool, labels: dict[str, str]) -> SafeString:
    entity = mention.entity
    label = labels.get(entity.type, entity.type)
    if linked:
        return format_html(
            '<a class="mention mention--{}" href="{}" data-entity="{}" title="{}">{}</a>',
            entity.type, entity.get_absolute_url(), entity.slug, label, text,
        )
    return format_html('<mark class="mention mention--{}" data-entity="{}" title="{}">{}</mark>',
                       entity.type, entity.slug, label, text)


def render_body(body: str, mentions: Iterable[Mention]) -> SafeString:
    """Paragraphs of `body` with each mention marked; the first mention of each entity links to its page."""
    ordered = sorted(mentions, key=lambda m: m.start)
    labels = {kind: str(label) for kind, label in EntityType.choices}  # translated once, not per mention
    seen: set[int] = set()
    out: list[str] = []
    cursor = 0
    for start, end in paragraphs(body):
        pieces: list[str] = []
        position = start
        while cursor < len(ordered) and ordered[cursor].start < end:
            mention = ordered[cursor]
            cursor += 1
            if mention.start < position or mention.end > end:
                continue  # overlaps a previous mark or crosses a paragraph break
            pieces.append(conditional_escape(body[position:mention.start]))
            pieces.append(_mark(body[mention.start:mention.end], mention, mention.entity_id not in seen, labels))
            seen.add(mention.entity_id)
            position = mention.end
        pieces.append(conditional_escape(body[position:end]))
        out.append(format_html("<p>{}</p>", mark_safe("".join(pieces))))  # noqa: S308 - every piece escaped above
    return mark_safe("\n".join(out))  # noqa: S308 - each paragraph built by format_html


def render_snippet(pieces: Iterable[tuple[str, bool]]) -> SafeString:
    """Snippet pieces as HTML: matched words in <mark>, everything escaped."""
    return mark_safe("".join(  # noqa: S308 - every piece escaped by format_html/conditional_escape
        format_html("<mark>{}</mark>", text) if matched else conditional_escape(text) for text, matched in pieces))


def snippet_text(pieces: Iterable[tuple[str, bool]]) -> str:
    return "".join(text for text, _ in pieces)

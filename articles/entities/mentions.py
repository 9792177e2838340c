"""The entity mentions in a text: recognised, linked to canonical names, without what editors blocked."""

from articles.entities.link import LinkedMention, link
from articles.entities.recognise import recognise
from articles.entities.registry import Registry


def find_mentions(text: str, registry: Registry) -> list[LinkedMention]:
    """Linked mentions in `text`, without forms an editor blocked."""
    spans = [span for span in recognise(text, registry.gazetteer) if span.text not in registry.blocked]
    return [mention for mention in link(spans, registry.gazetteer) if mention.key not in registry.blocked]

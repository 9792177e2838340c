"""Atom feeds of a search and of an entity, written by Django's syndication framework.

Both feeds are one `ArticleFeed` over a `FeedSubject` built per request: what differs is only which articles
they list and how each is summarised (the search's highlighted snippet, or an entity article's lead).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from articles import selectors
from articles.follow import followed_query, newest_matches
from articles.models import Article, Entity
from articles.rendering import render_snippet
from articles.search.highlight import ELLIPSIS, SNIPPET_LENGTH
from articles.search.service import SearchParams
from articles.zones import zone_for_offset

FEED_ENTRIES = 20
# Telusur's own Atom extension: how much of `published` the outlet gave ("minute", or "date" for a date alone,
# whose 00:00 means nothing). Atom has no place for it, and readers ignore elements they do not know.
TELUSUR_NAMESPACE = "urn:x-telusur:atom"
# A tag URI's date names when its authority was first used for it; entry ids must never change.
TAG_DATE = "2026"

Pieces = list[tuple[str, bool]]


@dataclass(frozen=True)
class FeedEntry:
    article: Article
    snippet: Pieces
    guid: str
    outlet_url: str


@dataclass(frozen=True)
class FeedSubject:
    title: str
    subtitle: str
    link: str
    feed_url: str
    entries: list[FeedEntry]


class TelusurAtomFeed(Atom1Feed):
    """Atom with each entry's outlet as its `atom:source` and the precision of its published time."""

    def root_attributes(self) -> dict[str, str]:
        return {**super().root_attributes(), "xmlns:telusur": TELUSUR_NAMESPACE}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        # atom:source is the feed an entry comes from: here the outlet that published the article.
        handler.startElement("source", {})
        handler.addQuickElement("id", item["outlet_url"])
        handler.addQuickElement("title", item["outlet"])
        handler.addQuickElement("link", "", {"rel": "alternate", "href": item["outlet_url"]})
        handler.endElement("source")
        if item["precision"]:
            handler.addQuickElement("telusur:published-precision", item["precision"])


class ArticleFeed(Feed):
    """The newest articles of a `FeedSubject`, passed in by the view as `subject`."""

    feed_type = TelusurAtomFeed
    author_name = "Telusur"

    def get_object(self, request: HttpRequest, *, subject: FeedSubject) -> FeedSubject:
        return subject

    def title(self, subject: FeedSubject) -> str:
        return subject.title

    def subtitle(self, subject: FeedSubject) -> str:
        return subject.subtitle

    def link(self, subject: FeedSubject) -> str:
        return subject.link

    def feed_url(self, subject: FeedSubject) -> str:
        return subject.feed_url

    def items(self, subject: FeedSubject) -> list[FeedEntry]:
        return subject.entries

    def item_title(self, entry: FeedEntry) -> str:
        return entry.article.title

    def item_link(self, entry: FeedEntry) -> str:
        return entry.article.get_absolute_url()

    def item_guid(self, entry: FeedEntry) -> str:
        return entry.guid

    def item_description(self, entry: FeedEntry) -> str:
        return render_snippet(entry.snippet)

    def item_pubdate(self, entry: FeedEntry):
        return entry.article.published_local()

    def item_updateddate(self, entry: FeedEntry):
        # Atom requires an entry's `updated`; shown in the outlet's zone like `published`.
        return entry.article.updated_at.astimezone(zone_for_offset(entry.article.published_offset))

    def item_author_name(self, entry: FeedEntry) -> str | None:
        return entry.article.author or None

    def item_extra_kwargs(self, entry: FeedEntry) -> dict:
        return {"outlet": entry.article.source.name, "outlet_url": entry.outlet_url,
                "precision": entry.article.published_precision or None}


def _entry(request: HttpRequest, article: Article, snippet: Pieces) -> FeedEntry:
    host = urlsplit(request.build_absolute_uri("/")).hostname or "localhost"
    return FeedEntry(article=article, snippet=snippet, guid=f"tag:{host},{TAG_DATE}:article:{article.pk}",
                     outlet_url=request.build_absolute_uri(article.source.get_absolute_url()))


def lead(body: str, length: int = SNIPPET_LENGTH) -> Pieces:
    """The start of `body` as snippet pieces: whitespace collapsed, cut at a word boundary near `length`."""
    text = " ".join(body.split())
    if len(text) <= length:
        return [(text, False)]
    cut = text.rfind(" ", 0, length)
    return [(text[:cut if cut > 0 else length], False), (ELLIPSIS, False)]


def search_feed(request: HttpRequest, params: SearchParams) -> HttpResponse:
    """The Atom feed of a validated search: its newest matches with their highlighted snippets."""
    query = followed_query(request.GET)
    hits = newest_matches(params, FEED_ENTRIES)
    title = (_("Pencarian “%(q)s” · Telusur") % {"q": params.q} if params.q else _("Artikel terbaru · Telusur"))
    subject = FeedSubject(
        title=title,
        subtitle=_("Artikel terbaru yang cocok dengan pencarian ini: %(query)s") % {"query": query or "*"},
        link=f"{reverse('search')}?{query}{'&' if query else ''}sort=newest",
        feed_url=f"{reverse('search-feed')}{'?' if query else ''}{query}",
        entries=[_entry(request, hit.article, hit.snippet) for hit in hits],
    )
    return ArticleFeed()(request, subject=subject)


def entity_feed(request: HttpRequest, entity: Entity) -> HttpResponse:
    """The Atom feed of a visible entity: the newest articles that mention it, each with its lead."""
    articles = (selectors.entity_articles(entity).defer(None)
                .defer("raw_text", "minhash", "removed_lines", "captions")[:FEED_ENTRIES])
    subject = FeedSubject(
        title=f"{entity.name} · Telusur",
        subtitle=_("Artikel terbaru yang menyebut %(name)s") % {"name": entity.name},
        link=entity.get_absolute_url(),
        feed_url=reverse("entity-feed", args=[entity.slug]),
        entries=[_entry(request, article, lead(article.body)) for article in articles],
    )
    return ArticleFeed()(request, subject=subject)

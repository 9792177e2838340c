"""The database half of ingest: analysed documents become Articles with their mentions, bands and index entries.

`chunk_store` writes a chunk of new articles in one transaction with a few bulk queries; `article_store`
handles one document at a time (an update of a known URL, or a chunk that failed and is retried one by one).
"""

import copy
import hashlib

from django.db import transaction
from django.utils.text import slugify

from articles.editing import BY_REINGEST, edits_keep
from articles.entities.extract import article_mentions_refresh, mentions_store
from articles.entities.registry import current_registry
from articles.ingest.analyse import Analysed, Rules, analyse, document_limits
from articles.ingest.document import RawDocument
from articles.ingest.near_duplicates import clusters_assign
from articles.ingest.sources import SLUG_LENGTH, outlet_directory, source_for, source_rules, storable
from articles.models import Article, Source
from articles.search.indexing import enqueue
from articles.zones import utc_offset_minutes

INGESTED, DUPLICATE, UPDATED = "ingested", "duplicate", "updated"
DEFERRED = "deferred"  # left for article_store: an update of a known URL


def content_hash(raw: RawDocument) -> str:
    """Identity of an input: the same bytes ingested twice are one article."""
    payload = "\n".join([raw.url, raw.html or raw.text]).strip()
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def known_hashes(digests: list[str]) -> set[str]:
    return set(Article.objects.filter(content_hash__in=digests).values_list("content_hash", flat=True))


def _limit(name: str) -> int | None:
    return Article._meta.get_field(name).max_length


def _url(analysed: Analysed) -> str:
    """The URL that identifies the article, or "" when there is none (an overlong URL is no usable identity)."""
    url = storable(analysed.prepared.url or analysed.raw.url)
    return url if len(url) <= _limit("url") else ""


def _apply(article: Article, analysed: Analysed, source: Source) -> None:
    prepared, raw = analysed.prepared, analysed.raw
    article.source = source
    article.title = storable(prepared.title, _limit("title"))
    article.slug = slugify(article.title)[:SLUG_LENGTH] or "artikel"
    article.url = _url(analysed)
    article.author = storable(prepared.author, _limit("author"))
    article.dateline = storable(prepared.dateline, _limit("dateline"))
    article.agency = storable(prepared.agency, _limit("agency"))
    article.published = prepared.published
    article.paywalled = prepared.paywalled
    article.published_precision = prepared.published_precision
    article.published_offset = utc_offset_minutes(prepared.published)
    article.body = storable(prepared.body)
    article.raw_text = storable(raw.html or raw.text)
    article.captions = [storable(caption) for caption in prepared.captions]
    article.removed_lines = [{"line": item.line, "rule": item.rule} for item in prepared.removed]
    article.mostly_removed = prepared.mostly_removed
    article.content_hash = analysed.digest


def _source(analysed: Analysed, forced_slug: str | None, cache: dict[tuple[str, str], Source]) -> Source:
    key = (analysed.prepared.source_name, analysed.prepared.source_domain)
    if key not in cache:
        cache[key] = source_for(forced_slug=forced_slug, name=key[0], domain=key[1])
    return cache[key]


@transaction.atomic
def article_store(*, raw: RawDocument, source_slug: str | None = None) -> tuple[str, Article]:
    """Store one document: new article, update of the same URL, or a duplicate left untouched."""
    digest = content_hash(raw)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return DUPLICATE, existing
    analysed = analyse(raw, digest, Rules(source_rules(), source_slug, outlet_directory()), current_registry(),
                       document_limits())
    if analysed.error:
        raise ValueError(analysed.error)
    url = _url(analysed)
    article = Article.objects.select_for_update().filter(url=url).first() if url else None
    outcome = UPDATED if article else INGESTED
    stored = copy.copy(article)
    article = article or Article()
    _apply(article, analysed, _source(analysed, source_slug, {}))
    article.minhash = analysed.signature.tobytes()
    edited_body = stored is not None and edits_keep(stored=stored, article=article, by=BY_REINGEST)
    article.save()
    if edited_body:  # the analysed mentions index the new text, not the editor's
        article_mentions_refresh(article=article)
    else:
        mentions_store([(article, analysed.mentions)], new=outcome == INGESTED)
    copies = clusters_assign([article], [analysed.signature], new=outcome == INGESTED)
    enqueue([article.pk, *copies])
    return outcome, article


@transaction.atomic
def chunk_store(items: list[Analysed], *, source_slug: str | None = None) -> list[str]:
    """Store analysed documents (none with an error) as new articles, all or none; one outcome per item.

    A document whose content is already stored is a DUPLICATE; one whose URL is already stored (or repeated in
    the chunk) is DEFERRED, for `article_store` to update once this chunk is committed.
    """
    known = known_hashes([item.digest for item in items])
    urls = {url for url in map(_url, items) if url}
    known_urls = set(Article.objects.filter(url__in=urls).values_list("url", flat=True))
    outcomes, fresh, sources = [], [], {}
    for item in items:
        url = _url(item)
        if item.digest in known:
            outcomes.append(DUPLICATE)
        elif url and url in known_urls:
            outcomes.append(DEFERRED)
        else:
            known.add(item.digest)
            if url:
                known_urls.add(url)
            article = Article(minhash=item.signature.tobytes())
            _apply(article, item, _source(item, source_slug, sources))
            fresh.append((article, item))
            outcomes.append(INGESTED)
    articles = Article.objects.bulk_create([article for article, _ in fresh])
    mentions_store([(article, item.mentions) for article, item in fresh], new=True)
    copies = clusters_assign(articles, [item.signature for _, item in fresh], new=True)
    enqueue([*(article.pk for article in articles), *copies])
    return outcomes

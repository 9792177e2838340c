"""Search indexes for tests: Whoosh in memory over the analyzers alone (`build`, `found`), articles stored
through the real pipeline and indexed on a backend (`indexed_on`), and many articles made from a few
(`articles_like`)."""

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings
from whoosh import query as wq
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import Index

from articles.ingest.pipeline import ingest
from articles.models import Article
from articles.search.analysis import exact_analyzer, indonesian_analyzer


def build(docs: dict[str, str], storage: RamStorage | FileStorage | None = None) -> Index:
    """An index of `docs` (id -> text), each text in `body` (lemmatised) and `exact` (words as written)."""
    schema = Schema(id=ID(stored=True), body=TEXT(analyzer=indonesian_analyzer()),
                    exact=TEXT(analyzer=exact_analyzer()))
    index = (storage or RamStorage()).create_index(schema)
    with index.writer() as writer:
        for doc_id, text in docs.items():
            writer.add_document(id=doc_id, body=text, exact=text)
    return index


def found(index: Index, text: str, field: str = "body") -> set[str]:
    """Ids of documents holding every analysed word of `text` in `field`."""
    terms = [wq.Term(field, token.text) for token in index.schema[field].analyzer(text, mode="query")]
    with index.searcher() as searcher:
        return {hit["id"] for hit in searcher.search(wq.And(terms), limit=None)}


@contextmanager
def indexed_on(backend: str, articles: dict[str, str], folder: Path) -> Iterator[str]:
    """`articles` (title -> body) ingested from a JSON Lines file in `folder`, then indexed on `backend`, which
    the settings name while the block runs."""
    lines = [json.dumps({"title": title, "text": body, "source": "Kantor Uji", "url": f"https://uji.example/{n}"})
             for n, (title, body) in enumerate(articles.items())]
    (folder / "uji.jsonl").write_text("\n".join(lines), encoding="utf-8")
    assert ingest([str(folder / "uji.jsonl")], processes=1).run.failed == 0
    with override_settings(SEARCH_BACKEND=backend):
        call_command("reindex", stdout=io.StringIO())
        yield backend


def articles_like(seeds, count: int) -> list[int]:
    """`count` more articles recombining the seed articles' paragraphs (two each, and a number): their ids."""
    paragraphs = [p for article in seeds for p in article.body.split("\n\n") if len(p.split()) >= 8]
    made = Article.objects.bulk_create(
        Article(
            source=seeds[n % len(seeds)].source,
            title=f"Laporan {n}: {paragraphs[n % len(paragraphs)][:60]}",
            slug=f"laporan-{n}",
            url=f"https://uji.example/{n}",
            content_hash=f"uji-{n}",
            body=f"{paragraphs[n % len(paragraphs)]}\n\n{paragraphs[(7 * n + 3) % len(paragraphs)]} Nomor {n}.",
        )
        for n in range(count)
    )
    return [article.pk for article in made]

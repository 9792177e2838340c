"""The "haystack defaults" baseline: a raw Whoosh index with the English StemmingAnalyzer haystack uses.

Title and body of each article go into one `content` field (StemmingAnalyzer: regex tokens, lower case, English
stopwords, Porter stemmer); queries go through Whoosh's QueryParser with the AND group, top 10, BM25F.
"""

import tempfile
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import StemmingAnalyzer
from whoosh.qparser import AndGroup, QueryParser


class EnglishWhoosh:
    def __init__(self, articles: list[tuple[int, str, str]], folder: Path | None = None) -> None:
        self._tmp = None if folder else tempfile.TemporaryDirectory(prefix="bench-whoosh-en-")
        path = folder or Path(self._tmp.name)
        schema = fields.Schema(id=fields.NUMERIC(stored=True, unique=True, bits=64),
                               content=fields.TEXT(analyzer=StemmingAnalyzer()))
        self.index = index.create_in(str(path), schema)
        writer = self.index.writer(limitmb=256)
        for pk, title, body in articles:
            writer.add_document(id=pk, content=f"{title}\n\n{body}")
        writer.commit()
        self.parser = QueryParser("content", schema, group=AndGroup)
        self.searcher = self.index.searcher()

    def search(self, q: str, limit: int = 10) -> list[int]:
        hits = self.searcher.search(self.parser.parse(q), limit=limit)
        return [hit["id"] for hit in hits]

    def close(self) -> None:
        self.searcher.close()
        if self._tmp:
            self._tmp.cleanup()

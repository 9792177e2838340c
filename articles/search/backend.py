"""haystack's Whoosh backend, adjusted for Telusur.

- Text fields use the analyzer their SearchField declares; facet fields are stored verbatim (keyword
  tokens, no stemming), so `source` facets come back as `okezone`, not as stemmed word pieces.
- Text fields are stored only when their SearchField says so, and keep no spelling graph ("did you mean" reads
  the term list).
- Segments are written non-compound, which made queries several times faster at 20k documents.
- Writers wait for the index lock instead of failing, so concurrent updates from one process queue up.
"""

import multiprocessing
import os

from haystack.backends.whoosh_backend import WhooshEngine, WhooshSearchBackend
from haystack.exceptions import SkipDocument
from whoosh import fields as whoosh_fields

from articles.forking import fork_is_safe
from articles.search.vocabulary import current_vocabulary

KEYWORD_FIELD_TYPE = "keyword"
WRITER_LOCK_TIMEOUT = 30.0
PARALLEL_BATCH = 500
MAX_WRITER_PROCS = 4


def writer_processes(batch: int) -> int:
    """Processes to analyse a batch with: one per core for large batches (Sastrawi stemming dominates writing),
    where forking is safe (see articles.forking) and the start method is fork (Whoosh's writer uses the default).
    """
    if batch < PARALLEL_BATCH or not fork_is_safe() or multiprocessing.get_start_method() != "fork":
        return 1
    return min(os.cpu_count() or 1, MAX_WRITER_PROCS)


class TelusurWhooshBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field_class in fields.values():
            name = field_class.index_fieldname
            if field_class.field_type == KEYWORD_FIELD_TYPE or name.endswith("_exact"):
                schema.remove(name)
                schema.add(name, whoosh_fields.KEYWORD(stored=True, commas=True, lowercase=False, sortable=True))
            elif isinstance(schema[name], whoosh_fields.TEXT):
                # haystack stores every text field whatever the SearchField says; honour `stored=False`.
                schema[name].stored = field_class.stored
                schema[name].spelling = False
        return content_field_name, schema

    def writer(self, **options):
        """A writer that waits for the index lock and writes non-compound segments."""
        return self.index.writer(timeout=WRITER_LOCK_TIMEOUT, compound=False, **options)

    def update(self, index, iterable, commit=True):
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        docs = []
        for obj in iterable:
            try:
                doc = index.full_prepare(obj)
            except SkipDocument:
                continue
            doc.pop("boost", None)
            docs.append({key: self._from_python(value) for key, value in doc.items()})
        if not docs:
            return
        current_vocabulary()  # the names to protect, loaded here: forked writers inherit them
        procs = writer_processes(len(docs))
        options = {"multisegment": True} if procs > 1 else {}
        writer = self.writer(limitmb=128, procs=procs, **options)
        try:
            for doc in docs:
                writer.update_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()


class TelusurWhooshEngine(WhooshEngine):
    backend = TelusurWhooshBackend

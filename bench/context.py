"""What the benchmarks of one run share: options, the IndoSum records, and what the bench database holds."""

import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import environment as env
from bench.corpus import load_indosum, write_jsonl

QUICK_ARTICLES = 600


class DataMissing(Exception):
    """The external data a benchmark reads is not there (../shared/data)."""


@dataclass
class Context:
    quick: bool = False
    full: bool = False
    sizes: list[int] = field(default_factory=list)
    seed: int = 13
    reuse: bool = False  # scale: start from the corpus the bench database already holds
    http: bool = False  # scale: also time the searches over HTTP on gunicorn (bench.http_search)
    loaded: str = ""  # what the bench database and index hold now: "", "indosum" or "synthetic"
    _records: list[dict] | None = None

    @property
    def mode(self) -> str:
        return "quick" if self.quick else ("full" if self.full else "normal")

    def records(self) -> list[dict]:
        """The IndoSum articles this run uses (the first 600 with --quick)."""
        if self._records is None:
            if not env.INDOSUM.exists():
                raise DataMissing(f"{env.INDOSUM} not found: the IndoSum data lives in ../shared/data "
                                  "(see ../shared/data/README.md)")
            self._records = load_indosum(env.INDOSUM, QUICK_ARTICLES if self.quick else None)
        return self._records

    def indosum_file(self) -> Path:
        """The JSON-lines file holding `records()`: the shared file itself, or a copy of the quick subset."""
        records = self.records()
        if not self.quick:
            return env.INDOSUM
        path = env.WORK / "indosum-quick.jsonl"
        write_jsonl(records, path)
        return path

    def ensure_indosum(self) -> float:
        """Load IndoSum through the real pipeline unless it is already loaded; returns the seconds it took."""
        if self.loaded == "indosum":
            return 0.0
        from articles.ingest.pipeline import ingest
        from articles.search.indexing import drain

        path = self.indosum_file()
        started = time.perf_counter()
        env.reset()
        ingest([str(path)])
        drain(wait=True)
        self.loaded = "indosum"
        return time.perf_counter() - started


def article_ids_by_url() -> dict[str, int]:
    from articles.models import Article

    return dict(Article.objects.values_list("url", "id"))

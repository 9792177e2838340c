"""Field inputs: one small real-shaped input per fault kind, with its right values (inputs/README.md).

The inputs are copied from `../shared/field/` so the suite runs from a clone alone. Each test ingests one input
into an empty database through the real pipeline and reads the answer the way a client does: `/api/articles/<id>`
and `/api/search`. Other inputs of the same kinds are kept apart to check the work; these are the examples.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

INPUTS = Path(__file__).resolve().parent / "inputs"


def field_input(folder: str) -> Path:
    """The one `input.*` file of a field folder such as "F01-html-date-line"."""
    (path,) = (INPUTS / folder).glob("input.*")
    return path


@dataclass
class FieldRun:
    """One ingested field input: its articles as the API shows them, and the run's failures."""

    client: object
    articles: dict[str, dict]
    failed: int
    errors: list[str]

    def only(self) -> dict:
        """The single article of a one-article input."""
        assert len(self.articles) == 1, list(self.articles)
        return next(iter(self.articles.values()))

    def search(self, query: str) -> list[str]:
        """Titles of the hits of `/api/search?q=query` (the first page)."""
        response = self.client.get("/api/search", {"q": query})
        assert response.status_code == 200, response.content
        return [hit["title"] for hit in response.json()["results"]]

    def search_json(self, query: str) -> dict:
        response = self.client.get("/api/search", {"q": query})
        assert response.status_code == 200, response.content
        return response.json()


@pytest.fixture
def ingest_field(db, search_index, client):
    """`ingest_field("F01-html-date-line")` ingests that input and returns a FieldRun."""
    from articles.ingest.pipeline import ingest
    from articles.models import Article

    def run(folder: str, *, allow_failures: bool = False) -> FieldRun:
        report = ingest([str(field_input(folder))], processes=1)
        if not allow_failures:
            assert report.run.failed == 0, report.errors
        search_index.fill()
        articles = {}
        for article in Article.objects.order_by("pk"):
            response = client.get(f"/api/articles/{article.pk}")
            assert response.status_code == 200
            articles[article.title] = response.json()
        return FieldRun(client=client, articles=articles, failed=report.run.failed, errors=report.errors)

    return run


def instant(value: str | None) -> datetime | None:
    """An API timestamp as an aware datetime, so that instants compare whatever offset they are written in."""
    return datetime.fromisoformat(value) if value else None

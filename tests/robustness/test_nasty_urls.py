"""URLs that redirect forever, time out, fail or are too large: `url: reason`, and the batch goes on."""

from functools import partial

import pytest

from articles.ingest import pipeline
from articles.ingest.read import TOO_LARGE, iter_documents
from articles.models import Article

pytestmark = pytest.mark.django_db


def test_bad_urls_fail_with_reasons_and_the_good_one_lands(bad_web, monkeypatch, search_index):
    monkeypatch.setattr(pipeline, "iter_documents", partial(iter_documents, timeout=1.0))
    urls = {name: f"{bad_web}/{name}" for name in ("loop", "slow", "error", "huge", "missing", "ok")}
    report = pipeline.ingest(list(urls.values()))
    errors = dict(error.split(": ", 1) for error in report.errors)
    assert "redirect" in errors[urls["loop"]] and errors[urls["loop"]].startswith("HTTP 30")
    assert "timed out" in errors[urls["slow"]]
    assert errors[urls["error"]] == "HTTP 500 Internal Server Error"
    assert errors[urls["huge"]] == TOO_LARGE
    assert errors[urls["missing"]] == "HTTP 404 Not Found"
    assert urls["ok"] not in errors
    assert Article.objects.get().title == "Gempa di Cianjur"
    assert report.run.failed == 5 and report.run.ingested == 1


def test_an_unreachable_host_is_a_reason_not_a_crash(search_index):
    report = pipeline.ingest(["http://127.0.0.1:9/tidak-ada"])  # the discard port: nobody listens
    assert report.errors and report.errors[0].startswith("http://127.0.0.1:9/tidak-ada: cannot fetch")

"""Hostile and broken files: each fails as `path: reason` or lands as clean text; the rest of the batch lands."""

import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.ingest import pipeline, store
from articles.ingest.failures import failure_reason
from articles.ingest.prepare import TOO_MANY_WORDS
from articles.ingest.read import BINARY, EMPTY, NO_BODY, NOT_AN_OBJECT, TOO_LARGE, UNSAFE_FEED
from articles.models import Article, IndexQueue, IngestFailure, Mention
from tests.conftest import SEEDS_DIR
from tests.robustness.conftest import NASTY_DIR

pytestmark = pytest.mark.django_db

PARAGRAPH = "Presiden meninjau pasukan di Jakarta pada hari Senin bersama para menteri kabinet.\n\n"
# file name -> expected reason (None: it must land)
EXPECTED = {
    "empty.txt": EMPTY,
    "whitespace.txt": EMPTY,
    "binary.png": BINARY,
    "zip-bomb.gz": BINARY,
    "zip-bomb.zip": BINARY,
    "billion-laughs.rss": UNSAFE_FEED,
    "external-entity.atom": UNSAFE_FEED,
    "fifty-megabytes.txt": TOO_LARGE,
    "bad-lines.jsonl:line 2": NO_BODY,
    "bad-lines.jsonl:line 3": NOT_AN_OBJECT,
    "bad-lines.jsonl:line 4": "invalid JSON",
    # 175,000 words on one line: past INGEST_MAX_WORDS, refused before analysis rather than analysed for minutes.
    "one-megabyte-line.txt": TOO_MANY_WORDS.split(" (")[0],
    "truncated-utf8.txt": None,
    "script-page.html": None,
    "bad-lines.jsonl:line 1": None,
    "bad-lines.jsonl:line 5": None,
}


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    """The nasty fixtures, two generated giants and the five seeds, in one folder."""
    folder = tmp_path / "batch"
    shutil.copytree(NASTY_DIR, folder, ignore=shutil.ignore_patterns("README.md"))
    shutil.copytree(SEEDS_DIR, folder / "seeds")
    with (folder / "fifty-megabytes.txt").open("w", encoding="utf-8") as out:
        for _ in range(50 * 1024 * 1024 // len(PARAGRAPH) + 1):
            out.write(PARAGRAPH)
    words = ["kabinet", "rapat", "anggaran", "pangan", "harga", "beras", "naik", "turun", "pasar", "warga",
             "kota", "desa"]
    line = " ".join(words[i % len(words)] for i in range(1024 * 1024 // 6))
    (folder / "one-megabyte-line.txt").write_text(line[: 1024 * 1024], encoding="utf-8")
    return folder


def test_every_nasty_file_gets_its_reason_and_the_rest_lands(batch, search_index):
    report = pipeline.ingest([str(batch)])
    failures = {f.origin.removeprefix(str(batch) + "/"): f.reason for f in IngestFailure.objects.all()}
    # The command line says what the reader said; the admin keeps it in Indonesian, with what to do next.
    errors = dict(line.removeprefix(str(batch) + "/").split(": ", 1) for line in report.errors)
    for name, reason in EXPECTED.items():
        if reason is None:
            assert name not in failures, f"{name} should land but failed: {failures.get(name)}"
        else:
            assert reason in errors.get(name, ""), f"{name}: expected {reason!r}, got {errors.get(name)!r}"
            assert failures[name] == failure_reason(errors[name])
    assert len(failures) == len(errors) == sum(1 for reason in EXPECTED.values() if reason is not None)
    landed = sum(1 for reason in EXPECTED.values() if reason is None) + 5  # and the seeds
    assert report.run.ingested == landed == Article.objects.count()
    assert report.run.finished_at is not None


def test_hostile_markup_lands_as_plain_text(batch, search_index):
    pipeline.ingest([str(batch / "script-page.html"), str(batch / "bad-lines.jsonl")])
    article = Article.objects.get(title__startswith="Banjir melanda Semarang")
    for fragment in ("<", "alert", "document.cookie", "javascript:", "onerror", "evil.example"):
        assert fragment not in article.body
    assert "ribuan warga mengungsi" in article.body
    nul = Article.objects.get(url="https://contoh.example/nul")
    assert "\x00" not in nul.title + nul.body and "\ud800" not in nul.body
    assert "karakter NUL" in nul.body


def test_truncated_utf8_is_read_without_losing_the_text(batch, search_index):
    pipeline.ingest([str(batch / "truncated-utf8.txt")])
    article = Article.objects.get()
    assert article.title == "Retno Marsudi bertemu Sekjen NATO di Brussel"
    assert "Pertemuan itu membahas kerja sama keamanan kawasan." in article.body


def test_a_failure_while_storing_leaves_no_partial_article(monkeypatch, search_index):
    real_enqueue = store.enqueue

    def enqueue_then_fail(ids):
        ids = list(ids)
        real_enqueue(ids)
        if Article.objects.filter(pk__in=list(ids), title__icontains="Stoltenberg").exists():
            raise RuntimeError("index queue unavailable")

    monkeypatch.setattr(store, "enqueue", enqueue_then_fail)
    report = pipeline.ingest([str(SEEDS_DIR)])
    assert report.run.failed >= 1
    assert all("internal error (RuntimeError: index queue unavailable)" in e for e in report.errors)
    assert not Article.objects.filter(title__icontains="Stoltenberg").exists()
    assert Article.objects.count() == 5 - report.run.failed
    stored = set(Article.objects.values_list("pk", flat=True))
    assert set(IndexQueue.objects.values_list("article_id", flat=True)) == stored
    assert set(Mention.objects.values_list("article_id", flat=True)) <= stored


def test_a_reader_that_breaks_fails_its_input_and_the_batch_goes_on(monkeypatch, search_index, tmp_path):
    real = pipeline.iter_documents

    def reader(target, fmt, **kwargs):
        if target.endswith("meledak.txt"):
            yield from ()
            raise RecursionError("maximum recursion depth exceeded")
        yield from real(target, fmt, **kwargs)

    monkeypatch.setattr(pipeline, "iter_documents", reader)
    bomb = tmp_path / "meledak.txt"
    bomb.write_text("apa saja")
    report = pipeline.ingest([str(bomb), str(SEEDS_DIR)])
    assert report.errors == [f"{bomb}: internal error (RecursionError: maximum recursion depth exceeded)"]
    assert report.run.ingested == 5


def test_the_command_prints_each_reason_and_exits_1(capsys, search_index):
    with pytest.raises(CommandError) as excinfo:
        call_command("ingest", str(NASTY_DIR / "empty.txt"), str(NASTY_DIR / "binary.png"),
                     str(SEEDS_DIR / "000_a78fd7715f6f9a96.txt"))
    assert excinfo.value.returncode == 1
    captured = capsys.readouterr()
    assert f"{NASTY_DIR / 'empty.txt'}: {EMPTY}" in captured.err
    assert f"{NASTY_DIR / 'binary.png'}: {BINARY}" in captured.err
    assert "ingested 1, duplicates 0, updated 0, failed 2" in captured.out

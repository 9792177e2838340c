"""Each document is bounded in time and size: one that overruns fails alone, the rest of the batch lands, and
nothing of the failed document is stored."""

import json
import threading
import time

import pytest

from articles.ingest.analyse import POOL_MIN_DOCUMENTS
from articles.ingest.deadline import TOOK_TOO_LONG, DocumentTimeout, time_limit
from articles.ingest.failures import failure_reason
from articles.ingest.pipeline import ingest
from articles.ingest.prepare import TOO_MANY_WORDS
from articles.models import Article, IngestFailure, Mention, Source

# `regex` honours its own per-line timeout only coarsely (0.05 s asked, 0.3-8 s seen on "(a|aa)+$"), so an
# editor's backtracking rule costs each matching line that much: 200 such lines run for minutes without a bound.
BACKTRACKING_RULE = "(a|aa)+$"
STUCK_LINE = "a" * 40 + "!"
SECONDS = 3


def _story(n: int) -> dict:
    return {"title": f"Jembatan {n} di Garut", "url": f"https://contoh.example/{n}",
            "text": f"Garut — Warga desa memperbaiki jembatan gantung nomor {n} bersama pada Senin pagi.\n\n"
                    f"Perbaikan jembatan {n} ditargetkan selesai dalam sepekan, kata kepala desa."}


def _batch(tmp_path, count: int, bad: dict) -> tuple[str, list[dict]]:
    records = [_story(n) for n in range(count)]
    records.insert(count // 2, bad)
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
    return str(path), records


def _assert_only_the_bad_one_failed(report, path: str, records: list[dict], bad_url: str, reason: str) -> None:
    line = next(n for n, record in enumerate(records, start=1) if record["url"] == bad_url)
    assert report.errors == [f"{path}:line {line}: {reason}"]
    assert (report.run.ingested, report.run.failed) == (len(records) - 1, 1)
    assert Article.objects.count() == len(records) - 1
    assert not Article.objects.filter(url=bad_url).exists()
    assert not Mention.objects.exclude(article__in=Article.objects.all()).exists()
    assert IngestFailure.objects.get(origin=f"{path}:line {line}").reason == failure_reason(reason)


@pytest.mark.django_db
@pytest.mark.parametrize("processes", [1, 2], ids=["in-process timer", "worker killed by the pool"])
def test_a_document_an_editors_rule_backtracks_on_is_stopped_and_fails_alone(tmp_path, settings, processes):
    settings.INGEST_DOCUMENT_SECONDS = SECONDS
    Source.objects.create(name="Lambat", slug="lambat", boilerplate_rules=BACKTRACKING_RULE)
    bad = {"title": "Tersangkut", "url": "https://contoh.example/tersangkut",
           "text": "\n\n".join([_story(999)["text"], *[STUCK_LINE] * 200])}
    path, records = _batch(tmp_path, POOL_MIN_DOCUMENTS + 6, bad)
    started = time.monotonic()
    report = ingest([path], source_slug="lambat", processes=processes)
    assert time.monotonic() - started < 60  # unbounded, the one document alone runs for minutes
    _assert_only_the_bad_one_failed(report, path, records, bad["url"], TOOK_TOO_LONG.format(seconds=SECONDS))


@pytest.mark.django_db
def test_a_document_of_too_many_words_is_refused_before_analysis_and_fails_alone(tmp_path, settings):
    settings.INGEST_MAX_WORDS = 2_000
    bad = {"title": "Raksasa", "url": "https://contoh.example/raksasa",
           "text": "\n\n".join(_story(n)["text"] for n in range(200))}
    path, records = _batch(tmp_path, 5, bad)
    report = ingest([path], processes=1)
    _assert_only_the_bad_one_failed(report, path, records, bad["url"], TOO_MANY_WORDS.format(max_words=2_000))


def test_a_document_of_exactly_the_word_limit_is_analysed():
    from articles.ingest.document import RawDocument
    from articles.ingest.prepare import prepare

    text = " ".join(["kata"] * 30)
    assert prepare(RawDocument(origin="t", format="txt", text=text), max_words=30).body
    with pytest.raises(ValueError, match="more than 29 words"):
        prepare(RawDocument(origin="t", format="txt", text=text), max_words=29)


def test_the_timer_stops_a_block_in_the_main_thread_and_is_disarmed_after():
    with pytest.raises(DocumentTimeout), time_limit(0.2):
        time.sleep(5)
    with time_limit(0.2):
        pass
    time.sleep(0.4)  # a timer left armed would ring here


def test_outside_the_main_thread_there_is_no_timer_and_the_block_runs_to_its_end():
    outcome = []

    def work():
        try:
            with time_limit(0.1):
                time.sleep(0.3)
            outcome.append("finished")
        except DocumentTimeout:
            outcome.append("stopped")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["finished"]

"""Chunked ingest: worker processes and in-process analysis store the same; chunks keep per-document semantics."""

import json

import pytest

from articles.forking import fork_is_safe
from articles.ingest.pipeline import ingest
from articles.models import Article, Entity, Mention, StoryCluster
from tests.conftest import SEEDS_DIR

pytestmark = pytest.mark.django_db

PEOPLE = ["Joko Widodo", "Sri Mulyani", "Retno Marsudi", "Jens Stoltenberg", "Prabowo Subianto"]
PLACES = ["Jakarta", "Surabaya", "Brussel", "Medan", "Makassar"]
STORY = (SEEDS_DIR / "002_fa85f88da078d27e.txt").read_text(encoding="utf-8").split("Share :")[1]


def _write(path, records: list[dict]) -> str:
    path.write_text("\n".join(json.dumps(record) for record in records), encoding="utf-8")
    return str(path)


def _records(count: int) -> list[dict]:
    records = []
    for n in range(count):
        person, place = PEOPLE[n % len(PEOPLE)], PLACES[n % len(PLACES)]
        body = (f"{place} — Presiden {person} meresmikan proyek nomor {n} di {place} pada Senin. "
                f"Menurut {person}, proyek ke-{n} itu selesai tahun depan.\n\n"
                f"Warga {place} menyambut proyek {n} dengan antusias, kata laporan harian itu.")
        records.append({"title": f"Proyek {n} di {place}", "text": body, "url": f"https://contoh.example/{n}",
                         "source": f"Kantor {n % 3}", "date": f"2023-0{1 + n % 9}-1{n % 10}T08:00:00+07:00"})
    # The same wire story three times, in different chunks: one cluster.
    for n in range(3):
        records.insert(n * 25, {"title": f"NATO salinan {n}", "text": f"Laporan salinan {n}.\n\n{STORY}",
                                "url": f"https://salinan.example/{n}", "source": f"Kantor {n}"})
    return records


def _snapshot() -> dict:
    clusters = {}
    for article in Article.objects.order_by("url"):
        clusters.setdefault(article.cluster_id, []).append(article.url)
    return {
        "articles": list(Article.objects.order_by("url").values_list(
            "url", "title", "body", "published", "source__slug", "minhash")),
        "mentions": sorted(Mention.objects.values_list("article__url", "start", "end", "entity__slug")),
        "clusters": sorted(urls for cluster_id, urls in clusters.items() if cluster_id is not None),
    }


def _clear() -> None:
    Article.objects.all().delete()
    StoryCluster.objects.all().delete()
    Entity.objects.all().delete()


def test_worker_processes_store_exactly_what_in_process_analysis_stores(tmp_path, settings):
    assert fork_is_safe()  # otherwise the "worker" run would quietly analyse in-process too
    settings.INGEST_CHUNK_SIZE = 30
    path = _write(tmp_path / "batch.jsonl", _records(80))
    done = []
    pooled = ingest([path], processes=2, on_progress=done.append)
    assert (pooled.run.ingested, pooled.run.failed) == (83, 0)
    assert sum(done) == 83 and len(done) == 3
    with_workers = _snapshot()
    _clear()
    alone = ingest([path], processes=1)
    assert alone.run.ingested == 83
    assert _snapshot() == with_workers
    assert with_workers["clusters"] == [[f"https://salinan.example/{n}" for n in range(3)]]
    assert len(with_workers["mentions"]) >= 80 * 4


def test_the_same_url_twice_in_one_chunk_is_stored_then_updated(tmp_path):
    first = {"title": "Banjir di Medan", "text": "Medan — Banjir merendam 40 rumah warga pada Senin pagi.",
             "url": "https://contoh.example/banjir"}
    second = dict(first, text="Medan — Banjir merendam 75 rumah warga pada Senin pagi, kata BPBD.")
    report = ingest([_write(tmp_path / "twice.jsonl", [first, second])])
    assert (report.run.ingested, report.run.updated, report.run.failed) == (1, 1, 0)
    assert "75 rumah" in Article.objects.get().body


def test_a_rerun_counts_every_document_as_a_duplicate(tmp_path, settings):
    settings.INGEST_CHUNK_SIZE = 10
    path = _write(tmp_path / "batch.jsonl", _records(30))
    assert ingest([path]).run.ingested == 33
    again = ingest([path])
    assert (again.run.ingested, again.run.duplicates, again.run.failed) == (0, 33, 0)
    assert Article.objects.count() == 33


def test_a_bad_document_in_a_chunk_fails_alone(tmp_path, settings):
    settings.INGEST_CHUNK_SIZE = 10
    records = _records(8)
    records.insert(4, {"title": "Kosong", "text": "Baca juga: Banjir di Medan\n\nBAGIKAN",
                       "url": "https://contoh.example/kosong"})
    report = ingest([_write(tmp_path / "batch.jsonl", records)])
    assert (report.run.ingested, report.run.failed) == (11, 1)
    assert report.errors == [f"{tmp_path / 'batch.jsonl'}:line 5: no article text found"]

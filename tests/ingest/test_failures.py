"""Ingest failures as editors see them: one row per input, updated by retries, closed once the input reads."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.ingest.analyse import WORKER_DIED
from articles.ingest.deadline import TOOK_TOO_LONG
from articles.ingest.failures import failure_reason
from articles.ingest.pipeline import ingest
from articles.ingest.prepare import TOO_MANY_WORDS
from articles.models import Article, IngestFailure

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_ingestfailure_changelist")
GOOD = "Judul Berita Baru\n\nIsi berita baru yang cukup panjang untuk sebuah artikel tentang NATO di Brussel."


def _retry(client, *failures):
    return client.post(CHANGELIST, {"action": "retry", "_selected_action": [f.pk for f in failures]})


def test_each_retry_of_a_broken_input_updates_its_one_row(editor_client, tmp_path):
    path = tmp_path / "kosong.txt"
    path.write_text("", encoding="utf-8")
    ingest([str(path)])
    failure = IngestFailure.objects.get()
    _retry(editor_client, failure)
    _retry(editor_client, failure)
    ingest([str(path)])  # by hand too
    failure = IngestFailure.objects.get()
    assert (failure.attempts, failure.resolved) == (4, False)
    assert failure.reason == "Masukan kosong. Periksa berkasnya, lalu coba lagi."


def test_a_fixed_input_closes_its_old_row_however_it_is_ingested(db, tmp_path):
    path = tmp_path / "nanti.txt"
    path.write_text("", encoding="utf-8")
    ingest([str(path)])
    path.write_text(GOOD, encoding="utf-8")
    ingest([str(tmp_path)])  # the folder, not the failure's own file
    assert IngestFailure.objects.get().resolved
    assert Article.objects.filter(title="Judul Berita Baru").exists()


def test_a_fixed_json_line_closes_its_row_while_a_broken_one_stays_open(editor_client, tmp_path):
    path = tmp_path / "berita.jsonl"
    path.write_text('{"title": "Satu", "body": "tanpa penutup\n{"title": "Dua"}\n', encoding="utf-8")
    ingest([str(path)])
    first, second = IngestFailure.objects.order_by("origin")
    assert first.reason.startswith("JSON tidak sah di kolom ") and " at at" not in first.reason
    assert second.reason.startswith("Tidak ada teks artikel")
    path.write_text('{"title": "Satu", "body": "' + GOOD.replace("\n", " ") + '"}\n{"title": "Dua"}\n',
                    encoding="utf-8")
    _retry(editor_client, first, second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.resolved, second.resolved, second.attempts) == (True, False, 2)
    assert IngestFailure.objects.count() == 2


def test_failures_are_dismissed_in_bulk_and_read_only(editor_client, tmp_path):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("", encoding="utf-8")
    ingest([str(tmp_path)])
    failures = list(IngestFailure.objects.all())
    assert len(failures) == 2
    editor_client.post(CHANGELIST, {"action": "dismiss", "_selected_action": [f.pk for f in failures]})
    assert not IngestFailure.objects.filter(resolved=False).exists()
    page = editor_client.get(reverse("admin:articles_ingestfailure_change", args=[failures[0].pk])).text
    assert 'name="reason"' not in page and 'name="origin"' not in page and 'name="resolved"' not in page


@pytest.mark.parametrize("reason, expected", [
    ("invalid JSON (Unterminated string starting at at column 29)",
     "JSON tidak sah di kolom 29 (Unterminated string starting). Perbaiki baris itu, lalu coba lagi."),
    ("invalid JSON (Expecting value at column 1)",
     "JSON tidak sah di kolom 1 (Expecting value). Perbaiki baris itu, lalu coba lagi."),
    ("HTTP 404 Not Found", "Server menjawab HTTP 404 Not Found. Periksa alamatnya, lalu coba lagi nanti."),
    ("No such file or directory", "No such file or directory. Periksa masukannya, lalu coba lagi."),
    (TOOK_TOO_LONG.format(seconds=30), "Analisisnya dihentikan setelah 30 detik. Periksa aturan pembersih "
                                       "sumbernya atau pecah berkasnya, lalu coba lagi."),
    (TOO_MANY_WORDS.format(max_words=20_000),
     "Terlalu panjang untuk dianalisis (lebih dari 20.000 kata; INGEST_MAX_WORDS). "
     "Pecah teksnya menjadi beberapa artikel, lalu coba lagi."),
    (WORKER_DIED.format(code=-9), "Proses yang menganalisisnya mati (kode keluar -9). Laporkan ke pengembang; "
                                  "masukan lain tetap diproses."),
])
def test_reasons_read_as_indonesian_with_the_next_step(reason, expected):
    assert failure_reason(reason) == expected


@pytest.mark.django_db(transaction=True)  # the worker opens and closes its own connection
def test_a_retry_runs_as_a_task_not_inside_the_editors_request(editor_client, tmp_path, settings):
    settings.TASKS = {**settings.TASKS, "default": settings.TASKS["database"]}
    path = tmp_path / "nanti.txt"
    ingest([str(path)])
    failure = IngestFailure.objects.get()
    path.write_text(GOOD, encoding="utf-8")
    page = editor_client.post(CHANGELIST, {"action": "retry", "_selected_action": [failure.pk]}, follow=True)
    assert "1 masukan masuk antrean untuk di-ingest lagi" in page.text
    assert not IngestFailure.objects.get().resolved  # nothing ran in the request
    call_command("db_worker", "--backend", "default", "--batch", "--no-startup-delay")
    assert IngestFailure.objects.get().resolved
    assert Article.objects.filter(title="Judul Berita Baru").exists()

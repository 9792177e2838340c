"""Ingestion as tasks that several workers share (Django's tasks framework, database backend)."""

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.search.service import SearchParams, search
from articles.tasks import ingest_task
from tests.conftest import SEEDS_DIR

pytestmark = pytest.mark.django_db(transaction=True)


def test_queued_ingest_tasks_are_run_by_a_database_worker(search_index):
    seeds = sorted(SEEDS_DIR.glob("*.txt"))
    results = [ingest_task.using(backend="database").enqueue(str(path)) for path in seeds[:3]]
    assert Article.objects.count() == 0
    call_command("db_worker", "--backend", "database", "--batch", "--no-startup-delay")
    assert Article.objects.count() == 3
    for result in results:
        result.refresh()
        assert result.return_value == "ingested 1, duplicates 0, updated 0, failed 0"
    assert search(SearchParams(q="Stoltenberg")).count == 3


def test_the_ingest_command_can_queue_instead_of_ingesting(capsys, search_index):
    call_command("ingest", "--enqueue", str(SEEDS_DIR))
    assert capsys.readouterr().out.strip() == "queued 1 task(s)"
    # The default backend in tests runs tasks immediately.
    assert Article.objects.count() == 5

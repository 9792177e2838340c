"""`manage.py ingest`: the seeds land whole, re-ingesting changes nothing, failures are reported."""

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, IngestFailure, IngestRun
from tests.conftest import SEEDS_DIR

pytestmark = pytest.mark.django_db


def test_it_ingests_the_five_seeds_and_prints_the_summary(capsys, search_index):
    call_command("ingest", str(SEEDS_DIR))
    assert capsys.readouterr().out.strip().endswith("ingested 5, duplicates 0, updated 0, failed 0")
    assert Article.objects.count() == 5
    assert IngestRun.objects.get().ingested == 5


def test_reingesting_the_same_files_changes_nothing(capsys, search_index):
    call_command("ingest", str(SEEDS_DIR))
    before = list(Article.objects.values_list("pk", "updated_at"))
    call_command("ingest", str(SEEDS_DIR))
    assert capsys.readouterr().out.strip().endswith("ingested 0, duplicates 5, updated 0, failed 0")
    assert list(Article.objects.values_list("pk", "updated_at")) == before


def test_a_missing_path_fails_with_its_name_and_the_rest_lands(capsys, search_index, tmp_path):
    missing = tmp_path / "tidak-ada.txt"
    with pytest.raises(CommandError) as excinfo:
        call_command("ingest", str(missing), str(SEEDS_DIR / "000_a78fd7715f6f9a96.txt"))
    assert excinfo.value.returncode == 1
    captured = capsys.readouterr()
    assert str(missing) in captured.err
    assert "ingested 1, duplicates 0, updated 0, failed 1" in captured.out
    assert Article.objects.count() == 1
    assert IngestFailure.objects.get().origin.startswith(str(missing))


def test_ingested_articles_are_searchable(search_index):
    from haystack.query import SearchQuerySet

    call_command("ingest", str(SEEDS_DIR))
    assert SearchQuerySet().models(Article).count() == 5


def test_each_failure_is_printed_once_with_its_reason(subprocess_env, tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    bad = tmp_path / "rusak.jsonl"
    bad.write_text('{"title": "tanpa isi"}\n{rusak\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "manage.py", "ingest", str(bad), "--no-index"], cwd=ROOT,
                          env=subprocess_env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stderr.count(f"{bad}:line 1: no article text") == 1, done.stderr
    assert done.stderr.count(f"{bad}:line 2: invalid JSON") == 1, done.stderr

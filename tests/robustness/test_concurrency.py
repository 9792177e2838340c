"""Two ingests and admin edits at once, in separate processes: no lock errors, no lost index update."""

import json
import subprocess

import pytest
from haystack import connections

from articles.ingest.pipeline import ingest
from articles.models import Article, IndexQueue
from articles.search.indexing import drain
from tests.conftest import SEEDS_DIR
from tests.robustness.conftest import PYTHON, ROOT

pytestmark = pytest.mark.slow
TOPICS = ["banjir", "gempa", "pemilu", "anggaran", "vaksin", "pangan", "harga beras", "kereta cepat", "mudik",
          "tol laut", "nikel", "stunting"]


def _jsonl(path, label: str, count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            topic = TOPICS[n % len(TOPICS)]
            body = (f"Jakarta — Berita {label} nomor {n} tentang {topic}. Pemerintah menyampaikan rencana baru "
                    f"soal {topic} pada rapat hari ini.\n\nWarga menanggapi rencana {topic} itu dengan beragam "
                    f"pendapat, kata laporan {label}-{n}.")
            out.write(json.dumps({"title": f"{topic.title()} {label} {n}", "body": body,
                                  "url": f"https://{label}.example/{n}", "source": f"Kantor {label}"}) + "\n")


def _index_titles() -> dict[int, str]:
    backend = connections["default"].get_backend()
    backend.setup()
    index = backend.index.refresh()
    with index.searcher() as searcher:
        return {int(doc["django_id"]): doc["title"] for doc in searcher.all_stored_fields()}


def test_parallel_ingests_and_admin_edits_lose_no_index_update(subprocess_env, tmp_path, search_index):
    ingest([str(SEEDS_DIR)])
    drain(wait=True)
    seeds = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for label in ("alfa", "beta"):
        _jsonl(tmp_path / f"{label}.jsonl", label, 30)
    commands = [
        [PYTHON, "manage.py", "ingest", str(tmp_path / "alfa.jsonl")],
        [PYTHON, "manage.py", "ingest", str(tmp_path / "beta.jsonl")],
        [PYTHON, "-m", "tests.robustness.admin_editor", "satu", *map(str, seeds[:3])],
        [PYTHON, "-m", "tests.robustness.admin_editor", "dua", *map(str, seeds[3:])],
    ]
    processes = [subprocess.Popen(command, cwd=ROOT, env=subprocess_env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for command in commands]
    outputs = [process.communicate(timeout=180) for process in processes]
    for command, process, (out, err) in zip(commands, processes, outputs, strict=True):
        assert process.returncode == 0, (command, out, err)
        assert "LockError" not in err and "Traceback" not in err, err
    drain(wait=True)  # whatever a process left queued (none expected) is written now
    assert not IndexQueue.objects.exists()
    titles = dict(Article.objects.values_list("pk", "title"))
    assert len(titles) == 65
    assert sum(title.startswith(("satu ", "dua ")) for title in titles.values()) == 5
    assert _index_titles() == titles

"""Faults: an ingest killed with SIGKILL, PostgreSQL restarted or gone mid-ingest. A re-run always repairs."""

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from articles.models import Article, IndexQueue
from portal import pgcluster
from tests.robustness.conftest import PYTHON, ROOT
from tests.robustness.test_concurrency import _index_titles, _jsonl

pytestmark = pytest.mark.slow
# The ingest command with a short reconnect back-off, so "the database stays away" is quick to test.
INGEST_FAST_GIVE_UP = (
    "import sys, django; django.setup();"
    "from articles.ingest import pipeline; pipeline.RECONNECT_DELAYS = (0.3, 0.3, 0.3);"
    "from django.core.management import execute_from_command_line;"
    "execute_from_command_line(['manage.py', 'ingest', *sys.argv[1:]])"
)


def _wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


def _children(parent_pid: int) -> set[int]:
    """Running processes whose parent is `parent_pid` (an ingest's analysis workers)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent_pid and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_an_ingest_killed_with_sigkill_is_repaired_by_a_rerun(subprocess_env, tmp_path, search_index):
    # Chunks of 30 documents, analysed by 2 worker processes: the kill lands between or inside chunks.
    env = {**subprocess_env, "INGEST_CHUNK_SIZE": "30", "INGEST_PROCESSES": "2"}
    _jsonl(tmp_path / "batch.jsonl", "kill", 150)
    command = [PYTHON, "manage.py", "ingest", str(tmp_path / "batch.jsonl")]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_until(lambda: Article.objects.count() >= 30)
    workers = _children(process.pid)
    assert len(workers) == 2
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    landed = Article.objects.count()
    assert 30 <= landed < 150 and landed % 30 == 0  # whole chunks or nothing
    _wait_until(lambda: not any(map(_running, workers)), timeout=10)  # orphaned workers exit too
    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    summary = rerun.stdout.strip().splitlines()[-1]
    ingested, duplicates = (int(part.split()[-1]) for part in summary.split(", ")[:2])
    assert duplicates == landed and ingested + duplicates == 150
    assert Article.objects.count() == 150
    assert Article.objects.values("url").distinct().count() == 150
    assert not IndexQueue.objects.exists()
    assert _index_titles() == dict(Article.objects.values_list("pk", "title"))


class Cluster:
    """A throwaway PostgreSQL cluster (never the shared one), as the `postgres` user when we are root."""

    def __init__(self) -> None:
        self.bindir = pgcluster.find_bindir()
        self.base = Path(tempfile.mkdtemp(prefix="telusur-fault-pg-"))
        self.data, self.run = self.base / "data", self.base / "run"
        self.run.mkdir()
        if pgcluster._server_user():
            for path in (self.base, self.run):
                shutil.chown(path, pgcluster._server_user(), pgcluster._server_user())
        pgcluster._run([str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--locale=C.UTF-8"])
        self.start()
        pgcluster._run([str(self.bindir / "createdb"), "-h", str(self.run), "-U", "postgres", "telusur"])
        self.url = f"postgres://postgres@/telusur?host={self.run}"

    def pg_ctl(self, *args: str) -> None:
        options = f"-k {self.run} -c listen_addresses='' -c fsync=off"
        pgcluster._run([str(self.bindir / "pg_ctl"), *args, "-w", "-D", str(self.data), "-l",
                        str(self.base / "server.log"), "-o", options])

    def start(self) -> None:
        self.pg_ctl("start")

    def stop(self) -> None:
        pgcluster._run([str(self.bindir / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(self.data)], check=False)

    def restart(self) -> None:
        self.pg_ctl("restart", "-m", "fast")

    def count(self) -> tuple[int, int]:
        try:
            with psycopg.connect(host=str(self.run), dbname="telusur", user="postgres", connect_timeout=2) as conn:
                return conn.execute("SELECT count(*), count(DISTINCT url) FROM articles_article").fetchone()
        except psycopg.OperationalError:
            return (-1, -1)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture
def cluster():
    try:
        pgcluster.find_bindir()
    except SystemExit as exc:
        pytest.skip(f"PostgreSQL server binaries missing: {exc}")
    cluster = Cluster()
    yield cluster
    cluster.remove()


def test_postgres_restarted_mid_ingest_then_gone_then_back(cluster, tmp_path):
    env = dict(os.environ, DATABASE_URL=cluster.url, SEARCH_INDEX_DIR=str(tmp_path / "index"), PYTHONPATH=str(ROOT),
               INGEST_CHUNK_SIZE="5")
    migrate = subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0", "--skip-checks"], cwd=ROOT,
                             env=env, capture_output=True, text=True, timeout=120)
    assert migrate.returncode == 0, migrate.stderr
    _jsonl(tmp_path / "batch.jsonl", "restart", 60)
    command = [PYTHON, "-c", INGEST_FAST_GIVE_UP, str(tmp_path / "batch.jsonl")]

    # 1. A restart in the middle: reported, reconnected, and the whole batch lands once.
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_until(lambda: cluster.count()[0] >= 5)
    cluster.restart()
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "database connection lost" in err and "re-opened" in err
    assert cluster.count() == (60, 60)

    # 2. The server goes away for good: the command says so and exits 1; what landed stays.
    _jsonl(tmp_path / "more.jsonl", "gone", 60)
    command[-1] = str(tmp_path / "more.jsonl")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_until(lambda: cluster.count()[0] >= 65)
    cluster.stop()
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "the database stayed unreachable" in err and "run the same command again" in err
    assert "Traceback" not in err

    # 3. Back again: the same command completes, no duplicates, no gaps.
    cluster.start()
    rerun = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert cluster.count() == (120, 120)

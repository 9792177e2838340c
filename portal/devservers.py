"""Throwaway servers for the tests and the benchmarks: a streaming replica of a PostgreSQL server, a redis-server
and the project's gunicorn, each on loopback or a socket of its own, each stopped by its own process id.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from portal.pgcluster import ROOT, _run, _server_user, find_bindir


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(condition, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} within {timeout:.0f} s")


class StreamingReplica:
    """A hot standby of the server at `host`/`port`, made with `pg_basebackup -R` into a temp dir and started on
    a socket of its own (no TCP). As root the server runs as the `postgres` user, like the private cluster.
    `host` is the primary's socket directory or address; the primary must allow replication connections.
    """

    def __init__(self, *, host: str, port: str | int, user: str = "postgres") -> None:
        self.bindir = find_bindir()
        self.base = Path(tempfile.mkdtemp(prefix="telusur-replica-"))
        self.data, self.socket_dir, self.port = self.base / "data", self.base / "run", free_port()
        self.socket_dir.mkdir()
        if _server_user():
            for path in (self.base, self.socket_dir):
                shutil.chown(path, _server_user(), _server_user())
        backup = _run([str(self.bindir / "pg_basebackup"), "-h", host, "-p", str(port or 5432), "-U", user,
                       "-D", str(self.data), "-R", "-X", "stream", "--checkpoint=fast", "--no-sync"], check=False)
        if backup.returncode != 0:
            self.cleanup()
            raise RuntimeError(f"pg_basebackup failed: {backup.stderr.strip()}")
        self.start()

    @property
    def log(self) -> Path:
        return self.base / "server.log"

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@/{dbname}?host={self.socket_dir}&port={self.port}"

    def conninfo(self, dbname: str) -> dict:
        return {"host": str(self.socket_dir), "port": self.port, "user": "postgres", "dbname": dbname}

    def _pg_ctl(self, *args: str):
        return _run([str(self.bindir / "pg_ctl"), "-D", str(self.data), *args], check=False)

    def start(self) -> None:
        options = f"-p {self.port} -k {self.socket_dir} -c listen_addresses='' -c fsync=off -c hot_standby=on"
        result = self._pg_ctl("start", "-w", "-t", "60", "-l", str(self.log), "-o", options)
        if result.returncode != 0:
            raise RuntimeError(f"the replica did not start; see {self.log}\n{result.stderr}")

    def stop(self, *, mode: str = "immediate") -> None:
        """Stop the server (`immediate`: as abruptly as a crash, no shutdown checkpoint)."""
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("stop", "-w", "-m", mode)

    def set_apply_delay(self, delay: str) -> None:
        """Hold back replaying commits by `delay` (e.g. "1h"; "0" to catch up): a replica that lags, for real."""
        conf = self.data / "postgresql.auto.conf"
        lines = [line for line in conf.read_text().splitlines() if not line.startswith("recovery_min_apply_delay")]
        conf.write_text("\n".join([*lines, f"recovery_min_apply_delay = '{delay}'"]) + "\n")
        self._pg_ctl("reload")

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.base, ignore_errors=True)


class RedisServer:
    """Debian's redis-server on a free loopback port, keeping nothing on disk."""

    def __init__(self, port: int | None = None) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise FileNotFoundError("redis-server is not installed (apt-get install redis-server)")
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--loglevel", "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait(self._answers, timeout=15, what="redis-server did not answer")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


class Gunicorn:
    """The project's gunicorn (portal/gunicorn.conf.py) on `port` with `environ`, ready when `ready_path` answers;
    `config` and `app` serve another WSGI application (a benchmark's baseline) the same way."""

    def __init__(self, port: int, environ: dict[str, str], log: Path, *, ready_path: str = "/",
                 config: str = "portal/gunicorn.conf.py", app: str = "portal.wsgi") -> None:
        self.port, self.log = port, log
        self.base = f"http://127.0.0.1:{port}"
        gunicorn = Path(sys.executable).with_name("gunicorn")
        with log.open("w") as out:
            self.process = subprocess.Popen([str(gunicorn), "-c", config, app],
                                            cwd=ROOT, env={**environ, "PORT": str(port)}, stdout=out,
                                            stderr=subprocess.STDOUT)
        _wait(lambda: self._answers(ready_path), timeout=90, what=f"gunicorn did not answer (see {log})")

    def _answers(self, path: str) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({self.process.returncode}); see {self.log}")
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:  # noqa: S310 - our http://
                return response.status == 200
        except OSError:
            return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def web_environ(**settings: str) -> dict[str, str]:
    """This environment plus `settings`, for a `manage.py` or gunicorn child of the project."""
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "PYTHONPATH": str(ROOT), **settings}

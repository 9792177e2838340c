"""Start and stop the private PostgreSQL cluster under var/postgres (used when DATABASE_URL is unset).

    python -m portal.pgcluster start|stop|status

As root the server runs as the `postgres` system user; when that user cannot reach the checkout (a mode-700
home), the data lives under the system temp dir and var/postgres links to it.
"""

import hashlib
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLUSTER = ROOT / "var" / "postgres"
DATABASE = "telusur"
INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install them, e.g. "
    "`apt-get install postgresql` on Debian/Ubuntu, `dnf install postgresql-server` on Fedora, "
    "`brew install postgresql@15` on macOS, or set DATABASE_URL to an existing PostgreSQL database."
)


def find_bindir() -> Path:
    """The directory holding initdb and pg_ctl: $PG_BINDIR, pg_config, Debian's layout, or PATH."""
    candidates = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]))
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(Path(out.stdout.strip()))
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), reverse=True)
    candidates.extend(debian)
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).parent)
    for bindir in candidates:
        if (bindir / "initdb").exists() and (bindir / "pg_ctl").exists():
            return bindir
    raise SystemExit(INSTALL_HINT)


def _server_user() -> str | None:
    """None when we may run the server ourselves; the system user to run it as when we are root."""
    return "postgres" if os.geteuid() == 0 else None


def _reachable_by(user: str, path: Path) -> bool:
    uid = pwd.getpwnam(user).pw_uid
    result = subprocess.run(
        ["setpriv", f"--reuid={uid}", "--regid=nogroup", "--clear-groups", "test", "-x", str(path)],
        capture_output=True,
        check=False,
    )
    return result.returncode == 0


def cluster_dir() -> Path:
    """var/postgres itself, or (as root, when postgres cannot reach the checkout) a link to a temp dir."""
    if CLUSTER.exists():
        return CLUSTER.resolve()
    CLUSTER.parent.mkdir(parents=True, exist_ok=True)
    user = _server_user()
    if user is None or _reachable_by(user, CLUSTER.parent):
        CLUSTER.mkdir()
    else:
        digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:10]
        target = Path(tempfile.gettempdir()) / f"telusur-postgres-{digest}"
        target.mkdir(mode=0o700, exist_ok=True)
        CLUSTER.symlink_to(target)
    real = CLUSTER.resolve()
    if user is not None:
        shutil.chown(real, user, user)
    return real


def _run(args: list[str], *, check: bool = True) -> subprocess.CompletedProcess:
    user = _server_user()
    if user is not None:
        args = ["runuser", "-u", user, "--", *args]
    return subprocess.run(args, check=check, capture_output=True, text=True)


def is_running(bindir: Path, data: Path) -> bool:
    return (data / "postmaster.pid").exists() and _run([str(bindir / "pg_ctl"), "status", "-D", str(data)],
                                                      check=False).returncode == 0


def start() -> None:
    bindir = find_bindir()
    base = cluster_dir()
    data, run = base / "data", base / "run"
    if not (data / "PG_VERSION").exists():
        print(f"initdb: creating the private cluster in {data}")
        _run([str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
              "--locale=C.UTF-8"])
    run.mkdir(exist_ok=True)
    if _server_user():
        shutil.chown(run, _server_user(), _server_user())
    if is_running(bindir, data):
        print(f"PostgreSQL already running (socket in {run})")
    else:
        options = f"-k {run} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        result = _run([str(bindir / "pg_ctl"), "start", "-w", "-D", str(data), "-l", str(base / "server.log"),
                       "-o", options], check=False)
        if result.returncode != 0:
            raise SystemExit(f"PostgreSQL did not start; see {base / 'server.log'}\n{result.stderr}")
        print(f"PostgreSQL started (socket in {run})")
    exists = _run([str(bindir / "psql"), "-h", str(run), "-U", "postgres", "-tAc",
                   f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"])  # noqa: S608 - constant name
    if exists.stdout.strip() != "1":
        _run([str(bindir / "createdb"), "-h", str(run), "-U", "postgres", DATABASE])


def stop() -> None:
    if not CLUSTER.exists():
        return
    bindir = find_bindir()
    data = CLUSTER.resolve() / "data"
    if is_running(bindir, data):
        _run([str(bindir / "pg_ctl"), "stop", "-w", "-m", "fast", "-D", str(data)])
        print("PostgreSQL stopped")


def main(argv: list[str]) -> None:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        start()
    elif command == "stop":
        stop()
    elif command == "status":
        running = CLUSTER.exists() and is_running(find_bindir(), CLUSTER.resolve() / "data")
        print("running" if running else "stopped")
    else:
        raise SystemExit("usage: python -m portal.pgcluster start|stop|status")


if __name__ == "__main__":
    main(sys.argv)

"""An older revision of this repository unpacked beside it, for the benchmarks that time it against this tree."""

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

TREE = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def unpacked(revision: str) -> Iterator[Path]:
    """A temporary folder holding `revision`'s files (`git archive`: no .git) and an empty `var/`, removed after.

    Raises subprocess.CalledProcessError when git does not know `revision`.
    """
    folder = Path(tempfile.mkdtemp(prefix="telusur-base-"))
    try:
        archive = subprocess.run(["git", "-C", str(TREE), "archive", revision], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
        (folder / "var").mkdir(exist_ok=True)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def step_in(script: str, tree: Path, *args: str, environ: dict[str, str] | None = None) -> dict:
    """Run `script` (a benchmark's file) with `args` and `--tree tree` in a fresh Python process, without
    PYTHONPATH (the script puts `tree`'s code first on sys.path) and with `environ` added; the JSON object its last
    line of output holds.

    Raises subprocess.CalledProcessError when the step fails.
    """
    command = [sys.executable, str(Path(script).resolve()), "--tree", str(tree), *args]
    out = subprocess.run(command, check=True, capture_output=True, text=True,
                         env=os.environ | {"PYTHONPATH": ""} | (environ or {}))
    return json.loads(out.stdout.strip().splitlines()[-1])

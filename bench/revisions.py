"""An older revision of this repository unpacked beside it, for the benchmarks that time it against this tree."""

import contextlib
import shutil
import subprocess
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

"""gunicorn for the FTS baseline (bench/fts_wsgi.py): every setting of portal/gunicorn.conf.py (bind from PORT,
workers, gthread threads, timeout, access log, preload) but its worker hook, which warms Django's search."""

import runpy
from pathlib import Path

globals().update({name: value for name, value in
                  runpy.run_path(str(Path(__file__).resolve().parent.parent / "portal" / "gunicorn.conf.py")).items()
                  if not name.startswith("__") and name != "post_worker_init"})

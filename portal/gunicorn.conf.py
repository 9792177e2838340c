"""gunicorn configuration: loopback by default, PORT from the environment."""

import multiprocessing
import os

bind = f"{os.environ.get('BIND_HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 30
accesslog = "-"
preload_app = True


def post_worker_init(worker):
    """Warm the worker's search index readers before it takes requests (the facet maps take a moment)."""
    from articles.search.service import warm

    warm()

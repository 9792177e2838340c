"""Settings for the `pages` benchmark's gunicorn: the portal's own, plus a bare `/__hello` view as the baseline."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.hello_urls"

"""When work may be spread over forked worker processes."""

import threading


def fork_is_safe() -> bool:
    """True in a single-threaded process (no gunicorn thread, no progress-bar monitor), where forking cannot
    copy a lock some other thread holds. Workers are always forked (never spawned), so they inherit the loaded
    models and the protected names the analyzer consults. numpy's idle BLAS threads re-initialise after a fork.
    """
    return threading.active_count() == 1

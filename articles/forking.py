"""When work may be spread over forked worker processes, and over how many."""

import multiprocessing
import os
import threading

PARALLEL_BATCH = 500
MAX_WRITER_PROCS = 4


def fork_is_safe() -> bool:
    """True in a single-threaded process (no gunicorn thread, no progress-bar monitor), where forking cannot
    copy a lock some other thread holds. Workers are always forked (never spawned), so they inherit the loaded
    models and the protected names the analyzer consults. numpy's idle BLAS threads re-initialise after a fork.
    """
    return threading.active_count() == 1


def writer_processes(batch: int) -> int:
    """Processes to analyse a batch of search documents with: one per core for large batches (Sastrawi stemming
    dominates writing), where forking is safe and the start method is fork (Whoosh's writer uses the default).
    """
    if batch < PARALLEL_BATCH or not fork_is_safe() or multiprocessing.get_start_method() != "fork":
        return 1
    return min(os.cpu_count() or 1, MAX_WRITER_PROCS)

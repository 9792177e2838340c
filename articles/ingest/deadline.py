"""A time limit on analysing one document in this process, and the reason given when it is reached.

Batches analysed by worker processes are bounded by the pool instead (`articles.ingest.analyse`), which kills a
worker that overruns: that also stops code that never returns to the interpreter. In this process the limit is a
SIGALRM timer, so it holds only in the main thread (signals are delivered there alone); elsewhere, e.g. a
gunicorn thread that saves one article from the admin, the document runs without a limit, and `time_limit`
says so in the log. The regular-expression engines (`re`, `regex`) check for signals while they backtrack, so a
catastrophic pattern is stopped too.
"""

import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("telusur.ingest")

TOOK_TOO_LONG = "analysing it was stopped (took longer than {seconds:g} s)"
NO_TIMER = "no time limit on analysing %s: not in the main thread, where SIGALRM is delivered"


class DocumentTimeout(BaseException):
    """The document's time limit was reached. A BaseException, like KeyboardInterrupt, so that the stages'
    `except Exception` (a bug on one odd input must not stop the batch) cannot swallow it and run on."""


def _raise_timeout(signum, frame) -> None:
    raise DocumentTimeout


@contextmanager
def time_limit(seconds: float, origin: str = "a document") -> Iterator[None]:
    """Raise DocumentTimeout inside the block once `seconds` (wall clock) have passed; 0 means no limit.

    Only in the main thread with no other SIGALRM timer running (an outer one is left alone); otherwise the
    block runs unbounded and a log line names `origin`.
    """
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread() or signal.getitimer(signal.ITIMER_REAL)[0]:
        log.info(NO_TIMER, origin)
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:  # even when the alarm rang just now
            signal.signal(signal.SIGALRM, previous)

"""Small statistics and timing helpers: medians, percentiles, and wall-clock time per pipeline stage."""

import functools
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0..100), like numpy's default."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * p / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(ms: Sequence[float]) -> dict[str, float]:
    return {"n": len(ms), "p50": median(ms), "p95": percentile(ms, 95), "mean": statistics.fmean(ms) if ms else 0.0}


def ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline else float("nan")


def time_call(fn: Callable, *args, **kwargs) -> tuple[float, object]:
    """(milliseconds, result) of one call."""
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


class StageClock:
    """Exclusive wall time per stage: while a nested stage runs, only the innermost one is charged."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.durations: dict[str, list[float]] = defaultdict(list)  # inclusive seconds of each call
        self._stack: list[list] = []  # [stage, started, resumed]

    def enter(self, stage: str) -> None:
        now = time.perf_counter()
        if self._stack:
            parent = self._stack[-1]
            self.seconds[parent[0]] += now - parent[2]
        self._stack.append([stage, now, now])

    def exit(self) -> None:
        now = time.perf_counter()
        stage, started, resumed = self._stack.pop()
        self.seconds[stage] += now - resumed
        self.calls[stage] += 1
        self.durations[stage].append(now - started)
        if self._stack:
            self._stack[-1][2] = now

    def wrap(self, fn: Callable, stage: str) -> Callable:
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            self.enter(stage)
            try:
                return fn(*args, **kwargs)
            finally:
                self.exit()

        return timed

    def wrap_iter(self, fn: Callable[..., Iterable], stage: str) -> Callable[..., Iterator]:
        """Charge the time spent producing each item of the iterator `fn` returns to `stage`."""

        @functools.wraps(fn)
        def timed(*args, **kwargs):
            iterator = iter(fn(*args, **kwargs))
            while True:
                self.enter(stage)
                try:
                    item = next(iterator)
                except StopIteration:
                    return
                finally:
                    self.exit()
                yield item

        return timed

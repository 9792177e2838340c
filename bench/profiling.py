"""cProfile a callable and summarise it as two tables: hottest functions by own time, Telusur's by cumulative."""

import cProfile
import io
import pstats
from collections.abc import Callable

from bench import environment as env
from bench.report import Table

TOP = 15


def _where(filename: str, line: int, func: str) -> str:
    short = filename.split("site-packages/")[-1].replace(str(env.ROOT) + "/", "").split("lib/python3.13/")[-1]
    return f"{short}:{line} {func}"


def profile(fn: Callable[[], object], label: str, top: int = TOP) -> tuple[list[Table], str]:
    """Run `fn` under cProfile; returns ([own-time table, app cumulative table], pstats text)."""
    profiler = cProfile.Profile()
    profiler.runcall(fn)
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total = stats.total_tt
    own = Table(f"Top functions by own time (cProfile, {label}, {total:.1f} s profiled)",
                ["function", "own s", "own %", "cumulative s", "calls"])
    for (filename, line, func), (_, calls, own_s, cumulative, _) in sorted(
            stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:top]:
        own.rows.append([_where(filename, line, func), own_s, 100 * own_s / total, cumulative, calls])
    app_root = str(env.ROOT / "articles")
    app = Table("Telusur functions by cumulative time (same profile)", ["function", "cumulative s", "% of total",
                                                                        "calls"])
    for (filename, line, func), (_, calls, _, cumulative, _) in sorted(
            ((key, value) for key, value in stats.stats.items() if key[0].startswith(app_root)),
            key=lambda item: item[1][3], reverse=True)[:top]:
        app.rows.append([_where(filename, line, func), cumulative, 100 * cumulative / total, calls])
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(40)
    return [own, app], text.getvalue()

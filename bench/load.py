"""Bounded loopback load: wrk (Debian package) cycling through a list of paths, or a small threaded fallback."""

import json
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.timing import percentile

LUA = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i - 1) %% #paths + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format('BENCH {"requests": %%d, "seconds": %%f, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, '
    .. '"errors": %%d}\\n', summary.requests, summary.duration / 1e6, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), errors))
end
"""


@dataclass
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    tool: str

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def run_load(base: str, paths: list[str], *, seconds: float, connections: int, threads: int = 2) -> LoadResult:
    if shutil.which("wrk"):
        return _wrk(base, paths, seconds, connections, threads)
    return _python_load(base, paths, seconds, connections)


def _wrk(base: str, paths: list[str], seconds: float, connections: int, threads: int) -> LoadResult:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % {"paths": ", ".join(json.dumps(p) for p in paths)})
    try:
        output = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:g}s", "--timeout", "10s", "-s", script.name,
             base], capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    finally:
        Path(script.name).unlink()
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    data = json.loads(line[len("BENCH "):])
    non_2xx = sum(int(line.split(":")[1]) for line in output.splitlines() if "Non-2xx" in line)
    return LoadResult(data["requests"], data["seconds"], data["p50_us"] / 1000, data["p95_us"] / 1000,
                      data["p99_us"] / 1000, data["errors"] + non_2xx, "wrk")


def _python_load(base: str, paths: list[str], seconds: float, connections: int) -> LoadResult:
    """Closed-loop clients in threads (slower than wrk; the generator then shares the CPU with the server)."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(offset: int) -> None:
        i = offset
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(base + paths[i % len(paths)], timeout=10) as response:
                    response.read()
            except OSError:
                with lock:
                    errors[0] += 1
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)
            i += 1

    workers = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    return LoadResult(len(latencies), elapsed, percentile(latencies, 50), percentile(latencies, 95),
                      percentile(latencies, 99), errors[0], "python threads")

"""Benchmark results: one Section per benchmark, printed as text and written as JSON and Markdown."""

import json
import math
import platform
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)


@dataclass
class Section:
    name: str
    title: str
    method: str = ""  # how it was measured, and what the baseline is
    headline: list[str] = field(default_factory=list)  # the figures that matter, one line each
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)  # machine-readable figures
    skipped: str = ""
    seconds: float = 0.0


def fmt(value) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        if abs(value) >= 100:
            return f"{value:.0f}"
        if abs(value) >= 10:
            return f"{value:.1f}"
        return f"{value:.2f}" if abs(value) >= 0.1 else f"{value:.3f}"
    return str(value)


def _text_table(table: Table) -> list[str]:
    cells = [table.columns] + [[fmt(value) for value in row] for row in table.rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.columns))]

    def line(row: list[str]) -> str:
        return "  ".join(cell.ljust(width) if i == 0 else cell.rjust(width)
                         for i, (cell, width) in enumerate(zip(row, widths, strict=True)))

    return [f"  {table.title}", "  " + line(cells[0]), "  " + "  ".join("-" * w for w in widths)] + [
        "  " + line(row) for row in cells[1:]]


def render_text(section: Section) -> str:
    lines = [f"== {section.name}: {section.title} ({section.seconds:.0f} s)"]
    if section.skipped:
        return "\n".join([*lines, f"  SKIPPED: {section.skipped}"])
    if section.method:
        lines.append(f"  {section.method}")
    lines += [f"  * {item}" for item in section.headline]
    for table in section.tables:
        lines += ["", *_text_table(table)]
    if section.notes:
        lines += ["", *[f"  note: {note}" for note in section.notes]]
    return "\n".join(lines)


def render_markdown(section: Section) -> str:
    lines = [f"## {section.name}: {section.title}", ""]
    if section.skipped:
        return "\n".join([*lines, f"**Skipped:** {section.skipped}", ""])
    if section.method:
        lines += [section.method, ""]
    lines += [f"- {item}" for item in section.headline]
    for table in section.tables:
        lines += ["", f"**{table.title}**", "", "| " + " | ".join(table.columns) + " |",
                  "|" + "|".join("---" for _ in table.columns) + "|"]
        lines += ["| " + " | ".join(fmt(value) for value in row) + " |" for row in table.rows]
    if section.notes:
        lines += ["", *[f"> {note}  " for note in section.notes]]
    return "\n".join([*lines, ""])


def machine() -> dict:
    import os

    return {"python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
            "platform": platform.platform()}


def write(sections: list[Section], folder: Path, *, mode: str, stamp: str) -> list[Path]:
    """bench/results/<stamp>.{json,md} and latest.{json,md} (rewritten after each benchmark); the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"when": time.strftime("%Y-%m-%d %H:%M:%S %z"), "mode": mode, **machine()}
    payload = {"meta": meta, "benchmarks": [asdict(section) for section in sections]}
    text_json = json.dumps(payload, indent=2, ensure_ascii=False, default=str)
    text_md = "\n".join([f"# Telusur benchmarks ({meta['when']}, {mode})", "",
                         f"Python {meta['python']} on {meta['platform']}, {meta['cpus']} CPUs.", "",
                         *[render_markdown(section) for section in sections]])
    paths = []
    for name in (stamp, "latest"):
        for suffix, text in ((".json", text_json), (".md", text_md)):
            path = folder / f"{name}{suffix}"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
    return paths

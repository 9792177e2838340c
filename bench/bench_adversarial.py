"""`adversarial`: the ingest stages on worst-case inputs, against the same stage on normal news text.

Each case is an input shaped against one stage's patterns (long runs of spaces, dotted names, digit runs,
slashes) of SIZE characters; the baseline is the same call on IndoSum text of the same length, in the same run.
Median and p95 of REPEATS calls each. A ratio near 1 means the worst case costs what real text costs; the
quadratic or exponential patterns fixed in the stages made these ratios hundreds to unbounded. The whole
`prepare()` of a document built from all the shapes is compared with `prepare()` of a normal article of the same
size; an editor's backtracking rule is shown against the same document without it (it is bounded per line by
`regex`'s timeout, loosely, and per document by INGEST_DOCUMENT_SECONDS, which this does not reach).
"""

from collections.abc import Callable

from bench.context import Context
from bench.report import Section, Table
from bench.timing import latency_summary, ratio, time_call

SIZE = 20_000
REPEATS = {True: 5, False: 20}
RULE_REPEATS = 3
BACKTRACKING_RULE = "(a|aa)+$"


def _normal_text(records: list[dict], size: int) -> str:
    """IndoSum articles, paragraphs kept, joined until `size` characters."""
    pieces, length = [], 0
    for record in records:
        pieces.append(record["text"])
        length += len(record["text"])
        if length >= size:
            break
    return "\n\n".join(pieces)[:size]


def _fill(unit: str, size: int, prefix: str = "") -> str:
    return prefix + unit * ((size - len(prefix)) // len(unit))


def _cases(normal: str) -> list[tuple[str, Callable[[str], object], str, str]]:
    """(name, stage call, worst-case input, normal input of the same size)."""
    from articles.ingest import bylines, clean, outlets, read
    from articles.ingest.dates import parse_date_line

    line = normal.replace("\n", " ")
    spaces = "a" + " " * (SIZE - 2) + "b"
    return [
        ("clean: page number of digits", clean.clean, "halaman " + "1" * 60 + "x", line[:69]),
        ("clean: one line of dotted words", clean.clean, _fill("a.", SIZE), line),
        ("clean: many short lines", clean.clean, _fill("A\n", SIZE), normal),
        ("bylines: signature with spaces", bylines.SIGNATURE.fullmatch, spaces, line),
        ("bylines: credit with spaces", bylines.credit_name, "Penulis: " + spaces, "Penulis: " + line),
        ("outlets: dotted name", outlets._DOMAIN.search, _fill("a.", SIZE), line),
        ("outlets: decoration after spaces", lambda text: outlets._NAME_DECORATION.sub("", text), spaces, line),
        ("read: channel title with spaces", read.channel_outlet, spaces, line),
        ("dates: date line of slashes", parse_date_line, _fill("1/", SIZE), line),
    ]


def _summary(call: Callable[[str], object], text: str, repeats: int) -> dict[str, float]:
    return latency_summary([time_call(call, text)[0] for _ in range(repeats)])


def _whole_document(normal: str) -> str:
    shapes = ["halaman " + "1" * 60 + "x", _fill("a.", 2_000), "Penulis: a" + " " * 2_000 + "b",
              _fill("1/", 2_000), _fill("A ", 2_000), "RINA" + " " * 2_000 + "| ANTARA"]
    body = "\n\n".join(shapes)
    return (body + "\n\n" + normal)[:SIZE]


def run(ctx: Context) -> Section:
    from articles.ingest.clean import clean
    from articles.ingest.document import RawDocument
    from articles.ingest.prepare import prepare

    repeats = REPEATS[ctx.quick]
    normal = _normal_text(ctx.records(), SIZE)
    table = Table(f"milliseconds per call on {SIZE:,} characters ({repeats} calls)",
                  ["stage: worst case", "worst p50", "worst p95", "normal p50", "normal p95", "ratio p50"])
    data = {}

    def row(name: str, worst: dict, usual: dict) -> None:
        table.rows.append([name, worst["p50"], worst["p95"], usual["p50"], usual["p95"],
                           ratio(worst["p50"], usual["p50"])])
        data[name] = {"worst": worst, "normal": usual}

    for name, call, worst_input, normal_input in _cases(normal):
        call(normal_input)  # warm caches and lazy loads before either is timed
        row(name, _summary(call, worst_input, repeats), _summary(call, normal_input, repeats))

    document = RawDocument(origin="adversarial", format="txt", text=_whole_document(normal))
    article = RawDocument(origin="normal", format="txt", text=normal)
    prepare(article)
    row("prepare(): every shape in one document", _summary(prepare, document, repeats),
        _summary(prepare, article, repeats))

    stuck = normal + "\n\n" + "\n\n".join(["a" * 40 + "!"] * 5)
    row(f"clean: editor's rule {BACKTRACKING_RULE} on 5 lines",
        _summary(lambda text: clean(text, [BACKTRACKING_RULE]), stuck, RULE_REPEATS),
        _summary(clean, stuck, RULE_REPEATS))

    worst_ratio = max(r[-1] for r in table.rows[:-1])
    whole = data["prepare(): every shape in one document"]
    return Section(
        "adversarial", "ingest stages on worst-case inputs",
        method=__doc__.split("\n\n", 1)[1].strip(),
        headline=[f"largest worst/normal ratio of a generic stage (p50): {worst_ratio:.2f}",
                  f"prepare() of a document of every shape: {whole['worst']['p50']:.0f} ms p50, "
                  f"{whole['worst']['p95']:.0f} ms p95; normal text {whole['normal']['p50']:.0f} ms p50"],
        tables=[table],
        data=data,
    )

"""`fidelity`: what ingest makes of real news: failures, and the share of articles with a date, author and outlet.

IndoSum goes through the real pipeline (`ingest()`), then the stored articles are counted. The baseline is
what the records' own fields give without reading the text (IndoSum has a date hint in its id and an outlet
field, no author): the share the text analysis adds is the difference. Furniture left in the body is counted
with the same patterns in the raw texts, so the ratio says how much of it cleaning removed.
"""

import re
from zoneinfo import ZoneInfo

from django.utils.timezone import localtime

from bench.context import Context
from bench.report import Section, Table

JAKARTA = ZoneInfo("Asia/Jakarta")
# Furniture that real Indonesian portals leave in scraped text; counted, never used by the product.
FURNITURE = re.compile(
    r"(?i)\b(?:baca juga|lihat juga|simak juga|advertisement|scroll to continue|gambas:|pilihan editor)\b")


def _share(count: int, total: int) -> float:
    return 100.0 * count / total if total else float("nan")


def run(ctx: Context) -> Section:
    from articles.models import Article, IngestRun

    records = ctx.records()
    ctx.loaded = ""  # always a fresh load: the failures of this run are the figure
    seconds = ctx.ensure_indosum()
    run_ = IngestRun.objects.order_by("-pk").first()
    articles = list(Article.objects.select_related("source").values(
        "published", "author", "agency", "body", "source__name", "url",
        *(["published_precision"] if _has_field(Article, "published_precision") else [])))
    total = len(articles)
    hint_by_url = {record["url"]: record.get("date_from_id", "") for record in records}
    counts = {
        "date": sum(1 for a in articles if a["published"]),
        # The day the outlet printed (Jakarta time) differs from the id's hint: the text gave it.
        "date from the text": sum(1 for a in articles
                                  if a["published"] and _printed_day(a) != hint_by_url.get(a["url"])),
        "time of day": sum(1 for a in articles if a.get("published_precision") == "minute"),
        "author": sum(1 for a in articles if a["author"]),
        "outlet": sum(1 for a in articles if a["source__name"]),
        "agency": sum(1 for a in articles if a["agency"]),
        "furniture in body": sum(1 for a in articles if FURNITURE.search(a["body"])),
    }
    baseline = {
        "date": sum(1 for r in records if r.get("date_from_id")),
        "date from the text": 0,
        "time of day": 0,
        "author": sum(1 for r in records if r.get("author")),
        "outlet": sum(1 for r in records if r.get("source")),
        "agency": 0,
        "furniture in body": sum(1 for r in records if FURNITURE.search(r.get("text", ""))),
    }
    table = Table("share of articles (%), Telusur vs the records' own fields",
                  ["field", "Telusur", "fields alone", "Telusur n", "fields n"])
    for name, count in counts.items():
        table.rows.append([name, _share(count, total), _share(baseline[name], len(records)), count, baseline[name]])
    failed = run_.failed if run_ else 0
    return Section(
        "fidelity", "ingest fidelity on IndoSum",
        method=__doc__.split("\n\n", 1)[1].strip(),
        headline=[f"{len(records)} records -> {total} articles, {failed} failed ({seconds:.0f} s)",
                  *(f"{name}: {_share(count, total):.1f}% (fields alone {_share(baseline[name], len(records)):.1f}%)"
                    for name, count in counts.items())],
        tables=[table],
        data={"records": len(records), "articles": total, "failed": failed, "counts": counts, "baseline": baseline},
    )


def _printed_day(article: dict) -> str:
    return localtime(article["published"], JAKARTA).date().isoformat()


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())

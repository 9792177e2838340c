"""Every reader page passes axe-core's WCAG 2.1 A and AA rules with no serious or critical violation, at a
desktop and a phone width (axe-core from npm, installed by `make axe` into var/axe/)."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "var" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
WIDTHS = (1280, 390)
RUN_AXE = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})"""


def reader_pages() -> dict[str, str]:
    """A path of each kind of reader page, on the seeds."""
    from articles.models import Article

    article = Article.objects.select_related("source").get(source__slug="okezone")
    return {"home": "/", "search": "/search/?q=NATO", "article": article.get_absolute_url(),
            "entity": "/entities/jens-stoltenberg/", "source": f"/sources/{article.source.slug}/"}


def blocking_violations(page) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations on the current page, one line per rule and element."""
    # Evaluated through the DevTools protocol, not a <script> tag, so the page's CSP stays as it is.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(RUN_AXE, WCAG_21_AA)
    return [f"{violation['id']} ({violation['impact']}): {node['target']} {node['failureSummary']}"
            for violation in result["violations"] if violation["impact"] in BLOCKING
            for node in violation["nodes"]]


@pytest.mark.skipif(not AXE.exists(), reason=f"ACCESSIBILITY TESTS SKIPPED: no axe-core at {AXE} (make axe)")
def test_reader_pages_have_no_serious_or_critical_wcag_violation(reader, live_server, live_seeds):
    found = {}
    for width in WIDTHS:
        reader.set_viewport_size({"width": width, "height": 800})
        for name, path in reader_pages().items():
            reader.goto(live_server.url + path)
            if name == "search":  # the histogram is checked with its table open
                assert reader.locator(".histogram__chart a").count() > 0
                reader.get_by_text("Lihat sebagai tabel").click()
            if violations := blocking_violations(reader):
                found[f"{name} at {width} px"] = violations
    assert found == {}, "\n".join(f"{page}:\n  " + "\n  ".join(lines) for page, lines in found.items())

"""Browser tests: Debian's chromium driven by Playwright, against Django's live server."""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import EDITOR_PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 800}
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(reason=f"BROWSER TESTS SKIPPED: no chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # An Indonesian reader by default; the language test switches to English through the page itself.
    return {**browser_context_args, "locale": "id-ID", "viewport": DESKTOP}


@pytest.fixture
def live_seeds(transactional_db, search_index):
    from articles.ingest.pipeline import ingest
    from tests.conftest import SEEDS_DIR

    report = ingest([str(SEEDS_DIR)])
    assert report.run.failed == 0, report.errors
    search_index.fill()
    return report


@pytest.fixture
def signed_in(page, live_server, editor):
    """The editor's page, signed in through the admin's own login form."""
    assert not editor.is_superuser
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", EDITOR_PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text(editor.username)
    return page


@pytest.fixture
def reader(page, live_server):
    """A page that records console errors and any request leaving the live server."""
    errors: list[str] = []
    outside: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda req: None if req.url.startswith((live_server.url, "data:")) else outside.append(req.url))
    page.console_errors = errors
    page.outside_requests = outside
    yield page
    assert errors == [], f"browser console errors: {errors}"
    assert outside == [], f"requests left localhost: {outside}"


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def screenshots(page, name: str) -> None:
    """NAME-phone.png at 360 px and NAME-desktop.png at 1280 px, then back to the desktop width."""
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")

"""Browser tests: Playwright driving the machine's Chromium (never a downloaded browser) against the
live test server, with axe-core from node_modules for accessibility.

Outside CI a missing Chromium or axe-core skips these tests with the reason; in CI (CI=true) it fails
them, because a skipped browser test there would hide a broken check."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (browser tests must run in CI)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        unavailable("Chromium is not installed: apt-get install chromium chromium-driver")
    if not AXE.exists():
        unavailable("axe-core is not installed: npm ci")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread; the database calls the tests make
    # there are still synchronous, so Django's guard against async use does not apply to them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def site(live_server):
    """The live server with the reference data (a transactional test starts from an empty database)."""
    call_command("load_reference_data", verbosity=0)
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda message: "Content Security Policy" in message.text and page.csp_errors.append(message.text))
    yield page
    context.close()


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def too_wide_at_320(browser, addresses) -> dict:
    """address → page width, for each of the addresses that scrolls sideways on a 320 × 640 screen."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    too_wide = {}
    for address in addresses:
        page.goto(address)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[address] = width
    context.close()
    return too_wide

"""Browser tests: Playwright's sync API driving Debian's chromium (never `playwright install`).

Playwright's sync API runs an event loop in the test thread, so Django's guard against
database calls from async code is lifted for these tests only.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import Browser, Page

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
#: screenshots for a human to look at; outside the repository on purpose
SHOTS = Path(os.environ.get("BAOMI_SHOTS_DIR") or Path(tempfile.gettempdir()) / "baomi-shots")
VIEWPORT = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed at /usr/bin/chromium "
                    "(apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Session:
    """One browser tab against the live server, recording console errors (CSP, JS)."""

    page: Page
    base_url: str
    errors: list[str] = field(default_factory=list)

    def go(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def login(self, username: str) -> None:
        self.go("/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", f"pw-{username}")
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_url(self.base_url + "/")

    def logout(self) -> None:
        self.page.get_by_role("button", name="退出").click()
        self.page.wait_for_url(self.base_url + "/login/")


@pytest.fixture
def session(browser: Browser, live_server: Any) -> Iterator[Session]:
    # reduced motion: Bootstrap skips its fade animations, screenshots show the final state
    context = browser.new_context(viewport=VIEWPORT, locale="zh-CN",  # type: ignore[arg-type]
                                  reduced_motion="reduce")
    page = context.new_page()
    page.set_default_timeout(15_000)
    tab = Session(page=page, base_url=live_server.url)

    def on_console(message: Any) -> None:
        if message.type == "error":
            tab.errors.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: tab.errors.append(str(exc)))

    def on_response(response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            tab.errors.append(f"{response.status} {response.url}")

    page.on("response", on_response)
    yield tab
    context.close()

"""Headless Chromium for the tests of the review page: Debian's ``chromium`` and
``chromium-driver`` (``make chromium`` installs them), driven by selenium, never a
downloaded browser build. Tests that need it skip, saying why, when it is absent."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Generator
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,1000",
)


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return f"{path} is missing: run 'make chromium' (Debian's chromium, chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is missing: pip install -e '.[dev]'"
    return None


def chromium() -> Generator[Any, None, None]:
    """A headless Chromium with a new, empty profile, quit and removed afterwards."""
    reason = missing()
    if reason is not None:
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="spofscan-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def open_page(driver: Any, path: str, fragment: str = "") -> None:
    """Open a page from disk and wait until its script has set ``window.spofscan``."""
    driver.get(f"file://{path}{fragment}")
    ready = "return typeof window.spofscan === 'object' && window.spofscan !== null"
    if not driver.execute_script(ready):
        raise AssertionError(f"the page's script did not start: {driver.get_log('browser')}")


def state(driver: Any) -> dict[str, Any]:
    """``window.spofscan.state()``: the what-if JSON of the page's scenario."""
    found: dict[str, Any] = driver.execute_script("return window.spofscan.state()")
    return found


def click(driver: Any, name: str) -> str:
    """Click ``name`` as a person would: its box in the diagram when it is drawn and
    the pointer reaches it (``"diagram"``), else its button in the list (``"list"``)."""
    from selenium.common.exceptions import ElementClickInterceptedException

    box = driver.execute_script(
        "var el = document.querySelector('[data-component=\"' + CSS.escape(arguments[0]) + '\"]');"
        "return el && (el.querySelector('text') || el);",
        name,
    )
    if box is not None:
        try:
            box.click()
            return "diagram"
        except ElementClickInterceptedException:
            pass  # an edge or a box drawn over it: the list is there for that
    button = driver.execute_script(
        "return document.querySelector('[data-toggle=\"' + CSS.escape(arguments[0]) + '\"]')",
        name,
    )
    button.click()
    return "list"

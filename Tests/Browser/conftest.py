"""Browser tests: real headless Chromium (Debian's `chromium`) driven by Playwright for Python.

The book is built once per session into a temporary folder with the debug `lessons` binary,
so the tests check what the sources produce now, not a stale Output/. Helpers here:

- `book`: the folder of the freshly built book (a `pathlib.Path`).
- `browser`: one Chromium for the session.
- `open_page(name, width=1280, dark=False, javascript=True)`: a page of the book at a
  viewport width (390 is a phone, emulated with device metrics, not `--window-size`),
  with console errors collected in `page.console_errors`.
- `broken_copy(edit)`: a copy of the book with `edit(folder)` applied, to prove that a
  check fails on a page broken on purpose.
"""

import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest
from playwright.sync_api import sync_playwright

ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def build_book(into: pathlib.Path, lessons: str = "Lessons") -> None:
    subprocess.run(
        ["swift", "run", "--quiet", "lessons", "build", "--lessons", lessons, "--output",
         str(into)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def book(tmp_path_factory) -> pathlib.Path:
    out = tmp_path_factory.mktemp("book") / "Output"
    build_book(out)
    return out


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def _open(browser, folder: pathlib.Path, name: str, width=1280, dark=False, javascript=True,
          query=""):
    phone = width < 500
    context = browser.new_context(
        viewport={"width": width, "height": 844 if phone else 900},
        device_scale_factor=3 if phone else 1, is_mobile=phone, has_touch=phone,
        color_scheme="dark" if dark else "light", java_script_enabled=javascript)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.goto((folder / name).as_uri() + query)
    page.wait_for_load_state("load")
    return page


@pytest.fixture
def open_page(browser, book):
    contexts = []

    def opener(name, folder=None, **kwargs):
        page = _open(browser, folder or book, name, **kwargs)
        contexts.append(page.context)
        return page

    yield opener
    for c in contexts:
        c.close()


@pytest.fixture
def broken_copy(book, tmp_path):
    def make(edit) -> pathlib.Path:
        copy = tmp_path / "broken"
        shutil.copytree(book, copy)
        edit(copy)
        return copy

    return make


def replace_in(path: pathlib.Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path.name}: the broken-on-purpose edit must apply"
    path.write_text(text.replace(old, new))

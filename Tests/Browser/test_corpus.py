"""The books of Tests/Corpus (MyST and mdBook pages, see its README) in a real browser: every
page is valid HTML, and a MyST dropdown opens on a click. Each check also runs on a page broken
on purpose."""

import pathlib
import shutil

import pytest

from conftest import _open, build_book, replace_in
from test_valid_html import vnu_errors

BOOKS = ["myst", "mdbook"]
DROPDOWN = "dropdown.html"
TITLE = "Derivation of the bias correction"


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> dict[str, pathlib.Path]:
    """Each corpus book, built with the debug `lessons` binary into a temporary folder."""
    books = {}
    for name in BOOKS:
        out = tmp_path_factory.mktemp(f"corpus-{name}") / "Output"
        build_book(out, lessons=f"Tests/Corpus/{name}")
        books[name] = out
    return books


def broken(corpus, name, tmp_path, edit) -> pathlib.Path:
    copy = tmp_path / f"broken-{name}"
    shutil.copytree(corpus[name], copy)
    edit(copy)
    return copy


@pytest.mark.parametrize("name", BOOKS)
def test_every_corpus_page_is_valid_html(corpus, name):
    errors = vnu_errors(corpus[name])
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:50])


def test_valid_html_check_fails_on_a_corpus_page_broken_on_purpose(corpus, tmp_path):
    page = "math-blocks.html"
    folder = broken(corpus, "myst", tmp_path, lambda d: replace_in(
        d / page, 'id="equation-gd-step"', 'id="equation-momentum-step"'))
    errors = vnu_errors(folder)
    assert any(e.startswith(page) and "Duplicate ID “equation-momentum-step”" in e
               for e in errors), errors
    assert all(e.startswith(page) for e in errors), errors


def check_dropdown_opens_on_click(page):
    """The closed dropdown hides its body until its title is clicked, then shows it."""
    details = page.locator("details.dropdown", has_text=TITLE)
    assert details.count() == 1, f"no dropdown titled {TITLE!r}"
    body = details.locator("p", has_text="The average after")
    assert not body.is_visible(), "the closed dropdown shows its body"
    title = details.get_by_text(TITLE, exact=True)
    assert title.is_visible(), "the dropdown's title is hidden"
    title.click()
    assert details.evaluate("d => d.open"), "the dropdown did not open"
    assert body.is_visible(), "the open dropdown hides its body"


@pytest.mark.parametrize("javascript", [True, False])
def test_dropdown_opens_on_click(browser, corpus, javascript):
    page = _open(browser, corpus["myst"], DROPDOWN, javascript=javascript)
    try:
        check_dropdown_opens_on_click(page)
        assert page.console_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize("edit", [
    # The title is no longer the <summary>: the browser's own "Details" opens it, not the title.
    lambda d: replace_in(
        d / DROPDOWN, f'<summary class="admonition-title">{TITLE}</summary>',
        f'<p class="admonition-title">{TITLE}</p>'),
    # Open from the start: the body shows before any click.
    lambda d: replace_in(
        d / DROPDOWN, f'<details class="dropdown admonition"><summary class="admonition-title">{TITLE}',
        f'<details class="dropdown admonition" open><summary class="admonition-title">{TITLE}'),
], ids=["title-not-summary", "open-already"])
def test_dropdown_check_fails_on_a_page_broken_on_purpose(browser, corpus, tmp_path, edit):
    page = _open(browser, broken(corpus, "myst", tmp_path, edit), DROPDOWN)
    try:
        with pytest.raises(AssertionError):
            check_dropdown_opens_on_click(page)
    finally:
        page.context.close()

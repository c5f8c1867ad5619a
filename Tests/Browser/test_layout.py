"""Every page on a phone (390 px) and a desktop (1280 px): nothing widens the page, what is
wider than the column scrolls in its own box with a visible cue, chart text stays readable,
and the phone menu reaches every lesson. Each check has a twin on a page broken on purpose."""

import pathlib
import re

import pytest

from conftest import ROOT, replace_in
from layout import measure

# Text in a chart must render at 11 CSS px or more at either width.
SMALLEST_TEXT = 11
WIDTHS = [390, 1280]
PAGES = sorted(
    [p.stem + ".html" for p in (ROOT / "Lessons").glob("[0-9][0-9]-*.md")]
    + ["index.html", "directives.html", "gallery.html"])


def check_fits(page, width):
    """Asserts the page's layout at `width`; returns the numbers measured, for the report."""
    m = measure(page, width)
    assert m["scroll_width"] <= width, (
        f"the page is {m['scroll_width']} px wide on a {width} px screen")
    for block in m["overflowing"]:
        assert block["scrolls"], f"{block['what']} ({block['width']} px) is cut off in {block['room']} px"
        assert block["cue"], f"{block['what']} scrolls with no visible cue"
        assert block["box_fits"], f"the scroll box of {block['what']} is wider than the column"
    if m["smallest_text"]:
        small = m["smallest_text"]
        assert small["size"] >= SMALLEST_TEXT, (
            f"text “{small['text']}” in {small['what']} renders at {small['size']} px")
    return m


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_screen(open_page, name, width):
    page = open_page(name, width=width)
    m = check_fits(page, width)
    small = m["smallest_text"]
    print(f"{name} at {width}: scroll width {m['scroll_width']}, {m['figures']} charts, "
          f"{m['scroll_boxes']} scroll boxes, smallest chart text "
          f"{small['size'] if small else '–'} px")
    assert page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_two_wide_tables_keep_their_last_column_on_a_desktop(open_page, width):
    """RMSprop Table 1 and Adam Table 1 fit at 1280 px; on a phone they scroll."""
    for name, table in [("05-rmsprop.html", "#cold"), ("06-adam.html", "#bowl-table")]:
        page = open_page(name, width=width)
        box = page.locator(f"{table} .table-scroll")
        scroll, client = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
        if width >= 1280:
            assert scroll <= client, f"{name} {table}: {scroll} px of table in {client} px"
        else:
            assert scroll > client, f"{name} {table} is expected to scroll on a phone"


def test_fit_check_fails_when_inline_code_widens_the_page(open_page, broken_copy):
    def edit(d):
        replace_in(d / "style.css", "overflow-wrap: anywhere; white-space: break-spaces;", "")
        replace_in(d / "style.css", "article { overflow-wrap: break-word; }", "")

    broken = broken_copy(edit)
    page = open_page("05-rmsprop.html", folder=broken, width=390)
    with pytest.raises(AssertionError, match="px wide on a 390 px screen"):
        check_fits(page, 390)


def test_fit_check_fails_when_a_chart_is_cut_off(open_page, broken_copy):
    broken = broken_copy(lambda d: replace_in(
        d / "style.css", ".chart-box > svg { width: auto; max-width: none; }",
        ".chart-box { overflow: hidden !important; } .chart-box > svg { width: auto; max-width: none; }"))
    page = open_page("06-adam.html", folder=broken, width=390)
    with pytest.raises(AssertionError, match="is cut off"):
        check_fits(page, 390)


def test_fit_check_fails_when_a_scroll_box_has_no_cue(open_page, broken_copy):
    def edit(d):  # both edge shadows go
        replace_in(d / "style.css", "radial-gradient(farthest-side at 100% 50%", "linear-gradient(to right")
        replace_in(d / "style.css", "radial-gradient(farthest-side at 0 50%", "linear-gradient(to left")

    broken = broken_copy(edit)
    page = open_page("06-adam.html", folder=broken, width=390)
    with pytest.raises(AssertionError, match="no visible cue"):
        check_fits(page, 390)


def test_fit_check_fails_when_charts_shrink_to_the_column(open_page, broken_copy):
    # The old rule: scale every chart to the column (with a 30rem minimum).
    broken = broken_copy(lambda d: replace_in(
        d / "style.css", ".chart-box > svg { width: auto; max-width: none; }",
        ".chart-box > svg { width: 100%; min-width: 30rem; }"))
    page = open_page("06-adam.html", folder=broken, width=390)
    with pytest.raises(AssertionError, match=r"renders at [0-9.]+ px"):
        check_fits(page, 390)
    # …and a small-multiples chart scaled into the desktop column is as bad.
    page = open_page("06-adam.html", folder=broken, width=1280)
    with pytest.raises(AssertionError, match=r"#moons-regions renders at [0-9.]+ px"):
        check_fits(page, 1280)


# The phone menu


def lesson_pages():
    return [p.stem + ".html" for p in sorted((ROOT / "Lessons").glob("[0-9][0-9]-*.md"))]


def check_menu_reaches_every_lesson(page):
    """Opens the menu from the header; asserts it covers the screen from the top and that a
    link to every lesson is visible in it (scrolling the menu if needed). Returns the number
    of lessons reached."""
    button = page.locator(".menu-button")
    assert button.is_visible(), "no menu button at the top of the page"
    assert button.bounding_box()["y"] < 120, "the menu button is not at the top"
    button.click()
    page.wait_for_timeout(100)
    toc = page.locator("#toc")
    box = toc.bounding_box()
    assert box and box["y"] <= 1 and box["height"] >= 400, f"the menu did not open over the page: {box}"
    reached = 0
    for href in lesson_pages():
        link = toc.locator(f'a[href="{href}"]')
        assert link.count() == 1, f"the menu has no link to {href}"
        link.scroll_into_view_if_needed()
        b = link.bounding_box()
        assert b and 0 <= b["y"] < 844 and link.is_visible(), f"{href} is not reachable in the menu"
        reached += 1
    return reached


@pytest.mark.parametrize("javascript", [True, False])
def test_phone_menu_opens_and_reaches_every_lesson(open_page, javascript):
    page = open_page("06-adam.html", width=390, javascript=javascript)
    assert check_menu_reaches_every_lesson(page) == len(lesson_pages())
    # Following a link from the menu opens that lesson.
    page.locator('#toc a[href="13-frameworks.html"]').click()
    page.wait_for_load_state("load")
    assert page.url.endswith("13-frameworks.html")
    if javascript:
        # …and with JavaScript the menu is a button that closes again (Escape, or Close).
        page.locator(".menu-button").click()
        assert page.locator(".menu-button").get_attribute("aria-expanded") == "true"
        page.keyboard.press("Escape")
        assert page.locator(".menu-button").get_attribute("aria-expanded") == "false"
        assert page.locator("#toc").bounding_box()["y"] > 844
    assert page.console_errors == []


def test_menu_is_hidden_on_a_desktop(open_page):
    page = open_page("06-adam.html", width=1280)
    assert not page.locator(".menu-button").is_visible()
    assert not page.locator("#toc .menu-close").is_visible()
    assert page.locator('#toc a[href="01-mini-batch-gradient-descent.html"]').is_visible()


def test_menu_check_fails_when_the_menu_does_not_open(open_page, broken_copy):
    broken = broken_copy(lambda d: replace_in(
        d / "style.css", ".toc:target, .toc.open {", ".toc.never-open {"))
    page = open_page("06-adam.html", folder=broken, width=390)
    with pytest.raises(AssertionError, match="did not open"):
        check_menu_reaches_every_lesson(page)


def test_menu_check_fails_when_a_lesson_is_missing(open_page, broken_copy):
    def edit(d: pathlib.Path):
        page = d / "06-adam.html"
        text = page.read_text()
        text, count = re.subn(r'<li><a href="09-hyperparameter-tuning.html">.*?</a></li>', "", text, count=1)
        assert count == 1
        page.write_text(text)

    page = open_page("06-adam.html", folder=broken_copy(edit), width=390)
    with pytest.raises(AssertionError, match="no link to 09-hyperparameter-tuning.html"):
        check_menu_reaches_every_lesson(page)


# One id per element: a duplicate sends links (“Figure 1”) to the wrong place.

DUPLICATES = "() => { const seen = {}; for (const e of document.querySelectorAll('[id]')) seen[e.id] = (seen[e.id] || 0) + 1;" \
    " return Object.keys(seen).filter(k => seen[k] > 1); }"


@pytest.mark.parametrize("name", PAGES)
def test_every_id_is_unique(open_page, name):
    page = open_page(name)
    assert page.evaluate(DUPLICATES) == []


def test_unique_id_check_fails_on_a_figure_named_like_the_search_box(open_page, broken_copy):
    broken = broken_copy(lambda d: replace_in(
        d / "09-hyperparameter-tuning.html", '<figure id="grid-random"', '<figure id="lessons-search"'))
    page = open_page("09-hyperparameter-tuning.html", folder=broken)
    assert page.evaluate(DUPLICATES) == ["lessons-search"]

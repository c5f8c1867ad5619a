"""Explorable figures, as a reader uses them: move a slider by keyboard, and the figure, its
table and the values in the text follow; without JavaScript the radio buttons do the same;
printed, the first frame shows. Each check also runs on a page broken on purpose."""

import re

import pytest

from conftest import replace_in

EWA = "02-exponentially-weighted-averages.html"
MOMENTUM = "04-momentum.html"


def visible_frames(page, name):
    """The data-f of every frame group of `name`'s figure that the reader can see."""
    return page.eval_on_selector_all(
        f'#{name}-explore svg [data-f]',
        """els => els.filter(e => {
             for (let n = e; n && n.tagName !== 'svg'; n = n.parentElement)
               if (getComputedStyle(n).display === 'none') return false;
             return true;
           }).map(e => e.getAttribute('data-f'))""")


def visible_text(page, selector):
    """The text of the elements matching `selector` that are visible."""
    return page.eval_on_selector_all(
        selector,
        "els => els.filter(e => e.checkVisibility()).map(e => e.innerText.trim())")


def prose_value(page, name, nth=0):
    """The nth value of `name` in the text, as the reader sees it."""
    spans = page.locator(f'p span.value[data-x="{name}"]')
    return spans.nth(nth).inner_text().strip()


def table_first_cells(page, name):
    return visible_text(page, f"#{name}-explore #{name}-table tbody tr td:first-child")


def check_frame(page, name, frame, beta_text, window_text):
    frames = visible_frames(page, name)
    assert frames, "no frame of the figure is visible"
    assert all(str(frame) in f.split() for f in frames), f"frames shown: {frames}, want {frame}"
    assert table_first_cells(page, name) == [beta_text]
    assert prose_value(page, name, 0) == window_text


def check_ewa_slider(page):
    """β from 0.5 to 0.995 (13 frames, β = 0.9 shown first); window = 1/(1 − β)."""
    slider = page.locator("#slider-explore .explore-slider")
    assert slider.count() == 1, "the radio buttons did not become a slider"
    assert slider.get_attribute("aria-valuetext") == "β = 0.9"
    check_frame(page, "slider", 4, "0.9", "10")
    slider.focus()
    page.keyboard.press("End")
    assert slider.get_attribute("aria-valuetext") == "β = 0.995"
    check_frame(page, "slider", 12, "0.995", "200")  # 1/(1 − 0.995)
    page.keyboard.press("Home")
    check_frame(page, "slider", 0, "0.5", "2")  # 1/(1 − 0.5)
    page.keyboard.press("ArrowRight")
    check_frame(page, "slider", 1, "0.67", "3")  # 1/(1 − 0.67) = 3.03
    live = page.locator("#slider-explore [aria-live]")
    assert "β = 0.67" in live.inner_text()


def test_ewa_slider_moves_figure_table_and_text(open_page):
    page = open_page(EWA)
    check_ewa_slider(page)
    assert page.console_errors == []


def test_ewa_slider_check_fails_without_the_pages_frame_style(open_page, broken_copy):
    def drop_style(folder):
        page = folder / EWA
        text = page.read_text()
        assert "<style>" in text
        page.write_text(re.sub(r"<style>.*?</style>", "", text, flags=re.S))
    page = open_page(EWA, folder=broken_copy(drop_style))
    with pytest.raises(AssertionError):
        check_ewa_slider(page)


def test_ewa_slider_check_fails_when_the_slider_script_is_gone(open_page, broken_copy):
    broken = broken_copy(
        lambda d: replace_in(d / "lessons.js", 'querySelectorAll(".explore")', 'querySelectorAll(".nothing")'))
    page = open_page(EWA, folder=broken)
    with pytest.raises(AssertionError):
        check_ewa_slider(page)


def test_two_sliders_select_one_frame_of_the_grid(open_page):
    """Momentum's α × β grid: 8 rates × 3 βs; the limit (2 + 2β)/(λ(1 − β)) with λ = 4."""
    page = open_page(MOMENTUM)
    sliders = page.locator("#stability-explore .explore-slider")
    assert sliders.count() == 2
    assert prose_value(page, "stability") == "1.5"  # β = 0.5: 3/(4 · 0.5)
    sliders.nth(1).focus()  # β: 0.3, 0.5, 0.7
    page.keyboard.press("End")
    assert prose_value(page, "stability") == "2.83"  # β = 0.7: 3.4/(4 · 0.3)
    sliders.nth(0).focus()  # α: 0.6 … 3
    page.keyboard.press("End")
    frames = visible_frames(page, "stability")
    assert frames and all("23" in f.split() for f in frames), frames  # α index 7, β index 2
    assert "α = 3" in page.locator("#stability-explore [aria-live]").inner_text()
    assert page.console_errors == []


def check_radio_fallback(page):
    """Without JavaScript: radio buttons choose the frame of the figure and its table; the
    values in the text keep the frame shown first."""
    assert page.locator("#slider-explore .explore-slider").count() == 0
    radios = page.locator('#slider-explore input[type="radio"]')
    assert radios.count() == 13
    check_frame(page, "slider", 4, "0.9", "10")
    page.locator('#slider-explore label[data-label="β = 0.995"]').click()
    assert page.locator("#slider-a0-12").is_checked()
    frames = visible_frames(page, "slider")
    assert frames and all("12" in f.split() for f in frames), frames
    assert table_first_cells(page, "slider") == ["0.995"]
    assert prose_value(page, "slider") == "10"
    # The keyboard works too: the radio group takes arrow keys.
    page.locator("#slider-a0-12").focus()
    page.keyboard.press("ArrowLeft")
    assert table_first_cells(page, "slider") == ["0.9924"]


def test_without_javascript_radio_buttons_choose_the_frame(open_page):
    check_radio_fallback(open_page(EWA, javascript=False))


def test_radio_fallback_check_fails_without_the_pages_frame_style(open_page, broken_copy):
    def drop_style(folder):
        page = folder / EWA
        page.write_text(re.sub(r"<style>.*?</style>", "", page.read_text(), flags=re.S))
    with pytest.raises(AssertionError):
        check_radio_fallback(open_page(EWA, folder=broken_copy(drop_style), javascript=False))


def test_print_shows_the_first_frame_and_no_controls(open_page):
    page = open_page(EWA)
    page.locator("#slider-explore .explore-slider").focus()
    page.keyboard.press("End")
    page.emulate_media(media="print")
    frames = visible_frames(page, "slider")
    assert frames and all("4" in f.split() for f in frames), frames
    assert not page.locator("#slider-explore .explore-controls").is_visible()
    assert table_first_cells(page, "slider") == ["0.9"]
    assert prose_value(page, "slider") == "10"

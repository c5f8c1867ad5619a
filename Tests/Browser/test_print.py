"""The printed page: no claims, links with their targets, every chart and table whole."""

import pytest

from conftest import replace_in

PRINT_CHECK = r"""() => {
  const article = document.querySelector("article");
  const width = article.getBoundingClientRect().width;
  const claims = [...document.querySelectorAll(".claims")].filter(c => getComputedStyle(c).display !== "none").length;
  const links = [...article.querySelectorAll('a[href$=".html"]:not(.ref)')];
  const targets = links.filter(a => getComputedStyle(a, "::after").content.includes(a.getAttribute("href"))).length;
  const cut = [...article.querySelectorAll("svg.lp-chart, table")]
    .filter(e => e.getBoundingClientRect().width > width + 1).map(e => e.id || e.closest("figure")?.id);
  return { claims, links: links.length, targets, cut };
}"""


# An A4 page with 1.5 cm margins is about 680 CSS px wide.
PAPER = 680


def check_print(page):
    page.emulate_media(media="print")
    m = page.evaluate(PRINT_CHECK)
    assert m["claims"] == 0, f"{m['claims']} claims blocks are printed"
    assert m["links"] > 0 and m["targets"] == m["links"], f"{m['targets']} of {m['links']} links print their target"
    assert m["cut"] == [], f"cut off on paper: {m['cut']}"
    return m


@pytest.mark.parametrize("name", ["06-adam.html", "05-rmsprop.html", "12-softmax-regression.html"])
def test_printed_page_drops_claims_and_shows_link_targets(open_page, name):
    print(name, check_print(open_page(name, width=PAPER)))


def test_print_check_fails_when_claims_are_printed(open_page, broken_copy):
    broken = broken_copy(lambda d: replace_in(d / "style.css", ".claims { display: none !important; }", ""))
    with pytest.raises(AssertionError, match="claims blocks are printed"):
        check_print(open_page("06-adam.html", folder=broken, width=PAPER))


def test_print_check_fails_when_a_wide_chart_keeps_its_size(open_page, broken_copy):
    broken = broken_copy(lambda d: replace_in(
        d / "style.css", ".chart-box > svg { width: auto; max-width: 100%; max-height: 9cm; }", ""))
    with pytest.raises(AssertionError, match="cut off on paper"):
        check_print(open_page("06-adam.html", folder=broken, width=PAPER))

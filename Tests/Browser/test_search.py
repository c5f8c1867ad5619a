"""Search, as a reader uses it: type in the box, see snippets, follow a result."""

import re

import pytest

from conftest import replace_in


def search_results(page, query):
    page.fill("#lessons-search", query)
    page.wait_for_selector("#lessons-search-results li")
    return page.locator("#lessons-search-results li").all_inner_texts()


def check_search_finds_adam(page):
    results = search_results(page, "adam")
    assert results, "no result for 'adam'"
    assert any("Adam" in r for r in results), results
    page.locator("#lessons-search-results a").first.click()
    page.wait_for_load_state("load")
    assert "adam" in page.url.lower() or "Adam" in page.content()


def test_search_finds_adam_and_opens_the_lesson(open_page):
    page = open_page("index.html")
    check_search_finds_adam(page)
    assert page.console_errors == []


def test_search_check_fails_when_the_index_is_missing(open_page, broken_copy):
    broken = broken_copy(lambda d: (d / "search-index.js").write_text("window.LESSONS_SEARCH = [];"))
    page = open_page("index.html", folder=broken)
    page.fill("#lessons-search", "adam")
    page.wait_for_timeout(300)
    texts = page.locator("#lessons-search-results li").all_inner_texts()
    assert not any("Adam" in t for t in texts)


def test_search_box_hidden_without_javascript(open_page):
    page = open_page("index.html", javascript=False)
    assert not page.locator("#lessons-search").is_visible()


# What the snippets show must be what the pages show: no directive syntax, no format specs,
# no TeX, and formulas with their fractions.
PLACEHOLDERS = [
    (re.compile(r"\{(value|numref)\}"), "a role"),
    (re.compile(r"`"), "a backtick"),
    (re.compile(r"\b[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\["), "a value's name (name.key[…])"),
    (re.compile(r":\.[0-9]*[a-z%]"), "a number format (:.3f)"),
    (re.compile(r"\\[a-zA-Z]+"), "a TeX command"),
    # Brackets are only the course's notation: W^[l], X^{t}.
    (re.compile(r"(?<![\^_])[\[{]"), "a bracket that is not notation"),
]


def check_snippets_read_right(page):
    """Searches as a reader would; asserts every snippet is free of placeholders and that
    fractions and computed values are there. Returns {query: number of results}."""
    counts = {}
    # A number the page computed: Adam's first step, as the lesson shows it.
    adam = page.context.new_page()
    adam.goto(page.url.replace("index.html", "06-adam.html"))
    number = adam.locator("p:has-text('first step in') .value").first.inner_text()
    adam.close()
    assert re.fullmatch(r"[0-9.]+", number), number
    for query in ["adam", "bias correction", number]:
        results = search_results(page, query)
        counts[query] = len(results)
        assert results, f"no result for {query!r}"
        for snippet in results:
            for pattern, what in PLACEHOLDERS:
                assert not pattern.search(snippet), f"{what} in the snippet for {query!r}: {snippet!r}"
        if query == "bias correction":
            assert any("v̂_t = v_t/(1 − β^t)" in r for r in results), (
                f"no snippet shows the fraction v̂_t = v_t/(1 − β^t): {results}")
        if query == number:
            assert any(number in r and "Adam" in r for r in results), (
                f"no snippet shows Adam's computed first step {number}: {results}")
    return counts


def test_search_snippets_show_what_the_pages_show(open_page):
    page = open_page("index.html")
    counts = check_snippets_read_right(page)
    print("results:", counts)
    assert page.console_errors == []


@pytest.mark.parametrize("old, new, message", [
    # The index as it was: a role's source, a fraction flattened, a value's name.
    ("Adam — adaptive moment estimation", "Adam — {numref}`bowl` adaptive moment estimation",
     "a role in the snippet for 'adam'"),
    ("v̂_t = v_t/(1 − β^t)", "v_t = v_t 1 - β^t", "no snippet shows the fraction"),
    # Every place the index shows Adam's computed first step (two sections quote it).
    ("0.300", "0.3??", "no snippet shows Adam's computed first step"),
])
def test_snippet_check_fails_on_an_index_of_the_lesson_source(open_page, broken_copy, old, new, message):
    page = open_page("index.html", folder=broken_copy(lambda d: replace_in(d / "search-index.js", old, new)))
    with pytest.raises(AssertionError, match=re.escape(message)):
        check_snippets_read_right(page)

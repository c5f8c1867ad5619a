"""Search, as a reader uses it: type in the box, see snippets, follow a result."""

from conftest import replace_in


def search_results(page, query):
    page.fill("#search", query)
    page.wait_for_selector("#search-results li")
    return page.locator("#search-results li").all_inner_texts()


def check_search_finds_adam(page):
    results = search_results(page, "adam")
    assert results, "no result for 'adam'"
    assert any("Adam" in r for r in results), results
    page.locator("#search-results a").first.click()
    page.wait_for_load_state("load")
    assert "adam" in page.url.lower() or "Adam" in page.content()


def test_search_finds_adam_and_opens_the_lesson(open_page):
    page = open_page("index.html")
    check_search_finds_adam(page)
    assert page.console_errors == []


def test_search_check_fails_when_the_index_is_missing(open_page, broken_copy):
    broken = broken_copy(lambda d: (d / "search-index.js").write_text("window.LESSONS_SEARCH = [];"))
    page = open_page("index.html", folder=broken)
    page.fill("#search", "adam")
    page.wait_for_timeout(300)
    texts = page.locator("#search-results li").all_inner_texts()
    assert not any("Adam" in t for t in texts)


def test_search_box_hidden_without_javascript(open_page):
    page = open_page("index.html", javascript=False)
    assert not page.locator("#search").is_visible()

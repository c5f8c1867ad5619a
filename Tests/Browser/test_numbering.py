"""One numbering everywhere in the real book: the index, the menu, the line under each title
and previous/next agree, and each lesson shows the course's section numbers (2.1–3.11)."""

import re

from conftest import ROOT, replace_in


def numbers_seen(open_page, folder=None):
    """{page: (index number, menu number, number under the title, course sections)}."""
    index = open_page("index.html", folder=folder)
    listed = index.evaluate("""() => {
      const out = {};
      for (const li of document.querySelectorAll("ol.lesson-list > li[value]")) {
        const a = li.querySelector(":scope > a");
        if (a) out[a.getAttribute("href")] = parseInt(li.getAttribute("value"));
      }
      return out; }""")
    seen = {}
    for md in sorted((ROOT / "Lessons").glob("[0-9][0-9]-*.md")):
        name = md.stem + ".html"
        page = open_page(name, folder=folder)
        menu = page.locator('#toc a[aria-current="page"] .number')
        line = page.locator("h1 + p.lesson-number")
        text = line.inner_text() if line.count() else ""
        m = re.fullmatch(r"Lesson (\d+)(?: · course sections? ([23]\.\d+(?:–[23]\.\d+)?))?", text)
        seen[name] = (listed.get(name), int(menu.inner_text()) if menu.count() else None,
                      int(m.group(1)) if m else None, m.group(2) if m else None)
        page.context.close()
    return seen


def check_one_numbering(seen):
    for name, (index, menu, title, course) in seen.items():
        if name.startswith("00-"):
            assert index is None and menu is None and title is None, (name, seen[name])
            continue
        assert index is not None and index == menu == title, f"{name}: index {index}, menu {menu}, page {title}"
        assert course, f"{name} shows no course section numbers"


def test_one_numbering_everywhere(open_page):
    seen = numbers_seen(open_page)
    check_one_numbering(seen)
    print({k: v[2:] for k, v in seen.items()})
    # In reading order, 1, 2, 3, …
    numbers = [v[0] for k, v in sorted(seen.items()) if v[0] is not None]
    assert numbers == list(range(1, len(numbers) + 1))


def test_numbering_check_fails_when_a_page_disagrees(open_page, broken_copy):
    broken = broken_copy(lambda d: replace_in(
        d / "06-adam.html", '<p class="lesson-number">Lesson 6', '<p class="lesson-number">Lesson 7'))
    seen = numbers_seen(open_page, folder=broken)
    try:
        check_one_numbering(seen)
    except AssertionError as error:
        assert "06-adam.html: index 6, menu 6, page 7" in str(error)
    else:
        raise AssertionError("the numbering check passed on a page numbered wrong")

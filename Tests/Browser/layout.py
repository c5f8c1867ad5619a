"""Measuring a page's layout in the browser: what a reader at that width actually gets.

`measure(page)` returns plain numbers (CSS px) so a test can assert on them and a report can
print them:

- `scroll_width`, `viewport`: the document's scroll width against the device width (390 on a
  phone: with `is_mobile`, Chromium would zoom out to show an overflowing page, so the
  device width, not `innerWidth`, is the yardstick).
- `overflowing`: every block inside the article wider than the room it has, and whether it
  sits in a box that scrolls with a visible cue (`scroll-box` with its edge shadows).
- `smallest_text`: the smallest rendered size of any text in a figure's SVG, computed from
  the text's font size and the SVG's screen transform (so a chart scaled down to fit a
  column counts as small as it looks), with the figure it is in.
"""

MEASURE = r"""
(device) => {
  const result = { scroll_width: document.documentElement.scrollWidth, viewport: device,
                   overflowing: [], smallest_text: null, figures: 0, scroll_boxes: 0 };
  const article = document.querySelector("article");
  if (!article) return result;
  const column = article.getBoundingClientRect();

  function scrolls(el) {
    const style = getComputedStyle(el);
    return (style.overflowX === "auto" || style.overflowX === "scroll");
  }
  function hasCue(el) {
    // The cue is the pair of edge shadows a scroll box paints (background-attachment: scroll
    // radial gradients), visible whenever there is more to see on that side.
    const style = getComputedStyle(el);
    return /radial-gradient/.test(style.backgroundImage) && /scroll/.test(style.backgroundAttachment);
  }
  function where(el) {
    const figure = el.closest("figure[id]");
    if (figure) return "#" + figure.id;
    const heading = [...article.querySelectorAll("h2, h3")].filter(
      (h) => h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
    return el.tagName.toLowerCase() + (heading ? " after “" + heading.textContent.replace("#", "").trim() + "”" : "");
  }

  // Anything in the article wider than the column: it must be inside a scroll box.
  const seen = new Set();
  for (const el of article.querySelectorAll("svg.lp-chart, table, pre, .display-math, math[display=block], code, img")) {
    const rect = el.getBoundingClientRect();
    if (rect.width === 0) continue;
    const tooWide = rect.right > column.right + 1 || rect.left < column.left - 1;
    let box = el.parentElement, boxed = null;
    while (box && box !== article) {
      if (scrolls(box) && box.scrollWidth > box.clientWidth + 1) { boxed = box; break; }
      box = box.parentElement;
    }
    if (!tooWide && !boxed) continue;
    const key = boxed || el;
    if (seen.has(key)) continue;
    seen.add(key);
    const boxRect = boxed ? boxed.getBoundingClientRect() : rect;
    result.overflowing.push({
      what: where(el), tag: el.tagName.toLowerCase(), width: Math.round(rect.width),
      room: Math.round(boxed ? boxed.clientWidth : column.width),
      scrolls: !!boxed, cue: !!boxed && hasCue(boxed),
      box_fits: boxRect.right <= column.right + 1 && boxRect.left >= column.left - 1,
    });
  }
  result.scroll_boxes = result.overflowing.filter((o) => o.scrolls).length;

  // The smallest text in any chart, as rendered.
  const charts = article.querySelectorAll("figure svg");
  result.figures = charts.length;
  for (const text of article.querySelectorAll("figure svg text")) {
    if (!text.textContent.trim()) continue;
    const ctm = text.getScreenCTM();
    if (!ctm) continue;
    const size = parseFloat(getComputedStyle(text).fontSize) * Math.sqrt(Math.abs(ctm.a * ctm.d - ctm.b * ctm.c));
    if (result.smallest_text === null || size < result.smallest_text.size) {
      result.smallest_text = { size: Math.round(size * 100) / 100, what: where(text), text: text.textContent.slice(0, 30) };
    }
  }
  return result;
}
"""


def measure(page, device_width):
    return page.evaluate(MEASURE, device_width)

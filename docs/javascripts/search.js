/*
 * The search box's papers. The reader's queries go from here to the search worker
 * (overrides/assets/javascripts/workers/fold.js), and the papers that answer them come back as the HTML of
 * Material's results, drawn into a list of their own above Material's, which keeps the pages' results (lunr's).
 * Material's own drawing of a result (an element at a time, its text added by `innerHTML +=`, each through its
 * observables) cost 40-90 ms of the page's main thread at 4x for the first ten, the longest step between a reader's
 * first keystroke and the results; and its query waited for its worker's READY, which now comes once lunr has
 * indexed the pages, after the first answer.
 * The search index's download waits for the reader to go for the box: overrides/main.html holds Material's request
 * and keeps the worker for this script, which tells it when.
 * Loaded on every page by overrides/main.html, after Material's script.
 */
(function () {
  "use strict";
  var search = window.readingListSearch, worker = search && search.worker;
  var input = document.querySelector(".md-search__input"), result = document.querySelector(".md-search-result");
  var pages = result && result.querySelector(".md-search-result__list");
  // A dialog without a name is announced as just "dialog" by screen readers (axe: aria-dialog-name).
  document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach(function (dialog) {
    dialog.setAttribute("aria-label", "Search");
  });
  if (!search || !input || !pages) {
    return;
  }
  if (!worker) {
    // Not the worker main.html looks for: Material's own search, unheld.
    search.wanted = true;
    return void search.release();
  }
  var config = JSON.parse(document.getElementById("__config").textContent), words = config.translations;
  var toggle = document.getElementById("__search"), meta = result.querySelector(".md-search-result__meta");
  // Material's message type of a result (integrations/search/worker/message).
  var RESULT = 3;
  // Results drawn at once, then as many more each time the list's end comes into view, as Material draws its own.
  var BATCH = 10;

  var list = document.createElement("ol");
  list.className = "md-search-result__list";
  list.hidden = !toggle.checked;
  pages.before(list);
  toggle.addEventListener("change", function () { list.hidden = !toggle.checked; });
  // The end of every result, papers and pages: scrolled to, it brings more papers too.
  var end = document.createElement("div");
  result.append(end);

  function has(feature) {
    return config.features.indexOf(feature) >= 0;
  }

  var wanted = false;
  function want() {
    if (wanted) {
      return;
    }
    wanted = search.wanted = true;
    result.setAttribute("aria-busy", "true");
    worker.postMessage({ fold: "load", suggest: has("search.suggest"), highlight: has("search.highlight"),
                         missing: words["search.result.term.missing"] });
    // Told, the worker fetches the pages' index itself: the page's own request would fetch it a second time, which
    // only Material's highlighting of a result's words (an address with ?h=) still needs.
    if (new URLSearchParams(location.search).has("h")) {
      search.release();
    }
    ask();
  }

  var asked = null;
  function ask() {
    if (input.value !== asked) {
      asked = input.value;
      want();
      worker.postMessage({ fold: "query", query: asked });
    }
  }

  // What the meta line counts: the papers drawn for a query, and Material's pages for the same query.
  var drawn = { query: "", count: 0 }, found = { query: null, count: 0 }, rest = [];
  function count() {
    var n = drawn.count + (found.query === drawn.query ? found.count : 0);
    meta.textContent = !drawn.query.length ? words["search.result.placeholder"] : n === 0 ? words["search.result.none"]
      : n === 1 ? words["search.result.one"] : words["search.result.other"].replace("#", n);
  }

  var observer = new IntersectionObserver(function (entries) {
    if (entries.some(function (entry) { return entry.isIntersecting; })) {
      more();
    }
  }, { root: result.closest(".md-search__scrollwrap") });

  function watch() {
    observer.disconnect();
    if (rest.length && list.lastElementChild) {
      observer.observe(list.lastElementChild);
      observer.observe(end);
    }
  }

  function more() {
    list.insertAdjacentHTML("beforeend", rest.splice(0, BATCH).join(""));
    watch();
  }

  function draw(data) {
    drawn = { query: String(data.query), count: data.items.length };
    rest = data.items.slice(BATCH);
    list.innerHTML = data.items.slice(0, BATCH).join("");
    count();
    watch();
  }

  // Added after Material's own listener: its meta line, counting its pages alone, is then written again here.
  worker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.fold === "results") {
      draw(data);
    } else if (data.fold === "complete") {
      result.removeAttribute("aria-busy");
    } else if (data.type === RESULT && data.data) {
      found = { query: data.data.query, count: (data.data.items || []).length };
      count();
    }
  });

  ["pointerover", "pointerdown", "focusin", "change"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.target instanceof Element && event.target.closest(".md-search, [for=__search], #__search")) {
        want();
      }
    }, true);
  });
  input.addEventListener("input", ask);
  input.addEventListener("keyup", ask);
  if (search.wanted) {
    want();
  }
})();

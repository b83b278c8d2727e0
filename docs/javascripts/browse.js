/*
 * Browse page: filter and sort the list of every paper with the facts in the index beside the page.
 *
 * The page is rendered by the generator and works without this script: it lists the newest papers and
 * keeps the filter form hidden. Here the papers the page leaves out are listed from the index (as text),
 * the form is shown, each item is matched to its record by the paper id in its data-paper attribute, and
 * items are hidden or reordered; no HTML is built from data. The filters live in the query string, so a filtered view can be bookmarked or linked to (?topic=serving&code=1).
 * Loaded on every page by mkdocs.yml; it does nothing where there is no browse form.
 */
(function () {
  "use strict";

  function setUp() {
    var form = document.querySelector("form.browse-filters");
    var list = document.querySelector(".browse-list ul");
    var status = document.querySelector(".browse-count");
    // Material's instant navigation would call this again for the same page: set up once per page.
    if (!form || !list || !status || form.dataset.ready) return;
    form.dataset.ready = "true";
    fetch(new URL(form.dataset.index, document.baseURI))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      })
      .then(function (index) { start(form, list, status, index); })
      .catch(function () {
        status.textContent = "The filters could not be loaded; the list shows every paper.";
      });
  }

  function start(form, list, status, index) {
    var column = {};
    index.fields.forEach(function (name, i) { column[name] = i; });
    var listed = new Map(Array.from(list.children).map(function (item) { return [item.dataset.paper, item]; }));
    // The page lists the newest papers; the others are made here from the index, in the same order.
    var rows = index.papers.map(function (paper, position) {
      var item = listed.get(paper[column.id]) || makeItem(paper, column);
      if (!item.parentNode) list.appendChild(item);
      return { item: item, position: position, paper: paper };
    });
    var total = rows.length;
    var orders = {
      date: function (a, b) { return a.position - b.position; },
      // Undated papers end the newest-first list; they stay at the end when it is reversed.
      oldest: function (a, b) {
        return undated(a) - undated(b) || b.position - a.position;
      },
      upvotes: function (a, b) { return upvotes(b) - upvotes(a) || a.position - b.position; },
    };

    function value(row, name) { return row.paper ? row.paper[column[name]] : null; }
    function undated(row) { return value(row, "year") === null ? 1 : 0; }
    function upvotes(row) { var n = value(row, "upvotes"); return n === null ? -1 : n; }

    function matches(row, filters) {
      return (!filters.topic || (value(row, "topics") || []).indexOf(filters.topic) >= 0)
        && (!filters.tag || (value(row, "tags") || []).indexOf(filters.tag) >= 0)
        && (!filters.year || String(value(row, "year")) === filters.year)
        && (!filters.venue || value(row, "venue") === filters.venue)
        && (!filters.code || value(row, "code") === true);
    }

    function apply() {
      var filters = {};
      new FormData(form).forEach(function (v, name) { filters[name] = v; });
      var shown = 0;
      rows.forEach(function (row) {
        row.item.hidden = !matches(row, filters);
        if (!row.item.hidden) shown += 1;
      });
      rows.slice().sort(orders[filters.sort] || orders.date).forEach(function (row) {
        list.appendChild(row.item);
      });
      status.textContent = shown === total
        ? total + " papers."
        : shown === 0 ? "No paper matches these filters." : shown + " of " + total + " papers.";
      keepInUrl(filters);
    }

    readUrl(form);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    // The reset event fires before the fields are cleared, so apply once they are.
    form.addEventListener("reset", function () { setTimeout(apply); });
    form.hidden = false;
    apply();
  }

  // Text only, through textContent: nothing from the index is ever parsed as HTML.
  function makeItem(paper, column) {
    var item = document.createElement("li");
    item.className = "paper-entry";
    item.dataset.paper = paper[column.id];
    var link = document.createElement("a");
    link.className = "paper-title";
    link.href = "../papers/" + encodeURIComponent(paper[column.id]) + "/";
    link.textContent = paper[column.title];
    item.appendChild(link);
    var authors = paper[column.authors] || [];
    var facts = [authors.slice(0, 3).join(", ") + (authors.length > 3 ? " et al." : ""), paper[column.date], paper[column.venue]];
    facts = facts.filter(function (fact) { return fact; });
    if (facts.length) {
      var meta = document.createElement("span");
      meta.className = "paper-meta";
      meta.textContent = facts.join(" · ");
      item.appendChild(document.createTextNode(" "));
      item.appendChild(meta);
    }
    return item;
  }

  function readUrl(form) {
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || !params.has(field.name)) return;
      var wanted = params.get(field.name);
      if (field.type === "checkbox") {
        field.checked = wanted === field.value;
      } else if (field.options && Array.prototype.some.call(field.options, function (o) { return o.value === wanted; })) {
        field.value = wanted;
      }
    });
  }

  function keepInUrl(filters) {
    var params = new URLSearchParams();
    Object.keys(filters).forEach(function (name) {
      if (filters[name] && !(name === "sort" && filters[name] === "date")) params.set(name, filters[name]);
    });
    var query = params.toString();
    history.replaceState(history.state, "", query ? "?" + query : location.pathname);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

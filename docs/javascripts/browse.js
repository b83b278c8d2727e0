/*
 * Browse page: filter, sort and export every paper live, from the index beside the page (generator/site/browse.py).
 *
 * The page works without this script: it lists the newest papers statically and keeps the form hidden. Here the
 * index is loaded, the form shown, and the matching papers rendered as cards with createElement and textContent
 * only: nothing from the data is ever parsed as HTML. The list holds only the cards a reader has come near: BATCH
 * at first, BATCH more each time its end comes within a screen of the view (or "Show more" is pressed), while the
 * count and the downloads cover every match; the static list, which only a page without the script shows, leaves
 * the page, so that each keystroke or press lays out, paints and hit-tests about 1,500 elements, not 7,000. The
 * whole state (query, chips, code, my list, sort) lives in the query string, so a view can be shared, and back and
 * forward restore it. A query searches the index's titles, ids and first authors, and the words of every paper's
 * authors and abstract once this same file, run as a worker, has loaded and read the word index
 * (browse/words.json, fetched as the text box first takes the focus); an abstract is fetched with its chunk when a card's toggle
 * opens it, and the addresses of a card's code, project and other links with their chunk when the card is made.
 * The reader's own list ("my list") is kept in localStorage.
 */
(function () {
  "use strict";

  // Cards the list starts with, and adds as its end nears the view: a phone's two screens.
  var BATCH = 20;
  // Cards placed before the next frame while the list's top is in view (a wide screen's worth), then the others
  // in tasks of at most SLICE ms, each ended early by waiting input, so that a keystroke or a chip press never
  // waits long behind the placing of many (a fixed batch of 21 cards took 40 ms at 4x, which a press queued behind).
  var FIRST = 8;
  var SLICE = 5;
  // Requests for a link chunk before a card says its links could not be loaded.
  var LINK_TRIES = 3;
  // Milliseconds without a change before the address is written.
  var ADDRESS_PAUSE = 300;
  var STORE = "llm-reading-list:my-list";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var SORTS = ["date", "oldest", "upvotes", "title"];
  // Facet groups as bits: a paper counts towards a group's chips when every other group lets it through.
  var TEXT = 1, TOPIC = 2, YEAR = 4, VENUE = 8, CODE = 16, MINE = 32;

  // 'H₂O' as 'h2o', 'Lévy' as 'levy'; plain ASCII, most of the text, skips the costly normalisation.
  function fold(text) {
    if (!/[^\x00-\x7f]/.test(text)) return text.toLowerCase();
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function queryWords(query) {
    return fold(query).split(/\s+/).filter(Boolean).map(function (word) { return word.replace(/^arxiv:/, ""); })
      .filter(Boolean);
  }

  // Run as the page's worker (see startWorker), this file fetches and parses the word index and hands it over as
  // typed arrays, which move to the page without a copy: the page then searches it between two frames, and never
  // parses it, which at 10,000 papers would hold up the keystrokes typed meanwhile.
  if (typeof document === "undefined") {
    self.onmessage = function (event) {
      fetch(event.data.load).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.statusText);
        return response.json();
      }).then(function (data) {
        var words = readWords(data);
        self.postMessage({ words: words }, [words.starts.buffer, words.from.buffer, words.papers.buffer]);
      }).catch(function (error) {
        self.postMessage({ failed: String(error) });
      });
    };
    return;
  }

  // The word index (browse_words.py) as typed arrays: where each word starts in the text, and its papers, those of
  // word w being papers[from[w]] to papers[from[w + 1] - 1], turned round from each paper's list of words.
  function readWords(data) {
    var text = data.words, lists = data.papers, total = text ? 1 : 0, k;
    for (k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) total++;
    var starts = new Int32Array(total + 1), w = 0;
    for (k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) starts[++w] = k + 1;
    starts[total] = text.length + 1;
    var from = new Int32Array(total + 1);
    // Twice through the lists: to count each word's papers, then to place them.
    eachWord(lists, function (word) { from[word + 1]++; });
    for (w = 0; w < total; w++) from[w + 1] += from[w];
    var papers = new Int32Array(from[total]), next = from.slice(0, total);
    eachWord(lists, function (word, paper) { papers[next[word]++] = paper; });
    return { text: text, starts: starts, from: from, papers: papers, count: data.count };
  }

  // Calls found(word, paper) for each word number in the papers' lists: ';' ends a paper's, ',' a number, which
  // after the first is the difference from the one before.
  function eachWord(lists, found) {
    var paper = 0, word = 0, value = 0, digits = false;
    for (var k = 0; k <= lists.length; k++) {
      var code = k < lists.length ? lists.charCodeAt(k) : 59;
      if (code >= 48 && code <= 57) { value = value * 10 + code - 48; digits = true; continue; }
      if (digits) found(word += value, paper);
      value = 0;
      digits = false;
      if (code === 59) { paper++; word = 0; }
    }
  }

  // The papers that hold a word containing `word`: each hit in the text is one word, then the search skips past it.
  function papersWith(index, word) {
    var mask = new Uint8Array(index.count), text = index.text, starts = index.starts, from = index.from;
    var papers = index.papers, hit = text.indexOf(word);
    while (hit >= 0) {
      var low = 0, high = starts.length - 2;
      while (low < high) {
        var middle = (low + high + 1) >> 1;
        if (starts[middle] <= hit) low = middle; else high = middle - 1;
      }
      for (var k = from[low]; k < from[low + 1]; k++) mask[papers[k]] = 1;
      hit = text.indexOf(word, starts[low + 1]);
    }
    return mask;
  }
  var SCRIPT = document.currentScript && document.currentScript.src;

  function setUp() {
    var form = document.querySelector("form.browse-filters");
    var status = document.querySelector(".browse-count");
    if (!form || !status || form.dataset.ready) return;
    form.dataset.ready = "true";
    var indexUrl = new URL(form.dataset.index, document.baseURI);
    fetchJson(indexUrl)
      .then(function (index) { new Browse(form, status, index, indexUrl).start(); })
      .catch(function () {
        status.textContent = "The filters could not be loaded; the list below shows the newest papers.";
      });
  }

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.statusText);
      return response.json();
    });
  }

  function Browse(form, status, index, indexUrl) {
    this.form = form;
    this.status = status;
    this.index = index;
    this.base = indexUrl;
    this.count = index.count;
    this.results = document.querySelector(".browse-results");
    this.more = document.querySelector(".browse-more");
    this.bibtexButton = document.querySelector("[data-action=bibtex]");
    this.myList = document.querySelector(".browse-mylist");
    this.search = form.querySelector("input[name=query]");
    this.code = form.querySelector("input[name=code]");
    this.sort = form.querySelector("select[name=sort]");
    this.state = emptyState();
    this.shown = BATCH;
    this.cards = new Array(this.count);
    this.orders = {};
    this.chunks = { text: {}, links: {}, bibtex: {}, records: {} };
    this.titleMasks = new Map();
    this.words = null;
    this.wordMasks = new Map();
    this.wordsState = "none";
    this.textOk = new Uint8Array(this.count);
    this.typing = false;
    this.mine = loadMine();
    this.prepare();
  }

  function emptyState() {
    return { q: "", topic: [], tag: [], not: [], year: [], venue: [], code: false, mine: false, sort: "date" };
  }

  Browse.prototype.prepare = function () {
    var index = this.index, n = this.count;
    this.year = new Array(n);
    this.hay = new Array(n);
    this.abstracts = new Array(n);
    for (var i = 0; i < n; i++) {
      var date = index.date[i];
      this.year[i] = date ? parseInt(date.slice(0, 4), 10) : null;
      this.hay[i] = fold([index.title[i], index.id[i], this.arxiv(i) || ""].concat(index.authors[i]).join("\n"));
    }
    // A chip's value (slug, year, venue) as the number the index uses for it.
    this.topicAt = positions(index.topics.map(function (t) { return t[0]; }));
    this.tagAt = positions(index.tags);
    this.venueAt = positions(index.venues);
    var years = Array.from(new Set(this.year.filter(function (y) { return y !== null; }))).sort();
    this.yearAt = positions(years.map(String));
    // The columns the filters read on every keystroke, as typed arrays: a paper's topics are
    // topicList[topicFrom[i]] to topicList[topicFrom[i + 1] - 1], its tags likewise; -1 is no year or venue.
    var topics = flatten(index.topics_of), tags = flatten(index.tags_of);
    this.topicFrom = topics.from;
    this.topicList = topics.list;
    this.tagFrom = tags.from;
    this.tagList = tags.list;
    this.yearOf = new Int16Array(n);
    this.venueOf = new Int32Array(n);
    this.codeOf = new Uint8Array(n);
    for (i = 0; i < n; i++) {
      this.yearOf[i] = this.year[i] === null ? -1 : this.yearAt.get(String(this.year[i]));
      this.venueOf[i] = index.venue[i] === null ? -1 : index.venue[i];
      this.codeOf[i] = index.code[i] ? 1 : 0;
    }
    this.chips = {};
    this.facets = {};
    var self = this, chipOf = new Map();
    // Which chips the screen shows (their box and the page scrolled as they are): those get their counts first.
    var seen = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        var chip = chipOf.get(entry.target);
        chip.seen = entry.isIntersecting;
        if (chip.seen && chip.stale) self.showCount(chip.facet, chip);
      });
    });
    Array.prototype.forEach.call(this.form.querySelectorAll(".browse-facet"), function (facet) {
      var name = facet.dataset.facet;
      self.facets[name] = facet;
      facet.chipBox = facet.querySelector(".browse-chips");
      self.chips[name] = Array.prototype.map.call(facet.querySelectorAll(".browse-chip"), function (element) {
        var chip = { element: element, facet: name, value: element.dataset.value, seen: false, stale: false,
                     count: element.querySelector(".browse-chip-count"), state: element.querySelector(".browse-chip-state"),
                     shown: element.querySelector(".browse-chip-count").textContent };
        chipOf.set(element, chip);
        return chip;
      });
      // Only an open group's chips are watched: every frame computes each watched chip's intersection.
      facet.addEventListener("toggle", function () {
        self.chips[name].forEach(function (chip) {
          if (facet.open) seen.observe(chip.element);
          else { seen.unobserve(chip.element); chip.seen = false; }
        });
      });
    });
    this.codeCount = this.form.querySelector("[data-count=code]");
  };

  function flatten(lists) {
    var from = new Int32Array(lists.length + 1), total = 0, i;
    for (i = 0; i < lists.length; i++) { from[i] = total; total += lists[i].length; }
    from[lists.length] = total;
    var list = new Int32Array(total);
    for (i = 0; i < lists.length; i++) list.set(lists[i], from[i]);
    return { from: from, list: list };
  }

  function positions(values) {
    var map = new Map();
    values.forEach(function (value, n) { map.set(value, n); });
    return map;
  }

  Browse.prototype.arxiv = function (i) {
    var value = this.index.arxiv[i];
    return value === 1 ? this.index.id[i] : value;
  };

  Browse.prototype.start = function () {
    var self = this;
    this.readUrl();
    this.form.addEventListener("click", function (event) {
      var chip = event.target.closest(".browse-chip"), summary = event.target.closest(".browse-facet > summary");
      if (chip) self.toggleChip(chip);
      else if (summary && !summary.parentNode.open) self.showChips(summary.parentNode.dataset.facet, true);
    });
    // The word index starts loading as the box takes the focus, not in the task of the first keystroke.
    this.search.addEventListener("focus", function () {
      if (self.wordsState === "none") self.startWorker();
    });
    this.search.addEventListener("input", function () {
      self.state.q = self.search.value;
      self.changed(true);
    });
    this.code.addEventListener("change", function () { self.state.code = self.code.checked; self.changed(); });
    this.sort.addEventListener("change", function () { self.state.sort = self.sort.value; self.changed(); });
    this.form.addEventListener("submit", function (event) { event.preventDefault(); });
    this.form.addEventListener("reset", function (event) {
      event.preventDefault();
      self.state = emptyState();
      self.changed();
    });
    this.more.addEventListener("click", function () { self.extend(); });
    // Whether the list starts in the upper part of the view (not, on a phone, under the filters), as the last frame
    // laid it out: asking the layout in a keystroke's task would lay out the page twice.
    new IntersectionObserver(function (entries) {
      self.listSeen = entries[entries.length - 1].isIntersecting;
    }, { rootMargin: "0px 0px -20% 0px" }).observe(this.results);
    // The "Show more" button, just after the last card, is the list's end: a screen below the view, the next cards.
    this.nearEnd = new IntersectionObserver(function (entries) {
      if (entries[entries.length - 1].isIntersecting && !self.restLater) self.extend();
    }, { rootMargin: "0px 0px 100% 0px" });
    this.results.addEventListener("click", function (event) {
      var toggle = event.target.closest(".browse-abstract-toggle");
      if (toggle) self.toggleAbstract(toggle);
    });
    this.results.addEventListener("change", function (event) {
      if (event.target.matches(".browse-select input")) self.select(event.target);
    });
    this.myList.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (button) self.myListAction(button.dataset.action, button);
    });
    this.bibtexButton.addEventListener("click", function () {
      self.download(self.matching, "llm-reading-list-results.bib", "bibtex", self.bibtexButton);
    });
    window.addEventListener("popstate", function () {
      self.addressLater = null;
      self.readUrl();
      self.update();
      self.showMine();
    });
    window.addEventListener("storage", function (event) {
      if (event.key !== STORE) return;
      self.mine = loadMine();
      self.update();
      self.showMine();
    });
    // Topics and years start open where there is room for them; a group with a chip on is always open.
    var wide = window.matchMedia("(min-width: 60em)").matches, state = this.state;
    Array.prototype.forEach.call(this.form.querySelectorAll(".browse-facet"), function (facet) {
      var name = facet.dataset.facet, chosen = state[name].length || (name === "tag" && state.not.length);
      facet.open = Boolean(chosen) || (wide && (name === "topic" || name === "year"));
    });
    this.form.hidden = false;
    this.form.closest(".browse-layout").classList.add("browse-live");
    this.myList.hidden = false;
    this.results.hidden = false;
    this.results.tabIndex = -1;
    this.bibtexButton.hidden = false;
    var intro = document.querySelector(".browse-live-intro");
    if (intro) intro.hidden = false;
    var fallback = document.querySelector(".browse-static");
    if (fallback) fallback.remove();
    this.update();
    this.showMine();
    var idle = window.requestIdleCallback || setTimeout;
    idle(function () { self.warm(); }, { timeout: 2000 });
  };

  // Filters with a query, then with a tag included and another excluded, and throws the results away, in idle
  // time: the engine then has that code compiled before the first keystroke or press, which otherwise ran it cold
  // (the first query's filtering took 11-29 ms without this, 4-8 ms with it, in Chromium on this machine).
  Browse.prototype.warm = function () {
    var kept = { state: this.state, matching: this.matching, counts: this.counts, searching: this.searching };
    var tags = this.index.tags, self = this;
    [{ q: kept.state.q || "e" }, { tag: tags.slice(0, 1), not: tags.slice(1, 2) }].forEach(function (change) {
      self.state = Object.assign({}, kept.state, change);
      self.compute();
    });
    this.state = kept.state;
    this.matching = kept.matching;
    this.counts = kept.counts;
    this.searching = kept.searching;
  };

  // --- the state and the address ------------------------------------------------------------------

  Browse.prototype.readUrl = function () {
    var params = new URLSearchParams(location.search);
    var self = this;
    var known = function (map) { return function (value) { return map.has(value); }; };
    var state = emptyState();
    // Not "q": Material's search opens itself on a page whose address has one.
    state.q = params.get("query") || "";
    state.topic = unique(params.getAll("topic").filter(known(this.topicAt)));
    state.tag = unique(params.getAll("tag").filter(known(this.tagAt)));
    state.not = unique(params.getAll("not").filter(function (t) { return self.tagAt.has(t) && state.tag.indexOf(t) < 0; }));
    state.year = unique(params.getAll("year").filter(function (y) { return /^\d{4}$/.test(y); }));
    state.venue = unique(params.getAll("venue").filter(known(this.venueAt)));
    state.code = params.get("code") === "1";
    state.mine = params.get("mine") === "1";
    state.sort = SORTS.indexOf(params.get("sort")) >= 0 ? params.get("sort") : "date";
    this.state = state;
    this.typing = false;
  };

  function unique(values) {
    return values.filter(function (value, n) { return values.indexOf(value) === n; });
  }

  Browse.prototype.writeUrl = function (typing) {
    var state = this.state, params = new URLSearchParams();
    if (state.q) params.set("query", state.q);
    ["topic", "tag", "not", "year", "venue"].forEach(function (name) {
      state[name].forEach(function (value) { params.append(name, value); });
    });
    if (state.code) params.set("code", "1");
    if (state.mine) params.set("mine", "1");
    if (state.sort !== "date") params.set("sort", state.sort);
    var query = params.toString();
    var url = query ? "?" + query : location.pathname;
    if (url === location.search || (!query && !location.search)) return;
    // A run of keystrokes makes one history entry, so that back undoes the query rather than each letter.
    if (typing && this.typing) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
    this.typing = typing;
  };

  Browse.prototype.changed = function (typing) {
    this.shown = BATCH;
    var self = this;
    // The address follows a pause in the reader's work, keystrokes and presses alike: a history call took about
    // 15 ms at 4x, which the next press, coming within it, waited for.
    this.later("addressLater", function () { self.writeUrl(Boolean(typing)); }, ADDRESS_PAUSE);
    this.update();
  };

  // Runs `then` after `delay` ms, or once the next frame is painted; a later call for the same slot replaces it.
  Browse.prototype.later = function (slot, then, delay) {
    var self = this, token = {};
    this[slot] = token;
    var run = function () {
      if (self[slot] !== token) return;
      self[slot] = null;
      then();
    };
    if (delay) setTimeout(run, delay);
    else requestAnimationFrame(function () { setTimeout(run, 0); });
  };

  Browse.prototype.toggleChip = function (chip) {
    var facet = chip.closest(".browse-facet").dataset.facet, value = chip.dataset.value, state = this.state;
    if (facet === "tag") {
      // Off, then included, then excluded, then off again.
      if (state.tag.indexOf(value) >= 0) {
        state.tag = without(state.tag, value);
        state.not.push(value);
      } else if (state.not.indexOf(value) >= 0) {
        state.not = without(state.not, value);
      } else {
        state.tag.push(value);
      }
    } else if (state[facet].indexOf(value) >= 0) {
      state[facet] = without(state[facet], value);
    } else {
      state[facet].push(value);
    }
    this.changed();
  };

  function without(values, value) {
    return values.filter(function (v) { return v !== value; });
  }

  // --- filtering and counting ----------------------------------------------------------------------

  // The papers whose title, id or first author holds the word; a word one letter longer than one searched
  // before is looked for only among that one's papers.
  Browse.prototype.titleMask = function (word) {
    var masks = this.titleMasks, mask = masks.get(word);
    if (mask) return mask;
    var shorter = masks.get(word.slice(0, -1)), n = this.count, hay = this.hay;
    mask = new Uint8Array(n);
    for (var i = 0; i < n; i++) if ((!shorter || shorter[i]) && hay[i].indexOf(word) >= 0) mask[i] = 1;
    if (masks.size > 64) masks.clear();
    masks.set(word, mask);
    return mask;
  };

  // The papers with the word inside one of the words of their authors or abstract, once the index is in.
  Browse.prototype.wordMask = function (word) {
    var masks = this.wordMasks, mask = masks.get(word);
    if (!mask) {
      mask = papersWith(this.words, word);
      if (masks.size > 64) masks.clear();
      masks.set(word, mask);
    }
    return mask;
  };

  // Each word found in a paper's title, id or first author, or among the words of its authors and abstract.
  Browse.prototype.matchText = function (words) {
    var n = this.count, ok = this.textOk, self = this;
    var titles = words.map(function (word) { return self.titleMask(word); });
    var texts = this.words ? words.map(function (word) { return self.wordMask(word); }) : null;
    for (var i = 0; i < n; i++) {
      var all = 1;
      for (var w = 0; w < words.length; w++) {
        if (!titles[w][i] && !(texts && texts[w][i])) { all = 0; break; }
      }
      ok[i] = all;
    }
  };

  Browse.prototype.compute = function () {
    var index = this.index, n = this.count, state = this.state;
    var words = queryWords(state.q);
    if (words.length) this.matchText(words);
    var topicOn = new Uint8Array(index.topics.length), tagState = new Int8Array(index.tags.length);
    var venueOn = new Uint8Array(index.venues.length), yearOn = new Uint8Array(this.yearAt.size);
    var self = this;
    state.topic.forEach(function (slug) { topicOn[self.topicAt.get(slug)] = 1; });
    state.tag.forEach(function (tag) { tagState[self.tagAt.get(tag)] = 1; });
    state.not.forEach(function (tag) { tagState[self.tagAt.get(tag)] = -1; });
    state.venue.forEach(function (venue) { venueOn[self.venueAt.get(venue)] = 1; });
    state.year.forEach(function (year) { if (self.yearAt.has(year)) yearOn[self.yearAt.get(year)] = 1; });
    var counts = {
      topic: new Int32Array(index.topics.length), tag: new Int32Array(index.tags.length),
      venue: new Int32Array(index.venues.length), year: new Int32Array(this.yearAt.size), code: 0,
    };
    var included = state.tag.length, tagsOn = included + state.not.length;
    var byText = words.length > 0, byTopic = state.topic.length > 0, byYear = state.year.length > 0;
    var byVenue = state.venue.length > 0, textOk = this.textOk, mine = state.mine ? this.mine : null;
    var topicFrom = this.topicFrom, topicList = this.topicList, tagFrom = this.tagFrom, tagList = this.tagList;
    var yearOf = this.yearOf, venueOf = this.venueOf, codeOf = this.codeOf, ids = index.id;
    var matched = new Uint8Array(n);
    for (var i = 0; i < n; i++) {
      var fails = 0, t, topicEnd = topicFrom[i + 1], tagEnd = tagFrom[i + 1], year = yearOf[i], venue = venueOf[i];
      if (byText && !textOk[i]) fails |= TEXT;
      if (byTopic) {
        var hit = false;
        for (t = topicFrom[i]; t < topicEnd; t++) if (topicOn[topicList[t]]) { hit = true; break; }
        if (!hit) fails |= TOPIC;
      }
      if (byYear && (year < 0 || !yearOn[year])) fails |= YEAR;
      if (byVenue && (venue < 0 || !venueOn[venue])) fails |= VENUE;
      if (state.code && !codeOf[i]) fails |= CODE;
      if (mine && !mine.has(ids[i])) fails |= MINE;
      var tagFails = 0, excludedBy = -1;
      if (tagsOn) {
        var have = 0;
        for (t = tagFrom[i]; t < tagEnd; t++) {
          var s = tagState[tagList[t]];
          if (s === 1) have++;
          else if (s === -1) { tagFails++; excludedBy = tagList[t]; }
        }
        if (have < included) { tagFails += included - have; excludedBy = -1; }
      }
      if (fails === 0 && tagFails === 0) {
        matched[i] = 1;
        for (t = topicFrom[i]; t < topicEnd; t++) counts.topic[topicList[t]]++;
        for (t = tagFrom[i]; t < tagEnd; t++) counts.tag[tagList[t]]++;
        if (year >= 0) counts.year[year]++;
        if (venue >= 0) counts.venue[venue]++;
        counts.code += codeOf[i];
      } else if (fails === 0) {
        // Only an excluded tag keeps it out: its chip counts the papers the exclusion hides.
        if (tagFails === 1 && excludedBy >= 0) counts.tag[excludedBy]++;
      } else if (tagFails === 0) {
        if (fails === TOPIC) for (t = topicFrom[i]; t < topicEnd; t++) counts.topic[topicList[t]]++;
        else if (fails === YEAR && year >= 0) counts.year[year]++;
        else if (fails === VENUE && venue >= 0) counts.venue[venue]++;
      }
    }
    var order = this.order(state.sort), matching = [];
    for (var k = 0; k < n; k++) if (matched[order[k]]) matching.push(order[k]);
    this.matching = matching;
    this.counts = counts;
    this.searching = words.length > 0;
  };

  Browse.prototype.order = function (sort) {
    if (this.orders[sort]) return this.orders[sort];
    var n = this.count, index = this.index, self = this, order = new Array(n);
    for (var i = 0; i < n; i++) order[i] = i;
    if (sort === "oldest") {
      // Undated papers end the newest-first index; they stay at the end when it is reversed.
      order.sort(function (a, b) { return (self.year[a] === null) - (self.year[b] === null) || b - a; });
    } else if (sort === "upvotes") {
      var votes = function (i) { var v = index.upvotes[i]; return v === null ? -1 : v; };
      order.sort(function (a, b) { return votes(b) - votes(a) || a - b; });
    } else if (sort === "title") {
      var collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });
      order.sort(function (a, b) { return collator.compare(index.title[a], index.title[b]) || a - b; });
    }
    this.orders[sort] = order;
    return order;
  };

  // --- showing it -------------------------------------------------------------------------------

  Browse.prototype.update = function () {
    if (this.state.q && this.wordsState === "none") this.startWorker();
    this.wordsLater = null;
    this.compute();
    this.render();
    this.showControls();
  };

  Browse.prototype.startWorker = function () {
    var self = this;
    this.wordsState = "loading";
    this.worker = new Worker(SCRIPT);
    this.worker.onmessage = function (event) {
      self.words = event.data.words || null;
      self.wordsState = self.words ? "ready" : "failed";
      self.worker.terminate();
      if (!self.state.q) return;
      // The list with the abstracts searched waits for a pause in the reader's work: a keystroke typed meanwhile
      // makes it itself, and no keystroke waits for it.
      var token = self.wordsLater = {}, idle = window.requestIdleCallback || setTimeout;
      idle(function () { if (self.wordsLater === token) self.update(); }, { timeout: 1000 });
    };
    this.worker.postMessage({ load: new URL("words.json", this.base).href });
  };

  // The first cards the screen shows now, the others up to this.shown after the frame (placeRest).
  Browse.prototype.render = function () {
    var first = this.listSeen ? Math.min(FIRST, this.shown) : 0;
    this.restLater = null;
    // With no card on the screen (a phone, the list under the filters) the list is not touched before the frame:
    // its old cards go with the first batch, so that the frame lays out no list.
    this.placeRest(first ? this.place(first) : -1);
    this.showMore();
  };

  // BATCH more cards at the end of the list, placed after the frame.
  Browse.prototype.extend = function () {
    if (this.shown >= this.matching.length) return;
    this.shown += BATCH;
    if (!this.restLater) this.placeRest(this.results.children.length);
    this.showMore();
  };

  // The cards from `placed` (-1: the list still holds the last filters' cards) to this.shown, in tasks of at most
  // SLICE ms, each ended early by waiting input; the list is aria-busy meanwhile. Once they are in, the end of the
  // list is looked at again: a list shorter than the view and its margin grows at once.
  Browse.prototype.placeRest = function (placed) {
    var self = this, results = this.results;
    var wanted = function () { return Math.min(self.shown, self.matching.length); };
    var done = function () {
      results.removeAttribute("aria-busy");
      self.nearEnd.unobserve(self.more);
      self.nearEnd.observe(self.more);
    };
    if (placed === wanted()) return done();
    results.setAttribute("aria-busy", "true");
    var more = function () {
      var until = performance.now() + SLICE;
      if (placed < 0) placed = self.place(1);
      while (placed < wanted() && performance.now() < until && !inputWaits()) placed = self.placeFrom(placed, placed + 1);
      if (placed >= wanted()) done();
      else self.later("restLater", more, 1);
    };
    this.later("restLater", more);
  };

  Browse.prototype.showMore = function () {
    var rest = this.matching.length - Math.min(this.shown, this.matching.length);
    this.more.hidden = rest <= 0;
    setText(this.more, "Show " + Math.min(BATCH, rest) + " more (" + rest + " not shown)");
  };

  // The list is to hold the matching papers' cards, in order: the first `count` are put in place now, made where
  // need be, and every other card goes (a short list lays out quicker); placeFrom() adds the next ones. Returns
  // how many are in place.
  Browse.prototype.place = function (count) {
    var list = this.results, cards = this.cards, wanted = new Set();
    this.matching.slice(0, count).forEach(function (i) { if (cards[i]) wanted.add(cards[i]); });
    var kept = Array.prototype.filter.call(list.children, function (card) { return wanted.has(card); });
    // In one call, not one removal a card: fifty removals one by one were the largest part of a keystroke's
    // script. The few cards kept are put back at once, unless one holds the focus, which that would lose.
    if (kept.length === list.children.length) return this.placeFrom(0, count);
    var focused = list.contains(document.activeElement) ? document.activeElement.closest(".browse-card") : null;
    if (focused && wanted.has(focused)) {
      Array.prototype.slice.call(list.children).forEach(function (card) {
        if (!wanted.has(card)) list.removeChild(card);
      });
    } else {
      list.replaceChildren.apply(list, kept);
      // A focused card that no longer matches leaves the focus on the list, not on the page's start.
      if (focused) list.focus();
    }
    return this.placeFrom(0, count);
  };

  // Input waiting for the page's thread, where the browser says (Chromium does).
  function inputWaits() {
    var scheduling = navigator.scheduling;
    return Boolean(scheduling && scheduling.isInputPending && scheduling.isInputPending());
  }


  Browse.prototype.placeFrom = function (start, end) {
    var list = this.results, next = list.children[start] || null, positions = this.matching;
    end = Math.min(end, positions.length);
    for (var k = start; k < end; k++) {
      var card = this.card(positions[k]);
      if (card === next) next = next.nextSibling;
      else list.insertBefore(card, next);
    }
    return end;
  };

  // A facet's chips: pressed or not, and, if the group is open (or about to open), their counts. A folded
  // group's counts wait for it to open, and an open group's chips off the screen (scrolled away in their box, or
  // below it) for the frame after the one that shows the change: the chips a reader sees are all a keystroke or a
  // press lays out. The group is aria-busy until every count is right.
  Browse.prototype.showChips = function (facet, opening) {
    var state = this.state, self = this, active = 0, group = this.facets[facet], stale = false;
    var counted = opening || group.open;
    (this.chips[facet] || []).forEach(function (chip) {
      var pressed = "false", label = "";
      if (facet === "tag" && state.not.indexOf(chip.value) >= 0) { pressed = "mixed"; label = ", excluded"; }
      else if (state[facet].indexOf(chip.value) >= 0) { pressed = "true"; label = ", included"; }
      if (pressed !== "false") active++;
      if (chip.element.getAttribute("aria-pressed") !== pressed) {
        chip.element.setAttribute("aria-pressed", pressed);
        setText(chip.state, facet === "tag" ? label : "");
      }
      if (!counted) return;
      if (opening || chip.seen) self.showCount(facet, chip);
      else chip.stale = stale = true;
    });
    setText(group.querySelector(".browse-facet-active"), active ? "(" + active + " chosen)" : "");
    if (!stale) return;
    group.chipBox.setAttribute("aria-busy", "true");
    this.later("countsLater", function () { self.showCounts(); });
  };

  // The counts that showChips left for later, in every group, as the last filters give them.
  Browse.prototype.showCounts = function () {
    var self = this;
    Object.keys(this.chips).forEach(function (facet) {
      self.chips[facet].forEach(function (chip) { if (chip.stale) self.showCount(facet, chip); });
      self.facets[facet].chipBox.removeAttribute("aria-busy");
    });
  };

  Browse.prototype.showCount = function (facet, chip) {
    var at = this[facet + "At"].get(chip.value), count = at === undefined ? 0 : this.counts[facet][at];
    var text = String(count);
    chip.stale = false;
    if (chip.shown !== text) {
      chip.count.firstChild.data = text;
      chip.shown = text;
    }
    var none = count === 0 && chip.element.getAttribute("aria-pressed") === "false";
    if (chip.none !== none) {
      chip.element.classList.toggle("browse-chip-none", none);
      chip.none = none;
    }
  };

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  Browse.prototype.showControls = function () {
    var state = this.state, counts = this.counts, self = this;
    if (this.search.value !== state.q) this.search.value = state.q;
    this.code.checked = state.code;
    this.sort.value = state.sort;
    ["topic", "tag", "year", "venue"].forEach(function (facet) { self.showChips(facet, false); });
    setText(this.codeCount, String(counts.code));
    var found = this.matching.length, total = this.count;
    var text = found === total ? total + " papers." : found === 0 ? "No paper matches these filters."
      : found + " of " + total + " papers.";
    if (this.searching && this.wordsState === "loading") {
      text += " Searching titles, ids and first authors; all authors and abstracts are loading.";
    } else if (this.searching && this.wordsState === "failed") {
      text += " Searching titles, ids and first authors: the abstracts could not be loaded.";
    }
    setText(this.status, text);
    this.bibtexButton.hidden = found === 0;
    setText(this.bibtexButton, found === 1 ? "Download this one as BibTeX" : "Download these " + found + " as BibTeX");
    this.myList.querySelector("[data-action=mine]").setAttribute("aria-pressed", String(state.mine));
  };

  Browse.prototype.card = function (i) {
    if (this.cards[i]) return this.cards[i];
    var index = this.index, id = index.id[i];
    var item = element("li", "browse-card");
    item.dataset.paper = id;
    var head = element("div", "browse-card-head");
    var title = element("a", "paper-title", index.title[i]);
    title.href = "../papers/" + encodeURIComponent(id) + "/";
    head.appendChild(title);
    var select = element("label", "browse-select");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = this.mine.has(id);
    box.setAttribute("aria-label", "Select: " + index.title[i]);
    select.appendChild(box);
    select.appendChild(element("span", null, "Select"));
    head.appendChild(select);
    item.appendChild(head);

    var facts = [authors(index.authors[i], index.author_total[i]), displayDate(index.date[i])];
    if (index.venue[i] !== null) facts.push(index.venues[index.venue[i]]);
    if (index.upvotes[i]) facts.push(index.upvotes[i] === 1 ? "1 upvote" : index.upvotes[i] + " upvotes");
    facts = facts.filter(Boolean);
    if (facts.length) item.appendChild(element("p", "paper-meta", facts.join(" · ")));

    var topics = element("p", "browse-card-topics");
    index.topics_of[i].forEach(function (t, n) {
      if (n) topics.appendChild(document.createTextNode(", "));
      var link = element("a", null, index.topics[t][1]);
      link.href = "../topics/" + encodeURIComponent(index.topics[t][0]) + "/";
      topics.appendChild(link);
    });
    var tags = index.tags_of[i];
    if (tags.length) {
      topics.appendChild(document.createTextNode(" "));
      tags.forEach(function (t) {
        var chip = element("a", "paper-tag", index.tags[t]);
        chip.href = "../tags/" + encodeURIComponent(index.tags[t]) + "/";
        topics.appendChild(chip);
        topics.appendChild(document.createTextNode(" "));
      });
    }
    item.appendChild(topics);

    var links = element("p", "paper-links");
    var arxiv = this.arxiv(i), waiting = [];
    index.links[i].forEach(function (code) {
      var link = code === "a" ? ["arXiv:" + arxiv, "https://arxiv.org/abs/" + arxiv]
        : code === "p" ? ["PDF", "https://arxiv.org/pdf/" + arxiv]
        : code === "h" ? ["Hugging Face", "https://huggingface.co/papers/" + arxiv] : null;
      if (links.childNodes.length) links.appendChild(document.createTextNode(" · "));
      var anchor = element("a", null, link ? link[0] : code[0]);
      if (link) anchor.href = link[1];
      else waiting.push(anchor);
      links.appendChild(anchor);
    });
    if (waiting.length) this.linkUp(i, waiting);
    var toggle = element("button", "browse-abstract-toggle", "Abstract");
    toggle.type = "button";
    toggle.setAttribute("aria-label", "Abstract of " + index.title[i]);
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", "browse-abstract-" + i);
    toggle.dataset.position = String(i);
    if (links.childNodes.length) links.appendChild(document.createTextNode(" "));
    links.appendChild(toggle);
    item.appendChild(links);
    var abstract = element("p", "browse-abstract");
    abstract.id = "browse-abstract-" + i;
    abstract.hidden = true;
    item.appendChild(abstract);
    this.cards[i] = item;
    return item;
  };

  // The other links' addresses come with the paper's link chunk: until then their labels are text in place, so
  // that the card does not move when they become links. A chunk that fails to come is asked for again, twice,
  // a little later each time; then the card says that its links are text.
  Browse.prototype.linkUp = function (i, anchors, tries) {
    var size = this.index.link_chunk, self = this, tried = tries || 0;
    this.chunk("links", Math.floor(i / size)).then(function (urls) {
      (urls[i % size] || []).forEach(function (url, k) {
        if (anchors[k] && /^https?:\/\//i.test(url)) anchors[k].href = url;
      });
    }, function () {
      if (tried < LINK_TRIES - 1) {
        setTimeout(function () { self.linkUp(i, anchors, tried + 1); }, 500 * (tried + 1));
        return;
      }
      anchors[anchors.length - 1].after(element("span", "browse-links-failed",
        " (the addresses of these links could not be loaded: the paper's page has them)"));
    });
  };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function authors(names, total) {
    if (!names.length) return total ? total + (total === 1 ? " author" : " authors") : "";
    return names[0] + (total > names.length ? " et al." : "");
  }

  function displayDate(date) {
    if (!date) return "";
    var parts = date.split("-"), month = MONTHS[parseInt(parts[1], 10) - 1];
    return parts.length === 3 ? parseInt(parts[2], 10) + " " + month + " " + parts[0] : month + " " + parts[0] + " (arXiv)";
  }

  // --- chunks: abstracts, BibTeX, records ----------------------------------------------------------

  Browse.prototype.chunk = function (series, number) {
    var cache = this.chunks[series];
    if (!cache[number]) {
      var self = this, size = this.index.chunk;
      cache[number] = fetchJson(new URL(series + "/" + number + ".json", this.base));
      if (series === "text") {
        cache[number] = cache[number].then(function (data) {
          data.abstracts.forEach(function (abstract, k) { self.abstracts[number * size + k] = abstract; });
          return data;
        });
      }
      cache[number].catch(function () { delete cache[number]; });
    }
    return cache[number];
  };

  Browse.prototype.toggleAbstract = function (toggle) {
    var i = parseInt(toggle.dataset.position, 10), open = toggle.getAttribute("aria-expanded") !== "true";
    var text = document.getElementById(toggle.getAttribute("aria-controls")), self = this;
    toggle.setAttribute("aria-expanded", String(open));
    if (!open) { text.hidden = true; return; }
    var show = function () {
      text.textContent = self.abstracts[i] || "The list has no abstract for this paper.";
      text.hidden = toggle.getAttribute("aria-expanded") !== "true";
    };
    if (this.abstracts[i] !== undefined) show();
    else {
      text.textContent = "Loading the abstract…";
      text.hidden = false;
      this.chunk("text", Math.floor(i / this.index.chunk)).then(show, function () {
        text.textContent = "The abstract could not be loaded.";
      });
    }
  };

  // Entries and records in id order, as papers.bib and papers.json have them.
  Browse.prototype.collect = function (positions, series) {
    var self = this, size = this.index.chunk, numbers = unique(positions.map(function (i) { return Math.floor(i / size); }));
    return Promise.all(numbers.map(function (n) { return self.chunk(series, n); })).then(function (loaded) {
      var byNumber = {};
      numbers.forEach(function (n, k) { byNumber[n] = loaded[k]; });
      return positions.slice().sort(function (a, b) {
        var x = self.index.id[a], y = self.index.id[b];
        return x < y ? -1 : x > y ? 1 : 0;
      }).map(function (i) { return byNumber[Math.floor(i / size)][i % size]; });
    });
  };

  Browse.prototype.download = function (positions, name, kind, button) {
    var label = button.textContent, self = this;
    button.disabled = true;
    button.textContent = "Preparing…";
    this.collect(positions, kind === "bibtex" ? "bibtex" : "records").then(function (items) {
      var text = kind === "bibtex" ? items.join("\n")
        : JSON.stringify({ version: self.index.json_version, papers: items }, null, 1) + "\n";
      save(name, text, kind === "bibtex" ? "application/x-bibtex" : "application/json");
    }, function () {
      self.status.textContent = "The download could not be prepared; papers.bib and papers.json on the downloads page hold every paper.";
    }).then(function () {
      button.disabled = false;
      button.textContent = label;
    });
  };

  function save(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type + ";charset=utf-8" }));
    var link = element("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  // --- my list ---------------------------------------------------------------------------------

  function loadMine() {
    try {
      var stored = JSON.parse(localStorage.getItem(STORE) || "[]");
      return new Set(Array.isArray(stored) ? stored.filter(function (id) { return typeof id === "string"; }) : []);
    } catch (error) {
      return new Set();
    }
  }

  Browse.prototype.saveMine = function () {
    try {
      localStorage.setItem(STORE, JSON.stringify(Array.from(this.mine).sort()));
    } catch (error) {
      // Storage may be off (a private window): the list then lasts as long as the page.
    }
  };

  Browse.prototype.select = function (box) {
    var id = box.closest(".browse-card").dataset.paper;
    if (box.checked) this.mine.add(id); else this.mine.delete(id);
    this.saveMine();
    // Only the list's own view changes with a selection; elsewhere the cards stay as they are, focus and all.
    if (this.state.mine) this.update();
    this.showMine();
  };

  Browse.prototype.minePositions = function () {
    var index = this.index, out = [];
    for (var i = 0; i < this.count; i++) if (this.mine.has(index.id[i])) out.push(i);
    return out;
  };

  Browse.prototype.showMine = function () {
    var count = this.minePositions().length, buttons = this.myList.querySelectorAll("button");
    this.myList.querySelector(".browse-mylist-count").textContent = count === 0
      ? "My list is empty: select papers to keep them here."
      : "My list: " + (count === 1 ? "1 paper" : count + " papers") + ".";
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = count === 0 && button.dataset.action !== "mine";
    });
    this.myList.querySelector("[data-action=mine]").hidden = count === 0 && !this.state.mine;
    var self = this;
    this.cards.forEach(function (card, i) {
      if (card) card.querySelector(".browse-select input").checked = self.mine.has(self.index.id[i]);
    });
  };

  Browse.prototype.myListAction = function (action, button) {
    if (action === "mine") {
      this.state.mine = !this.state.mine;
      this.changed();
      this.showMine();
    } else if (action === "mine-bibtex") {
      this.download(this.minePositions(), "my-list.bib", "bibtex", button);
    } else if (action === "mine-json") {
      this.download(this.minePositions(), "my-list.json", "json", button);
    } else if (action === "mine-clear") {
      this.mine.clear();
      this.saveMine();
      this.update();
      this.showMine();
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

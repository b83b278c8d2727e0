// Material's search worker, started only when a reader means to search, with the papers searched by our own matcher.
// - The page (docs/javascripts/search.js) tells this worker when the reader goes for the search box, sends it the
//   reader's queries and draws the papers that answer them, which come as the HTML of Material's results: a visit
//   without a search loads nothing more than this file. Material's script (lunr and its handler) and the pages' index
//   are fetched after the first answer, and lunr indexes the pages then; its READY tells Material to send its own
//   queries, and their results, the pages alone, Material draws below the papers.
// - Lunr indexes only MkDocs' few pages (topics, tags, about): building its index over ten thousand papers took
//   seconds. The papers come packed in columns (search/papers.json, generator/site/search_index.py) and are
//   searched here: each field of every paper is one string of its folded words, a paper's part after another, in
//   which a query word is found with indexOf (whole, or begun for the word being typed). Making those strings is a
//   few passes over each field, done as the papers arrive, while the reader is still typing.
// - The papers come in parts: the first file holds the last part, and a query is answered from the parts read so
//   far; the others are fetched once the first answer has gone, and when they are all in (and the pages indexed),
//   the last answer given without them is given again, whole, and the page is told (it marks the results busy till
//   then).
// - "H₂O" and "Lévy" are matched as "H2O" and "Levy", and a query is folded the same way, so either spelling finds
//   the other; results still show the text as written.
// - Results: papers first, then pages. A paper whose short name or id is the query comes first, then one with an
//   author of exactly the words typed (or the last one begun), then by how many of the words it has, then by the
//   fields they are in (WEIGHTS in search_index.py), rarer words counting more. No stop words: "He" is a name.
(function () {
  "use strict";
  var worker = new URL(self.location.href).searchParams.get("worker") || "";
  // Only Material's own worker, beside this file: the name comes from the page's configuration.
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker)) {
    throw new Error("fold.js: no Material search worker named (worker=" + worker + ")");
  }
  // PAPERS_INDEX of generator/site/search_index.py, from assets/javascripts/workers/ up to the site's root.
  var PAPERS = new URL("../../../search/papers.json", self.location.href);
  // SITE_INDEX, MkDocs' pages, as Material's page requests it.
  var PAGES = new URL("../../../search/search_index.json", self.location.href);
  // Material's message types (integrations/search/worker/message).
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  // The page's messages (docs/javascripts/search.js): the reader went for the search box (with Material's search
  // options), the reader's query; this worker's: a query's papers, and every part read (none of Material's has a
  // `fold` key).
  var LOAD = "load", QUERIED = "query", RESULTS = "results", COMPLETE = { fold: "complete" };
  // The site's root, from assets/javascripts/workers/, which a result's address starts from as Material's do.
  var ROOT = new URL("../../../", self.location.href);
  // A paper's score, less its rank: above every page's, which Material scores by its rank among the pages.
  var PAPER_SCORE = 1000000;
  // The fields a paper is searched in (a word counts once, in the best field it is in).
  var FIELDS = ["name", "authors", "tags", "title", "text"];
  // A word only begun counts for less than one typed whole.
  var BEGUN = 0.5;
  // Papers a result lists at most: a one-letter query matches nearly all, each is copied to the page's thread, and a
  // reader pages through far fewer.
  var MAX_PAPERS = 100;
  var MAX_WORDS = 30;
  // Results whose matched words are marked: the first screens a reader sees, not a thousand titles.
  var MARKED = 30;
  var EXCERPT = 320;

  // Compatibility forms (subscripts, ligatures, full-width letters) and accents come apart under NFKD; the marks go.
  // Most words are plain ASCII, which folding leaves as it is: they skip it.
  function fold(text) {
    return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFKD").replace(/\p{M}+/gu, "");
  }

  // The separator splits at "&lt;" and "&gt;", which a text's words are read without.
  var ENTITIES = { "&amp;": "&", "&lt;": " ", "&gt;": " ", "&quot;": "\"", "&#x27;": "'", "&#39;": "'" };
  function unescape(text) {
    return text.indexOf("&") < 0 ? text : text.replace(/&(?:amp|lt|gt|quot|#x27|#39);/g, function (e) { return ENTITIES[e]; });
  }

  // What splits a text into words, in the papers' index (SEPARATOR in generator/site/search_index.py).
  var separator, splitter;
  function words(text) {
    return fold(unescape(clean(text))).toLowerCase().split(separator).filter(Boolean);
  }

  // For the pages' query to lunr, which Material matches word by word as a prefix: a word the reader has typed a
  // space after is finished and matched whole (a boost of 1 tells Material so), as the papers' matcher does.
  function finished(query) {
    var parts = query.split(/(\s+)/);
    for (var i = 0; i < parts.length - 2; i += 2) {
      if (/^[\p{L}\p{N}]+$/u.test(parts[i])) {
        parts[i] += "^1";
      }
    }
    return parts.join("");
  }

  // The first file (what every part shares: separator, weights, the authors' words, how many papers in all, the
  // other parts), and the parts read, each its columns as fetched, its first paper's number among all, and what is
  // searched: for each field, its papers' folded words in one string, " w1 w2 " for a paper and LINE between two,
  // and where each paper's stretch starts. A part that could not be read whole is left out; the pages are searched.
  var header = null, parts = [], table = null, loaded = 0;
  var LINE = "\x01";

  // The part that holds paper number `g` among all.
  function partOf(g) {
    for (var i = 0; i < parts.length; i++) {
      if (g >= parts[i].start && g < parts[i].start + parts[i].count) {
        return parts[i];
      }
    }
    return null;
  }

  function shortName(part, n) {
    var short = part.columns.name[n];
    return typeof short === "number" ? part.columns.title[n].slice(0, short) : short;
  }

  function authorsOf(part, n) {
    var codes = part.columns.authors[n];
    return codes ? codes.split(",").map(function (author) {
      return author.split(".").map(function (code) { return header.words[parseInt(code, 36)]; }).join(" ");
    }) : [];
  }

  function clean(text) {
    return text.indexOf(LINE) < 0 ? text : text.split(LINE).join(" ");
  }

  // Which characters split words, each tried against the separator the first time it is met (1: before a letter,
  // 2: before a digit, 4: tried): a word found in a text is then checked at its two ends alone, where making the
  // papers' text split into words first was a loop over every character of it, which a fresh worker's first part
  // waited for.
  var kinds = new Uint8Array(65536), probe = null;
  function kind(code) {
    var c = String.fromCharCode(code);
    probe.lastIndex = 0;
    var beforeLetter = probe.test(c + "a");
    probe.lastIndex = 0;
    return 4 | (beforeLetter ? 1 : 0) | (probe.test(c + "0") ? 2 : 0);
  }

  // Whether the character at `i` of the text splits words there (before the one after it).
  function gap(text, i) {
    var code = text.charCodeAt(i), next = text.charCodeAt(i + 1), k = kinds[code] || (kinds[code] = kind(code));
    return (k & (next >= 48 && next <= 57 ? 2 : 1)) !== 0;
  }

  // Each step runs once over every paper's text together, not once for each paper. Folding is the exception: its
  // pattern is slow over a long text, and few papers need it.
  function searchable(texts) {
    return lined(" " + texts.map(fold).join(" " + LINE + " ") + " ", texts.length);
  }

  function lined(joined, count) {
    var text = unescape(joined).toLowerCase(), starts = new Int32Array(count + 1);
    for (var n = 1, at = 0; n < count; n++) {
      at = text.indexOf(LINE, at) + 1;
      starts[n] = at;
    }
    starts[count] = text.length;
    return { text: text, starts: starts };
  }

  // Every paper's authors as their words, from the base-36 numbers of the authors column: "." between two words and
  // "," between two authors are spaces here, a word's number its word.
  function authorsText(columns) {
    return " " + columns.authors.join(" " + LINE + " ").replace(/([0-9a-z]+)|[.,]/g, function (match, code) {
      return code ? table[parseInt(code, 36)] : " ";
    }) + " ";
  }

  function begin(first) {
    if (typeof first.count !== "number" || !Array.isArray(first.parts) || !Array.isArray(first.words)) {
      throw new Error("not a papers index");
    }
    header = first;
    separator = new RegExp(first.separator);
    probe = new RegExp(first.separator, "y");
    splitter = new RegExp("(" + first.separator + ")");
    table = first.words.map(function (word) { return fold(clean(word)); });
    read(first);
  }

  // A part's columns made searchable, and added to what a query searches.
  function read(columns) {
    var count = columns.id.length, names = new Array(count), tags = new Array(count);
    var part = { start: columns.start, count: count, columns: columns, index: {} };
    if (typeof part.start !== "number" || part.start < 0 || part.start + count > header.count || partOf(part.start)) {
      throw new Error("a part out of place");
    }
    for (var n = 0; n < count; n++) {
      names[n] = clean(shortName(part, n)) + (columns.arxiv[n] ? " " + columns.id[n] : "");
      tags[n] = clean(columns.tags[n].join(" "));
    }
    part.index.name = searchable(names);
    part.index.authors = lined(authorsText(columns), count);
    part.index.tags = searchable(tags);
    part.index.title = searchable(columns.title.map(clean));
    part.index.text = searchable(columns.text.map(clean).join(LINE).replace(/<\/?p>/g, " ").split(LINE));
    parts.push(part);
    loaded += count;
  }

  // The paper whose part of the field holds the character at `at`.
  function paperAt(starts, at) {
    var low = 0, high = starts.length - 2;
    while (low < high) {
      var mid = (low + high + 1) >> 1;
      if (starts[mid] <= at) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  // Calls found(paper) once for each paper, by its number among all, whose field holds the word, in every part:
  // `wholly`, as a whole word, else as a word's beginning.
  function each(name, word, wholly, found) {
    parts.forEach(function (part) {
      var field = part.index[name], text = field.text, starts = field.starts, at = text.indexOf(word);
      while (at >= 0) {
        var end = at + word.length;
        if ((at === 0 || gap(text, at - 1)) && (!wholly || end >= text.length || gap(text, end))) {
          var paper = paperAt(starts, at);
          found(part.start + paper);
          at = text.indexOf(word, starts[paper + 1]);
        } else {
          at = text.indexOf(word, at + 1);
        }
      }
    });
  }

  // 0: the query is the paper's short name or id; 1: every word typed is a word of one author's name; 2: the same,
  // the last word only begun; 3: anything else. `whole` and `begun` say which words the name and the authors hold,
  // whole or begun (bits by word), so that only a paper that may rank higher is looked at word by word.
  function tier(g, typed, prefix, whole, begun) {
    var every = (1 << typed.length) - 1, joined = typed.join(" "), part = partOf(g), n = g - part.start;
    if (whole.name[g] === every && (words(shortName(part, n)).join(" ") === joined ||
                                    part.columns.arxiv[n] && part.columns.id[n].toLowerCase() === joined)) {
      return 0;
    }
    var wholly = whole.authors[g] === every, partly = prefix && begun.authors[g] === every;
    if (typed.length === 1 || !(wholly || partly)) {
      return wholly ? 1 : partly ? 2 : 3;
    }
    var best = 3, last = typed[typed.length - 1];
    authorsOf(part, n).map(words).forEach(function (author) {
      var earlier = typed.slice(0, -1).every(function (word) { return author.indexOf(word) >= 0; });
      if (earlier && author.indexOf(last) >= 0) {
        best = Math.min(best, 1);
      } else if (earlier && prefix && author.some(function (word) { return word.startsWith(last); })) {
        best = Math.min(best, 2);
      }
    });
    return best;
  }

  // Which word of the query a word of a text (as written, escaped) is, or -1.
  function which(part, typed, prefix) {
    var word = fold(unescape(part)).toLowerCase(), last = typed.length - 1;
    for (var k = 0; k < typed.length; k++) {
      if (word === typed[k] || (prefix && k === last && word.startsWith(typed[k]))) {
        return k;
      }
    }
    return -1;
  }

  function matches(part, typed, prefix) {
    return which(part, typed, prefix) >= 0;
  }

  // The escaped text with each word the query matched marked, as Material marks its matches.
  function mark(html, typed, prefix) {
    return html.split(splitter).map(function (part, i) {
      return i % 2 || !part || !matches(part, typed, prefix) ? part : "<mark>" + part + "</mark>";
    }).join("");
  }

  // Of a result's text, the EXCERPT characters from its opening (the byline), or around the first word of the query
  // the title lacks, whole words only, so that no escaped character is cut: a result shows a few lines, and each is
  // copied to the page's thread.
  function excerpt(html, title, typed, prefix, marked) {
    var parts = html.replace(/^<p>|<\/p>$/g, "").split(splitter), at = 0, chars = 0, shown = {};
    title.split(splitter).forEach(function (part, i) { shown[i % 2 ? -1 : which(part, typed, prefix)] = true; });
    for (var i = 0; marked && i < parts.length; i += 2) {
      var k = parts[i] ? which(parts[i], typed, prefix) : -1;
      if (k >= 0 && !shown[k]) {
        at = i;
        break;
      }
    }
    // A little of what comes before the match, for its context.
    for (var lead = 0; at > 0 && lead + parts[at - 1].length + parts[at - 2].length <= EXCERPT / 4; at -= 2) {
      lead += parts[at - 1].length + parts[at - 2].length;
    }
    var out = [];
    for (var j = at; j < parts.length && chars + parts[j].length <= EXCERPT; j++) {
      out.push(j % 2 || !marked || !parts[j] || !matches(parts[j], typed, prefix) ? parts[j] : "<mark>" + parts[j] + "</mark>");
      chars += parts[j].length;
    }
    return "<p>" + (at > 0 ? "… " : "") + out.join("") + (j < parts.length ? " …" : "") + "</p>";
  }

  function paperResults(query) {
    if (!parts.length) {
      return [];
    }
    var all = words(query.replace(/[+*^~"]/g, " ")).filter(function (word, k, list) { return list.indexOf(word) === k; });
    if (!all.length) {
      return [];
    }
    // Each word is a bit of a paper's matches: a query of more words than an int holds keeps its first ones.
    var typed = all.slice(0, MAX_WORDS);
    // The last word may be still being typed: it is matched as begun.
    var prefix = !/[\s"]$/.test(query) && typed.length === all.length;
    var count = header.count, score = new Float64Array(count), has = new Int32Array(count);
    var whole = { name: new Int32Array(count), authors: new Int32Array(count) };
    var begun = { name: new Int32Array(count), authors: new Int32Array(count) };
    var seen = new Int32Array(count), best = new Float64Array(count), candidates = [];
    typed.forEach(function (word, k) {
      var hits = [], bit = 1 << k;
      // A word found whole is also begun; `wholly` says whether this needle is the whole word.
      function found(name, weight, wholly) {
        var wholes = wholly && whole[name], begins = begun[name];
        return function (paper) {
          if (wholes) {
            wholes[paper] |= bit;
          }
          if (begins) {
            begins[paper] |= bit;
          }
          if (seen[paper] !== k + 1) {
            seen[paper] = k + 1;
            hits.push(paper);
            best[paper] = weight;
          } else if (best[paper] < weight) {
            best[paper] = weight;
          }
        };
      }
      var typing = prefix && k === typed.length - 1;
      FIELDS.forEach(function (name) {
        var weight = header.weights[name];
        each(name, word, true, found(name, weight, true));
        if (typing) {
          each(name, word, false, found(name, weight * BEGUN, false));
        }
      });
      // Rarer words say more: the inverse document frequency among the papers read, as lunr weighs them.
      var rarity = Math.log(1 + loaded / hits.length);
      for (var i = 0; i < hits.length; i++) {
        var paper = hits[i];
        if (!has[paper]) {
          candidates.push(paper);
        }
        has[paper] |= bit;
        score[paper] += best[paper] * rarity;
      }
    });
    var ranked = candidates.map(function (n) {
      var found = 0;
      for (var bits = has[n]; bits; bits &= bits - 1) {
        found++;
      }
      return { n: n, tier: tier(n, typed, prefix, whole, begun), found: found };
    });
    ranked.sort(function (a, b) {
      return a.tier - b.tier || b.found - a.found || score[b.n] - score[a.n] || b.n - a.n;
    });
    return ranked.slice(0, MAX_PAPERS).map(function (entry, rank) {
      var g = entry.n, part = partOf(g), columns = part.columns, n = g - part.start, matched = [], missing = [];
      var title = columns.title[n], text = columns.text[n];
      typed.forEach(function (word, k) { (has[g] & (1 << k) ? matched : missing).push(word); });
      if (rank < MARKED) {
        title = mark(title, typed, prefix);
      }
      var url = new URL(header.page.replace("{id}", columns.id[n]), ROOT);
      if (render.highlight) {
        url.searchParams.set("h", matched.join(" "));
      }
      return item(url.href, PAPER_SCORE - rank, title, text && excerpt(text, columns.title[n], typed, prefix, rank < MARKED),
                  columns.tags[n], missing);
    });
  }

  var SPECIAL = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" };
  function escape(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return SPECIAL[c]; });
  }

  // One result as Material's own template draws a page (its title, its text, its tags, the query's words it lacks),
  // so that its styles, its keys (arrows, Enter to the highest score) and its tests hold for the papers too. The
  // title and text are HTML already, escaped by the generator and marked here.
  function item(href, score, title, text, tags, missing) {
    return "<li class=\"md-search-result__item\"><a href=\"" + escape(href) + "\" class=\"md-search-result__link\" tabindex=\"-1\">" +
      "<article class=\"md-search-result__article md-typeset\" data-md-score=\"" + score.toFixed(2) + "\">" +
      "<div class=\"md-search-result__icon md-icon\"></div><h1>" + title + "</h1>" + (text || "") +
      (tags.length ? "<nav class=\"md-tags\">" + tags.map(function (tag) {
        return "<span class=\"md-tag\">" + escape(tag) + "</span>";
      }).join("") + "</nav>" : "") +
      (missing.length ? "<p class=\"md-search-result__terms\">" + escape(render.missing) + ": " + missing.map(function (word) {
        return "<del>" + escape(word) + "</del>";
      }).join(" ") + "</p>" : "") + "</article></a></li>";
  }

  // Material's results for the pages, scored below every paper (Enter opens the highest score) in the order given.
  function pagesOnly(pages, query) {
    var items = (pages && pages.items) || [];
    return Object.assign({}, pages, { query: query, items: items.map(function (group, n) {
      return [Object.assign({}, group[0], { score: items.length - n })].concat(group.slice(1));
    }) });
  }

  // Material's script adds its message listener and answers through postMessage: both pass through here.
  var listen = self.addEventListener.bind(self);
  var handlers = [];
  self.addEventListener = function (type, handler, options) {
    return type === "message" ? handlers.push(handler) : listen(type, handler, options);
  };
  var post = self.postMessage.bind(self);
  // Material's queries sent to lunr, in order, each answered by one RESULT.
  var queries = [];
  var indexed = false, onIndexed = null;
  self.postMessage = function (message) {
    if (message && message.type === READY) {
      indexed = true;
      if (onIndexed) {
        onIndexed();
      }
      return post(message);
    }
    var query = message && message.type === RESULT ? queries.shift() : undefined;
    if (typeof query !== "string") {
      return post(message);
    }
    post({ type: RESULT, data: pagesOnly(message.data, query) });
  };

  // The papers that answer the reader's query, drawn by the page as they are (docs/javascripts/search.js). Until
  // every part is read, this answer is the last one given without some, given again once they are in.
  var complete = false, partial = null;
  function answer(query) {
    var items = paperResults(query);
    post({ fold: RESULTS, query: query, items: items });
    partial = complete ? null : query;
    // Not on an empty query (the box emptied): a reader who has not typed yet would wait for the other parts.
    if (query.trim()) {
      later();
    }
  }

  function dispatch(message) {
    handlers.forEach(function (handler) { handler.call(self, { data: message }); });
  }

  function fetchText(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) {
        throw new Error(url + ": HTTP " + response.status);
      }
      return response.text();
    });
  }

  function fetchJSON(url) {
    return fetchText(url).then(JSON.parse);
  }

  // How the page draws a result: Material's options (search.highlight: a link carries the words it matched, ?h=)
  // and the word its template puts before the words a result lacks, both from the page's configuration.
  var render = { highlight: false, missing: "Missing" };

  // The first papers' download and index, begun once: when the page says the reader went for the search box, with
  // Material's search options (docs/javascripts/search.js). The reader's queries come from the page itself and are
  // answered from the papers read so far. Material's script and the pages' index are fetched after the first answer,
  // whose file their requests would share the network with, and lunr indexes the pages then: its READY tells
  // Material to send its own queries, whose results (the pages) it draws below the papers. Without the page's word
  // (a shared ?q= address, whose request the page does not hold), Material's own setup message, once its request for
  // the pages' index is in, sets lunr up.
  var loading = null, script = null, options = null;
  function load(given) {
    if (given) {
      options = { suggest: Boolean(given.suggest) };
      render = { highlight: Boolean(given.highlight), missing: String(given.missing || render.missing) };
    }
    if (!loading) {
      loading = fetchJSON(PAPERS).then(begin).catch(function (error) {
        console.error("fold.js: no papers to search (" + PAPERS + ": " + error.message + ")");
      });
    }
    return loading;
  }

  function materialScript() {
    if (!script) {
      script = fetchText(new URL(worker, self.location.href));
      script.catch(function () {});
    }
    return script;
  }

  // lunr indexes the pages, once: Material's script is run (importScripts would hold this thread, and the papers'
  // reading, until it came) and handed its setup message; done when it answers READY.
  var indexing = null;
  function indexPages(setup) {
    if (!indexing) {
      indexing = Promise.all([materialScript(), setup]).then(function (done) {
        importScripts(URL.createObjectURL(new Blob([done[0]], { type: "text/javascript" })));
        // lunr runs every word of a page and of a query through its pipeline; folding there covers both.
        var run = self.lunr.Pipeline.prototype.run;
        self.lunr.Pipeline.prototype.run = function (tokens) {
          return run.call(this, tokens.map(function (token) { return token.update(fold); }));
        };
        return new Promise(function (resolve) {
          onIndexed = resolve;
          dispatch({ type: SETUP, data: done[1] });
        });
      });
    }
    return indexing;
  }

  // The other parts, fetched together, and read one a task, in turn, so that a query waits for one part at most; a
  // part that cannot be read is left out.
  function readRest() {
    return (header ? header.parts : []).map(function (entry) {
      var url = new URL(entry[0], PAPERS), text = fetchText(url);
      // Its failure is reported when its turn comes, not as an unhandled rejection before.
      text.catch(function () {});
      return { url: url, text: text };
    }).reduce(function (before, part) {
      return before.then(function () { return part.text; }).then(function (text) {
        read(JSON.parse(text));
      }).catch(function (error) {
        console.error("fold.js: papers left out of search (" + part.url + ": " + error.message + ")");
      }).then(function () {
        return new Promise(function (resolve) { setTimeout(resolve, 0); });
      });
    }, Promise.resolve());
  }

  // Once a first answer has gone: the pages indexed (if this worker has their index) and the other parts read; then
  // the last answer given without some is given again, whole, and the page is told.
  var rest = null;
  function later() {
    if (rest) {
      return;
    }
    // Told by the page, this worker fetches the pages' index itself (Material's request for it is held).
    var pages = (options ? indexPages(fetchJSON(PAGES).then(function (index) {
      return { config: index.config, docs: index.docs, options: options };
    })) : indexing || Promise.resolve()).catch(function (error) {
      console.error("fold.js: pages left out of search (" + error.message + ")");
    });
    rest = Promise.all([pages, readRest()]).then(function () {
      queue = queue.then(finish);
    });
  }

  function finish() {
    complete = true;
    if (partial !== null) {
      answer(partial);
    }
    // Material answers in a microtask of its own: the page is told after that answer.
    return new Promise(function (resolve) { setTimeout(resolve, 0); }).then(function () { post(COMPLETE); });
  }

  // Material's messages: its setup has lunr index the pages now, unless this worker has their index already; its
  // queries (sent once lunr is READY) go to lunr, whose results are the pages'.
  function prepare(message) {
    if (message && message.type === SETUP) {
      load();
      return options ? null : indexPages(message.data).then(function () { return null; });
    }
    if (message && message.type === QUERY && typeof message.data === "string") {
      if (!indexed) {
        return null;
      }
      queries.push(message.data);
      return { type: QUERY, data: finished(fold(message.data)) };
    }
    return message;
  }

  // One message at a time, in order: a query waits for the first papers to be read, and one the reader typed over
  // meanwhile is not answered (the page's thread would draw results the reader has typed past). `asked`: the
  // reader's queries received.
  var queue = Promise.resolve(), asked = 0;
  listen("message", function (event) {
    var data = event.data;
    if (data && data.fold === LOAD) {
      return void load(data);
    }
    if (data && data.fold === QUERIED) {
      var number = ++asked, query = String(data.query);
      queue = queue.then(load).then(function () {
        if (number === asked) {
          answer(query);
        }
      }).catch(function (error) {
        console.error("fold.js: " + error.message);
      });
      return;
    }
    queue = queue.then(function () { return prepare(data); }).then(function (message) {
      if (message !== null) {
        dispatch(message);
      }
    }).catch(function (error) {
      console.error("fold.js: " + error.message);
    });
  });
})();

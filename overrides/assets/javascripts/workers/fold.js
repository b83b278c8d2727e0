// Material's search worker, started only when a reader means to search, with the papers added and every word folded.
// - Material's script (lunr and its handler) is imported when its setup message comes, which overrides/main.html
//   holds back until the reader goes for the search box: a visit without a search loads neither it nor the papers.
// - The papers' entries come packed in columns (search/papers.json, generator/site/search_index.py) and are
//   unpacked into Material's documents here, off the page's thread.
// - "H₂O" and "Lévy" are indexed as "H2O" and "Levy", and a query is folded the same way, so either spelling finds
//   the other; results still show the text as written, since only the words lunr matches are folded.
// - Lunr matches every word as a prefix, so "An Yuwen" also finds "Anka Yuwenko": results are put in order again,
//   a paper whose short name or id is the query first, then one with an author of exactly the words typed.
(function () {
  "use strict";
  var worker = new URL(self.location.href).searchParams.get("worker") || "";
  // Only Material's own worker, beside this file: the name comes from the page's configuration.
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker)) {
    throw new Error("fold.js: no Material search worker named (worker=" + worker + ")");
  }
  // PAPERS_INDEX of generator/site/search_index.py, from assets/javascripts/workers/ up to the site's root.
  var PAPERS = new URL("../../../search/papers.json", self.location.href);
  // Material's message types (integrations/search/worker/message).
  var SETUP = 0, QUERY = 2, RESULT = 3;

  // Compatibility forms (subscripts, ligatures, full-width letters) and accents come apart under NFKD; the marks go.
  // Most words are plain ASCII, which folding leaves as it is: they skip it, so indexing costs no more.
  function fold(text) {
    return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFKD").replace(/\p{M}+/gu, "");
  }

  var separator = /\s+/;
  function words(text) {
    return fold(text).toLowerCase().split(separator).filter(Boolean);
  }

  // Material matches every word as a prefix. A word the reader has typed a space after is finished: it is matched
  // whole (a boost of 1 tells Material so), or "An Yuwen" would search every word that begins with "an". The last
  // word is still a prefix, as the reader may be typing it.
  function finished(query) {
    var parts = query.split(/(\s+)/);
    for (var i = 0; i < parts.length - 2; i += 2) {
      if (/^[\p{L}\p{N}]+$/u.test(parts[i])) {
        parts[i] += "^1";
      }
    }
    return parts.join("");
  }

  // By a paper's address: its names (short name, id) and its authors, as words a query is compared with.
  var names = new Map();
  var authors = new Map();

  function unpack(columns) {
    var docs = [];
    for (var n = 0; n < columns.id.length; n++) {
      // A short name is given as how many of the title's characters it is, unless it does not begin the title.
      var id = columns.id[n], short = columns.name[n];
      short = typeof short === "number" ? columns.title[n].slice(0, short) : short;
      var people = columns.authors[n] ? columns.authors[n].split(",").map(function (author) {
        return author.split(".").map(function (code) { return columns.words[parseInt(code, 36)]; }).join(" ");
      }) : [];
      var doc = {
        location: columns.page.replace("{id}", id), title: columns.title[n], text: columns.text[n],
        name: columns.arxiv[n] ? (short ? short + " " + id : id) : short, authors: people
      };
      if (columns.tags[n].length) {
        doc.tags = columns.tags[n];
      }
      names.set(doc.location, [words(short).join(" "), columns.arxiv[n] ? id.toLowerCase() : ""]);
      authors.set(doc.location, people.map(words));
      docs.push(doc);
    }
    return docs;
  }

  // 0: the query is the paper's short name or id; 1: every word typed is a word of one author's name; 2: the same,
  // the last word only begun; 3: anything else lunr found.
  function tier(location, typed) {
    var joined = typed.join(" ");
    if ((names.get(location) || []).indexOf(joined) >= 0) {
      return 0;
    }
    var best = 3;
    (authors.get(location) || []).forEach(function (author) {
      var whole = typed.every(function (word) { return author.indexOf(word) >= 0; });
      var begun = whole || typed.slice(0, -1).every(function (word) { return author.indexOf(word) >= 0; }) &&
        author.some(function (word) { return word.startsWith(typed[typed.length - 1]); });
      best = Math.min(best, whole ? 1 : begun ? 2 : 3);
    });
    return best;
  }

  function reorder(result, query) {
    // Lunr's operators are no part of a name.
    var typed = words(query.replace(/[+*^~]/g, " "));
    if (!typed.length || !result || !result.items) {
      return result;
    }
    var ranked = result.items.map(function (group, n) { return { group: group, tier: tier(group[0].location, typed), n: n }; });
    ranked.sort(function (a, b) { return a.tier - b.tier || a.n - b.n; });
    var items = ranked.map(function (entry) { return entry.group; });
    // Enter opens the result of the highest score: scores are made to fall with the order.
    for (var i = items.length - 2; i >= 0; i--) {
      if (items[i][0].score < items[i + 1][0].score) {
        items[i][0].score = items[i + 1][0].score;
      }
    }
    return Object.assign({}, result, { items: items });
  }

  // Material's script adds its message listener and answers through postMessage: both pass through here.
  var listen = self.addEventListener.bind(self);
  var handlers = [];
  self.addEventListener = function (type, handler, options) {
    return type === "message" ? handlers.push(handler) : listen(type, handler, options);
  };
  var post = self.postMessage.bind(self);
  var queries = [];
  self.postMessage = function (message) {
    var query = message && message.type === RESULT ? queries.shift() : undefined;
    return post(typeof query === "string" ? { type: RESULT, data: reorder(message.data, query) } : message);
  };

  function setup(message) {
    var papers = fetch(PAPERS).then(function (response) {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    });
    importScripts(worker);
    // lunr runs every word of a document and of a query through its pipeline; folding there covers both.
    var run = self.lunr.Pipeline.prototype.run;
    self.lunr.Pipeline.prototype.run = function (tokens) {
      return run.call(this, tokens.map(function (token) { return token.update(fold); }));
    };
    separator = new RegExp(message.data.config.separator);
    return papers.then(unpack, function (error) {
      console.error("fold.js: no papers to search (" + PAPERS + ": " + error.message + ")");
      return [];
    }).then(function (docs) {
      return { type: SETUP, data: Object.assign({}, message.data, { docs: message.data.docs.concat(docs) }) };
    });
  }

  function prepare(message) {
    if (message && message.type === SETUP) {
      return setup(message);
    }
    if (message && message.type === QUERY && typeof message.data === "string") {
      queries.push(message.data);
      return { type: QUERY, data: finished(fold(message.data)) };
    }
    return message;
  }

  // One message at a time, in order: a query waits for the papers to be indexed.
  var queue = Promise.resolve();
  listen("message", function (event) {
    queue = queue.then(function () { return prepare(event.data); }).then(function (message) {
      handlers.forEach(function (handler) { handler.call(self, { data: message }); });
    });
  });
})();

// Material's search worker with every word folded, in the index and in queries alike: "H₂O" and "Lévy" are
// indexed as "H2O" and "Levy", and a query is folded the same way, so either spelling finds the other.
// Results still show the text as written, since only the words lunr matches are folded.
(function () {
  "use strict";
  var worker = new URL(self.location.href).searchParams.get("worker") || "";
  // Only Material's own worker, beside this file: the name comes from the page's configuration.
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(worker)) {
    throw new Error("fold.js: no Material search worker named (worker=" + worker + ")");
  }

  // Compatibility forms (subscripts, ligatures, full-width letters) and accents come apart under NFKD; the marks go.
  // Most words are plain ASCII, which folding leaves as it is: they skip it, so indexing costs no more.
  function fold(text) {
    return /^[\x00-\x7f]*$/.test(text) ? text : text.normalize("NFKD").replace(/\p{M}+/gu, "");
  }

  // Material answers each message through the listener it adds; a query (type 2) reaches it folded.
  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, handler, options) {
    if (type !== "message") {
      return listen(type, handler, options);
    }
    return listen(type, function (event) {
      var message = event.data;
      if (message && message.type === 2 && typeof message.data === "string") {
        message = { type: message.type, data: fold(message.data) };
      }
      return handler.call(this, { data: message });
    }, options);
  };

  importScripts(worker);

  // lunr runs every word of a document and of a query through its pipeline; folding there covers both.
  var run = self.lunr.Pipeline.prototype.run;
  self.lunr.Pipeline.prototype.run = function (tokens) {
    return run.call(this, tokens.map(function (token) { return token.update(fold); }));
  };
})();

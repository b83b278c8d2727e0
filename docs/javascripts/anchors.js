/*
 * Old card addresses (topics/<slug>/#<paper id>) keep working: each paper is listed on its primary topic's
 * first page with its id, and when the id is on no element of this page (the paper is on a later page of
 * the list, or moved to another topic) the reader is sent to the paper's own page, papers/<id>/.
 * Loaded on every page by mkdocs.yml; it does nothing outside topic pages.
 */
(function () {
  "use strict";
  var id = decodeURIComponent(window.location.hash.slice(1));
  var topic = /^(.*\/)topics\/[^/]+\/(page-\d+\/)?(index\.html)?$/.exec(window.location.pathname);
  // Paper ids are lower-case letters, digits, dots and hyphens (generator/ids.py); headings use underscores.
  if (!topic || !/^[a-z0-9][a-z0-9.-]*$/.test(id) || document.getElementById(id)) return;
  window.location.replace(topic[1] + "papers/" + encodeURIComponent(id) + "/");
})();

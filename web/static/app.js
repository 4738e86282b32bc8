// teilhabe works without this script; it only helps.
"use strict";

// When a form comes back with problems, move the focus to their summary,
// so that keyboard and screen-reader users start there (the summary links
// to each field).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
});

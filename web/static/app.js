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

// A print button where the page is meant for paper: without the script
// it stays hidden and the page says to use the browser's print function.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
});

// A select whose options are grouped by the value of a radio group
// (data-domain-from names it; each optgroup's data-domain is the value it
// belongs to) offers only the chosen value's group: the sponsors of the
// chosen legal domain. Without the script all groups are offered and the
// server refuses a pair that does not match.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-domain-from]").forEach(function (select) {
    var name = select.getAttribute("data-domain-from");
    var radios = select.form ? select.form.querySelectorAll('input[type="radio"][name="' + name + '"]') : [];
    function apply() {
      var chosen = select.form.querySelector('input[type="radio"][name="' + name + '"]:checked');
      var domain = chosen ? chosen.value : "";
      select.querySelectorAll("optgroup[data-domain]").forEach(function (group) {
        var other = domain !== "" && group.getAttribute("data-domain") !== domain;
        group.disabled = other;
        group.hidden = other;
      });
      var option = select.options[select.selectedIndex];
      if (option && option.parentNode.disabled) {
        select.value = "";
      }
    }
    radios.forEach(function (radio) {
      radio.addEventListener("change", apply);
    });
    apply();
  });
});

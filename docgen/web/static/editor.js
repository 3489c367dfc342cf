/* docgen editor: add and remove repeated rows (pairs, mentees, roadmap rows...).
   No inline scripts: the page only marks containers with data-* attributes.
   A container [data-repeat] holds [data-rows], a <template> and a [data-add] button;
   the template's names carry a placeholder (data-placeholder) replaced by the next index. */
(function () {
  "use strict";

  function addRow(box) {
    var template = box.querySelector(":scope > template");
    var rows = box.querySelector(":scope > [data-rows]");
    if (!template || !rows) { return; }
    var placeholder = box.getAttribute("data-placeholder");
    var next = parseInt(box.getAttribute("data-next") || "0", 10);
    box.setAttribute("data-next", String(next + 1));
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.split(placeholder).join(String(next));
    var row = holder.firstElementChild;
    rows.appendChild(row);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var add = target.closest("[data-add]");
    if (add) {
      event.preventDefault();
      addRow(add.closest("[data-repeat]"));
      return;
    }
    var remove = target.closest("[data-remove]");
    if (remove) {
      event.preventDefault();
      var row = remove.closest("[data-row]");
      var box = row && row.closest("[data-repeat]");
      if (row) { row.remove(); }
      var addButton = box && box.querySelector(":scope > [data-add]");
      if (addButton) { addButton.focus(); }
    }
  });

  /* Select-all checkbox of the archive export list. */
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLInputElement && target.hasAttribute("data-select-all")) {
      var form = target.form;
      if (!form) { return; }
      form.querySelectorAll("input[type=checkbox][name=ids]").forEach(function (box) {
        box.checked = target.checked;
      });
    }
  });

  /* Move focus to the error summary after a save, so screen readers announce it. */
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary && window.location.search.indexOf("check=1") !== -1 && !window.location.hash) {
      summary.focus();
    }
  });
})();

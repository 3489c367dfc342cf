/* docgen editor: add and remove repeated rows (pairs, mentees, roadmap rows...).
   No inline scripts: the page only marks containers with data-* attributes.
   A container [data-repeat] holds [data-rows], a <template> and a [data-add] button;
   the template's names carry a placeholder (data-placeholder) replaced by the next index. */
(function () {
  "use strict";

  function addRow(box) {
    var template = box.querySelector(":scope > template");
    var rows = box.querySelector(":scope > [data-rows]") || box.querySelector("[data-rows]");
    if (!template || !rows) { return; }
    var placeholder = box.getAttribute("data-placeholder");
    var next = parseInt(box.getAttribute("data-next") || "0", 10);
    box.setAttribute("data-next", String(next + 1));
    var holder = document.createElement(rows.tagName === "TBODY" ? "tbody" : "div");  // table rows too
    holder.innerHTML = template.innerHTML.split(placeholder).join(String(next));
    var row = holder.firstElementChild;
    rows.appendChild(row);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
  }

  function hasValues(row) {
    var fields = row.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), textarea");
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].value.trim() !== "") { return true; }
    }
    return false;
  }

  /* Narrow screens: the section navigation folds behind a «Меню» button (without scripts
     it simply stays open). */
  function menuButton() {
    var header = document.querySelector("header.site");
    var nav = header && header.querySelector("nav");
    var list = nav && nav.querySelector("ul");
    if (!list) { return; }
    list.id = list.id || "site-menu";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "menu-button secondary";
    button.textContent = "Меню";
    button.setAttribute("aria-controls", list.id);
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = header.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    nav.insertBefore(button, list);
    header.classList.add("has-menu");
  }
  document.addEventListener("DOMContentLoaded", menuButton);

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
      /* A row with something typed in it (a pair, a person, a stage) is removed only after
         a confirmation; an empty new row goes at once. */
      if (row && hasValues(row) && !window.confirm(
        remove.textContent.trim() + "? Всё, что введено в этой строке, пропадёт после сохранения."
      )) { return; }
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

/* «Сформировать и зарегистрировать»: the form is sent once. After the first submit the button
   is disabled and says the package is being made; further submits (a double click, Enter) are
   ignored. The server does not rely on this: the form's one-time token (issue_token) makes a
   repeated POST lead to the batch the first one issued.
   No inline scripts: the page marks the form with data-issue-once. */
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-issue-once")) { return; }
    if (form.getAttribute("data-sent") === "1") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-sent", "1");
    var progress = form.querySelector("[data-issue-progress]");
    if (progress) { progress.hidden = false; }  // what is being made, while the server works
    var buttons = form.querySelectorAll("button[type=submit], input[type=submit]");
    window.setTimeout(function () {  // after the browser has taken the form's data
      buttons.forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
        var busy = button.getAttribute("data-busy-text");
        if (busy) { button.textContent = busy; }
      });
    }, 0);
  });

  // Back from the batch page (bfcache): the form is shown again; a new submit is allowed and
  // leads, by the same token, to the batch already issued.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-issue-once]").forEach(function (form) {
      form.removeAttribute("data-sent");
      var progress = form.querySelector("[data-issue-progress]");
      if (progress) { progress.hidden = true; }
      form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });
})();

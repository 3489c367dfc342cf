/* «Сформировать и зарегистрировать»: the form is sent once. After the first submit the button
   is disabled and says the package is being made; further submits (a double click, Enter) are
   ignored. The server does not rely on this: the form's one-time token (issue_token) makes a
   repeated POST lead to the batch the first one issued.
   While the POST runs, the page (still open until the answer comes) polls the progress
   (data-progress-url, docgen/web/issue_progress.py) and shows the documents made and the step:
   every number shown comes from that answer.
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
    if (progress) {
      progress.hidden = false;  // what is being made, while the server works
      var url = form.getAttribute("data-progress-url");
      if (url) { watch(form, progress, url); }
    }
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

  function watch(form, box, url) {
    var bar = box.querySelector("progress");
    var stage = box.querySelector("[data-issue-stage]");
    var count = box.querySelector("[data-issue-count]");
    var shownStage = "";
    var failures = 0;

    function show(state) {
      if (bar) { bar.value = state.percent; bar.textContent = state.percent + "%"; }
      if (stage && state.stage !== "waiting" && state.stage !== shownStage) {
        shownStage = state.stage;  // the live region speaks once per step, not per document
        stage.textContent = state.text + ".";
      }
      if (count && state.total) {
        count.textContent = "Сформировано документов: " + state.done + " из " + state.total +
          " (" + state.percent + "%)" + (state.current ? ". Последний: " + state.current : "");
      }
    }

    function tick() {
      if (form.getAttribute("data-sent") !== "1") { return; }  // back from the batch page
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (state) {
          failures = 0;
          show(state);
          if (state.active) { window.setTimeout(tick, 400); }
        })
        .catch(function () {
          failures += 1;
          if (failures < 20) { window.setTimeout(tick, 1000); }
        });
    }

    window.setTimeout(tick, 200);
  }

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

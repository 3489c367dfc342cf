/* «Проекты документов школ»: the job page polls its JSON status every second and moves the
   progress bar; when the job ends, the page reloads to show the ZIPs (or the error).
   No inline scripts: the page marks the box with data-job-status (the status URL). */
(function () {
  "use strict";

  function start(box) {
    var url = box.getAttribute("data-job-status");
    var bar = box.querySelector("progress");
    // Every percentage on the page (the bar's caption and the status badge): one source, the job.
    var percents = document.querySelectorAll("[data-job-percent]");
    var text = box.querySelector("[data-job-text]");
    var failures = 0;

    function tick() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (job) {
          failures = 0;
          if (bar) { bar.value = job.percent; bar.textContent = job.percent + "%"; }
          percents.forEach(function (percent) { percent.textContent = String(job.percent); });
          if (text) {
            text.textContent = job.stage + (job.total ? " (документов: " + job.done + " из " + job.total + ")" : "");
          }
          if (job.active) {
            window.setTimeout(tick, 1000);
          } else {
            window.location.reload();
          }
        })
        .catch(function () {
          failures += 1;
          if (failures < 30) { window.setTimeout(tick, 2000); }
        });
    }

    window.setTimeout(tick, 1000);
  }

  function init() {
    document.querySelectorAll("[data-job-status][data-active='1']").forEach(start);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

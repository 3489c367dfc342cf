/* PDF copies and page pictures that are still being prepared answer 202 («готовится»).
   <img data-poll>: ask for the picture again until it is ready, then show it.
   [data-poll-reload="URL"]: ask for URL until it is ready, then reload the page (the page
   pictures of a record or of a template version). No inline scripts (the CSP forbids them). */
(function () {
  "use strict";

  var DELAY = 1500;
  var TRIES = 120; // three minutes: longer than a conversion's own limits

  function poll(url, tries, done) {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status === 202 && tries > 0) {
          window.setTimeout(function () { poll(url, tries - 1, done); }, DELAY);
        } else {
          done();
        }
      })
      .catch(function () {
        if (tries > 0) { window.setTimeout(function () { poll(url, tries - 1, done); }, DELAY * 2); }
      });
  }

  document.querySelectorAll("img[data-poll]").forEach(function (img) {
    var url = img.getAttribute("src");
    poll(url, TRIES, function () {
      img.src = url + (url.indexOf("?") < 0 ? "?" : "&") + "ready=1";
      img.removeAttribute("data-poll");
    });
  });

  document.querySelectorAll("[data-poll-reload]").forEach(function (box) {
    poll(box.getAttribute("data-poll-reload"), TRIES, function () { window.location.reload(); });
  });
})();

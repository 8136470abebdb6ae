// Links marked data-history-back go back in the browser's history when there is a page to go
// back to, so that the form comes back with what was typed in it; otherwise they are plain links.
(function () {
  "use strict";
  document.querySelectorAll("a[data-history-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
  });
})();

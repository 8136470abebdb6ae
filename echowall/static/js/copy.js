// Copy buttons: <button class="copy-button" data-copy-text="…" data-copied-label="…"
// data-failed-label="…" hidden>. Hidden without JavaScript; the text stays selectable anyway.
(function () {
  "use strict";

  function copyWithSelection(text) {
    // Fallback where the Clipboard API is missing (pages served over plain http).
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
    document.body.removeChild(area);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyWithSelection(text); });
    }
    return copyWithSelection(text);
  }

  function setUp(button) {
    var status = button.parentNode.querySelector(".copy-status");
    var label = button.textContent;
    var timer;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(button.getAttribute("data-copy-text")).then(function () {
        button.textContent = button.getAttribute("data-copied-label");
        if (status) { status.textContent = button.getAttribute("data-copied-label"); }
        clearTimeout(timer);
        timer = setTimeout(function () { button.textContent = label; }, 3000);
      }, function () {
        if (status) { status.textContent = button.getAttribute("data-failed-label"); }
      });
    });
  }

  document.querySelectorAll(".copy-button[data-copy-text]").forEach(setUp);
})();

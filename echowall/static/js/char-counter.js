// Counts the characters typed in a long text box (a textarea with maxlength and data-counter,
// set by wall.forms.limit_box): "12 of 3000 characters" below the box, so that nobody writes a
// long description only to have it cut. The wording comes translated in data-counter.
(function () {
  "use strict";

  function attach(box, index) {
    var limit = parseInt(box.getAttribute("maxlength"), 10);
    var wording = box.getAttribute("data-counter");
    if (!limit || !wording) {
      return;
    }
    var counter = document.createElement("p");
    counter.className = "char-counter";
    counter.id = (box.id || "text-box-" + index) + "-counter";
    box.insertAdjacentElement("afterend", counter);
    var described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);

    function update() {
      var used = box.value.length;
      counter.textContent = wording
        .replace("%(used)s", String(used))
        .replace("%(limit)s", String(limit));
      counter.classList.toggle("near-limit", used >= limit * 0.9);
    }
    box.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("textarea[maxlength][data-counter]").forEach(attach);
})();

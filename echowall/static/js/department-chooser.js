// The department chooser on the issue desk (staff/widgets.py DepartmentChooser): a box
// that narrows the checkboxes as one types (name or short name; every word must match), while
// chosen departments always stay visible. Without JavaScript the box stays hidden and the plain
// checkboxes work as they are.
// Keys in the box: Enter chooses the only unchosen match (never submits the form), Escape
// clears the box, Down goes to the first shown checkbox; Up/Down move between shown checkboxes
// and Up from the first one comes back to the box.
(function () {
  "use strict";

  function normalise(text) {
    return (text || "").normalize("NFKC").toLowerCase();
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, key) { return values[key]; });
  }

  function setUp(chooser) {
    var tools = chooser.querySelector(".department-chooser-tools");
    var filter = chooser.querySelector("[data-chooser-filter]");
    var status = chooser.querySelector("[data-chooser-status]");
    var options = Array.prototype.map.call(
      chooser.querySelectorAll("[data-chooser-option]"),
      function (row) {
        var box = row.querySelector("input[type=checkbox]");
        var label = row.querySelector("label");
        return {
          row: row, box: box, name: (label ? label.textContent : "").trim(),
          words: normalise(box.getAttribute("data-search") + " " + (label ? label.textContent : "")),
        };
      }
    );

    function matches(option, terms) {
      return terms.every(function (term) { return option.words.indexOf(term) !== -1; });
    }

    function terms() {
      return normalise(filter.value).split(/\s+/).filter(Boolean);
    }

    function update() {
      var wanted = terms();
      var shown = 0;
      options.forEach(function (option) {
        var visible = option.box.checked || matches(option, wanted);
        option.row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      var chosen = options.filter(function (o) { return o.box.checked; })
        .map(function (o) { return o.name; });
      status.textContent = format(status.getAttribute("data-template"), {
        shown: shown, total: options.length,
        chosen: chosen.length ? chosen.join("、") : status.getAttribute("data-none"),
      });
    }

    function shownBoxes() {
      return options.filter(function (o) { return !o.row.hidden; }).map(function (o) { return o.box; });
    }

    filter.addEventListener("input", update);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var wanted = terms();
        var candidates = options.filter(function (o) { return !o.box.checked && matches(o, wanted); });
        if (wanted.length && candidates.length === 1) {
          candidates[0].box.checked = true;
          filter.value = "";
          update();
        }
      } else if (event.key === "Escape" && filter.value) {
        event.preventDefault();
        filter.value = "";
        update();
      } else if (event.key === "ArrowDown") {
        var first = shownBoxes()[0];
        if (first) { event.preventDefault(); first.focus(); }
      }
    });
    options.forEach(function (option) {
      option.box.addEventListener("change", update);
      option.box.addEventListener("keydown", function (event) {
        if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
        var boxes = shownBoxes();
        var at = boxes.indexOf(option.box) + (event.key === "ArrowDown" ? 1 : -1);
        event.preventDefault();
        if (at < 0) { filter.focus(); } else if (at < boxes.length) { boxes[at].focus(); }
      });
    });
    tools.hidden = false;
    update();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-department-chooser]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// Search helpers, no framework: suggestions under every search box with data-suggest-url,
// and similar existing threads under the title of the submit form (#similar-issues).
(function () {
  "use strict";

  function debounce(fn, wait) {
    var timer;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, wait);
    };
  }

  function fetchJSON(url, callback) {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { callback(data); } })
      .catch(function () { /* suggestions are a nicety: stay silent */ });
  }

  function link(item) {
    var a = document.createElement("a");
    a.href = item.url;
    a.textContent = item.title;  // textContent: never HTML from the server
    return a;
  }

  // Suggestions as an ARIA 1.2 combobox: the focus stays in the box, ArrowDown/ArrowUp move
  // the active option (aria-activedescendant), Enter opens it, Escape closes the list.
  function setupSuggest(input) {
    var list = document.createElement("ul");
    var listId = input.id + "-suggestions";
    var items = [], active = -1, asked = 0;
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    if (input.labels && input.labels[0]) {
      if (!input.labels[0].id) { input.labels[0].id = input.id + "-label"; }
      list.setAttribute("aria-labelledby", input.labels[0].id);
    }
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.insertAdjacentElement("afterend", list);

    function unique(found) {
      var seen = {};
      return found.filter(function (item) {
        var key = item.title.trim();
        if (!key || seen[key] || seen["#" + item.id]) { return false; }
        seen[key] = seen["#" + item.id] = true;
        return true;
      });
    }

    function setActive(index) {
      var options = list.children;
      if (active >= 0 && options[active]) { options[active].setAttribute("aria-selected", "false"); }
      active = index;
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      setActive(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function open() {
      if (!items.length) { return; }
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function show(found) {
      items = unique(found);
      list.textContent = "";
      active = -1;
      items.forEach(function (item, index) {
        var li = document.createElement("li");
        li.id = listId + "-" + index;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.url = item.url;
        li.textContent = item.title;  // textContent: never HTML from the server
        if (item.status) {
          var s = document.createElement("span");
          s.className = "suggestion-status";
          s.textContent = item.status;
          li.appendChild(s);
        }
        list.appendChild(li);
      });
      input.removeAttribute("aria-activedescendant");
      if (items.length) { open(); } else { close(); }
    }

    function choose(index) {
      var option = list.children[index];
      if (option) { window.location.assign(option.dataset.url); }
    }

    var update = debounce(function () {
      var q = input.value.trim();
      var ticket = ++asked;
      if (q.length < 1) { show([]); return; }
      fetchJSON(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), function (data) {
        if (ticket === asked) { show(data.suggestions || []); }  // ignore late answers
      });
    }, 200);

    input.addEventListener("input", update);
    input.addEventListener("keydown", function (e) {
      var count = list.children.length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        if (!count) { return; }
        e.preventDefault();
        if (list.hidden) { open(); }
        var step = e.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
      } else if (e.key === "Enter" && !list.hidden && active >= 0) {
        e.preventDefault();
        choose(active);
      } else if (e.key === "Escape" && !list.hidden) {
        e.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    // mousedown keeps the focus in the box; the click opens the thread.
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) {
      var option = e.target.closest("[role=option]");
      if (option) { choose(Array.prototype.indexOf.call(list.children, option)); }
    });
  }

  function setupSimilar(box) {
    var form = box.closest("form");
    var title = form && form.querySelector("input[name=title]");
    if (!title) { return; }
    var url = box.dataset.similarUrl || "/search/similar/";
    var update = debounce(function () {
      var text = title.value.trim();
      if (text.length < 4) { box.hidden = true; return; }
      fetchJSON(url + "?title=" + encodeURIComponent(text), function (data) {
        var items = data.similar || [];
        box.textContent = "";
        if (!items.length) { box.hidden = true; return; }
        var heading = document.createElement("p");
        heading.textContent = box.dataset.heading ||
          "Similar problems already on the wall: if one is yours, open it and say “me too”.";
        var ul = document.createElement("ul");
        items.forEach(function (item) {
          var li = document.createElement("li");
          li.appendChild(link(item));
          if (item.status) {
            var s = document.createElement("span");
            s.className = "badge";
            s.textContent = item.status;
            li.appendChild(document.createTextNode(" "));
            li.appendChild(s);
          }
          ul.appendChild(li);
        });
        box.appendChild(heading);
        box.appendChild(ul);
        box.hidden = false;
      });
    }, 400);
    title.addEventListener("input", update);
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(setupSuggest);
  var similar = document.getElementById("similar-issues");
  if (similar) { setupSimilar(similar); }
})();

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

  function setupSuggest(input) {
    var list = document.createElement("ul");
    var listId = input.id + "-suggestions";
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("aria-controls", listId);
    input.setAttribute("aria-autocomplete", "list");
    input.insertAdjacentElement("afterend", list);

    var update = debounce(function () {
      var q = input.value.trim();
      if (q.length < 1) { list.hidden = true; return; }
      fetchJSON(input.dataset.suggestUrl + "?q=" + encodeURIComponent(q), function (data) {
        list.textContent = "";
        (data.suggestions || []).forEach(function (item) {
          var li = document.createElement("li");
          li.setAttribute("role", "option");
          li.appendChild(link(item));
          list.appendChild(li);
        });
        list.hidden = !list.children.length;
      });
    }, 200);
    input.addEventListener("input", update);
    input.addEventListener("keydown", function (e) { if (e.key === "Escape") { list.hidden = true; } });
    document.addEventListener("click", function (e) {
      if (e.target !== input && !list.contains(e.target)) { list.hidden = true; }
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

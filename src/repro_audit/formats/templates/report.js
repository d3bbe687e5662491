// repro-audit report: sorting, filtering and opening rows. No network, no eval, no innerHTML.
(function () {
  "use strict";
  var table = document.getElementById("links");
  var form = document.querySelector("form.filters");
  var shown = document.getElementById("shown");
  if (!table || !form || !shown) { return; }
  var bodies = Array.prototype.slice.call(table.tBodies);
  var total = bodies.length;
  var words = new Map();
  bodies.forEach(function (body) {
    words.set(body, body.textContent.toLowerCase().replace(/\s+/g, " "));
  });
  var numeric = { index: true, stars: true, score: true, status: true };
  var state = { key: "index", dir: "asc" };
  var filters = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var text = document.getElementById("f-text");
  var sortSelect = document.getElementById("f-sort");

  function value(body, key) {
    return key === "status" ? body.dataset.statusRank : body.dataset[key] || "";
  }

  function compare(a, b) {
    var x = value(a, state.key), y = value(b, state.key);
    if (x === "" || y === "") {  // unknown values go last, whichever the direction
      if (x !== y) { return x === "" ? 1 : -1; }
      return Number(a.dataset.index) - Number(b.dataset.index);
    }
    var order = numeric[state.key] ? Number(x) - Number(y) : x.localeCompare(y);
    if (order === 0) { return Number(a.dataset.index) - Number(b.dataset.index); }
    return state.dir === "asc" ? order : -order;
  }

  function sort(key, dir) {
    state = { key: key, dir: dir };
    bodies.slice().sort(compare).forEach(function (body) { table.appendChild(body); });
    table.querySelectorAll("thead th").forEach(function (th) {
      var button = th.querySelector("button");
      var on = button && button.dataset.sort === key;
      th.setAttribute("aria-sort", on ? (dir === "asc" ? "ascending" : "descending") : "none");
    });
    sortSelect.value = key + ":" + dir;
    if (sortSelect.value !== key + ":" + dir) { sortSelect.selectedIndex = -1; }
  }

  function apply() {
    var terms = text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var count = 0;
    bodies.forEach(function (body) {
      var keep = filters.every(function (select) {
        return !select.value || body.dataset[select.dataset.filter] === select.value;
      }) && terms.every(function (term) { return words.get(body).indexOf(term) >= 0; });
      body.hidden = !keep;
      if (keep) { count += 1; }
    });
    shown.textContent = count === total
      ? total + " code link" + (total === 1 ? "" : "s") + "."
      : count + " of " + total + " code links shown.";
    remember();
  }

  function remember() {
    var params = new URLSearchParams();
    filters.forEach(function (select) {
      if (select.value) { params.set(select.dataset.filter, select.value); }
    });
    if (text.value) { params.set("q", text.value); }
    if (state.key !== "index" || state.dir !== "asc") { params.set("sort", state.key + ":" + state.dir); }
    var hash = params.toString();
    try {
      history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
    } catch (error) {  // some file:// setups refuse; the page works the same without it
    }
  }

  function restore() {
    var params = new URLSearchParams(location.hash.slice(1));
    filters.forEach(function (select) {
      var wanted = params.get(select.dataset.filter);
      if (wanted !== null && Array.prototype.some.call(select.options, function (o) {
        return o.value === wanted;
      })) { select.value = wanted; }
    });
    text.value = params.get("q") || "";
    var sortBy = (params.get("sort") || "").split(":");
    if (sortBy.length === 2 && table.querySelector('button[data-sort="' + sortBy[0] + '"]') &&
        (sortBy[1] === "asc" || sortBy[1] === "desc")) {
      sort(sortBy[0], sortBy[1]);
    }
  }

  table.querySelectorAll("thead button[data-sort]").forEach(function (button) {
    button.addEventListener("click", function () {
      var key = button.dataset.sort;
      sort(key, state.key === key && state.dir === "asc" ? "desc" : "asc");
      remember();
    });
  });
  sortSelect.addEventListener("change", function () {
    var parts = sortSelect.value.split(":");
    sort(parts[0], parts[1]);
    remember();
  });
  filters.forEach(function (select) { select.addEventListener("change", apply); });
  text.addEventListener("input", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function (event) {
    // The browser resets the fields only after this event, so a deferred re-filter would race
    // whatever the reader (or a test) does next: reset them here, at once, and cancel the default.
    event.preventDefault();
    filters.forEach(function (select) {
      var initial = Array.prototype.findIndex.call(select.options, function (o) {
        return o.defaultSelected;
      });
      select.selectedIndex = initial < 0 ? 0 : initial;
    });
    text.value = text.defaultValue;
    sort("index", "asc");
    apply();
  });

  table.querySelectorAll("button.toggle").forEach(function (button) {
    var details = document.getElementById(button.getAttribute("aria-controls"));
    if (!details) { return; }
    details.hidden = true;
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      details.hidden = !open;
    });
  });
  form.hidden = false;
  restore();
  apply();
}());

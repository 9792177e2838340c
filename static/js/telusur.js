// Telusur: small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";

  // Autocomplete on every search box: the ARIA 1.2 combobox pattern (input + listbox, aria-activedescendant).
  function setUpAutocomplete(form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector("[role=listbox]");
    var status = form.querySelector("[data-autocomplete-status]");
    if (!input || !list) { return; }
    var endpoint = form.getAttribute("data-autocomplete");
    var items = [];
    var active = -1;
    var timer = null;
    var controller = null;
    var lastQuery = "";

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function kindLabel(item) {
      return form.getAttribute("data-label-" + (item.kind === "entity" ? item.type : "article")) || "";
    }

    function announce(count) {
      if (!status) { return; }
      var text = count === 0 ? form.getAttribute("data-status-none")
        : count === 1 ? form.getAttribute("data-status-one")
        : (form.getAttribute("data-status-many") || "").replace("{n}", String(count));
      status.textContent = text || "";
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      items = [];
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      active = index;
      for (var i = 0; i < options.length; i++) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      var item = items[index];
      if (item) { window.location.assign(item.url); }
    }

    function render(results) {
      items = results;
      list.textContent = "";
      active = -1;
      results.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.className = "autocomplete__option autocomplete__option--" + item.kind;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var label = document.createElement("span");
        label.className = "autocomplete__label";
        label.textContent = item.label;
        var kind = document.createElement("span");
        kind.className = "autocomplete__kind";
        var icon = document.createElement("span");
        icon.className = "type-icon type-icon--" + (item.kind === "entity" ? item.type : "article");
        icon.setAttribute("aria-hidden", "true");
        if (item.kind === "entity") { kind.appendChild(icon); }
        kind.appendChild(document.createTextNode(kindLabel(item)));
        option.appendChild(label);
        option.appendChild(kind);
        // mousedown, not click: it fires before the input loses focus and closes the list.
        option.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(option);
      });
      var open = results.length > 0;
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      announce(results.length);
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === lastQuery) { return; }
      lastQuery = q;
      if (q.length < 2) { close(); return; }
      if (controller) { controller.abort(); }
      controller = typeof AbortController === "function" ? new AbortController() : null;
      fetch(endpoint + "?q=" + encodeURIComponent(q), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (input.value.trim() === q && document.activeElement === input) { render(data.results || []); }
        })
        .catch(function (error) { if (error.name !== "AbortError") { close(); } });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, 120);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown") {
        if (!open) { lastQuery = ""; fetchSuggestions(); return; }
        event.preventDefault();
        highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  // Article page: pointing at an entity in the sidebar lights up its mentions in the text.
  function setUpMentionHighlight() {
    var chips = document.querySelectorAll(".entity-sidebar [data-entity]");
    function light(slug, on) {
      var marks = document.querySelectorAll(".article__body [data-entity]");
      for (var i = 0; i < marks.length; i++) {
        if (marks[i].getAttribute("data-entity") === slug) { marks[i].classList.toggle("is-lit", on); }
      }
    }
    Array.prototype.forEach.call(chips, function (chip) {
      var slug = chip.getAttribute("data-entity");
      ["mouseenter", "focus"].forEach(function (name) { chip.addEventListener(name, function () { light(slug, true); }); });
      ["mouseleave", "blur"].forEach(function (name) { chip.addEventListener(name, function () { light(slug, false); }); });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autocomplete]"), setUpAutocomplete);
    setUpMentionHighlight();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

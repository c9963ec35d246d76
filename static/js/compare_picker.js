// Compare page: find pemda by typing part of a name. Progressive enhancement only: without
// JavaScript the field itself takes names or codes separated by commas.
(function () {
  "use strict";
  var form = document.querySelector("form.compare-form[data-search-url]");
  var field = form && form.querySelector("#id_regencies");
  if (!field) {
    return;
  }
  var texts = form.dataset;  // translated by the page: data-search-label, data-search-placeholder
  var wrapper = document.createElement("div");
  wrapper.className = "field picker";
  var label = document.createElement("label");
  label.htmlFor = "regency-search";
  label.textContent = texts.searchLabel;
  var search = document.createElement("input");
  search.type = "search";
  search.id = "regency-search";
  search.autocomplete = "off";
  search.setAttribute("list", "regency-suggestions");
  search.placeholder = texts.searchPlaceholder;
  var suggestions = document.createElement("datalist");
  suggestions.id = "regency-suggestions";
  wrapper.append(label, search, suggestions);
  field.closest(".field").before(wrapper);

  var names = [];
  var timer = null;
  var latest = 0;

  function chosen() {
    return field.value.split(",").map(function (part) { return part.trim(); }).filter(Boolean);
  }

  function add(name) {
    var current = chosen();
    if (current.indexOf(name) === -1) {
      current.push(name);
    }
    field.value = current.join(", ");
    search.value = "";
    suggestions.replaceChildren();
    names = [];
  }

  function show(results) {
    names = results.map(function (regency) { return regency.name; });
    suggestions.replaceChildren.apply(suggestions, results.map(function (regency) {
      var option = document.createElement("option");
      option.value = regency.name;
      option.label = regency.code + " · " + regency.province.name;
      return option;
    }));
  }

  function lookUp() {
    var query = search.value.trim();
    if (query.length < 2) {
      return;
    }
    var asked = ++latest;
    var url = form.dataset.searchUrl + "?page_size=8&search=" + encodeURIComponent(query);
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) {
        if (asked === latest) {  // an older answer arriving late must not replace a newer one
          show(data.results || []);
        }
      })
      .catch(function () { /* the plain field still works */ });
  }

  search.addEventListener("input", function () {
    if (names.indexOf(search.value) !== -1) {  // a suggestion was picked
      add(search.value);
      return;
    }
    clearTimeout(timer);
    timer = setTimeout(lookUp, 250);
  });

  search.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") {
      return;
    }
    event.preventDefault();  // Enter in the search adds a pemda; it does not send the form
    if (names.length === 1) {
      add(names[0]);
    }
  });
})();

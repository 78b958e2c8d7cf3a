/* Tyresö reporting: tables that filter and sort in the browser, and table regions that scroll by keyboard.
   Progressive enhancement: every table is whole and readable without this script; the script adds the filters
   (native select and search fields, so they work from the keyboard, each with its label) and announces how many
   rows are shown in a status region. No library, nothing from elsewhere. */
(function () {
  "use strict";

  var FILTER_LABELS = { status: "Status", organ: "Organ", area: "Målområde", period: "Period", kind: "Rapporttyp" };

  function cellText(cell) {
    return (cell ? cell.textContent : "").replace(/\s+/g, " ").trim();
  }

  /* A table region is a tab stop only when it has something to scroll; then it is a labelled region too. */
  function markScrollRegions() {
    var regions = document.querySelectorAll(".tyreso-table-scroll, .pst-scrollable-table-container");
    regions.forEach(function (region) {
      if (region.scrollWidth > region.clientWidth + 1) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("role", "region");
        if (!region.hasAttribute("aria-label") && !region.hasAttribute("aria-labelledby")) {
          var caption = region.querySelector("caption");
          region.setAttribute("aria-label", caption ? cellText(caption) : "Tabell");
        }
      } else {
        region.removeAttribute("tabindex");
        if (region.classList.contains("pst-scrollable-table-container")) region.removeAttribute("role");
      }
    });
  }

  function columnIndex(table, th) {
    return Array.prototype.indexOf.call(th.parentNode.children, th);
  }

  function dataRows(table) {
    return Array.prototype.filter.call(table.querySelectorAll("tbody tr"), function (row) {
      return !row.classList.contains("tyreso-group-header");
    });
  }

  function enhance(table, number) {
    var headers = Array.prototype.slice.call(table.querySelectorAll("thead th[data-tyreso-column]"));
    if (!headers.length) return;
    var rows = dataRows(table);
    var params = new URLSearchParams(window.location.search);
    var form = document.createElement("form");
    form.className = "tyreso-filter";
    form.setAttribute("role", "search");
    var caption = table.querySelector("caption");
    form.setAttribute("aria-label", "Filtrera tabellen " + (caption ? cellText(caption) : ""));
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var controls = [];
    var textColumns = [];
    headers.forEach(function (th) {
      var kind = th.getAttribute("data-tyreso-column");
      var index = columnIndex(table, th);
      if (kind === "text") { textColumns.push(index); return; }
      var values = [];
      rows.forEach(function (row) {
        var value = cellText(row.children[index]);
        if (value && values.indexOf(value) < 0) values.push(value);
      });
      if (values.length < 2) return;
      values.sort(function (a, b) { return a.localeCompare(b, "sv", { numeric: true }); });
      var label = document.createElement("label");
      label.textContent = FILTER_LABELS[kind] || cellText(th);
      var select = document.createElement("select");
      select.id = "tyreso-filter-" + number + "-" + kind;
      select.add(new Option("Alla", ""));
      values.forEach(function (value) { select.add(new Option(value, value)); });
      var wanted = params.get(kind);
      if (wanted && values.indexOf(wanted) >= 0) select.value = wanted;
      label.appendChild(select);
      form.appendChild(label);
      controls.push({ index: index, control: select, exact: true });
    });
    if (textColumns.length) {
      var label = document.createElement("label");
      label.textContent = "Sök i tabellen";
      var input = document.createElement("input");
      input.type = "search";
      input.id = "tyreso-filter-" + number + "-text";
      input.value = params.get("q") || "";
      label.appendChild(input);
      form.insertBefore(label, form.firstChild);
      controls.unshift({ index: -1, control: input, exact: false });
    }
    if (!controls.length) return;
    var count = document.createElement("p");
    count.className = "tyreso-filter-count";
    count.setAttribute("role", "status");
    var region = table.closest(".tyreso-table-scroll") || table;
    region.parentNode.insertBefore(form, region);
    region.parentNode.insertBefore(count, region);

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = controls.every(function (item) {
          var wanted = item.control.value.trim().toLocaleLowerCase("sv");
          if (!wanted) return true;
          if (item.exact) return cellText(row.children[item.index]).toLocaleLowerCase("sv") === wanted;
          return cellText(row).toLocaleLowerCase("sv").indexOf(wanted) >= 0;
        });
        row.classList.toggle("tyreso-hidden", !visible);
        if (visible) shown += 1;
      });
      table.querySelectorAll("tbody").forEach(function (body) {
        var any = Array.prototype.some.call(body.rows, function (row) {
          return !row.classList.contains("tyreso-group-header") && !row.classList.contains("tyreso-hidden");
        });
        body.classList.toggle("tyreso-hidden", !any);
      });
      count.textContent = "Visar " + shown + " av " + rows.length + " rader.";
      markScrollRegions();
    }
    controls.forEach(function (item) {
      item.control.addEventListener(item.exact ? "change" : "input", apply);
    });
    apply();
    if (!table.querySelector("tr.tyreso-group-header")) addSorting(table);
  }

  /* Each column header becomes a button that sorts the rows by it; the header says how it is sorted. */
  function addSorting(table) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tyreso-sort";
      button.textContent = cellText(th);
      button.setAttribute("aria-label", "Sortera efter " + cellText(th));
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        table.querySelectorAll("tbody").forEach(function (body) {
          var sorted = Array.prototype.slice.call(body.rows).sort(function (a, b) {
            var order = cellText(a.children[index]).localeCompare(cellText(b.children[index]), "sv", { numeric: true });
            return ascending ? order : -order;
          });
          sorted.forEach(function (row) { body.appendChild(row); });
        });
      });
    });
  }

  function start() {
    document.querySelectorAll("table[data-tyreso-filter]").forEach(enhance);
    markScrollRegions();
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(markScrollRegions, 150);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

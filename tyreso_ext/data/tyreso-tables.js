/* Tyresö reporting: tables that filter and sort in the browser, and table regions that scroll by keyboard.
   Progressive enhancement: every table is whole and readable without this script; the script adds the filters
   (native select and search fields, so they work from the keyboard, each with its label) and announces how many
   rows are shown in a status region. No library, nothing from elsewhere. */
(function () {
  "use strict";

  var FILTER_LABELS = {
    status: "Status", organ: "Organ", area: "Målområde", period: "Period", kind: "Rapporttyp", type: "Typ"
  };

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

  var STATUS_ORDER = ["Röd", "Gul", "Grön", "Ej bedömd", "Plan"];

  function dataRows(table) {
    return Array.prototype.filter.call(table.querySelectorAll("tbody tr"), function (row) {
      return !row.classList.contains("tyreso-group-header");
    });
  }

  function headerTexts(table) {
    return Array.prototype.map.call(table.querySelectorAll("thead th"), cellText).join("\u0001");
  }

  function regionOf(table) {
    return table.closest(".tyreso-table-scroll") || table;
  }

  /* The tables that share one set of filters: a table, with the tables of the same kind and columns that follow it
     at once (an aggregation's tables, one per målområde or year, are written one after another). */
  function tableGroups() {
    var groups = [];
    var seen = [];
    document.querySelectorAll("table[data-tyreso-filter]").forEach(function (table) {
      if (seen.indexOf(table) >= 0) return;
      var group = [table];
      seen.push(table);
      var region = regionOf(table);
      for (var next = region.nextElementSibling; next; next = next.nextElementSibling) {
        var other = next.matches("table") ? next : next.querySelector(":scope > table[data-tyreso-filter]");
        if (!other || !other.hasAttribute("data-tyreso-filter") || other.className !== table.className
            || headerTexts(other) !== headerTexts(table) || regionOf(other) !== next) break;
        group.push(other);
        seen.push(other);
      }
      groups.push(group);
    });
    return groups;
  }

  /* A table's own målområde when an aggregation writes one table per målområde: its caption's first part
     ('Trygghet – uppdrag, 2023-T1'), or what the table names in data-tyreso-area. */
  function tableArea(table) {
    if (table.hasAttribute("data-tyreso-area")) return table.getAttribute("data-tyreso-area");
    if (!table.classList.contains("tyreso-status-table")) return "";
    var caption = table.querySelector("caption .caption-text") || table.querySelector("caption");
    return caption ? cellText(caption).split(" – ")[0] : "";
  }

  function sortedValues(values, kind) {
    return values.sort(function (a, b) {
      if (kind === "status") {
        var order = STATUS_ORDER.indexOf(a) - STATUS_ORDER.indexOf(b);
        if (order) return order;
      }
      return a.localeCompare(b, "sv", { numeric: true });
    });
  }

  function selectControl(kind, name, values, number, params) {
    var label = document.createElement("label");
    label.textContent = FILTER_LABELS[kind] || name;
    var select = document.createElement("select");
    select.id = "tyreso-filter-" + number + "-" + kind;
    select.add(new Option("Alla", ""));
    sortedValues(values, kind).forEach(function (value) { select.add(new Option(value, value)); });
    var wanted = params.get(kind);
    if (wanted && values.indexOf(wanted) >= 0) select.value = wanted;
    label.appendChild(select);
    return { label: label, control: select };
  }

  function enhance(tables, number) {
    var first = tables[0];
    var headers = Array.prototype.slice.call(first.querySelectorAll("thead th"));
    if (!first.querySelector("thead th[data-tyreso-column]")) return;
    var entries = [];
    tables.forEach(function (table) {
      var area = tables.length > 1 ? tableArea(table) : "";
      dataRows(table).forEach(function (row) { entries.push({ row: row, table: table, area: area }); });
    });
    var params = new URLSearchParams(window.location.search);
    var form = document.createElement("form");
    form.className = "tyreso-filter";
    form.setAttribute("role", "search");
    var caption = first.querySelector("caption .caption-text") || first.querySelector("caption");
    var name = caption ? cellText(caption) : "";
    if (tables.length > 1 && tableArea(first)) name = name.split(" – ").slice(1).join(" – ") || name;
    form.setAttribute("aria-label", (tables.length > 1 ? "Filtrera tabellerna " : "Filtrera tabellen ") + name);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    var controls = [];
    var searchable = false;
    var areaColumn = false;
    headers.forEach(function (th, index) {
      var kind = th.getAttribute("data-tyreso-column");
      if (!kind) return;
      if (kind === "text") { searchable = true; return; }
      if (kind === "area") areaColumn = true;
      var values = [];
      entries.forEach(function (entry) {
        var value = cellText(entry.row.children[index]);
        if (value && value !== "–" && values.indexOf(value) < 0) values.push(value);
      });
      if (values.length < 2) return;
      var made = selectControl(kind, cellText(th), values, number, params);
      form.appendChild(made.label);
      controls.push({ control: made.control, test: function (entry, wanted) {
        return cellText(entry.row.children[index]).toLocaleLowerCase("sv") === wanted;
      } });
    });
    if (tables.length > 1 && !areaColumn) {
      /* One table per målområde: the målområde is the table's, not a column's. */
      var areas = tables.map(tableArea).filter(function (area, index, all) { return area && all.indexOf(area) === index; });
      if (areas.length > 1) {
        var made = selectControl("area", FILTER_LABELS.area, areas, number, params);
        var statusLabel = form.querySelector("label");
        form.insertBefore(made.label, statusLabel);
        controls.push({ control: made.control, test: function (entry, wanted) {
          return entry.area.toLocaleLowerCase("sv") === wanted;
        } });
      }
    }
    if (searchable) {
      var label = document.createElement("label");
      label.textContent = "Sök i tabell" + (tables.length > 1 ? "erna" : "en");
      var input = document.createElement("input");
      input.type = "search";
      input.id = "tyreso-filter-" + number + "-text";
      input.value = params.get("q") || "";
      label.appendChild(input);
      form.insertBefore(label, form.firstChild);
      controls.unshift({ control: input, text: true, test: function (entry, wanted) {
        return cellText(entry.row).toLocaleLowerCase("sv").indexOf(wanted) >= 0
          || (entry.area && entry.area.toLocaleLowerCase("sv").indexOf(wanted) >= 0);
      } });
    }
    if (!controls.length) return;
    var count = document.createElement("p");
    count.className = "tyreso-filter-count";
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    var region = regionOf(first);
    region.parentNode.insertBefore(form, region);
    region.parentNode.insertBefore(count, region);
    var sortNote = "";

    function apply() {
      var shown = 0;
      entries.forEach(function (entry) {
        var visible = controls.every(function (item) {
          var wanted = item.control.value.trim().toLocaleLowerCase("sv");
          return !wanted || item.test(entry, wanted);
        });
        entry.row.classList.toggle("tyreso-hidden", !visible);
        if (visible) shown += 1;
      });
      tables.forEach(function (table) {
        var anyInTable = false;
        table.querySelectorAll("tbody").forEach(function (body) {
          var any = Array.prototype.some.call(body.rows, function (row) {
            return !row.classList.contains("tyreso-group-header") && !row.classList.contains("tyreso-hidden");
          });
          body.classList.toggle("tyreso-hidden", !any);
          anyInTable = anyInTable || any;
        });
        /* Of a table per målområde, one without a matching row goes (the first keeps its place for the filters). */
        if (tables.length > 1) regionOf(table).classList.toggle("tyreso-hidden", !anyInTable);
      });
      count.textContent = "Visar " + shown + " av " + entries.length + " rader" + (tables.length > 1
        ? " i " + tables.filter(function (table) { return !regionOf(table).classList.contains("tyreso-hidden"); }).length
          + " av " + tables.length + " tabeller" : "") + "." + sortNote;
      markScrollRegions();
    }
    controls.forEach(function (item) {
      item.control.addEventListener(item.text ? "input" : "change", apply);
    });
    apply();
    tables.forEach(function (table) {
      if (table.querySelector("tr.tyreso-group-header")) return;
      addSorting(table, function (note) { sortNote = note; apply(); });
    });
  }

  function sortKey(cell, kind) {
    var text = cellText(cell);
    if (kind === "status") {
      var badge = cell && cell.querySelector(".tyreso-badge, .tyreso-plan");
      var word = badge ? cellText(badge) : text;
      var rank = STATUS_ORDER.indexOf(word);
      if (rank >= 0) return String(rank) + " " + text;
    }
    return text;
  }

  /* Each column header becomes a button that sorts the rows by it; the header says how it is sorted (aria-sort),
     and the count below the filters says it too, for a screen reader. */
  function addSorting(table, announce) {
    var headers = table.querySelectorAll("thead th");
    headers.forEach(function (th, index) {
      var name = cellText(th);
      var kind = th.getAttribute("data-tyreso-column") || "";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "tyreso-sort";
      button.textContent = name;
      button.title = "Sortera efter " + name;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        table.querySelectorAll("tbody").forEach(function (body) {
          var sorted = Array.prototype.slice.call(body.rows).sort(function (a, b) {
            var order = sortKey(a.children[index], kind).localeCompare(sortKey(b.children[index], kind), "sv", { numeric: true });
            return ascending ? order : -order;
          });
          sorted.forEach(function (row) { body.appendChild(row); });
        });
        announce(" Sorterad efter " + name + ", " + (ascending ? "stigande" : "fallande") + ".");
      });
    });
  }

  function start() {
    tableGroups().forEach(enhance);
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

/* geoevents map page, part 5 of 7: the summary panel (counts by type = the legend, with
   its colour switch; date range, documents, unplaced and undated events) and the "show all
   events" map control. */
(function (global) {
  "use strict";
  var G = global.GeoeventsMap, L = global.L, U = G.util;
  var el = U.el, iso = U.iso, periodLabel = U.periodLabel;

  G.summary = function (P) {
    var map = P.map, events = P.events, n = events.length, styles = P.styles, ui = P.ui;
    var cfg = P.cfg, dated = P.dated, lo = P.S.min, hi = P.S.max;

    // --- summary panel: counts by type, date range, documents, unplaced events ---
    function buildSummary() {
      var box = ui.summary, placed = 0, counts = {};
      events.forEach(function (ev) { if (ev.k) { placed++; } counts[ev.t] = (counts[ev.t] || 0) + 1; });
      box.appendChild(el("p", "ge-sum-line", n + " events: " + placed + " on the map, " +
        (n - placed) + " unplaced, " + (n - dated.length) + " undated."));
      box.appendChild(el("p", "ge-sum-line", dated.length ? "Dates " + iso(lo) + " to " + iso(hi) + " (UTC)."
        : "No dated events."));
      box.appendChild(el("h2", null, "Legend: event types"));
      var table = el("table", "ge-types"), body = el("tbody");
      cfg.types.forEach(function (t) {
        if (!counts[t.key]) { return; }
        var tr = el("tr"), name = el("td");
        name.appendChild(el("span", "ge-glyph ge-g-" + t.key));
        name.appendChild(document.createTextNode(t.label));
        tr.appendChild(name);
        tr.appendChild(el("td", "ge-num", counts[t.key]));
        body.appendChild(tr);
      });
      table.appendChild(body);
      box.appendChild(table);
      var classCounts = {}, classed = 0;
      events.forEach(function (ev) {
        if (typeof ev.c === "string" && P.classes[ev.c]) { classCounts[ev.c] = (classCounts[ev.c] || 0) + 1; classed++; }
      });
      if (classed) { box.appendChild(colourSwitch(classCounts)); }  // no drugs: nothing to switch to
      box.appendChild(el("h2", null, "Documents (" + (cfg.documents || []).length + ")"));
      var dlist = el("ul", "ge-docs");
      (cfg.documents || []).slice(0, 200).forEach(function (d) {
        var li = el("li");
        li.appendChild(el("b", null, d.doc_id || "?"));
        li.appendChild(document.createTextNode(" " + (d.doc_date || "undated") + " \u2014 " + (d.title || "(no title)")));
        if (d.path) { li.appendChild(el("div", "ge-path", d.path)); }
        dlist.appendChild(li);
      });
      if ((cfg.documents || []).length > 200) { dlist.appendChild(el("li", null, "\u2026 and " + (cfg.documents.length - 200) + " more")); }
      box.appendChild(dlist);
      listEvents(box, "Unplaced events", events.map(function (ev, i) { return ev.k ? -1 : i; }));
      listEvents(box, "Undated events", events.map(function (ev, i) { return ev.s === null ? i : -1; }));
      if (cfg.problems && cfg.problems.length) {
        box.appendChild(el("h2", null, "Input problems (" + cfg.problems.length + ")"));
        var ul = el("ul", "ge-problems");
        cfg.problems.slice(0, 50).forEach(function (p) { ul.appendChild(el("li", null, p)); });
        box.appendChild(ul);
      }
    }
    /* "Colour: event type | substance class", and in class mode the palette with how many
       events each class colours.  The painter reads P.colourBy on its next frame. */
    function colourSwitch(counts) {
      var wrap = el("div", "ge-colour"), bar = el("div", "ge-switch");
      var table = el("table", "ge-types ge-classes"), body = el("tbody");
      var note = el("p", "ge-sum-line", "Events carrying drugs by the class of their largest drug; " +
        "others keep their type's colour.");
      bar.setAttribute("role", "group");
      bar.setAttribute("aria-label", "Colour markers by");
      bar.appendChild(el("span", null, "Colour:"));
      var buttons = [["type", "event type"], ["class", "substance class"]].map(function (m) {
        var b = el("button", null, m[1]);
        b.type = "button";
        b.setAttribute("data-colour", m[0]);
        b.addEventListener("click", function () { set(m[0]); });
        bar.appendChild(b);
        return b;
      });
      (cfg.classes || []).forEach(function (c) {
        if (!counts[c.key]) { return; }
        var tr = el("tr"), name = el("td"), swatch = el("span", "ge-swatch");
        swatch.style.background = c.color;  // the page's own palette, never document text
        name.appendChild(swatch);
        name.appendChild(document.createTextNode(c.label));
        tr.appendChild(name);
        tr.appendChild(el("td", "ge-num", counts[c.key]));
        body.appendChild(tr);
      });
      table.appendChild(body);
      function set(mode) {
        P.colourBy = mode;
        buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-colour") === mode)); });
        table.hidden = note.hidden = mode !== "class";
        P.redraw();
      }
      set(P.colourBy);
      [bar, table, note].forEach(function (node) { wrap.appendChild(node); });
      return wrap;
    }
    function listEvents(box, heading, indexes) {
      var picked = indexes.filter(function (i) { return i >= 0; });
      if (!picked.length) { return; }
      box.appendChild(el("h2", null, heading + " (" + picked.length + ")"));
      var ul = el("ul", "ge-evlist");
      picked.slice(0, 500).forEach(function (i) {
        var ev = events[i], li = el("li"), a = el("button", "ge-link");
        var title = U.text(U.props(ev).title), placeText = U.text(U.props(ev).place_text);
        a.type = "button";
        a.textContent = (ev.s === null ? "undated" : periodLabel(ev.s, ev.e)) + " \u00b7 " +
          styles[ev.t].label + " \u00b7 " + (title || "(untitled)") +
          (placeText ? " \u00b7 \u201c" + placeText + "\u201d" : "");
        a.addEventListener("click", function () { P.openEvent(i); });
        li.appendChild(a);
        ul.appendChild(li);
      });
      if (picked.length > 500) { ul.appendChild(el("li", null, "\u2026 and " + (picked.length - 500) + " more in the timeline")); }
      box.appendChild(ul);
    }

    // --- a control that shows every placed event (the first view skips far outliers) ---
    /* The bounds of every placed event, worked out at the first click (the events never
       change): plain minima and maxima, not a LatLng per point, at 100 000 events. */
    var everything = null;
    function allBounds() {
      var south = Infinity, west = Infinity, north = -Infinity, east = -Infinity;
      function add(c) {
        if (c[1] < south) { south = c[1]; } if (c[1] > north) { north = c[1]; }
        if (c[0] < west) { west = c[0]; } if (c[0] > east) { east = c[0]; }
      }
      for (var i = 0; i < n; i++) {
        var ev = events[i];
        if (ev.k === "route") { ev.g.forEach(add); } else if (ev.k) { add(ev.g); }
      }
      return south <= north ? L.latLngBounds([south, west], [north, east]) : L.latLngBounds([]);
    }
    var FitAll = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = L.DomUtil.create("div", "leaflet-bar ge-fitall"), button = el("a", null, "⤢");
        button.href = "#";
        button.title = "Show all events";
        button.setAttribute("role", "button");
        button.setAttribute("aria-label", "Show all events");
        L.DomEvent.on(button, "click", function (e) {
          L.DomEvent.preventDefault(e);
          everything = everything || allBounds();
          if (everything.isValid()) { map.fitBounds(everything.pad(0.05), { maxZoom: 7 }); }
        });
        L.DomEvent.disableClickPropagation(box);
        box.appendChild(button);
        return box;
      }
    });
    new FitAll().addTo(map);

    buildSummary();
  };
})(window);

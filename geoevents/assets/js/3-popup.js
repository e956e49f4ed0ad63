/* geoevents map page, part 3 of 6: popups and the details panel, built from text nodes. */
(function (global) {
  "use strict";
  var G = global.GeoeventsMap, L = global.L, U = G.util;
  var el = U.el, clear = U.clear, iso = U.iso, periodLabel = U.periodLabel, fmtNumber = U.fmtNumber;

  G.popups = function (P) {
    var map = P.map, events = P.events, styles = P.styles, docs = P.docs, ui = P.ui;

    // --- popups and details: all text via textContent ---
    function popupContent(ev) {
      var p = ev.p, root = el("div", "ge-pop"), dl = el("dl");
      var head = el("div", "ge-pop-type");
      head.appendChild(el("span", "ge-glyph ge-g-" + ev.t));
      head.appendChild(document.createTextNode(styles[ev.t].label +
        (p.status && p.status !== "reported" ? " \u00b7 " + p.status : "")));
      root.appendChild(head);
      root.appendChild(el("div", "ge-pop-title", p.title || "(untitled event)"));
      function row(name, value) {
        if (value === undefined || value === null || value === "") { return; }
        dl.appendChild(el("dt", null, name));
        dl.appendChild(el("dd", null, value));
      }
      row("Date", ev.s === null ? "undated" : periodLabel(ev.s, ev.e) + " (" +
        (p.date_precision || "?") + (ev.s !== ev.e ? ", " + iso(ev.s) + " to " + iso(ev.e) : "") + ")");
      row("as written", p.date_text ? "\u201c" + p.date_text + "\u201d" : null);
      var place = [p.place, p.admin1, p.country_code].filter(Boolean).join(", ");
      row("Place", ev.k ? (place || (ev.k === "route" ? "route" : "?")) + " \u2014 " +
        (p.geo_precision || "?") + " precision, by " + (p.resolved_by || "?")
        : "not placed on the map");
      row("as written", p.place_text ? "\u201c" + p.place_text + "\u201d" : null);
      if (p.route && p.route.length) {
        row("Route", p.route.map(function (s) {
          return (s.name || "?") + (s.role ? " (" + s.role + ")" : "") +
            (typeof s.lat === "number" ? "" : " [unplaced]");
        }).join(" \u2192 "));
      }
      if (p.drugs && p.drugs.length) {
        row("Drugs", p.drugs.map(function (d) {
          var amount = d.quantity === null || d.quantity === undefined ? "" : fmtNumber(d.quantity) + " ";
          var unit = d.unit ? d.unit + " " : "";
          var kg = typeof d.kg === "number" && d.unit !== "kg" ? " (" + fmtNumber(d.kg) + " kg)" : "";
          return (d.qualifier ? d.qualifier + " " : "") + amount + unit + (d.substance || "?") + kg;
        }).join("; "));
      }
      if (p.counts && typeof p.counts === "object") {
        row("Counts", Object.keys(p.counts).map(function (k) {
          return k.replace(/_/g, " ") + ": " + fmtNumber(p.counts[k]);
        }).join("; "));
      }
      row("Agencies", Array.isArray(p.agencies) ? p.agencies.join(", ") : p.agencies);
      row("Operation", p.operation);
      if (p.price && typeof p.price === "object") {
        row("Price", Object.keys(p.price).map(function (k) { return k + ": " + p.price[k]; }).join("; "));
      }
      row("Confidence", typeof p.confidence === "number" ? p.confidence.toFixed(2) : null);
      root.appendChild(dl);
      root.appendChild(el("blockquote", "ge-src", p.sentence || "(no source sentence)"));
      var doc = docs[p.doc_id];
      var cite = (p.doc_id || "unknown document") + (p.paragraph !== undefined ? " \u00b6" + p.paragraph : "") +
        (p.char_start !== undefined ? ", chars " + p.char_start + "\u2013" + p.char_end : "") +
        (doc && doc.title ? " \u00b7 " + doc.title : "") + (doc && doc.path ? " \u00b7 " + doc.path : "");
      root.appendChild(el("div", "ge-cite", cite));
      return root;
    }
    function openPopup(i, where) {
      L.popup({ maxWidth: 380, minWidth: 240 }).setLatLng(where).setContent(popupContent(events[i])).openOn(map);
    }
    function showDetail(i) {
      clear(ui.detail);
      var close = el("button", "ge-close", "\u00d7");
      close.type = "button";
      close.setAttribute("aria-label", "Close details");
      close.addEventListener("click", function () { ui.detail.hidden = true; });
      ui.detail.appendChild(close);
      ui.detail.appendChild(popupContent(events[i]));
      ui.detail.hidden = false;
    }

    /* Popup listing the events that share a spot; each opens its own details in place. */
    function chooser(indexes) {
      var root = el("div", "ge-pop ge-choose"), list = el("ul", "ge-evlist");
      root.appendChild(el("div", "ge-pop-title", indexes.length + " events here"));
      indexes.slice(0, 40).forEach(function (i) {
        var ev = events[i], li = el("li"), b = el("button", "ge-link");
        b.type = "button";
        b.appendChild(el("span", "ge-glyph ge-g-" + ev.t));
        b.appendChild(document.createTextNode((ev.s === null ? "undated" : periodLabel(ev.s, ev.e)) + " \u00b7 " +
          (ev.p.title || "(untitled event)")));
        b.addEventListener("click", function (e) {
          // The button leaves the page below; Leaflet would then take this click for a
          // click on the map and close the popup.
          e.stopPropagation();
          var details = popupContent(ev), back = el("button", "ge-link ge-back", "\u2190 " + indexes.length + " events here");
          back.type = "button";
          back.addEventListener("click", function (ev2) { ev2.stopPropagation(); swap(chooser(indexes)); });
          details.insertBefore(back, details.firstChild);
          swap(details);
          P.select(i, true);
        });
        li.appendChild(b);
        list.appendChild(li);
      });
      if (indexes.length > 40) { list.appendChild(el("li", null, "\u2026 and " + (indexes.length - 40) + " more")); }
      root.appendChild(list);
      function swap(node) { if (map._popup) { map._popup.setContent(node); } }
      return root;
    }

    return { content: popupContent, open: openPopup, detail: showDetail, chooser: chooser };
  };
})(window);

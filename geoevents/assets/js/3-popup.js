/* geoevents map page, part 3 of 7: popups and the details panel, built from text nodes. */
(function (global) {
  "use strict";
  var G = global.GeoeventsMap, L = global.L, U = G.util;
  var el = U.el, clear = U.clear, iso = U.iso, periodLabel = U.periodLabel, fmtNumber = U.fmtNumber;
  var text = U.text, num = U.num, objects = U.objects, isObject = U.isObject;

  G.popups = function (P) {
    var map = P.map, events = P.events, styles = P.styles, docs = P.docs, ui = P.ui;

    // --- popups and details: all text via textContent ---
    /* Every property is read through text/num/objects (1-core.js): any JSON value in
       any of them shows as text or not at all, and cannot stop the page. */
    function popupContent(ev) {
      var p = U.props(ev), root = el("div", "ge-pop"), dl = el("dl"), status = text(p.status);
      var head = el("div", "ge-pop-type");
      head.appendChild(el("span", "ge-glyph ge-g-" + ev.t));
      head.appendChild(document.createTextNode(styles[ev.t].label +
        (status && status !== "reported" ? " \u00b7 " + status : "")));
      root.appendChild(head);
      root.appendChild(el("div", "ge-pop-title", text(p.title) || "(untitled event)"));
      function row(name, value) {
        if (value === undefined || value === null || value === "") { return; }
        dl.appendChild(el("dt", null, name));
        dl.appendChild(el("dd", null, value));
      }
      row("Date", ev.s === null ? "undated" : periodLabel(ev.s, ev.e) + " (" +
        (text(p.date_precision) || "?") + (ev.s !== ev.e ? ", " + iso(ev.s) + " to " + iso(ev.e) : "") + ")");
      row("as written", text(p.date_text) ? "\u201c" + text(p.date_text) + "\u201d" : null);
      var place = [p.place, p.admin1, p.country_code].map(text).filter(Boolean).join(", ");
      row("Place", ev.k ? (place || (ev.k === "route" ? "route" : "?")) + " \u2014 " +
        (text(p.geo_precision) || "?") + " precision, by " + (text(p.resolved_by) || "?")
        : "not placed on the map");
      row("as written", text(p.place_text) ? "\u201c" + text(p.place_text) + "\u201d" : null);
      var stops = objects(p.route), drugs = objects(p.drugs);
      // a seizure's route as countries (its route_roles) is the "Route"; its stops follow
      var countries = isObject(p.route_roles) ? countriesOnRoute(p.route_roles) : "";
      row("Route", countries);
      if (stops.length) {
        row(countries ? "Stops" : "Route", stops.map(function (s) {
          return (text(s.name) || "?") + (text(s.role) ? " (" + text(s.role) + ")" : "") +
            (num(s.lat) !== null ? "" : " [unplaced]");
        }).join(" \u2192 "));
      }
      if (drugs.length) {
        row("Drugs", drugs.map(function (d) {
          var substance = text(d.substance) || "?";
          // a price names a unit without an amount: "heroin, per kilo", not "kilo heroin"
          if (num(d.quantity) === null) { return substance + (text(d.unit) ? ", per " + text(d.unit) : ""); }
          var unit = text(d.unit) ? text(d.unit) + " " : "";
          var kg = num(d.kg) !== null && d.unit !== "kg" ? " (" + fmtNumber(d.kg) + " kg)" : "";
          return (text(d.qualifier) ? text(d.qualifier) + " " : "") + fmtNumber(d.quantity) + " " + unit +
            substance + kg;
        }).join("; "));
      }
      // the seizure record (README "Seizure records"): a line only for what the text said
      var hidden = isObject(p.concealment) ? p.concealment : {};
      row("Conveyance", words(p.conveyance));
      row("Hidden", text(hidden.text) ? text(hidden.text) + (text(hidden["class"]) ? " (" + words(hidden["class"]) + ")" : "")
        : words(hidden["class"]));
      row("Found by", p.detection === "x_ray" ? "X-ray" : words(p.detection));
      row("Traffickers", traffickers(p.traffickers));
      if (isObject(p.counts)) {
        row("Counts", Object.keys(p.counts).map(function (k) {
          return k.replace(/_/g, " ") + ": " + (num(p.counts[k]) === null ? "?" : fmtNumber(p.counts[k]));
        }).join("; "));
      }
      row("Agencies", U.texts(p.agencies).join(", "));
      row("Operation", text(p.operation));
      if (isObject(p.price)) { row("Price", priceText(p.price)); }
      row("Confidence", num(p.confidence) === null ? null : p.confidence.toFixed(2));
      root.appendChild(dl);
      root.appendChild(el("blockquote", "ge-src", text(p.sentence) || "(no source sentence)"));
      var docId = text(p.doc_id), doc = docId && Object.prototype.hasOwnProperty.call(docs, docId) ? docs[docId] : null;
      var cite = (docId || "unknown document") + (text(p.paragraph) ? " \u00b6" + text(p.paragraph) : "") +
        (num(p.char_start) !== null ? ", chars " + p.char_start + "\u2013" + text(p.char_end) : "") +
        (doc && doc.title ? " \u00b7 " + text(doc.title) : "") + (doc && doc.path ? " \u00b7 " + text(doc.path) : "");
      root.appendChild(el("div", "ge-cite", cite));
      return root;
    }
    /* A code of the contract as words: "air_cargo" -> "air cargo". */
    function words(value) { return text(value).replace(/_/g, " "); }
    /* "2 (RU, UZ)": how many carried the drugs and their nationalities, either alone. */
    function traffickers(people) {
      if (!isObject(people)) { return ""; }
      var count = num(people.count), codes = U.texts(people.nationalities).join(", ");
      return count === null ? codes : fmtNumber(count) + (codes ? " (" + codes + ")" : "");
    }
    /* "UZ → KZ → RU": departure, transit and destination countries; "?" for an end not told. */
    function countriesOnRoute(roles) {
      var from = U.texts(roles.departure).join(", "), via = U.texts(roles.transit).join(", ");
      var to = U.texts(roles.destination).join(", ");
      if (!from && !via && !to) { return ""; }
      return [from || "?"].concat(via ? [via] : [], [to || "?"]).join(" \u2192 ");
    }
    /* "10,000–15,000 USD per kilo of heroin (before: 8,000)"; keys the page does not
       know are listed after it as they are. */
    function priceText(price) {
      var known = { amount: 1, amount_max: 1, currency: 1, unit: 1, substance: 1, previous: 1 };
      var amount = num(price.amount), out = "";
      if (amount !== null) {
        out = fmtNumber(amount) + (num(price.amount_max) !== null ? "\u2013" + fmtNumber(price.amount_max) : "") +
          (text(price.currency) ? " " + text(price.currency) : "") +
          (text(price.unit) ? " per " + text(price.unit) : "") +
          (text(price.substance) ? " of " + text(price.substance) : "");
        if (num(price.previous) !== null) { out += " (before: " + fmtNumber(price.previous) + ")"; }
      }
      var rest = Object.keys(price).filter(function (k) { return amount === null || !known[k]; });
      return [out].concat(rest.map(function (k) { return k + ": " + (text(price[k]) || "?"); }))
        .filter(Boolean).join("; ");
    }

    /* Popup size and panning from the map's own size: a popup is never wider than the
       map, scrolls inside when taller than the room left, and is panned clear of the
       controls in the map's corners so none covers its close button or its text. */
    function popupOptions() {
      var size = map.getSize(), frame = map.getContainer().getBoundingClientRect();
      var top = 10, bottom = 10;
      var controls = map.getContainer().querySelectorAll(".leaflet-top .leaflet-control, .leaflet-bottom .leaflet-control");
      Array.prototype.forEach.call(controls, function (c) {
        var r = c.getBoundingClientRect();
        if (!r.height) { return; }
        if (c.parentNode.classList.contains("leaflet-top")) { top = Math.max(top, r.bottom - frame.top + 8); }
        else { bottom = Math.max(bottom, frame.bottom - r.top + 8); }
      });
      var width = Math.max(140, Math.min(380, size.x - 20 - 46));  // 46: Leaflet's popup margins
      return {
        maxWidth: width, minWidth: Math.min(240, width),
        maxHeight: Math.max(120, size.y - top - bottom - 60),  // 60: margins, tip and anchor
        autoPanPaddingTopLeft: L.point(10, top), autoPanPaddingBottomRight: L.point(10, bottom),
        className: "ge-popup"
      };
    }
    function openPopup(i, where) {
      L.popup(popupOptions()).setLatLng(where).setContent(popupContent(events[i])).openOn(map);
    }
    function openChooser(indexes, where) {
      L.popup(popupOptions()).setLatLng(where).setContent(chooser(indexes)).openOn(map);
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
          (text(U.props(ev).title) || "(untitled event)")));
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

    return { content: popupContent, open: openPopup, openChooser: openChooser, detail: showDetail,
             chooser: chooser, options: popupOptions };
  };
})(window);

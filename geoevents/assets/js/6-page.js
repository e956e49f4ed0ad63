/* geoevents map page, part 6 of 7: the page itself -- state of the slider, step, play,
   window, accumulate and date range; selecting events; Escape; the phone's bottom sheet;
   wiring the other parts; the test API.

   The slider starts on the span that holds the bulk of the events (the shortest span
   holding 90% of them by their middle day, widened to whole months or years), so one
   event from 1997 does not stretch a cable about 2008 over twelve years; "all dates"
   shows the rest, one click away. */
(function (global) {
  "use strict";
  var G = global.GeoeventsMap, L = global.L, U = G.util;
  var el = U.el, iso = U.iso, parsePeriod = U.parsePeriod, daysFromCivil = U.daysFromCivil;

  // ---- the page ----
  /* Made with --cdn and opened offline: Leaflet never loaded (a stand-in kept folium's
     calls from failing, see render/assets.py), so say so in the page instead of
     leaving it blank. */
  function offline() {
    var box = el("div", "ge-offline", "This map loads its map library from the internet " +
      "(it was made with --cdn) and could not reach it. Open it with a network connection, " +
      "or make it again without --cdn for a file that works offline.");
    box.setAttribute("role", "alert");
    box.id = "ge-offline";
    document.body.insertBefore(box, document.body.firstChild);
    document.body.setAttribute("data-geoevents-offline", "1");
    document.body.setAttribute("data-geoevents-ready", "1");
    return null;
  }

  function start(dataNode, handles) {
    if (global.GEOEVENTS_NO_LEAFLET) { return offline(); }
    var cfg = JSON.parse(dataNode.textContent);
    var map = global[cfg.map];
    var styles = {}, groups = {}, classes = Object.create(null);  // no prototype: ev.c is data
    cfg.types.forEach(function (t) { styles[t.key] = t; });
    (cfg.classes || []).forEach(function (c) { classes[c.key] = c; });
    Object.keys(cfg.groups).forEach(function (k) { groups[k] = global[cfg.groups[k]]; });
    U.installGlyphCss(cfg.types);

    var events = cfg.events, n = events.length;
    var dated = events.filter(function (ev) { return ev.s !== null; });
    var lo = Infinity, hi = -Infinity;
    dated.forEach(function (ev) { lo = Math.min(lo, ev.s); hi = Math.max(hi, ev.e); });
    if (!dated.length) { lo = hi = daysFromCivil(2000, 1, 1); }
    var bulk = G.periods.bulk(dated, lo, hi);
    var from = bulk ? bulk[0] : lo, to = bulk ? bulk[1] : hi, span = to - from + 1;
    var S = {
      min: lo, max: hi, from: from, to: to, t: to, acc: true, playing: false, timer: null,
      width: span <= 731 ? 31 : span <= 3653 ? 92 : 366,
      speed: pickSpeed(span), step: G.periods.auto(span), bulk: bulk
    };
    var shown = new Uint8Array(n);     // placed, inside the range and the slider window
    var inWindow = new Uint8Array(n);  // dated and inside the window (placed or not)
    var typeOn = {};
    var ui = {
      slider: byId("ge-slider"), play: byId("ge-play"), label: byId("ge-window"),
      width: byId("ge-width"), speed: byId("ge-speed"), acc: byId("ge-acc"),
      from: byId("ge-from"), to: byId("ge-to"), reset: byId("ge-range-reset"),
      msg: byId("ge-range-msg"), note: byId("ge-range-note"), step: byId("ge-step"),
      side: byId("ge-side"), sheet: byId("ge-sheet"), list: byId("ge-list"), listHead: byId("ge-list-head"),
      bars: byId("ge-bars"), summary: byId("ge-summary-body"), detail: byId("ge-detail")
    };
    var docs = Object.create(null);  // no prototype: a doc_id "__proto__" is just a key
    (cfg.documents || []).forEach(function (d) { if (U.isObject(d) && U.text(d.doc_id)) { docs[U.text(d.doc_id)] = d; } });

    function byId(id) { return document.getElementById(id); }
    // the layout's breakpoint (geoevents-map.css): the sidebar is a bottom sheet
    var narrow = !!(global.matchMedia && global.matchMedia("(max-width: 820px)").matches);
    function pickSpeed(days) {
      var wanted = days / 20, options = [7, 31, 92, 366, 1830];
      for (var i = 0; i < options.length; i++) { if (options[i] >= wanted) { return options[i]; } }
      return 1830;
    }
    function faint(ev) { var s = U.props(ev).status; return s === "planned" || s === "negated"; }
    function anchor(ev) {
      if (ev.k === "route") {
        var g = ev.g, a = g[Math.floor((g.length - 1) / 2)], b = g[Math.floor(g.length / 2)];
        return L.latLng((a[1] + b[1]) / 2, (a[0] + b[0]) / 2);
      }
      return L.latLng(ev.g[1], ev.g[0]);
    }

    // the page object shared by the parts (see 1-core.js)
    var P = {
      cfg: cfg, map: map, events: events, styles: styles, groups: groups, S: S, shown: shown,
      inWindow: inWindow, typeOn: typeOn, ui: ui, docs: docs, dated: dated, selected: -1,
      faint: faint, anchor: anchor, inRange: inRange, select: select, openEvent: openEvent,
      stop: stop, setTime: setTime,
      // marker colour: "type", or "class" (events carrying drugs by their largest drug's
      // class, set by the legend's switch in 5-summary.js; the painter reads it per frame)
      classes: classes, colourBy: "type", redraw: function () { painter.redraw(); }
    };
    var painter = G.painter(P), popups = G.popups(P), timeline = G.timeline(P);
    G.summary(P);

    map.on("click", function (e) {
      var hit = painter.hitTest(e.containerPoint);
      if (!hit) { return; }
      var ev = events[hit.i];
      var where = ev.k === "route" ? (hit.stop ? L.latLng(hit.stop.lat, hit.stop.lon) : e.latlng) : anchor(ev);
      if (hit.all.length > 1) {
        popups.openChooser(hit.all, where);
      } else {
        popups.open(hit.i, where);
      }
      select(hit.i, true);
    });
    var tip = L.tooltip({ direction: "top", offset: [0, -8], opacity: 0.95 }), hovered = null, pending = null;
    map.on("mousemove", function (e) {
      if (!pending) { L.Util.requestAnimFrame(hover); }
      pending = e;
    });
    map.on("mouseout", function () { pending = null; hovered = null; map.closeTooltip(tip); });
    function hover() {
      var e = pending;
      pending = null;
      if (!e) { return; }
      var hit = painter.hitTest(e.containerPoint), key = hit ? hit.i + (hit.stop ? "|" + hit.stop.name : "") : null;
      map.getContainer().style.cursor = hit ? "pointer" : "";
      if (key === hovered) { return; }
      hovered = key;
      if (!hit) { map.closeTooltip(tip); return; }
      var ev = events[hit.i];
      tip.setContent(el("span", null, (hit.stop ? (U.text(hit.stop.name) || "?") + " (" + (U.text(hit.stop.role) || "stop") + ") \u00b7 " : "") +
        (U.text(U.props(ev).title) || "(untitled event)") + (hit.all.length > 1 ? " (+" + (hit.all.length - 1) + " more here)" : "")));
      tip.setLatLng(hit.stop ? L.latLng(hit.stop.lat, hit.stop.lon) : ev.k === "route" ? e.latlng : anchor(ev));
      map.openTooltip(tip);
    }

    // --- what the slider window shows ---
    function windowBounds() {
      return [S.acc ? S.from : Math.max(S.from, S.t - S.width + 1), S.t];
    }
    function inRange(ev) { return ev.s !== null && ev.e >= S.from && ev.s <= S.to; }
    /* Sets the flags from the window; the painter repaints all only when an event left
       the map or a type was switched, else it just draws the events that came in (the
       slider moving forward in accumulate mode adds events and removes none). */
    function update(follow) {
      var w = windowBounds(), onMap = 0, firstIn = -1, lo = Math.max(w[0], S.from), hi = Math.min(w[1], S.to);
      var added = [], removed = false, switched = false;
      Object.keys(groups).forEach(function (k) {
        var on = map.hasLayer(groups[k]);
        if (typeOn[k] !== on) { typeOn[k] = on; switched = true; }
      });
      for (var i = 0; i < n; i++) {
        var ev = events[i], s = ev.s;
        var inside = s !== null && s <= hi && ev.e >= lo ? 1 : 0, now = inside && ev.k ? 1 : 0;
        inWindow[i] = inside;
        if (now !== shown[i]) {
          shown[i] = now;
          if (now) { added.push(i); } else { removed = true; }
        }
        if (now && typeOn[ev.t]) { onMap++; }
        if (inside && firstIn < 0) { firstIn = i; }
      }
      if (removed || switched) { painter.redraw(); } else if (added.length) { painter.add(added); }
      ui.slider.value = String(S.t);
      ui.label.textContent = (S.acc ? "Up to " + iso(w[1]) + " (from " + iso(w[0]) + ")"
        : iso(w[0]) + " \u2013 " + iso(w[1])) + " UTC \u00b7 " + onMap + " event" +
        (onMap === 1 ? "" : "s") + " on the map";
      timeline.paintBins(w);
      if (follow && firstIn >= 0) { timeline.scrollTo(firstIn, false); } else { timeline.renderRows(); }
    }
    function setTime(day, follow) {
      S.t = Math.max(S.from, Math.min(S.to, Math.round(day)));
      update(follow);
    }
    /* The slider moves a whole step at a time: its value snaps to the end of the period
       (day, week, month, quarter, year) it points into, and the arrow keys, Page keys,
       Home and End move by periods. */
    function snap(day) { return Math.min(S.to, G.periods.end(Math.max(S.from, day), S.step)); }
    function stepBy(times) {
      var t = S.t, k;
      for (k = 0; k < Math.abs(times); k++) {
        t = times > 0 ? G.periods.end(Math.min(S.to, t + 1), S.step) : G.periods.start(t, S.step) - 1;
      }
      return Math.max(S.from, Math.min(S.to, snap(t)));
    }

    // --- play / speed / window / accumulate ---
    function stop() {
      S.playing = false;
      if (S.timer) { clearInterval(S.timer); S.timer = null; }
      ui.play.textContent = "\u25b6 Play";
      ui.play.setAttribute("aria-label", "Play");
    }
    function play() {
      if (S.t >= S.to) { S.t = S.from; }
      S.playing = true;
      ui.play.textContent = "\u275a\u275a Pause";
      ui.play.setAttribute("aria-label", "Pause");
      var t = S.t;
      S.timer = setInterval(function () {
        t = Math.min(S.to, t + S.speed / 10);
        setTime(t, true);
        if (t >= S.to) { stop(); }
      }, 100);
      update(true);
    }
    ui.play.addEventListener("click", function () { if (S.playing) { stop(); } else { play(); } });
    ui.slider.addEventListener("input", function () { stop(); setTime(snap(+ui.slider.value), false); });
    ui.slider.addEventListener("keydown", function (e) {
      var moves = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -12, PageUp: 12 };
      var day = e.key === "Home" ? snap(S.from) : e.key === "End" ? S.to :
        moves[e.key] ? stepBy(moves[e.key]) : null;
      if (day === null) { return; }
      e.preventDefault();
      stop();
      setTime(day, false);
    });
    ui.step.value = S.step;
    ui.step.addEventListener("change", function () {
      S.step = ui.step.value;
      timeline.drawBins();
      setTime(snap(S.t), false);
    });
    ui.width.value = String(S.width);
    ui.width.addEventListener("change", function () { S.width = +ui.width.value; update(false); });
    ui.speed.value = String(S.speed);
    ui.speed.addEventListener("change", function () { S.speed = +ui.speed.value; });
    ui.acc.checked = S.acc;
    ui.acc.addEventListener("change", function () { S.acc = ui.acc.checked; update(false); });

    // --- date range narrowing, as --from/--to on the command line ---
    function applyRange() {
      var f = ui.from.value.trim() ? parsePeriod(ui.from.value) : [S.min, S.min];
      var t = ui.to.value.trim() ? parsePeriod(ui.to.value) : [S.max, S.max];
      ui.from.classList.toggle("ge-bad", !f);
      ui.to.classList.toggle("ge-bad", !t);
      if (!f || !t) { ui.msg.textContent = "use YYYY, YYYY-MM or YYYY-MM-DD"; return; }
      if (f[0] > t[1]) { ui.msg.textContent = "'from' is after 'to'"; return; }
      ui.msg.textContent = "";
      setRange(f[0], t[1], S.t);
    }
    function setRange(first, last, t) {
      S.from = first; S.to = last;
      ui.slider.min = String(S.from); ui.slider.max = String(S.to);
      timeline.buildOrder();
      timeline.drawBins();
      S.t = Math.max(S.from, Math.min(S.to, t));
      noteRange();
      setTime(snap(S.t), false);
    }
    /* How much of the whole the range shows, and the way to the rest. */
    function noteRange() {
      var inside = dated.filter(inRange).length, whole = S.from <= S.min && S.to >= S.max;
      ui.note.textContent = whole ? "" : inside + " of " + dated.length + " dated events in " +
        U.periodLabel(S.from, S.to) + "; " + (dated.length - inside) + " outside it.";
      ui.reset.textContent = whole ? "all dates" : "all dates (" + iso(S.min).slice(0, 4) +
        (iso(S.min).slice(0, 4) === iso(S.max).slice(0, 4) ? "" : "\u2013" + iso(S.max).slice(0, 4)) + ")";
      ui.reset.disabled = whole;
    }
    ui.from.addEventListener("change", applyRange);
    ui.to.addEventListener("change", applyRange);
    function showAllDates() { ui.from.value = ""; ui.to.value = ""; applyRange(); }
    ui.reset.addEventListener("click", showAllDates);


    // --- selecting an event from the list, the summary or the map ---
    function select(i, scroll) {
      P.selected = i;
      if (scroll) { timeline.scrollTo(i, true); } else { timeline.renderRows(); }
    }
    function openEvent(i) {
      var ev = events[i];
      stop();
      if (ev.s !== null && !inRange(ev)) { showAllDates(); }  // its row and marker need the range
      select(i, false);
      if (!ev.k) { popups.detail(i); if (narrow) { setSheet(true); } return; }
      if (narrow) { setSheet(false); }  // the open sheet would hide the popup on a phone
      ui.detail.hidden = true;
      if (ev.s !== null && inRange(ev) && !inWindow[i]) { setTime(ev.s, false); }  // bring it into view
      var where = anchor(ev);
      // not animated: the popup is panned clear of the controls as it opens, which an
      // animation still running would undo
      if (ev.k === "route") {
        map.fitBounds(L.latLngBounds(ev.g.map(function (c) { return [c[1], c[0]]; })).pad(0.2),
                      { maxZoom: 7, animate: false });
      } else {
        map.setView(where, Math.max(map.getZoom(), ev.k === "area" ? 5 : 6), { animate: false });
      }
      popups.open(i, where);
    }

    // --- Escape closes the popup (and the details panel) wherever the focus is: after a
    // list row or the chooser opened it, the focus is not on the map, whose own Escape
    // handling would then never see the key ---
    document.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" && e.key !== "Esc") { return; }
      if (map._popup && map.hasLayer(map._popup)) { map.closePopup(); }
      if (!ui.detail.hidden) { ui.detail.hidden = true; }
    });

    // --- the phone's bottom sheet: collapsed it shows the title, play and the slider ---
    function setSheet(open) {
      ui.side.classList.toggle("ge-open", open);
      ui.sheet.setAttribute("aria-expanded", open ? "true" : "false");
      ui.sheet.textContent = open ? "\u25bc Less" : "\u25b2 More";
      if (open) { timeline.renderRows(); }
    }
    ui.sheet.addEventListener("click", function () { setSheet(!ui.side.classList.contains("ge-open")); });
    setSheet(false);
    var control = handles && handles.control;
    if (narrow && control && !control.options.collapsed) {
      // no hover on a phone and no room: the layer list folds into its button
      control.remove(); control.options.collapsed = true; control.addTo(map);
    }

    // --- orientation: place names, the strips between outlines, region borders ---
    var gaps = G.gaps(P, cfg.gaps, cfg.land);
    var admin1 = G.admin1(P, cfg.admin1);
    var labels = cfg.labels ? G.labels(P, cfg.labels) : null;
    // online the tiles carry their own names: ours start switched off (one click away)
    if (labels && cfg.online) { map.removeLayer(labels.layer); }
    if (labels && control) { control.addOverlay(labels.layer, "Place names"); }
    if (admin1 && control) { control.addOverlay(admin1.layer, "Region borders (zoomed in)"); }

    // --- wiring ---
    ui.slider.min = String(S.from);
    ui.slider.max = String(S.to);
    if (bulk) { ui.from.value = G.periods.bound(S.from, false); ui.to.value = G.periods.bound(S.to, true); }
    timeline.drawBins();
    timeline.buildOrder();
    noteRange();
    painter.layer.addTo(map);
    map.on("overlayadd overlayremove", function () { update(false); });
    update(false);
    document.body.setAttribute("data-geoevents-ready", "1");
    if (global.performance && performance.mark) { performance.mark("geoevents-ready"); }

    var api = {
      state: function () {
        var w = windowBounds();
        return { t: S.t, lo: w[0], hi: w[1], from: S.from, to: S.to, accumulate: S.acc,
                 width: S.width, playing: S.playing, min: S.min, max: S.max, step: S.step,
                 bulk: S.bulk, colourBy: P.colourBy };
      },
      /* Ids of the events painted by the last frame (await a frame after a change). */
      visibleIds: function () { return painter.drawnIds().sort(); },
      listIds: timeline.ids,
      reveal: function (id) {
        for (var i = 0; i < n; i++) {
          if (events[i].id === id) {
            if (events[i].s !== null && !inRange(events[i])) { showAllDates(); }
            timeline.scrollTo(i, false);
            return true;
          }
        }
        return false;
      },
      setTime: function (day) { stop(); setTime(day, false); },
      openEvent: function (id) {
        for (var i = 0; i < n; i++) { if (events[i].id === id) { openEvent(i); return true; } }
        return false;
      },
      /* Names the label layer drew in its last frame, with boxes (canvas pixels). */
      labels: function () { return labels ? labels.drawn() : []; },
      bars: function () {
        return timeline.bins().list.map(function (b) { return { s: b.s, e: b.e, n: b.n }; });
      },
      gaps: function () { return gaps ? cfg.gaps.length : 0; },
      /* Region borders: how many lines, the zoom they show from, drawn now or not. */
      admin1: function () {
        return admin1 ? { lines: admin1.count, minZoom: admin1.minZoom, shown: admin1.shown() } : null;
      },
      map: map
    };
    global.GeoeventsMap.page = api;
    return api;
  }

  G.start = start;
})(window);

/* geoevents map page: time slider, timeline list, bar strip, summary and popups.
 *
 * Reads its data from <script type="application/json" id="geoevents-data">.  Every piece
 * of document text is put in the page with textContent, never innerHTML, so a report
 * containing markup shows it as text.  Dates are integer UTC day numbers (days since
 * 1970-01-01), compared as numbers: no time zones, no text sorting, pre-1970 dates work.
 */
(function (global) {
  "use strict";
  var L = global.L;

  // ---- calendar arithmetic on day numbers (proleptic Gregorian, H. Hinnant) ----
  function daysFromCivil(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    var era = Math.floor(y / 400), yoe = y - era * 400;
    var doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
    var doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
  }
  function civilFromDays(z) {
    z += 719468;
    var era = Math.floor(z / 146097), doe = z - era * 146097;
    var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) -
                          Math.floor(doe / 146096)) / 365);
    var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    var mp = Math.floor((5 * doy + 2) / 153);
    var d = doy - Math.floor((153 * mp + 2) / 5) + 1, m = mp < 10 ? mp + 3 : mp - 9;
    return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
  }
  function pad(n, w) { var s = String(n); while (s.length < w) { s = "0" + s; } return s; }
  function iso(day) {
    var c = civilFromDays(day);
    return pad(c[0], 4) + "-" + pad(c[1], 2) + "-" + pad(c[2], 2);
  }
  function monthLength(y, m) {
    return daysFromCivil(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - daysFromCivil(y, m, 1);
  }
  /* "2008", "2008-03" or "2008-03-15" -> [first day, last day], else null. */
  function parsePeriod(text) {
    var m = /^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$/.exec(text || "");
    if (!m) { return null; }
    var y = +m[1], mo, d;
    if (m[2] === undefined) { return [daysFromCivil(y, 1, 1), daysFromCivil(y, 12, 31)]; }
    mo = +m[2];
    if (mo < 1 || mo > 12) { return null; }
    if (m[3] === undefined) { return [daysFromCivil(y, mo, 1), daysFromCivil(y, mo, monthLength(y, mo))]; }
    d = +m[3];
    if (d < 1 || d > monthLength(y, mo)) { return null; }
    return [daysFromCivil(y, mo, d), daysFromCivil(y, mo, d)];
  }
  /* Shortest honest label of an interval: 2008, 2008-03, 2008-03-15 or a range. */
  function periodLabel(s, e) {
    if (s === e) { return iso(s); }
    var a = civilFromDays(s), b = civilFromDays(e);
    if (a[2] === 1 && a[0] === b[0] && a[1] === b[1] && b[2] === monthLength(b[0], b[1])) {
      return iso(s).slice(0, 7);
    }
    if (a[1] === 1 && a[2] === 1 && b[1] === 12 && b[2] === 31 && a[0] === b[0]) { return iso(s).slice(0, 4); }
    return iso(s) + " \u2013 " + iso(e);
  }
  function fmtNumber(x) {
    if (typeof x !== "number" || !isFinite(x)) { return String(x); }
    var neg = x < 0, v = Math.abs(x), whole = Math.floor(v), frac = v - whole;
    var s = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    if (frac > 1e-9) { s += String(Math.round(frac * 1000) / 1000).slice(1); }
    return (neg ? "-" : "") + s;
  }

  // ---- DOM helpers: text only ----
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  // ---- glyphs: one drawing routine for map markers, legend and lists ----
  function polygon(ctx, pts) {
    for (var i = 0; i < pts.length; i++) {
      if (i === 0) { ctx.moveTo(pts[i][0], pts[i][1]); } else { ctx.lineTo(pts[i][0], pts[i][1]); }
    }
    ctx.closePath();
  }
  function regular(x, y, r, n, rot) {
    var pts = [];
    for (var i = 0; i < n; i++) {
      var a = rot + i * 2 * Math.PI / n;
      pts.push([x + r * Math.cos(a), y + r * Math.sin(a)]);
    }
    return pts;
  }
  function glyphPath(ctx, shape, x, y, r) {
    var pts, i, a, k, t, u;
    ctx.beginPath();
    switch (shape) {
      case "square": ctx.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7); break;
      case "diamond": polygon(ctx, regular(x, y, r * 1.25, 4, -Math.PI / 2)); break;
      case "triangle": polygon(ctx, regular(x, y, r * 1.3, 3, -Math.PI / 2)); break;
      case "triangle-down": polygon(ctx, regular(x, y, r * 1.3, 3, Math.PI / 2)); break;
      case "pentagon": polygon(ctx, regular(x, y, r * 1.15, 5, -Math.PI / 2)); break;
      case "hexagon": polygon(ctx, regular(x, y, r * 1.1, 6, 0)); break;
      case "star":
        pts = [];
        for (i = 0; i < 10; i++) {
          a = -Math.PI / 2 + i * Math.PI / 5; k = i % 2 ? r * 0.6 : r * 1.4;
          pts.push([x + k * Math.cos(a), y + k * Math.sin(a)]);
        }
        polygon(ctx, pts); break;
      case "cross":
        t = r * 0.42; u = r * 1.15;
        polygon(ctx, [[x - t, y - u], [x + t, y - u], [x + t, y - t], [x + u, y - t], [x + u, y + t],
          [x + t, y + t], [x + t, y + u], [x - t, y + u], [x - t, y + t], [x - u, y + t],
          [x - u, y - t], [x - t, y - t]]);
        break;
      case "ring":
        ctx.arc(x, y, r, 0, 2 * Math.PI, false);
        ctx.moveTo(x + r * 0.45, y);
        ctx.arc(x, y, r * 0.45, 0, 2 * Math.PI, true);
        break;
      default: ctx.arc(x, y, r, 0, 2 * Math.PI, false);
    }
  }
  function arrowHead(ctx, x, y, angle, size) {
    ctx.beginPath();
    polygon(ctx, [[x + size * Math.cos(angle), y + size * Math.sin(angle)],
      [x + size * Math.cos(angle + 2.55), y + size * Math.sin(angle + 2.55)],
      [x + size * Math.cos(angle - 2.55), y + size * Math.sin(angle - 2.55)]]);
    ctx.fill();
  }
  /* A small PNG of a type's glyph (data: URI, so CSS can use it without any request). */
  function glyphImage(style, px) {
    var c = document.createElement("canvas"), ratio = 2, ctx;
    c.width = c.height = px * ratio;
    ctx = c.getContext("2d");
    ctx.scale(ratio, ratio);
    if (style.shape === "line") {
      ctx.strokeStyle = ctx.fillStyle = style.color; ctx.lineWidth = 2.5;
      ctx.beginPath(); ctx.moveTo(1, px - 3); ctx.lineTo(px - 3, 3); ctx.stroke();
      arrowHead(ctx, px * 0.55, px * 0.45, -Math.PI / 4, 4.5);
    } else {
      glyphPath(ctx, style.shape, px / 2, px / 2, px * 0.32);
      ctx.fillStyle = style.color; ctx.fill("evenodd");
      ctx.lineWidth = 1; ctx.strokeStyle = "#1b1b1b"; ctx.stroke();
    }
    return c.toDataURL("image/png");
  }

  // ---- Leaflet extensions drawn on the canvas renderer ----
  var GlyphMarker = L.CircleMarker.extend({
    _updatePath: function () { this._renderer._updateGlyph(this); },
    _updateBounds: function () {  // stars and triangles reach past the radius
      var w = this._radius * 1.45 + this._clickTolerance();
      this._pxBounds = L.bounds(this._point.subtract([w, w]), this._point.add([w, w]));
    }
  });
  var ArrowLine = L.Polyline.extend({
    _updatePath: function () {
      this._renderer._updatePoly(this);
      this._renderer._updateArrows(this);
    },
    _updateBounds: function () {  // arrowheads reach past the line's own width
      if (!this._rawPxBounds) { return; }
      var w = this._clickTolerance() + this.options.arrowSize;
      this._pxBounds = L.bounds(this._rawPxBounds.min.subtract([w, w]), this._rawPxBounds.max.add([w, w]));
    }
  });
  L.Canvas.include({
    _updateGlyph: function (layer) {
      if (!this._drawing || layer._empty()) { return; }
      glyphPath(this._ctx, layer.options.shape, layer._point.x, layer._point.y,
        Math.max(Math.round(layer._radius), 1));
      this._fillStroke(this._ctx, layer);
    },
    _updateArrows: function (layer) {
      if (!this._drawing || !layer._parts.length) { return; }
      var ctx = this._ctx, size = layer.options.arrowSize, parts = layer._parts, i, j, p, q, dx, dy;
      ctx.globalAlpha = layer.options.opacity;
      ctx.fillStyle = layer.options.color;
      for (i = 0; i < parts.length; i++) {
        for (j = 0; j + 1 < parts[i].length; j++) {
          p = parts[i][j]; q = parts[i][j + 1]; dx = q.x - p.x; dy = q.y - p.y;
          if (dx * dx + dy * dy < 9 * size * size) { continue; }  // too short for an arrow
          arrowHead(ctx, p.x + dx * 0.55, p.y + dy * 0.55, Math.atan2(dy, dx), size);
        }
      }
      ctx.globalAlpha = 1;
    }
  });

  // ---- the page ----
  function start(dataNode) {
    var cfg = JSON.parse(dataNode.textContent);
    var map = global[cfg.map];
    var renderer = L.canvas({ padding: 0.3, tolerance: 4 });
    var styles = {}, groups = {};
    cfg.types.forEach(function (t) { styles[t.key] = t; });
    Object.keys(cfg.groups).forEach(function (k) { groups[k] = global[cfg.groups[k]]; });
    installGlyphCss(cfg.types);

    var events = cfg.events;
    var dated = events.filter(function (ev) { return ev.s !== null; });
    var lo = Infinity, hi = -Infinity;
    dated.forEach(function (ev) { lo = Math.min(lo, ev.s); hi = Math.max(hi, ev.e); });
    if (!dated.length) { lo = hi = daysFromCivil(2000, 1, 1); }
    var span = hi - lo + 1;
    var S = {
      min: lo, max: hi, from: lo, to: hi, t: hi, acc: true, playing: false, timer: null,
      width: span <= 731 ? 31 : span <= 3653 ? 92 : 366,
      speed: pickSpeed(span)
    };
    var shown = new Uint8Array(events.length);    // marker on its layer group
    var inWindow = new Uint8Array(events.length);  // list row highlighted
    var rows = new Array(events.length);
    var layers = new Array(events.length);
    var ui = {
      slider: byId("ge-slider"), play: byId("ge-play"), label: byId("ge-window"),
      width: byId("ge-width"), speed: byId("ge-speed"), acc: byId("ge-acc"),
      from: byId("ge-from"), to: byId("ge-to"), reset: byId("ge-range-reset"),
      msg: byId("ge-range-msg"), list: byId("ge-list"), listHead: byId("ge-list-head"),
      bars: byId("ge-bars"), summary: byId("ge-summary-body"), detail: byId("ge-detail")
    };
    var bins = buildBins();

    function byId(id) { return document.getElementById(id); }
    function pickSpeed(days) {
      var wanted = days / 20, options = [7, 31, 92, 366, 1830];
      for (var i = 0; i < options.length; i++) { if (options[i] >= wanted) { return options[i]; } }
      return 1830;
    }

    // --- layers, built on first display ---
    function anchor(ev) {
      if (ev.k === "route") {
        var g = ev.g, a = g[Math.floor((g.length - 1) / 2)], b = g[Math.floor(g.length / 2)];
        return L.latLng((a[1] + b[1]) / 2, (a[0] + b[0]) / 2);
      }
      return L.latLng(ev.g[1], ev.g[0]);
    }
    function layerOf(i) {
      if (layers[i]) { return layers[i]; }
      var ev = events[i], st = styles[ev.t], g = ev.g, layer;
      var faint = ev.p.status === "planned" || ev.p.status === "negated";
      if (ev.k === "pin") {
        layer = new GlyphMarker([g[1], g[0]], { renderer: renderer, shape: st.shape, radius: 7,
          color: "#1b1b1b", weight: 1, fillColor: st.color, fillOpacity: faint ? 0.25 : 0.92 });
      } else if (ev.k === "area") {
        layer = L.featureGroup([
          L.circle([g[1], g[0]], { renderer: renderer, radius: ev.r, color: st.color, weight: 1.5,
            dashArray: "5 4", fillColor: st.color, fillOpacity: 0.12 }),
          new GlyphMarker([g[1], g[0]], { renderer: renderer, shape: st.shape, radius: 4,
            color: st.color, weight: 1, fillColor: st.color, fillOpacity: 0.55 })
        ]);
      } else {
        layer = L.featureGroup([new ArrowLine(g.map(function (c) { return [c[1], c[0]]; }), {
          renderer: renderer, color: st.color, weight: 3, opacity: 0.9, arrowSize: 7,
          dashArray: faint ? "6 5" : null })]);
        (ev.p.route || []).forEach(function (stop) {
          if (typeof stop.lat !== "number" || typeof stop.lon !== "number") { return; }
          var end = stop.role === "origin" || stop.role === "destination";
          var dot = L.circleMarker([stop.lat, stop.lon], { renderer: renderer, radius: end ? 5 : 3.5,
            color: st.color, weight: 2, fillColor: stop.role === "destination" ? st.color : "#ffffff",
            fillOpacity: 1 });
          dot.bindTooltip(el("span", null, (stop.name || "?") + " (" + (stop.role || "stop") + ")"));
          layer.addLayer(dot);
        });
      }
      layer.bindPopup(function () { return popupContent(ev); }, { maxWidth: 380, minWidth: 240 });
      layer.on("popupopen", function () { select(i, false); });
      layer._geIndex = i;
      layers[i] = layer;
      return layer;
    }

    // --- what the slider window shows ---
    function windowBounds() {
      return [S.acc ? S.from : Math.max(S.from, S.t - S.width + 1), S.t];
    }
    function inRange(ev) { return ev.s !== null && ev.e >= S.from && ev.s <= S.to; }
    function update(follow) {
      var w = windowBounds(), onMap = 0, firstRow = -1;
      for (var i = 0; i < events.length; i++) {
        var ev = events[i];
        var inside = inRange(ev) && ev.s <= w[1] && ev.e >= w[0] ? 1 : 0;
        var draw = inside && ev.k ? 1 : 0;
        if (draw !== shown[i]) {
          if (draw) { groups[ev.t].addLayer(layerOf(i)); } else { groups[ev.t].removeLayer(layers[i]); }
          shown[i] = draw;
        }
        if (inside !== inWindow[i] && rows[i]) { rows[i].classList.toggle("ge-in", !!inside); }
        inWindow[i] = inside;
        if (draw && map.hasLayer(groups[ev.t])) { onMap++; }
        if (inside && firstRow < 0) { firstRow = i; }
      }
      ui.slider.value = String(S.t);
      ui.label.textContent = (S.acc ? "Up to " + iso(w[1]) + " (from " + iso(w[0]) + ")"
        : iso(w[0]) + " \u2013 " + iso(w[1])) + " UTC \u00b7 " + onMap + " event" +
        (onMap === 1 ? "" : "s") + " on the map";
      ui.label.dataset.lo = String(w[0]);
      ui.label.dataset.hi = String(w[1]);
      paintBins(w);
      if (follow && firstRow >= 0 && rows[firstRow]) {
        ui.list.scrollTop = rows[firstRow].offsetTop - ui.list.offsetTop;
      }
    }
    function setTime(day, follow) {
      S.t = Math.max(S.from, Math.min(S.to, Math.round(day)));
      update(follow);
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
    ui.slider.addEventListener("input", function () { stop(); setTime(+ui.slider.value, false); });
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
      S.from = f[0]; S.to = t[1];
      ui.slider.min = String(S.from); ui.slider.max = String(S.to);
      rows.forEach(function (row, i) { if (row) { row.hidden = events[i].s !== null && !inRange(events[i]); } });
      countRows();
      setTime(S.t, false);
    }
    ui.from.addEventListener("change", applyRange);
    ui.to.addEventListener("change", applyRange);
    ui.reset.addEventListener("click", function () { ui.from.value = ""; ui.to.value = ""; applyRange(); });

    // --- bar strip: events per month (or per year over long spans), by start date ---
    function buildBins() {
      var monthly = span <= 3653, out = [], a = civilFromDays(lo), b = civilFromDays(hi);
      var y = a[0], m = monthly ? a[1] : 1, s, e;
      while (y < b[0] || (y === b[0] && (!monthly || m <= b[1]))) {
        s = daysFromCivil(y, m, 1);
        e = monthly ? s + monthLength(y, m) - 1 : daysFromCivil(y, 12, 31);
        out.push({ s: s, e: e, n: 0, label: monthly ? iso(s).slice(0, 7) : String(y) });
        if (monthly && m < 12) { m++; } else { y++; m = 1; }
      }
      var k = 0;
      dated.forEach(function (ev) {  // dated is in start order, as are the bins
        while (k + 1 < out.length && ev.s > out[k].e) { k++; }
        out[k].n++;
      });
      return { list: out, monthly: monthly };
    }
    function drawBins() {
      var most = 1, strip = el("div", "ge-strip"), axis = el("div", "ge-axis");
      bins.list.forEach(function (b) { most = Math.max(most, b.n); });
      bins.list.forEach(function (b, i) {
        var bar = el("div", "ge-bar"), fill = el("div", "ge-fill");
        fill.style.height = (b.n ? Math.max(8, Math.round(100 * b.n / most)) : 0) + "%";
        bar.title = b.label + ": " + b.n + " event" + (b.n === 1 ? "" : "s");
        bar.appendChild(fill);
        bar.addEventListener("click", function () { stop(); setTime(Math.min(b.e, S.to), false); });
        strip.appendChild(bar);
        b.node = bar;
        var first = civilFromDays(b.s);
        if (!bins.monthly || first[1] === 1 || i === 0) {
          var tick = el("span", "ge-tick", bins.monthly ? first[0] : b.label);
          tick.style.left = (100 * i / bins.list.length) + "%";
          axis.appendChild(tick);
        }
      });
      clear(ui.bars);
      ui.bars.appendChild(strip);
      ui.bars.appendChild(axis);
      thinTicks(axis);
    }
    function thinTicks(axis) {  // keep tick labels from overlapping on long spans
      var ticks = axis.children, every = Math.ceil(ticks.length / 12);
      for (var i = 0; i < ticks.length; i++) { ticks[i].hidden = i % every !== 0; }
    }
    function paintBins(w) {
      bins.list.forEach(function (b) {
        if (!b.node) { return; }
        b.node.classList.toggle("ge-on", b.e >= w[0] && b.s <= w[1]);
        b.node.classList.toggle("ge-out", b.e < S.from || b.s > S.to);
      });
    }

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
        (p.geo_precision || "?") + " precision, " + "by " + (p.resolved_by || "?")
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
    var docs = {};
    (cfg.documents || []).forEach(function (d) { if (d.doc_id) { docs[d.doc_id] = d; } });

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

    // --- selecting an event from the list, the summary or the map ---
    var selected = -1;
    function select(i, scroll) {
      if (selected >= 0 && rows[selected]) { rows[selected].classList.remove("ge-sel"); }
      selected = i;
      var row = rows[i];
      if (!row) { return; }
      row.classList.add("ge-sel");
      if (scroll && !row.hidden) {
        var top = row.offsetTop - ui.list.offsetTop;
        if (top < ui.list.scrollTop || top > ui.list.scrollTop + ui.list.clientHeight - row.offsetHeight) {
          ui.list.scrollTop = top - ui.list.clientHeight / 3;
        }
      }
    }
    function openEvent(i) {
      var ev = events[i];
      stop();
      select(i, false);
      if (!ev.k) { showDetail(i); return; }
      ui.detail.hidden = true;
      if (ev.s !== null && inRange(ev) && !inWindow[i]) { setTime(ev.s, false); }  // bring it into view
      var where = anchor(ev);
      if (ev.k === "route") {
        map.fitBounds(L.latLngBounds(ev.g.map(function (c) { return [c[1], c[0]]; })).pad(0.2), { maxZoom: 7 });
      } else {
        map.setView(where, Math.max(map.getZoom(), ev.k === "area" ? 5 : 6));
      }
      if (shown[i] && map.hasLayer(groups[ev.t])) {
        layers[i].openPopup(where);
      } else {  // outside the date range or its type switched off: still show what it is
        L.popup({ maxWidth: 380, minWidth: 240 }).setLatLng(where).setContent(popupContent(ev)).openOn(map);
      }
    }

    // --- timeline list, in date order ---
    function buildList() {
      var frag = document.createDocumentFragment();
      events.forEach(function (ev, i) {
        var row = el("li", "ge-item" + (ev.k ? "" : " ge-unplaced"));
        row.dataset.i = String(i);
        row.dataset.id = ev.id;
        var line = el("div", "ge-line");
        line.appendChild(el("span", "ge-glyph ge-g-" + ev.t));
        line.appendChild(el("span", "ge-date", ev.s === null ? "undated" : periodLabel(ev.s, ev.e)));
        if (ev.p.date_text) { line.appendChild(el("span", "ge-dt", "\u201c" + ev.p.date_text + "\u201d")); }
        line.appendChild(el("span", "ge-type", styles[ev.t].label));
        line.appendChild(el("span", "ge-place", ev.k ? (ev.p.place || ev.p.place_text || (ev.k === "route" ? "route" : ""))
          : "not on the map"));
        row.appendChild(line);
        row.appendChild(el("div", "ge-ti", ev.p.title || "(untitled event)"));
        rows[i] = row;
        frag.appendChild(row);
      });
      ui.list.appendChild(frag);
      ui.list.addEventListener("click", function (e) {
        var row = e.target.closest ? e.target.closest("li.ge-item") : null;
        if (row) { openEvent(+row.dataset.i); }
      });
      countRows();
    }
    function countRows() {
      var n = 0;
      rows.forEach(function (r) { if (r && !r.hidden) { n++; } });
      ui.listHead.textContent = "Timeline: " + n + " event" + (n === 1 ? "" : "s") + " in date order" +
        (n < events.length ? " (of " + events.length + ")" : "");
    }

    // --- summary panel: counts by type, date range, documents, unplaced events ---
    function buildSummary() {
      var box = ui.summary, placed = 0, counts = {};
      events.forEach(function (ev) { if (ev.k) { placed++; } counts[ev.t] = (counts[ev.t] || 0) + 1; });
      box.appendChild(el("p", "ge-sum-line", events.length + " events: " + placed + " on the map, " +
        (events.length - placed) + " unplaced, " + (events.length - dated.length) + " undated."));
      box.appendChild(el("p", "ge-sum-line", dated.length ? "Dates " + iso(lo) + " to " + iso(hi) + " (UTC)."
        : "No dated events."));
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
      box.appendChild(el("h2", null, "Documents (" + (cfg.documents || []).length + ")"));
      var dlist = el("ul", "ge-docs");
      (cfg.documents || []).forEach(function (d) {
        var li = el("li");
        li.appendChild(el("b", null, d.doc_id || "?"));
        li.appendChild(document.createTextNode(" " + (d.doc_date || "undated") + " \u2014 " + (d.title || "(no title)")));
        if (d.path) { li.appendChild(el("div", "ge-path", d.path)); }
        dlist.appendChild(li);
      });
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
    function listEvents(box, heading, indexes) {
      var picked = indexes.filter(function (i) { return i >= 0; });
      if (!picked.length) { return; }
      box.appendChild(el("h2", null, heading + " (" + picked.length + ")"));
      var ul = el("ul", "ge-evlist");
      picked.forEach(function (i) {
        var ev = events[i], li = el("li"), a = el("button", "ge-link");
        a.type = "button";
        a.textContent = (ev.s === null ? "undated" : periodLabel(ev.s, ev.e)) + " \u00b7 " +
          styles[ev.t].label + " \u00b7 " + (ev.p.title || "(untitled)") +
          (ev.p.place_text ? " \u00b7 \u201c" + ev.p.place_text + "\u201d" : "");
        a.addEventListener("click", function () { openEvent(i); });
        li.appendChild(a);
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }

    // --- wiring ---
    ui.slider.min = String(S.from);
    ui.slider.max = String(S.to);
    drawBins();
    buildSummary();
    buildList();
    map.on("overlayadd overlayremove", function () { update(false); });
    update(false);
    document.body.setAttribute("data-geoevents-ready", "1");

    var api = {
      state: function () {
        var w = windowBounds();
        return { t: S.t, lo: w[0], hi: w[1], from: S.from, to: S.to, accumulate: S.acc,
                 width: S.width, playing: S.playing, min: S.min, max: S.max };
      },
      visibleIds: function () {
        var out = [];
        Object.keys(groups).forEach(function (k) {
          if (!map.hasLayer(groups[k])) { return; }
          groups[k].eachLayer(function (layer) {
            if (layer._geIndex !== undefined) { out.push(events[layer._geIndex].id); }
          });
        });
        return out.sort();
      },
      setTime: function (day) { stop(); setTime(day, false); },
      openEvent: function (id) {
        for (var i = 0; i < events.length; i++) { if (events[i].id === id) { openEvent(i); return true; } }
        return false;
      },
      map: map
    };
    global.GeoeventsMap.page = api;
    return api;
  }

  function installGlyphCss(types) {
    var rules = types.map(function (t) {
      return ".ge-g-" + t.key + ",.ge-glyph[data-type=\"" + t.key + "\"]{background-image:url(" +
        glyphImage(t, 14) + ")}";
    });
    var style = document.createElement("style");
    style.textContent = rules.join("\n");
    document.head.appendChild(style);
  }

  global.GeoeventsMap = {
    start: start, iso: iso, daysFromCivil: daysFromCivil, parsePeriod: parsePeriod, periodLabel: periodLabel
  };
})(window);

/* geoevents map page: time slider, timeline list, bar strip, summary and popups.
 *
 * Reads its data from the application/json script block #geoevents-data.  Every piece
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
  /* Adds one glyph as closed subpath(s) to the current path: a whole type is then
     filled and stroked with one call each, which is what keeps 10 000 markers fast. */
  function glyphPath(ctx, shape, x, y, r) {
    var pts, i, a, k, t, u;
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
      case "ring":  // the inner circle runs the other way: a hole under either fill rule
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI, false);
        ctx.moveTo(x + r * 0.45, y);
        ctx.arc(x, y, r * 0.45, 0, 2 * Math.PI, true);
        break;
      default:
        ctx.moveTo(x + r, y);
        ctx.arc(x, y, r, 0, 2 * Math.PI, false);
    }
  }
  /* Adds an arrowhead pointing along `angle` as a subpath (filled later, in bulk). */
  function arrowPath(ctx, x, y, angle, size) {
    polygon(ctx, [[x + size * Math.cos(angle), y + size * Math.sin(angle)],
      [x + size * Math.cos(angle + 2.55), y + size * Math.sin(angle + 2.55)],
      [x + size * Math.cos(angle - 2.55), y + size * Math.sin(angle - 2.55)]]);
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
      ctx.beginPath(); arrowPath(ctx, px * 0.55, px * 0.45, -Math.PI / 4, 4.5); ctx.fill();
    } else {
      ctx.beginPath();
      glyphPath(ctx, style.shape, px / 2, px / 2, px * 0.32);
      ctx.fillStyle = style.color; ctx.fill("evenodd");
      ctx.lineWidth = 1; ctx.strokeStyle = "#1b1b1b"; ctx.stroke();
    }
    return c.toDataURL("image/png");
  }


  // ---- one canvas for every event marker, drawn from the page's visibility flags ----
  /* Leaflet's own layers cost an object, events and a redraw pass each: at 10 000
     events a slider step took ~0.3 s.  This layer keeps no per-event objects: each frame
     it paints whatever `paint` draws and keeps the hit list for clicks and hovers. */
  var EventCanvas = L.Layer.extend({
    options: { pane: "overlayPane", padding: 0.25 },
    initialize: function (paint) { this._paint = paint; this._frame = null; },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", "ge-canvas leaflet-zoom-hide");
      this._canvas.style.pointerEvents = "none";  // clicks reach the map; we hit-test
      this.getPane().appendChild(this._canvas);
      map.on("moveend zoomend resize viewreset", this._reset, this);
      this._reset();
    },
    onRemove: function (map) {
      map.off("moveend zoomend resize viewreset", this._reset, this);
      L.DomUtil.remove(this._canvas);
    },
    _reset: function () {
      var map = this._map, size = map.getSize(), pad = size.multiplyBy(this.options.padding).round();
      var ratio = global.devicePixelRatio || 1, c = this._canvas;
      this.origin = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
      this.width = size.x + 2 * pad.x;
      this.height = size.y + 2 * pad.y;
      c.width = Math.round(this.width * ratio);
      c.height = Math.round(this.height * ratio);
      c.style.width = this.width + "px";
      c.style.height = this.height + "px";
      L.DomUtil.setPosition(c, this.origin);
      this.ratio = ratio;
      this.draw();  // resizing cleared the canvas: paint now, not a frame later
    },
    redraw: function () {
      if (this._map && !this._frame) { this._frame = L.Util.requestAnimFrame(this.draw, this); }
    },
    draw: function () {
      if (this._frame) { L.Util.cancelAnimFrame(this._frame); this._frame = null; }
      if (!this._map) { return; }
      var ctx = this._canvas.getContext("2d");
      ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
      ctx.clearRect(0, 0, this.width, this.height);
      this._paint(ctx, this);
    },
    /* Container point -> canvas point (the canvas sits at `origin` in layer points). */
    toCanvas: function (containerPoint) {
      return this._map.containerPointToLayerPoint(containerPoint).subtract(this.origin);
    }
  });

  // ---- the page ----
  function start(dataNode) {
    var cfg = JSON.parse(dataNode.textContent);
    var map = global[cfg.map];
    var styles = {}, groups = {};
    cfg.types.forEach(function (t) { styles[t.key] = t; });
    Object.keys(cfg.groups).forEach(function (k) { groups[k] = global[cfg.groups[k]]; });
    installGlyphCss(cfg.types);

    var events = cfg.events, n = events.length;
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
    var shown = new Uint8Array(n);     // placed, inside the range and the slider window
    var inWindow = new Uint8Array(n);  // dated and inside the window (placed or not)
    var typeOn = {};
    var ui = {
      slider: byId("ge-slider"), play: byId("ge-play"), label: byId("ge-window"),
      width: byId("ge-width"), speed: byId("ge-speed"), acc: byId("ge-acc"),
      from: byId("ge-from"), to: byId("ge-to"), reset: byId("ge-range-reset"),
      msg: byId("ge-range-msg"), list: byId("ge-list"), listHead: byId("ge-list-head"),
      bars: byId("ge-bars"), summary: byId("ge-summary-body"), detail: byId("ge-detail")
    };
    var bins = buildBins();
    var docs = {};
    (cfg.documents || []).forEach(function (d) { if (d.doc_id) { docs[d.doc_id] = d; } });

    function byId(id) { return document.getElementById(id); }
    function pickSpeed(days) {
      var wanted = days / 20, options = [7, 31, 92, 366, 1830];
      for (var i = 0; i < options.length; i++) { if (options[i] >= wanted) { return options[i]; } }
      return 1830;
    }
    function faint(ev) { return ev.p.status === "planned" || ev.p.status === "negated"; }
    function anchor(ev) {
      if (ev.k === "route") {
        var g = ev.g, a = g[Math.floor((g.length - 1) / 2)], b = g[Math.floor(g.length / 2)];
        return L.latLng((a[1] + b[1]) / 2, (a[0] + b[0]) / 2);
      }
      return L.latLng(ev.g[1], ev.g[0]);
    }

    // --- drawing: areas under routes under pins; one fill per type and style ---
    var byKind = { area: {}, route: [], pin: {} };
    events.forEach(function (ev, i) {
      if (ev.k === "route") { byKind.route.push(i); return; }
      if (!ev.k) { return; }
      var key = ev.t + (faint(ev) ? "|faint" : "");
      (byKind[ev.k][key] = byKind[ev.k][key] || []).push(i);
    });
    var proj = { zoom: null, x: new Float64Array(n), y: new Float64Array(n), routes: {}, stops: {} };
    var drawn = { ids: [], pins: [], areas: [], routes: [] };

    function project(zoom) {
      if (proj.zoom === zoom) { return; }
      events.forEach(function (ev, i) {
        if (ev.k === "pin" || ev.k === "area") {
          var p = map.project([ev.g[1], ev.g[0]], zoom);
          proj.x[i] = p.x; proj.y[i] = p.y;
        } else if (ev.k === "route") {
          proj.routes[i] = ev.g.map(function (c) { return map.project([c[1], c[0]], zoom); });
          proj.stops[i] = (ev.p.route || []).filter(function (stop) {
            return typeof stop.lat === "number" && typeof stop.lon === "number";
          }).map(function (stop) { return [map.project([stop.lat, stop.lon], zoom), stop.role]; });
        }
      });
      proj.zoom = zoom;
    }
    /* Each marker style is drawn once into a small canvas and stamped with drawImage:
       far cheaper than filling and stroking thousands of paths in a software renderer. */
    var sprites = {};
    function sprite(key, cssSize, drawOn) {
      var ratio = global.devicePixelRatio || 1, full = key + "@" + ratio;
      if (!sprites[full]) {
        var c = document.createElement("canvas"), ctx;
        c.width = c.height = Math.ceil(cssSize * ratio);
        ctx = c.getContext("2d");
        ctx.scale(ratio, ratio);
        drawOn(ctx, cssSize);
        sprites[full] = c;
      }
      return sprites[full];
    }
    function pinSprite(type, isFaint, r) {
      var st = styles[type], size = Math.ceil(2 * (r * 1.45 + 2));
      return sprite("pin|" + type + "|" + isFaint + "|" + r, size, function (ctx) {
        ctx.beginPath();
        glyphPath(ctx, st.shape, size / 2, size / 2, r);
        ctx.globalAlpha = r < 7 ? 0.6 : isFaint ? 0.25 : 0.92;
        ctx.fillStyle = st.color; ctx.fill("evenodd");
        if (r >= 7) { ctx.globalAlpha = 1; ctx.strokeStyle = "#1b1b1b"; ctx.lineWidth = 1; ctx.stroke(); }
      });
    }
    var AREA_SIZES = [16, 32, 64, 128, 256, 512];
    function areaSprite(type, size) {
      var st = styles[type];
      return sprite("area|" + type + "|" + size, size, function (ctx) {
        var c = size / 2, line = 2;  // stamped at 1/2..1 of its size: a 1-2 px dashed ring
        var fill = ctx.createRadialGradient(c, c, 0, c, c, c);
        fill.addColorStop(0, hexAlpha(st.color, 0.2));
        fill.addColorStop(1, hexAlpha(st.color, 0.08));
        ctx.fillStyle = fill;
        ctx.beginPath(); ctx.arc(c, c, c - line / 2, 0, 2 * Math.PI); ctx.fill();
        ctx.strokeStyle = st.color; ctx.globalAlpha = 0.85; ctx.lineWidth = line;
        ctx.setLineDash([7, 6]); ctx.stroke();
      });
    }
    function hexAlpha(hex, alpha) {
      var v = parseInt(hex.slice(1), 16);
      return "rgba(" + (v >> 16 & 255) + "," + (v >> 8 & 255) + "," + (v & 255) + "," + alpha + ")";
    }
    function paint(ctx, layer) {
      var zoom = map.getZoom(), po = map.getPixelOrigin();
      var ox = po.x + layer.origin.x, oy = po.y + layer.origin.y, w = layer.width, h = layer.height;
      var scale = 256 * Math.pow(2, zoom) / 40075016.686;  // pixels per metre at the equator
      project(zoom);
      drawn = { ids: [], pins: [], areas: [], routes: [] };
      var stamped = {};  // same circle at the same spot: one stamp (stacks would turn opaque)
      Object.keys(byKind.area).forEach(function (key) {
        var type = key.split("|")[0];
        byKind.area[key].forEach(function (i) {
          if (!shown[i] || !typeOn[type]) { return; }
          var x = proj.x[i] - ox, y = proj.y[i] - oy;
          var r = events[i].r * scale / Math.cos(events[i].g[1] * Math.PI / 180);
          drawn.ids.push(i);
          drawn.areas.push([i, x, y, r]);
          if (x + r < 0 || y + r < 0 || x - r > w || y - r > h) { return; }
          var spot = Math.round(x) + "," + Math.round(y) + "," + Math.round(r);
          if (stamped[spot]) { return; }
          stamped[spot] = true;
          var d = 2 * r, size = 0;
          for (var k = 0; k < AREA_SIZES.length && !size; k++) { if (AREA_SIZES[k] >= d) { size = AREA_SIZES[k]; } }
          if (size) {
            ctx.drawImage(areaSprite(type, size), x - r, y - r, d, d);
          } else {  // larger than any stamp (zoomed far in): few of these, draw the path
            ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
            ctx.globalAlpha = 0.12; ctx.fillStyle = styles[type].color; ctx.fill();
            ctx.globalAlpha = 0.85; ctx.strokeStyle = styles[type].color; ctx.lineWidth = 1.5;
            ctx.setLineDash([5, 4]); ctx.stroke(); ctx.setLineDash([]); ctx.globalAlpha = 1;
          }
        });
      });
      var routeSets = {};
      byKind.route.forEach(function (i) {
        if (!shown[i] || !typeOn[events[i].t]) { return; }
        var ev = events[i], key = ev.t + (faint(ev) ? "|faint" : "");
        var pts = proj.routes[i].map(function (p) { return [p.x - ox, p.y - oy]; });
        var stops = proj.stops[i].map(function (s) { return [s[0].x - ox, s[0].y - oy, s[1]]; });
        drawn.ids.push(i);
        drawn.routes.push([i, pts]);
        (routeSets[key] = routeSets[key] || []).push([i, pts, stops]);
      });
      Object.keys(routeSets).forEach(function (key) {
        drawRoutes(ctx, routeSets[key], styles[key.split("|")[0]], key.indexOf("|faint") > 0);
      });
      drawn.areas.forEach(function (a) {  // a small faded glyph marks each circle's centre
        var img = pinSprite(events[a[0]].t, false, 4), half = img.width / (global.devicePixelRatio || 1) / 2;
        if (a[1] < -10 || a[2] < -10 || a[1] > w + 10 || a[2] > h + 10) { return; }
        ctx.drawImage(img, Math.round(a[1] - half), Math.round(a[2] - half), 2 * half, 2 * half);
      });
      Object.keys(byKind.pin).forEach(function (key) {
        var type = key.split("|")[0], r = 7, img = pinSprite(type, key.indexOf("|faint") > 0, r);
        var half = img.width / (global.devicePixelRatio || 1) / 2;
        byKind.pin[key].forEach(function (i) {
          if (!shown[i] || !typeOn[type]) { return; }
          var x = proj.x[i] - ox, y = proj.y[i] - oy;
          drawn.ids.push(i);
          drawn.pins.push([i, x, y, r]);
          if (x < -10 || y < -10 || x > w + 10 || y > h + 10) { return; }
          ctx.drawImage(img, Math.round(x - half), Math.round(y - half), 2 * half, 2 * half);
        });
      });
      ctx.globalAlpha = 1;
    }
    /* All shown routes of one type (and line style) in one stroke, one arrow fill, and
       one fill per kind of stop: per-route calls cost ~0.5 ms each in software. */
    function drawRoutes(ctx, list, st, dashed) {
      var j, k, p, q, dx, dy, len, arrows;
      ctx.globalAlpha = 0.9; ctx.strokeStyle = ctx.fillStyle = st.color; ctx.lineWidth = 3;
      ctx.lineJoin = ctx.lineCap = "round";
      ctx.setLineDash(dashed ? [6, 5] : []);
      ctx.beginPath();
      list.forEach(function (item) {
        item[1].forEach(function (pt, idx) { if (idx === 0) { ctx.moveTo(pt[0], pt[1]); } else { ctx.lineTo(pt[0], pt[1]); } });
      });
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.beginPath();
      list.forEach(function (item) {  // arrowheads show the direction of each leg
        var pts = item[1];
        for (j = 0; j + 1 < pts.length; j++) {
          p = pts[j]; q = pts[j + 1]; dx = q[0] - p[0]; dy = q[1] - p[1];
          len = Math.sqrt(dx * dx + dy * dy);
          if (len < 27) { continue; }
          arrows = Math.max(1, Math.floor(len / 140));
          for (k = 1; k <= arrows; k++) {
            arrowPath(ctx, p[0] + dx * k / (arrows + 1), p[1] + dy * k / (arrows + 1), Math.atan2(dy, dx), 9);
          }
        }
      });
      ctx.fill();
      ctx.globalAlpha = 1; ctx.lineWidth = 2;
      [false, true].forEach(function (destination) {  // open circles, then the filled destinations
        ctx.beginPath();
        list.forEach(function (item) {
          item[2].forEach(function (stop) {
            if ((stop[2] === "destination") !== destination) { return; }
            var r = stop[2] === "origin" || stop[2] === "destination" ? 5 : 3.5;
            ctx.moveTo(stop[0] + r, stop[1]);
            ctx.arc(stop[0], stop[1], r, 0, 2 * Math.PI);
          });
        });
        ctx.fillStyle = destination ? st.color : "#ffffff"; ctx.fill(); ctx.stroke();
      });
    }
    var canvas = new EventCanvas(paint);

    /* What is under a container point: pins first (drawn on top), then routes, then
       circles; `all` lists every event of that tier there, topmost first (events often
       share a place, e.g. a country's centre). */
    function hitTest(containerPoint) {
      var c = canvas.toCanvas(containerPoint), x = c.x, y = c.y, k, a, j, all = [], stop = null;
      for (k = drawn.pins.length - 1; k >= 0; k--) {
        a = drawn.pins[k];
        if ((a[1] - x) * (a[1] - x) + (a[2] - y) * (a[2] - y) <= (a[3] + 4) * (a[3] + 4)) { all.push(a[0]); }
      }
      for (k = drawn.routes.length - 1; k >= 0 && !all.length; k--) {
        a = drawn.routes[k];
        for (j = 0; j + 1 < a[1].length; j++) {
          if (segmentDistance(x, y, a[1][j], a[1][j + 1]) <= 6) {
            all.push(a[0]);
            stop = stop || nearStop(events[a[0]], containerPoint);
            break;
          }
        }
      }
      for (k = drawn.areas.length - 1; k >= 0 && !all.length; k--) {
        a = drawn.areas[k];
        if ((a[1] - x) * (a[1] - x) + (a[2] - y) * (a[2] - y) <= a[3] * a[3]) { all.push(a[0]); }
      }
      return all.length ? { i: all[0], stop: stop, all: all } : null;
    }
    function segmentDistance(x, y, p, q) {
      var dx = q[0] - p[0], dy = q[1] - p[1], l2 = dx * dx + dy * dy;
      var t = l2 ? Math.max(0, Math.min(1, ((x - p[0]) * dx + (y - p[1]) * dy) / l2)) : 0;
      var ex = p[0] + t * dx - x, ey = p[1] + t * dy - y;
      return Math.sqrt(ex * ex + ey * ey);
    }
    function nearStop(ev, containerPoint) {
      var best = null;
      (ev.p.route || []).forEach(function (stop) {
        if (typeof stop.lat !== "number") { return; }
        if (map.latLngToContainerPoint([stop.lat, stop.lon]).distanceTo(containerPoint) <= 8) { best = stop; }
      });
      return best;
    }

    map.on("click", function (e) {
      var hit = hitTest(e.containerPoint);
      if (!hit) { return; }
      var ev = events[hit.i];
      var where = ev.k === "route" ? (hit.stop ? L.latLng(hit.stop.lat, hit.stop.lon) : e.latlng) : anchor(ev);
      if (hit.all.length > 1) {
        L.popup({ maxWidth: 380, minWidth: 240 }).setLatLng(where).setContent(chooser(hit.all)).openOn(map);
      } else {
        openPopup(hit.i, where);
      }
      select(hit.i, true);
    });
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
          select(i, true);
        });
        li.appendChild(b);
        list.appendChild(li);
      });
      if (indexes.length > 40) { list.appendChild(el("li", null, "\u2026 and " + (indexes.length - 40) + " more")); }
      root.appendChild(list);
      function swap(node) { if (map._popup) { map._popup.setContent(node); } }
      return root;
    }
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
      var hit = hitTest(e.containerPoint), key = hit ? hit.i + (hit.stop ? "|" + hit.stop.name : "") : null;
      map.getContainer().style.cursor = hit ? "pointer" : "";
      if (key === hovered) { return; }
      hovered = key;
      if (!hit) { map.closeTooltip(tip); return; }
      var ev = events[hit.i];
      tip.setContent(el("span", null, (hit.stop ? (hit.stop.name || "?") + " (" + (hit.stop.role || "stop") + ") \u00b7 " : "") +
        (ev.p.title || "(untitled event)") + (hit.all.length > 1 ? " (+" + (hit.all.length - 1) + " more here)" : "")));
      tip.setLatLng(hit.stop ? L.latLng(hit.stop.lat, hit.stop.lon) : ev.k === "route" ? e.latlng : anchor(ev));
      map.openTooltip(tip);
    }

    // --- what the slider window shows ---
    function windowBounds() {
      return [S.acc ? S.from : Math.max(S.from, S.t - S.width + 1), S.t];
    }
    function inRange(ev) { return ev.s !== null && ev.e >= S.from && ev.s <= S.to; }
    function update(follow) {
      var w = windowBounds(), onMap = 0, firstIn = -1;
      Object.keys(groups).forEach(function (k) { typeOn[k] = map.hasLayer(groups[k]); });
      for (var i = 0; i < n; i++) {
        var ev = events[i];
        var inside = ev.s !== null && ev.s <= w[1] && ev.e >= w[0] && ev.e >= S.from && ev.s <= S.to ? 1 : 0;
        inWindow[i] = inside;
        shown[i] = inside && ev.k ? 1 : 0;
        if (shown[i] && typeOn[ev.t]) { onMap++; }
        if (inside && firstIn < 0) { firstIn = i; }
      }
      canvas.redraw();
      ui.slider.value = String(S.t);
      ui.label.textContent = (S.acc ? "Up to " + iso(w[1]) + " (from " + iso(w[0]) + ")"
        : iso(w[0]) + " \u2013 " + iso(w[1])) + " UTC \u00b7 " + onMap + " event" +
        (onMap === 1 ? "" : "s") + " on the map";
      paintBins(w);
      if (follow && firstIn >= 0) { scrollListTo(firstIn, false); } else { renderRows(); }
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
      buildOrder();
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
      var ticks = axis.children, every = Math.ceil(ticks.length / 12);
      for (var i = 0; i < ticks.length; i++) {
        // labels start at their bar; one starting near the end would spill past the strip
        ticks[i].hidden = i % every !== 0 || (i > 0 && parseFloat(ticks[i].style.left) > 92);
      }
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

    // --- selecting an event from the list, the summary or the map ---
    var selected = -1;
    function select(i, scroll) {
      selected = i;
      if (scroll) { scrollListTo(i, true); } else { renderRows(); }
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
      openPopup(i, where);
    }

    // --- timeline list, in date order; only the rows in view exist (10 000 would not) ---
    var ROW = 38, order = [], position = new Int32Array(n);
    var spacer = el("div", "ge-spacer");
    ui.list.appendChild(spacer);
    function buildOrder() {
      order = [];
      events.forEach(function (ev, i) { if (ev.s === null || inRange(ev)) { position[i] = order.length; order.push(i); } else { position[i] = -1; } });
      spacer.style.height = order.length * ROW + "px";
      ui.listHead.textContent = "Timeline: " + order.length + " event" + (order.length === 1 ? "" : "s") +
        " in date order" + (order.length < n ? " (of " + n + ")" : "");
    }
    function renderRows() {
      var top = ui.list.scrollTop, height = ui.list.clientHeight || 400;
      var first = Math.max(0, Math.floor(top / ROW) - 10), last = Math.min(order.length, Math.ceil((top + height) / ROW) + 10);
      var frag = document.createDocumentFragment();
      for (var k = first; k < last; k++) { frag.appendChild(makeRow(order[k], k)); }
      clear(spacer);
      spacer.appendChild(frag);
    }
    function makeRow(i, k) {
      var ev = events[i];
      var row = el("div", "ge-item" + (ev.k ? "" : " ge-unplaced") + (inWindow[i] ? " ge-in" : "") +
        (i === selected ? " ge-sel" : ""));
      row.setAttribute("role", "listitem");
      row.style.top = k * ROW + "px";
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
      return row;
    }
    function scrollListTo(i, onlyIfHidden) {
      var k = position[i];
      if (k >= 0) {
        var top = k * ROW, view = ui.list.clientHeight;
        if (!onlyIfHidden || top < ui.list.scrollTop || top + ROW > ui.list.scrollTop + view) {
          ui.list.scrollTop = onlyIfHidden ? Math.max(0, top - view / 3) : top;
        }
      }
      renderRows();
    }
    var scrolling = false;
    ui.list.addEventListener("scroll", function () {
      if (scrolling) { return; }
      scrolling = true;
      L.Util.requestAnimFrame(function () { scrolling = false; renderRows(); });
    });
    ui.list.addEventListener("click", function (e) {
      var row = e.target.closest ? e.target.closest(".ge-item") : null;
      if (row) { openEvent(+row.dataset.i); }
    });

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
    function listEvents(box, heading, indexes) {
      var picked = indexes.filter(function (i) { return i >= 0; });
      if (!picked.length) { return; }
      box.appendChild(el("h2", null, heading + " (" + picked.length + ")"));
      var ul = el("ul", "ge-evlist");
      picked.slice(0, 500).forEach(function (i) {
        var ev = events[i], li = el("li"), a = el("button", "ge-link");
        a.type = "button";
        a.textContent = (ev.s === null ? "undated" : periodLabel(ev.s, ev.e)) + " \u00b7 " +
          styles[ev.t].label + " \u00b7 " + (ev.p.title || "(untitled)") +
          (ev.p.place_text ? " \u00b7 \u201c" + ev.p.place_text + "\u201d" : "");
        a.addEventListener("click", function () { openEvent(i); });
        li.appendChild(a);
        ul.appendChild(li);
      });
      if (picked.length > 500) { ul.appendChild(el("li", null, "\u2026 and " + (picked.length - 500) + " more in the timeline")); }
      box.appendChild(ul);
    }

    // --- a control that shows every placed event (the first view skips far outliers) ---
    var everything = L.latLngBounds([]);
    events.forEach(function (ev) {
      if (ev.k === "route") { ev.g.forEach(function (c) { everything.extend([c[1], c[0]]); }); }
      else if (ev.k) { everything.extend([ev.g[1], ev.g[0]]); }
    });
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
          if (everything.isValid()) { map.fitBounds(everything.pad(0.05), { maxZoom: 7 }); }
        });
        L.DomEvent.disableClickPropagation(box);
        box.appendChild(button);
        return box;
      }
    });
    new FitAll().addTo(map);

    // --- wiring ---
    ui.slider.min = String(S.from);
    ui.slider.max = String(S.to);
    drawBins();
    buildSummary();
    buildOrder();
    canvas.addTo(map);
    map.on("overlayadd overlayremove", function () { update(false); });
    update(false);
    document.body.setAttribute("data-geoevents-ready", "1");
    if (global.performance && performance.mark) { performance.mark("geoevents-ready"); }

    var api = {
      state: function () {
        var w = windowBounds();
        return { t: S.t, lo: w[0], hi: w[1], from: S.from, to: S.to, accumulate: S.acc,
                 width: S.width, playing: S.playing, min: S.min, max: S.max };
      },
      /* Ids of the events painted by the last frame (await a frame after a change). */
      visibleIds: function () { return drawn.ids.map(function (i) { return events[i].id; }).sort(); },
      listIds: function () { return order.map(function (i) { return events[i].id; }); },
      reveal: function (id) {
        for (var i = 0; i < n; i++) { if (events[i].id === id) { scrollListTo(i, false); return true; } }
        return false;
      },
      setTime: function (day) { stop(); setTime(day, false); },
      openEvent: function (id) {
        for (var i = 0; i < n; i++) { if (events[i].id === id) { openEvent(i); return true; } }
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

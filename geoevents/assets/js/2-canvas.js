/* geoevents map page, part 2 of 7: every event marker on canvases of its own.
 *
 * Leaflet's own layers cost an object, events and a redraw pass each: at 10 000 events a
 * slider step took ~0.3 s.  This layer keeps no per-event objects: a paint stamps
 * pre-drawn sprites for the events P.shown marks (or only for those just added), and
 * keeps per-tier lists of what it drew for the pointer.
 */
(function (global) {
  "use strict";
  var G = global.GeoeventsMap, L = global.L, U = G.util;
  var glyphPath = U.glyphPath, arrowPath = U.arrowPath;
  /* The stop objects of a route that have a numeric lat and lon (others are not drawn). */
  function placedStops(ev) {
    return U.objects(U.props(ev).route).filter(function (stop) {
      return U.num(stop.lat) !== null && U.num(stop.lon) !== null;
    });
  }

  /* A path drawn (`draw`) and begun anew every PATH_BATCH subpaths; see drawRoutes. */
  var PATH_BATCH = 500;
  function Batch(ctx, draw) { this.ctx = ctx; this.draw = draw; this.n = 0; ctx.beginPath(); }
  Batch.prototype.tick = function () {
    if (++this.n >= PATH_BATCH) { this.draw(); this.ctx.beginPath(); this.n = 0; }
  };
  Batch.prototype.end = function () { if (this.n) { this.draw(); } };

  /* Canvases the size of the map (plus padding), stacked in one pane and repainted by
     `paint` after every move; also used for the place-name layer (7-labels.js), in a
     pane of its own.  `under` names canvases below the main one (the painter keeps one
     per drawing tier: circles, routes, pins), so events added to a tier can be drawn
     onto it without repainting the others; `extend` does that drawing (see refresh). */
  var EventCanvas = L.Layer.extend({
    options: { pane: "overlayPane", padding: 0.25, className: "ge-canvas", under: [], extend: null },
    initialize: function (paint, options) {
      this._paint = paint; this._frame = null; this._full = true; L.setOptions(this, options);
    },
    onAdd: function (map) {
      var pane = this.getPane();
      this._canvases = this.options.under.concat([this.options.className]).map(function (name) {
        var c = L.DomUtil.create("canvas", name + " leaflet-zoom-hide");
        c.style.pointerEvents = "none";  // clicks reach the map; we hit-test
        pane.appendChild(c);
        return c;
      });
      this._canvas = this._canvases[this._canvases.length - 1];
      map.on("moveend zoomend resize viewreset", this._reset, this);
      this._reset();
    },
    onRemove: function (map) {
      map.off("moveend zoomend resize viewreset", this._reset, this);
      this._canvases.forEach(function (c) { L.DomUtil.remove(c); });
    },
    _reset: function () {
      var map = this._map, size = map.getSize(), pad = size.multiplyBy(this.options.padding).round();
      var ratio = global.devicePixelRatio || 1, self = this;
      this.origin = map.containerPointToLayerPoint(pad.multiplyBy(-1)).round();
      this.width = size.x + 2 * pad.x;
      this.height = size.y + 2 * pad.y;
      this._canvases.forEach(function (c) {
        c.width = Math.round(self.width * ratio);
        c.height = Math.round(self.height * ratio);
        c.style.width = self.width + "px";
        c.style.height = self.height + "px";
        L.DomUtil.setPosition(c, self.origin);
      });
      this._dirty = this._canvases.map(function () { return false; });  // resizing cleared them
      this.ratio = ratio;
      this.draw();  // resizing cleared the canvas: paint now, not a frame later
    },
    /* Repaint everything on the next frame. */
    redraw: function () { this._full = true; this._schedule(); },
    /* On the next frame, only draw what was added since (options.extend), onto what the
       canvases hold: unless a full repaint is due by then. */
    refresh: function () { this._schedule(); },
    _schedule: function () {
      if (this._map && !this._frame) { this._frame = L.Util.requestAnimFrame(this._onFrame, this); }
    },
    _onFrame: function () { this._frame = null; this.draw(!this._full && this.options.extend); },
    draw: function (onlyAdded) {
      if (this._frame) { L.Util.cancelAnimFrame(this._frame); this._frame = null; }
      if (!this._map) { return; }
      var ratio = this.ratio, width = this.width, height = this.height, dirty = this._dirty;
      // only canvases drawn on are cleared: each one cleared is a whole canvas for the
      // compositor to take again, which three of them made miss frames
      this.contexts = this._canvases.map(function (c, k) {
        var ctx = c.getContext("2d");
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        if (!onlyAdded && dirty[k]) { ctx.clearRect(0, 0, width, height); dirty[k] = false; }
        return ctx;
      });
      if (onlyAdded) { this.options.extend(this); return; }
      this._full = false;
      this._paint(this.context(this.contexts.length - 1), this);
    },
    /* The context of canvas `k` (0 the lowest), marked as drawn on. */
    context: function (k) { this._dirty[k] = true; return this.contexts[k]; },
    /* Container point -> canvas point (the canvas sits at `origin` in layer points). */
    toCanvas: function (containerPoint) {
      return this._map.containerPointToLayerPoint(containerPoint).subtract(this.origin);
    }
  });

  G.CanvasLayer = EventCanvas;

  /* The painter of the page's events: three canvases (circles under routes under pins)
     plus hit-testing on what they show.

     A full paint draws the shown events in date order (the order of P.events), tier by
     tier: circles, routes, the circles' centre glyphs, pins.  In accumulate mode each
     tier has its own canvas, and when the only change is events being added -- the
     slider moving forward, the common case when playing -- `add` queues them and the
     next frame draws just those onto the canvases as they are: each tier stays above the
     one below, and within a tier the new events land on top, as a full paint in date
     order would put them (new centre glyphs go under the pins, destination-over).
     Anything else (a move, a zoom, events leaving, the type or colour switches) repaints
     all; in window mode, where steps take events off, one canvas holds every tier.  No
     per-event objects are made per frame: positions are kept as Web Mercator fractions,
     scaled to the zoom when painting. */
  G.painter = function (P) {
    var map = P.map, events = P.events, n = events.length, styles = P.styles;
    var shown = P.shown, typeOn = P.typeOn, faint = P.faint, classes = P.classes;
    var PIN = 1, AREA = 2, ROUTE = 3, PIN_R = 7;

    /* Events are grouped by type, drug class and line style once; each group's colour is
       looked up as it is painted, so switching the legend's colour mode (P.colourBy) is
       only a redraw.  Classes come from the page's own palette (an unknown one: none). */
    var kind = new Uint8Array(n), groupOf = new Uint16Array(n), groups = [], groupIndex = Object.create(null);
    var u = new Float64Array(n), v = new Float64Array(n), metres = new Float64Array(n);
    var routes = {};  // event index -> {pts: [u, v, ...], stops: [[u, v, role], ...]}
    events.forEach(function (ev, i) {
      kind[i] = ev.k === "pin" ? PIN : ev.k === "area" ? AREA : ev.k === "route" ? ROUTE : 0;
      if (!kind[i]) { return; }
      var c = typeof ev.c === "string" && classes[ev.c] ? ev.c : "", isFaint = !!faint(ev);
      // looked up type by class by faintness: no key string made per event
      var byType = groupIndex[ev.t] || (groupIndex[ev.t] = Object.create(null));
      var byClass = byType[c] || (byType[c] = [undefined, undefined]);
      if (byClass[+isFaint] === undefined) {
        byClass[+isFaint] = groups.length;
        groups.push({ type: ev.t, cls: c, faint: isFaint });
      }
      groupOf[i] = byClass[+isFaint];
      if (kind[i] === ROUTE) {
        var pts = [];
        ev.g.forEach(function (c2) { var q = mercator(c2[1], c2[0]); pts.push(q[0], q[1]); });
        routes[i] = { pts: pts, stops: placedStops(ev).map(function (stop) {
          var q = mercator(stop.lat, stop.lon);
          return [q[0], q[1], U.text(stop.role)];
        }) };
        return;
      }
      var q = mercator(ev.g[1], ev.g[0]);
      u[i] = q[0]; v[i] = q[1];
      if (kind[i] === AREA) { metres[i] = ev.r / Math.cos(ev.g[1] * Math.PI / 180); }
    });
    function colour(gr) {
      return P.colourBy === "class" && gr.cls ? classes[gr.cls].color : styles[gr.type].color;
    }
    /* A latitude/longitude as fractions of the world in Web Mercator: map.project at zoom
       z is these times 256 * 2^z (Leaflet's EPSG3857, computed the same way). */
    function mercator(lat, lon) {
      var max = 85.0511287798, s = Math.sin(Math.max(Math.min(max, lat), -max) * Math.PI / 180);
      return [lon / 360 + 0.5, 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)];
    }

    // what the canvases show: frame geometry and, per tier, event indexes in drawing order
    var drawn = { size: 0, ox: 0, oy: 0, w: 0, h: 0, scale: 0, pins: [], routes: [], areas: [] };
    var stamped = new Set(), pending = [];

    /* Each marker style is drawn once into a small canvas and stamped with drawImage:
       far cheaper than filling and stroking thousands of paths in a software renderer. */
    var sprites = {}, spriteCount = 0;
    function sprite(key, cssSize, drawOn, alpha) {
      var ratio = global.devicePixelRatio || 1, full = key + "@" + ratio;
      if (!sprites[full]) {
        var c = document.createElement("canvas"), ctx;
        c.width = c.height = Math.ceil(cssSize * ratio);
        ctx = c.getContext("2d");
        ctx.scale(ratio, ratio);
        drawOn(ctx, cssSize);
        c.stampId = ++spriteCount;
        // stamps at one spot past which the pixels no longer change: what shows through
        // n stamps of opacity a is (1 - a)^n, under half a level of 255 from here on --
        // for a pixel a quarter covered (the anti-aliased rim) too
        c.stampLimit = Math.ceil(Math.log(0.5 / 255) / Math.log(1 - (alpha || 1) / 4));
        sprites[full] = c;
      }
      return sprites[full];
    }
    /* False once `img` has been stamped at (x, y) often enough that one more would not
       change a pixel: 60 000 country-level events share a few dozen centroids, and
       stacking their glyphs there cost ~1 s per paint at 100 000 events. */
    var stamps = new Map();
    function worthStamping(img, x, y) {
      var key = ((x + 32768) * 65536 + y + 32768) * 4096 + img.stampId, count = stamps.get(key) || 0;
      if (count >= img.stampLimit) { return false; }
      stamps.set(key, count + 1);
      return true;
    }
    function pinSprite(type, color, isFaint, r) {
      var st = styles[type], size = Math.ceil(2 * (r * 1.45 + 2)), alpha = r < 7 ? 0.6 : isFaint ? 0.25 : 0.92;
      return sprite("pin|" + type + "|" + color + "|" + isFaint + "|" + r, size, function (ctx) {
        ctx.beginPath();
        glyphPath(ctx, st.shape, size / 2, size / 2, r);
        ctx.globalAlpha = alpha;
        ctx.fillStyle = color; ctx.fill("evenodd");
        if (r >= 7) { ctx.globalAlpha = 1; ctx.strokeStyle = "#1b1b1b"; ctx.lineWidth = 1; ctx.stroke(); }
      }, alpha);
    }
    var AREA_SIZES = [16, 32, 64, 128, 256, 512];
    function areaSprite(color, size) {
      return sprite("area|" + color + "|" + size, size, function (ctx) {
        var c = size / 2, line = 2;  // stamped at 1/2..1 of its size: a 1-2 px dashed ring
        var fill = ctx.createRadialGradient(c, c, 0, c, c, c);
        fill.addColorStop(0, hexAlpha(color, 0.2));
        fill.addColorStop(1, hexAlpha(color, 0.08));
        ctx.fillStyle = fill;
        ctx.beginPath(); ctx.arc(c, c, c - line / 2, 0, 2 * Math.PI); ctx.fill();
        ctx.strokeStyle = color; ctx.globalAlpha = 0.85; ctx.lineWidth = line;
        ctx.setLineDash([7, 6]); ctx.stroke();
      });
    }
    function hexAlpha(hex, alpha) {
      var val = parseInt(hex.slice(1), 16);
      return "rgba(" + (val >> 16 & 255) + "," + (val >> 8 & 255) + "," + (val & 255) + "," + alpha + ")";
    }
    // canvas position and circle radius of an event, for the frame in `drawn`
    function cx(i) { return u[i] * drawn.size - drawn.ox; }
    function cy(i) { return v[i] * drawn.size - drawn.oy; }
    function radius(i) { return metres[i] * drawn.scale; }
    function visible(i) { return shown[i] && kind[i] && typeOn[events[i].t]; }

    function paint(ctx, layer) {
      var zoom = map.getZoom(), po = map.getPixelOrigin();
      drawn = { size: 256 * Math.pow(2, zoom), ox: po.x + layer.origin.x, oy: po.y + layer.origin.y,
                w: layer.width, h: layer.height, scale: 256 * Math.pow(2, zoom) / 40075016.686,  // px per metre at the equator
                pins: [], routes: [], areas: [] };
      stamped = new Set();  // same circle at the same spot: one stamp (stacks would turn opaque)
      stamps = new Map();
      pending = [];
      // In window mode nearly every step takes events off, so steps repaint all: there
      // one canvas holds all the tiers (three canvases cleared per step cost the
      // compositor a frame in three).  Accumulate mode keeps them apart for `add`.
      tiered = !!P.S.acc;
      var list = [];
      for (var i = 0; i < n; i++) { if (visible(i)) { list.push(i); } }
      drawList(layer, list, false);
    }
    var tiered = false;
    function extend(layer) {
      var list = pending.filter(visible);
      pending = [];
      drawList(layer, list, true);
    }
    /* Draws `list` (event indexes in date order) onto the three tiers (or all on the top
       canvas when not `tiered`); `adding`: onto what the canvases already show. */
    function drawList(layer, list, adding) {
      var top = layer.contexts.length - 1, areaCtx, routeCtx, pinCtx;
      var w = drawn.w, h = drawn.h, dpr = global.devicePixelRatio || 1, k, i, x, y;
      var areas = [], pins = [], routeSets = {}, keys = [];
      for (k = 0; k < list.length; k++) {
        i = list[k];
        if (kind[i] === AREA) { areas.push(i); drawn.areas.push(i); }
        else if (kind[i] === PIN) { pins.push(i); drawn.pins.push(i); }
        else {
          drawn.routes.push(i);
          if (!routeSets[groupOf[i]]) { routeSets[groupOf[i]] = []; keys.push(groupOf[i]); }
          routeSets[groupOf[i]].push(i);
        }
      }
      // the canvases drawn on (marked so, for the next full paint to clear)
      areaCtx = areas.length ? layer.context(tiered ? 0 : top) : null;
      routeCtx = keys.length ? layer.context(tiered ? 1 : top) : null;
      pinCtx = pins.length || areas.length ? layer.context(top) : null;
      areas.forEach(function (i) {
        var x = cx(i), y = cy(i), r = radius(i), color;
        if (x + r < 0 || y + r < 0 || x - r > w || y - r > h) { return; }
        var spot = ((Math.round(x) + 32768) * 65536 + Math.round(y) + 32768) * 65536 + Math.round(r);
        if (stamped.has(spot)) { return; }
        stamped.add(spot);
        color = colour(groups[groupOf[i]]);
        var d = 2 * r, size = 0;
        for (var s = 0; s < AREA_SIZES.length && !size; s++) { if (AREA_SIZES[s] >= d) { size = AREA_SIZES[s]; } }
        if (size) {
          areaCtx.drawImage(areaSprite(color, size), x - r, y - r, d, d);
        } else {  // larger than any stamp (zoomed far in): few of these, draw the path
          areaCtx.beginPath(); areaCtx.arc(x, y, r, 0, 2 * Math.PI);
          areaCtx.globalAlpha = 0.12; areaCtx.fillStyle = color; areaCtx.fill();
          areaCtx.globalAlpha = 0.85; areaCtx.strokeStyle = color; areaCtx.lineWidth = 1.5;
          areaCtx.setLineDash([5, 4]); areaCtx.stroke(); areaCtx.setLineDash([]); areaCtx.globalAlpha = 1;
        }
      });
      keys.forEach(function (key) {
        var gr = groups[key];
        drawRoutes(routeCtx, routeSets[key], colour(gr), gr.faint);
      });
      var centreImgs = [];  // per group: the sprite lookup builds a key string
      function centres() {  // a small faded glyph marks each circle's centre, under the pins
        areas.forEach(function (i) {
          var g = groupOf[i], img = centreImgs[g] || (centreImgs[g] = pinSprite(events[i].t, colour(groups[g]), false, 4));
          var x = cx(i), y = cy(i);
          var half = img.width / dpr / 2, left = Math.round(x - half), top = Math.round(y - half);
          if (x < -10 || y < -10 || x > w + 10 || y > h + 10 || !worthStamping(img, left, top)) { return; }
          pinCtx.drawImage(img, left, top, 2 * half, 2 * half);
        });
      }
      if (!adding) { centres(); }
      var last = -1, img = null, half = 0, hidden = adding ? null : buried(pins);
      for (k = 0; k < pins.length; k++) {
        i = pins[k];
        if (groupOf[i] !== last) {
          var gr = groups[groupOf[i]];
          last = groupOf[i];
          img = pinSprite(gr.type, colour(gr), gr.faint, PIN_R);
          half = img.width / dpr / 2;
        }
        x = cx(i); y = cy(i);
        if (x < -10 || y < -10 || x > w + 10 || y > h + 10 || (hidden && hidden[k])) { continue; }
        x = Math.round(x - half); y = Math.round(y - half);
        if (worthStamping(img, x, y)) { pinCtx.drawImage(img, x, y, 2 * half, 2 * half); }
      }
      if (adding && areas.length) {  // new centres go under every pin already drawn
        pinCtx.globalCompositeOperation = "destination-over";
        centres();
        pinCtx.globalCompositeOperation = "source-over";
      }
    }
    /* Pins buried under others.  At a full paint, a pin whose whole sprite lies under
       the solid middles of BURY pins drawn after it would show through them by less than
       half a level of 255 (0.08^3 of it: their fill is 92% opaque), so it is not drawn:
       where 100 000 events crowd round a dozen cities most pins are buried, and stamping
       them all cost seconds.  A glyph's solid middle is the square (half-width in radii,
       a pixel of anti-aliasing taken off) its fill surely covers; a ring has a hole and a
       faint pin shows through, so neither buries another.  Returns a flag per pin of
       `list` (indexes in drawing order). */
    var BURY = 3, SOLID = { circle: 0.7, square: 0.85, diamond: 0.62, triangle: 0.46, "triangle-down": 0.46,
                            pentagon: 0.65, hexagon: 0.67, star: 0.34, cross: 0.42, ring: 0 };
    var cover = new Uint8Array(0);
    function buried(list) {
      var w = Math.ceil(drawn.w), h = Math.ceil(drawn.h), out = new Uint8Array(list.length);
      var half = Math.ceil(2 * (PIN_R * 1.45 + 2)) / 2, k, i, x, y, px, py, left, top, gr, core, under;
      if (cover.length < w * h) { cover = new Uint8Array(w * h); } else { cover.fill(0, 0, w * h); }
      for (k = list.length - 1; k >= 0; k--) {
        i = list[k]; x = cx(i); y = cy(i);
        left = Math.max(0, Math.round(x - half)); top = Math.max(0, Math.round(y - half));
        under = true;
        for (py = top; under && py < Math.min(h, Math.round(y - half) + 2 * half); py++) {
          for (px = left; px < Math.min(w, Math.round(x - half) + 2 * half); px++) {
            if (cover[py * w + px] < BURY) { under = false; break; }
          }
        }
        if (under) { out[k] = 1; continue; }
        gr = groups[groupOf[i]];
        core = gr.faint ? 0 : (SOLID[styles[gr.type].shape] === undefined ? SOLID.circle : SOLID[styles[gr.type].shape]) * PIN_R - 1;
        if (core <= 0) { continue; }
        for (py = Math.max(0, Math.ceil(y - core)); py <= Math.min(h - 1, Math.floor(y + core)); py++) {
          for (px = Math.max(0, Math.ceil(x - core)); px <= Math.min(w - 1, Math.floor(x + core)); px++) {
            if (cover[py * w + px] < BURY) { cover[py * w + px]++; }
          }
        }
      }
      return out;
    }
    /* Canvas points of a route's line and of its placed stops, for the frame in `drawn`. */
    function routePoints(i) {
      var pts = routes[i].pts, out = [];
      for (var j = 0; j < pts.length; j += 2) { out.push([pts[j] * drawn.size - drawn.ox, pts[j + 1] * drawn.size - drawn.oy]); }
      return out;
    }
    /* All given routes of one group (colour and line style) in one stroke, one arrow fill,
       and one fill per kind of stop: per-route calls cost ~0.5 ms each in software.  A
       path is drawn and begun anew every PATH_BATCH subpaths: in Chrome each subpath
       costs more the longer the path is (40 000 arrowheads: 3.3 s in one path, 50 ms in
       paths of 500), and 100 000 events hold ~8 000 routes. */
    function drawRoutes(ctx, list, color, dashed) {
      var j, k, p, q, dx, dy, len, arrows, lines = list.map(routePoints), batch;
      ctx.globalAlpha = 0.9; ctx.strokeStyle = ctx.fillStyle = color; ctx.lineWidth = 3;
      ctx.lineJoin = ctx.lineCap = "round";
      ctx.setLineDash(dashed ? [6, 5] : []);
      batch = new Batch(ctx, function () { ctx.stroke(); });
      lines.forEach(function (pts) {
        pts.forEach(function (pt, idx) { if (idx === 0) { ctx.moveTo(pt[0], pt[1]); } else { ctx.lineTo(pt[0], pt[1]); } });
        batch.tick();
      });
      batch.end();
      ctx.setLineDash([]);
      batch = new Batch(ctx, function () { ctx.fill(); });
      lines.forEach(function (pts) {  // arrowheads show the direction of each leg
        for (j = 0; j + 1 < pts.length; j++) {
          p = pts[j]; q = pts[j + 1]; dx = q[0] - p[0]; dy = q[1] - p[1];
          len = Math.sqrt(dx * dx + dy * dy);
          if (len < 27) { continue; }
          arrows = Math.max(1, Math.floor(len / 140));
          for (k = 1; k <= arrows; k++) {
            arrowPath(ctx, p[0] + dx * k / (arrows + 1), p[1] + dy * k / (arrows + 1), Math.atan2(dy, dx), 9);
            batch.tick();
          }
        }
      });
      batch.end();
      ctx.globalAlpha = 1; ctx.lineWidth = 2;
      [false, true].forEach(function (destination) {  // open circles, then the filled destinations
        ctx.fillStyle = destination ? color : "#ffffff";
        batch = new Batch(ctx, function () { ctx.fill(); ctx.stroke(); });
        list.forEach(function (i) {
          routes[i].stops.forEach(function (stop) {
            if ((stop[2] === "destination") !== destination) { return; }
            var r = stop[2] === "origin" || stop[2] === "destination" ? 5 : 3.5;
            var x = stop[0] * drawn.size - drawn.ox, y = stop[1] * drawn.size - drawn.oy;
            ctx.moveTo(x + r, y);
            ctx.arc(x, y, r, 0, 2 * Math.PI);
            batch.tick();
          });
        });
        batch.end();
      });
    }
    var canvas = new EventCanvas(paint, { under: ["ge-canvas-areas", "ge-canvas-routes"], extend: extend });

    /* What is under a container point: pins first (drawn on top), then routes, then
       circles; `all` lists every event of that tier there, topmost first (events often
       share a place, e.g. a country's centre). */
    function hitTest(containerPoint) {
      var c = canvas.toCanvas(containerPoint), x = c.x, y = c.y, k, i, j, dx, dy, r, pts, all = [], stop = null;
      for (k = drawn.pins.length - 1; k >= 0; k--) {
        i = drawn.pins[k]; dx = cx(i) - x; dy = cy(i) - y;
        if (dx * dx + dy * dy <= (PIN_R + 4) * (PIN_R + 4)) { all.push(i); }
      }
      for (k = drawn.routes.length - 1; k >= 0 && !all.length; k--) {
        i = drawn.routes[k]; pts = routePoints(i);
        for (j = 0; j + 1 < pts.length; j++) {
          if (segmentDistance(x, y, pts[j], pts[j + 1]) <= 6) {
            all.push(i);
            stop = stop || nearStop(events[i], containerPoint);
            break;
          }
        }
      }
      for (k = drawn.areas.length - 1; k >= 0 && !all.length; k--) {
        i = drawn.areas[k]; dx = cx(i) - x; dy = cy(i) - y; r = radius(i);
        if (dx * dx + dy * dy <= r * r) { all.push(i); }
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
      placedStops(ev).forEach(function (stop) {
        if (map.latLngToContainerPoint([stop.lat, stop.lon]).distanceTo(containerPoint) <= 8) { best = stop; }
      });
      return best;
    }
    return {
      layer: canvas,
      hitTest: hitTest,
      /* Repaint everything on the next frame. */
      redraw: function () { canvas.redraw(); },
      /* Draw these newly shown events (indexes, in date order) on the next frame, onto
         what is there: the caller knows nothing else changed. */
      add: function (list) {
        if (!tiered) { canvas.redraw(); return; }  // one canvas: the tiers cannot be told apart
        // nothing shown yet (as when the page opens): a full paint draws the same, and
        // leaves out the buried pins, which drawing onto what is there cannot
        if (!pending.length && !drawn.pins.length && !drawn.routes.length && !drawn.areas.length) {
          canvas.redraw(); return;
        }
        for (var k = 0; k < list.length; k++) { pending.push(list[k]); }
        canvas.refresh();
      },
      drawnIds: function () {
        return drawn.areas.concat(drawn.routes, drawn.pins).map(function (i) { return events[i].id; });
      }
    };
  };
})(window);

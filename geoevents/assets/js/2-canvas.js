/* geoevents map page, part 2 of 7: every event marker on one canvas layer.
 *
 * Leaflet's own layers cost an object, events and a redraw pass each: at 10 000 events a
 * slider step took ~0.3 s.  This layer keeps no per-event objects: each frame paints the
 * events P.shown marks, stamping pre-drawn sprites, and keeps a hit list for the pointer.
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

  /* A canvas the size of the map (plus padding) repainted by `paint` after every move;
     also used for the place-name layer (7-labels.js), in a pane of its own. */
  var EventCanvas = L.Layer.extend({
    options: { pane: "overlayPane", padding: 0.25, className: "ge-canvas" },
    initialize: function (paint, options) { this._paint = paint; this._frame = null; L.setOptions(this, options); },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create("canvas", this.options.className + " leaflet-zoom-hide");
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

  G.CanvasLayer = EventCanvas;

  /* The painter of the page's events: a canvas layer plus hit-testing on what it drew. */
  G.painter = function (P) {
    var map = P.map, events = P.events, n = events.length, styles = P.styles;
    var shown = P.shown, typeOn = P.typeOn, faint = P.faint, classes = P.classes;

    // --- drawing: areas under routes under pins; one fill per group ---
    /* Events are grouped by type, drug class and line style once; each group's colour is
       looked up as it is painted, so switching the legend's colour mode (P.colourBy) is
       only a redraw.  Classes come from the page's own palette (an unknown one: none). */
    function groupKey(ev) {
      var c = typeof ev.c === "string" && classes[ev.c] ? ev.c : "";
      return ev.t + "|" + c + "|" + (faint(ev) ? "faint" : "");
    }
    function group(key) {
      var part = key.split("|");
      return { type: part[0], faint: part[2] === "faint",
               color: P.colourBy === "class" && part[1] ? classes[part[1]].color : styles[part[0]].color };
    }
    var byKind = { area: {}, route: [], pin: {} };
    events.forEach(function (ev, i) {
      if (ev.k === "route") { byKind.route.push(i); return; }
      if (!ev.k) { return; }
      var key = groupKey(ev);
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
          proj.stops[i] = placedStops(ev).map(function (stop) {
            return [map.project([stop.lat, stop.lon], zoom), U.text(stop.role)];
          });
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
    function pinSprite(type, color, isFaint, r) {
      var st = styles[type], size = Math.ceil(2 * (r * 1.45 + 2));
      return sprite("pin|" + type + "|" + color + "|" + isFaint + "|" + r, size, function (ctx) {
        ctx.beginPath();
        glyphPath(ctx, st.shape, size / 2, size / 2, r);
        ctx.globalAlpha = r < 7 ? 0.6 : isFaint ? 0.25 : 0.92;
        ctx.fillStyle = color; ctx.fill("evenodd");
        if (r >= 7) { ctx.globalAlpha = 1; ctx.strokeStyle = "#1b1b1b"; ctx.lineWidth = 1; ctx.stroke(); }
      });
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
        var gr = group(key), type = gr.type, color = gr.color;
        byKind.area[key].forEach(function (i) {
          if (!shown[i] || !typeOn[type]) { return; }
          var x = proj.x[i] - ox, y = proj.y[i] - oy;
          var r = events[i].r * scale / Math.cos(events[i].g[1] * Math.PI / 180);
          drawn.ids.push(i);
          drawn.areas.push([i, x, y, r, color]);
          if (x + r < 0 || y + r < 0 || x - r > w || y - r > h) { return; }
          var spot = Math.round(x) + "," + Math.round(y) + "," + Math.round(r);
          if (stamped[spot]) { return; }
          stamped[spot] = true;
          var d = 2 * r, size = 0;
          for (var k = 0; k < AREA_SIZES.length && !size; k++) { if (AREA_SIZES[k] >= d) { size = AREA_SIZES[k]; } }
          if (size) {
            ctx.drawImage(areaSprite(color, size), x - r, y - r, d, d);
          } else {  // larger than any stamp (zoomed far in): few of these, draw the path
            ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
            ctx.globalAlpha = 0.12; ctx.fillStyle = color; ctx.fill();
            ctx.globalAlpha = 0.85; ctx.strokeStyle = color; ctx.lineWidth = 1.5;
            ctx.setLineDash([5, 4]); ctx.stroke(); ctx.setLineDash([]); ctx.globalAlpha = 1;
          }
        });
      });
      var routeSets = {};
      byKind.route.forEach(function (i) {
        if (!shown[i] || !typeOn[events[i].t]) { return; }
        var ev = events[i], key = groupKey(ev);
        var pts = proj.routes[i].map(function (p) { return [p.x - ox, p.y - oy]; });
        var stops = proj.stops[i].map(function (s) { return [s[0].x - ox, s[0].y - oy, s[1]]; });
        drawn.ids.push(i);
        drawn.routes.push([i, pts]);
        (routeSets[key] = routeSets[key] || []).push([i, pts, stops]);
      });
      Object.keys(routeSets).forEach(function (key) {
        var gr = group(key);
        drawRoutes(ctx, routeSets[key], gr.color, gr.faint);
      });
      drawn.areas.forEach(function (a) {  // a small faded glyph marks each circle's centre
        var img = pinSprite(events[a[0]].t, a[4], false, 4), half = img.width / (global.devicePixelRatio || 1) / 2;
        if (a[1] < -10 || a[2] < -10 || a[1] > w + 10 || a[2] > h + 10) { return; }
        ctx.drawImage(img, Math.round(a[1] - half), Math.round(a[2] - half), 2 * half, 2 * half);
      });
      Object.keys(byKind.pin).forEach(function (key) {
        var gr = group(key), type = gr.type, r = 7, img = pinSprite(type, gr.color, gr.faint, r);
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
    /* All shown routes of one group (colour and line style) in one stroke, one arrow fill, and
       one fill per kind of stop: per-route calls cost ~0.5 ms each in software. */
    function drawRoutes(ctx, list, color, dashed) {
      var j, k, p, q, dx, dy, len, arrows;
      ctx.globalAlpha = 0.9; ctx.strokeStyle = ctx.fillStyle = color; ctx.lineWidth = 3;
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
        ctx.fillStyle = destination ? color : "#ffffff"; ctx.fill(); ctx.stroke();
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
      placedStops(ev).forEach(function (stop) {
        if (map.latLngToContainerPoint([stop.lat, stop.lon]).distanceTo(containerPoint) <= 8) { best = stop; }
      });
      return best;
    }
    return {
      layer: canvas,
      hitTest: hitTest,
      drawnIds: function () { return drawn.ids.map(function (i) { return events[i].id; }); }
    };
  };
})(window);

/* geoevents map page, part 7 of 7: orientation on the offline base map -- place names
 * from the gazetteer, the strips between neighbouring outlines filled with land, and
 * region (admin-1) borders once zoomed in.
 *
 * Names are placed greedily in rank order (by the zoom they may show from -- cities
 * before countries of the same tier -- then population; regions last), each at the
 * first free spot beside its dot;
 * a name that would touch one already placed is left out, so names never overlap and
 * thin out as the user zooms out.  They are drawn on a canvas in a pane under the
 * events (and with fillText: gazetteer text never becomes markup).
 */
(function (global) {
  "use strict";
  var G = global.GeoeventsMap, L = global.L;

  var FONT = { country: "600 12px system-ui, sans-serif", big: "600 12px system-ui, sans-serif",
               city: "11px system-ui, sans-serif", region: "italic 11px system-ui, sans-serif" };
  var COUNTRY_MAX_ZOOM = 6, REGION_MIN_ZOOM = 6, REGION_MAX_ZOOM = 9, PAD = 3;

  G.labels = function (P, data) {
    var map = P.map, placed = [], widths = {};
    var countries = (data && data.countries) || [], cities = (data && data.cities) || [];
    var regions = (data && data.regions) || [];
    var pane = map.createPane("ge-labels");
    pane.style.zIndex = 390;  // above outlines (150) and tiles (200), under the events (400)
    pane.style.pointerEvents = "none";

    function width(ctx, font, text) {
      var key = font + "|" + text;
      if (widths[key] === undefined) { ctx.font = font; widths[key] = ctx.measureText(text).width; }
      return widths[key];
    }
    /* Grid of placed boxes (cells of 64 px) for the overlap test. */
    function Boxes() { this.cells = {}; }
    Boxes.prototype.keys = function (b) {
      var out = [], x, y;
      for (x = Math.floor(b[0] / 64); x <= Math.floor(b[2] / 64); x++) {
        for (y = Math.floor(b[1] / 64); y <= Math.floor(b[3] / 64); y++) { out.push(x + "," + y); }
      }
      return out;
    };
    Boxes.prototype.free = function (b) {
      var keys = this.keys(b), i, j, list, o;
      for (i = 0; i < keys.length; i++) {
        list = this.cells[keys[i]] || [];
        for (j = 0; j < list.length; j++) {
          o = list[j];
          if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) { return false; }
        }
      }
      return true;
    };
    Boxes.prototype.add = function (b) {
      var keys = this.keys(b);
      for (var i = 0; i < keys.length; i++) { (this.cells[keys[i]] = this.cells[keys[i]] || []).push(b); }
    };

    function paint(ctx, layer) {
      var zoom = map.getZoom(), w = layer.width, h = layer.height, boxes = new Boxes();
      placed = [];
      function at(lat, lon) {  // canvas point of a latitude/longitude
        var p = layer.toCanvas(map.latLngToContainerPoint([lat, lon]));
        return p.x >= -50 && p.y >= -20 && p.x <= w + 50 && p.y <= h + 20 ? p : null;
      }
      function tryPlace(name, p, font, dot, kind, c) {
        var tw = width(ctx, font, name), th = 12, spots = dot
          ? [[p.x + 5, p.y + 4], [p.x - 5 - tw, p.y + 4], [p.x - tw / 2, p.y - 6], [p.x - tw / 2, p.y + 15]]
          : [[p.x - tw / 2, p.y + 4]];
        for (var k = 0; k < spots.length; k++) {
          var box = [spots[k][0] - PAD, spots[k][1] - th - PAD + 2, spots[k][0] + tw + PAD, spots[k][1] + PAD];
          if (dot) { box = [Math.min(box[0], p.x - 3), Math.min(box[1], p.y - 3), Math.max(box[2], p.x + 3), Math.max(box[3], p.y + 3)]; }
          if (boxes.free(box)) {
            boxes.add(box);
            placed.push({ name: name, kind: kind, x: spots[k][0], y: spots[k][1], box: box, dot: dot ? p : null,
                          font: font, lat: c[1], lon: c[2] });
            return true;
          }
        }
        return false;
      }
      var i = 0, j = 0, t, c, p;
      // By tier (the zoom a name shows from): at each tier the cities first, then the
      // countries -- Beijing before "Dem. Rep. Korea", and the big countries before all.
      for (t = 0; t <= zoom; t++) {
        for (; i < cities.length && cities[i][3] <= t; i++) {
          c = cities[i]; p = at(c[1], c[2]);
          if (p) { tryPlace(c[0], p, c[3] <= 4 ? FONT.big : FONT.city, true, "city", c); }
        }
        for (; j < countries.length && countries[j][3] <= t; j++) {
          c = countries[j]; p = zoom <= COUNTRY_MAX_ZOOM ? at(c[1], c[2]) : null;
          if (p) { tryPlace(zoom <= 4 ? c[0].toUpperCase() : c[0], p, FONT.country, false, "country", c); }
        }
      }
      if (zoom >= REGION_MIN_ZOOM && zoom <= REGION_MAX_ZOOM) {
        for (i = 0; i < regions.length; i++) {
          c = regions[i]; p = at(c[1], c[2]);
          if (p) { tryPlace(c[0], p, FONT.region, false, "region", c); }
        }
      }
      draw(ctx);
    }
    function draw(ctx) {
      ctx.lineJoin = "round";
      placed.forEach(function (l) {
        if (l.dot) {
          ctx.beginPath(); ctx.arc(l.dot.x, l.dot.y, 2.2, 0, 2 * Math.PI);
          ctx.fillStyle = "#39424b"; ctx.fill();
          ctx.lineWidth = 1; ctx.strokeStyle = "#ffffff"; ctx.stroke();
        }
        ctx.font = l.font;
        ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)";
        ctx.strokeText(l.name, l.x, l.y);
        ctx.fillStyle = l.kind === "country" ? "#5b6570" : l.kind === "region" ? "#6b5d4f" : "#1f262d";
        ctx.fillText(l.name, l.x, l.y);
      });
    }
    var layer = new G.CanvasLayer(paint, { pane: "ge-labels", className: "ge-labels-canvas", padding: 0.1 });
    layer.addTo(map);
    return {
      layer: layer,
      /* The names drawn by the last frame, with their boxes in canvas pixels (tests). */
      drawn: function () {
        return placed.map(function (l) { return { name: l.name, kind: l.kind, box: l.box, lat: l.lat, lon: l.lon }; });
      }
    };
  };

  /* Delta-encoded lon/lat thousandths (render/basemap.py encode_ring) -> [lat, lon] list. */
  function decode(ring) {
    var out = [], x = 0, y = 0;
    for (var i = 0; i + 1 < ring.length; i += 2) {
      x += ring[i]; y += ring[i + 1];
      out.push([y / 1000, x / 1000]);
    }
    return out;
  }

  /* Region (admin-1) borders: thin, light, dashed lines in a pane just above the country
     outlines -- so under the tiles when those are on, as the outlines are, and under the
     place names (390) and the events (400).  Zoomed out they would only be clutter: the
     pane is hidden below data.min_zoom (the zoom the region names show from). */
  G.admin1 = function (P, data) {
    if (!data || !data.lines || !data.lines.length) { return null; }
    var map = P.map, pane = map.createPane("ge-admin1"), minZoom = data.min_zoom || 6;
    pane.style.zIndex = 155;
    pane.style.pointerEvents = "none";
    var layer = L.polyline(data.lines.map(decode), {
      pane: "ge-admin1", renderer: L.canvas({ pane: "ge-admin1" }), interactive: false,
      color: "#8e99a6", weight: 0.9, opacity: 0.85, dashArray: "4 3", lineCap: "butt"
    }).addTo(map);
    function follow() { pane.style.display = map.getZoom() >= minZoom ? "" : "none"; }
    map.on("zoomend", follow);
    follow();
    return {
      layer: layer,
      /* Drawn now: switched on (layer control) and zoomed in far enough (tests). */
      shown: function () { return map.hasLayer(layer) && pane.style.display !== "none"; },
      count: data.lines.length, minZoom: minZoom
    };
  };

  /* The strips between neighbouring country outlines, filled with the land colour in a
     pane just under the outlines, so no sea shows between two countries when zoomed in. */
  G.gaps = function (P, rings, fill) {
    if (!rings || !rings.length) { return null; }
    var pane = P.map.createPane("ge-gaps");
    pane.style.zIndex = 149;
    pane.style.pointerEvents = "none";
    var shapes = rings.map(decode);
    return L.polygon(shapes.map(function (ring) { return [ring]; }), { pane: "ge-gaps", stroke: false, fillColor: fill, fillOpacity: 1,
                               interactive: false, renderer: L.canvas({ pane: "ge-gaps" }) }).addTo(P.map);
  };
})(window);

/* geoevents map page, part 1 of 7: calendar arithmetic, text-only DOM helpers, glyphs.
 *
 * The page reads its data from the application/json script block #geoevents-data.  Every
 * piece of document text is put in the page with textContent, never innerHTML, so a report
 * containing markup shows it as text.  Dates are integer UTC day numbers (days since
 * 1970-01-01), compared as numbers: no time zones, no text sorting, pre-1970 dates work.
 * The parts share the namespace window.GeoeventsMap (G) and, at run time, one page object P.
 */
(function (global) {
  "use strict";
  var G = global.GeoeventsMap = global.GeoeventsMap || {};

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

  // ---- reading event properties: a hand-edited file may put any JSON value anywhere
  // ("route": "A > B", "drugs": [null]); these give the shape the page expects or an
  // empty one, so one odd value shows as missing instead of stopping the whole page. ----
  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }
  function props(ev) { return ev && isObject(ev.p) ? ev.p : {}; }
  function objects(v) { return Array.isArray(v) ? v.filter(isObject) : []; }
  function num(v) { return typeof v === "number" && isFinite(v) ? v : null; }
  function text(v) {
    if (typeof v === "string") { return v; }
    return num(v) === null ? "" : String(v);
  }
  function texts(v) { return (Array.isArray(v) ? v : [v]).map(text).filter(Boolean); }

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

  function installGlyphCss(types) {
    var rules = types.map(function (t) {
      return ".ge-g-" + t.key + ",.ge-glyph[data-type=\"" + t.key + "\"]{background-image:url(" +
        glyphImage(t, 14) + ")}";
    });
    var style = document.createElement("style");
    style.textContent = rules.join("\n");
    document.head.appendChild(style);
  }

  G.util = {
    daysFromCivil: daysFromCivil, civilFromDays: civilFromDays, iso: iso, monthLength: monthLength,
    parsePeriod: parsePeriod, periodLabel: periodLabel, fmtNumber: fmtNumber, el: el, clear: clear,
    isObject: isObject, props: props, objects: objects, num: num, text: text, texts: texts,
    glyphPath: glyphPath, arrowPath: arrowPath, installGlyphCss: installGlyphCss
  };
  G.iso = iso;
  G.daysFromCivil = daysFromCivil;
  G.parsePeriod = parsePeriod;
  G.periodLabel = periodLabel;
})(window);

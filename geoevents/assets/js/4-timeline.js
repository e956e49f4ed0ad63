/* geoevents map page, part 4 of 7: calendar periods (the slider's step and its starting
 * span), the bar strip and the timeline list.
 *
 * The bars cover the current date range, one per step (day ... year), grouped by the next
 * larger period with a label on every group, so no bar holding most events goes unnamed.
 * The starting span is the bulk of the events (see bulkRange): 90% rather than 95%
 * because a cable's few background dates ("in 1997", "since 2005", "in 2007") are ~5%
 * of its events, and leaving them one click away is the point.
 *
 * The list holds every event in date order but only the rows in view exist in the page
 * (10 000 rows cost seconds of layout); rows inside the slider window are highlighted.
 */
(function (global) {
  "use strict";
  var G = global.GeoeventsMap, L = global.L, U = G.util;
  var el = U.el, clear = U.clear, iso = U.iso, periodLabel = U.periodLabel;
  var civilFromDays = U.civilFromDays, daysFromCivil = U.daysFromCivil, monthLength = U.monthLength;

  /* Calendar periods of a step, on day numbers: the first and last day of the period
     holding `day`.  Weeks run Monday to Sunday (day 0, 1970-01-01, was a Thursday). */
  var STEPS = ["day", "week", "month", "quarter", "year"];
  function periodStart(day, step) {
    var c;
    if (step === "day") { return day; }
    if (step === "week") { return day - ((day % 7) + 10) % 7; }
    c = civilFromDays(day);
    if (step === "month") { return daysFromCivil(c[0], c[1], 1); }
    if (step === "quarter") { return daysFromCivil(c[0], c[1] - (c[1] - 1) % 3, 1); }
    return daysFromCivil(c[0], 1, 1);
  }
  function periodEnd(day, step) {
    var c;
    if (step === "day") { return day; }
    if (step === "week") { return periodStart(day, step) + 6; }
    c = civilFromDays(day);
    if (step === "month") { return daysFromCivil(c[0], c[1], monthLength(c[0], c[1])); }
    if (step === "quarter") {
      var m = c[1] - (c[1] - 1) % 3 + 2;
      return daysFromCivil(c[0], m, monthLength(c[0], m));
    }
    return daysFromCivil(c[0], 12, 31);
  }
  /* A step that gives a readable number of bars (at most ~60) for a span of days. */
  function autoStep(span) {
    return span <= 45 ? "day" : span <= 200 ? "week" : span <= 1830 ? "month" : span <= 5480 ? "quarter" : "year";
  }
  /* [first, last] day of the bulk of the events, or null when that is (nearly) all of
     them: the shortest run of 90% of the events by middle day, widened to the events'
     own bounds and then to whole months (whole years past two years). */
  function bulkRange(list, min, max) {
    var len = list.length, k = Math.ceil(len * 0.9), best = -1, i, a = Infinity, b = -Infinity, low = Infinity;
    if (len < 5 || k >= len) { return null; }
    /* Twice the middle days (s + e, whole numbers), in order with ties in list order, as
       a stable sort by middle day puts them: sorted as numbers (sum - lowest) * len +
       position, a typed array's own sort, which 100 000 objects sorted by a comparator
       made a start-up cost. */
    for (i = 0; i < len; i++) { low = Math.min(low, list[i].s + list[i].e); }
    var keys = new Float64Array(len), sums = new Float64Array(len), at = new Uint32Array(len);
    for (i = 0; i < len; i++) { keys[i] = (list[i].s + list[i].e - low) * len + i; }
    keys.sort();
    for (i = 0; i < len; i++) { at[i] = keys[i] % len; sums[i] = list[at[i]].s + list[at[i]].e; }
    for (i = 0; i + k - 1 < len; i++) {
      if (best < 0 || sums[i + k - 1] - sums[i] < sums[best + k - 1] - sums[best]) { best = i; }
    }
    for (i = best; i < best + k; i++) { a = Math.min(a, list[at[i]].s); b = Math.max(b, list[at[i]].e); }
    var step = b - a + 1 > 731 ? "year" : "month";
    a = periodStart(a, step); b = periodEnd(b, step);
    a = Math.max(a, min); b = Math.min(b, max);
    return (max - min + 1) >= 1.5 * (b - a + 1) ? [a, b] : null;
  }
  /* "2008" for 2008-01-01, "2008-03" for a first of the month, else the day. */
  function boundText(day, end) {
    var c = civilFromDays(day);
    if (end ? c[1] === 12 && c[2] === 31 : c[1] === 1 && c[2] === 1) { return String(c[0]); }
    if (end ? c[2] === monthLength(c[0], c[1]) : c[2] === 1) { return iso(day).slice(0, 7); }
    return iso(day);
  }
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  // Bars are grouped by the next larger period; every group carries a label.
  var GROUP = { day: "month", week: "month", month: "year", quarter: "year", year: "decade" };
  function groupKey(day, step) {
    var c = civilFromDays(day), g = GROUP[step];
    return g === "month" ? c[0] * 12 + c[1] : g === "year" ? c[0] : Math.floor(c[0] / 10);
  }
  function groupLabel(day, step, roomy) {
    var c = civilFromDays(day), g = GROUP[step];
    if (g === "month") { return roomy ? MONTHS[c[1] - 1] + " " + c[0] : MONTHS[c[1] - 1]; }
    if (g === "year") { return roomy ? String(c[0]) : "\u2019" + pad2(c[0] % 100); }
    return Math.floor(c[0] / 10) * 10 + "s";
  }
  function barLabel(day, step) {
    var c = civilFromDays(day);
    if (step === "day" || step === "week") { return String(c[2]); }
    if (step === "month") { return MONTHS[c[1] - 1]; }
    if (step === "quarter") { return "Q" + ((c[1] + 2) / 3); }
    return String(c[0]);
  }
  function barTitle(b, step) {
    return step === "day" ? iso(b.s) : step === "month" ? iso(b.s).slice(0, 7) :
      step === "year" ? iso(b.s).slice(0, 4) : periodLabel(b.s, b.e);
  }
  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  G.periods = { start: periodStart, end: periodEnd, auto: autoStep, steps: STEPS, bulk: bulkRange,
                bound: boundText };

  G.timeline = function (P) {
    var events = P.events, n = events.length, styles = P.styles, ui = P.ui, S = P.S;
    var inWindow = P.inWindow, dated = P.dated;
    var bins = { list: [], step: S.step };

    // --- bar strip: events per step (day ... year) over the current date range ---
    function buildBins() {
      var out = [], step = S.step, s = periodStart(S.from, step), guard = 0;
      while (s <= S.to && guard++ < 5000) {
        var e = periodEnd(s, step);
        out.push({ s: s, e: e, n: 0 });
        s = e + 1;
      }
      var k = 0;
      dated.forEach(function (ev) {  // dated is in start order, as are the bins
        if (ev.s > S.to || ev.e < S.from || !out.length) { return; }
        var day = Math.max(ev.s, S.from);
        while (k + 1 < out.length && day > out[k].e) { k++; }
        while (k > 0 && day < out[k].s) { k--; }
        out[k].n++;
      });
      return { list: out, step: step };
    }
    function drawBins() {
      bins = buildBins();
      var most = 1, strip = el("div", "ge-strip"), groups = el("div", "ge-axis ge-groups");
      var barRow = el("div", "ge-axis ge-barlabels"), count = bins.list.length || 1;
      var room = (ui.bars.clientWidth || 400) - 24, barPx = room / count, current = null;
      bins.list.forEach(function (b) { most = Math.max(most, b.n); });
      bins.list.forEach(function (b, i) {
        var bar = el("div", "ge-bar"), fill = el("div", "ge-fill");
        fill.style.height = (b.n ? Math.max(8, Math.round(100 * b.n / most)) : 0) + "%";
        bar.title = barTitle(b, bins.step) + ": " + b.n + " event" + (b.n === 1 ? "" : "s");
        bar.dataset.n = String(b.n);
        bar.appendChild(fill);
        bar.addEventListener("click", function () { P.stop(); P.setTime(Math.min(b.e, S.to), false); });
        strip.appendChild(bar);
        b.node = bar;
        if (barPx >= 22) {
          var lab = el("span", "ge-tick", barLabel(b.s, bins.step));
          lab.style.left = (100 * i / count) + "%";
          lab.style.width = (100 / count) + "%";
          barRow.appendChild(lab);
        }
        var key = groupKey(b.s, bins.step);
        if (!current || current.key !== key) {
          current = { key: key, first: i, size: 0, s: b.s };
          current.node = el("span", "ge-group");
          groups.appendChild(current.node);
        }
        current.size++;
        var g = current;
        g.node.style.left = (100 * g.first / count) + "%";
        g.node.style.width = (100 * g.size / count) + "%";
        g.node.textContent = groupLabel(g.s, bins.step, g.size * barPx >= 40);
      });
      clear(ui.bars);
      ui.bars.appendChild(strip);
      if (barRow.childNodes.length) { ui.bars.appendChild(barRow); }
      ui.bars.appendChild(groups);
    }
    function paintBins(w) {
      bins.list.forEach(function (b) {
        if (!b.node) { return; }
        b.node.classList.toggle("ge-on", b.e >= w[0] && b.s <= w[1]);
        b.node.classList.toggle("ge-out", b.e < S.from || b.s > S.to);
      });
    }

    // --- timeline list, in date order; only the rows in view exist (10 000 would not) ---
    var ROW = 38, order = [], position = new Int32Array(n);
    var spacer = el("div", "ge-spacer");
    // the rows in the page: which slice of `order` they show, and [event index, node] each
    var rows = { first: -1, last: -1, list: [] };
    ui.list.appendChild(spacer);
    function buildOrder() {
      order = [];
      rows.first = -1;  // the same slice now holds other events
      events.forEach(function (ev, i) { if (ev.s === null || P.inRange(ev)) { position[i] = order.length; order.push(i); } else { position[i] = -1; } });
      spacer.style.height = order.length * ROW + "px";
      ui.listHead.textContent = "Timeline: " + order.length + " event" + (order.length === 1 ? "" : "s") +
        " in date order" + (order.length < n ? " (of " + n + ")" : "");
    }
    function renderRows() {
      var top = ui.list.scrollTop, height = ui.list.clientHeight || 400;
      var first = Math.max(0, Math.floor(top / ROW) - 10), last = Math.min(order.length, Math.ceil((top + height) / ROW) + 10);
      if (first === rows.first && last === rows.last) {
        // the same rows (a slider step): only their highlight and selection may change,
        // and rebuilding 40 rows on every step would cost a layout each time
        rows.list.forEach(function (r) {
          r[1].classList.toggle("ge-in", !!inWindow[r[0]]);
          r[1].classList.toggle("ge-sel", r[0] === P.selected);
        });
        return;
      }
      var frag = document.createDocumentFragment();
      rows = { first: first, last: last, list: [] };
      for (var k = first; k < last; k++) {
        var row = makeRow(order[k], k);
        rows.list.push([order[k], row]);
        frag.appendChild(row);
      }
      clear(spacer);
      spacer.appendChild(frag);
    }
    function makeRow(i, k) {
      var ev = events[i], p = U.props(ev), text = U.text;
      var row = el("div", "ge-item" + (ev.k ? "" : " ge-unplaced") + (inWindow[i] ? " ge-in" : "") +
        (i === P.selected ? " ge-sel" : ""));
      row.setAttribute("role", "listitem");
      row.style.top = k * ROW + "px";
      row.dataset.i = String(i);
      row.dataset.id = ev.id;
      var line = el("div", "ge-line");
      line.appendChild(el("span", "ge-glyph ge-g-" + ev.t));
      line.appendChild(el("span", "ge-date", ev.s === null ? "undated" : periodLabel(ev.s, ev.e)));
      if (text(p.date_text)) { line.appendChild(el("span", "ge-dt", "\u201c" + text(p.date_text) + "\u201d")); }
      line.appendChild(el("span", "ge-type", styles[ev.t].label));
      line.appendChild(el("span", "ge-place", ev.k ? (text(p.place) || text(p.place_text) || (ev.k === "route" ? "route" : ""))
        : "not on the map"));
      row.appendChild(line);
      row.appendChild(el("div", "ge-ti", text(p.title) || "(untitled event)"));
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
      if (row) { P.openEvent(+row.dataset.i); }
    });

    return {
      drawBins: drawBins, paintBins: paintBins, buildOrder: buildOrder, renderRows: renderRows,
      bins: function () { return bins; },
      scrollTo: scrollListTo,
      ids: function () { return order.map(function (i) { return events[i].id; }); }
    };
  };
})(window);

/* geoevents map page, part 4 of 6: the bar strip and the timeline list.
 *
 * The list holds every event in date order but only the rows in view exist in the page
 * (10 000 rows cost seconds of layout); rows inside the slider window are highlighted.
 */
(function (global) {
  "use strict";
  var G = global.GeoeventsMap, L = global.L, U = G.util;
  var el = U.el, clear = U.clear, iso = U.iso, periodLabel = U.periodLabel;
  var civilFromDays = U.civilFromDays, daysFromCivil = U.daysFromCivil, monthLength = U.monthLength;

  G.timeline = function (P) {
    var events = P.events, n = events.length, styles = P.styles, ui = P.ui, S = P.S;
    var inWindow = P.inWindow, dated = P.dated, lo = S.min, hi = S.max, span = hi - lo + 1;
    var bins = buildBins();

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
        bar.addEventListener("click", function () { P.stop(); P.setTime(Math.min(b.e, S.to), false); });
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


    // --- timeline list, in date order; only the rows in view exist (10 000 would not) ---
    var ROW = 38, order = [], position = new Int32Array(n);
    var spacer = el("div", "ge-spacer");
    ui.list.appendChild(spacer);
    function buildOrder() {
      order = [];
      events.forEach(function (ev, i) { if (ev.s === null || P.inRange(ev)) { position[i] = order.length; order.push(i); } else { position[i] = -1; } });
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
      scrollTo: scrollListTo,
      ids: function () { return order.map(function (i) { return events[i].id; }); }
    };
  };
})(window);

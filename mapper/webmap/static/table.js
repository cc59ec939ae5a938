/* mapper webmap · table: the facilities currently shown, sortable by keyboard. Long tables
 * are virtualised: only the rows in view (plus a margin) are in the document, between two
 * spacer rows, so 10,000 rows sort and scroll at once; printing renders every row. */
var MapperTable = (function (U, D) {
  'use strict';
  var h = D.h, ROW_PX = 29, VIRTUAL_FROM = 300, MARGIN = 30;

  // Rows sorted by a column's value (numbers for count columns), then by name.
  function sortRows(rows, value, numeric, dir, compare, nameOf) {
    var keyed = rows.map(function (f) { var v = value(f.properties); return [numeric ? U.num(v) : String(v == null ? '' : v), nameOf(f.properties), f]; });
    keyed.sort(function (a, b) {
      var r = numeric ? a[0] - b[0] : compare(a[0], b[0]);
      return r * dir || compare(a[1], b[1]);
    });
    return keyed.map(function (k) { return k[2]; });
  }

  function init(A) {
    var T = A.T, sortKey = 'name', sortDir = 1, rows = [], printing = false;
    var collator = new Intl.Collator(A.C.lang, { numeric: true, sensitivity: 'base' });
    var columns = [
      ['name', T.name, function (p) { return A.nameOf(p); }],
      ['type', T.type, function (p) { return A.lab('facility_type', p.facility_type); }],
      ['territory', T.territory, function (p) { return A.territoryText(p); }],
      ['region', T.region, function (p) { return A.regionName(p); }],
      ['where', T.where, function (p) { return A.whereText(p) || A.lab('precision_name', p.geocode_precision); }],
      ['reported', T.reported, function (p) { return U.period(p); }],
      ['context', T.context, function (p) { return A.lab('context_name', p.context); }]
    ];
    if (A.hasCounts) columns.push(['testimonies', T.testimonies, function (p) { var v = A.year ? p['testimonies_' + A.year] : p.testimonies; return v == null ? 0 : v; }, true]);
    var host = document.getElementById('mapper-table-body');
    var caption = h('caption'), thead = h('thead'), tbody = h('tbody');
    var table = h('table', null, caption, thead, tbody);
    var scroller = h('div', { cls: 'mapper-table-scroll' }, table);
    host.textContent = '';
    host.appendChild(scroller);
    var tr = h('tr');
    columns.forEach(function (c) {
      var th = h('th', { scope: 'col', 'data-col': c[0] });
      th.appendChild(h('button', { type: 'button', 'data-sort': c[0], text: c[1], on: { click: function () {
        if (sortKey === c[0]) sortDir = -sortDir; else { sortKey = c[0]; sortDir = 1; }
        render();
      } } }));
      tr.appendChild(th);
    });
    tr.appendChild(h('th', { scope: 'col', cls: 'noprint', text: T.show_on_map }));
    thead.appendChild(tr);

    function rowEl(f) {
      var p = f.properties, r = h('tr', { 'data-id': p.id });
      columns.forEach(function (c, i) {
        var v = c[2](p);
        r.appendChild(h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, cls: c[3] ? 'num' : null, text: v == null ? '' : String(v) }));
      });
      r.appendChild(h('td', { cls: 'noprint' }, h('button', { type: 'button', cls: 'show', text: T.show_on_map,
        'aria-label': T.show_on_map + ': ' + A.nameOf(p), on: { click: function () {
          document.getElementById('map').scrollIntoView(); A.focusFacility(p.id);
        } } })));
      return r;
    }
    // The scroll position is read in the scroll event only, and the view's height is the
    // scroller's CSS maximum (75vh): reading either right after a filter change made the
    // browser lay out the whole page in the middle of it (a forced layout of ~25 ms at 10,000).
    var virtual = false, first = -1, last = -1, scrollTop = 0;
    function spacer(n) { return h('tr', { cls: 'spacer', 'aria-hidden': 'true' }, h('td', { colspan: String(columns.length + 1), style: 'height:' + n * ROW_PX + 'px' })); }
    function paint(force) {
      if (!virtual) return;
      var top = scrollTop, view = Math.ceil(window.innerHeight * 0.75) || 600;
      // (rows taller than ROW_PX, long names on two lines, make the table taller than the
      // spacers say: scrolled to its end, the window of rows still ends at the last row)
      var span = Math.ceil(view / ROW_PX) + 2 * MARGIN, a = Math.floor(top / ROW_PX) - MARGIN;
      // the row's button a keyboard reader is on survives the repaint (Tab scrolls the next
      // row into view; a row rebuilt, or left out by the estimate, would drop the focus to
      // the page's start): its row stays in the window, with a row on either side for Tab
      // and Shift+Tab, and its button keeps the focus
      var e = document.activeElement, on = tbody.contains(e) && e.closest('tr').dataset.id;
      var at = on ? rows.findIndex(function (f) { return f.properties.id === on; }) : -1;
      if (at >= 0 && (at <= a || at >= a + span - 1)) a = at - MARGIN;
      a = Math.max(0, Math.min(a, rows.length - span));
      var b = Math.min(rows.length, a + span);
      if (!force && a === first && b === last) return;
      first = a; last = b;
      var frag = document.createDocumentFragment();
      if (a) frag.appendChild(spacer(a));
      for (var i = a; i < b; i++) frag.appendChild(rowEl(rows[i]));
      if (rows.length - b) frag.appendChild(spacer(rows.length - b));
      tbody.textContent = '';
      tbody.appendChild(frag);
      if (at >= 0) tbody.children[at - a + !!a].querySelector('.show').focus();
    }
    scroller.addEventListener('scroll', function () { scrollTop = scroller.scrollTop; paint(false); }, { passive: true });
    // The sort of ALL facilities is kept per column, direction and year: a filter change
    // then only picks the shown ones out of it, in order (O(n), no new sort).
    var sorted = null, sortedFor = '';
    function render() {
      var col = columns.filter(function (c) { return c[0] === sortKey; })[0] || columns[0];
      var key = sortKey + '|' + sortDir + '|' + (col[3] ? A.year : '');
      if (key !== sortedFor) { sorted = sortRows(A.feats, col[2], !!col[3], sortDir, collator.compare, A.nameOf); sortedFor = key; }
      if (A.shown.length === A.feats.length) rows = sorted;
      else {
        var on = new Set(A.shown);
        rows = sorted.filter(function (f) { return on.has(f); });
      }
      thead.querySelectorAll('th[data-col]').forEach(function (th) {
        th.setAttribute('aria-sort', th.getAttribute('data-col') === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
      });
      caption.textContent = T.table_caption + ' ' + A.say('showing', { n: A.shown.length, total: A.feats.length }) +
        (A.year ? ' (' + T.year + ': ' + A.year + ')' : '');
      virtual = rows.length > VIRTUAL_FROM && !printing;
      scroller.classList.toggle('virtual', virtual);
      table.setAttribute('aria-rowcount', String(rows.length + 1));
      if (virtual) { paint(true); return; }
      var frag = document.createDocumentFragment();
      rows.forEach(function (f) { frag.appendChild(rowEl(f)); });
      tbody.textContent = '';
      tbody.appendChild(frag);
    }
    window.addEventListener('beforeprint', function () { printing = true; render(); });
    window.addEventListener('afterprint', function () { printing = false; render(); });
    A.renderTable = render;
    A.tableRows = function () { return rows; };
  }
  return { init: init, sortRows: sortRows };
}(MapperUtil, MapperDom));

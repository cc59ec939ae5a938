/* mapper webmap · controls: title, banners and search (top left), zoom, full screen and
 * filters (top right), legend (bottom left), timeline (bottom right). */
var MapperControls = (function (U, D, S, Lay) {
  'use strict';
  var h = D.h;

  function control(A, position, build) {
    var Ctl = L.Control.extend({ onAdd: function () {
      var d = build();
      L.DomEvent.disableClickPropagation(d); L.DomEvent.disableScrollPropagation(d);
      return d;
    } });
    return new Ctl({ position: position }).addTo(A.map);
  }

  // --- title, banners, search ------------------------------------------------------------------
  function title(A) {
    var T = A.T, C = A.C;
    var results = h('ul', { cls: 'mapper-results', id: 'mapper-results', 'aria-label': T.search_results });
    var input = h('input', { type: 'search', id: 'mapper-search', placeholder: T.search_placeholder,
      'aria-label': T.search, 'aria-controls': 'mapper-results', autocomplete: 'off', spellcheck: 'false' });
    var items = A.feats.map(function (f) {
      return { keys: S.keys(f.properties, A.regionNames[f.properties.region_code]), name: A.nameOf(f.properties), value: f };
    });
    A.search = function (q) { return S.rank(items, q); };
    function show() {
      results.textContent = '';
      var q = input.value;
      if (!q.trim()) return;
      var found = A.search(q);
      if (!found.length) { results.appendChild(h('li', { cls: 'mapper-note', text: T.search_none })); return; }
      found.slice(0, 30).forEach(function (f) {
        var p = f.properties;
        var where = [A.whereText(p), A.regionName(p)].filter(Boolean).join(' · ');
        results.appendChild(h('li', null, h('button', { type: 'button', 'data-id': p.id,
          on: { click: function () { A.focusFacility(p.id); } } }, A.nameOf(p), h('br'), h('small', { text: where }))));
      });
    }
    input.addEventListener('input', show);
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { var b = results.querySelector('button'); if (b) b.click(); }
      if (e.key === 'ArrowDown') { var f = results.querySelector('button'); if (f) { f.focus(); e.preventDefault(); } }
    });
    results.addEventListener('keydown', function (e) {
      var t = e.target; if (t.tagName !== 'BUTTON') return;
      var li = t.parentNode;
      if (e.key === 'ArrowDown' && li.nextSibling) { li.nextSibling.firstChild.focus(); e.preventDefault(); }
      if (e.key === 'ArrowUp') { (li.previousSibling ? li.previousSibling.firstChild : input).focus(); e.preventDefault(); }
    });
    var n = A.terrCount;
    var sub = A.say('facilities_n', { n: A.feats.length }) + ' · ' + A.lab('territory_name', 'ru') + ' ' + (n.ru || 0) +
      ' · ' + A.lab('territory_name', 'ua_occupied') + ' ' + ((n.ua_occupied || 0) + (n.ua_liberated || 0));
    // Banners live inside the title panel: they push it down, they never cover a control.
    var banners = h('div', { cls: 'mapper-banners' });
    if (C.synthetic) banners.appendChild(h('p', { cls: 'mapper-banner synthetic', role: 'alert', text: T.banner_synthetic }));
    if (C.public) banners.appendChild(h('p', { cls: 'mapper-banner public', text: A.say('banner_public', { threshold: C.threshold }) }));
    if (C.tiles) banners.appendChild(h('p', { cls: 'mapper-banner tiles', text: A.say('banner_tiles', { provider: C.tiles.provider }) }));
    A.alertEl = h('p', { cls: 'mapper-alert', role: 'alert' });
    var edition = h('p', { cls: 'mapper-edition' }, A.editionText(), ' · ', h('a', { href: '#mapper-about', text: T.about_link }));
    control(A, 'topleft', function () {
      return h('div', { cls: 'mapper-panel leaflet-control mapper-title' },
        h('h1', { text: C.title }), banners.childNodes.length ? banners : null, h('p', { cls: 'mapper-sub', text: sub }),
        edition, A.alertEl, h('div', { cls: 'mapper-search', role: 'search' }, input, results));
    });
  }

  function zoomAndFullscreen(A) {
    L.control.zoom({ position: 'topright', zoomInTitle: A.T.zoom_in, zoomOutTitle: A.T.zoom_out }).addTo(A.map);
    control(A, 'topright', function () {
      var b = h('button', { type: 'button', cls: 'mapper-btn', title: A.T.fullscreen, 'aria-label': A.T.fullscreen });
      var icon = D.svgEl('svg', { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': 'true' });
      icon.appendChild(D.svgEl('path', { d: 'M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5', fill: 'none', stroke: '#222', 'stroke-width': 2 }));
      b.appendChild(icon);
      b.addEventListener('click', function () {
        var el = document.getElementById('map');
        if (document.fullscreenElement) document.exitFullscreen();
        else if (el.requestFullscreen) el.requestFullscreen();
      });
      document.addEventListener('fullscreenchange', function () { A.map.invalidateSize(); });
      return h('div', { cls: 'leaflet-bar leaflet-control' }, b);
    });
  }

  // --- filters and layers --------------------------------------------------------------------
  function swatch(A, type) {
    return h('span', { cls: 'sw', style: 'background:' + A.C.typeColours[type], 'aria-hidden': 'true' }, A.lab('type_glyph', type));
  }
  function legendIcon(A, colour, terr, prec, s, glyph) {
    var span = h('span', { cls: 'shape', 'aria-hidden': 'true' });
    span.appendChild(D.fromMarkup(Lay.shapeSvg(colour, terr, prec, s, glyph)));
    return span;
  }
  var TERRS = ['ru', 'ua_occupied', 'ua_liberated', 'ua'];

  function filters(A, open, position) {
    var T = A.T, C = A.C;
    A.status = h('div', { cls: 'mapper-status', role: 'status', 'aria-live': 'polite' });
    function checkbox(group, key, text, count, extra) {
      var cb = h('input', { type: 'checkbox', 'data-group': group, 'data-key': key });
      cb.checked = A.on[group][key];
      cb.addEventListener('change', function () { A.on[group][key] = cb.checked; A.apply(false); });
      return h('label', null, cb, extra || null, text, h('span', { cls: 'n', text: String(count) }));
    }
    control(A, position || 'topright', function () {
      var details = h('details', { cls: 'mapper-panel leaflet-control mapper-filters' });
      if (open) details.open = true;
      details.appendChild(h('summary', { text: T.filters }));
      var fsType = h('fieldset', null, h('legend', { text: T.type }));
      C.types.forEach(function (t) { if (A.typeCount[t]) fsType.appendChild(checkbox('type', t, A.lab('facility_type', t), A.typeCount[t], swatch(A, t))); });
      var fsTerr = h('fieldset', null, h('legend', { text: T.territory }));
      TERRS.forEach(function (t) {
        if (A.terrCount[t]) fsTerr.appendChild(checkbox('terr', t, A.lab('territory_name', t), A.terrCount[t], legendIcon(A, '#666', t, 'exact', 14)));
      });
      var fsCtx = h('fieldset', null, h('legend', { text: T.context }));
      C.contexts.forEach(function (c) { if (A.ctxCount[c]) fsCtx.appendChild(checkbox('ctx', c, A.lab('context_name', c), A.ctxCount[c])); });
      details.appendChild(fsType); details.appendChild(fsTerr); details.appendChild(fsCtx);
      var fsLayers = h('fieldset', null, h('legend', { text: T.layers }));
      function layerToggle(name, text, note) {
        var cb = h('input', { type: 'checkbox', 'data-layer': name });
        cb.checked = !!A.layers[name];
        cb.addEventListener('change', function () { A.setLayer(name, cb.checked); });
        fsLayers.appendChild(h('label', null, cb, text));
        if (note) fsLayers.appendChild(note);
      }
      if (A.hasChoro) layerToggle('choro', T.layer_choropleth);
      if (A.flows.length) {
        var note = h('p', { cls: 'mapper-note', text: A.say('flows_zoom_note', { z: A.flowMaxZoom }) });
        layerToggle('flows', T.layer_flows, note);
      }
      layerToggle('names', T.layer_region_names);
      details.appendChild(fsLayers);
      var reset = h('button', { type: 'button', cls: 'mapper-reset', text: T.reset, on: { click: function () { A.resetFilters(); } } });
      details.appendChild(h('div', null, A.status, reset));
      A.filterBox = details;
      return details;
    });
    A.syncFilterInputs = function () {
      A.filterBox.querySelectorAll('input[data-group]').forEach(function (cb) { cb.checked = !!A.on[cb.dataset.group][cb.dataset.key]; });
      A.filterBox.querySelectorAll('input[data-layer]').forEach(function (cb) { cb.checked = !!A.layers[cb.dataset.layer]; });
    };
  }

  // --- legend --------------------------------------------------------------------------------
  function legend(A, open) {
    var T = A.T, C = A.C;
    // updated when a move ends, not in every frame of a pan
    // (its 140px, with margins, is the room map.css's --mapper-scale-room keeps free of credits)
    L.control.scale({ position: 'bottomleft', imperial: false, maxWidth: 140, updateWhenIdle: true }).addTo(A.map);
    control(A, 'bottomleft', function () {
      var d = h('details', { cls: 'mapper-panel leaflet-control mapper-legend' });
      if (open) d.open = true;
      d.appendChild(h('summary', { text: T.legend }));
      // scrollable, so reachable by keyboard (tab stop, named)
      var body = h('div', { cls: 'mapper-legend-body', tabindex: '0', role: 'group', 'aria-label': T.legend });
      d.appendChild(body);
      var ul = h('ul');
      C.types.forEach(function (t) { if (A.typeCount[t]) ul.appendChild(h('li', null, legendIcon(A, C.typeColours[t], 'ru', 'exact', 20, A.lab('type_glyph', t)), A.lab('facility_type', t))); });
      body.appendChild(h('h2', { text: T.type })); body.appendChild(ul);
      ul = h('ul');
      TERRS.forEach(function (t) { if (A.terrCount[t]) ul.appendChild(h('li', null, legendIcon(A, '#666', t, 'exact', 16), A.lab('territory_name', t))); });
      body.appendChild(h('h2', { text: T.shape })); body.appendChild(ul);
      ul = h('ul');
      ['exact', 'settlement'].forEach(function (p) {
        ul.appendChild(h('li', null, legendIcon(A, '#0072B2', 'ru', p, 20),
          h('span', null, h('b', { text: A.lab('precision_name', p) + ': ' }), A.lab('precision_help', p))));
      });
      ul.appendChild(h('li', null, h('span', { cls: 'rb-in legend', 'aria-hidden': 'true', text: '3' }),
        h('span', null, h('b', { text: A.lab('precision_name', 'region') + ': ' }), T.badge_legend)));
      body.appendChild(h('h2', { text: T.precision })); body.appendChild(ul);
      if (A.hasCounts) {
        ul = h('ul', { cls: 'sizes' });
        [1, 10, 50].forEach(function (n) {
          var s = Math.min(46, Math.round(20 + 4 * Math.sqrt(n)));
          ul.appendChild(h('li', null, legendIcon(A, '#777', 'ru', 'exact', s), String(n)));
        });
        body.appendChild(h('h2', { text: T.size })); body.appendChild(ul);
      }
      if (A.hasChoro) {
        ul = h('ul');
        var b = C.choropleth.breaks;
        b.forEach(function (lo, i) {
          var hi = i + 1 < b.length ? '–' + (b[i + 1] - 1) : '+';
          ul.appendChild(h('li', null, h('span', { cls: 'box', style: 'background:' + C.choropleth.colours[i] + ';border-color:' + C.choropleth.outline }), lo + hi));
        });
        body.appendChild(h('h2', { text: T.layer_choropleth })); body.appendChild(ul);
      }
      if (A.flows.length) {
        body.appendChild(h('h2', { text: T.layer_flows }));
        body.appendChild(h('p', { cls: 'mapper-note', text: T.flows_legend }));
      }
      body.appendChild(h('p', { cls: 'mapper-note', text: T.cluster }));
      // opened, it fits between the scale bar and the title panel: never under the title
      d.addEventListener('toggle', function () {
        if (!d.open || window.innerWidth <= 700) return;
        var title = document.querySelector('.mapper-title').getBoundingClientRect();
        var room = body.getBoundingClientRect().bottom - title.bottom - 16;
        body.style.maxHeight = Math.max(120, Math.floor(room)) + 'px';
      });
      A.legendBox = d;
      return d;
    });
  }

  // --- timeline: year steps over a small histogram --------------------------------------------
  function timeline(A, position) {
    var T = A.T, years = A.C.years;
    if (!years.length) { A.syncTimeline = function () {}; return; }
    var hist = U.histogram(A.feats.map(function (f) { return f.properties; }), years, A.hasCounts);
    var max = 1;
    years.forEach(function (y) { max = Math.max(max, hist[y]); });
    var buttons = [];
    function btn(value, text, bar, label) {
      var b = h('button', { type: 'button', 'data-year': value, 'aria-label': label }, bar, h('span', { cls: 'yl', text: text }));
      b.addEventListener('click', function () { A.setYear(value); });
      buttons.push(b);
      return b;
    }
    control(A, position || 'bottomright', function () {
      var box = h('div', { cls: 'mapper-panel leaflet-control mapper-timeline', role: 'group', 'aria-label': T.timeline });
      var row = h('div', { cls: 'tl-row' });
      row.appendChild(btn('', T.all_years_short, h('span', { cls: 'bar all', style: 'height:100%' }), T.all_years));
      years.forEach(function (y) {
        var pct = Math.round(100 * hist[y] / max);
        var label = String(y) + ': ' + A.say(A.hasCounts ? 'timeline_testimonies' : 'timeline_facilities', { n: hist[y] });
        row.appendChild(btn(String(y), "'" + String(y).slice(2), h('span', { cls: 'bar', style: 'height:' + Math.max(pct, hist[y] ? 6 : 0) + '%' }), label));
      });
      box.appendChild(h('div', { cls: 'tl-head', text: A.hasCounts ? T.timeline_head_counts : T.timeline_head }));
      box.appendChild(row);
      A.timelineBox = box;
      return box;
    });
    A.syncTimeline = function () {
      buttons.forEach(function (b) { b.setAttribute('aria-pressed', b.getAttribute('data-year') === A.year ? 'true' : 'false'); });
    };
  }

  return { title: title, zoomAndFullscreen: zoomAndFullscreen, filters: filters, legend: legend, timeline: timeline,
    legendIcon: legendIcon, TERRS: TERRS };
}(MapperUtil, MapperDom, MapperSearch, MapperLayers));

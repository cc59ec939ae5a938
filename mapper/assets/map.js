/* mapper: the interactive map of detention facilities.
 * Reads the data blocks embedded in this page: the interface text as plain JSON, the data
 * (facilities as GeoJSON, regions, neighbour countries, flows) as base64 of zlib-deflated
 * JSON, inflated here by the browser's own DecompressionStream (no eval, no blob: script).
 * Every piece of data reaches the page through textContent or attributes set from script,
 * never through innerHTML: names containing markup show as text. Makes no network request
 * (tiles only when the page was built so). */
(function () {
  'use strict';

  var C = JSON.parse(document.getElementById('mapper-config').textContent);
  var T = C.strings;

  // base64 → bytes → inflate → JSON; a promise
  function unpack(id) {
    var bin = atob(document.getElementById(id).textContent), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Response(stream).text().then(function (text) { return JSON.parse(text); });
  }
  // Said on the map and in place of the table: better than an empty page.
  function cannotOpen() {
    var msg = document.createElement('div');
    msg.className = 'mapper-unsupported';
    msg.setAttribute('role', 'alert');
    msg.textContent = T.browser_unsupported;
    document.getElementById('map').appendChild(msg);
    document.getElementById('mapper-table-body').textContent = T.browser_unsupported;
  }
  if (typeof DecompressionStream === 'undefined' || typeof Blob.prototype.stream !== 'function') {
    cannotOpen();
    return;
  }
  Promise.all(['mapper-facilities', 'mapper-regions', 'mapper-countries', 'mapper-flows'].map(unpack))
    .then(function (d) { start(d[0], d[1], d[2], d[3]); }, function (err) { cannotOpen(); throw err; });

  // Everything below runs once the data is inflated.
  function start(FC, RG, CT, FLOWS) {
    var BM = { factor: RG.factor, regions: RG.regions, borders: RG.borders, countries: CT.countries };
    C.regionNames = RG.names;
    C.regionCounts = RG.counts;
    C.flows = FLOWS;
    var FEATS = FC.features;

    // --- small helpers -------------------------------------------------------------------
    function h(tag, props) {
      var e = document.createElement(tag);
      if (props) {
        Object.keys(props).forEach(function (k) {
          var v = props[k];
          if (v == null) return;
          if (k === 'text') e.textContent = v;
          else if (k === 'cls') e.className = v;
          else if (k === 'on') Object.keys(v).forEach(function (ev) { e.addEventListener(ev, v[ev]); });
          else e.setAttribute(k, v);
        });
      }
      for (var i = 2; i < arguments.length; i++) {
        var c = arguments[i];
        if (c == null || c === false) continue;
        e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
      }
      return e;
    }
    function fmt(s, vars) { return String(s).replace(/\{(\w+)\}/g, function (m, k) { return vars[k] != null ? vars[k] : m; }); }
    function lab(group, code) { var g = T[group] || {}; return g[code] || code; }
    function escapeHtml(s) {
      return String(s).replace(/[&<>"']/g, function (c) {
        return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
      });
    }
    // counts are numbers, or strings in public builds ("1–4", "12")
    function num(v) {
      if (typeof v === 'number') return v;
      if (typeof v === 'string') { var m = v.match(/^\d+/); return m ? +m[0] : 0; }
      return 0;
    }
    function nameOf(p) { return p['name_' + C.lang] || p.name_en || p.name_uk || p.name_ru || p.id; }
    function territory(p) { return p.country === 'RU' ? 'ru' : (p.occupied ? 'ua_occupied' : 'ua'); }
    function regionName(p) { return C.regionNames[p.region_code] || p.region_code || ''; }
    function svgEl(tag, attrs) {
      var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      return e;
    }

    // --- search keys: any script, any transliteration system ----------------------------
    var CYR = { 'а': 'a', 'б': 'b', 'в': 'v', 'г': 'g', 'ґ': 'g', 'д': 'd', 'е': 'e', 'ё': 'e', 'є': 'ie',
      'ж': 'zh', 'з': 'z', 'и': 'i', 'і': 'i', 'ї': 'i', 'й': 'i', 'к': 'k', 'л': 'l', 'м': 'm',
      'н': 'n', 'о': 'o', 'п': 'p', 'р': 'r', 'с': 's', 'т': 't', 'у': 'u', 'ф': 'f', 'х': 'kh',
      'ц': 'ts', 'ч': 'ch', 'ш': 'sh', 'щ': 'shch', 'ъ': '', 'ы': 'y', 'ь': '', 'э': 'e', 'ю': 'iu',
      'я': 'ia', 'ў': 'u' };
    // The same folds as mapper.names.skeleton: spellings of one name meet on one key.
    var FOLDS = [['shch', 's'], ['sch', 's'], ['sh', 's'], ['ch', 'c'], ['zh', 'z'], ['kh', 'h'],
      ['tz', 'c'], ['ts', 'c'], ['x', 'ks'], ['w', 'v'], ['g', 'h'], ['ya', 'a'], ['ia', 'a'],
      ['ja', 'a'], ['yu', 'u'], ['iu', 'u'], ['ju', 'u'], ['ye', 'e'], ['ie', 'e'], ['je', 'e'],
      ['yo', 'e'], ['jo', 'e'], ['io', 'e'], ['yi', 'i'], ['iy', 'i'], ['ii', 'i'], ['yy', 'i'],
      ['y', 'i'], ['j', 'i']];
    var FOLD_RE = new RegExp(FOLDS.map(function (f) { return f[0]; }).join('|'), 'g');
    var FOLD_MAP = {}; FOLDS.forEach(function (f) { FOLD_MAP[f[0]] = f[1]; });
    // lowercase, no diacritics (й and ё keep their identity first)
    function plain(s) {
      return String(s).toLowerCase().replace(/й/g, '\u0001').replace(/ё/g, '\u0002').replace(/ї/g, '\u0003')
        .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
        .replace(/\u0001/g, 'й').replace(/\u0002/g, 'ё').replace(/\u0003/g, 'ї');
    }
    function latin(s) {
      var p = plain(s), out = '';
      for (var i = 0; i < p.length; i++) { var c = p[i]; out += CYR[c] != null ? CYR[c] : c; }
      return out.replace(/['’ʼ`]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();
    }
    function skeleton(s) {
      return latin(s).replace(/ /g, '').replace(FOLD_RE, function (m) { return FOLD_MAP[m]; })
        .replace(/([a-z])\1+/g, '$1');
    }

    // --- facilities ------------------------------------------------------------------------
    var typeCount = {}, terrCount = {}, ctxCount = {};
    FEATS.forEach(function (f) {
      var p = f.properties;
      typeCount[p.facility_type] = (typeCount[p.facility_type] || 0) + 1;
      terrCount[territory(p)] = (terrCount[territory(p)] || 0) + 1;
      ctxCount[p.context] = (ctxCount[p.context] || 0) + 1;
      var names = [p.name_en, p.name_uk, p.name_ru, p.settlement_en, p.settlement_local, p.id,
        C.regionNames[p.region_code]].concat(p.aliases || [], p.former_ids || []);
      f.plainKeys = names.filter(Boolean).map(plain);
      f.skelKeys = names.filter(Boolean).map(skeleton);
    });
    var hasCounts = C.counts.indexOf('testimonies') >= 0;
    // '' = all years
    var year = '';

    function countOf(p) {
      if (!hasCounts) return 0;
      return num(year ? p['testimonies_' + year] : p.testimonies);
    }
    function markerSize(p) {
      var n = countOf(p);
      return n > 0 ? Math.min(46, Math.round(16 + 4.2 * Math.sqrt(n))) : 16;
    }
    function shapeSvg(col, terr, prec, s) {
      var half = s / 2, r = half - 2.5;
      var fill, stroke, sw, dash = '', fop = 1;
      if (prec === 'exact') { fill = col; stroke = '#fff'; sw = 1.6; }
      else if (prec === 'settlement') { fill = '#fff'; stroke = col; sw = 3; fop = 0.9; }
      else { fill = '#fff'; stroke = col; sw = 2.4; dash = ' stroke-dasharray="3.2 2.2"'; fop = 0.55; }
      var attrs = ' fill="' + fill + '" fill-opacity="' + fop + '" stroke="' + stroke + '" stroke-width="' + sw + '"' + dash;
      var shape;
      if (terr === 'ru') shape = '<circle cx="' + half + '" cy="' + half + '" r="' + r + '"' + attrs + '/>';
      else if (terr === 'ua_occupied') {
        var q = r * 1.18;
        shape = '<path d="M' + half + ' ' + (half - q) + 'L' + (half + q) + ' ' + half + 'L' + half + ' ' +
          (half + q) + 'L' + (half - q) + ' ' + half + 'Z"' + attrs + '/>';
      } else {
        var a = r * 0.9;
        shape = '<rect x="' + (half - a) + '" y="' + (half - a) + '" width="' + 2 * a + '" height="' + 2 * a + '"' + attrs + '/>';
      }
      var halo = prec === 'exact' ? '' : '<circle cx="' + half + '" cy="' + half + '" r="' + (r + 1.2) +
        '" fill="none" stroke="#fff" stroke-opacity=".8" stroke-width="1.2"/>';
      // Only numbers and colours from the page's own config go into this markup.
      return '<svg xmlns="http://www.w3.org/2000/svg" width="' + s + '" height="' + s + '" viewBox="0 0 ' + s + ' ' + s + '" aria-hidden="true">' + halo + shape + '</svg>';
    }
    function iconFor(p) {
      var s = markerSize(p);
      return L.divIcon({ className: 'mf', html: shapeSvg(C.typeColours[p.facility_type] || '#555', territory(p), p.geocode_precision, s),
        iconSize: [s, s], iconAnchor: [s / 2, s / 2], popupAnchor: [0, -s / 2 + 2] });
    }

    // --- map and basemap -----------------------------------------------------------------
    var maxZoom = C.tiles ? C.tiles.maxZoom : 12;
    var map = L.map('map', { zoomControl: false, minZoom: 2, maxZoom: maxZoom, worldCopyJump: false,
      zoomSnap: 0.5 });
    map.attributionControl.addAttribution(escapeHtml(T.attribution));
    if (C.tiles) {
      L.tileLayer(C.tiles.url, { maxZoom: C.tiles.maxZoom, attribution: escapeHtml(C.tiles.attribution),
        referrerPolicy: 'no-referrer' }).addTo(map);
    }
    function pane(name, z) { map.createPane(name); map.getPane(name).style.zIndex = z; return name; }
    pane('base', 250); pane('choro', 300); pane('labels', 380); pane('flows', 420);
    var canvas = L.canvas({ pane: 'base', padding: 0.3 });

    function decode(str, f) {
      var pts = [], i = 0, x = 0, y = 0;
      while (i < str.length) {
        var r = 0, s = 0, b;
        do { b = str.charCodeAt(i++) - 63; r |= (b & 31) << s; s += 5; } while (b >= 32);
        x += (r & 1) ? ~(r >> 1) : (r >> 1);
        r = 0; s = 0;
        do { b = str.charCodeAt(i++) - 63; r |= (b & 31) << s; s += 5; } while (b >= 32);
        y += (r & 1) ? ~(r >> 1) : (r >> 1);
        pts.push([y / f, x / f]);
      }
      return pts;
    }
    function latlngs(rings) {
      return rings.map(function (poly) { return poly.map(function (r) { return decode(r, BM.factor); }); });
    }
    var BG = { RU: '#ece6da', UA: '#f7f3e3', other: '#f4f4f1' };
    var BORDER = { RU: '#8a7f70', UA: '#4f6f8f' };
    var tiled = !!C.tiles;
    BM.countries.forEach(function (c) {
      L.polygon(latlngs(c.rings), { renderer: canvas, interactive: false, stroke: true, color: '#c9c9c2',
        weight: 0.8, fillColor: BG.other, fillOpacity: tiled ? 0 : 1 }).addTo(map);
    });
    var regionShapes = {};
    // Country outlines without storing them: each country is drawn once with a thick stroke,
    // then its regions' fills cover the inner half of every stroke. Ukraine is drawn last so
    // its whole border (Crimea included) stays visible.
    BM.regions = BM.regions.map(function (r) { return { code: r[0], label: [r[1], r[2]], rings: r[3], country: r[0].slice(0, 2) }; });
    ['RU', 'UA'].forEach(function (country) {
      var regs = BM.regions.filter(function (r) { return r.country === country; });
      var all = [];
      regs.forEach(function (r) { r.ll = latlngs(r.rings); all = all.concat(r.ll); });
      L.polygon(all, { renderer: canvas, interactive: false, color: BORDER[country], weight: tiled ? 2 : 2.6,
        fill: false, opacity: 0.9 }).addTo(map);
      regs.forEach(function (r) {
        regionShapes[r.code] = L.polygon(r.ll, { renderer: canvas, interactive: false,
          color: tiled ? BORDER[country] : '#ffffff', weight: tiled ? 0.6 : 0.9, fillColor: BG[country],
          fillOpacity: tiled ? 0 : 1 }).addTo(map);
      });
    });

    // Labels: countries always, region names from zoom 6 (toggle in the filter panel).
    function labelMarker(ll, text, cls) {
      var span = h('span', { text: text });
      return L.marker(ll, { icon: L.divIcon({ className: 'lbl ' + cls, html: span, iconSize: null }),
        interactive: false, keyboard: false, pane: 'labels' });
    }
    var countryLabels = L.layerGroup().addTo(map);
    Object.keys(BM.borders).forEach(function (code) {
      var l = BM.borders[code].label;
      labelMarker([l[1], l[0]], lab('country_name', code), 'country ' + code.toLowerCase()).addTo(countryLabels);
    });
    BM.countries.forEach(function (c) {
      labelMarker([c.label[1], c.label[0]], lab('country_name', c.code), 'country').addTo(countryLabels);
    });
    var regionLabels = L.layerGroup();
    BM.regions.forEach(function (r) {
      labelMarker([r.label[1], r.label[0]], C.regionNames[r.code] || r.code, 'region').addTo(regionLabels);
    });
    var showRegionNames = true;
    function updateRegionLabels() {
      var want = showRegionNames && map.getZoom() >= 6;
      if (want && !map.hasLayer(regionLabels)) regionLabels.addTo(map);
      if (!want && map.hasLayer(regionLabels)) map.removeLayer(regionLabels);
    }
    map.on('zoomend', updateRegionLabels);

    // --- region choropleth -----------------------------------------------------------------
    var regionCodes = Object.keys(C.regionCounts);
    var choro = L.layerGroup();
    function choroColour(n) {
      var b = C.choropleth.breaks, c = C.choropleth.colours, k = -1;
      for (var i = 0; i < b.length; i++) if (n >= b[i]) k = i;
      return k < 0 ? null : c[k];
    }
    regionCodes.forEach(function (code) {
      var raw = C.regionCounts[code], n = num(raw), shape = regionShapes[code];
      var colour = choroColour(n);
      if (!shape || !colour) return;
      var poly = L.polygon(shape.getLatLngs(), { pane: 'choro', color: '#6a5a8a', weight: 0.6,
        fillColor: colour, fillOpacity: 0.65 });
      poly.bindTooltip(h('span', { text: fmt(T.region_tip, { region: C.regionNames[code] || code, n: raw }) }),
        { sticky: true });
      choro.addLayer(poly);
    });
    var hasChoro = choro.getLayers().length > 0;
    if (hasChoro) choro.addTo(map);

    // --- markers ---------------------------------------------------------------------------
    var byId = {};
    var clusters = L.markerClusterGroup({
      maxClusterRadius: function (z) { return z >= 9 ? 18 : 30; },
      spiderfyOnMaxZoom: true, showCoverageOnHover: false, zoomToBoundsOnClick: true,
      animate: false,  // clusters split at once: a deep link can open its popup without waiting
      spiderfyDistanceMultiplier: 1.6,
      iconCreateFunction: function (cluster) {
        var ms = cluster.getAllChildMarkers(), n = ms.length, per = {};
        ms.forEach(function (m) { var t = m.feature.properties.facility_type; per[t] = (per[t] || 0) + 1; });
        var stops = [], acc = 0;
        C.types.forEach(function (t) {
          if (!per[t]) return;
          var a = acc / n * 100; acc += per[t];
          stops.push(C.typeColours[t] + ' ' + a.toFixed(1) + '% ' + (acc / n * 100).toFixed(1) + '%');
        });
        var s = Math.round(26 + 5 * Math.log(n) / Math.LN2);
        var html = '<div style="background:conic-gradient(' + stops.join(',') + ')" role="img" aria-label="' +
          escapeHtml(fmt(T.facilities_n, { n: n })) + '"><span data-count="' + n + '">' + n + '</span></div>';
        return L.divIcon({ className: 'mc', html: html, iconSize: [s, s] });
      }
    });
    FEATS.forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      var m = L.marker([c[1], c[0]], { icon: iconFor(p), title: nameOf(p), alt: nameOf(p), keyboard: true,
        riseOnHover: true });
      m.feature = f;
      m.bindPopup(function () { return popupContent(f); }, { maxWidth: 340, minWidth: 240, autoPanPaddingTopLeft: [20, 140], autoPanPaddingBottomRight: [20, 20] });
      m.on('add', function () { var e = m.getElement(); if (e) e.setAttribute('data-id', p.id); });
      f.marker = m;
      byId[p.id] = f;
      (p.former_ids || []).forEach(function (old) { if (!byId[old]) byId[old] = f; });
    });
    map.addLayer(clusters);

    // --- popup -------------------------------------------------------------------------------
    function linkFor(id) { return location.href.split('#')[0] + '#id=' + encodeURIComponent(id); }
    function row(dl, key, value) {
      if (value == null || value === '') return;
      dl.appendChild(h('dt', { text: key })); dl.appendChild(h('dd', null, value));
    }
    function popupContent(f) {
      var p = f.properties, box = h('div', { cls: 'mp', 'data-id': p.id });
      box.appendChild(h('h3', { text: nameOf(p) }));
      var names = h('p', { cls: 'names', 'aria-label': T.names });
      [['uk', 'УКР'], ['en', 'EN'], ['ru', 'РУС']].forEach(function (l) {
        var v = p['name_' + l[0]];
        if (v) names.appendChild(h('span', { lang: l[0] }, h('b', { text: l[1] }), ' ', v));
      });
      box.appendChild(names);
      var dl = h('dl');
      if (p.aliases && p.aliases.length) row(dl, T.aliases, p.aliases.join('; '));
      row(dl, T.type, lab('facility_type', p.facility_type));
      row(dl, T.territory, lab('territory_name', territory(p)));
      row(dl, T.region, regionName(p));
      var settl = [p.settlement_en, p.settlement_local].filter(Boolean);
      if (settl.length === 2 && settl[0] === settl[1]) settl.pop();
      row(dl, T.settlement, settl.join(' / '));
      row(dl, T.address, p.address);
      if (p.geocode_precision) {
        row(dl, T.precision, lab('precision_name', p.geocode_precision) + ': ' + lab('precision_help', p.geocode_precision));
      }
      row(dl, T.point_source, p.geocode_source);
      row(dl, T.detainees, p.reported_detainees ? lab('detainees_name', p.reported_detainees) : null);
      row(dl, T.context, p.context ? lab('context_name', p.context) : null);
      if (p.first_reported || p.last_reported) {
        row(dl, T.reported, (p.first_reported || '…') + ' – ' + (p.last_reported || '…'));
      }
      box.appendChild(dl);
      if (hasCounts) {
        box.appendChild(h('h4', { text: T.testimonies + ': ' + (p.testimonies != null ? p.testimonies : 0) }));
        var tb = h('tbody');
        C.counts.forEach(function (k) {
          if (k === 'testimonies' || /_\d{4}$/.test(k)) return;
          if (p[k] == null) return;
          tb.appendChild(h('tr', null, h('td', { text: lab('category', k) }), h('td', { text: String(p[k]) })));
        });
        var years = C.counts.filter(function (k) { return /_\d{4}$/.test(k) && p[k] != null && num(p[k]) > 0; });
        years.forEach(function (k) {
          tb.appendChild(h('tr', null, h('td', { text: k.slice(-4) }), h('td', { text: String(p[k]) })));
        });
        if (tb.childNodes.length) box.appendChild(h('table', { cls: 'counts' }, tb));
        if (C.public) box.appendChild(h('p', { cls: 'mapper-note', text: fmt(T.banner_public, { threshold: C.threshold }) }));
      }
      if (p.sources && p.sources.length) {
        box.appendChild(h('h4', { text: T.sources }));
        var ol = h('ol');
        p.sources.forEach(function (s) {
          var url = String(s.url || ''), li = h('li');
          if (/^https?:\/\//i.test(url)) {
            var a = h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: url });
            li.appendChild(a);
          } else {
            li.appendChild(document.createTextNode(url));
          }
          if (s.date) li.appendChild(document.createTextNode(' (' + s.date + ')'));
          ol.appendChild(li);
        });
        box.appendChild(ol);
      }
      if (p.notes) box.appendChild(h('div', { cls: 'notes' }, h('b', { text: T.notes }), h('br'), p.notes));
      var input = h('input', { type: 'text', readonly: 'readonly', 'aria-label': T.link, value: linkFor(p.id) });
      var btn = h('button', { type: 'button', text: T.copy, on: { click: function () {
        input.select();
        var done = function () { btn.textContent = T.copied; };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand('copy'); done(); });
        } else { document.execCommand('copy'); done(); }
      } } });
      box.appendChild(h('div', { cls: 'link' }, input, btn));
      return box;
    }
    map.on('popupopen', function (e) {
      var f = e.popup._source && e.popup._source.feature;
      if (f && f.properties) {
        try { history.replaceState(null, '', '#id=' + encodeURIComponent(f.properties.id)); } catch (err) { /* sandboxed */ }
      }
    });

    // --- filters -------------------------------------------------------------------------------
    var on = { type: {}, terr: {}, ctx: {} };
    Object.keys(typeCount).forEach(function (k) { on.type[k] = true; });
    Object.keys(terrCount).forEach(function (k) { on.terr[k] = true; });
    Object.keys(ctxCount).forEach(function (k) { on.ctx[k] = true; });
    function activeInYear(p) {
      if (!year) return true;
      if (num(p['testimonies_' + year]) > 0) return true;
      var a = p.first_reported ? +String(p.first_reported).slice(0, 4) : null;
      var b = p.last_reported ? +String(p.last_reported).slice(0, 4) : null;
      if (a == null && b == null) return false;
      return (a == null || a <= +year) && (b == null || b >= +year);
    }
    function visible(f) {
      var p = f.properties;
      return on.type[p.facility_type] && on.terr[territory(p)] && on.ctx[p.context] && activeInYear(p);
    }
    var shown = FEATS.slice();
    var statusEl = h('div', { cls: 'mapper-status', role: 'status', 'aria-live': 'polite' });
    function applyFilters(restyle) {
      shown = FEATS.filter(visible);
      if (restyle) FEATS.forEach(function (f) { f.marker.setIcon(iconFor(f.properties)); });
      clusters.clearLayers();
      clusters.addLayers(shown.map(function (f) { return f.marker; }));
      statusEl.textContent = fmt(T.showing, { n: shown.length, total: FEATS.length });
      drawFlows();
      renderTable();
    }

    // --- transfer flows ------------------------------------------------------------------------
    var flowLayer = L.layerGroup();
    var showFlows = C.flows.length > 0;
    function drawFlows() {
      flowLayer.clearLayers();
      // arrowheads need a map view: drawn again once the view is set (zoomend)
      if (!C.flows.length || !map._loaded) return;
      var vis = {};
      shown.forEach(function (f) { vis[f.properties.id] = f; });
      var max = 1;
      C.flows.forEach(function (r) { max = Math.max(max, num(r[2])); });
      C.flows.forEach(function (r) {
        var a = vis[r[0]], b = vis[r[1]];
        if (!a || !b) return;
        var p0 = a.geometry.coordinates, p1 = b.geometry.coordinates;
        var dx = p1[0] - p0[0], dy = p1[1] - p0[1];
        if (dx === 0 && dy === 0) return;
        // Quadratic curve bending to the right of the direction of travel, so A→B and B→A
        // are separate lines; an arrowhead marks the destination.
        var cx = (p0[0] + p1[0]) / 2 + dy * 0.2, cy = (p0[1] + p1[1]) / 2 - dx * 0.2, pts = [];
        for (var i = 0; i <= 24; i++) {
          var t = i / 24, u = 1 - t;
          pts.push([u * u * p0[1] + 2 * u * t * cy + t * t * p1[1], u * u * p0[0] + 2 * u * t * cx + t * t * p1[0]]);
        }
        var n = num(r[2]), w = 1 + 1.3 * Math.log(1 + n) / Math.LN2;
        var tip = h('span', { text: fmt(T.flow_tip, { from: nameOf(a.properties), to: nameOf(b.properties), n: r[2] }) });
        var line = L.polyline(pts, { pane: 'flows', color: '#7a2e1d', weight: w, opacity: 0.45 });
        line.bindTooltip(tip, { sticky: true });
        flowLayer.addLayer(line);
        // arrowhead in screen pixels (redrawn on zoom), just before the destination
        var tip = map.latLngToLayerPoint(pts[pts.length - 3]), back = map.latLngToLayerPoint(pts[pts.length - 5]);
        var ang = Math.atan2(tip.y - back.y, tip.x - back.x), len = 7 + 1.5 * w;
        var head = [tip, L.point(tip.x - len * Math.cos(ang - 0.45), tip.y - len * Math.sin(ang - 0.45)),
          L.point(tip.x - len * Math.cos(ang + 0.45), tip.y - len * Math.sin(ang + 0.45))].map(function (q) { return map.layerPointToLatLng(q); });
        flowLayer.addLayer(L.polygon(head, { pane: 'flows', color: '#7a2e1d', weight: 1, fillOpacity: 0.75, interactive: false }));
      });
    }
    if (showFlows) flowLayer.addTo(map);
    map.on('zoomend', function () { if (C.flows.length) drawFlows(); });

    // --- controls ------------------------------------------------------------------------------
    function control(position, build) {
      var Ctl = L.Control.extend({ onAdd: function () {
        var d = build();
        L.DomEvent.disableClickPropagation(d); L.DomEvent.disableScrollPropagation(d);
        return d;
      } });
      return new Ctl({ position: position }).addTo(map);
    }
    var size0 = map.getSize(), narrow = size0.x < 900;
    var filtersOpen = size0.x >= 1100 && size0.y >= 700, legendOpen = size0.x >= 1100 && size0.y >= 900;

    // Title, counts and search (top left).
    var results = h('ul', { cls: 'mapper-results', id: 'mapper-results' });
    var searchInput = h('input', { type: 'search', id: 'mapper-search', placeholder: T.search_placeholder,
      'aria-label': T.search, 'aria-controls': 'mapper-results', autocomplete: 'off', spellcheck: 'false' });
    function search(q) {
      var pq = plain(q).trim(), sq = skeleton(q);
      if (!pq) return [];
      var scored = [];
      FEATS.forEach(function (f) {
        var best = 0;
        f.plainKeys.forEach(function (k) { var i = k.indexOf(pq); if (i === 0) best = Math.max(best, 3); else if (i > 0) best = Math.max(best, 2); });
        if (sq.length >= 2) f.skelKeys.forEach(function (k) { if (k.indexOf(sq) >= 0) best = Math.max(best, 1); });
        if (best) scored.push([best, nameOf(f.properties), f]);
      });
      scored.sort(function (a, b) { return b[0] - a[0] || a[1].localeCompare(b[1]); });
      return scored.map(function (s) { return s[2]; });
    }
    function showResults() {
      results.textContent = '';
      var q = searchInput.value;
      if (!q.trim()) return;
      var found = search(q);
      if (!found.length) { results.appendChild(h('li', { cls: 'mapper-note', text: T.search_none })); return; }
      found.slice(0, 30).forEach(function (f) {
        var p = f.properties;
        var where = [p['settlement_' + (C.lang === 'en' ? 'en' : 'local')] || p.settlement_en, regionName(p)].filter(Boolean).join(', ');
        results.appendChild(h('li', null, h('button', { type: 'button', 'data-id': p.id,
          on: { click: function () { focusFacility(p.id); } } }, nameOf(p), h('br'), h('small', { text: where }))));
      });
    }
    searchInput.addEventListener('input', showResults);
    searchInput.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { var b = results.querySelector('button'); if (b) b.click(); }
      if (e.key === 'ArrowDown') { var f = results.querySelector('button'); if (f) { f.focus(); e.preventDefault(); } }
    });
    results.addEventListener('keydown', function (e) {
      var t = e.target; if (t.tagName !== 'BUTTON') return;
      var li = t.parentNode;
      if (e.key === 'ArrowDown' && li.nextSibling) { li.nextSibling.firstChild.focus(); e.preventDefault(); }
      if (e.key === 'ArrowUp') { (li.previousSibling ? li.previousSibling.firstChild : searchInput).focus(); e.preventDefault(); }
    });
    var nRU = terrCount.ru || 0, nUA = terrCount.ua_occupied || 0;
    var sub = fmt(T.facilities_n, { n: FEATS.length }) + ' · ' + lab('territory_name', 'ru') + ' ' + nRU +
      ' · ' + lab('territory_name', 'ua_occupied') + ' ' + nUA;
    control('topleft', function () {
      return h('div', { cls: 'mapper-panel leaflet-control mapper-title' },
        h('h1', { text: C.title }), h('p', { cls: 'mapper-sub', text: sub }),
        h('div', { cls: 'mapper-search', role: 'search' }, searchInput, results));
    });

    L.control.zoom({ position: 'topright' }).addTo(map);
    control('topright', function () {
      var b = h('button', { type: 'button', cls: 'mapper-btn', title: T.fullscreen, 'aria-label': T.fullscreen });
      var icon = svgEl('svg', { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': 'true' });
      icon.appendChild(svgEl('path', { d: 'M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5', fill: 'none', stroke: '#222', 'stroke-width': 2 }));
      b.appendChild(icon);
      b.addEventListener('click', function () {
        var el = document.getElementById('map');
        if (document.fullscreenElement) document.exitFullscreen();
        else if (el.requestFullscreen) el.requestFullscreen();
      });
      document.addEventListener('fullscreenchange', function () { map.invalidateSize(); });
      return h('div', { cls: 'leaflet-bar leaflet-control' }, b);
    });

    // Filters and layers (top right).
    function swatch(type) { return h('span', { cls: 'sw', style: 'background:' + C.typeColours[type] }); }
    function checkbox(group, key, text, count, extra) {
      var cb = h('input', { type: 'checkbox', 'data-group': group, 'data-key': key });
      cb.checked = true;
      cb.addEventListener('change', function () { on[group][key] = cb.checked; applyFilters(false); });
      return h('label', null, cb, extra || null, text, h('span', { cls: 'n', text: String(count) }));
    }
    var filterBox;
    control('topright', function () {
      var details = h('details', { cls: 'mapper-panel leaflet-control mapper-filters' });
      if (filtersOpen) details.open = true;
      details.appendChild(h('summary', { text: T.filters }));
      var fsType = h('fieldset', null, h('legend', { text: T.type }));
      C.types.forEach(function (t) { if (typeCount[t]) fsType.appendChild(checkbox('type', t, lab('facility_type', t), typeCount[t], swatch(t))); });
      var fsTerr = h('fieldset', null, h('legend', { text: T.territory }));
      ['ru', 'ua_occupied', 'ua'].forEach(function (t) {
        if (!terrCount[t]) return;
        var icon = h('span', { cls: 'shape' }); icon.appendChild(legendIcon('#666', t, 'exact', 14));
        fsTerr.appendChild(checkbox('terr', t, lab('territory_name', t), terrCount[t], icon));
      });
      var fsCtx = h('fieldset', null, h('legend', { text: T.context }));
      C.contexts.forEach(function (c) { if (ctxCount[c]) fsCtx.appendChild(checkbox('ctx', c, lab('context_name', c), ctxCount[c])); });
      details.appendChild(fsType); details.appendChild(fsTerr); details.appendChild(fsCtx);
      if (C.years.length) {
        var sel = h('select', { id: 'mapper-year', 'aria-label': T.year });
        sel.appendChild(h('option', { value: '', text: T.all_years }));
        C.years.forEach(function (y) { sel.appendChild(h('option', { value: String(y), text: String(y) })); });
        sel.addEventListener('change', function () { year = sel.value; applyFilters(true); });
        details.appendChild(h('fieldset', null, h('legend', { text: T.year }), sel, h('p', { cls: 'mapper-note', text: T.year_note })));
      }
      var fsLayers = h('fieldset', null, h('legend', { text: T.layers }));
      function layerToggle(text, checked, fn) {
        var cb = h('input', { type: 'checkbox' }); cb.checked = checked;
        cb.addEventListener('change', function () { fn(cb.checked); });
        fsLayers.appendChild(h('label', null, cb, text));
      }
      if (hasChoro) layerToggle(T.layer_choropleth, true, function (v) { if (v) choro.addTo(map); else map.removeLayer(choro); });
      if (C.flows.length) layerToggle(T.layer_flows, true, function (v) { if (v) flowLayer.addTo(map); else map.removeLayer(flowLayer); });
      layerToggle(T.layer_region_names, true, function (v) { showRegionNames = v; updateRegionLabels(); });
      details.appendChild(fsLayers);
      var reset = h('button', { type: 'button', text: T.reset });
      reset.addEventListener('click', function () {
        details.querySelectorAll('input[data-group]').forEach(function (cb) { cb.checked = true; on[cb.dataset.group][cb.dataset.key] = true; });
        var sel = document.getElementById('mapper-year'); if (sel) sel.value = '';
        year = ''; applyFilters(true);
      });
      details.appendChild(h('div', null, statusEl, reset));
      filterBox = details;
      return details;
    });

    // Legend (bottom right).
    function legendIcon(colour, terr, prec, s) {
      var span = h('span', { cls: 'shape' });
      var tmp = document.createElement('template');
      // numbers and colours only
      tmp.innerHTML = shapeSvg(colour, terr, prec, s);
      span.appendChild(tmp.content.firstChild);
      return span;
    }
    L.control.scale({ position: 'bottomleft', imperial: false, maxWidth: 140 }).addTo(map);
    control('bottomleft', function () {
      var d = h('details', { cls: 'mapper-panel leaflet-control mapper-legend' });
      if (legendOpen) d.open = true;
      d.appendChild(h('summary', { text: T.legend }));
      var ul = h('ul');
      C.types.forEach(function (t) { if (typeCount[t]) ul.appendChild(h('li', null, swatch(t), lab('facility_type', t))); });
      d.appendChild(h('h3', { text: T.type })); d.appendChild(ul);
      ul = h('ul');
      ['ru', 'ua_occupied', 'ua'].forEach(function (t) { if (terrCount[t]) ul.appendChild(h('li', null, legendIcon('#666', t, 'exact', 14), lab('territory_name', t))); });
      d.appendChild(h('h3', { text: T.shape })); d.appendChild(ul);
      ul = h('ul');
      C.precisions.forEach(function (p) {
        ul.appendChild(h('li', null, legendIcon('#0072B2', 'ru', p, 16),
          h('span', null, h('b', { text: lab('precision_name', p) + ': ' }), lab('precision_help', p))));
      });
      d.appendChild(h('h3', { text: T.precision })); d.appendChild(ul);
      if (hasCounts) {
        ul = h('ul', { cls: 'sizes' });
        [1, 10, 50].forEach(function (n) {
          var s = Math.min(46, Math.round(16 + 4.2 * Math.sqrt(n)));
          ul.appendChild(h('li', null, legendIcon('#888', 'ru', 'exact', s), String(n)));
        });
        d.appendChild(h('h3', { text: T.size })); d.appendChild(ul);
      }
      if (hasChoro) {
        ul = h('ul');
        var b = C.choropleth.breaks;
        b.forEach(function (lo, i) {
          var hi = i + 1 < b.length ? '–' + (b[i + 1] - 1) : '+';
          ul.appendChild(h('li', null, h('span', { cls: 'box', style: 'background:' + C.choropleth.colours[i] }), lo + hi));
        });
        d.appendChild(h('h3', { text: T.layer_choropleth })); d.appendChild(ul);
      }
      if (C.flows.length) {
        d.appendChild(h('h3', { text: T.layer_flows }));
        d.appendChild(h('p', { cls: 'mapper-note', text: T.flows_legend }));
      }
      d.appendChild(h('p', { cls: 'mapper-note', text: T.cluster }));
      return d;
    });

    // Banners: synthetic data, public build, third-party tiles.
    var banners = h('div', { cls: 'mapper-banners' });
    if (C.synthetic) banners.appendChild(h('div', { cls: 'mapper-banner synthetic', role: 'alert', text: T.banner_synthetic }));
    if (C.public) banners.appendChild(h('div', { cls: 'mapper-banner public', role: 'note', text: fmt(T.banner_public, { threshold: C.threshold }) }));
    if (C.tiles) banners.appendChild(h('div', { cls: 'mapper-banner tiles', role: 'note', text: fmt(T.banner_tiles, { provider: C.tiles.provider }) }));
    if (banners.childNodes.length) document.getElementById('map').appendChild(banners);

    // --- accessible table --------------------------------------------------------------------
    // Long tables are cut at TABLE_ROWS rows (a button shows the rest): 10,000 rows would
    // cost seconds of layout before anyone scrolls down.
    var sortKey = 'name', sortDir = 1, TABLE_ROWS = 1000, tableAll = false;
    var collator = new Intl.Collator(C.lang, { numeric: true, sensitivity: 'base' });
    var columns = [
      ['name', T.name, function (p) { return nameOf(p); }],
      ['type', T.type, function (p) { return lab('facility_type', p.facility_type); }],
      ['territory', T.territory, function (p) { return lab('territory_name', territory(p)); }],
      ['region', T.region, regionName],
      ['settlement', T.settlement, function (p) { return p['settlement_' + (C.lang === 'en' ? 'en' : 'local')] || p.settlement_en || ''; }],
      ['precision', T.precision, function (p) { return lab('precision_name', p.geocode_precision); }],
      ['context', T.context, function (p) { return lab('context_name', p.context); }]
    ];
    if (hasCounts) {
      columns.push(['testimonies', T.testimonies, function (p) {
        var v = year ? p['testimonies_' + year] : p.testimonies;
        return v == null ? 0 : v;
      }, true]);
    }
    function renderTable() {
      var host = document.getElementById('mapper-table-body');
      var col = columns.filter(function (c) { return c[0] === sortKey; })[0] || columns[0];
      var rows = shown.slice().sort(function (a, b) {
        var va = col[2](a.properties), vb = col[2](b.properties);
        var r = col[3] ? num(va) - num(vb) : collator.compare(String(va || ''), String(vb || ''));
        return r * sortDir || collator.compare(nameOf(a.properties), nameOf(b.properties));
      });
      var table = h('table');
      table.appendChild(h('caption', { text: T.table_caption + ' ' + fmt(T.showing, { n: shown.length, total: FEATS.length }) + (year ? ' (' + T.year + ': ' + year + ')' : '') }));
      var tr = h('tr');
      columns.forEach(function (c) {
        var th = h('th', { scope: 'col' });
        th.setAttribute('aria-sort', c[0] === sortKey ? (sortDir > 0 ? 'ascending' : 'descending') : 'none');
        th.appendChild(h('button', { type: 'button', 'data-sort': c[0], text: c[1], on: { click: function () {
          if (sortKey === c[0]) sortDir = -sortDir; else { sortKey = c[0]; sortDir = 1; }
          renderTable();
          var again = host.querySelector('button[data-sort="' + c[0] + '"]'); if (again) again.focus();
        } } }));
        tr.appendChild(th);
      });
      tr.appendChild(h('th', { scope: 'col', text: T.show_on_map }));
      table.appendChild(h('thead', null, tr));
      var tb = h('tbody'), more = null;
      if (!tableAll && rows.length > TABLE_ROWS) {
        more = h('button', { type: 'button', text: fmt(T.table_more, { n: rows.length }), on: { click: function () {
          tableAll = true; renderTable();
        } } });
        rows = rows.slice(0, TABLE_ROWS);
      }
      rows.forEach(function (f) {
        var p = f.properties, r = h('tr', { 'data-id': p.id });
        columns.forEach(function (c, i) {
          var v = c[2](p);
          r.appendChild(h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, cls: c[3] ? 'num' : null, text: v == null ? '' : String(v) }));
        });
        r.appendChild(h('td', null, h('button', { type: 'button', cls: 'show', text: T.show_on_map,
          'aria-label': T.show_on_map + ': ' + nameOf(p), on: { click: function () {
            document.getElementById('map').scrollIntoView(); focusFacility(p.id);
          } } })));
        tb.appendChild(r);
      });
      table.appendChild(tb);
      host.textContent = '';
      host.appendChild(table);
      if (more) host.appendChild(more);
    }

    // --- deep links ----------------------------------------------------------------------------
    function focusFacility(id) {
      var f = byId[id];
      if (!f) return false;
      // a link must always work: show everything again
      if (!visible(f)) {
        Object.keys(on).forEach(function (g) { Object.keys(on[g]).forEach(function (k) { on[g][k] = true; }); });
        if (filterBox) filterBox.querySelectorAll('input[data-group]').forEach(function (cb) { cb.checked = true; });
        year = ''; var sel = document.getElementById('mapper-year'); if (sel) sel.value = '';
        applyFilters(true);
      }
      var c = f.geometry.coordinates;
      map.setView([c[1], c[0]], Math.max(map.getZoom(), Math.min(8, maxZoom)), { animate: false });
      showMarker(f.marker);
      return true;
    }
    // Zoom in on a marker until it leaves its cluster, then open its popup; markers sharing one
    // point stay clustered at the last zoom, so that cluster is spread out (spiderfied) instead.
    // (markercluster's zoomToShowLayer can miss its callback when nothing animates.)
    function showMarker(marker) {
      var parent = clusters.getVisibleParent(marker);
      while (parent && parent !== marker && map.getZoom() < map.getMaxZoom()) {
        map.setView(marker.getLatLng(), map.getZoom() + 1, { animate: false });
        parent = clusters.getVisibleParent(marker);
      }
      if (parent === marker || !parent) { marker.openPopup(); return; }
      clusters.once('spiderfied', function () { marker.openPopup(); });
      parent.spiderfy();
    }
    function fromHash() {
      var m = /[#&]id=([^&]+)/.exec(location.hash);
      if (m) { try { return focusFacility(decodeURIComponent(m[1])); } catch (e) { return false; } }
      return false;
    }
    window.addEventListener('hashchange', fromHash);

    // --- start ---------------------------------------------------------------------------------
    applyFilters(false);
    var pts = FEATS.map(function (f) { return [f.geometry.coordinates[1], f.geometry.coordinates[0]]; });
    if (pts.length) {
      map.fitBounds(L.latLngBounds(pts).pad(0.05), { maxZoom: 7, animate: false,
        paddingTopLeft: [legendOpen ? 330 : 30, narrow ? 160 : 130], paddingBottomRight: [filtersOpen ? 340 : 40, 30] });
    }
    else map.setView([55, 45], 4);
    updateRegionLabels();
    fromHash();

    // A small, read-only handle for the browser tests and for scripts.
    window.mapperTest = {
      ready: true,
      features: FEATS.length,
      ids: function () { return FEATS.map(function (f) { return f.properties.id; }); },
      shownIds: function () { return shown.map(function (f) { return f.properties.id; }); },
      markersInLayer: function () { return clusters.getLayers().length; },
      search: function (q) { return search(q).map(function (f) { return f.properties.id; }); },
      focus: focusFacility,
      map: map,
      clusters: clusters
    };
  }
}());

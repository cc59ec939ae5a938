/* mapper webmap · layers: the Leaflet map, the offline basemap, the choropleth, facility
 * markers (clustered points; region-level facilities in region badges, never as points),
 * transfer flows and the facility popup. Everything reads the app object `A` (app.js). */
var MapperLayers = (function (U, D) {
  'use strict';
  var h = D.h;
  //: Flows are drawn up to this zoom: beyond it an arc runs off the screen and reads as a
  //: straight line through unrelated places, so the layer hides and says so.
  var FLOW_MAX_ZOOM = 7;
  //: Clusters, markers and badges are on the page within this much of the view around.
  var ICON_PAD = 0.3;

  // The basemap's canvas, redrawn only when the view leaves its drawn area or the zoom changes
  // (after a pan: over several frames), shown as a PNG copy in an <img>; pointer events on it
  // go to the canvas. Why: bench/README.md
  var REST = /^translate3d\(([-\d.e]+px), ([-\d.e]+px), 0px\)( scale\(1\))?$/;
  var StillCanvas = L.Canvas.extend({
    options: { still: true, sliceMs: 8 },
    onAdd: function () {
      L.Canvas.prototype.onAdd.call(this);
      L.DomEvent.on(window, 'beforeprint afterprint', function (e) {
        this._printing = e.type === 'beforeprint';
        this._drawn = null;  // the next update redraws: with the sea for print, without after
        if (this._slicing) this._draw();
      }, this);
    },
    // In print the offline basemap (still: no tiles beneath) is filled with the map's
    // background, the sea, first: Chromium prints a canvas's transparent pixels white.
    _clear: function () {
      L.Canvas.prototype._clear.call(this);
      if (!this._printing || !this.options.still) return;
      var ctx = this._ctx, b = this._redrawBounds, c = this._container;
      ctx.save();
      ctx.fillStyle = getComputedStyle(this._map.getContainer()).backgroundColor;
      if (b) ctx.fillRect(b.min.x, b.min.y, b.max.x - b.min.x, b.max.y - b.min.y);
      else { ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.fillRect(0, 0, c.width, c.height); }
      ctx.restore();
    },
    _update: function () {
      var map = this._map;
      if (this._drawn && !map._animatingZoom && this._drawnZoom === map.getZoom()) {
        var min = map.containerPointToLayerPoint([0, 0]), view = L.bounds(min, min.add(map.getSize()));
        if (this._drawn.contains(view)) return;
        this._sliced = !this._printing;
      }
      L.Canvas.prototype._update.call(this);  // calls _updatePaths
      this._sliced = false;
      this._drawn = this._bounds;
      this._drawnZoom = map.getZoom();
    },
    _updatePaths: function () {
      if (!this._sliced || this._postponeUpdatePaths) return L.Canvas.prototype._updatePaths.call(this);
      var self = this, v = ++this._version, order = this._drawFirst, img = this._still;
      L.Util.cancelAnimFrame(this._redrawRequest);
      this._redrawRequest = this._redrawBounds = null;
      this._show(img && img.version === v - 1 && img.style.display !== 'none');
      function slice() {  // Leaflet's _updatePaths + _draw, shape by shape
        if (v !== self._version || !self._map) return;
        var ctx = self._ctx, end = performance.now() + self.options.sliceMs;
        ctx.save();
        self._drawing = true;
        while (order && performance.now() < end) {
          order.layer._update();
          order = order.next;
          ctx.getImageData(0, 0, 1, 1);  // rasterised now, in this slice
        }
        self._drawing = false;
        ctx.restore();
        self._slicing = order && L.Util.requestAnimFrame(slice);
        if (!order) { self._show(false); self._snap(); }
      }
      this._slicing = L.Util.requestAnimFrame(slice);
    },
    _updateTransform: function (center, zoom) {
      L.Canvas.prototype._updateTransform.call(this, center, zoom);
      this._place();
    },
    _draw: function () {
      if (this._slicing) { this._slicing = null; return L.Canvas.prototype._updatePaths.call(this); }
      this._version = (this._version || 0) + 1;  // a copy being made is out of date
      this._show(false);
      L.Canvas.prototype._draw.call(this);
      this._snap();
    },
    _destroyContainer: function () {
      L.DomUtil.remove(this._still);
      this._still = null;
      L.Canvas.prototype._destroyContainer.call(this);
    },
    _show: function (still) {
      if (this._container) this._container.style.display = still ? 'none' : '';
      if (this._still) this._still.style.display = still ? '' : 'none';
    },
    // the copy at the canvas's place (2D translate), or the canvas while it is scaled (zoom)
    _place: function () {
      var img = this._still, m = this._container && REST.exec(this._container.style.transform);
      if (!img || !img.src) return;
      if (m) img.style.transform = 'translate(' + m[1] + ',' + m[2] + ')';
      if (!m || img.version !== this._version) this._show(false);
    },
    _snap: function () {
      var self = this, canvas = this._container, version = this._version;
      if (!this.options.still || !canvas || !canvas.toBlob || !window.FileReader || !canvas.width) return;
      canvas.toBlob(function (blob) {
        if (!blob || version !== self._version) return;
        var reader = new FileReader();
        reader.onload = function () {
          var pic = new Image();
          pic.src = reader.result;
          pic.decode().then(function () {
            if (version !== self._version || !canvas.parentNode) return;
            var img = self._still;
            if (!img) {
              img = self._still = L.DomUtil.create('img', 'mapper-still');
              img.alt = '';
              img.draggable = false;
              img._leaflet_disable_events = true;
              L.DomEvent.on(img, 'mousemove', self._onMouseMove, self);
              L.DomEvent.on(img, 'click dblclick mousedown mouseup contextmenu', self._onClick, self);
              L.DomEvent.on(img, 'mouseout', self._handleMouseOut, self);
            }
            img.src = pic.src;
            img.version = version;
            img.style.width = canvas.style.width;
            img.style.height = canvas.style.height;
            if (img.parentNode !== canvas.parentNode) canvas.parentNode.insertBefore(img, canvas);
            if (REST.test(canvas.style.transform)) { self._show(true); self._place(); }
          }, function () { /* the canvas stays */ });
        };
        reader.readAsDataURL(blob);
      });
    }
  });

  // Pan animations step the map pane by whole pixels, the last step exact (bench/README.md)
  var runFrame = L.PosAnimation.prototype._runFrame;
  L.PosAnimation.include({ _runFrame: function (p, round) { return runFrame.call(this, p, round || p < 1); } });

  // Icons in ONE compositing layer, not ~350 (bench/README.md, "Map rendering"): a big empty
  // box below them to merge into (Chromium's layer "sparsity" rule), 2D translates.
  L.Marker.include({
    _setPos: function (pos) {
      if (this._icon) { this._icon._leaflet_pos = pos; this._icon.style.transform = 'translate(' + pos.x + 'px,' + pos.y + 'px)'; }
      if (this._shadow) { this._shadow._leaflet_pos = pos; this._shadow.style.transform = 'translate(' + pos.x + 'px,' + pos.y + 'px)'; }
      this._zIndex = pos.y + this.options.zIndexOffset;
      this._resetZIndex();
    }
  });
  function oneLayer(map, panes) {
    var boxes = panes.map(function (p) {
      map.createPane(p[0]).style.zIndex = p[1];
      var pane = map.getPane(p[0]);
      pane.setAttribute('aria-hidden', 'true');
      return L.DomUtil.create('div', 'mapper-sink', pane);
    }), at = null;
    // 7 views; moved only near its edge or on zoom (a move repaints the whole layer)
    function place(e) {
      var size = map.getSize(), min = map.containerPointToLayerPoint([0, 0]);
      if (at && !(e && e.type !== 'moveend') && L.bounds(at, at.add(size.multiplyBy(7))).contains(
        L.bounds(min.subtract(size), min.add(size.multiplyBy(2))))) return;
      at = min.subtract(size.multiplyBy(3)).round();
      boxes.forEach(function (b) {
        b.style.left = at.x + 'px'; b.style.top = at.y + 'px';
        b.style.width = 7 * size.x + 'px'; b.style.height = 7 * size.y + 'px';
      });
    }
    map.on('moveend zoomend viewreset resize', place);
    map.whenReady(place);
  }

  function createMap(A) {
    var C = A.C, still = A.reducedMotion;
    var map = L.map('map', { zoomControl: false, minZoom: 2, maxZoom: C.tiles ? C.tiles.maxZoom : 12,
      worldCopyJump: false, zoomSnap: 0.5, zoomAnimation: !still, fadeAnimation: !still,
      markerZoomAnimation: !still, inertia: !still });
    map.attributionControl.addAttribution(U.escapeHtml(A.T.attribution));
    if (C.tiles) {
      L.tileLayer(C.tiles.url, { maxZoom: C.tiles.maxZoom, attribution: U.escapeHtml(C.tiles.attribution),
        referrerPolicy: 'no-referrer' }).addTo(map);
    }
    [['base', 250], ['choro', 300], ['context', 340], ['labels', 380], ['flows', 420], ['badges', 590]]
      .forEach(function (p) { map.createPane(p[0]); map.getPane(p[0]).style.zIndex = p[1]; });
    // Controls before the map's shapes in the document, so the tab order is: skip link,
    // title and search, filters, … then markers (the corners are positioned, not flowed).
    map.getContainer().insertBefore(map._controlContainer, map.getPane('mapPane'));
    A.map = map;
    oneLayer(map, [['sinkLow', 251], ['sinkHigh', 585]]);
    A.canvas = new StillCanvas({ pane: 'base', padding: 0.4, still: !C.tiles });
    return map;
  }

  // --- basemap ---
  var BG = { RU: '#ece6da', UA: '#f7f3e3', other: '#f4f4f1' };
  var BORDER = { RU: '#8a7f70', UA: '#4f6f8f' };

  function basemap(A) {
    var map = A.map, BM = A.BM, tiled = !!A.C.tiles, canvas = A.canvas;
    function latlngs(rings) {
      return rings.map(function (poly) { return poly.map(function (r) { return U.decodePolyline(r, BM.factor); }); });
    }
    BM.countries.forEach(function (c) {
      L.polygon(latlngs(c.rings), { renderer: canvas, interactive: false, color: '#c9c9c2', weight: 0.8,
        fillColor: BG.other, fillOpacity: tiled ? 0 : 1 }).addTo(map);
    });
    A.regionShapes = {};
    A.regionLabel = {};
    // Country outlines without storing them: each country is drawn once with a thick stroke,
    // then its regions' fills cover the inner half of every stroke (Ukraine last: its whole
    // border, Crimea included, stays visible).
    var regions = BM.regions.map(function (r) { return { code: r[0], label: [r[1], r[2]], rings: r[3], country: r[0].slice(0, 2) }; });
    ['RU', 'UA'].forEach(function (country) {
      var regs = regions.filter(function (r) { return r.country === country; }), all = [];
      regs.forEach(function (r) { r.ll = latlngs(r.rings); all = all.concat(r.ll); });
      L.polygon(all, { renderer: canvas, interactive: false, color: BORDER[country], weight: tiled ? 2 : 2.6,
        fill: false, opacity: 0.9 }).addTo(map);
      regs.forEach(function (r) {
        A.regionLabel[r.code] = [r.label[1], r.label[0]];
        var style = { color: tiled ? BORDER[country] : '#ffffff', weight: tiled ? 0.6 : 0.9, opacity: 1,
          fillColor: BG[country], fillOpacity: tiled ? 0 : 1 };
        A.regionShapes[r.code] = L.polygon(r.ll, L.extend({ renderer: canvas, interactive: false }, style)).addTo(map);
        A.regionShapes[r.code].plainStyle = style;
      });
    });
    function labelMarker(ll, text, cls) {
      return L.marker(ll, { icon: L.divIcon({ className: 'lbl ' + cls, html: h('span', { text: text }), iconSize: null }),
        interactive: false, keyboard: false, pane: 'labels' });
    }
    var countryLabels = L.layerGroup().addTo(map);
    Object.keys(BM.borders).forEach(function (code) {
      var l = BM.borders[code].label;
      labelMarker([l[1], l[0]], A.lab('country_name', code), 'country ' + code.toLowerCase()).addTo(countryLabels);
    });
    BM.countries.forEach(function (c) {
      labelMarker([c.label[1], c.label[0]], A.lab('country_name', c.code), 'country').addTo(countryLabels);
    });
    // A name that would run into one already shown (Russia, Ukraine first) is hidden
    function declutter() {
      var kept = [];
      countryLabels.eachLayer(function (m) {
        var el = m.getElement(), r;
        if (!el) return;
        el.style.visibility = '';
        r = el.firstChild.getBoundingClientRect();
        var hit = kept.some(function (k) { return r.left < k.right && k.left < r.right && r.top < k.bottom && k.top < r.bottom; });
        if (hit) el.style.visibility = 'hidden'; else kept.push(r);
      });
    }
    map.on('zoomend viewreset', declutter);
    map.whenReady(declutter);
    var regionLabels = L.layerGroup();
    regions.forEach(function (r) {
      labelMarker([r.label[1], r.label[0]], A.regionNames[r.code] || r.code, 'region').addTo(regionLabels);
    });
    A.updateRegionLabels = function () {
      var want = A.layers.names && map.getZoom() >= 6;
      if (want && !map.hasLayer(regionLabels)) regionLabels.addTo(map);
      if (!want && map.hasLayer(regionLabels)) map.removeLayer(regionLabels);
    };
    map.on('zoomend', A.updateRegionLabels);
  }

  // --- choropleth: testimonies by region, for the selected year ---
  // The region fills of the basemap are restyled in place (one canvas, no second copy of
  // every region: panning at 10,000 facilities redraws each region once, not twice).
  function choropleth(A) {
    var map = A.map, C = A.C, styled = {};
    A.hasChoro = Object.keys(A.regionCounts.testimonies || {}).length > 0;
    function plain(code) {
      var shape = A.regionShapes[code];
      shape.setStyle(shape.plainStyle);
      shape.options.interactive = false;
      shape.unbindTooltip();
      delete styled[code];
    }
    A.updateChoro = function () {
      Object.keys(styled).forEach(plain);
      if (!A.layers.choro) return;
      var counts = A.regionCounts[A.year ? 'testimonies_' + A.year : 'testimonies'] || {};
      Object.keys(counts).forEach(function (code) {
        var raw = counts[code], k = U.choroClass(U.num(raw), C.choropleth.breaks), shape = A.regionShapes[code];
        if (!shape || k < 0) return;
        // the outline (≥ 3:1 against land and sea) says "this region has testimonies" in
        // every class; the fill's class is in the tooltip and the legend
        shape.setStyle({ color: C.choropleth.outline, weight: 1.2, opacity: 0.9, fillColor: C.choropleth.colours[k], fillOpacity: 0.75 });
        shape.options.interactive = true;  // the canvas then finds it under the pointer
        shape.bindTooltip(h('span', { text: A.say('region_tip', { region: A.regionNames[code] || code, n: raw }) }), { sticky: true });
        styled[code] = k;
      });
    };
    A.choroRegions = function () { return Object.keys(styled).sort(); };
    A.setLayer = function (name, value) {
      A.layers[name] = value;
      if (name === 'choro') A.updateChoro();
      if (name === 'flows') { if (value) A.flowLayer.addTo(map); else map.removeLayer(A.flowLayer); A.drawFlows(); }
      if (name === 'names') A.updateRegionLabels();
      A.changedSoon();
    };
  }

  // --- markers ---
  function markerSize(A, p) {
    var n = U.countOf(p, A.year);
    return n > 0 && A.hasCounts ? Math.min(46, Math.round(20 + 4 * Math.sqrt(n))) : 20;
  }
  // Shape = territory, hue and letter = type, fill = precision (solid: exact; hollow: somewhere
  // in the town). Only numbers, colours and the type's letter (escaped) go into this markup.
  function shapeSvg(col, terr, prec, s, glyph) {
    var half = s / 2, r = half - 2.5, fill, stroke, sw, dash = '', ink;
    if (prec === 'exact') { fill = col; stroke = '#fff'; sw = 1.6; ink = '#fff'; }
    else if (prec === 'settlement') { fill = '#fff'; stroke = col; sw = 3; ink = col; }
    else { fill = '#fff'; stroke = col; sw = 2.2; dash = ' stroke-dasharray="3 2"'; ink = col; }
    var attrs = ' fill="' + fill + '" stroke="' + stroke + '" stroke-width="' + sw + '"' + dash;
    var shape;
    if (terr === 'ru') shape = '<circle cx="' + half + '" cy="' + half + '" r="' + r + '"' + attrs + '/>';
    else if (terr === 'ua_occupied' || terr === 'ua_liberated') {
      var q = r * 1.2;
      shape = '<path d="M' + half + ' ' + (half - q) + 'L' + (half + q) + ' ' + half + 'L' + half + ' ' +
        (half + q) + 'L' + (half - q) + ' ' + half + 'Z"' + attrs + '/>';
    } else {
      var a = r * 0.88;
      shape = '<rect x="' + (half - a) + '" y="' + (half - a) + '" width="' + 2 * a + '" height="' + 2 * a + '"' + attrs + '/>';
    }
    var halo = prec === 'exact' ? '' : '<circle cx="' + half + '" cy="' + half + '" r="' + (r + 1.2) +
      '" fill="none" stroke="#fff" stroke-opacity=".8" stroke-width="1.2"/>';
    var text = glyph ? '<text x="' + half + '" y="' + half + '" dy=".36em" text-anchor="middle" font-size="' +
      Math.max(9, Math.round(s * 0.42)) + '" font-weight="700" font-family="system-ui,sans-serif" fill="' + ink + '">' +
      U.escapeHtml(glyph) + '</text>' : '';
    return '<svg xmlns="http://www.w3.org/2000/svg" width="' + s + '" height="' + s + '" viewBox="0 0 ' + s + ' ' + s +
      '" aria-hidden="true">' + halo + shape + text + '</svg>';
  }
  function iconFor(A, p) {
    var s = markerSize(A, p), box = Math.max(s, 24);
    var svg = shapeSvg(A.C.typeColours[p.facility_type] || '#555', U.territory(p), p.geocode_precision, s,
      A.lab('type_glyph', p.facility_type));
    return L.divIcon({ className: 'mf', html: '<span style="margin:' + (box - s) / 2 + 'px">' + svg + '</span>',
      iconSize: [box, box], iconAnchor: [box / 2, box / 2], popupAnchor: [0, -s / 2 + 2] });
  }
  // "Name — type, territory, somewhere in Town": what a screen reader says on a marker
  function markerLabel(A, p) {
    return A.nameOf(p) + ' — ' + [A.lab('facility_type', p.facility_type), A.territoryText(p), A.whereText(p)]
      .filter(Boolean).join(', ');
  }

  function markers(A) {
    var map = A.map, C = A.C;
    var clusters = L.markerClusterGroup({
      // markercluster's default radius (80 px) while zoomed out: about as many icons as
      // folium's MarkerCluster, so panning stays smooth at 10,000 facilities
      maxClusterRadius: function (z) { return z >= 9 ? 24 : z >= 7 ? 50 : 80; },
      spiderfyOnMaxZoom: true, showCoverageOnHover: false, zoomToBoundsOnClick: true,
      animate: false,  // clusters split at once: a deep link opens its popup without waiting
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
        var s = Math.round(28 + 5 * Math.log(n) / Math.LN2);
        var html = '<div style="background:conic-gradient(' + stops.join(',') +
          ')" role="img" aria-label="' + U.escapeHtml(A.say('cluster_label', { n: n })) +
          '"><span data-count="' + n + '">' + n + '</span></div>';
        return L.divIcon({ className: 'mc', html: html, iconSize: [s, s] });
      }
    });
    // icons within ICON_PAD of the view, not markercluster's pad(1) (its _getExpandedVisibleBounds)
    clusters._getExpandedVisibleBounds = function () { return this._checkBoundsMaxLat(map.getBounds().pad(ICON_PAD)); };
    A.clusters = clusters;
    A.feats.forEach(function (f) {
      var p = f.properties;
      if (f.regionLevel) return;
      var c = f.geometry.coordinates;
      var m = L.marker([c[1], U.unwrapLon(c[0])], { icon: iconFor(A, p), keyboard: true, riseOnHover: true });
      m.feature = f;
      m.bindPopup(function () { return A.popupContent(f); }, A.popupOptions);
      m.on('add', function () {
        var e = m.getElement();
        if (e) { e.setAttribute('data-id', p.id); e.setAttribute('aria-label', markerLabel(A, p)); }
      });
      f.marker = m;
    });
    map.addLayer(clusters);
    // Enter or Space on a cluster: zoom to it (or spread it out at the last zoom), then put
    // the focus on its first facility. markercluster listens to clicks only.
    map.getContainer().addEventListener('keydown', function (e) {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      var icon = e.target.closest && e.target.closest('.mc');
      if (!icon) return;
      // the cluster drawn by this icon: the visible parent of one of its markers (public API)
      var cluster = null, ms = clusters.getLayers();
      for (var i = 0; i < ms.length && !cluster; i++) {
        var parent = clusters.getVisibleParent(ms[i]);
        if (parent && parent !== ms[i] && parent.getElement && parent.getElement() === icon) cluster = parent;
      }
      if (!cluster) return;
      e.preventDefault();
      var first = cluster.getAllChildMarkers()[0];
      A.openCluster(cluster, first);
    });
    A.openCluster = function (cluster, first) {
      function focusFirst() {
        var parent = clusters.getVisibleParent(first), el = parent && parent.getElement();
        if (el) el.focus();
      }
      var b = cluster.getBounds();
      if (map.getZoom() >= map.getMaxZoom() || b.getNorthEast().equals(b.getSouthWest())) {
        clusters.once('spiderfied', function () { if (first.getElement()) first.getElement().focus(); });
        cluster.spiderfy();
      } else {
        map.fitBounds(b, { padding: [60, 60], maxZoom: map.getMaxZoom(), animate: false });
        focusFirst();
      }
    };
    A.restyle = function () { A.feats.forEach(function (f) { if (f.marker) f.marker.setIcon(iconFor(A, f.properties)); }); };
  }

  // The boxes, in layer pixels, of the facility icons on the map (clusters, markers, region
  // badges): town names are laid out around them, never under them. Read from the icons'
  // inline styles (Leaflet writes an icon's size and anchor there), so no layout is forced.
  var BADGE_BOX = [28, 24];  // .rb-in: min-width 26 px and its border, 24 px high, centred
  function iconBoxes(A) {
    var boxes = [];
    function add(m) {
      var el = m._icon, p = el && el._leaflet_pos, st = el && el.style;
      if (!p) return;
      var w = parseFloat(st.width), hgt = parseFloat(st.height);
      if (w && hgt) {
        var x = p.x + (parseFloat(st.marginLeft) || 0), y = p.y + (parseFloat(st.marginTop) || 0);
        boxes.push([x, y, x + w, y + hgt]);
      } else {  // a badge: centred on its point by CSS
        boxes.push([p.x - BADGE_BOX[0] / 2, p.y - BADGE_BOX[1] / 2, p.x + BADGE_BOX[0] / 2, p.y + BADGE_BOX[1] / 2]);
      }
    }
    A.clusters._featureGroup.eachLayer(add);  // what markercluster shows now
    if (A.badgeLayer) A.badgeLayer.eachLayer(add);
    return boxes;
  }

  // --- region badges: facilities whose place is known only to the region ---
  function badges(A) {
    var map = A.map, group = L.layerGroup().addTo(map);
    A.badgeLayer = group;
    A.badgeOf = {};
    // A badge per region, made again only when the set of regions changes; when only the
    // counts do (a filter toggle), each badge's count, name and list are updated in place
    // (re-making 100 badges took ~30 ms of a filter toggle at 10,000 facilities).
    var made = {}, madeCodes = null;
    function badgeIcon(n, code) {
      return L.divIcon({ className: 'rb', iconSize: null,
        html: '<span class="rb-in" data-region="' + U.escapeHtml(code) + '" aria-hidden="true">' + n + '</span>' });
    }
    A.updateBadges = function () {
      A.badgeOf = {};
      var by = {};
      A.shown.forEach(function (f) { if (f.regionLevel) (by[f.properties.region_code] = by[f.properties.region_code] || []).push(f); });
      var codes = Object.keys(by).sort(), key = codes.join(',');
      if (key !== madeCodes) {
        group.clearLayers();
        made = {};
        codes.forEach(function (code) {
          var c = by[code][0].geometry.coordinates, ll = A.regionLabel[code] || [c[1], U.unwrapLon(c[0])];
          var m = L.marker(ll, { icon: badgeIcon(0, code), pane: 'badges', keyboard: true, riseOnHover: true });
          m.on('add', function () { var e = m.getElement(); if (e) { e.setAttribute('aria-label', m.badgeLabel); e.setAttribute('data-region', code); } });
          m.bindPopup(function () { return badgeContent(A, code, m.list, ll); }, A.popupOptions);
          m.regionCode = code;
          m.latlng = ll;
          made[code] = m;
        });
      }
      codes.forEach(function (code) {
        var m = made[code], list = by[code], n = list.length;
        m.list = list;
        m.badgeLabel = A.say('badge_label', { n: n, region: A.regionNames[code] || code });
        if (m.count !== n) {
          m.count = n;
          m.options.icon = badgeIcon(n, code);  // what a later re-draw of the badge shows
          var e = m.getElement();
          if (e) {
            e.querySelector('.rb-in').textContent = String(n);
            e.setAttribute('aria-label', m.badgeLabel);
          }
        }
        list.forEach(function (f) { A.badgeOf[f.properties.id] = { marker: m, latlng: m.latlng }; });
      });
      madeCodes = key;
      shownCodes = codes;
      cull();
    };
    // only the badges in (or near) the view are on the page, as markercluster does
    var shownCodes = [];
    function cull() {
      if (!map._loaded) return;  // the first view's moveend will
      var b = map.getBounds().pad(ICON_PAD);
      shownCodes.forEach(function (code) {
        var m = made[code], want = b.contains(m.latlng) || m.isPopupOpen(), on = group.hasLayer(m);
        if (want && !on) group.addLayer(m);
        else if (!want && on) group.removeLayer(m);
      });
    }
    map.on('moveend', cull);
  }
  function badgeContent(A, code, list, ll) {
    var region = A.regionNames[code] || code;
    var box = h('div', { cls: 'mp mb', 'data-region': code });
    box.appendChild(h('h3', { tabindex: '-1', text: A.say('badge_title', { region: region }) }));
    box.appendChild(h('p', { cls: 'mapper-note', text: A.lab('precision_help', 'region') }));
    var ul = h('ul', { cls: 'mb-list' });
    list.slice().sort(function (a, b) { return A.nameOf(a.properties).localeCompare(A.nameOf(b.properties)); })
      .forEach(function (f) {
        var p = f.properties;
        ul.appendChild(h('li', null, h('button', { type: 'button', 'data-id': p.id, on: { click: function () {
          A.openRegionFacility(f, ll);
        } } }, A.nameOf(p), h('br'), h('small', { text: A.lab('facility_type', p.facility_type) }))));
      });
    box.appendChild(ul);
    return box;
  }

  // --- transfer flows ---
  function flows(A) {
    var map = A.map, layer = L.layerGroup();
    A.flowLayer = layer;
    A.flowMaxZoom = FLOW_MAX_ZOOM;
    A.drawFlows = function () {
      layer.clearLayers();
      // arrowheads need a map view: drawn again once the view is set (zoomend)
      if (!A.flows.length || !map._loaded || !A.layers.flows || map.getZoom() > FLOW_MAX_ZOOM) return;
      var vis = {};
      A.shown.forEach(function (f) { vis[f.properties.id] = f; });
      A.flows.forEach(function (r) {
        var a = vis[r[0]], b = vis[r[1]];
        if (!a || !b) return;
        var p0 = a.geometry.coordinates.slice(), p1 = b.geometry.coordinates.slice();
        p0[0] = U.unwrapLon(p0[0]); p1[0] = U.unwrapLon(p1[0]);
        if (p0[0] === p1[0] && p0[1] === p1[1]) return;
        var pts = U.arc(p0, p1, 0.2, 32);
        var n = U.num(r[2]), w = 1 + 1.3 * Math.log(1 + n) / Math.LN2;
        var line = L.polyline(pts, { pane: 'flows', color: '#7a2e1d', weight: w, opacity: 0.5 });
        line.bindTooltip(h('span', { text: A.say('flow_tip', { from: A.nameOf(a.properties), to: A.nameOf(b.properties), n: r[2] }) }), { sticky: true });
        layer.addLayer(line);
        // arrowhead in screen pixels, just before the destination
        var tip = map.latLngToLayerPoint(pts[pts.length - 3]), back = map.latLngToLayerPoint(pts[pts.length - 5]);
        var ang = Math.atan2(tip.y - back.y, tip.x - back.x), len = 7 + 1.5 * w;
        var head = [tip, L.point(tip.x - len * Math.cos(ang - 0.45), tip.y - len * Math.sin(ang - 0.45)),
          L.point(tip.x - len * Math.cos(ang + 0.45), tip.y - len * Math.sin(ang + 0.45))].map(function (q) { return map.layerPointToLatLng(q); });
        layer.addLayer(L.polygon(head, { pane: 'flows', color: '#7a2e1d', weight: 1, fillOpacity: 0.75, interactive: false }));
      });
    };
    if (A.layers.flows) layer.addTo(map);
    map.on('zoomend', function () { if (A.flows.length) { A.drawFlows(); if (A.onFlowZoom) A.onFlowZoom(); } });
  }

  // --- popup ---
  function row(dl, key, value) {
    if (value == null || value === '') return;
    dl.appendChild(h('dt', { text: key })); dl.appendChild(h('dd', null, value));
  }
  function host(url) { var m = /^https?:\/\/([^/?#]+)/i.exec(String(url || '')); return m ? m[1].replace(/^www\./, '') : ''; }
  function sourceItem(s) {
    var url = String(s.url || ''), li = h('li');
    var text = s.title || url;
    if (/^https?:\/\//i.test(url)) li.appendChild(h('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: text }));
    else li.appendChild(document.createTextNode(url));
    var meta = [s.publisher || host(url), s.date].filter(Boolean);
    if (s.retrieved_from) meta.push('via ' + (host(s.retrieved_from) || s.retrieved_from));
    if (meta.length) li.appendChild(h('span', { cls: 'src-meta', text: ' — ' + meta.join(', ') }));
    return li;
  }
  function popupContent(A, f) {
    var p = f.properties, T = A.T, box = h('div', { cls: 'mp', 'data-id': p.id });
    box.appendChild(h('h3', { tabindex: '-1', text: A.nameOf(p) }));
    var names = h('p', { cls: 'names', 'aria-label': T.names });
    [['uk', 'УКР'], ['en', 'EN'], ['ru', 'РУС']].forEach(function (l) {
      var v = p['name_' + l[0]];
      if (v) names.appendChild(h('span', { lang: l[0] }, h('b', { text: l[1] }), ' ', v));
    });
    box.appendChild(names);
    var dl = h('dl');
    if (p.aliases && p.aliases.length) row(dl, T.aliases, p.aliases.join('; '));
    row(dl, T.type, A.lab('facility_type', p.facility_type));
    row(dl, T.territory, A.territoryText(p));
    row(dl, T.region, A.regionName(p));
    row(dl, T.where, A.whereText(p));
    var settl = [p.settlement_en, p.settlement_local].filter(Boolean);
    if (settl.length === 2 && settl[0] === settl[1]) settl.pop();
    row(dl, T.settlement, settl.join(' / '));
    row(dl, T.address, p.address);
    if (p.geocode_precision) row(dl, T.precision, A.lab('precision_name', p.geocode_precision) + ': ' + A.lab('precision_help', p.geocode_precision));
    row(dl, T.point_source, p.geocode_source);
    row(dl, T.detainees, p.reported_detainees ? A.lab('detainees_name', p.reported_detainees) : null);
    row(dl, T.context, p.context ? A.lab('context_name', p.context) : null);
    row(dl, T.reported, U.period(p));
    box.appendChild(dl);
    if (A.hasCounts) {
      box.appendChild(h('h4', { text: T.testimonies + ': ' + (p.testimonies != null ? p.testimonies : 0) }));
      var tb = h('tbody');
      A.C.counts.forEach(function (k) {
        if (k === 'testimonies' || /_\d{4}$/.test(k) || p[k] == null) return;
        tb.appendChild(h('tr', null, h('td', { text: A.lab('category', k) }), h('td', { text: String(p[k]) })));
      });
      A.C.counts.filter(function (k) { return /_\d{4}$/.test(k) && p[k] != null && U.num(p[k]) > 0; }).forEach(function (k) {
        tb.appendChild(h('tr', null, h('td', { text: k.slice(-4) }), h('td', { text: String(p[k]) })));
      });
      if (tb.childNodes.length) box.appendChild(h('table', { cls: 'counts' }, tb));
      if (A.C.public) box.appendChild(h('p', { cls: 'mapper-note', text: A.say('banner_public', { threshold: A.C.threshold }) }));
    }
    if (p.sources && p.sources.length) {
      box.appendChild(h('h4', { text: T.sources }));
      var ol = h('ol');
      p.sources.forEach(function (s) { ol.appendChild(sourceItem(typeof s === 'string' ? { url: s } : s)); });
      box.appendChild(ol);
    }
    if (p.notes) box.appendChild(h('div', { cls: 'notes' }, h('b', { text: T.notes }), h('br'), p.notes));
    var input = h('input', { type: 'text', readonly: 'readonly', 'aria-label': T.link, value: A.linkFor(p.id) });
    var btn = h('button', { type: 'button', text: T.copy, on: { click: function () { A.copy(input, btn); } } });
    box.appendChild(h('div', { cls: 'link' }, input, btn));
    return box;
  }

  return { createMap: createMap, basemap: basemap, choropleth: choropleth, markers: markers, badges: badges,
    flows: flows, popupContent: popupContent, shapeSvg: shapeSvg, iconFor: iconFor, markerLabel: markerLabel,
    iconBoxes: iconBoxes,
    sourceItem: sourceItem, StillCanvas: StillCanvas };
}(MapperUtil, MapperDom));

/* mapper webmap · app: reads the data, builds the map from the other modules, and ties
 * filters, timeline, URL state, keyboard and framing together. Makes no network request
 * (online tiles only when the page was built so). */
(function (U, D, Data, I18n, Lay, Ctl, Tab, Cite, St) {
  'use strict';
  var C = Data.config(), T = C.strings;
  Data.load(['mapper-facilities', 'mapper-regions', 'mapper-countries', 'mapper-flows', 'mapper-context', 'mapper-overlays'])
    .then(start, function (err) { Data.cannotOpen(T.browser_unsupported); throw err; });

  function start(d) {
    var FC = d[0], RG = d[1], CT = d[2];
    var I = I18n.make(T);
    var A = {
      C: C, T: T, lab: I.lab, say: I.say, feats: FC.features,
      BM: { factor: RG.factor, regions: RG.regions, borders: RG.borders, countries: CT.countries },
      regionNames: RG.names, regionCounts: RG.counts || {}, flows: d[3] || [], context: d[4],
      year: '', on: { type: {}, terr: {}, ctx: {} }, shown: [], byId: {}, openId: null,
      layers: { choro: true, flows: false, names: true },
      hasCounts: C.counts.indexOf('testimonies') >= 0,
      reducedMotion: !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches),
      popupOptions: { maxWidth: 340, minWidth: 240, autoPanPaddingTopLeft: [20, 20], autoPanPaddingBottomRight: [20, 20] }
    };
    A.nameOf = function (p) { return U.nameOf(p, C.lang); };
    A.regionName = function (p) { return A.regionNames[p.region_code] || p.region_code || ''; };
    // "Occupied Ukraine (in use 2022-03 – 2022-09)"; "Liberated 2022-11-11 (occupied when in use …)"
    A.territoryText = function (p) {
      var t = U.territory(p), text = A.lab('territory_name', t), when = U.period(p);
      if (t === 'ua_liberated') {
        text = p.liberated_date ? A.say('liberated_on', { date: p.liberated_date }) : text;
        return text + ' (' + (when ? A.say('occupied_when', { period: when }) : T.occupied_then) + ')';
      }
      if (t === 'ua_occupied' && when) return text + ' (' + A.say('in_use', { period: when }) + ')';
      return text;
    };
    // Where the point is, said honestly: "somewhere in Taganrog", "only the region is known"
    A.whereText = function (p) {
      var town = p['settlement_' + (C.lang === 'en' ? 'en' : 'local')] || p.settlement_en || p.settlement_local;
      if (p.geocode_precision === 'settlement') return town ? A.say('somewhere_in', { town: town }) : A.lab('precision_name', 'settlement');
      if (p.geocode_precision === 'region') return A.say('region_only', { region: A.regionName(p) });
      return p.address || '';
    };
    A.editionText = function () {
      var ed = C.edition || {};
      return A.say('edition', { n: A.feats.length, date: ed.date || '?', sha: (ed.sha256 || '').slice(0, 12) || '?' });
    };
    A.linkFor = function (id) {
      var base = C.baseUrl || (location.protocol === 'file:' ? location.pathname.split('/').pop() : location.href.split('#')[0]);
      return base + '#id=' + encodeURIComponent(id);
    };
    A.copy = function (input, btn) {
      input.select();
      function done() { btn.textContent = T.copied; }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand('copy'); done(); });
      } else { document.execCommand('copy'); done(); }
    };

    // --- facilities: counts for the filters, precision, lookup -------------------------------
    A.typeCount = {}; A.terrCount = {}; A.ctxCount = {};
    A.feats.forEach(function (f) {
      var p = f.properties, t = U.territory(p);
      f.regionLevel = p.geocode_precision === 'region';
      A.typeCount[p.facility_type] = (A.typeCount[p.facility_type] || 0) + 1;
      A.terrCount[t] = (A.terrCount[t] || 0) + 1;
      A.ctxCount[p.context] = (A.ctxCount[p.context] || 0) + 1;
      A.byId[p.id] = f;
    });
    A.feats.forEach(function (f) { (f.properties.former_ids || []).forEach(function (old) { if (!A.byId[old]) A.byId[old] = f; }); });
    ['type', 'terr', 'ctx'].forEach(function (g) {
      var counts = g === 'type' ? A.typeCount : g === 'terr' ? A.terrCount : A.ctxCount;
      Object.keys(counts).forEach(function (k) { A.on[g][k] = true; });
    });
    A.visible = function (f) {
      var p = f.properties;
      return A.on.type[p.facility_type] && A.on.terr[U.territory(p)] && A.on.ctx[p.context] && U.activeInYear(p, A.year);
    };

    // --- the map -------------------------------------------------------------------------------
    var map = Lay.createMap(A);
    Lay.basemap(A);
    if (window.MapperContext && A.context) {
      try { A.contextLayer = window.MapperContext.add(map, A.context, C.lang, A.canvas); } catch (e) { console.warn(e); }
    }
    (d[5] || []).forEach(function (o) {
      if (window.MapperContext && window.MapperContext.addOverlay) window.MapperContext.addOverlay(map, o);
    });
    A.popupContent = function (f) { return Lay.popupContent(A, f); };
    Lay.choropleth(A);
    Lay.markers(A);
    Lay.badges(A);
    Lay.flows(A);
    // town names keep clear of the facility icons: laid out again when a filter changes the
    // icons (a move or a zoom lays them out anyway, after markercluster has re-clustered)
    var townNames = A.contextLayer && A.contextLayer.labels;
    if (townNames) townNames.obstacles = function () { return Lay.iconBoxes(A); };

    var size = map.getSize(), phone = size.x < 700;
    Ctl.title(A);
    Ctl.zoomAndFullscreen(A);
    if (phone) {
      // phone: title on top; timeline, legend and filters stacked at the bottom (bottom
      // sheets when opened), so nothing sits under the title or over another control
      Ctl.timeline(A, 'bottomleft');
      Ctl.legend(A, false);
      Ctl.filters(A, false, 'bottomleft');
    } else {
      Ctl.filters(A, size.x >= 1280 && size.y >= 760, 'topright');
      Ctl.legend(A, false);
      Ctl.timeline(A, 'bottomright');
    }
    Tab.init(A);
    Cite.init(A);

    // --- one change → every view follows ---------------------------------------------------------
    // Only the markers whose visibility changed leave or join the clusters (at 10,000
    // facilities rebuilding the whole cluster tree costs several hundred ms; a restyle,
    // when the year changes the marker sizes, does rebuild it).
    var onMap = {}, lastBadged = null, choroYear = null;
    A.apply = function (restyle) {
      A.shown = A.feats.filter(A.visible);
      var want = {}, add = [], remove = [];
      A.shown.forEach(function (f) { if (f.marker) want[f.properties.id] = f; });
      if (restyle) {
        A.clusters.clearLayers();
        onMap = {};
        A.restyle();
      }
      Object.keys(onMap).forEach(function (id) { if (!want[id]) { remove.push(onMap[id].marker); delete onMap[id]; } });
      Object.keys(want).forEach(function (id) { if (!onMap[id]) { add.push(want[id].marker); onMap[id] = want[id]; } });
      if (remove.length) A.clusters.removeLayers(remove);
      if (add.length) A.clusters.addLayers(add);
      // badges when a region-level facility came or went; the choropleth when the year did
      var badged = A.year + '|' + A.shown.filter(function (f) { return f.regionLevel; })
        .map(function (f) { return f.properties.id; }).join('\n');
      if (restyle || badged !== lastBadged) { A.updateBadges(); lastBadged = badged; }
      if (A.hasChoro && A.year !== choroYear) { A.updateChoro(); choroYear = A.year; }
      A.drawFlows();
      if (townNames) townNames.refresh();
      A.renderTable();
      A.syncTimeline();
      A.status.textContent = A.say('showing', { n: A.shown.length, total: A.feats.length });
      A.changedSoon();
    };
    A.setYear = function (y) { A.year = y || ''; A.apply(true); };
    A.resetFilters = function () {
      ['type', 'terr', 'ctx'].forEach(function (g) { Object.keys(A.on[g]).forEach(function (k) { A.on[g][k] = true; }); });
      var restyle = A.year !== '';  // marker sizes change with the year only
      A.year = '';
      A.syncFilterInputs();
      A.apply(restyle);
    };

    // --- URL state ---------------------------------------------------------------------------------
    var restoring = true, framed = false;
    function layersState() {
      var list = Object.keys(A.layers).filter(function (k) { return A.layers[k]; });
      return list.join(',') === 'choro,names' ? null : list;
    }
    A.state = function () {
      var c = map.getCenter();
      return { id: A.openId, type: St.onList(A.on.type, Object.keys(A.on.type)), terr: St.onList(A.on.terr, Object.keys(A.on.terr)),
        ctx: St.onList(A.on.ctx, Object.keys(A.on.ctx)), year: A.year, layers: layersState(),
        view: A.userMoved ? [c.lat, c.lng, map.getZoom()] : null };
    };
    // A filter, year or layer change, or the end of a pan, writes the address at most every
    // 250 ms, after the change is drawn (a history write costs ~10 ms at 10,000 facilities, and
    // made the slowest frames); opening or closing a popup writes at once, with everything else.
    var viewTimer = null;
    A.changedSoon = function () {
      if (!viewTimer) viewTimer = setTimeout(A.changed, 250);
    };
    A.changed = function () {
      if (viewTimer) { clearTimeout(viewTimer); viewTimer = null; }
      if (restoring) return;
      try { history.replaceState(null, '', St.serialize(A.state()) || location.pathname + location.search); } catch (e) { /* sandboxed */ }
    };
    function say(message) { A.alertEl.textContent = message || ''; }
    function restore(hash) {
      var s = St.parse(hash);
      restoring = true;
      ['type', 'terr', 'ctx'].forEach(function (g) {
        if (!s[g]) return;
        Object.keys(A.on[g]).forEach(function (k) { A.on[g][k] = s[g].indexOf(k) >= 0; });
      });
      if (s.layers) Object.keys(A.layers).forEach(function (k) { A.setLayer(k, s.layers.indexOf(k) >= 0); });
      A.year = s.year && C.years.indexOf(+s.year) >= 0 ? s.year : (s.year ? '' : A.year);
      A.syncFilterInputs();
      A.apply(true);
      if (s.view) { map.setView([s.view[0], s.view[1]], s.view[2], { animate: false }); A.userMoved = true; }
      say('');
      if (s.id) {
        if (!A.byId[s.id]) say(A.say('unknown_id', { id: s.id }));
        else A.focusFacility(s.id, !!s.view);
      }
      restoring = false;
      A.changed();
      return s;
    }
    window.addEventListener('hashchange', function () { restore(location.hash); });

    // --- focus a facility (search, table, deep link) ------------------------------------------------
    A.focusFacility = function (id, keepView) {
      var f = A.byId[id];
      if (!f) return false;
      if (!A.visible(f)) {  // a link must always work: show everything again, and say so
        A.resetFilters();
        say(T.filters_reset);
      }
      if (f.regionLevel) {
        var b = A.badgeOf[f.properties.id];
        A.openRegionFacility(f, b ? b.latlng : [f.geometry.coordinates[1], f.geometry.coordinates[0]], keepView);
        return true;
      }
      var c = f.geometry.coordinates;
      if (!keepView) map.setView([c[1], U.unwrapLon(c[0])], Math.max(map.getZoom(), Math.min(8, map.getMaxZoom())), { animate: false });
      showMarker(f.marker);
      return true;
    };
    // Zoom in on a marker until it leaves its cluster, then open its popup; markers sharing one
    // point stay clustered at the last zoom, so that cluster is spread out (spiderfied).
    function showMarker(marker) {
      var parent = A.clusters.getVisibleParent(marker);
      while (parent && parent !== marker && map.getZoom() < map.getMaxZoom()) {
        map.setView(marker.getLatLng(), map.getZoom() + 1, { animate: false });
        parent = A.clusters.getVisibleParent(marker);
      }
      if (parent === marker || !parent) { marker.openPopup(); return; }
      A.clusters.once('spiderfied', function () { marker.openPopup(); });
      parent.spiderfy();
    }
    var outline = null;
    A.openRegionFacility = function (f, ll, keepView) {
      if (!keepView) map.setView(ll, Math.max(map.getZoom(), 6), { animate: false });
      var popup = L.popup(A.popupOptions).setLatLng(ll).setContent(A.popupContent(f));
      popup.regionCode = f.properties.region_code;
      popup.openOn(map);
    };

    // --- popups: focus in, Esc out, focus back --------------------------------------------------------
    var opener = null;
    map.on('popupopen', function (e) {
      var el = e.popup.getElement(), active = document.activeElement;
      if (active && active !== document.body && !el.contains(active)) opener = active;
      var box = el.querySelector('.mp');
      A.openId = box && box.getAttribute('data-id');
      var code = e.popup.regionCode || (e.popup._source && e.popup._source.regionCode);
      if (outline) { map.removeLayer(outline); outline = null; }
      if (code && A.regionShapes[code]) {
        outline = L.polygon(A.regionShapes[code].getLatLngs(), { pane: 'context', color: '#24476b', weight: 2.5,
          dashArray: '6 4', fill: false, interactive: false }).addTo(map);
      }
      var heading = el.querySelector('h3');
      if (heading) heading.focus({ preventScroll: true });
      var close = el.querySelector('.leaflet-popup-close-button');
      if (close) { close.setAttribute('aria-label', T.close); close.setAttribute('role', 'button'); }
      A.changed();
    });
    map.on('popupclose', function (e) {
      var el = e.popup.getElement();
      A.openId = null;
      if (outline) { map.removeLayer(outline); outline = null; }
      var active = document.activeElement;
      if (opener && document.contains(opener) && (!active || active === document.body || (el && el.contains(active)))) opener.focus({ preventScroll: true });
      A.changed();
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && map._popup && map.hasLayer(map._popup)) { map.closePopup(); e.preventDefault(); }
    });

    // --- first view: the facilities, framed in the space the open panels leave ---------------------
    A.frame = function (feats, all) {
      var coords = (feats || A.feats).map(function (f) { return f.geometry.coordinates; });
      var b = all ? U.bounds(coords) : U.bulkBounds(coords, 5);
      if (!b) { map.setView([55, 45], 4, { animate: false }); return; }
      var box = map.getContainer().getBoundingClientRect();
      var tl = [12, 12], br = [12, 12];
      // in print the filters and the timeline are not printed and the legend is beside the map;
      // the title panel stays on it, and the selection is framed below it (it is wide, not tall)
      var onMap = !A.printing;
      var title = document.querySelector('.mapper-title');
      var filt = onMap && A.filterBox, tline = onMap && A.timelineBox;
      var r;
      if (title && !phone && onMap) { r = title.getBoundingClientRect(); tl[0] = Math.max(tl[0], r.right - box.left + 12); }
      else if (title) { r = title.getBoundingClientRect(); tl[1] = Math.max(tl[1], r.bottom - box.top + 8); }
      if (filt && filt.open && !phone) { r = filt.getBoundingClientRect(); br[0] = Math.max(br[0], box.right - r.left + 12); }
      if (phone && onMap) {
        r = document.querySelector('.leaflet-bottom.leaflet-left').getBoundingClientRect();
        var stack = r.bottom;
        document.querySelectorAll('.leaflet-bottom.leaflet-left > .leaflet-control').forEach(function (c) {
          stack = Math.min(stack, c.getBoundingClientRect().top);
        });
        br[1] = Math.max(br[1], box.bottom - stack + 8);
      } else if (tline) { r = tline.getBoundingClientRect(); br[1] = Math.max(br[1], box.bottom - r.top + 8); }
      // never pad away more than the map has
      tl[0] = Math.min(tl[0], box.width * 0.45); br[0] = Math.min(br[0], box.width * 0.35);
      tl[1] = Math.min(tl[1], box.height * 0.4); br[1] = Math.min(br[1], box.height * (phone ? 0.4 : 0.3));
      // the outliers are left out only when showing them too would cost more than a zoom
      // level (10,000 facilities in every region: all of them, across 180°, at zoom 3)
      var every = all ? null : U.bounds(coords), pad = L.point(tl).add(br);
      if (every && map.getBoundsZoom(L.latLngBounds(b), false, pad) - map.getBoundsZoom(L.latLngBounds(every), false, pad) <= 1) b = every;
      map.fitBounds(L.latLngBounds(b), { maxZoom: 7, animate: false, paddingTopLeft: tl, paddingBottomRight: br });
    };

    // popups pan clear of the title panel (and of the bottom controls on a phone)
    var titleBox = document.querySelector('.mapper-title').getBoundingClientRect();
    var mapBox = map.getContainer().getBoundingClientRect();
    A.popupOptions.autoPanPaddingTopLeft[1] = Math.round(titleBox.bottom - mapBox.top + 12);
    if (phone) A.popupOptions.autoPanPaddingBottomRight[1] = 150;
    A.apply(false);
    A.frame();
    A.updateRegionLabels();
    A.drawFlows();
    if (townNames) townNames.refresh();  // around the first view's icons
    restoring = false;
    framed = true;
    if (location.hash) restore(location.hash);
    map.on('moveend', function () {
      if (!framed || restoring || !A.userAction) return;
      A.userMoved = true;
      A.changedSoon();
    });
    ['mousedown', 'touchstart', 'wheel', 'keydown'].forEach(function (ev) {
      map.getContainer().addEventListener(ev, function () { A.userAction = true; }, { passive: true });
    });

    // On a phone the credits wrap under the bottom-left controls (map.css): those sit as high
    // as the credits are tall, however many lines a narrow screen or an added layer's credit takes
    var credits = map.attributionControl && map.attributionControl.getContainer();
    if (credits && window.ResizeObserver) {
      new ResizeObserver(function () {
        map.getContainer().style.setProperty('--mapper-credits-room', (credits.offsetHeight + 4) + 'px');
      }).observe(credits);
    }

    // Print: the legend beside the map, the view refitted to the selection (restored after).
    var beforePrint = null;
    var side = D.h('aside', { id: 'mapper-print-side' });
    window.addEventListener('beforeprint', function () {
      beforePrint = { center: map.getCenter(), zoom: map.getZoom(), legend: A.legendBox.open,
        parent: A.legendBox.parentNode, next: A.legendBox.nextSibling };
      A.legendBox.open = true;
      // the legend goes beside the map (the map's own corners clip what leaves them)
      map.getContainer().parentNode.insertBefore(side, map.getContainer().nextSibling);
      side.appendChild(A.legendBox);
      // the printed size, set now: the browser applies @media print only after this event
      document.documentElement.classList.add('mapper-printing');
      A.printing = true;
      map.invalidateSize();
      A.frame(A.shown.length ? A.shown : A.feats, true);
    });
    window.addEventListener('afterprint', function () {
      if (!beforePrint) return;
      beforePrint.parent.insertBefore(A.legendBox, beforePrint.next);
      if (side.parentNode) side.parentNode.removeChild(side);
      document.documentElement.classList.remove('mapper-printing');
      A.printing = false;
      A.legendBox.open = beforePrint.legend;
      map.invalidateSize();
      map.setView(beforePrint.center, beforePrint.zoom, { animate: false });
      beforePrint = null;
    });

    // A small, read-only handle for the browser tests and for scripts.
    window.mapperTest = {
      ready: true,
      features: A.feats.length,
      ids: function () { return A.feats.map(function (f) { return f.properties.id; }); },
      shownIds: function () { return A.shown.map(function (f) { return f.properties.id; }); },
      markersInLayer: function () { return A.clusters.getLayers().length; },
      badgeIds: function () { return Object.keys(A.badgeOf); },
      search: function (q) { return A.search(q).map(function (f) { return f.properties.id; }); },
      focus: A.focusFacility,
      frameAll: function () { A.frame(A.feats, true); },
      setYear: A.setYear,
      state: function () { return A.state(); },
      tableRows: function () { return A.tableRows().length; },
      choroRegions: function () { return A.choroRegions(); },
      map: map,
      layOutTownNames: function () { if (townNames) townNames.refresh(); },
      clusters: A.clusters
    };
  }
}(MapperUtil, MapperDom, MapperData, MapperI18n, MapperLayers, MapperControls, MapperTable, MapperCite, MapperState));

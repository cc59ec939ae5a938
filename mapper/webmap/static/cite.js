/* mapper webmap · cite: the edition line, how to cite, the method note, and downloads of the
 * current selection as GeoJSON and CSV, made in the page (a Blob; nothing is fetched). */
var MapperCite = (function (U, D) {
  'use strict';
  var h = D.h;

  // The facilities shown, as a GeoJSON FeatureCollection (the properties the map holds).
  function geojson(shown) {
    return { type: 'FeatureCollection', features: shown.map(function (f) {
      return { type: 'Feature', geometry: f.geometry, properties: f.properties };
    }) };
  }
  var CSV_FIELDS = ['id', 'name_en', 'name_uk', 'name_ru', 'facility_type', 'country', 'occupied', 'control_status',
    'liberated_date', 'region_code', 'settlement_en', 'settlement_local', 'address', 'geocode_precision',
    'first_reported', 'last_reported', 'context', 'reported_detainees'];
  // Header and rows for the CSV: fixed fields, lon/lat, counts, territory, source URLs.
  function csvTable(shown, counts, territoryOf) {
    var header = CSV_FIELDS.concat(['territory', 'lon', 'lat'], counts, ['sources']);
    var rows = shown.map(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      return CSV_FIELDS.map(function (k) { return p[k]; }).concat([territoryOf(p), c[0], c[1]],
        counts.map(function (k) { return p[k] == null ? 0 : p[k]; }),
        [(p.sources || []).map(function (s) { return typeof s === 'string' ? s : s.url; }).join(' ')]);
    });
    return [header, rows];
  }
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = h('a', { href: url, download: name, hidden: 'hidden' });
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 0);
  }

  function init(A) {
    var T = A.T, C = A.C, ed = C.edition || {};
    var host = document.getElementById('mapper-about');
    host.appendChild(h('h2', { id: 'mapper-about-h', text: T.about }));
    host.appendChild(h('p', { cls: 'mapper-edition-line', text: A.editionText() }));
    var link = C.baseUrl || T.cite_no_url;
    var cite = A.say('cite_text', { title: C.title, date: ed.date || '', sha: (ed.sha256 || '').slice(0, 12), url: link });
    host.appendChild(h('h3', { text: T.cite_head }));
    host.appendChild(h('p', { cls: 'mapper-cite', text: cite }));
    host.appendChild(h('h3', { text: T.method_head }));
    (T.method || []).forEach(function (para) { host.appendChild(h('p', { text: para })); });
    host.appendChild(h('p', { cls: 'mapper-note', text: T.figure_note }));
    host.appendChild(h('h3', { cls: 'noprint', text: T.download_head }));
    var note = h('p', { cls: 'mapper-note', role: 'status' });
    function stamp() { return (ed.date || 'map') + (A.year ? '_' + A.year : ''); }
    var gj = h('button', { type: 'button', 'data-download': 'geojson', text: T.download_geojson, on: { click: function () {
      download('facilities_' + stamp() + '.geojson', 'application/geo+json', JSON.stringify(geojson(A.shown), null, 1));
      note.textContent = A.say('downloaded', { n: A.shown.length });
    } } });
    var csv = h('button', { type: 'button', 'data-download': 'csv', text: T.download_csv, on: { click: function () {
      var t = csvTable(A.shown, C.counts, U.territory);
      download('facilities_' + stamp() + '.csv', 'text/csv;charset=utf-8', '\ufeff' + U.toCSV(t[0], t[1]));
      note.textContent = A.say('downloaded', { n: A.shown.length });
    } } });
    host.appendChild(h('p', { cls: 'mapper-downloads' }, gj, ' ', csv));
    host.appendChild(note);
  }
  return { init: init, geojson: geojson, csvTable: csvTable };
}(MapperUtil, MapperDom));

/* mapper webmap · util: pure helpers (no DOM, no Leaflet). Unit-tested with `node --test`
 * (tests/js/). Plain script: defines the global MapperUtil; under Node it is also exported. */
var MapperUtil = (function () {
  'use strict';

  // "{n} facilities" + {n: 3} → "3 facilities"; unknown keys stay as written
  function fmt(s, vars) {
    return String(s).replace(/\{(\w+)\}/g, function (m, k) { return vars[k] != null ? vars[k] : m; });
  }
  // counts are numbers, or strings in public builds ("1–4", "12"): the lower bound
  function num(v) {
    if (typeof v === 'number') return v;
    if (typeof v === 'string') { var m = v.match(/^\d+/); return m ? +m[0] : 0; }
    return 0;
  }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // --- search keys: any script, any transliteration system ---------------------------------
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
  var FOLD_MAP = {};
  FOLDS.forEach(function (f) { FOLD_MAP[f[0]] = f[1]; });
  // lowercase, no diacritics (й, ё and ї keep their identity)
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

  // Google's encoded polyline (lon, lat pairs, 1/factor degree) → [[lat, lon], ...]
  function decodePolyline(str, factor) {
    var pts = [], i = 0, x = 0, y = 0;
    while (i < str.length) {
      var r = 0, s = 0, b;
      do { b = str.charCodeAt(i++) - 63; r |= (b & 31) << s; s += 5; } while (b >= 32);
      x += (r & 1) ? ~(r >> 1) : (r >> 1);
      r = 0; s = 0;
      do { b = str.charCodeAt(i++) - 63; r |= (b & 31) << s; s += 5; } while (b >= 32);
      y += (r & 1) ? ~(r >> 1) : (r >> 1);
      pts.push([y / factor, x / factor]);
    }
    return pts;
  }

  // --- facility facts ----------------------------------------------------------------------
  function nameOf(p, lang) { return p['name_' + lang] || p.name_en || p.name_uk || p.name_ru || p.id; }
  // 'ru' | 'ua_occupied' | 'ua_liberated' | 'ua'. `control_status` (registry, as of the
  // edition date) wins; without it `occupied` says under whose control people were held.
  function territory(p) {
    if (p.country === 'RU' || p.control_status === 'russia') return 'ru';
    if (p.control_status === 'liberated') return 'ua_liberated';
    if (p.control_status === 'occupied' || p.occupied) return 'ua_occupied';
    return 'ua';
  }
  function yearOf(s) { var m = /^(\d{4})/.exec(String(s == null ? '' : s)); return m ? +m[1] : null; }
  // In use in `year` ('' = any): testimonies that year, or inside the reported period.
  function activeInYear(p, year) {
    if (!year) return true;
    if (num(p['testimonies_' + year]) > 0) return true;
    var a = yearOf(p.first_reported), b = yearOf(p.last_reported);
    if (a == null && b == null) return false;
    return (a == null || a <= +year) && (b == null || b >= +year);
  }
  function countOf(p, year) { return num(year ? p['testimonies_' + year] : p.testimonies); }
  // "2022-03 – 2023" / "2022-03 – …" / ''
  function period(p) {
    if (!p.first_reported && !p.last_reported) return '';
    return (p.first_reported || '…') + ' – ' + (p.last_reported || '…');
  }
  // class index of a count (-1: below the first break)
  function choroClass(n, breaks) {
    var k = -1;
    for (var i = 0; i < breaks.length; i++) if (n >= breaks[i]) k = i;
    return k;
  }
  // Points east of 180° (Chukotka, given as -170…-180) are moved to 190…: one continuous view.
  function unwrapLon(lon) { return lon < -100 ? lon + 360 : lon; }
  // Bounds [[south, west], [north, east]] of [lon, lat] points, unwrapped across 180°.
  function bounds(coords) {
    if (!coords.length) return null;
    var s = 90, w = 540, n = -90, e = -540;
    coords.forEach(function (c) {
      var x = unwrapLon(c[0]);
      if (c[1] < s) s = c[1]; if (c[1] > n) n = c[1];
      if (x < w) w = x; if (x > e) e = x;
    });
    return [[s, w], [n, e]];
  }
  // Bounds of the bulk of the points: a point farther from the median than `k` median absolute
  // deviations (on either axis) is left out, so a few colonies in Siberia do not shrink Ukraine
  // to a corner, and no edge of a dense group is cut off (fewer than 20 points: all of them).
  function median(v) {
    var s = v.slice().sort(function (a, b) { return a - b; }), m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }
  function bulkBounds(coords, k) {
    if (coords.length < 20) return bounds(coords);
    function near(v) {
      var m = median(v), lim = k * Math.max(median(v.map(function (a) { return Math.abs(a - m); })), 0.5);
      return v.map(function (a) { return Math.abs(a - m) <= lim; });
    }
    var nx = near(coords.map(function (c) { return unwrapLon(c[0]); }));
    var ny = near(coords.map(function (c) { return c[1]; }));
    var kept = coords.filter(function (c, i) { return nx[i] && ny[i]; });
    return bounds(kept.length ? kept : coords);
  }
  // A quadratic arc from p0 to p1 ([lon, lat]), bending to the right of travel: [[lat, lon]...]
  function arc(p0, p1, bend, steps) {
    var dx = p1[0] - p0[0], dy = p1[1] - p0[1], pts = [];
    var cx = (p0[0] + p1[0]) / 2 + dy * bend, cy = (p0[1] + p1[1]) / 2 - dx * bend;
    for (var i = 0; i <= steps; i++) {
      var t = i / steps, u = 1 - t;
      pts.push([u * u * p0[1] + 2 * u * t * cy + t * t * p1[1], u * u * p0[0] + 2 * u * t * cx + t * t * p1[0]]);
    }
    return pts;
  }
  // Testimonies (or, without counts, facilities in use) per year: {year: n}
  function histogram(props, years, hasCounts) {
    var out = {};
    years.forEach(function (y) {
      var n = 0;
      props.forEach(function (p) { n += hasCounts ? num(p['testimonies_' + y]) : (activeInYear(p, String(y)) ? 1 : 0); });
      out[y] = n;
    });
    return out;
  }

  // --- CSV ---------------------------------------------------------------------------------
  // One cell: quoted when needed; text with a leading = + - @ tab or CR gets a ' so that a spreadsheet
  // shows the text instead of running it (OWASP "CSV injection").
  function csvCell(v) {
    if (v == null) return '';
    var s = Array.isArray(v) ? v.map(function (x) { return typeof x === 'object' ? JSON.stringify(x) : x; }).join('; ')
      : (typeof v === 'object' ? JSON.stringify(v) : String(v));
    if (typeof v !== 'number' && /^[=+\-@\t\r]/.test(s)) s = "'" + s;  // numbers stay numbers
    if (/[",\r\n;]/.test(s) || s !== s.trim()) s = '"' + s.replace(/"/g, '""') + '"';
    return s;
  }
  function toCSV(header, rows) {
    return [header].concat(rows).map(function (r) { return r.map(csvCell).join(','); }).join('\r\n') + '\r\n';
  }

  return { fmt: fmt, num: num, escapeHtml: escapeHtml, plain: plain, latin: latin, skeleton: skeleton,
    decodePolyline: decodePolyline, nameOf: nameOf, territory: territory, yearOf: yearOf,
    activeInYear: activeInYear, countOf: countOf, period: period, choroClass: choroClass,
    unwrapLon: unwrapLon, bounds: bounds, bulkBounds: bulkBounds, arc: arc, histogram: histogram, csvCell: csvCell, toCSV: toCSV };
}());
if (typeof module === 'object' && module.exports) module.exports = MapperUtil;

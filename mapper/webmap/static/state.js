/* mapper webmap · URL state: what the reader sees, in the address's #fragment, so a link
 * reopens it. Pure parse/serialise here; app.js reads and writes location.hash.
 *
 *   #id=<facility>&type=sizo,penal_colony&terr=ru&ctx=…&year=2023&view=48.21,37.55,8&layers=choro,flows
 *
 * Filters are written only when some value is off (the list holds the values that are ON);
 * an absent key means "as the map opens". Old links (#id=…) keep working. */
var MapperState = (function () {
  'use strict';
  var LISTS = ['type', 'terr', 'ctx', 'layers'];

  function parse(hash) {
    var out = {};
    String(hash || '').replace(/^#/, '').split('&').forEach(function (part) {
      if (!part) return;
      var i = part.indexOf('='), k = i < 0 ? part : part.slice(0, i), v = i < 0 ? '' : part.slice(i + 1);
      try { v = decodeURIComponent(v); } catch (e) { return; }
      if (LISTS.indexOf(k) >= 0) out[k] = v ? v.split(',') : [];
      else if (k === 'view') {
        var n = v.split(',').map(Number);
        if (n.length === 3 && n.every(isFinite) && Math.abs(n[0]) <= 90) out.view = n;
      } else if (k === 'year') { if (/^\d{4}$/.test(v)) out.year = v; }
      else if (k === 'id') out.id = v;
    });
    return out;
  }
  function enc(v) { return encodeURIComponent(v).replace(/%2C/g, ','); }
  function serialize(s) {
    var parts = [];
    if (s.id) parts.push('id=' + encodeURIComponent(s.id));
    LISTS.forEach(function (k) { if (s[k]) parts.push(k + '=' + enc(s[k].join(','))); });
    if (s.year) parts.push('year=' + s.year);
    if (s.view) parts.push('view=' + s.view[0].toFixed(4) + ',' + s.view[1].toFixed(4) + ',' + s.view[2]);
    return parts.length ? '#' + parts.join('&') : '';
  }
  // The values of `all` that are on, or null when every one is (nothing to write).
  function onList(on, all) {
    var list = all.filter(function (k) { return on[k]; });
    return list.length === all.length ? null : list;
  }
  return { parse: parse, serialize: serialize, onList: onList };
}());
if (typeof module === 'object' && module.exports) module.exports = MapperState;

/* mapper webmap · search: facilities by name, alias, town, region or id, in any script and
 * any transliteration (pure; uses MapperUtil). */
var MapperSearch = (function (U) {
  'use strict';

  // The search keys of one facility: plain (lowercase, no accents) and skeleton forms.
  function keys(p, regionName) {
    var names = [p.name_en, p.name_uk, p.name_ru, p.settlement_en, p.settlement_local, p.id, regionName]
      .concat(p.aliases || [], p.former_ids || []).filter(Boolean);
    return { plain: names.map(U.plain), skel: names.map(U.skeleton) };
  }
  // Items [{keys, name, value}] matching `q`, best first: prefix > substring > same skeleton.
  function rank(items, q) {
    var pq = U.plain(q).trim(), sq = U.skeleton(q);
    if (!pq) return [];
    var scored = [];
    items.forEach(function (it) {
      var best = 0;
      it.keys.plain.forEach(function (k) {
        var i = k.indexOf(pq);
        if (i === 0) best = Math.max(best, 3); else if (i > 0) best = Math.max(best, 2);
      });
      if (sq.length >= 2 && best < 1) it.keys.skel.forEach(function (k) { if (k.indexOf(sq) >= 0) best = 1; });
      if (best) scored.push([best, it.name, it.value]);
    });
    scored.sort(function (a, b) { return b[0] - a[0] || a[1].localeCompare(b[1]); });
    return scored.map(function (s) { return s[2]; });
  }
  return { keys: keys, rank: rank };
}(typeof MapperUtil !== 'undefined' ? MapperUtil : require('./util.js')));
if (typeof module === 'object' && module.exports) module.exports = MapperSearch;

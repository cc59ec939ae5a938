/* mapper webmap · i18n: interface text from the page's config (en, uk, ru; mapper/webmap/static/i18n.json). */
var MapperI18n = (function (U) {
  'use strict';
  function make(T) {
    // a label of a code in a group ("facility_type", "sizo"): the code itself if untranslated
    function lab(group, code) { var g = T[group] || {}; return g[code] || code; }
    function say(key, vars) { return U.fmt(T[key] != null ? T[key] : key, vars || {}); }
    return { T: T, lab: lab, say: say };
  }
  return { make: make };
}(typeof MapperUtil !== 'undefined' ? MapperUtil : require('./util.js')));
if (typeof module === 'object' && module.exports) module.exports = MapperI18n;

/* mapper webmap · data: the page's embedded blocks. The interface text is plain JSON; the
 * data (facilities as GeoJSON, regions, neighbour countries, flows, context) is base64 of
 * zlib-deflated JSON, inflated by the browser's own DecompressionStream (no eval, no blob:
 * script, so the Content-Security-Policy stays strict). */
var MapperData = (function () {
  'use strict';
  function config() { return JSON.parse(document.getElementById('mapper-config').textContent); }
  // the boot script (it ran first) inflates: one home for base64 → deflate → text
  var inflate = MapperBoot.inflate;
  function unpack(id) { return inflate(id).then(function (text) { return text == null ? null : JSON.parse(text); }); }

  function load(ids) { return Promise.all(ids.map(unpack)); }
  return { config: config, unpack: unpack, load: load, cannotOpen: MapperBoot.cannotOpen };
}());

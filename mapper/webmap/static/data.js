/* mapper webmap · data: the page's embedded blocks. The interface text is plain JSON; the
 * data (facilities as GeoJSON, regions, neighbour countries, flows, context) is base64 of
 * zlib-deflated JSON, inflated by the browser's own DecompressionStream (no eval, no blob:
 * script, so the Content-Security-Policy stays strict). */
var MapperData = (function () {
  'use strict';
  function config() { return JSON.parse(document.getElementById('mapper-config').textContent); }
  function supported() {
    return typeof DecompressionStream !== 'undefined' && typeof Blob.prototype.stream === 'function';
  }
  // base64 → bytes → inflate → text; a promise (null when the page has no such block)
  function inflate(id) {
    var el = document.getElementById(id);
    if (!el) return Promise.resolve(null);
    var bin = atob(el.textContent), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Response(stream).text();
  }
  function unpack(id) { return inflate(id).then(function (text) { return text == null ? null : JSON.parse(text); }); }

  // Said on the map and in place of the table: better than an empty page.
  function cannotOpen(message) {
    var msg = document.createElement('div');
    msg.className = 'mapper-unsupported';
    msg.setAttribute('role', 'alert');
    msg.textContent = message;
    document.getElementById('map').appendChild(msg);
    document.getElementById('mapper-table-body').textContent = message;
  }
  function load(ids) { return Promise.all(ids.map(unpack)); }
  return { config: config, supported: supported, unpack: unpack, load: load, cannotOpen: cannotOpen };
}());

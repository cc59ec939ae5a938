/* mapper webmap · boot: the page's only plain inline script. Leaflet, markercluster and the
 * map's own script travel deflated (base64 blocks lib-leaflet, lib-markercluster, app-mapper);
 * this inflates them with the browser's DecompressionStream and runs the three, in order, as
 * inline scripts — allowed by the page's CSP only because it lists the SHA-256 of each text
 * (no eval, no blob: script). Its inflate and "cannot open" message serve the map's own
 * script too (global MapperBoot). */
var MapperBoot = (function () {
  'use strict';
  // Said on the map and in place of the table: better than an empty page.
  function cannotOpen(message) {
    var msg = document.createElement('div');
    msg.className = 'mapper-unsupported';
    msg.setAttribute('role', 'alert');
    msg.textContent = message;
    document.getElementById('map').appendChild(msg);
    document.getElementById('mapper-table-body').textContent = message;
  }
  // base64 → bytes → inflate → text; a promise (null when the page has no such block).
  // The map's own data blocks are read with this too (MapperData.unpack).
  function inflate(id) {
    var el = document.getElementById(id);
    if (!el) return Promise.resolve(null);
    var bin = atob(el.textContent), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'))).text();
  }
  function fail() {
    cannotOpen(JSON.parse(document.getElementById('mapper-config').textContent).strings.browser_unsupported);
  }
  var api = { inflate: inflate, cannotOpen: cannotOpen };
  if (typeof DecompressionStream === 'undefined' || typeof Blob.prototype.stream !== 'function') { fail(); return api; }
  Promise.all([inflate('lib-leaflet'), inflate('lib-markercluster'), inflate('app-mapper')]).then(function (scripts) {
    scripts.forEach(function (text) {
      var s = document.createElement('script');
      s.textContent = text;
      document.head.appendChild(s);
    });
  }, function (err) { fail(); throw err; });
  return api;
}());

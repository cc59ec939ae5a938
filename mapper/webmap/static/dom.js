/* mapper webmap · dom: the only way this page makes elements. Text always goes in through
 * textContent or attributes, never innerHTML: names containing markup show as text. */
var MapperDom = (function () {
  'use strict';
  function h(tag, props) {
    var e = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v == null) return;
        if (k === 'text') e.textContent = v;
        else if (k === 'cls') e.className = v;
        else if (k === 'on') Object.keys(v).forEach(function (ev) { e.addEventListener(ev, v[ev]); });
        else e.setAttribute(k, v);
      });
    }
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c == null || c === false) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  function svgEl(tag, attrs) {
    var e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  // markup built by this page from numbers and colours only (marker shapes)
  function fromMarkup(svg) {
    var tmp = document.createElement('template');
    tmp.innerHTML = svg;
    return tmp.content.firstChild;
  }
  return { h: h, svgEl: svgEl, fromMarkup: fromMarkup };
}());

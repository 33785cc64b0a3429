// Wide tables scroll sideways inside the wrapper Material puts around them. A wrapper that really
// scrolls (which depends on the screen) becomes focusable, so that keyboard users can scroll it with
// the arrow keys, and is named after the heading above the table. Without this script (or
// without the wrapper) the table simply scrolls with the page or the mouse.
(function () {
  "use strict";

  function headingBefore(element) {
    for (var node = element.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) return node;
    }
    return null;
  }

  function update(wrap) {
    if (wrap.scrollWidth > wrap.clientWidth + 1) {
      wrap.setAttribute("tabindex", "0");
      var heading = headingBefore(wrap);
      if (heading && heading.id) {
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-labelledby", heading.id);
      }
    } else {
      wrap.removeAttribute("tabindex");
      wrap.removeAttribute("role");
      wrap.removeAttribute("aria-labelledby");
    }
  }

  var watcher = typeof ResizeObserver === "function"
    ? new ResizeObserver(function (entries) { entries.forEach(function (e) { update(e.target); }); })
    : null;

  function start() {
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap");
    for (var i = 0; i < wraps.length; i++) {
      update(wraps[i]);
      if (watcher) watcher.observe(wraps[i]);
    }
  }

  // Material wraps the tables when it reports a page on document$ (also after instant navigation).
  window.coursesite.onPage(start);
})();

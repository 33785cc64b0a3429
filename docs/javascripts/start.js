// The one start-up of the page scripts, loaded before them (mkdocs.yml: extra_javascript).
// coursesite.onPage(work) runs work() for the page shown now and for every page that comes
// after it: Material's instant navigation swaps pages without a load event and reports each one on
// document$; without Material (or before the page is parsed) the page's own load does it.
// start.js and course.js run ahead of Material's bundle (theme/main.html, issue 24): course.js then does
// this page at once, without waiting for Material's start-up, and the later pages through document$,
// which the bundle has made by DOMContentLoaded.
(function () {
  "use strict";

  function hasDocument$() {
    return !!window.document$ && typeof window.document$.subscribe === "function";
  }

  function onPage(work) {
    if (hasDocument$()) {
      window.document$.subscribe(function () { work(); });
      return;
    }
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { work(); });
    } else {
      work();
    }
    // Material's document$ gives first the page it started on (to a late subscriber too): this one, done above.
    document.addEventListener("DOMContentLoaded", function () {
      if (!hasDocument$()) return;
      var first = true;
      window.document$.subscribe(function () {
        if (first) first = false; else work();
      });
    });
  }

  // On a device that cannot hover, Material sets up each code block (its copy button, a measurement of its size: a
  // style and layout pass per block) when the block first comes into view, not all of them in its start-up's longest
  // task (issue 24): its flag content.lazy, which notebook pages have everywhere. Material makes a code block that
  // scrolls focusable only where (hover) matches, so there no block waits for a tab stop. Material reads the flags
  // once, when its bundle starts, which comes after this script.
  var config = document.getElementById("__config");
  if (config && window.matchMedia && window.matchMedia("(hover: none)").matches) {
    var settings = JSON.parse(config.textContent);
    if (settings.features && settings.features.indexOf("content.lazy") < 0) {
      settings.features.push("content.lazy");
      config.textContent = JSON.stringify(settings);
    }
  }

  window.coursesite = Object.freeze({ onPage: onPage });
})();

// The one start-up of the page scripts, loaded before them (mkdocs.yml: extra_javascript).
// coursesite.onPage(work) runs work() for the page shown now and for every page that comes
// after it: Material's instant navigation swaps pages without a load event and reports each one on
// document$; without Material (or before the page is parsed) the page's own load does it.
(function () {
  "use strict";

  function onPage(work) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(function () { work(); });
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () { work(); });
    } else {
      work();
    }
  }

  window.coursesite = Object.freeze({ onPage: onPage });
})();

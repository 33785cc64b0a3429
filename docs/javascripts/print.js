// The running head of printed pages shows the page's address (theme main.html, print.css). A site
// built without site_url does not know its address; the page then takes the one it was opened from.
(function () {
  "use strict";

  // A CSS string with every character but letters, digits and spaces as a hex escape.
  function cssString(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      out += /[A-Za-z0-9 ]/.test(c) ? c : "\\" + text.charCodeAt(i).toString(16) + " ";
    }
    return '"' + out + '"';
  }

  // The address goes into a stylesheet for print, not into the root element's style: a custom property set
  // there changes what every element inherits, and the browser recomputes the style of the whole page for a
  // screen that never shows it (one full recalculation on every page load, the longest task on long pages).
  // A print-only sheet is left out of the screen's styles entirely. Its :where(:root) weighs nothing, so the
  // address the build wrote (theme main.html, :root, with site_url) wins over the one the page was opened from.
  function start() {
    var sheet = document.getElementById("cs-print-address");
    if (!sheet) {
      sheet = document.createElement("style");
      sheet.id = "cs-print-address";
      sheet.media = "print";
      document.head.appendChild(sheet);
    }
    sheet.textContent = ":where(:root) { --cs-address: " + cssString(location.href) + "; }";
  }

  window.coursesite.onPage(start);
})();

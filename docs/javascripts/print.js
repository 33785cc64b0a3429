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

  function start() {
    var root = document.documentElement;
    // Set by the build (site_url) unless this script set it for an earlier page (instant navigation).
    var mine = root.getAttribute("data-cs-address") === "page";
    if (!mine && getComputedStyle(root).getPropertyValue("--cs-address").trim()) return;
    root.setAttribute("data-cs-address", "page");
    root.style.setProperty("--cs-address", cssString(location.href));
  }

  window.coursesite.onPage(start);
})();

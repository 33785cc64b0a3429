// Notebook pages: a plot opens at full size (on a phone, where it is shrunk to the screen's width)
// in a dialog that scrolls; Escape, the close button or a click outside the picture closes it.
// Without this script the plots are simply shown as wide as the page.
(function () {
  "use strict";

  var SELECTOR = ".cs-nb-output img";

  function open(img) {
    var dialog = document.createElement("dialog");
    dialog.className = "cs-zoom";
    dialog.setAttribute("aria-label", img.getAttribute("alt") || document.title);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "md-button cs-zoom__close";
    close.textContent = "×";
    // The button's name in the page's language, from the line under the notebook's heading (notebook_html).
    var named = document.querySelector("[data-close]");
    if (named) close.setAttribute("aria-label", named.getAttribute("data-close"));
    close.addEventListener("click", function () { dialog.close(); });
    var big = document.createElement("img");
    big.src = img.src;
    big.alt = img.getAttribute("alt") || "";
    dialog.appendChild(close);
    dialog.appendChild(big);
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () { dialog.remove(); img.focus(); });
    document.body.appendChild(dialog);
    dialog.showModal();
  }

  function start() {
    document.querySelectorAll(SELECTOR).forEach(function (img) {
      if (img.hasAttribute("data-cs-zoom")) return;
      img.setAttribute("data-cs-zoom", "");
      img.setAttribute("tabindex", "0");
      img.setAttribute("role", "button");
      img.addEventListener("click", function () { open(img); });
      img.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(img); }
      });
    });
  }

  window.coursesite.onPage(start);
})();

// Number picker on the rotation page: type your number, press Enter, land on your personal page.
// Without JavaScript the form stays hidden and the list of number links below it does the same job.
(function () {
  "use strict";

  // The address comes from the matching number link, so this script knows nothing about the
  // site's URL layout, and a number without a page cannot be picked.
  function linkFor(form, value) {
    var links = form.parentNode.querySelectorAll(".cs-numbers a");
    for (var i = 0; i < links.length; i++) {
      if (links[i].textContent.trim() === value) return links[i];
    }
    return null;
  }

  // Submit events bubble to the document, so one listener serves every page, also those
  // that Material's instant navigation swaps in later.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-cs-picker]")) return;
    event.preventDefault();
    // min, max and step make the browser refuse a number without a page before this runs.
    var link = linkFor(form, String(Number(form.elements.n.value)));
    // A click on the link itself lets instant navigation load the page when it is on.
    if (link) link.click();
  });

  function show() {
    var forms = document.querySelectorAll("form[data-cs-picker][hidden]");
    for (var i = 0; i < forms.length; i++) forms[i].hidden = false;
  }

  window.coursesite.onPage(show);
})();

// Progressive enhancement for the course pages; every page reads fine without it.

// Now/next: the pages carry each event as <time datetime="start" data-end="end">. In the
// reader's browser, with the reader's clock, this marks past events (cs-past), highlights
// today's (cs-today) or else the next one (cs-next), and fills the status line
// [data-cs-status] with the sentence the page provides in its own language. The built pages
// never contain a "today", so they cannot go stale.
(function () {
  "use strict";

  var MARKS = ["cs-past", "cs-next", "cs-today"];

  // The table row, section, box or else list item that shows an event (in this order of preference);
  // marking it marks everything about the event.
  var ITEMS = ["tr", ".cs-event", ".admonition", "li"];
  function itemOf(time) {
    for (var i = 0; i < ITEMS.length; i++) {
      var item = time.closest(ITEMS[i]);
      if (item) return item;
    }
    return time;
  }

  // The calendar day (YYYY-MM-DD) of an instant at the UTC offset written in an ISO string,
  // i.e. in the course's time zone, whatever the reader's own zone is.
  function dayAt(instant, iso) {
    var m = /([+-])(\d\d):(\d\d)$/.exec(iso);
    var offset = m ? (m[1] === "-" ? -1 : 1) * (60 * +m[2] + +m[3]) : 0;
    return new Date(instant + offset * 60000).toISOString().slice(0, 10);
  }

  function events(root) {
    var list = [];
    root.querySelectorAll("time[datetime][data-end]").forEach(function (el) {
      var iso = el.getAttribute("datetime");
      var start = Date.parse(iso), end = Date.parse(el.getAttribute("data-end"));
      if (!isNaN(start) && !isNaN(end)) list.push({ el: el, iso: iso, start: start, end: end });
    });
    return list.sort(function (a, b) { return a.start - b.start; });
  }

  function fill(sentence, event) {
    var what = event.el.getAttribute("data-what") || event.el.textContent;
    var when = event.el.getAttribute("data-when") || event.el.textContent;
    return sentence.replace("{what}", what).replace("{when}", when);
  }

  function update(root) {
    var now = Date.now();
    var all = events(root);
    var coming = null;  // the first event that has not ended yet
    all.forEach(function (e) { if (!coming && e.end > now) coming = e; });
    var today = coming && dayAt(now, coming.iso) === coming.iso.slice(0, 10);

    all.forEach(function (e) {
      var item = itemOf(e.el);
      MARKS.forEach(function (c) { item.classList.remove(c); });
      item.removeAttribute("aria-current");
      if (e.end <= now) {
        item.classList.add("cs-past");
      } else if (coming && e.start === coming.start) {
        item.classList.add(today ? "cs-today" : "cs-next");
        if (today) item.setAttribute("aria-current", "date");
      }
    });

    root.querySelectorAll("[data-cs-status]").forEach(function (box) {
      var sentence;
      if (!all.length) return;
      if (!coming) sentence = box.getAttribute("data-ended");
      else if (coming.start <= now) sentence = fill(box.getAttribute("data-now"), coming);
      else if (today) sentence = fill(box.getAttribute("data-today"), coming);
      else sentence = fill(box.getAttribute("data-next"), coming);
      if (!sentence) return;
      box.textContent = sentence;
      box.classList.toggle("cs-status--ended", !coming);
      box.hidden = false;
    });
  }

  // Re-check every minute, so a page left open moves on when a session starts or ends.
  var timer = null;
  function start() {
    update(document);
    if (timer === null) timer = window.setInterval(function () { update(document); }, 60000);
  }

  // Material's instant navigation swaps pages without a load event; document$ reports each page.
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

// The announcement bar (course.yaml's newest announcement) carries the day it ends: a site that is
// not rebuilt in the meantime still stops showing it then, by the reader's clock.
(function () {
  "use strict";
  var bar = document.querySelector(".cs-announce[data-until]");
  var today = new Date().toISOString().slice(0, 10);
  if (bar && today >= bar.getAttribute("data-until")) {
    var banner = bar.closest(".md-banner");
    (banner || bar).hidden = true;
  }
})();

// Progressive enhancement for the course pages; every page reads fine without it.

// Now/next: the pages carry each event as <time datetime="start" data-end="end">. In the
// reader's browser, with the reader's clock, this marks past events (cs-past), highlights
// today's (cs-today) or else the next one (cs-next), fills the status line [data-cs-status]
// with the sentence the page provides in its own language, moves a personal page's next
// session to its top [data-cs-agenda] and shows only the steps [data-cs-from/-until] that
// still matter. The built pages never contain a "today", so they cannot go stale. What follows
// an element marked [data-cs-wait] is painted only once this is done, so that nothing moves.
// An event whose <time> (or an element around it) has data-cancelled is shown past or
// upcoming like any other, but is never the next one.
(function () {
  "use strict";

  var MARKS = ["cs-past", "cs-next", "cs-today"];

  // The column heading, table row, section, box or else list item that shows an event (in this
  // order of preference); marking it marks everything about the event.
  var ITEMS = ["th", "tr", ".cs-event", ".admonition", "li"];
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

  function eventOf(el) {
    var iso = el.getAttribute("datetime");
    var start = Date.parse(iso), end = Date.parse(el.getAttribute("data-end"));
    if (isNaN(start) || isNaN(end)) return null;
    return { el: el, iso: iso, start: start, end: end, cancelled: !!el.closest("[data-cancelled]") };
  }

  function events(root) {
    var list = [];
    root.querySelectorAll("time[datetime][data-end]").forEach(function (el) {
      var e = eventOf(el);
      if (e) list.push(e);
    });
    return list.sort(function (a, b) { return a.start - b.start; });
  }

  // The first event of a list that has not ended and is not cancelled.
  function comingOf(list, now) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].end > now && !list[i].cancelled) return list[i];
    }
    return null;
  }

  function isToday(e, now) { return !!e && dayAt(now, e.iso) === e.iso.slice(0, 10); }

  function fill(sentence, el) {
    var what = el.getAttribute("data-what") || el.textContent;
    var when = el.getAttribute("data-when") || el.textContent;
    return sentence.replace("{what}", what).replace("{when}", when);
  }

  function setMark(el, mark) {
    MARKS.forEach(function (c) { el.classList.remove(c); });
    if (mark) el.classList.add(mark);
  }

  // A marked column heading marks its column; its badge [data-cs-mark] says "next session" or
  // "today" in words, for every reader (screen readers too).
  function markColumn(th, mark) {
    var table = th.closest("table");
    if (table) {
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        if (tr.cells[th.cellIndex]) setMark(tr.cells[th.cellIndex], mark);
      });
    }
  }

  function mark(all, coming, now) {
    var today = isToday(coming, now);
    all.forEach(function (e) {
      var item = itemOf(e.el);
      var m = "";
      if (e.end <= now) m = "cs-past";
      else if (coming && e.start === coming.start && !e.cancelled) m = today ? "cs-today" : "cs-next";
      setMark(item, m);
      if (m === "cs-today") item.setAttribute("aria-current", "date");
      else item.removeAttribute("aria-current");
      if (item.tagName === "TH") markColumn(item, m);
      var badge = item.querySelector("[data-cs-mark]");
      if (badge) {
        var word = m === "cs-today" ? badge.getAttribute("data-today") : m === "cs-next" ? badge.getAttribute("data-next") : "";
        badge.textContent = word || "";
        badge.hidden = !word;
      }
    });
  }

  function link(href, text) {
    var a = document.createElement("a");
    a.setAttribute("href", href);
    a.textContent = text;
    return a;
  }

  // Where the event takes place and what to read: room, online link (http(s) only) and paper.
  function whereOf(el) {
    var parts = [];
    if (el.getAttribute("data-room")) parts.push(document.createTextNode(el.getAttribute("data-room")));
    var online = el.getAttribute("data-online") || "";
    if (/^https?:\/{2}/i.test(online)) parts.push(link(online, el.getAttribute("data-online-label") || online));
    // The paper's page: a link within the site (no scheme) or to a web address, nothing else.
    var href = el.getAttribute("data-href") || "";
    if (href && el.getAttribute("data-paper") && (!/^[a-z][a-z0-9+.-]*:/i.test(href) || /^https?:\/{2}/i.test(href))) {
      parts.push(link(href, el.getAttribute("data-paper")));
    }
    if (!parts.length) return null;
    var line = document.createElement("span");
    line.className = "cs-status__where";
    parts.forEach(function (part, i) {
      if (i) line.appendChild(document.createTextNode(" · "));
      line.appendChild(part);
    });
    return line;
  }

  function status(root, all, coming, now) {
    root.querySelectorAll("[data-cs-status]").forEach(function (box) {
      var sentence;
      if (!all.length) return;
      if (!coming) sentence = box.getAttribute("data-ended");
      else if (coming.start <= now) sentence = fill(box.getAttribute("data-now"), coming.el);
      else if (isToday(coming, now)) sentence = fill(box.getAttribute("data-today"), coming.el);
      else sentence = fill(box.getAttribute("data-next"), coming.el);
      if (!sentence) return;
      box.textContent = sentence;
      var where = coming && whereOf(coming.el);
      if (where) box.appendChild(where);
      box.classList.toggle("cs-status--ended", !coming);
      box.hidden = false;
    });
  }

  // A personal page: the coming session's section moves into the slot at the top, under a label;
  // the sessions still to come follow in the list, the past ones go to its end.
  function agenda(root, now) {
    var slot = root.querySelector("[data-cs-agenda]");
    var list = root.querySelector("[data-cs-sessions]");
    if (!slot || !list) return;
    // The sections in date order, as the page lists them at first. A cancelled session has no <time>
    // (nothing to go to); it counts as past when the next dated section after it is.
    var sections = [];
    root.querySelectorAll(".cs-event").forEach(function (section, i) {
      if (!section.hasAttribute("data-cs-order")) section.setAttribute("data-cs-order", String(i));
      var time = section.querySelector("time[datetime][data-end]");
      var e = (time && eventOf(time)) || { section: null, start: NaN, end: NaN, cancelled: true };
      e.section = section;
      e.order = +section.getAttribute("data-cs-order");
      sections.push(e);
    });
    sections.sort(function (a, b) { return a.order - b.order; });
    for (var i = sections.length - 1, after = Infinity; i >= 0; i--) {
      if (isNaN(sections[i].end)) sections[i].end = after; else after = sections[i].end;
    }
    var current = comingOf(sections, now);
    var label = document.createElement("p");
    label.className = "cs-agenda__label";
    label.textContent = !current ? slot.getAttribute("data-ended")
      : current.start <= now ? slot.getAttribute("data-now")
      : isToday(current, now) ? slot.getAttribute("data-today") : slot.getAttribute("data-next");
    // Found before the slot empties: the session in it (and its deadlines) leaves the page until re-added.
    var deadline = nextDeadline(root, now);
    slot.textContent = "";
    slot.appendChild(label);
    // The deadline right under the label: a session's details (duties and all) fill a phone's first screen.
    if (deadline && slot.getAttribute("data-deadline")) {
      var line = document.createElement("p");
      line.className = "cs-agenda__deadline";
      line.textContent = fill(slot.getAttribute("data-deadline"), deadline);
      slot.appendChild(line);
    }
    if (current) slot.appendChild(current.section);
    sections.forEach(function (e) { if (e !== current && e.end > now) list.appendChild(e.section); });
    sections.forEach(function (e) { if (e.end <= now) list.appendChild(e.section); });
    slot.hidden = false;
  }

  // Deadlines are <time datetime="..." data-deadline> (with data-what naming what is due).
  function nextDeadline(root, now) {
    var best = null, bestAt = Infinity;
    root.querySelectorAll("time[datetime][data-deadline]").forEach(function (el) {
      var at = Date.parse(el.getAttribute("datetime"));
      if (!isNaN(at) && at > now && at < bestAt) { best = el; bestAt = at; }
    });
    return best;
  }

  // Steps and notes that matter only from (data-cs-from) or until (data-cs-until) an instant.
  function steps(root, now) {
    root.querySelectorAll("[data-cs-from], [data-cs-until]").forEach(function (el) {
      var from = Date.parse(el.getAttribute("data-cs-from")), until = Date.parse(el.getAttribute("data-cs-until"));
      el.hidden = (!isNaN(from) && now < from) || (!isNaN(until) && now >= until);
    });
  }

  function update(root) {
    var now = Date.now();
    var all = events(root);
    var coming = comingOf(all, now);
    agenda(root, now);
    mark(all, coming, now);
    status(root, all, coming, now);
    steps(root, now);
    // Everything is in its place: what follows the status line or the slot may be painted (now.css).
    root.querySelectorAll("[data-cs-wait]").forEach(function (el) { el.removeAttribute("data-cs-wait"); });
  }

  // Re-check every minute, so a page left open moves on when a session starts or ends.
  var timer = null;
  function start() {
    update(document);
    if (timer === null) timer = window.setInterval(function () { update(document); }, 60000);
  }

  window.coursesite.onPage(start);
})();


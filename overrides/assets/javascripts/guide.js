/* The guide's small enhancements, no framework: "open now", filters on need pages, search.
   Everything works without this file: lists are complete, hours are printed in full. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("qfq-config").textContent);
  var ui = config.ui;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  /* The date and time in Paris, whatever the phone's own time zone. */
  function parisNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    var iso = parts.year + "-" + parts.month + "-" + parts.day;
    var weekday = (new Date(iso + "T12:00:00Z").getUTCDay() + 6) % 7; /* Monday = 0 */
    return { iso: iso, weekday: weekday, minute: (+parts.hour) * 60 + (+parts.minute) };
  }

  function addDays(iso, days) {
    var d = new Date(iso + "T12:00:00Z");
    d.setUTCDate(d.getUTCDate() + days);
    return d.toISOString().slice(0, 10);
  }

  function slotsOn(hours, iso, weekday) {
    return hours.c.indexOf(iso) >= 0 ? [] : hours.w[weekday];
  }

  /* {open, text}: "Open now · until 12:00" or "Closed now · opens Tuesday at 09:00". */
  function status(hours, now) {
    var today = slotsOn(hours, now.iso, now.weekday);
    for (var i = 0; i < today.length; i++) {
      if (today[i][0] <= now.minute && now.minute < today[i][1]) {
        return { open: true, text: ui.open_now + " · " + fill(ui.open_until, { time: hours.t[today[i][1]] }) };
      }
    }
    for (var d = 0; d < 14; d++) {
      var iso = addDays(now.iso, d), weekday = (now.weekday + d) % 7;
      var slots = slotsOn(hours, iso, weekday);
      for (var j = 0; j < slots.length; j++) {
        if (d > 0 || slots[j][0] > now.minute) {
          var time = hours.t[slots[j][0]];
          var next = d === 0 ? fill(ui.opens_at, { time: time })
            : fill(ui.opens_on, { day: config.days[weekday], time: time });
          return { open: false, text: ui.closed_now + " · " + next };
        }
      }
    }
    return { open: false, text: ui.closed_now };
  }

  function showOpenNow() {
    var now = parisNow();
    document.querySelectorAll("[data-hours]").forEach(function (el) {
      var state = status(JSON.parse(el.getAttribute("data-hours")), now);
      var out = el.querySelector(".qfq-now");
      if (out) {
        out.textContent = state.text;
        out.className = "qfq-now " + (state.open ? "qfq-now--open" : "qfq-now--closed");
        out.hidden = false;
      }
      el.setAttribute("data-open", state.open ? "1" : "0");
    });
  }

  function setUpFilters() {
    var form = document.getElementById("qfq-filters");
    if (!form) return;
    var cards = Array.prototype.slice.call(document.querySelectorAll(".qfq-card"));
    var count = document.getElementById("qfq-count");
    /* A card is a service of a place (or the place itself): the count is of places. A
       filter keeps only the cards whose data says yes ("1"); "0" is no, "" is unknown. */
    function apply() {
      var places = {}, shown = {};
      cards.forEach(function (card) {
        var ok = (!form.free.checked || card.getAttribute("data-free") === "1")
          && (!form.walkin.checked || card.getAttribute("data-walkin") === "1")
          && (!form.open.checked || card.getAttribute("data-open") === "1")
          && (!form.lang.value || (" " + card.getAttribute("data-langs") + " ").indexOf(" " + form.lang.value + " ") >= 0);
        card.hidden = !ok;
        places[card.getAttribute("data-place")] = true;
        if (ok) shown[card.getAttribute("data-place")] = true;
      });
      count.textContent = fill(ui.shown_count, {
        shown: Object.keys(shown).length, total: Object.keys(places).length
      });
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.hidden = false;
    apply();
  }

  function setUpSearch() {
    var box = document.getElementById("qfq-results");
    if (!box) return;
    var query = new URLSearchParams(location.search).get("q") || "";
    var input = document.getElementById("qfq-q");
    input.value = query;
    if (!query.trim()) return;
    // One index for the whole site (site/pagefind/); each language's part was made from
    // that language's pages alone, so its results are relative to the language's folder.
    var root = new URL(config.root, location.href);
    var home = new URL(config.home, location.href);
    import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
      pagefind.options({ baseUrl: home.pathname });
      return pagefind.search(query);
    }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(function (results) {
      var heading = document.createElement("p");
      heading.textContent = fill(results.length ? ui.search_results : ui.search_none, { query: query });
      box.replaceChildren(heading);
      if (!results.length) return;
      var list = document.createElement("ol");
      list.className = "qfq-results";
      results.forEach(function (r) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = r.url;
        link.textContent = r.meta.title;
        var excerpt = document.createElement("p");
        excerpt.append.apply(excerpt, excerptNodes(r.excerpt));
        item.append(link, excerpt);
        list.append(item);
      });
      box.append(list);
    });
  }

  /* An excerpt is page text with <mark> around the words found. It is parsed inertly and
     rebuilt from text and <mark> only, so nothing else of it can ever become markup. */
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    var nodes = [];
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    });
    return nodes;
  }

  showOpenNow();
  setUpFilters();
  setUpSearch();
})();

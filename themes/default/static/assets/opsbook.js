/* opsbook default theme — progressive enhancement only; every page works without it. */
(function () {
  "use strict";

  var doc = document.documentElement;
  var THEME_KEY = "opsbook-theme";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  /* ------------------------------------------------------------------ words */
  // The theme's words are the site's language's, from assets/i18n.js (window.opsbookI18n,
  // written by the build and loaded first). t(key, args) is the text of `key` with each
  // {name} of `args` filled in; a text that counts ({one: …, other: …}) takes the form of
  // args.n in that language. A key the catalog lacks shows as itself: seen, never a crash.
  // search.js uses it too (window.opsbookText).
  var own = Object.prototype.hasOwnProperty;
  var rules = null, rulesLang = null;
  function pluralForm(lang, n) {
    if (rulesLang !== lang) {
      rulesLang = lang;
      try { rules = new Intl.PluralRules(lang); } catch (e) {
        try { rules = new Intl.PluralRules("en"); } catch (e2) { rules = null; }
      }
    }
    return rules ? rules.select(n) : (n === 1 ? "one" : "other");
  }
  function t(key, args) {
    var catalog = window.opsbookI18n || {}, words = catalog.words || {};
    var text = own.call(words, key) ? words[key] : key;
    if (text && typeof text === "object") {
      var form = pluralForm(catalog.lang || "en", args ? args.n : undefined);
      text = own.call(text, form) ? text[form] : text.other;
      if (text == null) return key;
    }
    // One pass: a value filled in is never read for placeholders itself. A date in a
    // right-to-left page is isolated left to right (a tooltip cannot hold a <time>).
    var rtl = document.documentElement.dir === "rtl";
    return String(text).replace(/\{(\w+)\}/g, function (all, name) {
      if (!args || !own.call(args, name)) return all;
      var value = String(args[name]);
      return rtl && /^\d{4}-\d{2}-\d{2}$/.test(value) ? "\u2066" + value + "\u2069" : value;
    });
  }
  window.opsbookText = t;

  // Appends `text` to `parent` with each {name} of `nodes` as that node (a date, links): the
  // words around it are the catalog's, in its order.
  function fill(parent, text, nodes) {
    var used = {};
    // Split at the placeholders: their names are the odd parts.
    text.split(/\{(\w+)\}/).forEach(function (part, i) {
      if (i % 2 && nodes[part]) {
        parent.appendChild(used[part] ? nodes[part].cloneNode(true) : nodes[part]);
        used[part] = true;
      } else if (part) parent.appendChild(document.createTextNode(i % 2 ? "{" + part + "}" : part));
    });
    return parent;
  }

  /* ---------------------------------------------------------- theme toggle */
  var darkQuery = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function effectiveTheme() {
    var set = doc.getAttribute("data-theme");
    if (set === "dark" || set === "light") return set;
    return darkQuery && darkQuery.matches ? "dark" : "light";
  }

  function syncThemeButtons() {
    var dark = effectiveTheme() === "dark";
    document.querySelectorAll(".theme-toggle").forEach(function (btn) {
      btn.setAttribute("aria-pressed", dark ? "true" : "false");
      btn.title = t(dark ? "theme_to_light" : "theme_to_dark");
    });
  }

  // Switching back to the system's own theme forgets the choice, so the site follows the
  // system again (when it changes at dusk, say) instead of staying pinned to one theme.
  document.querySelectorAll(".theme-toggle").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var next = effectiveTheme() === "dark" ? "light" : "dark";
      var system = darkQuery && darkQuery.matches ? "dark" : "light";
      try {
        if (next === system) localStorage.removeItem(THEME_KEY);
        else localStorage.setItem(THEME_KEY, next);
      } catch (e) { /* private mode */ }
      if (next === system) doc.removeAttribute("data-theme");
      else doc.setAttribute("data-theme", next);
      themeChanged();
    });
  });
  // What else follows the theme (diagrams) adds itself here.
  var themeListeners = [syncThemeButtons];
  function themeChanged() { themeListeners.forEach(function (f) { f(); }); }
  if (darkQuery) {
    var onSystemChange = themeChanged;
    if (darkQuery.addEventListener) darkQuery.addEventListener("change", onSystemChange);
    else if (darkQuery.addListener) darkQuery.addListener(onSystemChange);
  }
  syncThemeButtons();

  /* ------------------------------------------------------------ header links */
  // The header shows the kinds and the site's own pages (reviews, owners, tags …) while they
  // fit; where they do not, the site's pages fold into a "More" menu, and the phone menu's
  // drawer lists them after the kinds. Both are made here from the header's links (without
  // scripts the header scrolls and the footer lists them), which keeps them out of every
  // page's HTML.
  var header = document.querySelector(".site-header");
  var kindNav = header && header.querySelector(".kind-nav");
  var extras = kindNav ? kindNav.querySelectorAll(".kind-nav-extra > a") : [];
  var moreMenu = null;
  if (extras.length) {
    moreMenu = document.createElement("details");
    moreMenu.className = "nav-more-menu";
    var summary = document.createElement("summary");
    summary.textContent = t("nav_more");
    var moreList = document.createElement("ul");
    // The kinds too, each shown in the menu only while the row has no room for it (at a
    // width where even the kinds alone do not fit, the last was cut off mid-word).
    var kindItems = kindNav.querySelectorAll("li:not(.kind-nav-extra)");
    var kindsInMenu = Array.prototype.map.call(kindItems, function (item) {
      var li = document.createElement("li");
      li.appendChild(item.querySelector("a").cloneNode(true));
      li.style.display = "none";
      return moreList.appendChild(li);
    });
    var drawerKinds = document.querySelector(".sidebar-kinds");
    Array.prototype.forEach.call(extras, function (a) {
      var li = document.createElement("li");
      li.appendChild(a.cloneNode(true));
      moreList.appendChild(li);
      if (drawerKinds) {
        var item = li.cloneNode(true);
        item.className = "sidebar-extra";
        drawerKinds.appendChild(item);
      }
    });
    moreMenu.appendChild(summary);
    moreMenu.appendChild(moreList);
    kindNav.parentNode.insertBefore(moreMenu, kindNav.nextSibling);
  }
  if (kindNav && moreMenu) {
    var overflows = function () { return kindNav.scrollWidth > kindNav.clientWidth + 1; };
    var fitNav = function () {
      header.classList.remove("nav-folded");
      kindsInMenu.forEach(function (li, i) { li.style.display = "none"; kindItems[i].style.display = ""; });
      if (!overflows()) { moreMenu.open = false; return; }
      header.classList.add("nav-folded");
      // Then the kinds from the last, while the row still runs past its room (the first
      // stays, so the row is never empty).
      for (var i = kindItems.length - 1; i > 0 && overflows(); i--) {
        kindItems[i].style.display = "none";
        kindsInMenu[i].style.display = "";
      }
    };
    fitNav();
    // Again once web fonts and images are in, which can change the links' widths.
    window.addEventListener("load", fitNav);
    var fitTimer = 0;
    window.addEventListener("resize", function () { clearTimeout(fitTimer); fitTimer = setTimeout(fitNav, 50); });
    document.addEventListener("click", function (e) { if (moreMenu.open && !moreMenu.contains(e.target)) moreMenu.open = false; });
    moreMenu.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && moreMenu.open) {
        moreMenu.open = false;
        moreMenu.querySelector("summary").focus();
      }
    });
    moreMenu.addEventListener("focusout", function (e) {
      if (moreMenu.open && e.relatedTarget && !moreMenu.contains(e.relatedTarget)) moreMenu.open = false;
    });
  }

  /* ------------------------------------------------------------ mobile menu */
  var navInput = document.getElementById("nav-toggle");
  var menuButton = document.querySelector(".menu-button");
  var sidebar = document.getElementById("sidebar");

  // The sidebar's page tree is a file shared by the pages of a folder (data-tree; named by
  // its entries, its page counts changing under the name when pages are added elsewhere):
  // fetched, put in, and the current page marked in it here.
  function markCurrent() {
    var strip = function (path) { return path.replace(/index\.html$/, ""); };
    var here = strip(location.pathname);
    var links = sidebar.querySelectorAll(".nav-tree li:not(.nav-more) > a");
    var found = false;
    for (var n = 0; n < links.length && !found; n++) {
      if (strip(new URL(links[n].getAttribute("href"), location.href).pathname) === here) {
        links[n].setAttribute("aria-current", "page");
        links[n].parentNode.classList.add("is-active");
        found = true;
      }
    }
    // A page past the cut of a long folder is not in the shared sidebar: add it just before
    // the folder's "All N pages" link.
    var folder = here.replace(/[^/]*\/$/, "");
    var mores = sidebar.querySelectorAll(".nav-tree .nav-more > a");
    var title = document.querySelector("main h1");
    for (var m = 0; m < mores.length && !found && title; m++) {
      if (strip(new URL(mores[m].getAttribute("href"), location.href).pathname) !== folder) continue;
      var item = document.createElement("li");
      item.className = "is-active";
      var link = document.createElement("a");
      link.href = "./";
      link.setAttribute("aria-current", "page");
      link.textContent = title.textContent;
      item.appendChild(link);
      mores[m].parentNode.parentNode.insertBefore(item, mores[m].parentNode);
      found = true;
    }
  }
  // Keep the current page visible in a long sidebar.
  function showCurrent() {
    var current = sidebar.querySelector(".nav-tree [aria-current='page']");
    if (current && sidebar.scrollHeight > sidebar.clientHeight) {
      var top = current.offsetTop - sidebar.offsetTop;
      if (top > sidebar.clientHeight * 0.6) sidebar.scrollTop = top - sidebar.clientHeight / 3;
    }
  }
  function putTree(html) {
    if (sidebar.querySelector(".nav-tree")) return;
    // Our own build's file, from this site: its titles are escaped like the page's.
    sidebar.insertAdjacentHTML("beforeend", html);
    markCurrent();
    showCurrent();
  }
  var treeUrl = sidebar && sidebar.getAttribute("data-tree");
  if (treeUrl) {
    var treeKey = "opsbook-tree:" + new URL(treeUrl, location.href).pathname;
    var kept = null;
    try { kept = sessionStorage.getItem(treeKey); } catch (e) {}
    // Fetched once a tab: its entries do not change under its name, only the counts beside
    // them (a page added elsewhere), which a tab may show as they were when it opened.
    if (kept !== null) putTree(kept);
    else if (window.fetch) {
      fetch(treeUrl).then(function (r) {
        if (!r.ok) throw new Error("sidebar: " + r.status);
        return r.text();
      }).then(function (html) {
        try { sessionStorage.setItem(treeKey, html); } catch (e) {}
        putTree(html);
      }).catch(function () {});
    }
  }

  if (navInput && menuButton && sidebar) {
    // the button replaces the checkbox as the control (the stylesheet shows it from now on);
    // the checkbox keeps driving the CSS
    document.documentElement.classList.add("js-menu");
    navInput.tabIndex = -1;
    navInput.setAttribute("aria-hidden", "true");

    var setMenu = function (open, focusInside) {
      navInput.checked = open;
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
      if (open && focusInside) {
        var target = sidebar.querySelector("[aria-current='page']") || sidebar.querySelector("a");
        // The drawer is fixed: focus needs no scrolling, which moved the page behind it.
        if (target) target.focus({ preventScroll: true });
      }
    };
    menuButton.addEventListener("click", function () { setMenu(!navInput.checked, true); });
    navInput.addEventListener("change", function () { setMenu(navInput.checked, false); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && navInput.checked) {
        setMenu(false);
        menuButton.focus({ preventScroll: true });
      }
    });
    // Focus leaving the open drawer (Tab past its last link) closes it: what is behind the
    // backdrop is not to be used while it is open.
    // (A tap on the backdrop, a label of the checkbox, first focuses the checkbox: that is
    // the tap closing the drawer, not focus leaving it, which would close it only for the
    // label's click to open it again.)
    document.addEventListener("focusin", function (e) {
      if (navInput.checked && !sidebar.contains(e.target) && e.target !== menuButton && e.target !== navInput) setMenu(false);
    });
    // A page come back to (Back, or the back-forward cache) opens with the drawer closed,
    // whatever state the browser kept for the checkbox.
    window.addEventListener("pageshow", function () { if (navInput.checked) setMenu(false); });
    var wide = window.matchMedia ? window.matchMedia("(min-width: 53.75em)") : null;
    if (wide) {
      var onWide = function () { if (wide.matches) setMenu(false); };
      if (wide.addEventListener) wide.addEventListener("change", onWide);
      else if (wide.addListener) wide.addListener(onWide);
    }
  }

  /* ------------------------------------------------------- code copy buttons */
  var live = document.createElement("div");
  live.className = "visually-hidden";
  live.setAttribute("aria-live", "polite");
  document.body.appendChild(live);

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy failed"));
    });
  }

  document.querySelectorAll("pre.code").forEach(function (pre) {
    if (pre.parentNode && pre.parentNode.classList && pre.parentNode.classList.contains("code-block")) return;
    var wrap = document.createElement("div");
    wrap.className = "code-block";
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);

    var lang = pre.getAttribute("data-lang") || "";
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "copy-button";
    btn.textContent = t("copy");
    // Plain text has no language to name ("Copy text code").
    var named = lang && !/^(text|plain|plaintext|txt)$/i.test(lang);
    btn.setAttribute("aria-label", named ? t("copy_code_in", { lang: lang }) : t("copy_code"));
    var timer = null;
    btn.addEventListener("click", function () {
      var code = pre.querySelector("code") || pre;
      var text = code.textContent.replace(/\n$/, "");
      copyText(text).then(function () {
        btn.textContent = t("copied");
        btn.classList.add("is-copied");
        live.textContent = t("code_copied");
      }, function () {
        btn.textContent = t("copy_press_keys");
        var range = document.createRange();
        range.selectNodeContents(code);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      });
      clearTimeout(timer);
      timer = setTimeout(function () {
        btn.textContent = t("copy");
        btn.classList.remove("is-copied");
        live.textContent = "";
      }, 2000);
    });
    wrap.appendChild(btn);
  });

  // A code block or table wider than the page scrolls sideways: it takes focus so that it can
  // be scrolled from the keyboard (Chromium does so by itself, Safari does not), and is named
  // for screen readers. Only those that overflow: the others stay out of the Tab order.
  var scrollers = document.querySelectorAll("pre.code, .table-wrap");
  function markScrollers() {
    var count = { PRE: 0, DIV: 0 };
    scrollers.forEach(function (box) {
      var code = box.tagName === "PRE";
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        // Numbered: regions of one page need names of their own.
        var n = ++count[box.tagName];
        box.setAttribute("aria-label", t(code ? "code_region" : "table_region", { number: n }));
      } else if (box.hasAttribute("tabindex")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  if (scrollers.length) {
    markScrollers();
    var scrollTimer = 0;
    window.addEventListener("resize", function () { clearTimeout(scrollTimer); scrollTimer = setTimeout(markScrollers, 100); });
  }

  /* ------------------------------------------------------------ template source */
  // "Copy Markdown" on template pages copies the template's source, kept in a hidden
  // textarea so it is exact (no HTML round trip).
  document.querySelectorAll("[data-copy-source]").forEach(function (btn) {
    var source = document.getElementById(btn.getAttribute("data-copy-source"));
    if (!source) return;
    btn.hidden = false;
    var label = btn.textContent;
    var timer = null;
    btn.addEventListener("click", function () {
      copyText(source.value).then(function () {
        btn.textContent = t("copied");
        live.textContent = t("template_copied");
      }, function () {
        btn.textContent = t("copy_failed_download");
      });
      clearTimeout(timer);
      timer = setTimeout(function () {
        btn.textContent = label;
        live.textContent = "";
      }, 2000);
    });
  });

  /* ------------------------------------------------------------ review dates */
  // A page built while its review was "ok" or "due soon" turns red here once the
  // due date has passed, even if nobody rebuilt the site.
  var now = new Date();
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  var DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

  function dayNumber(iso) {
    var m = DATE_RE.exec(iso);
    return m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86400000 : NaN;
  }

  var worstOverdue = 0, worstChip = null;

  // A <time> of the date `iso`.
  function timeOf(iso) {
    var time = document.createElement("time");
    time.setAttribute("datetime", iso);
    time.textContent = iso;
    return time;
  }

  // A listing's short review chip: the words of `key` around the date.
  function shortChip(el, key, due) {
    el.textContent = "";
    fill(el, t(key), { date: timeOf(due) });
  }

  // Paper gives a review's dates rather than days counted from when it was printed: a chip
  // made relative here gets what its title says, printed in its place (see opsbook.css).
  function printedDates(chip) {
    if (chip.querySelector(".review-dates") || !chip.title) return;
    var dates = chip.appendChild(document.createElement("span"));
    dates.className = "review-dates";
    dates.textContent = chip.title;
  }

  // A review that has come within the due-soon window since the build says so too.
  var soonDays = parseInt(document.body.getAttribute("data-due-soon-days"), 10);
  if (soonDays >= 0) {
    // A chip due soon when built counts its days from today too ("in 17 days" a week on).
    document.querySelectorAll("[data-review-due].review-ok, [data-review-due].review-due_soon").forEach(function (el) {
      var due = el.getAttribute("data-review-due");
      if (!DATE_RE.test(due) || due < today) return;
      var left = Math.round(dayNumber(due) - dayNumber(today));
      if (left > soonDays) return;
      var wasSoon = el.classList.contains("review-due_soon");
      if (wasSoon && el.classList.contains("review-short")) return;
      if (!wasSoon) {
        el.classList.remove("review-ok");
        el.classList.add("review-due_soon");
        el.title = t("review_due_date", { date: due });
      }
      if (el.classList.contains("review-short")) {
        shortChip(el, "due_on", due);
      } else {
        var text = el.querySelector(".review-text") || el;
        text.textContent = left > 0 ? t("review_due_in", { n: left }) : t("review_due_today");
        printedDates(el);
      }
    });
  }

  document.querySelectorAll("[data-review-due]").forEach(function (el) {
    var due = el.getAttribute("data-review-due");
    if (!DATE_RE.test(due) || !(due < today)) return;

    // A page overdue when built counts its days from today too, not from the build.
    var days = Math.round(dayNumber(today) - dayNumber(due));
    var wasOverdue = el.classList.contains("review-overdue");
    if (!wasOverdue) {
      el.classList.remove("review-ok", "review-due_soon");
      el.classList.add("review-overdue");
      el.title = t("review_was_due_date", { date: due });
    }

    if (el.classList.contains("review-short")) {
      if (wasOverdue) return;
      shortChip(el, "overdue_since", due);
    } else {
      var text = el.querySelector(".review-text") || el;
      text.textContent = t("review_overdue_by", { n: days });
      printedDates(el);
      if (days > worstOverdue) { worstOverdue = days; worstChip = el; }
    }
  });

  // Counts are the build's: on a site not rebuilt since, reviews that fell due after it are
  // red below while the counts do not know it. Said, rather than left to contradict.
  document.querySelectorAll(".stats[data-as-of]").forEach(function (stats) {
    var asOf = stats.getAttribute("data-as-of");
    if (!DATE_RE.test(asOf) || !(asOf < today)) return;
    var days = Math.round(dayNumber(today) - dayNumber(asOf));
    var note = document.createElement("p");
    note.className = "stats-as-of";
    fill(note, t("stats_as_of", { n: days }), { date: timeOf(asOf) });
    stats.parentNode.insertBefore(note, stats.nextSibling);
  });

  // The banner of a page that was overdue when built is in its HTML; one whose review fell
  // due since gets it here, with the owners of its header (not kept hidden in every page).
  function overdueBanner(chip) {
    var article = chip.closest("article, .listing");
    if (!article) return null;
    var due = chip.getAttribute("data-review-due");
    var banner = document.createElement("div");
    banner.className = "banner banner-overdue";
    banner.setAttribute("data-review-banner", "");
    var icon = banner.appendChild(document.createElement("span"));
    icon.className = "icon banner-icon";
    icon.setAttribute("aria-hidden", "true");
    var p = banner.appendChild(document.createElement("p"));
    // As partials/review-banner.html writes it: on a phone each .banner-long is read out but
    // not shown, and the stylesheet shows the next .banner-short's data-short instead.
    var wording = function (parent, long, short) {
      var words = parent.appendChild(document.createElement("span"));
      words.className = "banner-long";
      words.textContent = long;
      var shown = parent.appendChild(document.createElement("span"));
      shown.className = "banner-short";
      shown.setAttribute("data-short", short);
    };
    var text = function (parent, s) { if (s) parent.appendChild(document.createTextNode(s)); };
    // A sentence read out (`long`) and its short form shown on a phone (`short`), around the
    // nodes of their {placeholders}, which both have in the same order: each stretch of words
    // between them is a wording, its spaces outside (a hidden .banner-long shows none).
    // A short form with other placeholders is not used: the phone shows the long one.
    var sentence = function (parent, long, short, nodes) {
      var l = long.split(/\{(\w+)\}/), s = short.split(/\{(\w+)\}/);
      var names = function (parts) { return parts.filter(function (x, i) { return i % 2; }).join(); };
      if (names(l) !== names(s)) s = l;
      l.forEach(function (part, i) {
        if (i % 2) {
          if (nodes[part]) parent.appendChild(nodes[part]);
          else text(parent, "{" + part + "}");
        } else if (part === s[i]) {
          text(parent, part);
        } else {
          // The spaces both forms have at an end are shared, outside the two; each keeps its
          // others (Hebrew's short " · מועד" follows a name the long form follows with ",";
          // German's long " fällig." follows the date, its short "." does not).
          var brief = s[i], lead = 0, trail = 0;
          while (lead < part.length && lead < brief.length && part[lead] === brief[lead] && /\s/.test(part[lead])) lead++;
          while (trail < part.length - lead && trail < brief.length - lead &&
            part[part.length - 1 - trail] === brief[brief.length - 1 - trail] && /\s/.test(part[part.length - 1 - trail])) trail++;
          text(parent, part.slice(0, lead));
          wording(parent, part.slice(lead, part.length - trail), brief.slice(lead, brief.length - trail));
          text(parent, part.slice(part.length - trail));
        }
      });
    };
    var title = p.appendChild(document.createElement("strong"));
    title.className = "banner-title";
    var overdue = document.createDocumentFragment();
    wording(overdue, t("page_overdue"), t("review_overdue"));
    var days = document.createElement("span");
    days.setAttribute("data-review-days", "");
    fill(title, t("banner_overdue_title"), { overdue: overdue, days: days });
    var owners = article.querySelectorAll(".doc-header .owner-chip");
    var dueOn = timeOf(due);
    text(p, t("sentence_space"));
    if (owners.length) {
      var people = document.createDocumentFragment();
      Array.prototype.forEach.call(owners, function (chip, i) {
        if (i) text(people, t(i === owners.length - 1 ? "owners_last_separator" : "owners_separator"));
        var name = chip.querySelector(".owner-name");
        var link = people.appendChild(document.createElement(chip.tagName === "A" ? "a" : "strong"));
        if (chip.tagName === "A") link.href = chip.getAttribute("href");
        link.textContent = name ? name.textContent : chip.textContent;
      });
      var count = { n: owners.length };
      sentence(p, t("banner_owners", count), t("banner_owners_short", count), { owners: people, date: dueOn });
    } else {
      sentence(p, t("banner_no_owner"), t("banner_no_owner_short"), { date: dueOn });
    }
    article.insertBefore(banner, article.firstChild);
    return banner;
  }

  if (worstOverdue > 0) {
    var banners = document.querySelectorAll("[data-review-banner]");
    if (!banners.length && worstChip) banners = [overdueBanner(worstChip)].filter(Boolean);
    Array.prototype.forEach.call(banners, function (banner) {
      var slot = banner.querySelector("[data-review-days]");
      if (slot) slot.textContent = t("days", { n: worstOverdue });
      banner.hidden = false;
    });
    document.body.classList.remove("review-status-ok", "review-status-due_soon");
    document.body.classList.add("review-status-overdue");
  }

  /* --------------------------------------------------------- sortable tables */
  // A table with `data-sortable` has a <button class="sort-button"> in each header cell it
  // can be sorted by. The markup is complete and sorted already; this only re-orders rows.
  // Keys are the cell's `data-sort` when present (ISO dates sort as text), else its text,
  // compared in the page's language with numbers as numbers; empty keys always go last, and
  // equal keys keep their current order (a stable sort).
  // A `lang` the browser cannot read (a template of the site's may write any) must not stop
  // the rest of this script: the browser's own language sorts then.
  var collator = null;
  if (window.Intl && Intl.Collator) {
    try { collator = new Intl.Collator(doc.lang || undefined, { numeric: true, sensitivity: "base" }); }
    catch (e) { collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" }); }
  }

  function sortKey(row, col) {
    var cell = row.cells[col];
    if (!cell) return "";
    var key = cell.getAttribute("data-sort");
    return (key !== null ? key : cell.textContent).replace(/\s+/g, " ").trim();
  }

  document.querySelectorAll("table[data-sortable]").forEach(function (table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead || !table.tHead.rows.length) return;
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    headers.forEach(function (th, col) {
      var button = th.querySelector(".sort-button");
      if (!button) return;
      button.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        var sign = dir === "ascending" ? 1 : -1;
        var rows = Array.prototype.slice.call(body.rows).map(function (row, i) {
          return { row: row, key: sortKey(row, col), i: i };
        });
        rows.sort(function (a, b) {
          if (!a.key || !b.key) return (!a.key - !b.key) || a.i - b.i;
          var c = collator ? collator.compare(a.key, b.key) : a.key.localeCompare(b.key);
          return c * sign || a.i - b.i;
        });
        rows.forEach(function (r) { body.appendChild(r.row); });
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir);
        live.textContent = t(dir === "ascending" ? "sorted_ascending" : "sorted_descending", { column: button.textContent.trim() });
      });
    });
  });

  /* -------------------------------------------------------------- diagrams */
  // A ```mermaid block is a <pre class="mermaid"> holding its source, and its page loads the
  // site's Mermaid script (markdown.mermaid) after this one: drawn here once that has run, in
  // the theme's colours, and drawn again when the theme changes (Mermaid draws in fixed
  // colours); in the dark theme a light copy is drawn too, hidden but on paper. A diagram
  // Mermaid cannot read keeps its source, with Mermaid's reason above it.
  var diagrams = Array.prototype.slice.call(document.querySelectorAll("pre.mermaid"));
  if (diagrams.length) {
    var sources = diagrams.map(function (pre) { return pre.textContent; });
    var drawing = Promise.resolve(), round = 0;

    var note = function (pre, text) {
      var p = pre.previousElementSibling;
      if (!p || !p.classList.contains("diagram-error")) {
        p = document.createElement("p");
        p.className = "diagram-error";
        p.setAttribute("role", "note");
        pre.parentNode.insertBefore(p, pre);
      }
      p.textContent = text;
    };
    var clearNote = function (pre) {
      var p = pre.previousElementSibling;
      if (p && p.classList.contains("diagram-error")) p.remove();
    };
    // Drawn at its own size, scrolling sideways in its block when wider than the text (squeezed
    // to a phone's width, a wide one's words were two pixels high), up to 40rem: wider ones
    // shrink to that.
    var place = function (box, svg) {
      box.innerHTML = svg;
      var drawn = box.querySelector("svg");
      var natural = drawn ? parseFloat(drawn.style.maxWidth) : 0;
      if (natural > 0) drawn.style.minWidth = Math.min(natural, 640) + "px";
    };
    // One that scrolls takes focus, as code blocks do (see markScrollers).
    var markScroller = function (pre, i) {
      if (pre.scrollWidth > pre.clientWidth + 1) {
        pre.tabIndex = 0;
        pre.setAttribute("role", "region");
        pre.setAttribute("aria-label", t("diagram_region", { number: i + 1 }));
      } else if (pre.hasAttribute("tabindex")) {
        pre.removeAttribute("tabindex");
        pre.removeAttribute("role");
        pre.removeAttribute("aria-label");
      }
    };
    // Draws each diagram in `theme` into `target(i)`, one after the other (Mermaid lays one out
    // in a scratch element of its own), each under an id of this page's own: Mermaid's own ids
    // are the time in milliseconds, and two drawn in the same one collided (one drawn over
    // the other, one left blank). A newer round (the theme changed again) stops an older one.
    var drawEach = function (mine, theme, draw) {
      var mermaid = window.mermaid;
      mermaid.initialize({ startOnLoad: false, securityLevel: "strict", suppressErrorRendering: true, theme: theme });
      return diagrams.reduce(function (chain, pre, i) {
        return chain.then(function () {
          if (mine !== round) return;
          var id = "opsbook-diagram-" + mine + "-" + theme + "-" + i;
          return mermaid.render(id, sources[i]).then(function (out) {
            if (mine === round) draw(pre, i, out, null);
          }, function (e) {
            var stray = document.getElementById("d" + id);
            if (stray) stray.remove();
            if (mine === round) draw(pre, i, null, e);
          });
        });
      }, Promise.resolve());
    };
    var drawDiagrams = function () {
      var mermaid = window.mermaid;
      if (!mermaid || !mermaid.render) {
        diagrams.forEach(function (pre) { note(pre, t("diagram_no_script")); });
        return;
      }
      var mine = ++round, dark = effectiveTheme() === "dark";
      drawing = drawing.then(function () {
        return drawEach(mine, dark ? "dark" : "default", function (pre, i, out, error) {
          if (out) {
            clearNote(pre);
            pre.classList.remove("diagram-failed");
            pre.classList.add("diagram-drawn");
            place(pre, out.svg);
            if (out.bindFunctions) out.bindFunctions(pre);
            markScroller(pre, i);
          } else {
            pre.classList.remove("diagram-drawn");
            pre.classList.add("diagram-failed");
            pre.textContent = sources[i];
            markScroller(pre, i);
            // Mermaid's parse errors are a line, the source around the spot, a caret under
            // it, then what it expected: the first and the last say it.
            var lines = String((error && error.message) || error).split("\n").filter(function (l) { return l.trim(); });
            note(pre, t("diagram_failed", { reason: lines[0] + (lines.length > 2 ? " " + lines[lines.length - 1] : "") }));
          }
        });
      }).then(function () {
        diagrams.forEach(function (pre) {
          var copy = pre.nextElementSibling;
          if (copy && copy.classList.contains("diagram-print")) copy.remove();
        });
        if (!dark || mine !== round) return;
        return drawEach(mine, "default", function (pre, i, out) {
          if (!out) return;
          var copy = document.createElement("div");
          copy.className = "diagram-print";
          copy.setAttribute("aria-hidden", "true");
          place(copy, out.svg);
          pre.parentNode.insertBefore(copy, pre.nextSibling);
        });
      });
    };
    document.addEventListener("DOMContentLoaded", drawDiagrams);
    themeListeners.push(drawDiagrams);
  }

  /* ----------------------------------------------------------------- print */
  // Paper prints a link's address after its text (the stylesheet's a::after): a link whose
  // text is its address (an autolink, `<https://…>` or a bare https://… or www.…) printed it
  // twice. Marked here, where its text can be compared with its address, and printed once.
  var address = function (s) {
    try { s = decodeURI(s); } catch (e) { /* as written */ }
    return s.trim().replace(/^https?:\/\//i, "").replace(/^www\./i, "").replace(/\/$/, "").toLowerCase();
  };
  document.querySelectorAll(".prose a[href^='http'], .lead a[href^='http'], .banner a[href^='http']").forEach(function (a) {
    if (address(a.textContent) === address(a.getAttribute("href"))) a.classList.add("bare-link");
  });

  // Folded text is printed unfolded (paper cannot open it), and folded again after.
  var unfolded = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.open = true;
      unfolded.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    unfolded.forEach(function (d) { d.open = false; });
    unfolded = [];
  });

  /* --------------------------------------------------------- heading links */
  // A "#" after each heading of the text links to its section, to copy or share. Made here
  // rather than written into every heading of every page (0.4 kB of an average page).
  document.querySelectorAll(".prose h1[id], .prose h2[id], .prose h3[id], .prose h4[id], .prose h5[id], .prose h6[id]").forEach(function (h) {
    var a = document.createElement("a");
    a.className = "anchor";
    a.href = "#" + h.id;
    // Named for its heading: a list of links read out is not a row of "Link to this section".
    a.setAttribute("aria-label", t("heading_link", { heading: h.textContent.trim() }));
    a.textContent = "#";
    // The heading keeps its own text as its name: the link inside it made every heading
    // read "Components Link to “Components”" in a screen reader's list of headings.
    h.setAttribute("aria-label", h.textContent.trim());
    // Joined to the heading's last word by a no-break space: on a phone the "#" went onto a
    // line of its own, 30 px more a heading.
    h.appendChild(document.createTextNode("\u00a0"));
    h.appendChild(a);
  });

  /* ------------------------------------------- "on this page" on narrow screens */
  // The contents column shows from 1280 px up; narrower, the same list opens from a folded
  // "On this page" above the text (made here from the column's list, so a page does not
  // carry it twice; without scripts the headings' own order stands in).
  var tocList = document.querySelector(".toc ul");
  var prose = document.querySelector("article.doc .prose");
  if (tocList && prose) {
    var inline = document.createElement("details");
    inline.className = "toc-inline";
    var summary = document.createElement("summary");
    summary.textContent = t("on_this_page");
    inline.appendChild(summary);
    inline.appendChild(tocList.cloneNode(true));
    // A link followed folds the list again, out of the way of what it leads to.
    inline.addEventListener("click", function (e) {
      if (e.target.closest && e.target.closest("a")) inline.open = false;
    });
    prose.parentNode.insertBefore(inline, prose);
  }

  /* ------------------------------------------------- "on this page" tracking */
  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
  if (tocLinks.length && window.requestAnimationFrame) {
    var targets = tocLinks.map(function (a) {
      var id = decodeURIComponent(a.getAttribute("href").slice(1));
      return document.getElementById(id);
    });
    var ticking = false;
    var update = function () {
      ticking = false;
      var offset = 120;
      var active = -1;
      for (var i = 0; i < targets.length; i++) {
        if (targets[i] && targets[i].getBoundingClientRect().top <= offset) active = i;
      }
      if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) active = targets.length - 1;
      tocLinks.forEach(function (a, i) {
        a.classList.toggle("is-current", i === active);
        if (i === active) a.setAttribute("aria-current", "location");
        else a.removeAttribute("aria-current");
      });
      // A long list scrolls in its column: keep the current entry in sight (the column's
      // own scroll, not the page's), unless the reader has just scrolled the list themselves
      // (it jumped back under their wheel).
      var current = tocLinks[active];
      var column = current && current.closest(".toc-inner");
      if (column && column.scrollHeight > column.clientHeight && Date.now() - tocReaderScrolled > 1500) {
        var top = current.getBoundingClientRect().top - column.getBoundingClientRect().top + column.scrollTop;
        if (top < column.scrollTop || top + current.offsetHeight > column.scrollTop + column.clientHeight) {
          tocScrolling = true;
          column.scrollTop = Math.max(0, top - column.clientHeight / 3);
        }
      }
    };
    var tocReaderScrolled = 0;
    var tocScrolling = false;
    var tocColumn = document.querySelector(".toc-inner");
    if (tocColumn) {
      tocColumn.addEventListener("scroll", function () {
        if (tocScrolling) tocScrolling = false;
        else tocReaderScrolled = Date.now();
      }, { passive: true });
      // A wheel over the list at its end stays in the list, rather than scroll the page.
      ["wheel", "touchmove"].forEach(function (type) {
        tocColumn.addEventListener(type, function () { tocReaderScrolled = Date.now(); }, { passive: true });
      });
    }
    window.addEventListener("scroll", function () {
      if (!ticking) { ticking = true; window.requestAnimationFrame(update); }
    }, { passive: true });
    update();
  }
})();

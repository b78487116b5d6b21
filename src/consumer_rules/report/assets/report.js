(function () {
  "use strict";
  var d = document, each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var form = d.getElementById("filters"), pop = d.getElementById("pop");
  var groups = {}, all = [];
  each(d.querySelectorAll("[data-f]"), function (el) {
    var k = el.getAttribute("data-f"), g = groups[k];
    if (!g) {
      var sec = el.closest("section.doc");
      g = groups[k] = {doc: sec ? sec.id : "", els: []};
      all.push(g);
    }
    if (el.hasAttribute("data-sev")) {
      g.sev = el.getAttribute("data-sev");
      g.cat = el.getAttribute("data-cat");
    }
    if (el.tagName === "MARK" && el.hasAttribute("data-r")) g.head = el;
    if (el.hasAttribute("data-r")) g.r = el.getAttribute("data-r");
    g.n = +k;
    g.els.push(el);
  });
  function boxes(name) {
    return form ? form.querySelectorAll('input[name="' + name + '"]') : [];
  }
  function checked(name) {
    var s = {};
    each(boxes(name), function (b) { if (b.checked) s[b.value] = true; });
    return s;
  }
  function apply() {
    var sev = checked("sev"), cat = checked("cat"), shown = 0, bySev = {}, byCat = {}, byDoc = {};
    all.forEach(function (g) {
      var vis = !!(sev[g.sev] && cat[g.cat]);
      if (cat[g.cat]) bySev[g.sev] = (bySev[g.sev] || 0) + 1;
      if (sev[g.sev]) byCat[g.cat] = (byCat[g.cat] || 0) + 1;
      if (vis) {
        shown++;
        var c = byDoc[g.doc] || (byDoc[g.doc] = {all: 0});
        c.all++;
        c[g.sev] = (c[g.sev] || 0) + 1;
      }
      g.els.forEach(function (el) {
        if (el.tagName === "MARK") {
          el.classList.toggle("off", !vis);
          if (el.hasAttribute("tabindex")) el.tabIndex = vis ? 0 : -1;
        } else {
          el.hidden = !vis;
        }
        el.setAttribute("data-state", vis ? "shown" : "hidden");
      });
    });
    each(d.querySelectorAll("[data-shown]"), function (el) { el.textContent = String(shown); });
    each(d.querySelectorAll("[data-count-sev]"), function (el) {
      el.textContent = String(bySev[el.getAttribute("data-count-sev")] || 0);
    });
    each(d.querySelectorAll("[data-count-cat]"), function (el) {
      el.textContent = String(byCat[el.getAttribute("data-count-cat")] || 0);
    });
    each(d.querySelectorAll("[data-doc]"), function (box) {
      var c = byDoc[box.getAttribute("data-doc")] || {};
      each(box.querySelectorAll("[data-n]"), function (el) {
        var n = c[el.getAttribute("data-n")] || 0;
        el.textContent = String(n);
        el.classList.toggle("zero", !n);
      });
    });
    each(d.querySelectorAll(".doc-level"), function (box) { box.hidden = !box.querySelector("li.dl:not([hidden])"); });
    if (current && current.classList.contains("off")) hide(false);
  }
  function fromAddress(text) {
    if (!form || text.indexOf("=") < 0) return false;
    var found = false;
    text.replace(/^[#?]/, "").split("&").forEach(function (pair) {
      var i = pair.indexOf("="), name, values;
      try {
        name = decodeURIComponent(pair.slice(0, i));
        values = decodeURIComponent(pair.slice(i + 1).replace(/[+]/g, " ")).split(",");
      } catch (err) {
        return;
      }
      if (i < 0 || (name !== "sev" && name !== "cat")) return;
      each(boxes(name), function (b) { b.checked = values.indexOf(b.value) >= 0; });
      found = true;
    });
    return found;
  }
  var current = null, mode = "";
  function activate(el, on) {
    var g = groups[el.getAttribute("data-f")];
    (g ? g.els : [el]).forEach(function (m) { if (m.tagName === "MARK") m.classList.toggle("active", on); });
  }
  function hide(refocus) {
    if (!current) return;
    var el = current;
    activate(el, false);
    current = null;
    mode = "";
    pop.hidden = true;
    if (refocus) el.focus();
  }
  function place(el) {
    var rects = el.getClientRects(), r = rects.length ? rects[0] : el.getBoundingClientRect();
    var w = pop.offsetWidth, h = pop.offsetHeight, vw = d.documentElement.clientWidth;
    var left = Math.max(8, Math.min(r.left, vw - w - 8)), top = r.bottom + 8;
    if (top + h > window.innerHeight && r.top - h - 8 > 0) top = r.top - h - 8;
    pop.style.left = Math.round(left + window.pageXOffset) + "px";
    pop.style.top = Math.round(top + window.pageYOffset) + "px";
  }
  function where(el) {
    var lc = (el.getAttribute("data-loc") || "").split(":"), page = el.getAttribute("data-page");
    var para = el.getAttribute("data-para");
    var out = "第 " + lc[0] + " 行第 " + lc[1] + " 列 · line " + lc[0] + ", col " + lc[1];
    if (page) out += " · 第 " + page + " 页 page " + page;
    if (para) out += " · 第 " + para + " 段 paragraph " + para;
    return out;
  }
  function show(el, how) {
    var g = groups[el.getAttribute("data-f")], src = (g && g.head) || el;
    var rule = d.getElementById(src.getAttribute("data-r") || "");
    if (!pop || !rule) return;
    if (current && current !== el) activate(current, false);
    current = el;
    mode = how;
    activate(el, true);
    pop.textContent = "";
    pop.className = "pop s-" + (g ? g.sev : "") + (how === "pin" ? " pinned" : "");
    var top = d.createElement("div"), loc = d.createElement("span"), x = d.createElement("button");
    top.className = "pop-top";
    loc.className = "pop-loc";
    loc.textContent = where(src);
    x.type = "button";
    x.className = "pop-x";
    x.setAttribute("aria-label", "关闭 close");
    x.textContent = "×";
    x.addEventListener("click", function () { hide(true); });
    top.appendChild(loc);
    top.appendChild(x);
    pop.appendChild(top);
    each(rule.children, function (c, i) {
      var copy = c.cloneNode(true);
      copy.removeAttribute("id");
      each(copy.querySelectorAll("[id]"), function (n) { n.removeAttribute("id"); });
      pop.appendChild(copy);
      if (i === 0 && src.getAttribute("data-scope") === "document") {
        var m = d.createElement("p");
        m.className = "missing";
        m.textContent = "缺少 missing: 要求的表述在文档中" +
          "没有找到 · required wording not found in the document";
        pop.appendChild(m);
      }
    });
    pop.hidden = false;
    place(el);
  }
  function markOf(node) {
    var m = node && node.closest ? node.closest("mark.f") : null;
    return m && !m.classList.contains("off") ? m : null;
  }
  d.addEventListener("mouseover", function (e) {
    var m = markOf(e.target);
    if (m && mode !== "pin" && m !== current) show(m, "hover");
  });
  d.addEventListener("mouseout", function (e) {
    if (mode !== "hover" || !current) return;
    var to = e.relatedTarget;
    if (to && (current.contains(to) || markOf(to) === current)) return;
    hide(false);
  });
  d.addEventListener("focusin", function (e) {
    var m = markOf(e.target);
    if (m && mode !== "pin") show(m, "focus");
  });
  d.addEventListener("focusout", function (e) {
    if (mode === "pin" || !current) return;
    var to = e.relatedTarget;
    if (to && pop.contains(to)) return;
    if (mode === "focus") hide(false);
  });
  d.addEventListener("click", function (e) {
    var jump = e.target.closest ? e.target.closest("a.jump") : null;
    if (jump) {
      var t = d.getElementById((jump.getAttribute("href") || "").slice(1));
      if (t && t.tagName === "MARK" && !t.classList.contains("off")) {
        e.preventDefault();
        t.scrollIntoView({block: "center"});
        t.focus({preventScroll: true});
        show(t, "pin");
      }
      return;
    }
    var m = markOf(e.target);
    if (m) {
      if (m === current && mode === "pin") hide(false); else show(m, "pin");
    } else if (current && !pop.contains(e.target)) {
      hide(false);
    }
  });
  d.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && current) { hide(true); return; }
    var m = markOf(e.target);
    if (m && (e.key === "Enter" || e.key === " ")) {
      e.preventDefault();
      if (m === current && mode === "pin") show(m, "focus"); else show(m, "pin");
    }
  });
  window.addEventListener("resize", function () { if (current) place(current); });
  var LABELS = {error: "错误", warning: "警告", info: "提示"};
  function span(cls, text) {
    var s = d.createElement("span");
    s.className = cls;
    s.textContent = text;
    return s;
  }
  function buildList(box) {
    var ol = box.querySelector("ol"), sec = box.closest("section.doc"), list = [];
    all.forEach(function (g) { if (sec && g.doc === sec.id) list.push(g); });
    list.sort(function (a, b) { return a.n - b.n; });
    list.forEach(function (g) {
      var li = d.createElement("li"), a = d.createElement("a"), rule = d.getElementById(g.r || ""), text = "";
      var target = g.head || g.els[0], code = rule && rule.querySelector("h3 code");
      var cat = rule && rule.querySelector(".cat");
      g.els.forEach(function (m) { if (m.tagName === "MARK") text += m.textContent; });
      text = text.replace(/\s+/g, " ");
      li.className = "s-" + g.sev;
      a.className = "jump";
      a.href = "#" + target.id;
      a.textContent = g.head ? g.head.getAttribute("data-loc") : "—";
      li.appendChild(a);
      li.appendChild(span("sev", LABELS[g.sev] || g.sev));
      li.appendChild(span("code", code ? code.textContent : ""));
      li.appendChild(span("ex", text.length > 60 ? text.slice(0, 59) + "…" : text || "—"));
      li.appendChild(span("lmsg", cat ? cat.textContent.split(" ")[0] : g.cat));
      g.els.push(li);
      ol.appendChild(li);
    });
  }
  each(d.querySelectorAll("details.toc"), function (box) {
    box.hidden = false;
    box.addEventListener("toggle", function () {
      if (!box.open || box.getAttribute("data-built")) return;
      box.setAttribute("data-built", "1");
      buildList(box);
      apply();
    });
  });
  if (form) {
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("button[data-all],button[data-none]") : null;
      if (!b) return;
      var name = b.getAttribute("data-all") || b.getAttribute("data-none"), on = b.hasAttribute("data-all");
      each(boxes(name), function (i) { i.checked = on; });
      apply();
    });
    window.addEventListener("hashchange", function () { if (fromAddress(location.hash)) apply(); });
  }
  fromAddress(location.search);
  fromAddress(location.hash);
  apply();
  var target = /^#[ft][0-9]+$/.test(location.hash) ? d.getElementById(location.hash.slice(1)) : null;
  if (target && target.tagName === "MARK" && !target.classList.contains("off")) {
    target.scrollIntoView({block: "center"});
    target.focus({preventScroll: true});
    show(target, "pin");
  }
  d.documentElement.setAttribute("data-ready", "1");
})();

"use strict";
(function () {
  var form = document.getElementById("filters"), tip = document.getElementById("tip");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.fi")), marks = {};
  document.querySelectorAll("mark.f[data-f]").forEach(function (m) {
    (marks[m.dataset.f] = marks[m.dataset.f] || []).push(m);
  });
  function haystack(li) {
    if (li._text === undefined) {
      var report = li.closest(".report");
      li._text = (li.textContent + " " + (marks[li.dataset.f] || []).map(function (m) {
        return m.textContent; }).join(" ") + " " +
        (report ? report.querySelector("summary .path").textContent : "")).toLowerCase();
    }
    return li._text;
  }
  function apply() {
    var fams = {}, sevs = {}, shown = 0, seen = new Set();
    form.querySelectorAll("input[name=fam]").forEach(function (c) { fams[c.value] = c.checked; });
    form.querySelectorAll("input[name=sev]").forEach(function (c) { sevs[c.value] = c.checked; });
    var rule = form.elements.rule.value, q = form.elements.q.value.trim().toLowerCase();
    var active = !!(rule || q) || Object.values(fams).concat(Object.values(sevs)).indexOf(false) >= 0;
    items.forEach(function (li) {
      var code = li.dataset.code, ok = fams[code[0]] !== false && sevs[li.dataset.sev] !== false &&
        (!rule || code === rule) && (!q || haystack(li).indexOf(q) >= 0);
      li.hidden = !ok;
      (marks[li.dataset.f] || []).forEach(function (m) {
        m.classList.toggle("off", !ok);
        if (m.id) m.tabIndex = ok ? 0 : -1;
      });
      if (ok) { shown++; seen.add(li.closest(".report")); }
    });
    document.querySelectorAll(".report").forEach(function (r) { r.hidden = active && !seen.has(r); });
    document.getElementById("shown").value = shown + " of " + items.length + " findings shown";
  }
  form.hidden = false;
  form.addEventListener("input", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  apply();

  function show(m) {
    var li = document.getElementById("f" + m.dataset.f);
    if (!li || m.classList.contains("off")) return;
    var rule = document.querySelector("#rule-" + li.dataset.code + " .rule-sum");
    tip.innerHTML = "";
    var head = document.createElement("div"), body = li.cloneNode(true), sum = document.createElement("div");
    head.className = "tip-head"; head.textContent = li.dataset.code + " · " + li.dataset.sev;
    body.removeAttribute("id"); body.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    sum.className = "tip-sum"; sum.textContent = rule ? rule.textContent.replace(/^:\s*/, "") : "";
    tip.append(head, body.querySelector(".msg"), body.querySelector(".fix") || "", sum);
    tip.hidden = false;
    document.querySelectorAll("mark.active").forEach(function (a) { a.classList.remove("active"); });
    m.classList.add("active");
    tip.style.left = "0px";
    var r = m.getBoundingClientRect();
    tip.style.left = Math.max(8, Math.min(r.left + scrollX, scrollX + innerWidth - tip.offsetWidth - 8)) + "px";
    tip.style.top = (r.bottom + scrollY + 6) + "px";
  }
  function hide() {
    tip.hidden = true;
    document.querySelectorAll("mark.active").forEach(function (a) { a.classList.remove("active"); });
  }
  function markOf(e) { var m = e.target.closest && e.target.closest("mark.f[data-f]"); return m; }
  document.addEventListener("focusin", function (e) { var m = markOf(e); if (m) show(m); else hide(); });
  document.addEventListener("mouseover", function (e) { var m = markOf(e); if (m) show(m); });
  document.addEventListener("mouseout", function (e) { if (markOf(e) && document.activeElement !== markOf(e)) hide(); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { hide(); return; }
    if (e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName)) return;
    if (e.key !== "n" && e.key !== "p") return;
    var all = Array.prototype.slice.call(document.querySelectorAll("mark.f[id]:not(.off), li.note:not([hidden])"))
      .filter(function (m) { return !m.closest(".report[hidden]"); });
    if (!all.length) return;
    var at = all.indexOf(document.activeElement), next = e.key === "n" ? at + 1 : (at < 0 ? all.length : at) - 1;
    var target = all[(next + all.length) % all.length], d = target.closest("details");
    if (d) d.open = true;
    target.focus(); target.scrollIntoView({ block: "center" });
    e.preventDefault();
  });
  function reveal() {
    var t = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!t) return;
    for (var d = t.closest("details"); d; d = d.parentElement.closest("details")) d.open = true;
    var m = t.id.charAt(0) === "f" && document.getElementById("m" + t.id.slice(1));
    (m || t).scrollIntoView({ block: "center" });
    if (m) m.focus({ preventScroll: true });
  }
  addEventListener("hashchange", reveal);
  reveal();
  var closed = [];
  addEventListener("beforeprint", function () {
    closed = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    closed.forEach(function (d) { d.open = true; });
  });
  addEventListener("afterprint", function () { closed.forEach(function (d) { d.open = false; }); });
})();

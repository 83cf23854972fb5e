/* kgraph network page. Every string from the data goes into the DOM through textContent or as a DOM
   element (tooltips), never parsed as markup: document text is shown, never run. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var details = data.details || {};
  var byKey = {};
  data.categories.forEach(function (c) { byKey[c.key] = c; });
  var hiddenCats = {};
  var range = { from: "", to: "" };
  var status = document.getElementById("kg-status");

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  function tooltip(n) {
    var box = el("div", null, "kg-tip");
    box.appendChild(el("b", n.fullLabel || n.label));
    var c = byKey[n.category];
    box.appendChild(el("span", (n.cls || (c && c.label) || n.category) + (n.date ? " · " + n.date : "")));
    return box;
  }

  data.nodes.forEach(function (n) { n.title = tooltip(n); });
  data.edges.forEach(function (e) {
    var t = e.relation + (e.weight > 1 ? " (" + e.weight + ")" : "");
    e.title = el("span", t);
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);

  function nodeVisible(n) {
    if (hiddenCats[n.category]) return false;
    var first = n.date || n.first, last = n.date || n.last;
    if (!first) return true;  // undated resources stay: dates filter what happens, not what exists
    if (range.from && last < range.from) return false;
    if (range.to && first > range.to) return false;
    return true;
  }
  var nodeView = new vis.DataView(nodes, { filter: nodeVisible });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      var a = nodes.get(e.from), b = nodes.get(e.to);
      return !!a && !!b && nodeVisible(a) && nodeVisible(b);
    }
  });

  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, data.options);

  window.kg = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView,
                ready: false, focused: null, shown: null };

  function finish() {
    if (window.kg.ready) return;
    network.setOptions({ physics: { enabled: false } });
    window.kg.readyAt = performance.now();  // ms since navigation: what benchmarks/viz_render.py reads
    window.kg.ready = true;
    document.body.setAttribute("data-ready", "1");
    status.textContent = nodeView.length + " nodes, " + edgeView.length + " edges";
    if (data.focus) focusNode(data.focus);
  }
  network.once("stabilizationIterationsDone", finish);
  network.once("stabilized", finish);
  if (!data.nodes.length) finish();

  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    status.textContent = nodeView.length + " of " + nodes.length + " nodes shown, " + edgeView.length + " edges";
  }

  /* legend doubling as the class filter */
  var legend = document.getElementById("kg-legend-list");
  data.categories.forEach(function (c) {
    var li = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-category", c.key);
    box.addEventListener("change", function () { hiddenCats[c.key] = !box.checked; refresh(); });
    var sw = el("span", null, "kg-swatch " + c.shape);
    sw.style.background = c.color;
    label.appendChild(box);
    label.appendChild(sw);
    label.appendChild(el("span", c.label, "kg-legend-name"));
    label.appendChild(el("span", "(" + c.count + ")", "kg-legend-count"));
    li.appendChild(label);
    legend.appendChild(li);
  });
  var notes = document.getElementById("kg-notes");
  (data.notes || []).forEach(function (t) { notes.appendChild(el("li", t)); });

  /* dates */
  var from = document.getElementById("kg-from"), to = document.getElementById("kg-to");
  if (data.dateRange) {
    [from, to].forEach(function (i) { i.min = data.dateRange[0]; i.max = data.dateRange[1]; });
  } else {
    document.getElementById("kg-dates").hidden = true;
  }
  function onDates() { range.from = from.value; range.to = to.value; refresh(); }
  from.addEventListener("change", onDates);
  to.addEventListener("change", onDates);
  document.getElementById("kg-dates-clear").addEventListener("click", function () {
    from.value = ""; to.value = ""; onDates();
  });

  /* search */
  var list = document.getElementById("kg-labels");
  var seen = {};
  data.nodes.forEach(function (n) {
    var l = n.fullLabel || n.label;
    if (seen[l]) return;
    seen[l] = true;
    var o = document.createElement("option");
    o.value = l;
    list.appendChild(o);
  });
  function find(text) {
    var q = text.trim().toLowerCase();
    if (!q) return null;
    var exact = null, partial = null;
    nodes.forEach(function (n) {
      var l = String(n.fullLabel || n.label).toLowerCase();
      if (l === q && !exact) exact = n;
      else if (!partial && l.indexOf(q) >= 0) partial = n;
    });
    return exact || partial;
  }
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = document.getElementById("kg-search").value;
    var n = find(text);
    if (!n) { status.textContent = "No node labelled " + JSON.stringify(text); return; }
    if (!nodeVisible(n)) {
      hiddenCats[n.category] = false;
      var box = legend.querySelector('input[data-category="' + CSS.escape(n.category) + '"]');
      if (box) box.checked = true;
      from.value = ""; to.value = ""; range.from = ""; range.to = "";
      refresh();
    }
    focusNode(n.id);
  });

  function focusNode(id) {
    if (!nodes.get(id)) return;
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    window.kg.focused = id;
    showDetails(id);
  }

  /* details panel */
  var panel = document.getElementById("kg-details"), body = document.getElementById("kg-details-body");
  function fitCanvas() {  // the panel took or gave back room: resize the canvas now, not at the next poll
    network.setSize("100%", "100%");
    network.redraw();
  }
  document.getElementById("kg-details-close").addEventListener("click", function () {
    panel.hidden = true; window.kg.shown = null;
    fitCanvas();
  });

  function safeLink(url) {
    var a;
    if (/^https?:\/\//i.test(url)) {
      a = el("a", url);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
    } else {
      a = el("span", url);
    }
    return a;
  }

  function showDetails(id) {
    var n = nodes.get(id);
    if (!n) return;
    var d = details[id] || {};
    body.replaceChildren();
    body.appendChild(el("h2", n.fullLabel || n.label));
    var c = byKey[n.category];
    body.appendChild(el("div", (d.cls || n.cls || "") + (c && c.label !== d.cls ? " · " + c.label : ""), "kg-type"));

    body.appendChild(el("h3", "Identifiers and links"));
    var ul = el("ul");
    var li = el("li");
    li.appendChild(safeLink(d.iri || id));
    ul.appendChild(li);
    (d.facts || []).forEach(function (f) { ul.appendChild(el("li", f[0] + ": " + f[1])); });
    (d.links || []).forEach(function (u) { var i = el("li"); i.appendChild(safeLink(u)); ul.appendChild(i); });
    body.appendChild(ul);

    var apps = d.appearances || [];
    if (apps.length) {
      var head = "Questions and answers";
      if (d.appearanceCount > apps.length) head += " (latest " + apps.length + " of " + d.appearanceCount + ")";
      body.appendChild(el("h3", head));
      var al = el("ul");
      apps.forEach(function (a) {
        var i = el("li");
        var what = a.title.indexOf(a.kind + ":") === 0 ? a.title : a.kind + ": " + a.title;
        var b = el("button", a.date + " · " + what, "kg-link-button");
        b.type = "button";
        b.addEventListener("click", function () { if (nodes.get(a.iri)) focusNode(a.iri); });
        i.appendChild(b);
        if (a.snippet) i.appendChild(el("span", a.snippet, "kg-snippet"));
        al.appendChild(i);
      });
      body.appendChild(al);
    }

    var near = [];
    edges.forEach(function (e) {
      if (e.from === id) near.push([e.to, e.relation, e.weight, "→"]);
      else if (e.to === id) near.push([e.from, e.relation, e.weight, "←"]);
    });
    body.appendChild(el("h3", "Neighbours (" + near.length + ")"));
    var nl = el("ul");
    near.slice(0, 200).forEach(function (x) {
      var m = nodes.get(x[0]);
      var i = el("li");
      var b = el("button", x[3] + " " + x[1] + (x[2] > 1 ? " ×" + x[2] : "") + ": " + (m.fullLabel || m.label),
                 "kg-link-button");
      b.type = "button";
      b.addEventListener("click", function () { focusNode(x[0]); });
      i.appendChild(b);
      nl.appendChild(i);
    });
    body.appendChild(nl);
    if (panel.hidden) { panel.hidden = false; fitCanvas(); }
    window.kg.shown = id;
  }

  network.on("click", function (params) {
    if (params.nodes && params.nodes.length) showDetails(params.nodes[0]);
  });
})();

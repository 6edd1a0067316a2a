/* The review page: the diagram's boxes and the list's buttons toggle failures, the
 * scenario panel shows compileWhatIf()'s answer (what_if.js), the address keeps the
 * scenario, and window.spofscan is the test hooks' API (docs/report.md).
 * Every text from the file reaches the page through textContent, never as HTML.
 */
(function () {
  "use strict";
  var model = JSON.parse(document.getElementById("spofscan-model").textContent);
  var engine = compileWhatIf(model);
  var index = engine.index, INSTANCE = engine.INSTANCE, resolve = engine.resolve;
  var whatIf = engine.whatIf;
  var failed = new Set(), shownFailed = new Set(), painted = false;
  var current = whatIf([]);
  current.degraded = new Set();
  /* Every control once: its element, the name it toggles, its node and instance (-1
     for a whole node), and the state it shows; byNode lists each node's controls, so
     that a click visits only the nodes whose state changed (thousands of buttons on a
     large file) and touches only the controls whose state did. */
  var controls = [], byNode = model.nodes.map(function () { return []; });

  function control(el, name) {
    var node = index.get(name), instance = -1, owner = name, m = INSTANCE.exec(name);
    if (node === undefined && m) {
      node = index.get(m[1]);
      instance = parseInt(m[2], 10);
      owner = m[1];
    }
    var c = { el: el, name: name, owner: owner, node: node, instance: instance, shown: "" };
    controls.push(c);
    if (node !== undefined) byNode[node].push(c);
  }

  function stateOf(c) {
    var eff = current.effect, node = c.node;
    if (c.instance >= 0) {
      var lost = eff.lost.has(node + ":" + c.instance);
      return (failed.has(c.name) || failed.has(c.owner) ? "F" : "") + (lost ? "D" : "");
    }
    if (eff.down[node]) return (failed.has(c.name) ? "F" : "") + "D";
    var soft = current.degraded.has(c.name) ? "S" : eff.touched[node] ? "R" : "";
    return (failed.has(c.name) ? "F" : "") + soft;
  }

  function paint(c) {
    var s = stateOf(c);
    if (s === c.shown) return;
    c.shown = s;
    c.el.classList.toggle("is-failed", s.indexOf("F") >= 0);
    c.el.classList.toggle("is-down", s.indexOf("D") >= 0);
    c.el.classList.toggle("is-degraded", s.indexOf("S") >= 0);
    c.el.classList.toggle("is-reduced", s.indexOf("R") >= 0);
    c.el.setAttribute("aria-pressed", s.indexOf("F") >= 0 ? "true" : "false");
  }

  function setList(id, items) {
    var el = document.getElementById(id);
    el.textContent = items.length ? items.join(", ") : "none";
  }

  /* spofscan.units.percent: enough digits to tell nines apart. */
  function percent(a) {
    if (a >= 1) return "100%";
    var digits = Math.max(2, Math.min(8, Math.ceil(-Math.log10(1 - a)) + 1));
    return (a * 100).toFixed(digits).replace(/0+$/, "").replace(/\.$/, "") + "%";
  }

  function show(changed) {
    var r = current.result;
    setList("failed-list", r.failed);
    setList("down-list", r.down);
    setList("degraded-list", r.degraded);
    setList("reduced-list", r.reduced);
    setList("entrypoints-down-list", r.entrypoints_down);
    document.getElementById("entrypoints-down-list").classList.toggle("some", r.entrypoints_down.length > 0);
    var whyList = document.getElementById("why-list");
    whyList.textContent = "";
    Object.keys(r.why).sort().forEach(function (entry) {
      var li = document.createElement("li");
      li.textContent = r.why[entry].join(" \u2192 ");
      whyList.appendChild(li);
    });
    document.getElementById("diagram").classList.toggle("scenario", r.failed.length > 0);
    var after = document.getElementById("availability-after");
    after.classList.toggle("unknown", r.availability_after === null);
    if (r.availability_after === null) {
      after.textContent = "not computed in the page: check estimates it by Monte Carlo; run spofscan what-if";
    } else {
      var hours = (1 - r.availability_after) * 8760;
      after.textContent = percent(r.availability_after) + " (" + hours.toFixed(1) + " h down a year)";
    }
    if (changed === undefined) controls.forEach(paint);
    else changed.forEach(function (node) { byNode[node].forEach(paint); });
  }

  function nodeOf(name) {
    var node = index.get(name), m = INSTANCE.exec(name);
    return node === undefined && m ? index.get(m[1]) : node;
  }

  /* The nodes whose controls may show another state now than after the scenario
     `before` (with `failedBefore` failed): down, reduced, degraded, an instance lost,
     or a name failed or restored. */
  function changedNodes(before, failedBefore) {
    var a = before.effect, b = current.effect, nodes = new Set();
    for (var n = 0; n < a.down.length; n++) {
      if (a.down[n] !== b.down[n] || a.touched[n] !== b.touched[n]) nodes.add(n);
    }
    function add(name) { var node = nodeOf(name); if (node !== undefined) nodes.add(node); }
    a.lost.forEach(function (key) { nodes.add(parseInt(key, 10)); });
    b.lost.forEach(function (key) { nodes.add(parseInt(key, 10)); });
    before.result.degraded.forEach(add);
    current.result.degraded.forEach(add);
    failedBefore.forEach(function (name) { if (!failed.has(name)) add(name); });
    failed.forEach(function (name) { if (!failedBefore.has(name)) add(name); });
    return nodes;
  }

  function fragment() {
    return failed.size ? "#fail=" + Array.from(failed).map(function (n) {
      return encodeURIComponent(n).replace(/%5B/g, "[").replace(/%5D/g, "]");
    }).join(",") : "";
  }

  function update() {
    var before = current, failedBefore = shownFailed;
    current = whatIf(Array.from(failed));
    current.degraded = new Set(current.result.degraded);
    var hash = fragment();
    if (location.hash !== hash && !(hash === "" && location.hash === "#")) {
      try { history.replaceState(null, "", hash || location.pathname + location.search); }
      catch (e) { location.hash = hash; }
    }
    shownFailed = new Set(failed);
    show(painted ? changedNodes(before, failedBefore) : undefined);
    painted = true;
  }

  function fromFragment() {
    var m = /^#fail=(.*)$/.exec(location.hash);
    var list = m && m[1] ? m[1].split(",").map(decodeURIComponent) : [];
    var known = list.filter(function (name) {
      try { resolve([name]); return true; } catch (e) { return false; }
    });
    failed = new Set(known);
    update();
  }

  function toggle(name) {
    resolve([name]);
    if (failed.has(name)) failed.delete(name); else failed.add(name);
    update();
  }

  /* The list of every component and instance, in chunks of CHUNK buttons that the
     browser lays out and paints only near the screen once drawn (content-visibility in
     page.css): tens of thousands of buttons would otherwise be painted on every click. */
  var CHUNK = 200;

  function buildList() {
    var list = document.getElementById("component-list"), chunk = null, count = 0;
    model.nodes.forEach(function (name, node) {
      var items = [name];
      if (model.instances[node] > 1) for (var i = 0; i < model.instances[node]; i++) items.push(name + "[" + i + "]");
      items.forEach(function (item, k) {
        if (count++ % CHUNK === 0) {
          var outer = document.createElement("li");
          outer.className = "chunk";
          chunk = document.createElement("ul");
          outer.appendChild(chunk);
          list.appendChild(outer);
        }
        var li = document.createElement("li"), b = document.createElement("button");
        b.type = "button";
        b.textContent = item;
        b.title = item;
        b.setAttribute("data-toggle", item);
        if (k > 0) b.className = "instance";
        li.appendChild(b);
        chunk.appendChild(li);
        control(b, item);
      });
    });
  }

  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-component],[data-toggle]");
    if (!el) return;
    event.preventDefault();
    toggle(el.getAttribute("data-component") || el.getAttribute("data-toggle"));
  });
  document.addEventListener("keydown", function (event) {
    var el = event.target.closest && event.target.closest("[data-component]");
    if (!el || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault();
    toggle(el.getAttribute("data-component"));
  });
  document.getElementById("reset").addEventListener("click", function () { api.reset(); });
  document.getElementById("zoom").addEventListener("click", function (event) {
    var fit = document.getElementById("diagram").classList.toggle("fit");
    event.target.textContent = fit ? "Actual size" : "Fit to width";
    event.target.setAttribute("aria-pressed", fit ? "false" : "true");
  });
  window.addEventListener("hashchange", function () { if (location.hash !== fragment()) fromFragment(); });

  var api = {
    state: function () { return JSON.parse(JSON.stringify(current.result)); },
    fail: function (list) { resolve(list); list.forEach(function (n) { failed.add(n); }); update(); return api.state(); },
    restore: function (list) { list.forEach(function (n) { failed.delete(n); }); update(); return api.state(); },
    toggle: function (name) { toggle(name); return api.state(); },
    reset: function () { failed = new Set(); update(); return api.state(); },
    exact: model.bdd !== null
  };
  window.spofscan = api;
  document.querySelectorAll("[data-component]").forEach(function (el) {
    control(el, el.getAttribute("data-component"));
  });
  buildList();
  fromFragment();
  /* Two frames on, the list has been laid out once and the size of each chunk
     remembered: from then on the browser skips the chunks out of sight (.lazy in
     page.css), and none moves when it comes back into sight. */
  requestAnimationFrame(function () {
    requestAnimationFrame(function () { document.body.classList.add("lazy"); });
  });
})();

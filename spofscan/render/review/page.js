/* The review page's what-if: the compiled model that Python exported, evaluated here.
 *
 * propagate() is spofscan.analysis.propagation.propagate, step for step; whatIf() is
 * spofscan.analysis.what_if.what_if; availability() evaluates the system's decision
 * diagram (spofscan.analysis.bdd_arrays) with the failed instances' probabilities at 0.
 * A parity test in a real browser holds every answer to `spofscan what-if --format json`.
 * Every text from the file reaches the page through textContent, never as HTML.
 */
(function () {
  "use strict";
  var model = JSON.parse(document.getElementById("spofscan-model").textContent);
  var N = model.nodes.length;
  var index = new Map();
  model.nodes.forEach(function (name, i) { index.set(name, i); });
  var hostedBy = model.nodes.map(function () { return []; });
  var memberOf = model.nodes.map(function () { return []; });
  model.hosts.forEach(function (hosts, node) {
    hosts.forEach(function (host, i) { if (host >= 0) hostedBy[host].push([node, i]); });
  });
  model.groups.forEach(function (groups, node) {
    groups.forEach(function (group, g) {
      group[1].forEach(function (member) { memberOf[member].push([node, g]); });
    });
  });
  var INSTANCE = /^(.+)\[(\d+)\]$/;
  var failed = new Set();

  function slack(node, g) {
    if (g < 0) return model.instances[node] - model.min_healthy[node];
    var group = model.groups[node][g];
    return group[1].length - group[0];
  }

  /* Names to evidence: journeys and components whole, or single instances. */
  function resolve(names) {
    var nodes = new Set(), instances = new Map();
    names.forEach(function (name) {
      var node = index.get(name);
      var m = INSTANCE.exec(name);
      if (node !== undefined && model.is_journey[node]) {
        nodes.add(node);
      } else if (node !== undefined) {
        for (var i = 0; i < model.instances[node]; i++) instances.set(node + ":" + i, [node, i]);
      } else if (m && index.has(m[1]) && !model.is_journey[index.get(m[1])]) {
        var owner = index.get(m[1]), k = parseInt(m[2], 10);
        if (k >= model.instances[owner]) throw new Error("'" + name + "': " + m[1] + " has " + model.instances[owner] + " replica(s)");
        instances.set(owner + ":" + k, [owner, k]);
      } else {
        throw new Error("'" + name + "' is not a component, journey or instance of this architecture");
      }
    });
    return { nodes: nodes, instances: Array.from(instances.values()) };
  }

  /* The greatest fixed point, pushed along hosted_by and member_of with counters. */
  function propagate(evidence) {
    var down = new Uint8Array(N), lost = new Set(), losses = new Map(), lostCount = new Int32Array(N);
    var stack = [];
    function hit(node, g) {
      var key = node + ":" + g;
      var count = (losses.get(key) || 0) + 1;
      losses.set(key, count);
      if (count > slack(node, g) && !down[node]) { down[node] = 1; stack.push(node); }
    }
    function lose(node, i) {
      var key = node + ":" + i;
      if (!lost.has(key)) { lost.add(key); lostCount[node]++; hit(node, -1); }
    }
    evidence.instances.forEach(function (inst) { lose(inst[0], inst[1]); });
    evidence.nodes.forEach(function (node) { if (!down[node]) { down[node] = 1; stack.push(node); } });
    while (stack.length) {
      var node = stack.pop();
      hostedBy[node].forEach(function (inst) { lose(inst[0], inst[1]); });
      memberOf[node].forEach(function (m) { hit(m[0], m[1]); });
    }
    var touched = new Uint8Array(N);
    losses.forEach(function (_, key) { touched[parseInt(key, 10)] = 1; });
    return { down: down, lost: lost, lostCount: lostCount, touched: touched };
  }

  /* P(system up) with the failed instances forced down; null when check estimates it. */
  function availability(evidence) {
    var bdd = model.bdd;
    if (bdd === null) return null;
    var forcedEntry = false;
    evidence.nodes.forEach(function (node) { if (model.entrypoints.indexOf(node) >= 0) forcedEntry = true; });
    if (forcedEntry) return 0.0;
    if (evidence.nodes.size) return null;
    var probs = bdd.probs.slice();
    evidence.instances.forEach(function (inst) {
      var level = bdd.variable[inst[0]][inst[1]];
      if (level >= 0) probs[level] = 0.0;
    });
    var n = bdd.high.length, values = new Float64Array(n + 1);
    values[n] = 1.0;
    bdd.spans.forEach(function (span) {
      var p = probs[span[0]];
      for (var j = span[1]; j < span[2]; j++) {
        var h = values[bdd.high[j]], l = values[bdd.low[j]];
        if (bdd.high_negated[j]) h = 1.0 - h;
        if (bdd.low_negated[j]) l = 1.0 - l;
        values[j] = p * h + (1.0 - p) * l;
      }
    });
    var v = bdd.root[1] ? 1.0 - values[bdd.root[0]] : values[bdd.root[0]];
    return Math.min(1.0, Math.max(0.0, v));
  }

  function names(nodes) {
    return nodes.map(function (n) { return model.nodes[n]; }).sort();
  }

  function brokenNeeds(effect, node) {
    var broken = new Set();
    if (model.instances[node] - effect.lostCount[node] < model.min_healthy[node]) {
      model.hosts[node].forEach(function (h) { if (h >= 0 && effect.down[h]) broken.add(h); });
    }
    model.groups[node].forEach(function (group) {
      var down = group[1].filter(function (m) { return effect.down[m]; });
      if (group[1].length - down.length < group[0]) down.forEach(function (m) { broken.add(m); });
    });
    return Array.from(broken).sort(function (a, b) { return a - b; });
  }

  /* A shortest chain of broken needs from an entrypoint down to something failed. */
  function why(effect, evidence, entry) {
    var failedNodes = new Set(evidence.nodes);
    evidence.instances.forEach(function (inst) { failedNodes.add(inst[0]); });
    var parents = new Map([[entry, entry]]), queue = [entry];
    for (var q = 0; q < queue.length; q++) {
      var node = queue[q];
      if (failedNodes.has(node)) {
        var path = [node];
        while (path[path.length - 1] !== entry) path.push(parents.get(path[path.length - 1]));
        return path.reverse().map(function (n) { return model.nodes[n]; });
      }
      brokenNeeds(effect, node).forEach(function (need) {
        if (!parents.has(need)) { parents.set(need, node); queue.push(need); }
      });
    }
    return [model.nodes[entry]];
  }

  function whatIf(list) {
    var evidence = resolve(list);
    var effect = propagate(evidence);
    var up = [], down = [];
    for (var n = 0; n < N; n++) (effect.down[n] ? down : up).push(n);
    var entryDown = model.entrypoints.filter(function (e) { return effect.down[e]; });
    var whyOf = {};
    entryDown.slice().sort(function (a, b) { return a - b; }).forEach(function (e) {
      whyOf[model.nodes[e]] = why(effect, evidence, e);
    });
    return {
      result: {
        failed: Array.from(new Set(list)).sort(),
        down: names(down),
        degraded: names(up.filter(function (n) { return model.soft[n].some(function (d) { return effect.down[d]; }); })),
        reduced: names(up.filter(function (n) { return effect.touched[n]; })),
        entrypoints_down: names(entryDown),
        availability_after: availability(evidence),
        why: whyOf
      },
      effect: effect
    };
  }

  /* ---- the page ---- */
  var current = whatIf([]);
  current.degraded = new Set();
  /* Every control once: its element, the name it toggles, its node and instance (-1
     for a whole node), and the state it shows, so that a click touches only the
     controls whose state changed (thousands of buttons on a large file). */
  var controls = [];

  function control(el, name) {
    var node = index.get(name), instance = -1, owner = name, m = INSTANCE.exec(name);
    if (node === undefined && m) {
      node = index.get(m[1]);
      instance = parseInt(m[2], 10);
      owner = m[1];
    }
    controls.push({ el: el, name: name, owner: owner, node: node, instance: instance, shown: "" });
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

  function show() {
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
    controls.forEach(paint);
  }

  function fragment() {
    return failed.size ? "#fail=" + Array.from(failed).map(function (n) {
      return encodeURIComponent(n).replace(/%5B/g, "[").replace(/%5D/g, "]");
    }).join(",") : "";
  }

  function update() {
    current = whatIf(Array.from(failed));
    current.degraded = new Set(current.result.degraded);
    var hash = fragment();
    if (location.hash !== hash && !(hash === "" && location.hash === "#")) {
      try { history.replaceState(null, "", hash || location.pathname + location.search); }
      catch (e) { location.hash = hash; }
    }
    show();
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

  function buildList() {
    var list = document.getElementById("component-list");
    model.nodes.forEach(function (name, node) {
      var items = [name];
      if (model.instances[node] > 1) for (var i = 0; i < model.instances[node]; i++) items.push(name + "[" + i + "]");
      items.forEach(function (item, k) {
        var li = document.createElement("li"), b = document.createElement("button");
        b.type = "button";
        b.textContent = item;
        b.title = item;
        b.setAttribute("data-toggle", item);
        if (k > 0) b.className = "instance";
        li.appendChild(b);
        list.appendChild(li);
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
})();

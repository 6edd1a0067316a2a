/* The review page's what-if: the compiled model that Python exported
 * (spofscan/analysis/what_if_model.py), evaluated here; page.js draws the answers.
 *
 * propagate() is spofscan.analysis.propagation.propagate, step for step; whatIf() is
 * spofscan.analysis.what_if.what_if; availability() evaluates the system's decision
 * diagrams (spofscan.analysis.bdd_arrays; parts as spofscan.analysis.modular) with the
 * failed instances' probabilities at 0.
 * A parity test in a real browser holds every answer to `spofscan what-if --format json`.
 */
function compileWhatIf(model) {
  "use strict";
  var N = model.nodes.length;
  var index = new Map();
  model.nodes.forEach(function (name, i) { index.set(name, i); });
  var hostedBy = model.nodes.map(function () { return []; });
  var memberOf = model.nodes.map(function () { return []; });
  var failsOverWith = model.nodes.map(function () { return []; });
  model.failover_needs.forEach(function (needs, node) {
    needs.forEach(function (need) { failsOverWith[need].push(node); });
  });
  var FAILOVER_GATE = -2, COMMON_CAUSE = -1;
  model.hosts.forEach(function (hosts, node) {
    hosts.forEach(function (host, i) { if (host >= 0) hostedBy[host].push([node, i]); });
  });
  model.groups.forEach(function (groups, node) {
    groups.forEach(function (group, g) {
      group[1].forEach(function (member) { memberOf[member].push([node, g]); });
    });
  });
  var INSTANCE = /^(.+)\[(\d+)\]$/;
  var CAUSE = /^(.+)\[\*\]$/;

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
      var cause = CAUSE.exec(name);
      if (node !== undefined && model.is_journey[node]) {
        nodes.add(node);
      } else if (node !== undefined) {
        for (var i = 0; i < model.instances[node]; i++) instances.set(node + ":" + i, [node, i]);
      } else if (m && index.has(m[1]) && !model.is_journey[index.get(m[1])]) {
        var owner = index.get(m[1]), k = parseInt(m[2], 10);
        if (k >= model.instances[owner]) throw new Error("'" + name + "': " + m[1] + " has " + model.instances[owner] + " replica(s)");
        instances.set(owner + ":" + k, [owner, k]);
      } else if (cause && index.has(cause[1]) && !model.is_journey[index.get(cause[1])]) {
        var of = index.get(cause[1]);
        if (!model.common_cause[of]) throw new Error("'" + name + "': " + cause[1] + " has no common cause (see common_cause)");
        instances.set(of + ":" + COMMON_CAUSE, [of, COMMON_CAUSE]);
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
    function takeDown(node) {
      if (!down[node]) { down[node] = 1; stack.push(node); }
    }
    function hit(node, g) {
      var key = node + ":" + g;
      var count = (losses.get(key) || 0) + 1;
      losses.set(key, count);
      if (g === FAILOVER_GATE) return;  /* the gate's own logic decides */
      if (count > slack(node, g)) takeDown(node);
    }
    function lose(node, i) {
      if (i < 0) { takeDown(node); return; }  /* a common cause or a failover */
      var key = node + ":" + i;
      if (lost.has(key)) return;
      lost.add(key); lostCount[node]++; hit(node, -1);
      var needs = model.failover_needs[node];
      if (i === 0 && needs.length) {
        hit(node, FAILOVER_GATE);
        if (needs.some(function (n) { return down[n]; })) takeDown(node);
      }
    }
    evidence.instances.forEach(function (inst) { lose(inst[0], inst[1]); });
    evidence.nodes.forEach(takeDown);
    while (stack.length) {
      var node = stack.pop();
      hostedBy[node].forEach(function (inst) { lose(inst[0], inst[1]); });
      memberOf[node].forEach(function (m) { hit(m[0], m[1]); });
      failsOverWith[node].forEach(function (dependent) {
        hit(dependent, FAILOVER_GATE);
        if (lost.has(dependent + ":0")) takeDown(dependent);
      });
    }
    var touched = new Uint8Array(N);
    losses.forEach(function (_, key) {  /* an instance or a member lost; not a failover's need */
      var parts = key.split(":");
      if (parseInt(parts[1], 10) !== FAILOVER_GATE) touched[parseInt(parts[0], 10)] = 1;
    });
    return { down: down, lost: lost, lostCount: lostCount, touched: touched };
  }

  /* P(system up) with the failed instances forced down; null when check estimates it.
   * The parts in order (modules set their variable's probability before the parts that
   * read them), the top's value times the series variables' probabilities. */
  function availability(evidence) {
    var bdd = model.bdd;
    if (bdd === null) return null;
    var forcedEntry = false;
    evidence.nodes.forEach(function (node) { if (model.entrypoints.indexOf(node) >= 0) forcedEntry = true; });
    if (forcedEntry) return 0.0;
    if (evidence.nodes.size) return null;
    var probs = bdd.probs.slice();
    evidence.instances.forEach(function (inst) {
      var level = inst[1] === COMMON_CAUSE ? bdd.common_cause_variable[inst[0]] : bdd.variable[inst[0]][inst[1]];
      if (level >= 0) probs[level] = 0.0;
    });
    var top = 1.0;
    bdd.parts.forEach(function (part) {
      var value = evaluate(part, probs);
      if (part.sets >= 0) probs[part.sets] = value; else top = value;
    });
    var series = 1.0;
    bdd.series.forEach(function (level) { series *= probs[level]; });
    return Math.min(1.0, Math.max(0.0, series * top));
  }

  /* P(diagram) at probs: one pass, deepest level first (bdd_arrays.probability). */
  function evaluate(part, probs) {
    var n = part.high.length, values = new Float64Array(n + 1);
    values[n] = 1.0;
    part.spans.forEach(function (span) {
      var p = probs[span[0]];
      for (var j = span[1]; j < span[2]; j++) {
        var h = values[part.high[j]], l = values[part.low[j]];
        if (part.high_negated[j]) h = 1.0 - h;
        if (part.low_negated[j]) l = 1.0 - l;
        values[j] = p * h + (1.0 - p) * l;
      }
    });
    return part.root[1] ? 1.0 - values[part.root[0]] : values[part.root[0]];
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
    var needs = model.failover_needs[node], active = model.hosts[node][0];
    if (needs.length && (effect.lost.has(node + ":0") || (active >= 0 && effect.down[active]))) {
      needs.forEach(function (n) { if (effect.down[n]) broken.add(n); });
      if (active >= 0 && effect.down[active]) broken.add(active);
    }
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
        why: whyOf,
        failed_over: names(up.filter(function (n) { return model.fails_over[n] && effect.lost.has(n + ":0"); }))
      },
      effect: effect
    };
  }

  return { index: index, INSTANCE: INSTANCE, resolve: resolve, whatIf: whatIf };
}

"""The review page in a real browser (headless Chromium, tests/browser.py): clicking a
component gives the numbers ``spofscan what-if --format json`` gives, for every
component and instance of every example and a sample of pairs; names from the file
stay text; the page makes no network request; keyboard users reach every component.

This is the parity test STYLE.md asks for: the page's JavaScript evaluates the model
Python exported, and these tests hold it to the command line's answers.
"""

from __future__ import annotations

import importlib
import itertools
import json
import math
import random
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from apart_files import CHAINS, whole_outgrows
from browser import chromium, click, open_page, state
from conftest import ROOT, TODAY

from spofscan import pipeline
from spofscan.analysis.what_if import what_if
from spofscan.model.architecture import Architecture
from spofscan.render.review import render
from spofscan.render.what_if.json import render_what_if
from spofscan.report.options import ReviewFormat

FIELDS = ("failed", "down", "degraded", "reduced", "entrypoints_down", "why", "failed_over")
EXAMPLE_FILES = sorted((ROOT / "examples").glob("*.yaml"))
PAIRS = 12  # sampled pairs of failures per example


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    yield from chromium()


def write_page(source: Path, folder: Path) -> tuple[Path, Architecture, bool]:
    """The review page of ``source``, its architecture, and whether it is exact."""
    review = pipeline.review(source, today=TODAY)
    page = folder / f"{source.stem}.html"
    page.write_text(render(ReviewFormat.html, review), encoding="utf-8")
    return page, review.report.architecture, review.model["bdd"] is not None


def clickable_names(arch: Architecture) -> list[str]:
    """Every component, journey and instance of a replicated component."""
    names = list(arch.node_names())
    for name, comp in sorted(arch.components.items()):
        if comp.replicas > 1:
            names += [f"{name}[{i}]" for i in range(comp.replicas)]
    return names


def assert_same(page: dict[str, Any], arch: Architecture, names: list[str], exact: bool) -> None:
    """The page's answer is what-if --format json's; availability within 1e-12 when exact,
    and not computed in the page when check estimates it."""
    expected = json.loads(render_what_if(arch, what_if(arch, names)))
    for field in FIELDS:
        assert page[field] == expected[field], (names, field)
    if exact:
        after = expected["availability_after"]
        assert math.isclose(page["availability_after"], after, rel_tol=1e-12, abs_tol=1e-15), names
    else:
        assert page["availability_after"] is None


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_clicking_each_failure_gives_what_if_answers(
    driver: Any, example: Path, tmp_path: Path
) -> None:
    page, arch, exact = write_page(example, tmp_path)
    open_page(driver, str(page))
    where = []
    for name in clickable_names(arch):
        where.append(click(driver, name))
        assert_same(state(driver), arch, [name], exact)
        assert driver.current_url.endswith("#fail=" + name), driver.current_url
        click(driver, name)
        assert state(driver)["failed"] == []
    drawn = driver.execute_script("return document.querySelectorAll('svg [data-component]').length")
    assert where.count("diagram") >= drawn * 3 // 4  # most drawn boxes take the click


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_clicking_pairs_gives_what_if_answers(driver: Any, example: Path, tmp_path: Path) -> None:
    page, arch, exact = write_page(example, tmp_path)
    open_page(driver, str(page))
    names = clickable_names(arch)
    pairs = {tuple(sorted(random.Random(7 + i).sample(names, 2))) for i in range(PAIRS)}
    for first, second in sorted(pairs):
        click(driver, first)
        click(driver, second)
        assert_same(state(driver), arch, [first, second], exact)
        driver.execute_script("window.spofscan.reset()")


SHOWN = """
return Array.from(document.querySelectorAll('[data-component],[data-toggle]')).map(function (el) {
  return [el.dataset.component || el.dataset.toggle,
          ['is-failed', 'is-down', 'is-degraded', 'is-reduced'].filter(function (c) {
            return el.classList.contains(c); })];
});
"""


def expected_classes(model: dict[str, Any], answer: dict[str, Any], name: str) -> list[str]:
    """What a control should show, from the what-if answer alone: a component failed,
    down, else degraded, else with lost redundancy; an instance failed (itself or its
    component), down when failed or when what it runs on is down."""
    failed, down = set(answer["failed"]), set(answer["down"])
    owner, _, rest = name.partition("[")
    if rest:
        node, instance = model["nodes"].index(owner), int(rest.rstrip("]"))
        host = model["hosts"][node][instance]
        is_failed = name in failed or owner in failed
        lost = is_failed or (host >= 0 and model["nodes"][host] in down)
        return ["is-failed"] * is_failed + ["is-down"] * lost
    shown = ["is-failed"] * (name in failed)
    if name in down:
        return [*shown, "is-down"]
    if name in answer["degraded"]:
        return [*shown, "is-degraded"]
    return shown + ["is-reduced"] * (name in answer["reduced"])


def test_a_click_repaints_every_control_whose_state_changed(driver: Any, tmp_path: Path) -> None:
    page, _, _ = write_page(ROOT / "examples" / "microservices.yaml", tmp_path)
    open_page(driver, str(page), "#fail=node_b")
    model = driver.execute_script(
        "return JSON.parse(document.getElementById('spofscan-model').textContent)"
    )
    steps = [
        "fail(['node_a'])",
        "fail(['frontend[1]'])",
        "restore(['node_b'])",
        "toggle('recommendation_service')",
        "fail(['frontend', 'kafka_0'])",
        "restore(['frontend[1]'])",
        "restore(['frontend'])",
        "reset()",
        "fail(['zone_a'])",
        "reset()",
        "fail(['kafka_0'])",
    ]
    for step in steps:
        answer = driver.execute_script(f"return window.spofscan.{step}")
        shown = driver.execute_script(SHOWN)
        assert len(shown) > len(model["nodes"])
        for name, classes in shown:
            assert classes == expected_classes(model, answer, name), (step, name)


def test_the_scenario_lives_in_the_fragment(driver: Any, tmp_path: Path) -> None:
    page, arch, exact = write_page(ROOT / "examples" / "three-containers-one-vm.yaml", tmp_path)
    open_page(driver, str(page), "#fail=vm,api[0]")
    assert_same(state(driver), arch, ["vm", "api[0]"], exact)
    driver.execute_script("window.spofscan.reset(); window.spofscan.fail(['nginx', 'api[2]'])")
    assert driver.current_url.endswith("#fail=nginx,api[2]")
    open_page(driver, driver.current_url.removeprefix("file://"))
    assert state(driver)["failed"] == ["api[2]", "nginx"]


def test_keyboard_users_reach_and_toggle_every_component(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.keys import Keys

    page, arch, _ = write_page(ROOT / "examples" / "microservices.yaml", tmp_path)
    open_page(driver, str(page))
    focusable = driver.execute_script(
        "return Array.from(document.querySelectorAll('[data-component],[data-toggle]'))"
        ".filter(function (el) { return el.tabIndex >= 0; })"
        ".map(function (el) { return el.dataset.component || el.dataset.toggle; })"
    )
    assert set(clickable_names(arch)) <= set(focusable)
    box = driver.find_element("css selector", 'svg [data-component="node_a"]')
    box.send_keys(Keys.ENTER)
    assert state(driver)["failed"] == ["node_a"]
    box.send_keys(Keys.SPACE)
    assert state(driver)["failed"] == []


XSS = "<img/src=x/onerror=window.pwned=1>"


def test_names_from_the_file_stay_text(driver: Any, tmp_path: Path) -> None:
    source = tmp_path / "xss.yaml"
    source.write_text(
        "spofscan: 1\n"
        "name: <img src=x onerror=alert(1)>\n"
        "description: <script>window.pwned=2</script>\n"
        "components:\n"
        f"  '{XSS}':\n"
        "    availability: 99.9\n"
        "    depends_on: [db]\n"
        "  db:\n"
        "    availability: 99.9\n",
        encoding="utf-8",
    )
    page, arch, exact = write_page(source, tmp_path)
    open_page(driver, str(page))
    assert driver.execute_script("return window.pwned === undefined")
    assert driver.execute_script("return document.querySelectorAll('img').length") == 0
    assert "<img src=x onerror=alert(1)>" in driver.find_element("css selector", "h1").text
    assert click(driver, XSS) == "diagram"
    assert_same(state(driver), arch, [XSS], exact)
    assert driver.execute_script("return window.pwned === undefined")


def test_the_page_makes_no_network_request(driver: Any, tmp_path: Path) -> None:
    page, _, _ = write_page(ROOT / "examples" / "multi-region.yaml", tmp_path)
    with socket.socket() as server:  # a local server that counts who knocks
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.5)
        url = f"http://127.0.0.1:{server.getsockname()[1]}/"
        open_page(driver, str(page))
        loaded = driver.execute_script(
            "return performance.getEntriesByType('resource').map(function (e) { return e.name; })"
        )
        blocked = driver.execute_async_script(
            "var done = arguments[arguments.length - 1], url = arguments[0], seen = [];"
            "document.addEventListener('securitypolicyviolation', function (e) {"
            "  seen.push(e.violatedDirective); });"
            "var img = new Image(); img.src = url + 'x.png'; document.body.appendChild(img);"
            "fetch(url).then(function () { done(['fetched']); },"
            "  function () { setTimeout(function () { done(seen); }, 200); });",
            url,
        )
        with pytest.raises(TimeoutError):
            server.accept()
    assert loaded == []
    assert "fetched" not in blocked
    assert any(d.startswith(("connect-src", "default-src")) for d in blocked), blocked
    assert any(d.startswith(("img-src", "default-src")) for d in blocked), blocked


def test_a_large_file_draws_the_collapsed_view(
    driver: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    generate = importlib.import_module("generate")
    source = tmp_path / "large.yaml"
    source.write_text(generate.to_yaml(generate.generate(1000, seed=1)), encoding="utf-8")
    page, arch, exact = write_page(source, tmp_path)
    open_page(driver, str(page))
    assert "collapsed" in driver.find_element("id", "review").find_element("xpath", "..").text
    names = clickable_names(arch)
    for name in random.Random(3).sample(names, 5):
        click(driver, name)
        assert_same(state(driver), arch, [name], exact)
        click(driver, name)


@pytest.mark.parametrize(
    "case", sorted((ROOT / "tests" / "cases" / "valid").glob("*.yaml")), ids=lambda p: p.stem
)
def test_every_valid_case_answers_as_what_if(driver: Any, case: Path, tmp_path: Path) -> None:
    """Cycles, journeys, groups, odd names: every single failure and pair (up to a
    sample), through window.spofscan, in one call to the page."""
    page, arch, exact = write_page(case, tmp_path)
    open_page(driver, str(page))
    names = clickable_names(arch)
    scenarios = [[n] for n in names] + [list(p) for p in itertools.combinations(names, 2)]
    scenarios = scenarios[:400]
    answers = driver.execute_script(
        "return arguments[0].map(function (names) {"
        "  window.spofscan.reset(); return window.spofscan.fail(names); })",
        scenarios,
    )
    for names_failed, answer in zip(scenarios, answers, strict=True):
        assert_same(answer, arch, names_failed, exact)


def answers_in_one_call(driver: Any, scenarios: list[list[str]]) -> list[dict[str, Any]]:
    """window.spofscan's answer to each scenario, each from nothing failed."""
    answers: list[dict[str, Any]] = driver.execute_script(
        "return arguments[0].map(function (names) {"
        "  window.spofscan.reset(); return window.spofscan.fail(names); })",
        scenarios,
    )
    return answers


def test_a_file_in_parts_answers_as_what_if(
    driver: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stacks of services under one region compile in parts (series variables and a
    module per stack): the page evaluates the parts, exactly."""
    monkeypatch.syspath_prepend(str(ROOT / "benchmarks"))
    generate = importlib.import_module("generate")
    source = tmp_path / "stacks.yaml"
    source.write_text(generate.to_yaml(generate.generate(1200, shape="stacks")), encoding="utf-8")
    page, arch, exact = write_page(source, tmp_path)
    model = pipeline.review(source, today=TODAY).model
    assert exact and len(model["bdd"]["parts"]) > 1 and model["bdd"]["series"]
    open_page(driver, str(page))
    names = random.Random(5).sample(clickable_names(arch), 30)
    scenarios = [[n] for n in names] + [names[i : i + 2] for i in range(0, 30, 2)]
    for failed, answer in zip(scenarios, answers_in_one_call(driver, scenarios), strict=True):
        assert_same(answer, arch, failed, exact)


def test_a_file_with_its_entrypoints_apart_answers_as_what_if(
    driver: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file exact only with its entrypoints compiled apart (their whole diagram made
    to outgrow the budget here): the page evaluates the system's parts."""
    source = tmp_path / "chains.yaml"
    source.write_text(CHAINS, encoding="utf-8")
    whole_outgrows(monkeypatch)
    page, arch, exact = write_page(source, tmp_path)
    assert exact
    open_page(driver, str(page))
    names = clickable_names(arch)
    scenarios = [[n] for n in names] + [list(p) for p in itertools.combinations(names, 2)]
    for failed, answer in zip(scenarios, answers_in_one_call(driver, scenarios), strict=True):
        assert_same(answer, arch, failed, exact)

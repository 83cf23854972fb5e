"""The generated page in a real browser: headless Chromium, every network request blocked.

Skipped with the reason when Chromium or Playwright is missing; .ci/install-system.sh installs both.
Playwright drives Debian's chromium through ``executable_path`` (no ``playwright install`` download).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_viz import SCRIPT_BREAK, XSS, iri, small_store

from kgraph import viz

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser_context(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium (.ci/install-system.sh installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install playwright)")
    with sync_api.sync_playwright() as p:
        profile = tmp_path_factory.mktemp("chromium-profile")  # a fresh --user-data-dir
        ctx = p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, headless=True,
                                                   args=FLAGS, viewport={"width": 1280, "height": 800})
        yield ctx
        ctx.close()


class Opened:
    def __init__(self, page, console: list, dialogs: list, requests: list) -> None:
        self.page, self.console, self.dialogs, self.requests = page, console, dialogs, requests


def open_page(ctx, html: Path) -> Opened:
    page = ctx.new_page()
    console, dialogs, requests = [], [], []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(html.as_uri())
    page.wait_for_function("window.kg && window.kg.ready === true", timeout=60_000)
    return Opened(page, console, dialogs, requests)


@pytest.fixture(scope="module")
def small_page(browser_context, tmp_path_factory):
    store = small_store()
    out = tmp_path_factory.mktemp("viz") / "small.html"
    view = viz.write_view(store, out, viz.ViewSpec())
    opened = open_page(browser_context, out)
    yield opened, view
    opened.page.close()


def test_drawn_nodes_and_edges_equal_the_graph(small_page):
    opened, view = small_page
    page = opened.page
    ids = page.evaluate("kg.nodes.getIds()")
    drawn = page.evaluate("kg.network.body.nodeIndices.slice()")
    assert set(ids) == set(drawn) == set(view.graph.nodes)
    edges = page.evaluate("kg.edges.get().map(e => [e.from, e.to, e.relation])")
    drawn_edges = page.evaluate("kg.network.body.edgeIndices.length")
    assert sorted(map(tuple, edges)) == sorted((a, b, d["relation"]) for a, b, d in view.graph.edges(data=True))
    assert drawn_edges == view.graph.number_of_edges()
    assert page.evaluate("kg.network.physics.physicsEnabled") is False  # settled, then stopped


def test_legend_lists_the_classes(small_page):
    opened, view = small_page
    names = opened.page.locator("#kg-legend-list .kg-legend-name").all_text_contents()
    expected = {viz.STYLE[d["category"]][0] for _n, d in view.graph.nodes(data=True)}
    assert set(names) == expected and len(names) == len(expected)


def test_search_focuses_the_node_and_opens_details(small_page):
    page = small_page[0].page
    page.fill("#kg-search", "knife crime fund")
    page.click("#kg-search-form button[type=submit]")
    assert page.evaluate("kg.focused") == iri("e2")
    assert page.evaluate("kg.network.getSelectedNodes()") == [iri("e2")]
    pos = page.evaluate(f"kg.network.getPositions([{iri('e2')!r}])[{iri('e2')!r}]")
    centre = page.evaluate("kg.network.getViewPosition()")
    assert abs(pos["x"] - centre["x"]) < 1 and abs(pos["y"] - centre["y"]) < 1
    assert page.locator("#kg-details h2").text_content() == "Knife Crime Fund"


def test_click_opens_the_details_panel(small_page):
    page = small_page[0].page
    page.click("#kg-details-close")
    assert page.locator("#kg-details").is_hidden()
    target = iri("q1")
    page.evaluate(f"kg.network.focus({target!r}, {{scale: 1.5, animation: false}})")
    dom = page.evaluate(f"kg.network.canvasToDOM(kg.network.getPositions([{target!r}])[{target!r}])")
    box = page.locator("#kg-network").bounding_box()
    page.mouse.click(box["x"] + dom["x"], box["y"] + dom["y"])
    page.wait_for_function("kg.shown !== null", timeout=5_000)
    assert page.evaluate("kg.shown") == target
    panel = page.locator("#kg-details")
    assert panel.is_visible()
    assert panel.locator("h2").text_content() == "Knife crime"
    text = panel.text_content()
    assert "2024-01-10" in text and "Neighbours" in text and "Alice Example" in text


def test_injected_labels_stay_inert_text(small_page):
    opened = small_page[0]
    page = opened.page
    for label, key in ((XSS, "e1"), (SCRIPT_BREAK, "e4")):
        page.fill("#kg-search", label)
        page.click("#kg-search-form button[type=submit]")
        assert page.evaluate("kg.focused") == iri(key)
        assert page.locator("#kg-details h2").text_content() == label  # shown literally
    assert page.locator("#kg-details img").count() == 0 and page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.pwned === undefined")
    # a javascript: URL from the data is shown, never made a link
    page.fill("#kg-search", XSS)
    page.click("#kg-search-form button[type=submit]")
    assert "javascript:alert(2)" in page.locator("#kg-details").text_content()
    assert page.locator("#kg-details a[href^=javascript]").count() == 0
    page.mouse.move(5, 5)
    page.wait_for_timeout(300)
    assert opened.dialogs == []


def test_class_and_date_filters_hide_and_restore(small_page):
    page = small_page[0].page
    total = page.evaluate("kg.nodes.length")
    questions = page.evaluate("kg.nodes.get({filter: n => n.category === 'Question'}).length")
    page.locator('#kg-legend input[data-category="Question"]').uncheck()
    assert page.evaluate("kg.network.body.nodeIndices.length") == total - questions
    page.locator('#kg-legend input[data-category="Question"]').check()
    page.fill("#kg-from", "2024-05-01")
    page.dispatch_event("#kg-from", "change")
    visible = set(page.evaluate("kg.network.body.nodeIndices.slice()"))
    assert iri("q3") in visible and iri("q1") not in visible and iri("q2") not in visible
    assert iri("m1") in visible  # undated nodes stay
    page.click("#kg-dates-clear")
    assert page.evaluate("kg.network.body.nodeIndices.length") == total


def test_no_console_errors_and_no_network(small_page):
    opened = small_page[0]
    assert opened.console == []
    assert opened.requests == []


@pytest.mark.corpus
def test_corpus_comention_page_in_the_browser(browser_context, clquestions, seed_file, tmp_path):
    from kgraph.build import build
    from kgraph.store import OxigraphStore

    store = OxigraphStore(None)
    build([clquestions, seed_file], store, mentions=True)
    out = tmp_path / "co.html"
    view = viz.write_view(store, out, viz.ViewSpec(view="comention"))
    opened = open_page(browser_context, out)
    page = opened.page
    assert set(page.evaluate("kg.network.body.nodeIndices.slice()")) == set(view.graph.nodes)
    assert page.evaluate("kg.network.body.edgeIndices.length") == view.graph.number_of_edges()
    page.fill("#kg-search", "Home Office")
    page.click("#kg-search-form button[type=submit]")
    assert page.locator("#kg-details h2").text_content() == "Home Office"
    assert opened.console == [] and opened.requests == [] and opened.dialogs == []
    page.close()

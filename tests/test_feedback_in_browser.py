"""The feedback page in a real headless browser (the system's chromium): in the notebook's order,
its math drawn, and nothing fetched from the network."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import ROOT, run_deepsteps

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def page_of_bob(tmp_path_factory):
    if CHROMIUM is None:
        pytest.skip("no chromium here (CI installs it: apt-get install chromium)")
    out = tmp_path_factory.mktemp("feedback")
    subs = out / "submitted"
    shutil.copytree(ROOT / "examples" / "submissions" / "bob", subs / "bob")
    assert run_deepsteps("grade", str(subs), "--out", str(out / "out")).returncode == 0
    return out / "out" / "feedback" / "bob" / "01_define_network" / "define_network.html"


def test_the_feedback_page_reads_in_order_with_its_math_drawn_offline(page_of_bob):
    requested = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-background-networking", "--disable-component-update"])
        try:
            page = browser.new_page()
            page.on("request", lambda request: requested.append(request.url))
            page.goto(page_of_bob.as_uri())
            text = page.inner_text("body")
            widths = page.eval_on_selector_all("math", "nodes => nodes.map(n => n.getBoundingClientRect().width)")
            wrapped = page.eval_on_selector_all(
                "pre", "nodes => nodes.filter(n => getComputedStyle(n).whiteSpace === 'pre-wrap').length")
        finally:
            browser.close()
    assert [url for url in requested if not url.startswith("file://")] == []  # nothing from the network
    assert widths and min(widths) > 0  # MathML laid out by the browser itself
    assert "$" not in text.split("Task 1")[1].split("\n")[2]  # no raw TeX left in the first task's text
    positions = [text.index(words) for words in ("Task 1 · Activation functions", "[visible cases] 01.sigmoid passed",
                                                  "Task 2 · One layer for a whole batch", "Task 5 · The same function in Keras",
                                                  "01.keras_network failed.", "Task 6 · Counting parameters")]
    assert positions == sorted(positions)  # task texts before their tests, in the notebook's order
    assert wrapped >= 1  # the failure's long lines wrap

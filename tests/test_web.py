"""The web page and its JSON API: contract, limits, errors, a real browser, and a bounded load on loopback."""

from __future__ import annotations

import concurrent.futures
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from licensecheck.licensedb import load_license  # noqa: E402
from licensecheck.web import create_app  # noqa: E402

LLAMA = load_license("llama-2-license-2023").text
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def client(classifier, reference_index) -> TestClient:
    return TestClient(create_app(max_bytes=200_000))


def test_health_answers_once_the_model_is_loaded(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200 and response.json()["status"] == "ok" and len(response.json()["model"]) == 64


def test_json_paste_returns_the_analysis_contract(client: TestClient) -> None:
    response = client.post("/api/analyze", json={"text": LLAMA, "component": "weights"})
    assert response.status_code == 200
    data = response.json()
    assert data["schema"] == "licensecheck/analysis/v1" and data["component"] == "weights"
    assert data["labels"]["user-count-cap"]["params"][0]["threshold"] == 700_000_000


def test_multipart_upload_is_analyzed(client: TestClient) -> None:
    response = client.post("/api/analyze", files={"file": ("LICENSE.md", load_license("cc-by-nc-4.0").text.encode(), "text/markdown")})
    assert response.status_code == 200 and "commercial-ban" in response.json()["summary"]["blocking"]


def test_html_report_endpoint(client: TestClient) -> None:
    response = client.post("/api/report", json={"text": LLAMA})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert "700,000,000 monthly active users" in response.text


@pytest.mark.parametrize(
    "kwargs, status, message",
    [
        ({"json": {"text": "   "}}, 400, "no license text"),
        ({"files": {"file": ("model.bin", bytes(range(256)) * 8, "application/octet-stream")}}, 400, "looks like binary data"),
        ({"content": b"not json", "headers": {"content-type": "application/json"}}, 400, "send JSON"),
        ({"json": {"words": "x"}}, 400, "'text'"),
        ({"json": {"text": "MIT", "component": "firmware"}}, 400, "component must be one of"),
        ({"json": {"text": "x" * 300_000}}, 413, "byte limit"),
    ],
)
def test_bad_requests_get_clear_messages(client: TestClient, kwargs: dict, status: int, message: str) -> None:
    response = client.post("/api/analyze", **kwargs)
    assert response.status_code == status and message in response.json()["detail"]


def test_diff_endpoint_returns_the_diff_contract_and_its_page(client: TestClient) -> None:
    lowered = LLAMA.replace("700 million monthly active users", "100 million monthly active users")
    response = client.post("/api/diff", json={"old": LLAMA, "new": lowered})
    assert response.status_code == 200
    data = response.json()
    assert data["schema"] == "licensecheck/diff/v1" and data["labels"]["changed"] == ["user-count-cap"]
    page = client.post("/api/diff/report", json={"old": load_license("cc-by-4.0").text, "new": load_license("cc-by-nc-4.0").text})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html") and "commercial-ban" in page.text


@pytest.mark.parametrize(
    "kwargs, status, message",
    [
        ({"json": {"old": "MIT"}}, 400, "'old' and 'new'"),
        ({"content": b"[", "headers": {"content-type": "application/json"}}, 400, "send JSON"),
        ({"json": {"old": "   ", "new": "MIT"}}, 400, "no license text"),
        ({"json": {"old": "x" * 150_000, "new": "y" * 150_000}}, 413, "byte limit"),
    ],
)
def test_bad_diff_requests_get_clear_messages(client: TestClient, kwargs: dict, status: int, message: str) -> None:
    response = client.post("/api/diff", **kwargs)
    assert response.status_code == status and message in response.json()["detail"]


def test_openapi_description_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/analyze", "/api/report", "/api/health"} <= set(paths)


def _child_env() -> dict[str, str]:
    """This checkout first on a child Python's path; the session's cache folder comes with os.environ."""
    root = str(Path(__file__).resolve().parent.parent)
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}


def test_analyze_and_identify_do_not_import_the_web_stack() -> None:
    """FastAPI is in the default install now, but only `serve` pays for importing it."""
    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from licensecheck.cli import main\n"
        "for args in (['analyze', '--known', 'mit', '--format', 'json'], ['identify', '--known', 'mit']):\n"
        "    result = CliRunner().invoke(main, args)\n"
        "    assert result.exit_code == 0, (args, result.output)\n"
        "web = ('fastapi', 'starlette', 'uvicorn', 'multipart', 'python_multipart', 'licensecheck.web')\n"
        "print(sorted(name for name in sys.modules if name in web or name.split('.')[0] in web[:-1]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=_child_env(), timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.fixture(scope="module")
def server(classifier, reference_index):
    """A real uvicorn server on a free loopback port, in a thread."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, access_log=False, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


def test_a_fresh_servers_first_two_requests_at_once_both_succeed() -> None:
    """What the page sends on its first Analyze: /api/report and /api/analyze together, to a server that has analyzed
    nothing yet (a fresh process: this session's pipeline is already warm). They once raced to build spaCy's matcher."""
    script = """
import concurrent.futures, socket, threading, time
import httpx, uvicorn
from licensecheck.licensedb import load_license
from licensecheck.web import create_app
with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, access_log=False, log_level="critical"))
threading.Thread(target=server.run, daemon=True).start()
while not server.started:
    time.sleep(0.05)
text = load_license("llama-2-license-2023").text
def post(path):
    return httpx.post(f"http://127.0.0.1:{port}{path}", json={"text": text}, timeout=240).status_code
with concurrent.futures.ThreadPoolExecutor(2) as pool:
    print(list(pool.map(post, ["/api/report", "/api/analyze"])))
server.should_exit = True
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=_child_env(), timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[200, 200]", done.stdout


def test_bounded_load_of_200_requests_from_8_clients(server: str) -> None:
    import httpx

    texts = [LLAMA, load_license("mit").text, load_license("apache-2.0").text, "You may not use this for commercial purposes."]

    def one(number: int) -> int:
        with httpx.Client(timeout=60) as http:
            return http.post(f"{server}/api/analyze", json={"text": texts[number % len(texts)]}).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(one, range(200)))
    assert statuses == [200] * 200


def test_paste_llama_and_read_the_cap_in_a_browser(server: str, browser, tmp_path: Path) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server)
    page.fill("#text", LLAMA)
    page.click("#analyze")
    report = page.frame_locator("#report")
    report.locator("text=700,000,000 monthly active users").first.wait_for(timeout=30_000)
    assert page.locator("#download-json").is_enabled()
    page.screenshot(path=str(Path(__file__).parent / "artifacts" / "web-llama.png"), full_page=False) if (Path(__file__).parent / "artifacts").is_dir() else None
    assert errors == []
    page.close()


def test_compare_two_pasted_licenses_in_a_browser(server: str, browser) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server)
    page.click("#compare-section summary")
    page.click("#compare")
    assert "Paste both licenses first" in page.locator("#compare-message").inner_text()
    page.fill("#old-text", load_license("cc-by-4.0").text)
    page.fill("#new-text", load_license("cc-by-nc-4.0").text)
    page.click("#compare")
    diff = page.frame_locator("#diff")
    diff.locator("#summary >> text=commercial-ban").first.wait_for(timeout=30_000)
    assert page.locator("#download-diff").is_enabled()
    assert errors == []
    page.close()


def test_upload_a_file_and_see_messages_for_bad_input(server: str, browser, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(server)
    page.click("#analyze")
    assert "Paste a license or choose a file first" in page.locator("#message").inner_text()
    license_file = tmp_path / "LICENSE.txt"
    license_file.write_text(load_license("cc-by-nc-4.0").text)
    page.set_input_files("#file", str(license_file))
    page.click("#analyze")
    page.frame_locator("#report").locator("text=commercial-ban").first.wait_for(timeout=30_000)
    binary = tmp_path / "weights.bin"
    binary.write_bytes(bytes(range(256)) * 8)
    page.set_input_files("#file", str(binary))
    page.click("#analyze")
    page.locator("#message.error").wait_for(timeout=30_000)
    assert "looks like binary data" in page.locator("#message").inner_text()
    page.close()


# The report frame's geometry, measured from the page: the frame's inner height, the report's full height, and where
# its last card, last clause and text end (in the frame's coordinates: inside the box when <= the frame's height).
GEOMETRY = """() => {
  const frame = document.getElementById("report"), doc = frame.contentDocument;
  if (!doc || !doc.documentElement || doc.readyState !== "complete" || !doc.querySelector(".text")) { return null; }
  const bottom = (list) => list.length ? list[list.length - 1].getBoundingClientRect().bottom : null;
  return {frame: frame.clientHeight, scroll: doc.documentElement.scrollHeight, viewport: doc.documentElement.clientHeight,
          cards: doc.querySelectorAll(".card").length, lastCard: bottom(doc.querySelectorAll(".card")),
          lastClause: bottom(doc.querySelectorAll(".clause")), text: bottom(doc.querySelectorAll(".text")),
          title: doc.title, href: doc.location.href, target: (doc.querySelector(":target") || {}).id || null};
}"""


def _fitted(page, condition: str) -> dict:
    """Wait until the report frame satisfies CONDITION (JS over ``g``, the geometry), then return the geometry."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(f"() => {{ const g = ({GEOMETRY})(); return !!g && ({condition}); }}", timeout=30_000)
    except PlaywrightTimeout:
        pass  # the assertions below say what is wrong
    return page.evaluate(GEOMETRY)


def _assert_fits(g: dict) -> None:
    assert g is not None, "no report in the frame"
    assert g["frame"] >= g["scroll"] - 2 and g["scroll"] <= g["viewport"] + 2, f"the report is cut off: {g}"
    for part in ("lastCard", "lastClause", "text"):
        assert g[part] is None or 0 < g[part] <= g["frame"] + 1, f"the {part} is outside the frame: {g}"


def test_report_frame_fits_the_report_after_each_analyze(server: str, browser) -> None:
    import httpx

    from licensecheck.source import read_known

    assert httpx.get(f"{server}/api/health", timeout=120).status_code == 200  # the model is loaded before the clock starts
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server)
    page.fill("#text", read_known("llama-2-license-2023").text)
    page.click("#analyze")
    page.frame_locator("#report").locator("text=700,000,000 monthly active users").first.wait_for(timeout=30_000)
    long = _fitted(page, "g.cards > 0 && g.frame >= g.scroll - 2")
    _assert_fits(long)
    assert long["cards"] > 0 and long["frame"] > 1200, long  # longer than the old fixed frame, and all of it shown
    assert abs(long["frame"] - long["scroll"]) <= 2, f"the frame is taller than the report: {long}"

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "web-llama-fitted-full.png"), full_page=True)
    report = page.frame_locator("#report")
    report.locator(".text").scroll_into_view_if_needed()
    page.mouse.wheel(0, 100_000)  # the page's bottom: the end of the licence text and the frame's bottom border
    page.wait_for_timeout(200)
    page.screenshot(path=str(ARTIFACTS / "web-llama-fitted-bottom.png"))

    # a card's link goes to its clause within the report (a srcdoc frame would otherwise load this page into itself)
    page.evaluate("window.scrollTo(0, 0)")
    link = report.locator(".card a").first
    clause = link.get_attribute("href")[1:]
    link.click()
    page.wait_for_function(f"() => (({GEOMETRY})() || {{}}).target === {clause!r}", timeout=10_000)
    followed = page.evaluate(GEOMETRY)
    assert followed["href"].startswith("about:srcdoc") and followed["cards"] == long["cards"], followed
    top = page.evaluate(f"""() => {{ const frame = document.getElementById("report");
        return frame.getBoundingClientRect().top + frame.contentDocument.getElementById({clause!r}).getBoundingClientRect().top; }}""")
    assert -5 <= top < 900, f"the clause is not scrolled into view (top {top})"  # scrolled to the top, give or take a pixel

    # a narrower window makes the report taller: the frame follows
    page.set_viewport_size({"width": 640, "height": 900})
    narrow = _fitted(page, f"g.frame > {long['frame']} && g.frame >= g.scroll - 2")
    _assert_fits(narrow)
    assert narrow["frame"] > long["frame"], (long, narrow)
    page.set_viewport_size({"width": 1280, "height": 900})

    # a second Analyze with a short licence: a new report, and the frame shrinks to it
    page.fill("#text", load_license("mit").text)
    page.click("#analyze")
    short = _fitted(page, "g.title.indexOf('MIT') >= 0 && Math.abs(g.frame - g.scroll) <= 2")
    _assert_fits(short)
    assert "MIT" in short["title"] and short["frame"] < long["frame"], (long, short)
    assert abs(short["frame"] - short["scroll"]) <= 2, f"the frame did not shrink to the new report: {short}"
    page.screenshot(path=str(ARTIFACTS / "web-mit-second-analyze.png"), full_page=True)
    assert errors == []
    page.close()

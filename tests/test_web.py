"""The web page and its JSON API: contract, limits, errors, a real browser, and a bounded load on loopback."""

from __future__ import annotations

import concurrent.futures
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from licensecheck.licensedb import load_license  # noqa: E402
from licensecheck.web import create_app  # noqa: E402

LLAMA = load_license("llama-2-license-2023").text


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


def test_openapi_description_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/analyze", "/api/report", "/api/health"} <= set(paths)


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

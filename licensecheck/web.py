"""``licensecheck serve``: a paste-and-read page and a JSON API for legal teams.

FastAPI on uvicorn, loopback by default. Nothing a user pastes is stored or
logged (uvicorn's access log is off; errors name the reason, never the text).
Bodies over the size limit get a clear 413; analysis runs in worker threads,
so one slow request does not block the others.
"""



import json
from typing import Any

from .errors import InputError, LicenseCheckError
from .lazy import built_once

DEFAULT_LIMIT = 2_000_000
COMPONENTS = ("weights", "code", "data", "docs")


class _Problem(Exception):
    """An HTTP error with a message for the user."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def create_app(max_bytes: int = DEFAULT_LIMIT, model_dir: str | None = None) -> Any:
    """The ASGI application."""
    import anyio
    from fastapi import FastAPI, Request
    from fastapi.responses import HTMLResponse, JSONResponse, Response

    from . import __version__
    from .pipeline import analyze, compare_texts, load_classifier
    from .report import render_diff_html, render_html
    from .source import read_bytes

    app = FastAPI(
        title="licensecheck",
        version=__version__,
        description="Read AI model licenses and say plainly what they restrict.",
        docs_url=None,
        redoc_url=None,
    )
    limiter = anyio.CapacityLimiter(2)

    @app.middleware("http")
    async def limit_size(request: Request, call_next: Any) -> Any:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            return JSONResponse({"detail": f"the request is over the {max_bytes:,}-byte limit"}, status_code=413)
        return await call_next(request)

    # built once: spaCy's lazily made parts are built once under a lock too (licensecheck.lazy), so a fresh
    # server's first two requests (the page sends /api/report and /api/analyze together) cannot race
    classifier = built_once(lambda: load_classifier(model_dir))

    async def read_body(request: Request) -> bytes:
        """The request's body, refused over the size limit (a body sent without its length is checked here)."""
        body = await request.body()
        if len(body) > max_bytes:
            raise _Problem(413, f"the request is over the {max_bytes:,}-byte limit")
        return body

    async def read_request(request: Request) -> tuple[bytes, str, str]:
        """The license bytes, a name for messages, and the component, from JSON or a multipart upload."""
        await read_body(request)
        kind = request.headers.get("content-type", "")
        if kind.startswith("multipart/form-data"):
            form = await request.form()
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise _Problem(400, "upload the license in a form field named 'file'")
            return await upload.read(), upload.filename or "upload", str(form.get("component") or "weights")
        try:
            payload = await request.json()
        except ValueError as error:
            raise _Problem(400, "send JSON {\"text\": \"...\"} or a multipart upload named 'file'") from error
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise _Problem(400, "the JSON body needs a string field 'text'")
        return payload["text"].encode("utf-8", "surrogatepass"), "pasted text", str(payload.get("component") or "weights")

    async def in_thread(work: Any) -> Any:
        """``work()`` in a worker thread (at most two at once); bad input is a 400 (413 when too large), never a 500."""
        try:
            return await anyio.to_thread.run_sync(work, limiter=limiter)
        except InputError as error:
            raise _Problem(413 if error.reason == "too-large" else 400, str(error)) from error
        except LicenseCheckError as error:
            raise _Problem(500, str(error)) from error

    async def run(request: Request) -> tuple[dict[str, Any], str]:
        data, name, component = await read_request(request)
        if component not in COMPONENTS:
            raise _Problem(400, f"component must be one of {', '.join(COMPONENTS)}")

        def work() -> tuple[dict[str, Any], str]:
            license_text = read_bytes(data, origin=name, max_bytes=max_bytes, path=name if name != "pasted text" else None)
            result = analyze(license_text, classifier=classifier()).to_dict()
            result["component"] = component
            return result, license_text.text

        return await in_thread(work)

    async def run_diff(request: Request) -> dict[str, Any]:
        """The diff of JSON ``{"old": "...", "new": "..."}``: both texts analysed and compared."""
        body = await read_body(request)
        try:
            payload = json.loads(body)
        except ValueError as error:
            raise _Problem(400, "send JSON {\"old\": \"...\", \"new\": \"...\"}") from error
        if not isinstance(payload, dict) or not all(isinstance(payload.get(side), str) for side in ("old", "new")):
            raise _Problem(400, "the JSON body needs string fields 'old' and 'new'")

        def work() -> dict[str, Any]:
            sides = [read_bytes(payload[side].encode("utf-8", "surrogatepass"), origin=f"{side} text", max_bytes=max_bytes) for side in ("old", "new")]
            return compare_texts(*sides, classifier=classifier()).to_dict()

        return await in_thread(work)

    @app.exception_handler(_Problem)
    async def problem(_request: Request, error: _Problem) -> JSONResponse:
        return JSONResponse({"detail": error.detail}, status_code=error.status)

    @app.get("/", response_class=HTMLResponse)
    async def page() -> HTMLResponse:
        from .report import environment

        return HTMLResponse(environment().get_template("web.html.jinja2").render(version=__version__, limit=max_bytes, components=COMPONENTS))

    @app.get("/api/health")
    async def health() -> dict[str, Any]:
        """200 once the model is loaded."""
        loaded = await anyio.to_thread.run_sync(classifier)
        return {"status": "ok", "model": loaded.meta.sha256, "version": __version__}

    @app.post("/api/analyze", responses={400: {"description": "unreadable input"}, 413: {"description": "too large"}})
    async def analyze_endpoint(request: Request) -> Any:
        """Analyze a license: JSON ``{"text": "...", "component": "weights"}`` or a multipart upload in ``file``.

        Returns the ``licensecheck/analysis/v1`` contract.
        """
        result, _ = await run(request)
        return JSONResponse(result)

    @app.post("/api/report", response_class=HTMLResponse)
    async def report_endpoint(request: Request) -> Response:
        """The same input as /api/analyze; returns the self-contained HTML report."""
        result, text = await run(request)
        return HTMLResponse(render_html(result, text))

    @app.post("/api/diff", responses={400: {"description": "unreadable input"}, 413: {"description": "too large"}})
    async def diff_endpoint(request: Request) -> Any:
        """Compare two licenses: JSON ``{"old": "...", "new": "..."}``. Returns the ``licensecheck/diff/v1`` contract."""
        return JSONResponse(await run_diff(request))

    @app.post("/api/diff/report", response_class=HTMLResponse)
    async def diff_report_endpoint(request: Request) -> Response:
        """The same input as /api/diff; returns the self-contained side-by-side HTML page."""
        return HTMLResponse(render_diff_html(await run_diff(request)))

    return app


def serve(host: str = "127.0.0.1", port: int = 8080, max_bytes: int = DEFAULT_LIMIT, model_dir: str | None = None) -> None:
    """Run the app with uvicorn (no access log: pasted texts stay private)."""
    import uvicorn

    uvicorn.run(create_app(max_bytes, model_dir), host=host, port=port, access_log=False, log_level="warning")

"""The ASGI app behind ``gkstats serve``: the page, its static files, and the JSON API the
page uses (and other programs may).

======================================  ==================================================
``GET  /``                              the page (Chinese)
``POST /api/check``                     field ``file`` (and ``previous``, last year's) →
                                        the ``check --json --locate`` document, plus
                                        ``marked`` (a one-time URL of the marked workbook)
``POST /api/report?format=docx|html|md``  field ``file`` → the report file; 422 with the
                                        check document when errors block it
``POST /api/batch``                     field ``files``, repeated → ``{"files": [...]}``,
                                        the rows of ``gkstats batch``, and the consolidated
                                        table with its provenance
``POST /api/parse``                     field ``file`` → the ``parse --json`` document
``GET  /api/result/{token}``            a result file, served once
======================================  ==================================================

Every error is JSON, ``{"error": {"code", "zh", "en"}}``, never a traceback: 400 for a bad
file, 413 beyond the size limits, 404 for a spent result, 500 for a gkstats defect.  The
work runs in a thread pool, so the server keeps answering while a file is being checked.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any
from urllib.parse import quote

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Message

from .._errors import GkError
from .._text import clean
from .._version import __version__
from . import _service
from ._store import ResultStore
from ._uploads import MAX_BATCH_FILES, Upload, body_limit, display_name, too_large

log = logging.getLogger("gkstats.web")
Endpoint = Callable[[Request], Awaitable[Response]]


class Json(JSONResponse):
    """JSON as every writer of gkstats gives it: a lone surrogate from a file (a JSON's
    ``"\\ud800"``) made the encoding fail, a 500; it is shown as ``�`` (issue 16)."""

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
        return clean(text).encode("utf-8")


def error_response(exc: GkError, status: int, **extra: Any) -> JSONResponse:
    body = {"error": {"code": exc.code, "zh": exc.zh, "en": exc.en}, **extra}
    return Json(body, status_code=status)


def status_of(exc: GkError) -> int:
    """413 for anything over a size limit (the upload, an archive's unpacked size, a PDF's
    pages), 404 for a spent result, 400 for every other mistake in the input."""
    if exc.code == "result_gone":
        return 404
    return 413 if exc.code.endswith(("_too_large", "_too_long")) else 400


def api(fn: Endpoint) -> Endpoint:
    """An API endpoint whose every failure is a JSON answer with zh and en messages."""

    @functools.wraps(fn)
    async def endpoint(request: Request) -> Response:
        try:
            return await fn(request)
        except _service.Blocked as exc:
            return error_response(exc, 422, check=exc.document)
        except GkError as exc:
            return error_response(exc, status_of(exc))
        except HTTPException as exc:  # the multipart parser's refusal of a malformed body
            bad = GkError(
                "bad_upload",
                zh=f"上传的内容无法读取（{exc.detail}）：请用页面或 multipart/form-data 上传文件",
                en=f"the upload cannot be read ({exc.detail}); send multipart/form-data",
            )
            return error_response(bad, 400 if exc.status_code < 500 else exc.status_code)
        except _service.SelfCheckFailed as exc:
            log.error("report self-check failed: %s", exc)
            failed = GkError(
                "report_selfcheck_failed",
                zh="报告自检未通过，未生成（这是 gkstats 的缺陷，请报告）",
                en="the report failed its self-check and was not written (a gkstats defect)",
            )
            problems = [{"zh": p.zh, "en": p.en} for p in exc.problems]
            return error_response(failed, 500, problems=problems)
        except Exception as exc:  # a defect: say so in both languages, log the traceback
            log.exception("internal error in %s", request.url.path)
            name = type(exc).__name__
            internal = GkError(
                "internal_error",
                zh=f"内部错误（{name}），服务仍在运行；请报告此问题",
                en=f"internal error ({name}); the server is still running, please report it",
            )
            return error_response(internal, 500)

    return endpoint


def limited(request: Request, files: int) -> Request:
    """The request, refused (413) as soon as its body is larger than ``files`` files may be:
    by its Content-Length before anything is read, or while it streams in."""
    most = body_limit(files)
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > most:
        raise too_large(int(length), files)
    seen = 0

    async def receive() -> Message:
        nonlocal seen
        message = await request.receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > most:
                raise too_large(seen, files)
        return message

    return Request(request.scope, receive)


def uploads(form: FormData, field: str) -> list[Upload]:
    return [
        Upload(display_name(item.filename), item.file)
        for item in form.getlist(field)
        if isinstance(item, UploadFile)
    ]


def optional_upload(form: FormData, field: str) -> Upload | None:
    """The one file in ``field``, or None."""
    found = uploads(form, field)
    if len(found) > 1:
        raise GkError(
            "too_many_files",
            zh=f"表单字段「{field}」只能上传一个文件，收到 {len(found)} 个",
            en=f"the form field {field!r} takes one file, got {len(found)}",
        )
    return found[0] if found else None


def one_upload(form: FormData, field: str) -> Upload:
    """The one file in ``field``; a GkError if there is none."""
    found = optional_upload(form, field)
    if found is None:
        raise GkError(
            "no_file",
            zh=f"没有收到文件：请在表单字段「{field}」中上传一个文件",
            en=f"no file received: upload one in the form field {field!r}",
        )
    return found


def attachment(name: str) -> str:
    """A Content-Disposition that keeps a Chinese file name (RFC 6266 / 5987)."""
    fallback = "gkstats" + (("." + name.rsplit(".", 1)[1]) if "." in name else "")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def create_app(allowed_hosts: Sequence[str] | None = None) -> Starlette:
    """The app; ``allowed_hosts`` (given by ``gkstats serve``) refuses requests addressed
    to any other host name, so that no web site can reach the page through its own domain
    name (DNS rebinding)."""
    store = ResultStore()
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("gkstats.web", "templates"),
        autoescape=jinja2.select_autoescape(["html"]),
    )

    async def index(request: Request) -> Response:
        page = env.get_template("index.html").render(version=__version__)
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    @api
    async def check(request: Request) -> Response:
        async with limited(request, 2).form(max_files=2, max_fields=8) as form:
            upload = one_upload(form, "file")
            previous = optional_upload(form, "previous")
            doc = await run_in_threadpool(_service.check_upload, upload, previous, store)
        return Json(doc)

    @api
    async def report(request: Request) -> Response:
        kind = request.query_params.get("format", "docx")
        async with limited(request, 1).form(max_files=1, max_fields=8) as form:
            upload = one_upload(form, "file")
            name, media, data = await run_in_threadpool(_service.report_upload, upload, kind)
        return Response(data, media_type=media, headers={"Content-Disposition": attachment(name)})

    @api
    async def batch(request: Request) -> Response:
        most = MAX_BATCH_FILES
        async with limited(request, 10).form(max_files=most, max_fields=8) as form:
            files = uploads(form, "files")
            if not files:
                raise GkError(
                    "no_file",
                    zh="没有收到文件：请在表单字段「files」中上传一个或多个文件",
                    en="no files received: upload them in the form field 'files'",
                )
            doc = await run_in_threadpool(_service.batch_uploads, files, store)
        return Json(doc)

    @api
    async def parse(request: Request) -> Response:
        async with limited(request, 1).form(max_files=1, max_fields=8) as form:
            upload = one_upload(form, "file")
            doc = await run_in_threadpool(_service.parse_upload, upload)
        return Json(doc)

    @api
    async def result(request: Request) -> Response:
        found = store.take(request.path_params["token"])
        if found is None:
            raise GkError(
                "result_gone",
                zh="该下载链接已使用或已过期：每个结果只提供一次下载，请重新校验后再下载",
                en="this download has been taken or has expired: each result is served once",
            )
        headers = {"Content-Disposition": attachment(found.name), "Cache-Control": "no-store"}
        return Response(found.data, media_type=found.media_type, headers=headers)

    @api
    async def version(request: Request) -> Response:
        return Json({"version": __version__})

    middleware = []
    if allowed_hosts is not None:
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts)))
    routes = [
        Route("/", index),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/report", report, methods=["POST"]),
        Route("/api/batch", batch, methods=["POST"]),
        Route("/api/parse", parse, methods=["POST"]),
        Route("/api/result/{token}", result),
        Route("/api/version", version),
        Mount("/static", StaticFiles(packages=[("gkstats.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, middleware=middleware)
    app.state.results = store
    return app


__all__ = ["create_app", "error_response", "status_of"]

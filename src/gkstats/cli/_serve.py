"""serve: the local web page (the ``web`` extra)."""

from __future__ import annotations

import click

from .._errors import GkError
from .._extras import install_hint
from ._app import app


@app.command(
    help="在本机浏览器中打开校验网页（拖入工作簿、JSON 或已发布的年报）/ "
    "serve the checking page on this machine"
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="监听地址；默认只有本机可访问 / address to listen on (default: this machine only)",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8765,
    show_default=True,
    help="端口（0 为任选空闲端口）/ port (0: any free port)",
)
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器 / do not open a browser")
def serve(host: str, port: int, no_browser: bool) -> None:
    try:
        from ..web import server
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in ("starlette", "uvicorn", "jinja2", "multipart"):
            raise GkError(
                "missing_dependency",
                zh=f"网页需要安装 web 组件（缺少 {exc.name}）：{install_hint('web')}",
                en=f"the web page needs the web extra (missing {exc.name}): {install_hint('web')}",
            ) from None
        raise
    note = server.warning(host)
    if note:
        click.echo(note, err=True)
    try:
        server.serve(host, port, open_browser=not no_browser, say=click.echo)
    except KeyboardInterrupt:  # pragma: no cover - uvicorn handles Ctrl+C itself
        pass
    click.echo("gkstats 网页已停止 / stopped")


__all__ = ["serve"]

"""Serving the page on this machine: ``gkstats serve``.

The socket is bound here, before uvicorn starts, so that a port in use is a plain message
(not a server log) and ``--port 0`` picks a free port that can then be printed and opened.
By default only this machine can reach the page (127.0.0.1); any other address is the
user's explicit choice and is warned about, since the page has no login.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import webbrowser
from collections.abc import Callable

from .._errors import GkError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: Host names that always reach this machine only.
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> socket.socket:
    """A listening socket on ``host:port``; a GkError if the port is taken or the host
    is not an address of this machine."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise GkError(
            "bad_host", zh=f"无法识别主机地址「{host}」：{exc}", en=f"unknown host {host!r}: {exc}"
        ) from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        raise GkError(
            "port_in_use",
            zh=f"无法在 {host}:{port} 上启动（{exc.strerror or exc}）：端口可能已被占用，"
            "请用 --port 指定其他端口",
            en=f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
            "is the port taken? choose another with --port",
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def allowed_hosts(host: str) -> list[str]:
    """The Host headers the app answers: this machine's names, and the chosen host."""
    names = [*LOOPBACK_NAMES, "[::1]"]
    return names if is_loopback(host) else ["*"]


def warning(host: str) -> str | None:
    if is_loopback(host):
        return None
    return (
        f"警告：--host {host} 使本机网页可被网络中的其他计算机访问，而网页没有登录验证；"
        "只在可信的网络中这样做。\n"
        f"warning: --host {host} lets other computers on the network reach this page, which "
        "has no login; do this only on a trusted network."
    )


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    open_browser: bool = True,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the page until interrupted (Ctrl+C)."""
    import uvicorn

    from .app import create_app

    sock = bind(host, port)
    url = url_of(sock)
    app = create_app(allowed_hosts=allowed_hosts(host))
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    say(f"gkstats 网页已启动：{url}（按 Ctrl+C 停止）/ serving at {url} (Ctrl+C to stop)")
    if open_browser:
        # every address (0.0.0.0) includes this machine's own, which a browser can open
        local = f"http://127.0.0.1:{sock.getsockname()[1]}/"
        target = local if sock.getsockname()[0] == "0.0.0.0" else url
        threading.Thread(target=_open_when_started, args=(server, target), daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def _open_when_started(server: object, url: str) -> None:
    for _ in range(100):
        if getattr(server, "started", False):
            webbrowser.open(url)
            return
        time.sleep(0.05)


__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "bind", "is_loopback", "serve", "url_of", "warning"]

"""The emulator behind the standard library's threaded HTTP server.

HTTP/1.1 with keep-alive (every answer but 204 carries ``Content-Length``), one daemon thread
per connection, ``TCP_NODELAY`` on every accepted socket (without it Nagle's algorithm and
delayed ACKs stall keep-alive requests by ~40 ms), loopback addresses only. Malformed requests
get a JSON 400, never a traceback.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from codegen.mock.controller import MockRequest, MockResponse

if TYPE_CHECKING:
    from codegen.mock.controller import MockController

logger = logging.getLogger("codegen.mock.server")

#: Largest request body accepted (413 beyond).
MAX_BODY = 64 * 1024 * 1024
#: Seconds an idle keep-alive connection is kept open.
IDLE_TIMEOUT = 120.0


class _BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def loopback_host(host: str) -> str:
    """``host`` if it is an IPv4 loopback address (``localhost`` gives 127.0.0.1)."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError(f"the mock controller serves on 127.0.0.1 only, not {host!r}") from None
    if address.version != 4 or not address.is_loopback:
        raise ValueError(f"the mock controller serves on 127.0.0.1 only, not {host!r}")
    return host


class MockHTTPServer(ThreadingHTTPServer):
    """A threaded HTTP server for one :class:`~codegen.mock.controller.MockController`."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 128  # bursts of new connections must not wait for SYN retries

    def __init__(self, controller: MockController, host: str, port: int) -> None:
        self.controller = controller
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__((loopback_host(host), port), _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host_text = host.decode() if isinstance(host, bytes) else str(host)
        return f"http://{host_text}:{port}"

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._open_lock:
            self._open.add(sock)
        return sock, address

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Shut down every open connection (idle keep-alive ones included)."""
        with self._open_lock:
            sockets = list(self._open)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("connection error from %s", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "avi-codegen-mock"
    sys_version = ""
    timeout = IDLE_TIMEOUT
    server: MockHTTPServer

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's naming)
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        self._serve()

    def do_PUT(self) -> None:  # noqa: N802
        self._serve()

    def do_PATCH(self) -> None:  # noqa: N802
        self._serve()

    def do_DELETE(self) -> None:  # noqa: N802
        self._serve()

    def do_HEAD(self) -> None:  # noqa: N802
        self._send(MockResponse.json(405, {"error": "Method HEAD not allowed"}), head=True)

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._send(MockResponse.json(405, {"error": "Method OPTIONS not allowed"}))

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        logger.debug("%s - " + format, self.address_string(), *args)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """The stdlib's error answers (bad request line, unsupported method) as JSON."""
        text = message or self.responses.get(code, ("Error",))[0]
        try:
            self._send(MockResponse.json(code, {"error": text}), close=True)
        except OSError:
            self.close_connection = True

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except _BadRequest as exc:
            self._send(MockResponse.json(exc.status, {"error": exc.message}), close=True)
            return
        except OSError:
            self.close_connection = True
            return
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            headers[name.lower()] = value
        cookies = self.headers.get_all("Cookie") or []
        if cookies:
            headers["cookie"] = "; ".join(cookies)
        host = self.headers.get("Host") or self.server.url.removeprefix("http://")
        request = MockRequest(
            method=self.command.upper(),
            target=self.path,
            headers=headers,
            body=body,
            base_url=f"http://{host}",
        )
        try:
            outcome = self.server.controller.process(request)
        except Exception as exc:  # process() handles its errors; this is the last guard
            logger.exception("mock controller failed")
            self._send(MockResponse.json(500, {"error": f"internal error: {type(exc).__name__}"}))
            return
        if outcome.response is None:
            self.close_connection = True
            return
        self._send(outcome.response, headers_only=outcome.close_after_headers)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        raw = self.headers.get("Content-Length")
        if raw is None:
            return b""
        try:
            length = int(raw)
        except ValueError:
            raise _BadRequest(400, f"Invalid Content-Length {raw!r}") from None
        if length < 0:
            raise _BadRequest(400, f"Invalid Content-Length {raw!r}")
        if length > MAX_BODY:
            raise _BadRequest(413, "Request body too large")
        body = self.rfile.read(length)
        if len(body) != length:
            raise OSError("client closed the connection mid-body")
        return body

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            line = self.rfile.readline(1024)
            if not line:
                raise OSError("client closed the connection mid-body")
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                raise _BadRequest(400, "Malformed chunked body") from None
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            total += size
            if total > MAX_BODY:
                raise _BadRequest(413, "Request body too large")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)

    def _send(
        self,
        response: MockResponse,
        *,
        close: bool = False,
        head: bool = False,
        headers_only: bool = False,
    ) -> None:
        try:
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            if response.status != 204 and response.status >= 200:
                self.send_header("Content-Length", str(len(response.body)))
            if close or headers_only:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if not (head or headers_only) and response.status != 204:
                self.wfile.write(response.body)
            self.wfile.flush()
        except OSError:
            self.close_connection = True


def make_server(
    controller: MockController, host: str = "127.0.0.1", port: int = 0
) -> MockHTTPServer:
    """A bound (not yet serving) HTTP server for ``controller``."""
    return MockHTTPServer(controller, host, port)


def _announce(controller: MockController) -> Callable[[str], None]:
    def announce(url: str) -> None:
        print(
            f"Avi {controller.release} mock controller on {url} "
            f"(user {controller.username!r}); Ctrl-C to stop",
            file=sys.stderr,
            flush=True,
        )

    return announce


def serve(
    controller: MockController,
    port: int,
    host: str = "127.0.0.1",
    *,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve ``controller`` until Ctrl-C (then return normally).

    ``on_ready`` is called with the base URL once the port is bound (by default a line on
    stderr).
    """
    server = make_server(controller, host, port)
    (on_ready or _announce(controller))(server.url)
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        pass
    finally:
        server.close_connections()
        server.server_close()

"""A real HTTP receiver on 127.0.0.1 for webhook tests (Python stdlib):
records every request and answers with the statuses a test lines up.

    from hooksink import HookSink
    with HookSink() as hs:                      # started; hs.port
        url = hs.url("/slack")                  # http://127.0.0.1:PORT/slack
        hs.answer("/slack", 500)                # the next POST to /slack gets 500
        hs.answer("/slack", 429, {"Retry-After": "7"})
        hs.answer("/slack", 200, delay=40)      # hangs 40 s first (a time-out)
        ... POST to url ...
        reqs = hs.wait(1)                       # [Request], waits up to 10 s
        r = reqs[0]
        r.method, r.path, r.headers, r.body     # headers: a dict, lower-case names
        r.json()                                # the body parsed as JSON
        r.form()                                # the body parsed as a form (dict)

Answers are used in order per path; with none queued the answer is 200
"ok". hs.clear() forgets requests and answers; hs.stop() stops it."""
import http.server
import json
import threading
import time
import urllib.parse


class Request:
    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def form(self):
        return {k: v[0] for k, v in urllib.parse.parse_qs(self.body.decode("ascii"),
                                                           keep_blank_values=True).items()}

    def __repr__(self):
        return f"Request({self.method} {self.path}, {len(self.body)} bytes)"


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _serve(self):
        sink = self.server.sink
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        req = Request(self.command, self.path,
                      {k.lower(): v for k, v in self.headers.items()}, body)
        with sink._lock:
            sink.requests.append(req)
            queue = sink._answers.get(self.path) or []
            status, headers, text, delay = queue.pop(0) if queue else (200, {}, b"ok", 0)
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(text)))
            self.end_headers()
            self.wfile.write(text)
        except OSError:
            pass  # the client gave up (a time-out test)

    do_POST = _serve
    do_GET = _serve


class HookSink:
    def __init__(self):
        self.requests = []
        self._answers = {}
        self._lock = threading.Lock()
        self._srv = None
        self._thread = None

    def start(self):
        self._srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._srv.daemon_threads = True
        self._srv.block_on_close = False
        self._srv.sink = self
        self.port = self._srv.server_address[1]
        self._thread = threading.Thread(target=self._srv.serve_forever, daemon=True)
        self._thread.start()
        return self

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, path, status, headers=None, body=b"", delay=0):
        """Queues the answer to the next request for path."""
        with self._lock:
            self._answers.setdefault(path, []).append((status, headers or {},
                                                       body if isinstance(body, bytes)
                                                       else body.encode(), delay))

    def clear(self):
        with self._lock:
            self.requests = []
            self._answers = {}

    def wait(self, n, timeout=10.0):
        """The first n requests once they arrived (fewer after timeout)."""
        end = time.time() + timeout
        while time.time() < end:
            with self._lock:
                if len(self.requests) >= n:
                    return list(self.requests[:n])
            time.sleep(0.02)
        with self._lock:
            return list(self.requests)

    def stop(self):
        if self._srv:
            self._srv.shutdown()
            self._srv.server_close()
            self._srv = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

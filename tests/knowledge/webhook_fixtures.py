"""A real tiny HTTP receiver on 127.0.0.1 for the webhook tests, answering a given list of codes."""

import http.server
import threading

import pytest


class Receiver:
    def __init__(self, codes):
        self.codes, self.requests = list(codes), []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((self.path, dict(self.headers), body))
                code = receiver.codes.pop(0) if len(receiver.codes) > 1 else receiver.codes[0]
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/livinglab"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    """receiver(codes): a started receiver answering codes in turn (the last one from then on)."""
    started = []

    def start(codes=(200,)):
        started.append(Receiver(codes))
        return started[-1]

    yield start
    for one in started:
        one.close()


@pytest.fixture
def resolve(monkeypatch):
    """resolve({host: ip}): what names resolve to in addresses.check_url (no real DNS in tests)."""
    import socket

    from knowledge.webhooks import addresses

    real = socket.getaddrinfo

    def set_table(table):
        def fake(host, port, *args, **kwargs):
            if host in table:
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (table[host], port))]
            return real(host, port, *args, **kwargs)

        monkeypatch.setattr(addresses.socket, "getaddrinfo", fake)

    return set_table

"""`invoke livereload` in a real Chromium, under the pages' Content-Security-Policy.

livereload's server adds an inline <script> to every page it serves, which loads its
livereload.js and opens a WebSocket to the same server; the pages' policy allows that
one script by its digest in livereload's builds (plugins/headers), and nothing more.
The task runs as authors run it, in a copy of the project, in a process group of its
own, stopped with it at the end. Violations are collected as tests/browser/test_csp.py
does. The policy of every page is checked as the project switches between `invoke
build` and `invoke livereload`, which share the content and render caches."""

import base64
import contextlib
import functools
import hashlib
import http.server
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import urllib.request

from bs4 import BeautifulSoup
from pelican.settings import read_settings
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import WebDriverWait

from plugins.headers import policy_for
from plugins.headers.policy import for_meta
from tests.browser.conftest import violations
from tests.browser.test_csp import wait
from tests.comments_server import free_port
from tests.conftest import invoke
from tests.integration.test_one_build_at_a_time import wait_until

POST = "content/posts/2024/arctic-shipping-after-the-ice.md"
START = 300  # seconds livereload may take to make its first build and serve it
# Where livereload's server puts its script: the last element before </head>.
INJECTED = re.compile(r"(<script\b[^>]*>((?:(?!<script).)*)</script>)</head>", re.S)


class Livereload:
    """`invoke livereload --host 127.0.0.1 --port PORT` in `project`, its output in a log."""

    def __init__(self, project):
        self.project, self.port = project, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = project / "livereload.log"

    def __enter__(self):
        with self.log_path.open("w") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "invoke", "livereload", "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=self.project, stdout=sink, stderr=subprocess.STDOUT, text=True, start_new_session=True,
            )  # fmt: skip
        try:
            wait_until(lambda: self.serving() or self.process.poll() is not None, "livereload to serve", timeout=START)
            assert self.process.poll() is None, self.log()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        """Stop the task and any build it runs (its process group), even if they hang."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def serving(self):
        try:
            return self.get("/")
        except OSError:
            return None

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=5) as response:
            return response.read().decode("utf-8")


def script_hash(text):
    """The CSP source for an inline script's text, worked out here (not by the plugin)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def meta_policy(html):
    tag = BeautifulSoup(html, "html.parser").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    return tag["content"]


def directives(policy):
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def page_policies(output):
    """{policy: number of pages} of every HTML page in `output`."""
    found = {}
    for path in output.rglob("*.html"):
        policy = meta_policy(path.read_text(encoding="utf-8"))
        found[policy] = found.get(policy, 0) + 1
    return found


def normal_policy(project):
    """The <meta> policy of a build with the project's settings and nothing added."""
    return for_meta(policy_for(read_settings(str(project / "pelicanconf.py"))))


def set_title(project, title):
    path = project / POST
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


def built(project, title):
    """The home page in output/ lists `title` (typogrify joins its last two words)."""
    return title in (project / "output" / "index.html").read_text(encoding="utf-8").replace("&nbsp;", " ")


def reloaded_with(title, browser):
    """A new document (our marker is gone) that shows `title`."""
    return browser.execute_script("return window.__marker") is None and title in shown(browser)


def shown(browser):
    """The page's text, with typogrify's no-break spaces as spaces."""
    return browser.execute_script("return document.body.innerText.replace(/\\u00a0/g, ' ')")


class Sockets:
    """WebSockets the browser opened (their handshake answered 101), from its
    performance log (tests/browser/conftest.py turns it on)."""

    def __init__(self, browser):
        self.browser, self.urls, self.opened = browser, {}, []
        browser.get_log("performance")  # what came before

    def count(self, url):
        for entry in self.browser.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message["method"] == "Network.webSocketCreated":
                self.urls[params["requestId"]] = params["url"]
            elif message["method"] == "Network.webSocketHandshakeResponseReceived" and params["response"]["status"] == 101:
                self.opened.append(self.urls.get(params["requestId"]))
        return self.opened.count(url)


def test_the_page_reloads_itself_after_a_rebuild_and_the_policy_refuses_nothing(project, watched):
    with Livereload(project) as live:
        home = live.get("/")
        element, text = INJECTED.search(home).groups()  # what the server added
        assert element not in (project / "output" / "index.html").read_text(encoding="utf-8")
        normal = directives(normal_policy(project))
        found = directives(meta_policy(home))
        assert found["script-src"] == [*normal["script-src"], script_hash(text)]  # that script, by its digest
        assert {k: v for k, v in found.items() if k != "script-src"} == {k: v for k, v in normal.items() if k != "script-src"}

        sockets, socket = Sockets(watched), f"ws://127.0.0.1:{live.port}/livereload"
        watched.get(live.url + "/")
        # livereload.js loaded, and its WebSocket to the server is open.
        wait_until(lambda: sockets.count(socket) == 1, "livereload.js to open its WebSocket", timeout=60)
        assert violations(watched) == ([], [])
        assert "Arctic Shipping After the Ice" in shown(watched)

        for attempt in range(1, 4):
            watched.execute_script("window.__marker = 1")
            title = f"Arctic Shipping Watched Live {attempt}"
            set_title(project, title)
            wait_until(functools.partial(built, project, title), "the rebuild", timeout=120)
            try:
                WebDriverWait(watched, 10).until(functools.partial(reloaded_with, title))
                break
            except TimeoutException:
                # livereload's server sends no reload within 3 s of its last one or of its
                # start (it logs "Ignore: PATH"), though it rebuilt: save again, as an author would.
                continue
        else:
            raise AssertionError(f"the page did not reload itself after a rebuild:\n{live.log()}")
        wait_until(lambda: sockets.count(socket) >= 2, "the reloaded page to open its WebSocket", timeout=60)
        assert violations(watched) == ([], [])  # in the reloaded page too
        assert live.process.poll() is None
    assert "Traceback" not in live.log()


class Injecting(http.server.SimpleHTTPRequestHandler):
    """Serves a folder, adding `script` before </head> of every page, as livereload's
    server does."""

    script = ""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not path.endswith(".html") or not os.path.isfile(path):
            return super().send_head()
        with open(path, encoding="utf-8") as f:
            body = f.read().replace("</head>", self.script + "</head>", 1).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def test_build_and_livereload_each_give_every_page_its_own_policy(project, watched):
    """They share the content and render caches: after each switch, every page has the
    policy of the task that built it last. A normal build's pages refuse livereload's
    script (the check above can fail)."""
    normal = normal_policy(project)
    assert "sha256" not in normal and "'unsafe-inline'" not in normal
    result = invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    pages = page_policies(project / "output")
    assert list(pages) == [normal] and pages[normal] > 20

    with Livereload(project) as live:
        element, text = INJECTED.search(live.get("/")).groups()
        allowing = normal.replace("'wasm-unsafe-eval'", f"'wasm-unsafe-eval' {script_hash(text)}", 1)
        assert page_policies(project / "output") == {allowing: pages[normal]}
        # A change to the settings is built by a new Python, not by a fork: the same policy.
        with (project / "pelicanconf.py").open("a", encoding="utf-8") as settings:
            settings.write('\nSITESUBTITLE = "Rebuilt by a new Python"\n')
        wait_until(lambda: "Rebuilt by a new Python" in (project / "output" / "index.html").read_text(encoding="utf-8"),
              "the rebuild with the new settings", timeout=300)
        assert page_policies(project / "output") == {allowing: pages[normal]}

    result = invoke(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    assert page_policies(project / "output") == {normal: pages[normal]}

    # The normal build's home page with livereload's script added: Chromium refuses it.
    Injecting.script = element
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Injecting, directory=str(project / "output")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        watched.get(f"http://127.0.0.1:{server.server_address[1]}/")
        wait(watched, lambda d: d.execute_script("return window.__violations.length") >= 1, "no violation reported")
        events, logged = violations(watched)
        assert [e["directive"] for e in events] == ["script-src-elem"] and len(logged) == 1
        assert not watched.execute_script("return [...document.scripts].some(s => s.src.includes('livereload.js'))")
    finally:
        server.shutdown()

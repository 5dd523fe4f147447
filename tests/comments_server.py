"""A real Isso comment server for the tests: started on 127.0.0.1 from .venv-isso/
(requirements-isso.txt; created on first use, as `invoke comments` does) with its own
database, and driven through its HTTP API as the browser and the admin page do."""

import http.cookiejar
import json
import re
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

from plugins.comments.server import config_text, install
from tests.conftest import ROOT

START_TIMEOUT = 30  # seconds for the server to answer after it starts


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url, process=None, log=None, timeout=START_TIMEOUT):
    """Poll `url`/config until the server answers; fail with its log if it does not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/config", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"Isso did not answer at {url}:\n{log.read_text() if log else ''}")


def request(method, url, data=None, origin=None, headers=(), opener=None):
    """(status, body) of a request, as a browser on `origin` would send it."""
    body = json.dumps(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if origin:
        req.add_header("Origin", origin)
        req.add_header("Referer", origin + "/")
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


class IssoServer:
    """Isso on 127.0.0.1:<free port>, serving comments to the pages of `site`."""

    def __init__(self, folder, site, moderation=False):
        self.folder, self.site = folder, site
        self.url = f"http://127.0.0.1:{free_port()}"
        self.password = secrets.token_urlsafe(12)
        self.config = folder / "isso.cfg"
        self.database = folder / "comments.db"
        self.log = folder / "isso.log"
        # No rate limit: one test client posts many comments from one address.
        self.config.write_text(config_text(dbpath=self.database, sites=[site], listen=self.url,
                                           moderation=moderation, admin_password=self.password, guard=False))
        self.process = None

    def start(self):
        isso = install(ROOT)
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen([str(isso), "-c", str(self.config), "run"],
                                            stdout=log, stderr=subprocess.STDOUT)
        wait_until_up(self.url, self.process, self.log)
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def post(self, thread, text, title="A post", **fields):
        """Create a comment as the page's script does; return Isso's answer."""
        query = urllib.parse.urlencode({"uri": thread})
        status, body, _ = request("POST", f"{self.url}/new?{query}",
                                  {"text": text, "title": title, **fields}, origin=self.site)
        assert status in (201, 202), (status, body)
        return json.loads(body)

    def thread(self, thread):
        status, body, _ = request("GET", f"{self.url}/?{urllib.parse.urlencode({'uri': thread})}")
        assert status in (200, 404), (status, body)
        return json.loads(body) if status == 200 else {"replies": []}

    def approve_all(self):
        return approve_all(self.url, self.password)


def approve_all(url, password):
    """Approve every comment waiting for moderation, as an editor does on Isso's admin
    page: log in, list the queue, press "Validate" (POST /id/<id>/activate/<key>).
    Returns the ids of the comments approved."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = urllib.parse.urlencode({"password": password}).encode()
    opener.open(urllib.request.Request(f"{url}/login/", data=form), timeout=10).read()
    with opener.open(f"{url}/admin/?mode=2", timeout=10) as response:
        page = response.read().decode()
    assert 'id="logout"' in page, "not logged in to Isso's admin page"
    waiting = re.findall(r"validate_com\((\d+), '([^']+)'", page)
    for comment_id, key in waiting:
        status, body, _ = request("POST", f"{url}/id/{comment_id}/activate/{key}", opener=opener)
        assert (status, body) == (200, "Comment has been activated"), (status, body)
    return [int(i) for i, _ in waiting]

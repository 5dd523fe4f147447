"""The sample publication served on 127.0.0.1 and a real Chromium to read it.

Chromium and ChromeDriver are Debian's (/usr/bin/chromium, /usr/bin/chromedriver);
axe-core, Lighthouse and the Nu Html Checker come from package.json (`npm ci`).
Screenshots go to test-artifacts/.
"""

import functools
import http.server
import json
import shutil
import tempfile
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from tests.conftest import ROOT, build, reset_pelican_logging

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
NODE_MODULES = ROOT / "node_modules"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
]


class Handler(http.server.SimpleHTTPRequestHandler):
    served_paths: ClassVar[list] = []  # every path asked for, in order (a page's Web Workers' requests too)

    def log_message(self, *args):
        pass

    def log_request(self, code="-", size="-"):
        self.served_paths.append(self.path)

    def end_headers(self):
        if self.path.startswith("/pagefind/"):  # each search fetches what it needs (tests count them)
            self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        # Serve the site's own 404 page, as a web server configured for it would.
        if code == 404 and (Path(self.directory) / "404.html").is_file():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def headers_file_rules(folder):
    """[(path pattern, [(name, value)])] of the `_headers` file a build wrote (the
    format of Netlify and Cloudflare Pages), read here without the build's code."""
    rules = []
    for line in (Path(folder) / "_headers").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        else:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


class HeadersHandler(Handler):
    """Handler that also sends the headers of the build's `_headers` file, as Netlify or
    Cloudflare Pages would: the rules for "/*", the only ones the build writes."""

    def end_headers(self):
        for pattern, headers in headers_file_rules(self.directory):
            for name, value in headers if pattern == "/*" else ():
                self.send_header(name, value)
        super().end_headers()


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """(base URL, output folder) of the publish build, served at the URL it was built for."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out = tmp_path_factory.mktemp("served")
    reset_pelican_logging()
    build(ROOT / "publishconf.py", out, SITEURL=base, FEED_DOMAIN=base)
    server.RequestHandlerClass = functools.partial(Handler, directory=str(out))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base, out
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="chromium-")
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--window-size=1280,900"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def color_scheme(driver, scheme):
    """Emulate prefers-color-scheme (and screen media) for the next loads."""
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen", "features": [{"name": "prefers-color-scheme", "value": scheme}]})


def media(driver, medium):
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": medium, "features": []})


def screenshot(driver, name):
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return window.innerWidth")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    try:
        path = ARTIFACTS / f"{name}.png"
        driver.save_screenshot(str(path))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return path


AXE = (NODE_MODULES / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]}).then(r => done(r.violations.map(v =>
  ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}))));
"""


def requests_made(browser):
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


# --- Content-Security-Policy violations (test_csp.py, test_livereload.py) ----------

# Runs in every document before its own scripts (and is not subject to its policy).
LISTEN = """
window.__violations = [];
window.addEventListener("securitypolicyviolation", (e) => {
  const element = e.target instanceof Element ? e.target : null;
  window.__violations.push({
    directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile,
    line: e.lineNumber, sample: e.sample, element: element ? element.localName : null,
    chromium_banner: Boolean(element && element.closest("xslt-warning-banner")),
  });
}, true);
"""


@pytest.fixture
def watched(browser):
    """The browser, with the violation listener in every new document and an empty log."""
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTEN})
    browser.get_log("browser")
    yield browser
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})


def violations(browser):
    """What Chromium reported on the current page: the events, and its log's CSP lines."""
    events = browser.execute_script("return window.__violations || null")
    assert events is not None, "the listener did not run in this page"
    logged = [e["message"] for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]
    return events, logged

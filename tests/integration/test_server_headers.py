"""The README's nginx and Apache snippets (docs/security-headers/) in a real nginx and
a real Apache httpd: each serves a built site with the same headers as the build's
`_headers` file, on a page, a feed, an asset and the 404 page.

Each server runs on 127.0.0.1 on a free port with a configuration of its own in a
temporary folder (never the system's), started and stopped by the test by its pid."""

import http.client
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.comments_server import free_port
from tests.conftest import ROOT, build, reset_pelican_logging

SNIPPETS = ROOT / "docs" / "security-headers"
NGINX, APACHE = "/usr/sbin/nginx", "/usr/sbin/apache2"
APACHE_MODULES = Path("/usr/lib/apache2/modules")
START_TIMEOUT = 30  # seconds a server may take to listen
PATHS = {
    "a page": "/2024/09/arctic-shipping-after-the-ice/",
    "the home page": "/",
    "a feed": "/feeds/all.atom.xml",
    "an asset": "/theme/css/main.css",
    "a picture": "/theme/badges/cc-by.svg",
}


@pytest.fixture(scope="module")
def built():
    """The sample publication, publish settings, in a folder the servers' workers (which
    drop root's rights) can read; and the headers of the `_headers` file it wrote."""
    folder = Path(tempfile.mkdtemp(prefix="server-headers-"))
    try:
        site = folder / "site"
        reset_pelican_logging()
        build(ROOT / "publishconf.py", site)
        for path in [folder, *folder.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
        yield folder, site, headers_file(site / "_headers")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def headers_file(path):
    """{name: value} of the one rule ("/*") of a `_headers` file, read independently."""
    rules = re.findall(r"^(/\S*)\n((?:[ \t]+.+\n)+)", path.read_text(encoding="utf-8"), re.M)
    assert [pattern for pattern, _ in rules] == ["/*"]
    return dict(line.strip().split(": ", 1) for line in rules[0][1].splitlines())


class Server:
    """A server process started with `command`, listening on 127.0.0.1:`port`."""

    def __init__(self, command, port, log):
        self.port, self.log = port, log
        with open(log, "ab") as out:
            self.process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{command[0]} did not listen on {port}:\n{self.logs()}")

    def logs(self):
        return "\n".join(p.read_text(errors="replace") for p in self.log.parent.glob("*.log"))

    def get(self, path):
        """(status, [(header, value)]) of a GET, headers in the order and number sent."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status, response.getheaders()
        finally:
            connection.close()

    def stop(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, 15)  # SIGTERM: nginx and httpd stop at once
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, 9)
                self.process.wait()


def run_nginx(folder, site):
    conf = folder / "nginx"
    conf.mkdir()
    port = free_port()
    (conf / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
pid {conf}/nginx.pid;
error_log {conf}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {conf}/body;
    proxy_temp_path {conf}/proxy;
    fastcgi_temp_path {conf}/fastcgi;
    uwsgi_temp_path {conf}/uwsgi;
    scgi_temp_path {conf}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        index index.html;
        error_page 404 /404.html;
        location / {{
            try_files $uri $uri/ =404;
        }}
        include {SNIPPETS / "nginx.conf"};
    }}
}}
""")
    return Server([NGINX, "-p", str(conf), "-e", str(conf / "error.log"), "-c", str(conf / "nginx.conf")], port, conf / "server.log")


def run_apache(folder, site):
    conf = folder / "apache"
    conf.mkdir()
    port = free_port()
    modules = "\n".join(f"LoadModule {name}_module {APACHE_MODULES}/mod_{name}.so"
                        for name in ("mpm_event", "authz_core", "mime", "dir", "headers"))
    user = "User nobody\nGroup nogroup" if os.geteuid() == 0 else ""  # httpd refuses to serve as root
    (conf / "httpd.conf").write_text(f"""
ServerRoot "{conf}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{conf}/httpd.pid"
ErrorLog "{conf}/error.log"
LogLevel warn
DefaultRuntimeDir "{conf}"
Mutex file:{conf} default
{modules}
{user}
TypesConfig /etc/mime.types
DocumentRoot "{site}"
<Directory "{site}">
    Require all granted
</Directory>
DirectoryIndex index.html
ErrorDocument 404 /404.html
Include "{SNIPPETS / "apache.conf"}"
""")
    return Server([APACHE, "-f", str(conf / "httpd.conf"), "-DFOREGROUND"], port, conf / "server.log")


@pytest.fixture(scope="module", params=["nginx", "apache"])
def server(request, built):
    folder, site, _ = built
    server = (run_nginx if request.param == "nginx" else run_apache)(folder, site)
    yield server
    server.stop()
    assert server.process.returncode is not None


def security_headers(sent, expected):
    """The headers of `sent` that `expected` names, each as often as it was sent."""
    names = {name.lower() for name in expected}
    return sorted((name, value) for name, value in sent if name.lower() in names)


@pytest.mark.parametrize("what", PATHS)
def test_the_server_sends_the_headers_of_the_headers_file(server, built, what):
    status, sent = server.get(PATHS[what])
    assert status == 200
    assert security_headers(sent, built[2]) == sorted(built[2].items())  # each once, the same value


def test_the_404_page_is_sent_with_the_headers_too(server, built):
    status, sent = server.get("/no/such/page/")
    assert status == 404
    assert security_headers(sent, built[2]) == sorted(built[2].items())
    assert "frame-ancestors 'none'" in dict(sent)["Content-Security-Policy"]


def test_the_snippets_send_what_the_build_says_and_nothing_else(built):
    """Both snippets name the five headers of `_headers` with their values, so a change
    of policy that is not carried into them fails here as well as in the servers."""
    expected = built[2]
    nginx = re.findall(r'^add_header (\S+) "(.*)" always;$', (SNIPPETS / "nginx.conf").read_text(), re.M)
    apache = re.findall(r'^Header always set (\S+) "(.*)"$', (SNIPPETS / "apache.conf").read_text(), re.M)
    assert dict(nginx) == dict(apache) == expected
    assert len(nginx) == len(apache) == len(expected) == 5


@pytest.mark.parametrize("name", ["nginx.conf", "apache.conf"])
def test_the_readme_shows_each_snippet_as_it_is_tested(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    fence = "nginx" if name == "nginx.conf" else "apache"
    assert f"```{fence}\n{(SNIPPETS / name).read_text()}```\n" in readme

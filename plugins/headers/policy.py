"""The site's security headers, worked out from its settings: pure, no Pelican imports.

One policy for every file of the site, so a page, a feed and a picture get the same
headers from any server, and the <meta> tag in pages says the same as the headers:

- `content_security_policy(comment_server, site)`: the Content-Security-Policy, a list
  of (directive, sources). Only the site itself, plus the comment server's origin for
  its scripts and its API when it lives on another one;
- `for_meta(policy)`: the text of the <meta http-equiv> tag (without what a <meta>
  policy cannot carry, such as frame-ancestors);
- `script_hash(element)` and `allowing_scripts(policy, sources)`: the one inline
  script a development server adds to pages (livereload's), allowed by its digest;
- `http_headers(policy)`: [(name, value)] every response carries;
- `headers_file(headers)`: the `_headers` file of Netlify and Cloudflare Pages.
"""

import base64
import hashlib
import re
from urllib.parse import urlsplit

# Directives a browser ignores (and complains about) in a <meta> policy: CSP 3, §3.3.
HEADER_ONLY = frozenset({"frame-ancestors", "report-uri", "sandbox"})
# Browser features no page of the site uses: none may be asked for, by us or by a frame.
UNUSED_FEATURES = ("accelerometer", "camera", "geolocation", "gyroscope", "magnetometer",
                   "microphone", "payment", "usb")
HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                  r"|\[[0-9A-Fa-f:.]+\]")
# One <script> element with its text (no second element, no src: it is inline).
SCRIPT = re.compile(r"<script(?![^>]*\ssrc\s*=)(?:\s[^>]*)?>((?:(?!</script).)*)</script\s*>", re.I | re.S)


def origin(url):
    """`scheme://host[:port]` of an http(s) URL, as a CSP source; None for anything else
    (no URL, a relative one, or one whose host a policy could not name)."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:  # a port that is not a number
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    if not HOST.fullmatch(host):
        return None
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


def content_security_policy(comment_server="", site="", frames=()):
    """[(directive, [sources])] for a site at `site` (its address; "" when it is not
    known, as in local builds) whose comments come from `comment_server` ("" for none)
    and whose posts may show frames from `frames` (origins, or host names for https).

    The comment server's origin is added where Isso needs it (its script, its API)
    unless it is the site's own."""
    own = origin(site)
    server = origin(comment_server)
    isso = [server] if server and server != own else []
    frame_sources = [origin(f if "://" in f else f"https://{f}") for f in frames]  # a host: https
    frame_sources = [s for s in dict.fromkeys(frame_sources) if s and s != own]
    policy = [
        ("default-src", ["'self'"]),  # anything not named below: the site's own files only
        ("script-src", ["'self'", "'wasm-unsafe-eval'", *isso]),  # Pagefind's WebAssembly; Isso's script
        ("style-src", ["'self'"]),  # stylesheet files only: no <style>, no style=""
        ("img-src", ["'self'"]),
        ("connect-src", ["'self'", *isso]),  # Pagefind's index; Isso's API
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),  # the search forms (Isso posts with a script, not a form)
        ("frame-ancestors", ["'none'"]),  # no site may show ours in a frame (headers only)
    ]
    if frame_sources:
        policy.insert(5, ("frame-src", ["'self'", *frame_sources]))
    return policy


def script_hash(element):
    """The source ('sha256-...') that lets a policy run the inline script `element`
    (its HTML: `<script ...>text</script>`), and it alone: the digest of its text, which
    is what a browser compares (CSP 3, §8.2). None if `element` is not one such element."""
    found = SCRIPT.fullmatch(element.strip()) if isinstance(element, str) else None
    if not found:
        return None
    digest = hashlib.sha256(found[1].encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def allowing_scripts(policy, sources):
    """`policy` whose script-src also allows `sources`."""
    return [(name, [*values, *sources] if name == "script-src" else values) for name, values in policy]


def render(policy, skip=frozenset()):
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy if name not in skip)


def for_meta(policy):
    """The policy as a <meta http-equiv> tag can carry it."""
    return render(policy, skip=HEADER_ONLY)


def http_headers(policy):
    """[(name, value)] for every response of the site."""
    return [
        ("Content-Security-Policy", render(policy)),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),  # frame-ancestors, for browsers older than CSP 2
        ("Permissions-Policy", ", ".join(f"{feature}=()" for feature in UNUSED_FEATURES)),
    ]


def headers_file(headers):
    """The `_headers` file (Netlify, Cloudflare Pages): these headers on every path."""
    lines = ["# Security headers for every file of the site (README, \"Security\").", "/*"]
    lines += [f"  {name}: {value}" for name, value in headers]
    return "\n".join(lines) + "\n"

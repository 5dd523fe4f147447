"""The COMMENTS setting, checked: pure, no Pelican imports (unit-tested on dicts).

    COMMENTS = {
        "url": "https://comments.example.org",  # the Isso server's public address; "" = off
        "moderation": True,       # new comments wait for approval (match the server's isso.cfg)
        "privacy_note": "...",    # plain text shown under the form
        "reply_email": "letters@example.org",  # "Reply by email" when scripts cannot run
    }
"""

import difflib
import re
from urllib.parse import urlsplit

DEFAULTS = {
    "url": "",
    "moderation": True,
    "privacy_note": (
        "Your name and website are shown with your comment; your email address is optional "
        "and never shown. Comments are stored on our own server, not by a third party."
    ),
    "reply_email": "",
}
LOOPBACK = {"localhost", "127.0.0.1", "::1"}
EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+")


def check(value, siteurl=""):
    """(the settings with defaults filled in, problems): comments are on when
    the settings have a "url" and there is no problem.

    Each problem is a (key, message, hint) triple. `siteurl` is the build's
    SITEURL: a published site cannot use a comment server on the author's computer."""
    if value is None:
        return dict(DEFAULTS), []
    if not isinstance(value, dict):
        return dict(DEFAULTS), [("COMMENTS", f"must be a dict, not {type(value).__name__}",
                                 f"keys: {', '.join(DEFAULTS)}")]
    problems = []
    for key in sorted(value.keys() - DEFAULTS.keys(), key=str):
        close = difflib.get_close_matches(str(key), list(DEFAULTS), n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(DEFAULTS)}"
        problems.append((f"COMMENTS.{key}", "unknown key", hint))
    config = {**DEFAULTS, **{k: v for k, v in value.items() if k in DEFAULTS}}

    url = config["url"] = config["url"] or ""
    if not isinstance(url, str):
        problems.append(("COMMENTS.url", f"must be text, not {type(url).__name__}", 'e.g. "https://comments.example.org"'))
    elif url:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
            problems.append(("COMMENTS.url", f"{url!r} is not the http(s) address of a server",
                             'write it in full, e.g. "https://comments.example.org", or "" for no comments'))
        else:
            problems += served_from(parts, urlsplit(siteurl))
        config["url"] = url.strip().rstrip("/")
    if not isinstance(config["moderation"], bool):
        problems.append(("COMMENTS.moderation", f"must be True or False, not {config['moderation']!r}", None))
    if not isinstance(config["privacy_note"], str):
        problems.append(("COMMENTS.privacy_note", "must be text", None))
    email = config["reply_email"] or ""
    if not isinstance(email, str) or (email and not EMAIL.fullmatch(email.strip())):
        problems.append(("COMMENTS.reply_email", f"{email!r} is not an email address",
                         'e.g. "letters@example.org", or "" for none'))
    else:
        config["reply_email"] = email.strip()
    return config, problems


def served_from(server, site):
    """Problems of a comment server for a site at that address."""
    if not site.hostname or site.hostname in LOOPBACK:
        return []  # a local preview may use any server
    if server.hostname in LOOPBACK:
        return [("COMMENTS.url", f"the site at {site.scheme}://{site.netloc} cannot use a comment server on this computer ({server.netloc})",
                 "set the production address in publishconf.py")]
    if site.scheme == "https" and server.scheme == "http":
        return [("COMMENTS.url", "an https site cannot load comments over http (browsers block it)",
                 "use the server's https address")]
    return []


def thread_id(siteurl, article_url):
    """The name Isso files a post's comments under: the path of its address
    (`/2024/05/slug/`, or `/blog/2024/05/slug/` for a site in a sub-folder)."""
    return urlsplit(f"{siteurl}/{article_url}").path

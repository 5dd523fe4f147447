"""Release ids, pruning and rollback choices: pure functions on names.

A release id is `<UTC timestamp>-<git short sha>`, e.g. `20250526T142301Z-1a2b3c4`;
ids sort by time. A release being uploaded lives in `<id>.partial` until it is
complete, so an interrupted upload is never taken for a release.
"""

import re
from datetime import UTC, datetime, timedelta

STAMP = "%Y%m%dT%H%M%SZ"
RELEASE_ID = re.compile(r"(?P<stamp>\d{8}T\d{6}Z)-(?P<commit>[0-9a-z]+)")
PARTIAL = ".partial"
NO_COMMIT = "nogit"


def is_release_id(name):
    return RELEASE_ID.fullmatch(name) is not None


def released_at(release_id):
    """The UTC time a release was made."""
    stamp = RELEASE_ID.fullmatch(release_id)["stamp"]
    return datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)


def newest_first(ids):
    return sorted(ids, key=lambda r: (released_at(r), r), reverse=True)


def new_release_id(now, commit, existing=()):
    """An id for a release made at `now` from `commit`, later than every existing id.

    Two publishes in the same second, or a server whose releases come from a clock
    ahead of ours, still get a new id that sorts last.
    """
    commit = (commit or NO_COMMIT).lower()
    moment = now.astimezone(UTC).replace(microsecond=0)
    if existing:
        latest = max(released_at(r) for r in existing)
        moment = max(moment, latest + timedelta(seconds=1))
    return f"{moment:{STAMP}}-{commit}"


def sort_entries(names):
    """(release ids newest first, unfinished uploads) among the names in releases/."""
    ids = [n for n in names if is_release_id(n)]
    partials = [n for n in names if n.endswith(PARTIAL) and is_release_id(n.removesuffix(PARTIAL))]
    return newest_first(ids), sorted(partials)


def to_prune(ids, live, keep):
    """Releases to delete so that the newest `keep` stay; the live one always stays."""
    return [r for r in newest_first(ids)[keep:] if r != live]


def rollback_choice(ids, live, to=None):
    """The release a rollback makes live: `to` (an id, a unique prefix of one, or a
    commit sha), or else the release just before the live one. Raises ValueError."""
    ordered = newest_first(ids)
    if not ordered:
        raise ValueError("there are no releases to roll back to")
    if to is None:
        if live not in ordered:
            raise ValueError("no release is live; name one with --to")
        older = ordered[ordered.index(live) + 1 :]
        if not older:
            raise ValueError(f"{live} is the oldest release: there is none before it")
        return older[0]
    matches = [r for r in ordered if r == to] or [
        r
        for r in ordered
        if r.startswith(to) or RELEASE_ID.fullmatch(r)["commit"].startswith(to.lower())
    ]
    if not matches:
        raise ValueError(f'no release matches "{to}" (releases: {", ".join(ordered)})')
    if len(matches) > 1:
        raise ValueError(
            f'"{to}" matches {len(matches)} releases ({", ".join(matches)}): give more of the id'
        )
    if matches[0] == live:
        raise ValueError(f"{live} is already live")
    return matches[0]

"""Release ids, pruning and rollback choices: pure functions on names.

A release id is `<UTC timestamp>-<git short sha>`, e.g. `20250526T142301Z-1a2b3c4`;
ids sort by time. A release being uploaded lives in `<id>.partial` until it is
complete. A release counts (is listed, can be rolled back to, is kept) only once it
has been live: it is live now, or its id is in the target's history of releases that
were live (`releases/.live-history`). An upload that never became live, complete or
not, is unfinished: the next publish removes it.
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


def sort_entries(names, was_live=None, live=None):
    """(releases newest first, unfinished uploads) among the names in releases/.

    `was_live` is the lines of the history, `live` the release `current` names. A target
    with no history (None) was published before the history was kept: its complete
    releases all count, as they did then. Unfinished: `<id>.partial` folders and, with a
    history, complete releases that were never live."""
    ids = [n for n in names if is_release_id(n)]
    if was_live is not None:
        been_live = {*was_live, live}
        ids, never = [n for n in ids if n in been_live], [n for n in ids if n not in been_live]
    else:
        never = []
    partials = [n for n in names if n.endswith(PARTIAL) and is_release_id(n.removesuffix(PARTIAL))]
    return newest_first(ids), sorted(never + partials)


def to_prune(ids, live, keep):
    """Releases to delete so that the newest `keep` stay; the live one always stays."""
    return [r for r in newest_first(ids)[keep:] if r != live]


def matching(ids, to):
    """The ids that are `to`, or else start with it or have a commit starting with it."""
    return [r for r in ids if r == to] or [
        r
        for r in ids
        if r.startswith(to) or RELEASE_ID.fullmatch(r)["commit"].startswith(to.lower())
    ]


def rollback_choice(ids, live, to=None, unfinished=()):
    """The release a rollback makes live: `to` (an id, a unique prefix of one, or a
    commit sha), or else the release just before the live one. Never one of
    `unfinished` (never live, so not known to be good). Raises ValueError."""
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
    matches = matching(ordered, to)
    never = matching(
        [n for n in (u.removesuffix(PARTIAL) for u in unfinished) if is_release_id(n)], to
    )
    if not matches and never:
        raise ValueError(
            f"{', '.join(never)} never became live (its publish did not finish), so it cannot be "
            "rolled back to; the next publish removes it"
        )
    if not matches:
        raise ValueError(f'no release matches "{to}" (releases: {", ".join(ordered)})')
    if len(matches) > 1:
        raise ValueError(
            f'"{to}" matches {len(matches)} releases ({", ".join(matches)}): give more of the id'
        )
    if matches[0] == live:
        raise ValueError(f"{live} is already live")
    return matches[0]

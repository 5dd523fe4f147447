"""Publishing: build, gate, deploy as atomic releases, list and roll back (DESIGN §8).

The invoke tasks `publish`, `releases` and `rollback` call `publishing.cli`.
Pure logic lives in its own modules, each unit-tested on plain data:

- `config`    PUBLISH_TARGETS / PUBLISH_DEFAULT / PUBLISH_GATE, checked before anything runs
- `releases`  release ids, which releases to prune, which one a rollback restores
- `manifest`  what a folder or a live release holds, and what a deploy would change
- `gate`      the checks a build must pass: links and anchors, feeds, page weight
- `progress`  upload progress and sizes for people

`targets` talks to the destinations (rsync over SSH, a local folder, a git branch
for GitHub Pages); `cli` puts the steps in order and prints what happens.
"""


class PublishError(Exception):
    """A publishing step failed; the message says what and what to do. Nothing live changed."""

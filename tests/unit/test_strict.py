"""plugins/strict: Pelican's "Could not process" gets the project path and the reason."""

import logging

from plugins.strict import NameTheReason


def test_could_not_process_names_the_file_from_the_project_and_the_reason(caplog):
    log = logging.getLogger("pelican.generators.test")
    log.addFilter(NameTheReason("/srv/site/content"))
    try:
        raise ValueError("a reader choked")
    except ValueError:
        log.error("Could not process %s", "posts/x.md")
    log.error("Could not process %s", "posts/y.md")  # outside an except block: unchanged
    assert [r.getMessage() for r in caplog.records] == [
        "content/posts/x.md: could not be read: ValueError: a reader choked (a bug of the kit: please report it with this file)",
        "Could not process posts/y.md",
    ]

"""A site full of front-matter mistakes: every one is reported, then the build fails."""

import hashlib
import logging
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT, build, invoke

BAD = ROOT / "tests" / "fixtures" / "sites" / "bad_front_matter"

EXPECTED = [
    ("ERROR", "content/authors/jane-researcher.md:3: affiliation: is not a known field (did you mean \"affiliations\"?)"),
    ("ERROR", "content/authors/jane-researcher.md:4: orcid: \"0000-0002-1825-0098\" has a wrong check digit (copy the iD from your ORCID record)"),
    ("ERROR", "content/authors/jane-researcher.md:5: url: \"www.example.org/jane\" is not an http(s) address (write the full address, starting with https://)"),
    ("ERROR", "content/authors/jane-researcher.md:8: links.Blog: \"ftp://example.org/blog\" is not an http(s) address (write the full address, starting with https://)"),
    ("ERROR", "content/authors/jane-researcher.md:12: books[1].title: is missing from books[1] (add `title:` (the book's title))"),
    ("ERROR", "content/authors/jane-twin.md:2: name: \"Jane Researcher\" is also the name in content/authors/jane-researcher.md (give each author one profile)"),
    ("ERROR", "content/authors/no-name.md:1: name: is missing (add `name:` (the name, exactly as written in posts' `authors`))"),
    ("ERROR", "content/posts/2024/yaml-error.md:7: front matter: YAML does not parse: expected ',' or ']', but got '<stream end>'"),
    ("ERROR", "content/posts/2024/not-a-mapping.md:1: front matter: is not a list of `key: value` lines"),
    ("ERROR", "content/posts/2024/no-closing-line.md:1: front matter: the --- on line 1 has no closing --- line (end the fields with a line of three hyphens, before the body)"),
    ("ERROR", "content/posts/2024/no-front-matter.md:1: front matter: is missing: the file does not start with a --- line (start the file with its fields between two --- lines: see README.md, Writing a post)"),
    ("ERROR", "content/posts/2024/alias-bomb.md:7: front matter: uses the YAML alias *a0 (write the value out in full: front matter does not repeat values by alias)"),
    ("ERROR", "content/posts/2024/long-title.md:2: title: is 359 characters long (the limit is 300) (shorten it; say the rest in the summary)"),
    ("ERROR", "content/posts/2024/missing-fields.md:1: title: is missing (add `title:` (the title))"),
    ("ERROR", "content/posts/2024/missing-fields.md:1: date: is missing"),
    ("ERROR", "content/posts/2024/missing-fields.md:1: authors: is missing"),
    ("ERROR", "content/posts/2024/missing-fields.md:1: category: is missing"),
    ("ERROR", "content/posts/2024/bad-dates.md:3: date: \"2024-13-45\" is not a date (write YYYY-MM-DD or YYYY-MM-DD HH:MM)"),
    ("ERROR", "content/posts/2024/modified-before-date.md:4: modified: 2024-05-01 is earlier than the date 2024-05-10 10:00"),
    ("ERROR", "content/posts/2024/unknown-author.md:4: authors: \"Jane Resercher\" has no profile in content/authors/ (did you mean \"Jane Researcher\"?)"),
    ("ERROR", "content/posts/2024/bad-license.md:6: license: \"CC-BY-NC-SA-4\" is not a license id (did you mean \"CC-BY-NC-SA-4.0\"?)"),
    ("ERROR", "content/posts/2024/image-without-fields.md:6: image.src: is missing from image"),
    ("ERROR", "content/posts/2024/image-without-fields.md:6: image.alt: is missing from image"),
    ("ERROR", "content/posts/2024/image-without-fields.md:6: image.credit: is missing from image"),
    ("ERROR", "content/posts/2024/image-without-fields.md:6: image.license: is missing from image"),
    ("ERROR", "content/posts/2024/image-file-missing.md:7: image.src: \"images/nowhere.jpg\" does not exist"),
    ("ERROR", "content/posts/2024/image-file-missing.md:8: image.alt: is the file name"),
    ("ERROR", "content/posts/2024/empty-alt.md:8: image.alt: is empty"),
    ("ERROR", "content/posts/2024/bad-urls.md:10: image.credit_url: \"ftp://example.org/sun\" is not an http(s) address"),
    ("ERROR", "content/posts/2024/bad-urls.md:13: original.url: \"www.example.org/full\" is not an http(s) address"),
    ("ERROR", "content/posts/2024/typo-keys.md:6: sumary: is not a known field (did you mean \"summary\"?)"),
    ("ERROR", "content/posts/2024/typo-keys.md:11: image.credit_ulr: is not a known field (did you mean \"credit_url\"?)"),
    ("ERROR", "content/posts/2024/typo-keys.md:15: original.publsher: is not a known field (did you mean \"publisher\"?)"),
    ("ERROR", "content/posts/2024/original-without-url.md:6: original.url: is missing from original"),
    ("ERROR", "content/posts/2024/placeholder.md:5: category: is still a placeholder (fill it in or delete the line)"),
    ("ERROR", "content/posts/2024/same-slug.md:1: slug: \"same-slug\" is also the slug of content/posts/2025/same-slug.md"),
    ("ERROR", "content/posts/2025/same-slug.md:1: slug: \"same-slug\" is also the slug of content/posts/2024/same-slug.md"),
    ("WARNING", "content/posts/2025/warnings.md:7: summary: is 302 characters long (keep it under 300)"),
    ("WARNING", "content/posts/2025/warnings.md:12: image.license: CC BY-NC 4.0 is more restrictive than the post's CC BY 4.0"),
]


def test_every_problem_is_reported_once_with_file_line_field_and_hint(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    with pytest.raises(SystemExit) as failed:
        build(ROOT / "pelicanconf.py", tmp_path, PATH=str(BAD / "content"))
    errors = sum(1 for level, _ in EXPECTED if level == "ERROR")
    # Pelican adds two warnings of its own about the shared slug.
    assert str(failed.value) == f"{errors} errors and 4 warnings reported above: the build failed."

    ours = [(r.levelname, r.getMessage()) for r in caplog.records if r.name.startswith("plugins.")]
    for level, message in EXPECTED:
        matching = [m for lvl, m in ours if lvl == level and m.startswith(message)]
        assert len(matching) == 1, f"{level} {message!r} reported {len(matching)} times"
    assert len(ours) == len(EXPECTED), "unexpected messages: " + "\n".join(
        m for _, m in ours if not any(m.startswith(e) for _, e in EXPECTED)
    )


def test_nothing_else_goes_wrong_in_pelican(tmp_path, caplog):
    """Broken files are kept buildable, so Pelican adds no crash of its own."""
    with pytest.raises(SystemExit):
        build(ROOT / "pelicanconf.py", tmp_path, PATH=str(BAD / "content"))
    crashes = [r.getMessage() for r in caplog.records if "Could not process" in r.getMessage() or "Skipping" in r.getMessage()]
    assert crashes == []


def break_a_post(project):
    post = project / "content" / "posts" / "2024" / "what-sanctions-can-and-cannot-do.md"
    post.write_text(post.read_text().replace("authors: [Amara Lind]", "authors: [Amara Lynd]"))


def tree_digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_every_build_command_fails_and_the_previous_output_survives(project):
    assert invoke(project, "build").returncode == 0
    assert invoke(project, "preview").returncode == 0
    before = {name: tree_digest(project / name) for name in ("output", "preview")}

    break_a_post(project)
    for task in ("build", "preview", "check"):
        result = invoke(project, task)
        assert result.returncode != 0, task
        assert 'content/posts/2024/what-sanctions-can-and-cannot-do.md:4: authors: "Amara Lynd" has no profile' in result.stdout, task
        assert "1 error and 0 warnings reported above: the build failed." in result.stderr, task
    direct = subprocess.run(
        [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py", "-o", str(project / "elsewhere")],
        cwd=project, capture_output=True, text=True, env={"COLUMNS": "300", "PATH": "/usr/bin:/bin"},
    )
    assert direct.returncode == 1

    assert {name: tree_digest(project / name) for name in ("output", "preview")} == before
    assert not [p.name for p in project.iterdir() if p.name.startswith(("output.", "preview."))]


def test_check_fails_on_a_warning_that_build_only_shows(project):
    post = project / "content" / "posts" / "2023" / "coast-guards-south-china-sea.md"
    post.write_text(post.read_text().replace("  license: CC0-1.0", "  license: CC-BY-NC-4.0"))
    built = invoke(project, "build")
    assert built.returncode == 0
    assert "image.license: CC BY-NC 4.0 is more restrictive than the post's CC BY 4.0" in built.stdout
    checked = invoke(project, "check")
    assert checked.returncode != 0
    assert "0 errors and 1 warning reported above: the build failed." in checked.stderr


def test_the_new_post_skeleton_fails_until_its_placeholders_are_filled(project):
    made = invoke(project, "new", "Unfinished Thoughts", "--author", "Kenji Hale", "--category", "Security")
    result = invoke(project, "build")
    assert result.returncode != 0
    relative = made.stdout.strip()
    for field in ("image.alt", "image.credit", "image.license", "image.caption"):
        assert f"{relative}:" in result.stdout and f": {field}: is still a placeholder" in result.stdout


ADDRESSES = ROOT / "tests" / "fixtures" / "sites" / "bad_addresses"
ADDRESS_PROBLEMS = [
    'content/posts/tags-that-clash.md:5: category: "!!!" has no letters or digits for its address (use a name with letters or digits)',
    'content/posts/tags-that-clash.md:7: tags: "C++" and "C#" would share one address (…/c/) (write them the same way, or rename one)',
    'content/posts/tags-that-clash.md:8: tags: "C#" and "C++" would share one address (…/c/)',
    'content/posts/tags-that-clash.md:9: tags: "???" has no letters or digits for its address',
    'content/posts/tags-that-clash.md:10: tags: "Trade" and "trade" would share one address (…/trade/)',
    'content/posts/trade-again.md:6: tags: "trade" and "Trade" would share one address (…/trade/)',
    'content/pages/about.md:1: slug: "about" is also the slug of content/pages/about-us.md',
    'content/pages/about-us.md:3: slug: "about" is also the slug of content/pages/about.md',
    'content/pages/search.md:3: slug: "search" cannot be a page\'s address: /search/ is where the site writes the page made from search.html (give the page another `slug:`)',
    'content/pages/feeds.md:3: slug: "feeds" cannot be a page\'s address: /feeds/ is where the site writes',
    'content/pages/tag.md:3: slug: "tag" cannot be a page\'s address: /tag/ is where the site writes',
    'content/pages/archives.md:3: slug: "archives" cannot be a page\'s address: /archives/ is where the site writes',
    'content/pages/drafts.md:3: slug: "drafts" cannot be a page\'s address: /drafts/ is where the site writes',
    'content/pages/pagefind.md:3: slug: "pagefind" cannot be a page\'s address: /pagefind/ is where the site writes the search index',
    'content/pages/2024.md:3: slug: "2024" cannot be a page\'s address: /2024/ is the archive of the year 2024',
]


def test_addresses_taken_twice_or_by_the_site_are_errors_naming_the_file(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    with pytest.raises(SystemExit) as failed:
        build(ROOT / "pelicanconf.py", tmp_path, PATH=str(ADDRESSES / "content"))
    assert str(failed.value).startswith(f"{len(ADDRESS_PROBLEMS)} errors and ")
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("plugins.") and r.levelno == logging.ERROR]
    for message in ADDRESS_PROBLEMS:
        assert sum(m.startswith(message) for m in ours) == 1, message
    assert len(ours) == len(ADDRESS_PROBLEMS), ours
    assert not [r for r in caplog.records if r.levelno >= logging.CRITICAL or r.exc_info]


def test_a_huge_file_and_a_file_not_in_utf8_are_refused_without_being_read(tmp_path, caplog):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "sites" / "hostile_text" / "content", content)
    (content / "posts" / "huge.md").write_text("---\ntitle: Huge\n---\n" + "word " * 1_000_000)
    (content / "posts" / "latin1.md").write_bytes("---\ntitle: Café\ndate: 2024-06-01\n---\n".encode("latin-1"))
    caplog.set_level(logging.WARNING)
    with pytest.raises(SystemExit):
        build(ROOT / "pelicanconf.py", tmp_path / "out", PATH=str(content))
    errors = sorted(r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR)
    assert errors == [
        "content/posts/huge.md:1: file: is 4.8 MiB (the limit is 4 MiB) (a post is text: keep data and pictures in their own files)",
        "content/posts/latin1.md:2: file: is not UTF-8 text (byte 0xe9 cannot be read) (save the file as UTF-8 in your editor)",
    ]

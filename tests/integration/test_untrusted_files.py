"""Content is untrusted: nothing outside content/ is read or published, dotfiles never
are, what is published has the usual modes, and a bad or huge picture is an error
naming each file that uses it (README, "Security")."""

import io
import logging
import os
import re
import resource
import shutil
import stat
import subprocess
import sys

import pytest
from PIL import Image

from tests.conftest import ROOT, build, invoke

FIXTURE = ROOT / "tests" / "fixtures" / "sites" / "untrusted_files" / "content"
SECRET = "s3cret-token-from-outside"


@pytest.fixture
def site(tmp_path):
    """A copy of the fixture site, in tmp_path/project/content, with a folder of
    private files beside the project (tmp_path/private) for links to point at."""
    content = tmp_path / "project" / "content"
    shutil.copytree(FIXTURE, content)
    private = tmp_path / "private"
    (private / "ssh").mkdir(parents=True)
    (private / "shadow").write_text(SECRET)
    (private / "ssh" / ".id_ed25519").write_text(SECRET)
    (private / "ssh" / "known_hosts").write_text(SECRET)
    Image.new("RGB", (64, 64), "red").save(private / "photo.jpg")
    return content


def run(content, tmp_path, caplog, **settings):
    """Build `content` with the local settings: (output folder, our messages, whether it failed)."""
    caplog.set_level(logging.WARNING)
    out = tmp_path / "output"
    failed = False
    try:
        build(ROOT / "pelicanconf.py", out, PATH=str(content), IMAGE_CACHE_PATH=str(tmp_path / "image-cache"), **settings)
    except SystemExit:
        failed = True
    messages = [(r.levelname, r.getMessage()) for r in caplog.records]
    return out, messages, failed


def errors(messages):
    return [m for level, m in messages if level == "ERROR"]


def published(out):
    return sorted(str(p.relative_to(out)) for p in out.rglob("*"))


def no_secret_in(out):
    return all(SECRET.encode() not in p.read_bytes() for p in out.rglob("*") if p.is_file())


def test_a_link_to_a_file_or_folder_outside_content_is_an_error_and_nothing_of_it_is_published(site, tmp_path, caplog):
    private = tmp_path / "private"
    (site / "images" / "x").symlink_to(private / "shadow")
    (site / "images" / "d").symlink_to(private / "ssh")
    (site / "posts" / "2024" / "stolen.md").symlink_to(private / "shadow")  # a "post" from outside
    out, messages, failed = run(site, tmp_path, caplog)
    assert failed
    assert errors(messages) == [
        f"content/images/d: is a link to {private / 'ssh'}, outside content/ (copy the file into content/ instead)",
        f"content/images/x: is a link to {private / 'shadow'}, outside content/ (copy the file into content/ instead)",
        f"content/posts/2024/stolen.md: is a link to {private / 'shadow'}, outside content/ (copy the file into content/ instead)",
    ]
    assert not any(p.startswith(("images/x", "images/d")) for p in published(out))
    assert no_secret_in(out)
    assert "images/sun.jpg" in published(out)  # the rest is built


def test_invoke_build_with_a_link_out_of_content_fails_and_publishes_nothing(project, tmp_path_factory):
    shadow = tmp_path_factory.mktemp("elsewhere") / "shadow"
    shadow.write_text(SECRET)
    (project / "content" / "images" / "x").symlink_to(shadow)
    result = invoke(project, "build")
    assert result.returncode != 0
    out = " ".join(w for w in result.stdout.split() if not re.fullmatch(r"\S+\.py:\d+", w))
    assert f"content/images/x: is a link to {shadow}, outside content/ (copy the file into content/ instead)" in out
    assert not (project / "output").exists()
    assert all(SECRET.encode() not in p.read_bytes() for p in project.rglob("*") if p.is_file() and not p.is_symlink())


def test_links_inside_content_to_a_file_and_to_a_folder_keep_working(site, tmp_path, caplog):
    (site / "images" / "same-sun.jpg").symlink_to("sun.jpg")
    (site / "images" / "latest").symlink_to("album")
    (site / "extra" / "notes-again.txt").symlink_to(site / "extra" / "notes.txt")
    post = site / "posts" / "2024" / "featured.md"
    post.write_text(post.read_text().replace("src: images/sun.jpg", "src: images/same-sun.jpg"))
    out, messages, failed = run(site, tmp_path, caplog)
    assert not failed, messages
    files = published(out)
    assert {"images/same-sun.jpg", "images/same-sun-card.jpg", "images/latest/small-sun.png",
            "extra/notes-again.txt"} <= set(files)
    assert (out / "extra" / "notes-again.txt").read_text() == (site / "extra" / "notes.txt").read_text()


def test_links_that_loop_are_errors_and_the_build_ends(site, tmp_path, caplog):
    (site / "images" / "again").symlink_to(".")  # the folder that holds the link
    (site / "images" / "up").symlink_to("..")
    (site / "images" / "one").mkdir()
    (site / "images" / "two").mkdir()
    (site / "images" / "one" / "to-two").symlink_to("../two")  # two folders linked to each other
    (site / "images" / "two" / "to-one").symlink_to("../one")
    (site / "extra" / "gone.txt").symlink_to("nowhere.txt")
    out, messages, failed = run(site, tmp_path, caplog)
    assert failed
    assert sorted(errors(messages)) == [
        "content/extra/gone.txt: is a link to content/extra/nowhere.txt, which does not exist (remove the link, or put the file it names back)",
        "content/images/again: is a link to content/images, a folder that holds the link itself (remove the link: it makes an endless loop)",
        "content/images/one/to-two: is a link to content/images/two, a folder that holds links to folders (link to each of those folders itself, or copy the folder)",
        "content/images/two/to-one: is a link to content/images/one, a folder that holds links to folders (link to each of those folders itself, or copy the folder)",
        "content/images/up: is a link to content, a folder that holds the link itself (remove the link: it makes an endless loop)",
    ]
    assert not [p for p in published(out) if p.startswith(("images/again", "images/up", "images/one/", "images/two/"))]


def test_a_post_cannot_feature_show_or_link_a_file_outside_content(site, tmp_path, caplog):
    shutil.copy(tmp_path / "private" / "photo.jpg", tmp_path / "project" / "outside.jpg")  # it exists
    post = site / "posts" / "2024" / "featured.md"
    post.write_text(post.read_text().replace("src: images/sun.jpg", "src: ../outside.jpg")
                    + "\n![The same picture](../outside.jpg)\n\n[The file]({static}../../../outside.jpg)\n")
    profile = site / "authors" / "ada-lowe.md"
    (site / "images" / "linked.jpg").symlink_to(tmp_path / "private" / "photo.jpg")
    profile.write_text(profile.read_text().replace("photo: images/ada.jpg", "photo: images/linked.jpg"))
    out, messages, failed = run(site, tmp_path, caplog)
    assert failed
    assert errors(messages) == [
        f"content/images/linked.jpg: is a link to {tmp_path / 'private' / 'photo.jpg'}, outside content/ (copy the file into content/ instead)",
        f"content/authors/ada-lowe.md:5: photo: \"images/linked.jpg\" is a link to {tmp_path / 'private' / 'photo.jpg'}, outside content/ (copy the file into content/ instead)",
        "content/posts/2024/featured.md:7: image.src: \"../outside.jpg\" is outside content/ (put the file under content/ and write its path from there, e.g. images/featured/picture.jpg)",
        "content/posts/2024/featured.md:16: image ../outside.jpg: src: is outside content/ (put the picture under content/images/ and write its path from there: {static}/images/...)",
        "content/posts/2024/featured.md: a {static} link leads to ../outside.jpg, outside content/ (link only to files under content/)",
    ]
    assert not [p for p in published(out) if "outside" in p or "linked" in p]
    assert not (tmp_path / "outside.jpg").exists()  # nothing written beside the output either


def test_dotfiles_are_never_published(site, tmp_path, caplog):
    (site / "images" / ".secret").write_text(SECRET)
    (site / "images" / ".DS_Store").write_text(SECRET)
    (site / "extra" / ".htaccess").write_text(SECRET)
    (site / "images" / ".git").mkdir()
    (site / "images" / ".git" / "config").write_text(SECRET)
    Image.new("RGB", (32, 32), "blue").save(site / "images" / ".hidden.jpg")
    (site / "posts" / "2024" / ".draft.md").write_text((site / "posts" / "2024" / "plain.md").read_text())
    out, messages, failed = run(site, tmp_path, caplog)
    assert not failed, messages
    assert [p for p in published(out) if any(part.startswith(".") for part in p.split("/"))] == []
    assert no_secret_in(out)

    # A post that links to one: an error naming the post, and still not published.
    post = site / "posts" / "2024" / "plain.md"
    post.write_text(post.read_text() + "\n[Our server's settings]({static}/extra/.htaccess)\n")
    caplog.clear()
    out, messages, failed = run(site, tmp_path, caplog)
    assert failed
    assert errors(messages) == ["content/posts/2024/plain.md: a {static} link leads to extra/.htaccess, whose name "
                                "starts with a dot: such files are never published (rename the file)"]
    assert no_secret_in(out)


def test_published_files_are_0644_and_folders_0755_whatever_the_sources_and_the_umask(site, tmp_path, caplog):
    os.chmod(site / "images" / "sun.jpg", 0o600)
    os.chmod(site / "extra" / "notes.txt", 0o700)
    os.chmod(site / "images" / "album", 0o700)
    umask = os.umask(0o077)  # files and folders made by this build would be private
    try:
        out, messages, failed = run(site, tmp_path, caplog, STATIC_CREATE_LINKS=True)  # sources linked, not copied
    finally:
        os.umask(umask)
    assert not failed, messages
    modes = {str(p.relative_to(out)): stat.S_IMODE(p.lstat().st_mode) for p in [out, *out.rglob("*")]}
    assert len(modes) > 30
    assert {p: m for p, m in modes.items() if m != (0o755 if (out / p).is_dir() else 0o644)} == {}
    # The sources keep theirs: the published notes.txt is a copy, not the author's file.
    assert stat.S_IMODE((site / "extra" / "notes.txt").stat().st_mode) == 0o700
    assert stat.S_IMODE((site / "images" / "sun.jpg").stat().st_mode) == 0o600
    assert stat.S_IMODE((site / "images" / "album").stat().st_mode) == 0o700


def damaged_png():
    """A PNG whose header reads and whose pixels do not."""
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 10, 10)).save(buffer, "PNG")
    data = buffer.getvalue()
    start = data.index(b"IDAT") + 8
    return data[:start] + bytes(20) + data[start + 20:]


def test_an_unreadable_picture_is_one_error_naming_each_file_that_uses_it(site, tmp_path, caplog):
    (site / "images" / "broken.png").write_bytes(damaged_png())
    (site / "images" / "album" / "small-sun.png").write_bytes(damaged_png())
    (site / "images" / "ada.jpg").write_bytes((site / "images" / "ada.jpg").read_bytes()[:300])  # truncated
    (site / "images" / "notes.jpg").write_text("a text file named .jpg")
    post = site / "posts" / "2024" / "featured.md"
    post.write_text(post.read_text().replace("src: images/sun.jpg", "src: images/broken.png"))
    _, messages, failed = run(site, tmp_path, caplog)
    assert failed
    found = sorted(errors(messages))
    assert re.fullmatch(r'content/authors/ada-lowe\.md:5: photo: "images/ada\.jpg" cannot be read as a picture'
                        r" \(.*[Tt]runcated.*\) \(replace it with a JPEG, PNG or WebP\)", found.pop(0))
    assert found == [
        "content/images/notes.jpg: cannot be read as a picture (cannot identify image file)"
        " (replace it with a JPEG, PNG or WebP, or remove it)",
        "content/posts/2024/featured.md:14: image images/album/small-sun.png: cannot be read as a picture"
        " (broken data stream when reading image file) (replace it with a JPEG, PNG or WebP)",
        "content/posts/2024/featured.md:7: image.src: \"images/broken.png\" cannot be read as a picture"
        " (broken data stream when reading image file) (replace it with a JPEG, PNG or WebP)",
    ]
    assert not [m for _, m in messages if "Could not process" in m or "featured by" in m]


# Bytes of address space: a build of the fixture site needs about 450 MB of it here, and
# one that decodes the 10000 x 10000 picture (as before the pixel limit) ends in a
# MemoryError under this limit. Two malloc arenas: the address space the build takes
# does not grow with the number of cores (each thread's arena reserves 64 MB).
MEMORY_LIMIT = 700 << 20


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def test_pictures_over_the_pixel_limit_are_refused_before_they_are_decoded(site, tmp_path):
    Image.new("L", (10000, 10000), 0).save(site / "images" / "wide.png")  # ~100 KB: one colour
    Image.new("L", (20000, 20000), 0).save(site / "images" / "wider.png")
    assert (site / "images" / "wider.png").stat().st_size < 1_000_000
    post = site / "posts" / "2024" / "featured.md"
    post.write_text(post.read_text().replace("src: images/sun.jpg", "src: images/wider.png")
                    + "\n![A huge black square]({static}/images/wide.png)\n")
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(site), "-s", str(ROOT / "pelicanconf.py"), "-o", str(tmp_path / "out"),
         "-e", f'IMAGE_CACHE_PATH="{tmp_path / "image-cache"}"'],
        capture_output=True, text=True, cwd=ROOT, preexec_fn=limit_memory, env={**os.environ, "COLUMNS": "400", "MALLOC_ARENA_MAX": "2"},
    )
    output = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 1, output
    assert ("content/posts/2024/featured.md:7: image.src: \"images/wider.png\" is 20000×20000 pixels (400 megapixels), over the limit"
            " of 50 megapixels (resize it: 4000 pixels on its longer side is plenty for a web page;"
            " IMAGE_MAX_PIXELS sets the limit)") in output
    assert ("content/posts/2024/featured.md:16: image images/wide.png: is 10000×10000 pixels (100 megapixels),"
            " over the limit of 50 megapixels") in output
    assert "2 errors and 0 warnings reported above: the build failed." in output
    assert "Traceback" not in output and "DecompressionBomb" not in output and "MemoryError" not in output


def test_the_pixel_limit_is_a_setting(site, tmp_path, caplog):
    _, messages, failed = run(site, tmp_path, caplog, IMAGE_MAX_PIXELS=100_000)
    assert failed
    assert errors(messages) == [
        "content/posts/2024/featured.md:7: image.src: \"images/sun.jpg\" is 640×360 pixels (0.23 megapixels), over the"
        " limit of 0.1 megapixels (resize it: 4000 pixels on its longer side is plenty for a web page;"
        " IMAGE_MAX_PIXELS sets the limit)",
    ]

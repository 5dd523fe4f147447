"""A realistic publication for the benchmark, made from a seed.

`generate(n, seed)` is pure: it returns every file as text (posts, author profiles,
pages) plus a description of every picture, and the same arguments always give
the same publication. `write_publication` puts it on disk, drawing the pictures
with Pillow. Posts use the front matter of DESIGN.md §3: commentary of 600 to
2,000 words with headings, quotes, lists, footnotes and links, a featured
picture from a pool with its credit and license, one to three of 30 authors,
one of 12 categories, tags from a pool of 80, dates over about 15 years.
"""

import io
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

from plugins.front_matter.licenses import LICENSES

from . import words as W

FIRST_DAY = datetime(2011, 1, 3)
LAST_DAY = datetime(2025, 12, 19)
POOL_LICENSES = ["CC-BY-4.0", "CC-BY-SA-2.0", "CC0-1.0", "CC-BY-NC-SA-2.0", "CC-BY-2.0", "CC-BY-NC-4.0", "CC-BY-SA-4.0"]
POST_LICENSES = [(None, 60), ("CC-BY-4.0", 15), ("CC-BY-SA-4.0", 10), ("CC-BY-NC-ND-4.0", 10), ("CC-BY-NC-4.0", 5)]
PHOTO_SIZE, AVATAR_SIZE = (640, 400), (96, 96)


@dataclass(frozen=True)
class Picture:
    """A picture to draw: where it goes, its size and the seed of its colours."""

    path: str  # relative to content/
    size: tuple[int, int]
    seed: int
    alt: str = ""
    caption: str = ""
    credit: str = ""
    credit_url: str = ""
    license: str = ""


@dataclass
class Publication:
    texts: dict[str, str] = field(default_factory=dict)  # path under content/ -> file text
    pictures: dict[str, Picture] = field(default_factory=dict)  # path under content/ -> picture
    posts: list[str] = field(default_factory=list)  # paths of posts, oldest first
    authors: list[str] = field(default_factory=list)  # names
    categories: set[str] = field(default_factory=set)  # used by at least one post
    tags: set[str] = field(default_factory=set)  # used by at least one post
    words: int = 0  # words in all post bodies


def slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def orcid(rng):
    """A checksum-valid ORCID iD (ISO 7064 MOD 11-2)."""
    digits = [rng.randrange(10) for _ in range(15)]
    total = 0
    for d in digits:
        total = (total + d) * 2
    check = (12 - total % 11) % 11
    text = "".join(map(str, digits)) + ("X" if check == 10 else str(check))
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


def dump(data):
    """YAML front matter as an author writes it: keys in the given order, lists inline."""
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{key}:")
            lines += [f"  {k}: {_scalar(v)}" for k, v in value.items()]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{key}:")
            for item in value:
                first, *rest = item.items()
                lines.append(f"  - {first[0]}: {_scalar(first[1])}")
                lines += [f"    {k}: {_scalar(v)}" for k, v in rest]
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            lines.append(f"{key}: {_scalar(value)}")
    return "---\n" + "\n".join(lines) + "\n---\n"


def _scalar(value):
    """A YAML scalar on one line, quoted only when plain style would misread it."""
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = yaml.safe_dump(text, default_flow_style=True, width=10_000).removesuffix("\n...\n").strip()
    if plain != text or any(c in text for c in ",[]{}#&*!|>%@`"):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


class Writer:
    """Fills templates with words drawn from one random generator."""

    def __init__(self, rng):
        self.rng = rng

    def fill(self, template):
        r = self.rng
        year = r.randint(2005, 2022)
        values = {
            "topic": r.choice(W.TOPICS), "topic2": r.choice(W.TOPICS), "region": r.choice(W.REGIONS),
            "actor": r.choice(W.ACTORS), "adj": r.choice(W.ADJECTIVES), "noun": r.choice(W.NOUNS),
            "n": r.randint(2, 12), "pct": r.randint(3, 60), "year": year, "year2": year + r.randint(1, 4),
        }
        for key in ("topic", "region", "actor"):
            values[key.capitalize()] = values[key][0].upper() + values[key][1:]
        return template.format(**values)

    def sentences(self, count):
        return [self.fill(t) for t in self.rng.sample(W.SENTENCES, count)]

    def paragraph(self, count):
        return " ".join(self.sentences(count))


def generate(n, seed=1, site_license="CC-BY-NC-SA-4.0"):
    """The publication with `n` posts; the same (n, seed) always gives the same files."""
    rng = random.Random(f"{seed}-{n}")
    pub = Publication()
    pool = _picture_pool(rng, pub)
    _author_profiles(rng, pub)
    _pages(pub)
    dates = sorted(_random_date(rng) for _ in range(n))
    titles, slugs = set(), set()
    for i, date in enumerate(dates):
        _post(rng, pub, i, date, pool, titles, slugs, site_license)
    return pub


def _random_date(rng):
    span = (LAST_DAY - FIRST_DAY).total_seconds()
    moment = FIRST_DAY + timedelta(seconds=rng.uniform(0, span))
    return moment.replace(hour=rng.randint(7, 18), minute=rng.randrange(0, 60, 5), second=0, microsecond=0)


def _picture_pool(rng, pub):
    pool = []
    for i, (name, alt, caption) in enumerate(W.IMAGE_SUBJECTS):
        credit, credit_url = W.IMAGE_CREDITS[i % len(W.IMAGE_CREDITS)]
        picture = Picture(f"images/pool/{name}.jpg", PHOTO_SIZE, rng.randrange(1 << 30), alt, caption,
                          credit, credit_url, POOL_LICENSES[i % len(POOL_LICENSES)])
        pub.pictures[picture.path] = picture
        pool.append(picture)
    return pool


def _author_profiles(rng, pub):
    write = Writer(rng)
    for name in W.AUTHOR_NAMES:
        slug = slugify(name)
        photo = Picture(f"images/authors/{slug}.jpg", AVATAR_SIZE, rng.randrange(1 << 30))
        pub.pictures[photo.path] = photo
        specialism = rng.choice(W.SPECIALISMS)
        data = {
            "name": name,
            "affiliations": [f"{rng.choice(W.POSITIONS)} at {rng.choice(W.INSTITUTIONS)}"
                             for _ in range(rng.randint(1, 2))],
            "photo": photo.path,
            "url": f"https://www.example.org/people/{slug}",
        }
        if rng.random() < 0.7:
            data["orcid"] = orcid(rng)
        if rng.random() < 0.6:
            data["links"] = {"Mastodon": f"https://social.example.net/@{slug.replace('-', '')}",
                             "Google Scholar": f"https://scholar.example.com/profiles/{slug}"}
        books = []
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            title = write.fill(rng.choice(W.TITLE_TEMPLATES))
            books.append({"title": title, "publisher": rng.choice(W.PUBLISHERS), "year": rng.randint(2008, 2025),
                          "url": f"https://www.example.com/books/{slugify(title)}"})
        if books:
            data["books"] = books
        first = name.split()[0]
        bio = (f"{name} works on {specialism}. " + write.paragraph(2) + "\n\n"
               + f"Before joining the Centre, {first} spent {rng.randint(3, 12)} years in policy work. "
               + write.paragraph(2) + "\n")
        pub.texts[f"authors/{slug}.md"] = dump(data) + bio
        pub.authors.append(name)


def _pages(pub):
    pub.texts["pages/about.md"] = dump({
        "title": "About",
        "summary": "Meridian Commentary is the commentary blog of the Meridian Centre for Global Affairs.",
    }) + ("Meridian Commentary publishes short analysis of international affairs by the researchers of "
          "the Meridian Centre. Meet our authors on the [Contributors]({filename}/pages/contributors.md) page.\n")
    pub.texts["pages/contributors.md"] = dump({
        "title": "Contributors", "summary": "The researchers who write for Meridian Commentary.",
        "template": "contributors",
    }) + "Meridian Commentary is written by fellows and visiting scholars of the Meridian Centre.\n"


def _unique(make, taken, limit=50):
    for _ in range(limit):
        value = make()
        if value not in taken:
            taken.add(value)
            return value
    raise RuntimeError("could not find a unique value")  # the pools are far larger than any run


def _post(rng, pub, i, date, pool, titles, slugs, site_license):
    write = Writer(rng)
    title = _unique(lambda: write.fill(rng.choice(W.TITLE_TEMPLATES)), titles, limit=10_000)
    slug, k = slugify(title), 1
    while slug in slugs:  # titles differing only in punctuation
        k += 1
        slug = f"{slugify(title)}-{k}"
    slugs.add(slug)

    authors = [W.AUTHOR_NAMES[i]] if i < len(W.AUTHOR_NAMES) else []
    count = rng.choices([1, 2, 3], weights=[75, 20, 5])[0]
    while len(authors) < count:
        name = rng.choice(W.AUTHOR_NAMES)
        if name not in authors:
            authors.append(name)
    category = W.CATEGORIES[i] if i < len(W.CATEGORIES) else rng.choices(
        W.CATEGORIES, weights=[1 / (k + 1) ** 0.5 for k in range(len(W.CATEGORIES))])[0]
    tags = [W.TAGS[i]] if i < len(W.TAGS) else []
    weights = [1 / (k + 1) ** 0.6 for k in range(len(W.TAGS))]
    for tag in rng.choices(W.TAGS, weights=weights, k=rng.randint(1, 5)):
        if tag not in tags:
            tags.append(tag)
    license_id = rng.choices([lic for lic, _ in POST_LICENSES], weights=[w for _, w in POST_LICENSES])[0]

    data = {"title": title, "date": date.strftime("%Y-%m-%d %H:%M" if rng.random() < 0.7 else "%Y-%m-%d")}
    if rng.random() < 0.12:
        modified = date + timedelta(days=rng.randint(1, 400), hours=rng.randint(0, 8))
        data["modified"] = modified.strftime("%Y-%m-%d %H:%M")
    data.update({"authors": authors, "category": category, "tags": tags})
    if rng.random() < 0.3:
        first, second = write.sentences(2)
        data["summary"] = f"{first} {second}" if len(first) + len(second) < 280 else first
    if license_id:
        data["license"] = license_id
    if rng.random() < 0.9:
        post_license = LICENSES[license_id or site_license]
        fitting = [p for p in pool if not LICENSES[p.license].restricts_more_than(post_license)]
        picture = rng.choice(fitting)
        data["image"] = {"src": picture.path, "alt": picture.alt, "caption": picture.caption,
                         "credit": picture.credit, "credit_url": picture.credit_url, "license": picture.license}
        if not picture.credit_url:
            del data["image"]["credit_url"]
    if rng.random() < 0.35:
        publisher = rng.choice(W.PUBLISHERS[:3] + W.PUBLICATIONS)
        data["original"] = {"url": f"https://{slugify(publisher)}.example.org/articles/{date:%Y}/{slug}",
                            "publisher": publisher, "title": title}

    body, count_words = _body(rng, write, pub, i, slug)
    path = f"posts/{date:%Y}/{slug}.md"
    pub.texts[path] = dump(data) + "\n" + body
    pub.posts.append(path)
    pub.categories.add(category)
    pub.tags.update(tags)
    pub.words += count_words


def _body(rng, write, pub, i, slug):
    target = rng.randint(600, 2000)
    blocks, total = [], 0
    notes = []
    quote_at = rng.choice([2, 3]) if rng.random() < 0.5 else -1
    list_at = rng.choice([3, 4, 5]) if rng.random() < 0.4 else -1
    heading_every = rng.choice([3, 4]) if target > 900 else 0
    links = rng.randint(1, 3)
    internal = pub.posts[rng.randrange(i)] if i and rng.random() < 0.25 else None
    want_notes = rng.randint(1, 3) if rng.random() < 0.4 else 0
    k = 0
    while total < target:
        k += 1
        if heading_every and k > 1 and k % heading_every == 1:
            blocks.append("## " + write.fill(rng.choice(W.HEADINGS)))
        if k == quote_at:
            person, source = rng.choice(W.QUOTED_PEOPLE), rng.choice(W.PUBLICATIONS)
            quote = " ".join(rng.sample(W.QUOTE_SENTENCES, 2))
            blocks.append(f"In an article for *{source}*, {person} writes:")
            blocks.append("> " + quote)
            total += len(quote.split()) + 6
        if k == list_at:
            marker = rng.choice(["-", "1."])
            items = [write.fill(item) for item in rng.sample(W.LIST_ITEMS, rng.randint(3, 5))]
            blocks.append(rng.choice(W.LIST_LEADS))
            blocks.append("\n".join(f"{marker} {item[0].upper()}{item[1:]};" for item in items))
            total += sum(len(item.split()) for item in items)
        sentences = write.sentences(rng.randint(4, 7))
        if links and rng.random() < 0.5:
            text = rng.choice(W.LINK_TEXTS)
            url = f"https://www.example.org/reports/{slug}/{links}"
            sentences.insert(1, f"According to [{text}]({url}), the picture is more mixed than it first appears.")
            links -= 1
        if internal and k == 2:
            sentences.append(f"We looked at an earlier chapter of this story in [a previous piece]({{filename}}/{internal}).")
        if len(notes) < want_notes and rng.random() < 0.5:
            notes.append(write.fill(rng.choice(W.FOOTNOTES)))
            sentences[-1] += f"[^{len(notes)}]"
        paragraph = " ".join(sentences)
        blocks.append(paragraph)
        total += len(paragraph.split())
    if rng.random() < 0.2:
        season = rng.choice(["spring", "summer", "autumn", "winter"])
        blocks.append(f"*This piece reflects the author's views as of the {season} of {rng.randint(2011, 2025)}.*")
    blocks += [f"[^{n}]: {note}" for n, note in enumerate(notes, 1)]
    return "\n\n".join(blocks) + "\n", total


def edit_post(text, note="A correction was made to one figure in the second paragraph."):
    """The text of a post after a small edit to its body, as an author makes one."""
    head, sep, body = text.partition("\n---\n")
    return f"{head}{sep}{body.rstrip()}\n\n*{note}*\n"


def draw(picture):
    """The JPEG bytes of a picture: a sky, a horizon and a few shapes, from its seed."""
    rng = random.Random(picture.seed)
    width, height = picture.size
    top = tuple(rng.randint(60, 200) for _ in range(3))
    bottom = tuple(rng.randint(20, 120) for _ in range(3))
    image = Image.new("RGB", picture.size)
    pen = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(height - 1, 1)
        pen.line([(0, y), (width, y)], fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    if width > 200:
        horizon = rng.randint(height // 2, height * 3 // 4)
        pen.rectangle([0, horizon, width, height], fill=tuple(rng.randint(30, 90) for _ in range(3)))
        for _ in range(rng.randint(4, 9)):
            x, w, h = rng.randint(0, width), rng.randint(20, 90), rng.randint(20, 160)
            pen.rectangle([x, horizon - h, x + w, horizon], fill=tuple(rng.randint(40, 160) for _ in range(3)))
    else:
        pen.ellipse([width // 4, height // 6, width * 3 // 4, height * 2 // 3], fill=(230, 200, 170))
        pen.ellipse([width // 8, height * 2 // 3, width * 7 // 8, height * 3 // 2], fill=top)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


def write_publication(pub, content_dir, progress=None):
    """Write every file of `pub` under `content_dir` (which must not hold older posts)."""
    content_dir = Path(content_dir)
    for path, picture in pub.pictures.items():
        target = content_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(draw(picture))
    step = max(1, len(pub.texts) // 5)
    for done, (path, text) in enumerate(pub.texts.items(), 1):
        target = content_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        if progress and done % step == 0:
            progress(done, len(pub.texts))

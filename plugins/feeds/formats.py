"""The three formats of an entry. Pure: no Pelican imports.

Atom and RSS are feedgenerator's own classes plus what they do not write, added
through the hooks feedgenerator offers for it (`root_attributes`, `rss_attributes`,
`item_attributes`, `add_item_elements`): every author, the license as a link and as
Creative Commons' RSS element, the full content next to the summary in RSS, and the
featured image as Media RSS with its credit and license. The XML writer escapes all
text, so nothing a post says can break the feed. JSON Feed 1.1 is a plain dict.
"""

import io
import json

from feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from feedgenerator.django.utils.feedgenerator import rfc3339_date
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from markupsafe import Markup

NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "media": "http://search.yahoo.com/mrss/",
    "creativeCommons": "http://backend.userland.com/creativeCommonsRssModule",
}
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
USED_WITH_PERMISSION = "Used with permission (all rights reserved)"


def item_fields(entry):
    """The fields of a feedgenerator item for an entry; `entry` itself rides along
    for the elements our subclasses add."""
    picture = entry.image
    return {
        "title": entry.title,
        "link": entry.url,
        "description": entry.summary,
        "content": entry.content,
        "unique_id": entry.id,
        "unique_id_is_permalink": False,  # RSS: the guid is an id, not an address to fetch
        "author_name": None,  # every author is written below, not only the first
        "author_email": None,
        "author_link": None,
        "pubdate": entry.published,
        "updateddate": entry.updated,
        "categories": list(entry.terms),
        "item_copyright": entry.rights or None,
        "enclosures": [Enclosure(picture.url, str(picture.length), picture.mime_type)] if picture else [],
        "entry": entry,
    }


def add_media(handler, picture):
    """Media RSS: the picture, what it shows, who made it and under which license."""
    handler.startElement("media:content", {
        "url": picture.url,
        "type": picture.mime_type,
        "medium": "image",
        "fileSize": str(picture.length),
        "width": str(picture.width),
        "height": str(picture.height),
    })
    handler.addQuickElement("media:description", picture.caption or picture.alt, {"type": "plain"})
    handler.addQuickElement("media:credit", picture.credit)
    lic = picture.license
    if lic.url:
        handler.addQuickElement("media:license", lic.short, {"type": "text/html", "href": lic.url})
    else:
        handler.addQuickElement("media:license", USED_WITH_PERMISSION)
    handler.endElement("media:content")


def shared(made_items, form, entry, make):
    """The text of `entry`'s item in the format `form`, made once by `make()` and kept
    in `made_items` (one format at a time, UTF-8: feeds are written one format after
    the other, and the texts of a thousand posts are large)."""
    if made_items is None:
        return make()
    if made_items.get("format") != form:
        made_items.clear()
        made_items["format"] = form
    key = (entry.id, entry.url)
    data = made_items.get(key)
    if data is None:
        text = make()
        made_items[key] = text.encode("utf-8", "surrogatepass")
        return text
    return data.decode("utf-8", "surrogatepass")


class SharedItems:
    """A post is in up to a dozen feeds: its item is written once per format and build,
    with `shared` (`made_items` is a dict of the catalog, given by `complete_feed`),
    and that text is put in every feed that lists it."""

    made_items = None
    item_element = None

    def write_items(self, handler):
        for item in self.items:
            entry = item.get("entry")
            made = self.made_items if entry else None
            handler.ignorableWhitespace(shared(made, self.item_element, entry, lambda i=item: self.item_text(i)))
        return None  # ignorableWhitespace writes the text as it is: it is XML already

    def item_text(self, item):
        buffer = io.StringIO()
        handler = SimplerXMLGenerator(buffer, "utf-8", short_empty_elements=True)
        handler.startElement(self.item_element, self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement(self.item_element)
        return buffer.getvalue()


class AtomFeed(SharedItems, Atom1Feed):
    item_element = "entry"

    def write(self, outfile, encoding):
        # Atom1Feed.write with the stylesheet instruction RssFeed.write already has.
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        self.add_stylesheets(handler)
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_stylesheets(self, handler):
        for stylesheet in self.feed.get("stylesheets") or ():
            handler.processingInstruction("xml-stylesheet", str(stylesheet))

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": NS["media"]}

    def item_attributes(self, item):
        entry = item.get("entry")
        return {"xml:lang": entry.language} if entry and entry.language else {}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        entry = item.get("entry")
        if entry is None:
            return
        for person in entry.authors:
            handler.startElement("author", {})
            handler.addQuickElement("name", person.name)
            handler.addQuickElement("uri", person.url)
            handler.endElement("author")
        if entry.license and entry.license.url:
            handler.addQuickElement("link", "", {
                "rel": "license", "type": "text/html", "href": entry.license.url, "title": entry.license.short,
            })
        if entry.image:
            add_media(handler, entry.image)


class RssFeed(SharedItems, Rss201rev2Feed):
    item_element = "item"

    def rss_attributes(self):
        return {**super().rss_attributes(), **{f"xmlns:{prefix}": uri for prefix, uri in NS.items()}}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        entry = item.get("entry")
        if entry is None:
            return
        for person in entry.authors:
            handler.addQuickElement("dc:creator", person.name)
        handler.addQuickElement("content:encoded", entry.content)
        if entry.updated:
            handler.addQuickElement("dcterms:modified", rfc3339_date(entry.updated))
        if entry.language:
            handler.addQuickElement("dc:language", entry.language)
        if entry.rights:
            handler.addQuickElement("dc:rights", entry.rights)
        if entry.license and entry.license.url:
            handler.addQuickElement("creativeCommons:license", entry.license.url)
        if entry.image:
            add_media(handler, entry.image)


# Pelican writes feedgenerator's classes; ours only add methods.
SUBCLASSES = {Atom1Feed: AtomFeed, Rss201rev2Feed: RssFeed}


# --- JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) ----------------------------------


def license_object(lic):
    return {"id": lic.id, "name": lic.name, "short_name": lic.short, **({"url": lic.url} if lic.url else {})}


def json_item(entry, about):
    """One item. `_license` and `_image` are this site's extensions, documented at `about`."""
    item = {
        "id": entry.id,
        "url": entry.url,
        "title": entry.title,
        "content_html": entry.content,
        "summary": Markup(entry.summary).striptags(),
        "date_published": rfc3339_date(entry.published),
    }
    if entry.updated:
        item["date_modified"] = rfc3339_date(entry.updated)
    item["authors"] = [
        {"name": p.name, "url": p.url, **({"avatar": p.avatar} if p.avatar else {})} for p in entry.authors
    ]
    if entry.terms:
        item["tags"] = list(entry.terms)
    if entry.language:
        item["language"] = entry.language
    if entry.license:
        item["_license"] = {"about": about, **license_object(entry.license)}
    picture = entry.image
    if picture:
        item["image"] = picture.url
        item["_image"] = {
            "about": about,
            "url": picture.url,
            "mime_type": picture.mime_type,
            "size_in_bytes": picture.length,
            "width": picture.width,
            "height": picture.height,
            "alt": picture.alt,
            "caption": picture.caption,
            "credit": picture.credit,
            **({"credit_url": picture.credit_url} if picture.credit_url else {}),
            "license": license_object(picture.license),
        }
    return item


def json_feed(channel, entries, about):
    """The whole feed: `channel` has title, home_page_url, feed_url, description, language."""
    feed = {"version": JSON_FEED_VERSION, **{k: v for k, v in channel.items() if v}}
    feed["items"] = [json_item(entry, about) for entry in entries]
    return feed


def json_text(feed):
    return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"


def json_feed_text(channel, entries, about, made_items):
    """`json_text(json_feed(channel, entries, about))`, with each item's text made once
    per build in `made_items` and put in every feed that lists it."""
    if not entries:
        return json_text(json_feed(channel, entries, about))
    head = json_text({k: v for k, v in json_feed(channel, [], about).items() if k != "items"})
    items = [
        shared(made_items, ("json", about), entry,
               lambda e=entry: "  " + json.dumps(json_item(e, about), ensure_ascii=False, indent=1).replace("\n", "\n  "))
        for entry in entries
    ]
    return head[: -len("\n}\n")] + ',\n "items": [\n' + ",\n".join(items) + "\n ]\n}\n"

"""schema.org data for a page, as plain dicts that templates print with |tojson. Pure."""

from plugins.site.text import plain_text, summary_text


def iso(date):
    return date.isoformat() if date else None


def _clean(data):
    """Drop empty values, so that no key says nothing."""
    if isinstance(data, dict):
        return {k: _clean(v) for k, v in data.items() if v not in (None, "", [], {})}
    if isinstance(data, list):
        return [_clean(v) for v in data]
    return data


def person(name, url, profile=None, site="", when=None):
    """A Person; with a profile, their positions (on the date `when`, or now) and links."""
    data = {"@type": "Person", "name": name, "url": url}
    if profile is not None:
        links = list(getattr(profile, "links", None) or {})
        held = profile.affiliations_on(when) if when else profile.current_affiliations
        data["affiliation"] = [{"@type": "Organization", "name": str(a)} for a in held]
        data["sameAs"] = [
            *([f"https://orcid.org/{profile.orcid}"] if getattr(profile, "orcid", None) else []),
            *([profile.url] if getattr(profile, "url", "") else []),
            *[profile.links[label] for label in links],
        ]
        if getattr(profile, "photo", None):
            data["image"] = f"{site}/{profile.photo}"
    return _clean(data)


def blog_posting(article, profiles, site, settings):
    """BlogPosting for one post: authors, dates, license, picture credit, original."""
    url = f"{site}/{article.url}"
    authors = [person(a.name, f"{site}/{a.url}", profiles.get(a.slug), site, article.date) for a in getattr(article, "authors", [])]
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": plain_text(article.title),
        "description": summary_text(article),
        "url": url,
        "datePublished": iso(article.date),
        "dateModified": iso(getattr(article, "modified", None) or article.date),
        "inLanguage": article.lang,
        "author": authors,
        "publisher": {"@type": "Organization", "name": settings.get("PUBLISHER"), "url": site + "/"},
        "isPartOf": {"@type": "Blog", "name": plain_text(settings["SITENAME"]), "url": site + "/"},
        "articleSection": article.category.name,
        "keywords": [t.name for t in getattr(article, "tags", [])],
        "license": article.license.url if getattr(article, "license", None) else None,
    }
    image = getattr(article, "image", None)
    if image:
        data["image"] = {
            "@type": "ImageObject",
            "contentUrl": f"{site}/{image.src}",
            "width": image.width,
            "height": image.height,
            "caption": image.caption or image.alt,
            "creditText": image.credit,
            "creator": {"@type": "Organization", "name": image.credit, "url": image.credit_url},
            "license": image.license.url if image.license else None,
            "acquireLicensePage": image.credit_url or None,
        }
    original = getattr(article, "original", None)
    if isinstance(original, dict) and original.get("url"):
        data["isBasedOn"] = {
            "@type": "CreativeWork",
            "url": original["url"],
            "name": original.get("title"),
            "publisher": {"@type": "Organization", "name": original["publisher"]} if original.get("publisher") else None,
        }
    return _clean(data)


def profile_page(author, profile, site):
    data = person(author.name, f"{site}/{author.url}", profile, site)
    data["@context"] = "https://schema.org"
    if profile is not None:
        data["description"] = plain_text(profile.bio)[:300]
    return _clean(data)


def website(settings, site, search_url):
    data = {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": plain_text(settings["SITENAME"]),
        "description": plain_text(settings.get("SITESUBTITLE")),
        "url": site + "/",
        "publisher": {"@type": "Organization", "name": settings.get("PUBLISHER")},
    }
    if search_url:
        data["potentialAction"] = {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{site}/{search_url}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        }
    return _clean(data)

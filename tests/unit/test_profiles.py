import copy

from pelican.settings import DEFAULT_CONFIG

from plugins.author_profiles.profiles import AuthorProfile, match_author


def profile(name, file_slug):
    return AuthorProfile("<p>Bio</p>", {"name": name}, settings=copy.deepcopy(DEFAULT_CONFIG),
                         source_path=f"/site/content/authors/{file_slug}.md")


PROFILES = {"jane-researcher": profile("Jane Researcher", "jane"), "tomas-ferreira": profile("Tomás Ferreira", "tomas-ferreira")}


def test_the_file_name_is_the_slug_and_url_is_the_authors_own():
    p = AuthorProfile("", {"name": "N", "url": "https://example.org/n"}, settings=copy.deepcopy(DEFAULT_CONFIG),
                      source_path="/c/authors/n-n.md")
    assert (p.slug, p.url) == ("n-n", "https://example.org/n")


def test_match_on_name_or_file_slug():
    assert match_author("Jane Researcher", PROFILES) == (PROFILES["jane-researcher"], None)
    assert match_author("jane", PROFILES) == (PROFILES["jane-researcher"], None)


def test_no_match_suggests_the_closest_name():
    found, problem = match_author("Tomas Ferriera", PROFILES)
    assert found is None
    assert (problem.field, problem.hint) == ("authors", 'did you mean "Tomás Ferreira"?')


def test_no_close_name_says_how_to_fix():
    _, problem = match_author("Zz", PROFILES)
    assert problem.message == '"Zz" has no profile in content/authors/'
    assert "add a profile in content/authors/" in problem.hint


def test_a_post_shows_the_positions_held_when_it_was_published():
    import datetime as dt

    p = AuthorProfile("", {"name": "N", "affiliations": [
        "Member of a forum",
        {"title": "Fellow", "from": "2024-01-01"},
        {"title": "Visitor", "until": "2023-12-31"},
    ]}, settings=copy.deepcopy(DEFAULT_CONFIG), source_path="/c/authors/n.md")
    assert [str(a) for a in p.affiliations_on(dt.datetime(2023, 7, 5, 10, 15))] == ["Member of a forum", "Visitor"]
    assert [str(a) for a in p.affiliations_on(dt.date(2024, 1, 1))] == ["Member of a forum", "Fellow"]
    assert [str(a) for a in p.current_affiliations] == ["Member of a forum", "Fellow"]

"""No 500 on out-of-range or odd numbers: every route of ``app.url_map`` with huge, negative,
non-ASCII-digit and empty values in its integer parts and in the integer query parameters,
as an anonymous visitor and as a coordinator."""

import re

import pytest

from tests.helpers import csrf_of
from tests.prepared import prepared

PASSWORD = "oikein-hyva-salasana"
ODD_NUMBERS = ["9" * 30, str(2**63), str(2**63 - 1), "-1", "0", "²", "٣", "１", "1e3", " 1", ""]
ODD_QUERY = ["9" * 30, str(2**63), "-1", "²", "٣", ""]
INT_QUERY_PARAMETERS = ("kierros", "vastaus")
SAMPLE = {"token": "A" * 43, "page_id": "company", "fmt": "csv", "filename": "style.css", "action": "peru",
          "answer": "vastaanota",
          "code": "ABCD-EFGH-JKLM"}
ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


@pytest.fixture
def actors(app):
    def build(app):
        runner = app.test_cli_runner()
        assert runner.invoke(args=["demo", "load", "--companies", "6", "--drafts", "1"]).exit_code == 0
        created = runner.invoke(args=["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role",
                                      "coordinator", "--password", PASSWORD])
        assert created.exit_code == 0, created.output

    prepared(app, "six companies, a draft and a coordinator", build)
    coordinator = app.test_client()
    token = csrf_of(coordinator.get("/kirjaudu").get_data(as_text=True))
    login = coordinator.post("/kirjaudu", data={"csrf_token": token, "email": "kaisa@xamk.test", "password": PASSWORD})
    assert login.status_code == 302
    return {"anonymous": app.test_client(), "coordinator": coordinator}


def urls(rule, value):
    """The rule's path with ``value`` in every integer part (other parts get a sample)."""
    def fill(match):
        converter, name = match.group(1) or "default", match.group(2)
        return value if converter == "int" else SAMPLE[name]
    return ARGUMENT.sub(fill, rule.rule)



def test_every_int_route_uses_the_bounded_converter(app):
    from web.params import BoundedInt

    int_rules = [r for r in app.url_map.iter_rules() if "<int:" in r.rule]
    assert int_rules, "expected routes with integer ids"
    for rule in int_rules:
        for name, converter in rule._converters.items():
            if f"<int:{name}>" in rule.rule:
                assert isinstance(converter, BoundedInt), rule.rule


def check(response, where):
    assert response.status_code != 500, where
    assert response.status_code < 500, where
    if response.status_code in (400, 404) and response.mimetype == "text/html":
        html = response.get_data(as_text=True)
        assert re.search(r"<h1[ >]", html) and "/static/" in html, where  # a normal page, not a bare text


def test_odd_numbers_never_give_500(app, actors):
    rules = list(app.url_map.iter_rules())
    assert len(rules) > 20
    # logging out last, so that the coordinator stays logged in for every other route
    rules.sort(key=lambda r: r.endpoint.endswith("logout"))
    tokens = {actor: csrf_of(client.get("/kirjaudu" if actor == "anonymous"
                                        else "/neuvoja/kayttajat").get_data(as_text=True))
              for actor, client in actors.items()}
    for rule in rules:
        if rule.endpoint == "static":
            continue
        has_int = "<int:" in rule.rule
        for actor, client in actors.items():
            csrf = tokens[actor]
            for value in ODD_NUMBERS if has_int else [None]:
                path = urls(rule, value) if has_int else urls(rule, "1")
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    data = {"csrf_token": csrf} if method == "POST" else None
                    check(client.open(path, method=method, data=data), (actor, method, path))
            if "GET" in rule.methods:
                for odd in ODD_QUERY:
                    query_path = urls(rule, "1") + "?" + "&".join(f"{name}={odd}" for name in INT_QUERY_PARAMETERS)
                    check(client.get(query_path), (actor, query_path))


@pytest.mark.parametrize("query", ["kierros=²", "kierros=٣", f"kierros={'9' * 30}", "kierros=-1"])
def test_malformed_query_integer_is_400_with_the_error_page(actors, query):
    response = actors["coordinator"].get(f"/koordinaattori/?{query}")
    assert response.status_code == 400
    assert "Pyyntöä ei voitu käsitellä" in response.get_data(as_text=True) or "<h1>" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/neuvoja/yritys/" + "9" * 30, f"/neuvoja/yritys/{2**63}", "/neuvoja/yritys/٣",
                                  "/neuvoja/yritys/-1", "/neuvoja/yritys/0"])
def test_out_of_range_route_id_is_404(actors, path):
    response = actors["coordinator"].get(path)
    assert response.status_code == 404
    assert "Sivua ei löytynyt" in response.get_data(as_text=True)

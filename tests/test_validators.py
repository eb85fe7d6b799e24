"""Normalisers and validators of typed answers."""

import re
from html import unescape

import pytest
from stdnum.exceptions import ValidationError
from stdnum.fi import ytunnus

from surveys.validators import BusinessId, clean_text, normalise_business_id, normalise_phone, normalise_url


@pytest.mark.parametrize("typed, stored", [
    ("2077474-0", "2077474-0"),
    (" 20774740 ", "2077474-0"),
    ("0737546-2", "0737546-2"),
])
def test_business_id_valid(typed, stored):
    assert normalise_business_id(typed) == stored


@pytest.mark.parametrize("typed", ["2077474-1", "207747-0", "abcdefg-h", "", "12345678-9"])
def test_business_id_invalid(typed):
    with pytest.raises(ValidationError):
        normalise_business_id(typed)


@pytest.mark.parametrize("typed, stored", [
    ("www.yritys.fi", "https://www.yritys.fi"),
    ("yritys.fi/palvelut", "https://yritys.fi/palvelut"),
    ("http://yritys.fi", "http://yritys.fi"),
    ("HTTPS://Yritys.fi/", "HTTPS://Yritys.fi/"),
    ("www.äänekoski-kahvila.fi", "https://www.äänekoski-kahvila.fi"),
])
def test_url_normalised(typed, stored):
    assert normalise_url(typed) == stored


@pytest.mark.parametrize("typed",
    ["not a url", "ftp://yritys.fi", "javascript:alert(1)", "yritys", "https://", "www.yritys.fi/a b"])
def test_url_invalid(typed):
    with pytest.raises(ValueError):
        normalise_url(typed)


@pytest.mark.parametrize("typed, stored", [
    ("040 123 4567", "+358401234567"),
    ("+358 40 123 4567", "+358401234567"),
    ("015 123 456", "+35815123456"),
    ("+46 70 123 45 67", "+46701234567"),
])
def test_phone_normalised(typed, stored):
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12", "abc", "040 123 4567 8901 2345"])
def test_phone_invalid(typed):
    with pytest.raises(Exception):
        normalise_phone(typed)


@pytest.mark.parametrize("typed, stored", [
    ("  Ma\u0308ntyharju ", "Mäntyharju"),
    ("\tÅbo\n", "Åbo"),
    (None, None),
])
def test_clean_text(typed, stored):
    assert clean_text(typed) == stored


@pytest.mark.parametrize("typed, stored", [
    ("nul\x00byte", "nulbyte"),
    ("bell\x07 esc\x1b", "bell esc"),
    ("rivi 1\r\nrivi 2\tsarake", "rivi 1\nrivi 2\tsarake"),
])
def test_clean_text_drops_control_characters(typed, stored):
    assert clean_text(typed) == stored


EXAMPLE = re.compile(r"\b\d{7}-\d\b")


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_business_id_examples_shown_to_the_user_are_valid(app, survey, lang):
    """The hint under the field and the error message give an example that passes the check."""
    hint = survey.question("business_id").help.get(lang)
    with app.test_request_context(f"/?lang={lang}"):
        message = str(BusinessId().message)
    examples = EXAMPLE.findall(hint) + EXAMPLE.findall(message)
    assert len(examples) == 2
    for example in examples:
        assert ytunnus.is_valid(example), example


@pytest.mark.parametrize("lang, typed, message", [
    ("fi", "1234567-2", "Tarkista Y-tunnus: tarkistusnumero ei täsmää."),
    ("en", "1234567-2", "Check the business ID: the check digit does not match."),
    ("fi", "2077474-1", "Tarkista Y-tunnus: tarkistusnumero ei täsmää."),
    ("fi", "1234567-8", "Tarkista Y-tunnus: tarkistusnumero ei täsmää."),
    ("fi", "123456-2", "Tarkista Y-tunnus: seitsemän numeroa, väliviiva ja tarkistusnumero, esimerkiksi 1234566-3."),
    ("en", "abcdefg-h", "Check the business ID: seven digits, a hyphen and a check digit, for example 1234566-3."),
    ("en", "12345678-9", "Check the business ID: seven digits, a hyphen and a check digit, for example 1234566-3."),
])
def test_business_id_message_says_what_is_wrong(walker, survey, lang, typed, message):
    token = walker.start(lang)
    response = walker.post(token, survey.pages[0], overrides={"business_id": typed})
    html = response.get_data(as_text=True)
    error = re.search(r'<p class="error-message" id="business_id-error">(.*?)</p>', html, re.S).group(1)
    assert message in unescape(error)
    assert f'value="{typed}"' in html  # what was typed is kept

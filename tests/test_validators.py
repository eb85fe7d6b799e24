"""Normalisers and validators of typed answers."""

import pytest
from stdnum.exceptions import ValidationError

from surveys.validators import clean_text, normalise_business_id, normalise_phone, normalise_url


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


@pytest.mark.parametrize("typed", ["not a url", "ftp://yritys.fi", "javascript:alert(1)", "yritys", "https://", "www.yritys.fi/a b"])
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

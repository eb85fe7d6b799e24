import pytest

from app import create_app
from tests.helpers import Walker


@pytest.fixture
def app(tmp_path):
    app = create_app({
        "SECRET_KEY": "test-secret-key-not-for-production",
        "DATABASE": str(tmp_path / "test.db"),
        "SESSION_COOKIE_SECURE": False,
        "TESTING": True,
    })
    yield app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def survey(app):
    return app.extensions["surveys"].current("tp1")


@pytest.fixture
def walker(client, survey):
    return Walker(client, survey)

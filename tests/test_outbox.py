"""No email is sent inside a request (issue 27 item 2): the change that causes a mail queues it in
the same transaction; a sender delivers it with retries and backoff (a thread per worker, or
`flask mail send`), and what could not be sent is shown to the coordinator."""

import socket
import threading
import time

import pytest

import mailer
from mailer import sender
from storage import immediate, outbox
from storage.db import connect
from tests.helpers import csrf_of, deliver_outbox, fake_smtp
from tests.test_advisor import PASSWORD, login
from tests.test_visible_text import visible_text

HOSTILE = "<b>Kurssi</b> =1+1 \u202eavaj\u202c"


@pytest.fixture
def silent_smtp():
    """A mail server that accepts connections and never answers (what stalled every page save)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(50)
    held = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


def test_a_silent_mail_server_never_slows_a_page(app, walker, survey, silent_smtp):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=silent_smtp, MAIL_TIMEOUT=1, MAIL_USE_TLS=False,
                      MAIL_MAX_ATTEMPTS=2)
    token = walker.start()
    started = time.perf_counter()
    for page in survey.pages[:3]:  # the first page holds the email address: its save queues the link
        assert walker.post(token, page).status_code == 302
    assert time.perf_counter() - started < 3  # was 10 s per page (MAIL_TIMEOUT), with a 500 at 60 s
    db = connect(app.config["DATABASE"])
    assert outbox.summary(db)["waiting"] == 1
    result = deliver_outbox(app)  # the sender waits for the server, not the respondent
    assert result == {"sent": 0, "retry": 1, "given_up": 0}
    row = next(db.query("SELECT * FROM outbox"))
    assert row["status"] == "pending" and row["attempts"] == 1
    assert row["last_error"] in ("TimeoutError", "SMTPServerDisconnected")  # timed out waiting for its greeting
    assert 55 <= row["next_attempt_at"] - time.time() <= 61  # the first retry a minute later
    db.execute("UPDATE outbox SET next_attempt_at = 0")
    db.conn.commit()
    assert deliver_outbox(app) == {"sent": 0, "retry": 0, "given_up": 1}
    assert next(db.query("SELECT status FROM outbox"))["status"] == "failed"


def test_backoff_grows_and_is_bounded():
    assert [outbox.backoff(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert outbox.backoff(30) == 6 * 3600


def test_the_mail_is_queued_with_its_change_or_not_at_all(app):
    db = connect(app.config["DATABASE"])
    with pytest.raises(RuntimeError):
        with immediate(db):
            db.execute("INSERT INTO audit_log (at, action) VALUES ('x', 'change')")
            outbox.enqueue(db, "a@example.com", "S", "B", "test")
            raise RuntimeError("the change failed after the mail was queued")
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == 0
    with immediate(db):
        db.execute("INSERT INTO audit_log (at, action) VALUES ('x', 'change')")
        outbox.enqueue(db, "a@example.com", "S", "B", "test")
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1


def test_a_nested_failure_the_caller_catches_undoes_only_its_own_writes(app):
    db = connect(app.config["DATABASE"])
    with immediate(db):
        db.execute("INSERT INTO audit_log (at, action) VALUES ('x', 'outer')")
        try:
            with immediate(db):
                db.execute("INSERT INTO audit_log (at, action) VALUES ('x', 'inner')")
                raise LookupError
        except LookupError:
            pass
    assert [r[0] for r in db.execute("SELECT action FROM audit_log")] == ["outer"]


def test_a_sent_message_keeps_no_address_or_body_and_two_senders_send_once(app, monkeypatch):
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test")
    db = connect(app.config["DATABASE"])
    for n in range(40):
        outbox.enqueue(db, f"r{n}@example.com", f"S{n}", f"private link /a/{n}", "test")
    settings = mailer.settings(app.config)
    workers = [threading.Thread(target=lambda: sender.drain(connect(app.config["DATABASE"]), settings, 3))
               for _ in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    recipients = [m[1] for m in sent if m[0] == "message"]
    assert sorted(recipients) == sorted(f"r{n}@example.com" for n in range(40))  # each exactly once
    rows = list(db.query("SELECT status, recipient, body FROM outbox"))
    assert {(r["status"], r["recipient"], r["body"]) for r in rows} == {("sent", "", "")}


def test_the_worker_thread_delivers_within_seconds(app, walker, survey, monkeypatch):
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test")
    token = walker.start()
    walker.post(token, survey.pages[0])
    mailer.start_sender(app)
    for _ in range(100):
        if any(m[0] == "message" for m in sent):
            break
        time.sleep(0.1)
    assert [m[1] for m in sent if m[0] == "message"] == ["tiina@example.com"]
    mailer.start_sender(app)  # idempotent: one sender per process and database
    assert sum(1 for t in threading.enumerate() if t.name == "outbox-sender" and t.is_alive()) >= 1


def test_the_coordinator_sees_what_could_not_be_sent_and_retries_it(app, walker, monkeypatch):
    runner = app.test_cli_runner()
    runner.invoke(args=["users", "create", "kaisa@xamk.test", "--name", "Kaisa", "--role", "coordinator",
                        "--password", PASSWORD])
    runner.invoke(args=["users", "create", "anna@miksei.test", "--name", "Anna", "--organisation", "miksei",
                        "--password", PASSWORD])
    db = connect(app.config["DATABASE"])
    outbox.enqueue(db, "tiina@example.com", f"Paikka: {HOSTILE}", "body", "training seat offer")
    db.execute("UPDATE outbox SET status = 'failed', attempts = 8, last_error = 'SMTPRecipientsRefused 550'")
    db.conn.commit()
    coordinator = login(app, "kaisa@xamk.test")
    for lang, line in (("fi", "1 sähköpostia ei voitu lähettää. Avaa sähköpostijono"),
                       ("en", "1 email could not be sent. Open the email queue")):
        dashboard = visible_text(coordinator.get(f"/koordinaattori/?lang={lang}").get_data(as_text=True))
        assert line in dashboard, dashboard[:400]
    page = coordinator.get("/koordinaattori/sahkopostit?lang=en").get_data(as_text=True)
    text = visible_text(page)
    assert "tiina@example.com" in text and f"Paikka: {HOSTILE}" in text
    assert "the mail server refused the recipient's address (SMTPRecipientsRefused 550)" in text
    assert "<b>Kurssi</b>" not in page  # shown literally, escaped
    assert "Waiting: 0. Could not be sent: 1." in text
    advisor = login(app, "anna@miksei.test")
    own_token = csrf_of(advisor.get("/neuvoja/").get_data(as_text=True))
    assert advisor.post("/koordinaattori/sahkopostit/uudelleen", data={"csrf_token": own_token}).status_code == 403
    retried = coordinator.post("/koordinaattori/sahkopostit/uudelleen", data={"csrf_token": csrf_of(page)},
                               follow_redirects=True)
    assert "1 email will be tried again." in visible_text(retried.get_data(as_text=True))
    assert next(db.query("SELECT status, attempts FROM outbox")) == {"status": "pending", "attempts": 0}
    sent = []
    monkeypatch.setattr("smtplib.SMTP", fake_smtp(sent))
    app.config.update(MAIL_SERVER="smtp.test")
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "Sent 1" in result.stdout
    status = runner.invoke(args=["mail", "status"])
    assert "Waiting 0" in status.stdout and "tiina" not in status.output  # no addresses on the command line


def test_mail_send_exits_non_zero_when_messages_were_given_up(app, monkeypatch):
    def refusing(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("smtplib.SMTP", refusing)
    app.config.update(MAIL_SERVER="smtp.test", MAIL_MAX_ATTEMPTS=1)
    outbox.enqueue(connect(app.config["DATABASE"]), "a@example.com", "S", "B", "test")
    result = app.test_cli_runner().invoke(args=["mail", "send"])
    assert result.exit_code == 2 and "given up 1" in result.stdout and "a@example.com" not in result.output


def test_erasing_a_company_drops_its_queued_mail(app, walker, survey, monkeypatch):
    from storage import maintenance

    app.config.update(MAIL_SERVER="smtp.test")
    token = walker.start()
    walker.walk(token)
    db = connect(app.config["DATABASE"])
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1
    company_id = db.execute("SELECT id FROM companies").fetchone()[0]
    maintenance.erase_company(db, company_id, None)
    assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0

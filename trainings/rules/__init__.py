"""The trainings' own pure rules (no Flask, database or I/O): the invoicing basis and the
company's own sign-up and cancellation. The rules other features read too (the enrolment status
table, seats and promotions, the counts) stay in ``scoring/``."""

"""The trainings' storage: the only SQL of the feature (courses, sessions, enrolments and their
seats, offers, changes, attendance, certificates, invoicing marks, webinar sign-ups and the facts
the counts are made of). Built on the shared core in ``storage/`` (``storage.db``); imports no
Flask and no view."""

"""The trainings' pure rules (no Flask, database or I/O): the enrolment status table
(``enrolments``), fees, seats and promotions (``places``), the certificate rule
(``certificates``), participant-list matching (``participants``), course names and a new
course's fields (``courses``), the invoicing basis (``invoicing``), the company's own sign-up
(``signup``), which trainings are a company's own (``own_trainings``) and every count of the
training records (``counts``). Other features (reports, the funder's indicators, the results
page) read them too; they import only each other and ``scoring``."""

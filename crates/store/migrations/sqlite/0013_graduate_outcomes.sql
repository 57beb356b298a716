-- Graduates of a cohort and where they went (category NULL: outcome not known yet).
CREATE TABLE graduate_outcomes (
    student_id INTEGER PRIMARY KEY REFERENCES people(id),
    cohort TEXT NOT NULL,
    category TEXT,
    employer TEXT,
    job_title TEXT,
    relevance BIGINT,
    salary_band TEXT,
    supervisor_email TEXT,
    recorded_by INTEGER REFERENCES people(id),
    recorded_at BIGINT NOT NULL
);
CREATE INDEX graduate_outcomes_cohort ON graduate_outcomes(cohort);

-- One-time survey links for employed graduates' direct supervisors; only the hash is kept.
CREATE TABLE satisfaction_invitations (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES people(id),
    supervisor_email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX satisfaction_invitations_student ON satisfaction_invitations(student_id);

CREATE TABLE satisfaction_responses (
    invitation_id INTEGER PRIMARY KEY REFERENCES satisfaction_invitations(id),
    ratings TEXT NOT NULL,
    overall BIGINT NOT NULL,
    comment TEXT,
    created_at BIGINT NOT NULL
);

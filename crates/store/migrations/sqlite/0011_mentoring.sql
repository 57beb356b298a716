-- The dual mentor system (双导师制): each student in an order class has an academic and an
-- enterprise mentor. A mentorship ends rather than being deleted, so the record keeps history.
CREATE TABLE mentorships (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES order_classes(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL REFERENCES people(id),
    mentor_id INTEGER NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL,
    assigned_by INTEGER REFERENCES people(id),
    assigned_at BIGINT NOT NULL,
    ended_at BIGINT
);
CREATE UNIQUE INDEX mentorships_one_current ON mentorships(class_id, student_id, kind) WHERE ended_at IS NULL;
CREATE INDEX mentorships_mentor ON mentorships(mentor_id);
CREATE INDEX mentorships_student ON mentorships(student_id);

-- How many students a mentor may take at once, where it differs from the default.
CREATE TABLE mentor_limits (
    person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    max_students BIGINT NOT NULL
);

CREATE TABLE mentor_meetings (
    id INTEGER PRIMARY KEY,
    mentorship_id INTEGER NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    met_on TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    topic TEXT NOT NULL,
    notes TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX mentor_meetings_mentorship ON mentor_meetings(mentorship_id);

-- Each mentor evaluates the student once per mentorship, at the end.
CREATE TABLE mentor_evaluations (
    mentorship_id INTEGER PRIMARY KEY REFERENCES mentorships(id) ON DELETE CASCADE,
    grade TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Internships (实习): a student's term at an enterprise outside any order class. Students on an
-- internship get dual mentors too, so a mentorship now belongs to exactly one of an order class
-- or an internship.
CREATE TABLE internships (
    id INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES people(id),
    enterprise_id INTEGER NOT NULL REFERENCES orgs(id),
    position TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    recorded_by INTEGER REFERENCES people(id),
    created_at BIGINT NOT NULL,
    left_on TEXT,
    left_reason TEXT
);
CREATE INDEX internships_student ON internships(student_id);
CREATE INDEX internships_enterprise ON internships(enterprise_id, starts_on);

-- SQLite cannot drop NOT NULL in place, so mentorships is rebuilt. With foreign keys on, dropping
-- it would cascade into its meetings and evaluations, so those are set aside first and restored.
CREATE TABLE mentorships_next (
    id INTEGER PRIMARY KEY,
    class_id INTEGER REFERENCES order_classes(id) ON DELETE CASCADE,
    internship_id INTEGER REFERENCES internships(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL REFERENCES people(id),
    mentor_id INTEGER NOT NULL REFERENCES people(id),
    kind TEXT NOT NULL,
    assigned_by INTEGER REFERENCES people(id),
    assigned_at BIGINT NOT NULL,
    ended_at BIGINT,
    CHECK ((class_id IS NULL) <> (internship_id IS NULL))
);
INSERT INTO mentorships_next (id, class_id, student_id, mentor_id, kind, assigned_by, assigned_at, ended_at)
    SELECT id, class_id, student_id, mentor_id, kind, assigned_by, assigned_at, ended_at FROM mentorships;
CREATE TABLE mentor_meetings_kept AS SELECT * FROM mentor_meetings;
CREATE TABLE mentor_evaluations_kept AS SELECT * FROM mentor_evaluations;
DROP TABLE mentor_meetings;
DROP TABLE mentor_evaluations;
DROP TABLE mentorships;
ALTER TABLE mentorships_next RENAME TO mentorships;
CREATE UNIQUE INDEX mentorships_one_current ON mentorships(class_id, student_id, kind) WHERE ended_at IS NULL;
CREATE UNIQUE INDEX mentorships_one_current_internship ON mentorships(internship_id, kind) WHERE ended_at IS NULL;
CREATE INDEX mentorships_internship ON mentorships(internship_id);
CREATE INDEX mentorships_mentor ON mentorships(mentor_id);
CREATE INDEX mentorships_student ON mentorships(student_id);

CREATE TABLE mentor_meetings (
    id INTEGER PRIMARY KEY,
    mentorship_id INTEGER NOT NULL REFERENCES mentorships(id) ON DELETE CASCADE,
    met_on TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    topic TEXT NOT NULL,
    notes TEXT,
    created_at BIGINT NOT NULL
);
INSERT INTO mentor_meetings (id, mentorship_id, met_on, minutes, topic, notes, created_at)
    SELECT id, mentorship_id, met_on, minutes, topic, notes, created_at FROM mentor_meetings_kept;
CREATE INDEX mentor_meetings_mentorship ON mentor_meetings(mentorship_id);

CREATE TABLE mentor_evaluations (
    mentorship_id INTEGER PRIMARY KEY REFERENCES mentorships(id) ON DELETE CASCADE,
    grade TEXT NOT NULL,
    comment TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
INSERT INTO mentor_evaluations (mentorship_id, grade, comment, created_at)
    SELECT mentorship_id, grade, comment, created_at FROM mentor_evaluations_kept;
DROP TABLE mentor_meetings_kept;
DROP TABLE mentor_evaluations_kept;

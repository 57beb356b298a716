-- Order-based classes (订单班): an enterprise orders a class of graduates; the university
-- accepts it; students apply with their order of preference; the enterprise and staff rank
-- the applicants; a selection assigns students to classes.
CREATE TABLE order_classes (
    id INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES orgs(id),
    title TEXT NOT NULL,
    positions TEXT NOT NULL,
    majors TEXT NOT NULL,
    skills TEXT,
    seats BIGINT NOT NULL,
    hires BIGINT NOT NULL,
    salary_min_fen BIGINT,
    salary_max_fen BIGINT,
    location TEXT,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    status TEXT NOT NULL,
    decision_note TEXT,
    created_by INTEGER REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX order_classes_enterprise ON order_classes(enterprise_id);
CREATE INDEX order_classes_status ON order_classes(status);

-- One application per student and class; rank is the class's ranking (lower is better).
CREATE TABLE class_applications (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES order_classes(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL REFERENCES people(id),
    preference BIGINT NOT NULL,
    statement TEXT,
    rank BIGINT,
    outcome TEXT,
    explanation TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (class_id, student_id)
);
CREATE INDEX class_applications_student ON class_applications(student_id);
-- A choice number is used once among a student's applications still waiting for a selection.
CREATE UNIQUE INDEX class_applications_one_choice ON class_applications(student_id, preference) WHERE outcome IS NULL;

-- Who is in a class: from the selection or placed by staff; leaving is recorded, not deleted.
CREATE TABLE class_members (
    class_id INTEGER NOT NULL REFERENCES order_classes(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL REFERENCES people(id),
    source TEXT NOT NULL,
    note TEXT,
    joined_at BIGINT NOT NULL,
    left_at BIGINT,
    leave_reason TEXT,
    PRIMARY KEY (class_id, student_id)
);
CREATE INDEX class_members_student ON class_members(student_id);

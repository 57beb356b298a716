-- The two-way flow: teachers' practice terms in enterprises, and enterprise experts appointed
-- to the university as industry professors or adjunct teachers.
CREATE TABLE teacher_practice (
    id INTEGER PRIMARY KEY,
    teacher_id INTEGER NOT NULL REFERENCES people(id),
    enterprise_id INTEGER NOT NULL REFERENCES orgs(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    project TEXT NOT NULL,
    report TEXT,
    created_by INTEGER REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX teacher_practice_teacher ON teacher_practice(teacher_id);
CREATE INDEX teacher_practice_enterprise ON teacher_practice(enterprise_id);

CREATE TABLE expert_appointments (
    id INTEGER PRIMARY KEY,
    expert_id INTEGER NOT NULL REFERENCES people(id),
    college_id INTEGER NOT NULL REFERENCES orgs(id),
    kind TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    courses TEXT NOT NULL,
    created_by INTEGER REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX expert_appointments_college ON expert_appointments(college_id);

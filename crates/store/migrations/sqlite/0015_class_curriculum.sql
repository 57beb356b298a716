-- How an order-based class runs: the curriculum both sides design (each item proposed by one
-- side and agreed by the other), practice placements at the enterprise, and the hiring outcome
-- of each member with the reason for those not hired.
CREATE TABLE class_curriculum (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES order_classes(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    hours BIGINT NOT NULL,
    taught_by TEXT,
    proposed_by_side TEXT NOT NULL,
    agreed_at BIGINT,
    created_by INTEGER REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX class_curriculum_class ON class_curriculum(class_id);

CREATE TABLE class_placements (
    id INTEGER PRIMARY KEY,
    class_id INTEGER NOT NULL REFERENCES order_classes(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL REFERENCES people(id),
    site TEXT NOT NULL,
    supervisor TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    created_by INTEGER REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX class_placements_class ON class_placements(class_id);

ALTER TABLE class_members ADD COLUMN hired BIGINT;
ALTER TABLE class_members ADD COLUMN hiring_reason TEXT;
ALTER TABLE class_members ADD COLUMN hiring_note TEXT;
ALTER TABLE class_members ADD COLUMN hiring_recorded_at BIGINT;

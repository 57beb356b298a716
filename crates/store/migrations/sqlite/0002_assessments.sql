CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    instrument_id TEXT NOT NULL,
    instrument_version TEXT NOT NULL,
    status TEXT NOT NULL,
    answers_json TEXT NOT NULL,
    result_json TEXT,
    total BIGINT,
    passed BIGINT,
    created_by BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    submitted_at BIGINT
);
CREATE INDEX assessments_enterprise ON assessments(enterprise_id, instrument_id, submitted_at);

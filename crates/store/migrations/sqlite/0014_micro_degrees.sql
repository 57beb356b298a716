-- Micro-degrees (微专业): a set of modules with credits and a completion rule, offered by a
-- college. The EU micro-credential elements (workload, level, assessment, participation,
-- quality assurance) are columns because every credential carries them.
CREATE TABLE micro_degrees (
    id INTEGER PRIMARY KEY,
    org_id INTEGER NOT NULL REFERENCES orgs(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    learning_outcomes TEXT NOT NULL,
    workload_hours BIGINT NOT NULL,
    required_credit_tenths BIGINT NOT NULL,
    level TEXT,
    assessment_type TEXT NOT NULL,
    participation TEXT NOT NULL,
    quality_assurance TEXT NOT NULL,
    capacity BIGINT NOT NULL,
    status TEXT NOT NULL,
    created_by INTEGER REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE micro_degree_modules (
    id INTEGER PRIMARY KEY,
    micro_degree_id INTEGER NOT NULL REFERENCES micro_degrees(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    credit_tenths BIGINT NOT NULL,
    mandatory BIGINT NOT NULL,
    taught_by TEXT,
    enterprise_id INTEGER REFERENCES orgs(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX micro_degree_modules_degree ON micro_degree_modules(micro_degree_id);

-- One enrolment per student and micro-degree; withdrawing keeps the row.
CREATE TABLE micro_degree_enrolments (
    id INTEGER PRIMARY KEY,
    micro_degree_id INTEGER NOT NULL REFERENCES micro_degrees(id) ON DELETE CASCADE,
    student_id INTEGER NOT NULL REFERENCES people(id),
    enrolled_at BIGINT NOT NULL,
    withdrawn_at BIGINT,
    UNIQUE (micro_degree_id, student_id)
);
CREATE INDEX micro_degree_enrolments_student ON micro_degree_enrolments(student_id);

-- The latest result per module; a re-sit overwrites it (the audit log keeps the history).
CREATE TABLE micro_degree_results (
    enrolment_id INTEGER NOT NULL REFERENCES micro_degree_enrolments(id) ON DELETE CASCADE,
    module_id INTEGER NOT NULL REFERENCES micro_degree_modules(id) ON DELETE CASCADE,
    passed BIGINT NOT NULL,
    grade TEXT,
    recorded_by INTEGER REFERENCES people(id),
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (enrolment_id, module_id)
);

-- Signed credentials, exactly as issued. One per source (a micro-degree completion now;
-- equipment authorisations and enterprise training later), enforced here as well as in code.
-- `status_index` is the credential's position in the revocation status list.
CREATE TABLE credentials (
    id TEXT PRIMARY KEY,
    source_kind TEXT NOT NULL,
    source_id BIGINT NOT NULL,
    holder_id INTEGER NOT NULL REFERENCES people(id),
    title TEXT NOT NULL,
    status_index BIGINT NOT NULL UNIQUE,
    document TEXT NOT NULL,
    issued_by INTEGER REFERENCES people(id),
    issued_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by INTEGER REFERENCES people(id),
    revocation_reason TEXT,
    UNIQUE (source_kind, source_id)
);
CREATE INDEX credentials_holder ON credentials(holder_id);

CREATE TABLE orgs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    name_en TEXT,
    description TEXT,
    parent_id INTEGER REFERENCES orgs(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX orgs_kind_name ON orgs(kind, name);
CREATE INDEX orgs_parent ON orgs(parent_id);

CREATE TABLE enterprise_profiles (
    org_id INTEGER PRIMARY KEY REFERENCES orgs(id) ON DELETE CASCADE,
    uscc TEXT NOT NULL UNIQUE,
    industry_code TEXT NOT NULL,
    region_code TEXT,
    founded_on TEXT,
    employees BIGINT,
    operating_revenue_fen BIGINT,
    total_assets_fen BIGINT,
    size_class TEXT,
    size_row INTEGER
);
CREATE INDEX enterprise_profiles_industry ON enterprise_profiles(industry_code);
CREATE INDEX enterprise_profiles_region ON enterprise_profiles(region_code);

CREATE TABLE college_partners (
    college_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    enterprise_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    PRIMARY KEY (college_id, enterprise_id)
);
CREATE INDEX college_partners_enterprise ON college_partners(enterprise_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT UNIQUE,
    phone TEXT,
    expertise TEXT NOT NULL DEFAULT '',
    password_hash TEXT,
    locale TEXT NOT NULL DEFAULT 'zh-CN',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX people_name ON people(name);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    org_id INTEGER NOT NULL REFERENCES orgs(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (person_id, org_id, role)
);
CREATE INDEX memberships_org ON memberships(org_id, role);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_person ON sessions(person_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX api_tokens_person ON api_tokens(person_id);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    actor_id BIGINT,
    action TEXT NOT NULL,
    subject_type TEXT,
    subject_id BIGINT,
    client_addr TEXT,
    before_json TEXT,
    after_json TEXT,
    detail TEXT
);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_action ON audit_events(action, at);

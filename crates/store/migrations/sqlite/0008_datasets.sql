-- Data resources shared by a lab or an enterprise. Files live in the file store under
-- storage_key; the database holds what they are and who may have them.
CREATE TABLE datasets (
    id INTEGER PRIMARY KEY,
    owner_org_id INTEGER NOT NULL REFERENCES orgs(id),
    title TEXT NOT NULL,
    description TEXT,
    tags TEXT NOT NULL,
    format TEXT NOT NULL,
    licence TEXT NOT NULL,
    access_level TEXT NOT NULL,
    schema_preview TEXT,
    created_by INTEGER REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX datasets_owner ON datasets(owner_org_id);

CREATE TABLE dataset_files (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    sample TEXT,
    uploaded_by INTEGER REFERENCES people(id),
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX dataset_files_dataset ON dataset_files(dataset_id);

-- A person has at most one pending request per dataset.
CREATE TABLE dataset_requests (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    purpose TEXT NOT NULL,
    status TEXT NOT NULL,
    decision_note TEXT,
    decided_by INTEGER REFERENCES people(id),
    decided_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX dataset_requests_one_pending ON dataset_requests(dataset_id, person_id) WHERE status = 'pending';
CREATE INDEX dataset_requests_person ON dataset_requests(person_id, dataset_id);

CREATE TABLE dataset_downloads (
    id INTEGER PRIMARY KEY,
    dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES dataset_files(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    downloaded_at BIGINT NOT NULL
);
CREATE INDEX dataset_downloads_dataset ON dataset_downloads(dataset_id, downloaded_at);

-- Times an item cannot be booked (holidays, calibration, teaching use), drawn by its lab's managers.
CREATE TABLE equipment_blackouts (
    id INTEGER PRIMARY KEY,
    equipment_id INTEGER NOT NULL REFERENCES equipment(id) ON DELETE CASCADE,
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    created_by INTEGER REFERENCES people(id),
    created_at BIGINT NOT NULL,
    CHECK (end_at > start_at)
);
CREATE INDEX equipment_blackouts_item ON equipment_blackouts(equipment_id, start_at);

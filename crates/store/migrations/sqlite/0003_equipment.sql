CREATE TABLE equipment (
    id INTEGER PRIMARY KEY,
    lab_id INTEGER NOT NULL REFERENCES orgs(id),
    name TEXT NOT NULL,
    model TEXT,
    maker TEXT,
    category TEXT NOT NULL,
    location TEXT,
    description TEXT,
    status TEXT NOT NULL,
    maintenance_until BIGINT,
    approval_mode TEXT NOT NULL,
    requires_authorisation BIGINT NOT NULL,
    slot_minutes BIGINT NOT NULL,
    min_minutes BIGINT NOT NULL,
    max_minutes BIGINT NOT NULL,
    max_days_ahead BIGINT NOT NULL,
    open_from_minute BIGINT NOT NULL,
    open_to_minute BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX equipment_lab ON equipment(lab_id);

CREATE TABLE equipment_rates (
    equipment_id INTEGER NOT NULL REFERENCES equipment(id) ON DELETE CASCADE,
    user_class TEXT NOT NULL,
    fen_per_hour BIGINT NOT NULL,
    currency TEXT NOT NULL,
    PRIMARY KEY (equipment_id, user_class)
);

CREATE TABLE equipment_authorisations (
    equipment_id INTEGER NOT NULL REFERENCES equipment(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    valid_until BIGINT NOT NULL,
    granted_by BIGINT,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (equipment_id, person_id)
);

CREATE TABLE bookings (
    id INTEGER PRIMARY KEY,
    equipment_id INTEGER NOT NULL REFERENCES equipment(id),
    person_id INTEGER NOT NULL REFERENCES people(id),
    start_at BIGINT NOT NULL,
    end_at BIGINT NOT NULL,
    status TEXT NOT NULL,
    purpose TEXT NOT NULL,
    user_class TEXT NOT NULL,
    rate_fen_per_hour BIGINT NOT NULL,
    currency TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX bookings_equipment_time ON bookings(equipment_id, start_at);
CREATE INDEX bookings_person ON bookings(person_id, start_at);

CREATE TABLE booking_slots (
    equipment_id INTEGER NOT NULL REFERENCES equipment(id),
    slot_start BIGINT NOT NULL,
    booking_id INTEGER NOT NULL REFERENCES bookings(id) ON DELETE CASCADE,
    PRIMARY KEY (equipment_id, slot_start)
);
CREATE INDEX booking_slots_booking ON booking_slots(booking_id);

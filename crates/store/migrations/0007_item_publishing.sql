-- What a lab manager publishes beyond the booking rules: what the item can do, and how many
-- days a training record stays valid when it is entered without an explicit end.
ALTER TABLE equipment ADD COLUMN capabilities TEXT;
ALTER TABLE equipment ADD COLUMN authorisation_valid_days BIGINT NOT NULL DEFAULT 365;

-- One secret calendar address per item for its lab; a new one replaces (revokes) the old.
CREATE TABLE equipment_feeds (
    equipment_id BIGINT PRIMARY KEY REFERENCES equipment(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

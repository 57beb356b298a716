-- How long before a booking starts its booker may still cancel it; managers may cancel any time.
ALTER TABLE equipment ADD COLUMN cancel_minutes_before BIGINT NOT NULL DEFAULT 0;

-- An internship's learning agreement (三方实习协议): its terms, and when each of the three
-- parties confirmed the current version. Changing the terms starts a new version that all three
-- confirm again.
CREATE TABLE internship_agreements (
    internship_id BIGINT PRIMARY KEY REFERENCES internships(id) ON DELETE CASCADE,
    goals TEXT NOT NULL,
    duties TEXT NOT NULL,
    weekly_hours BIGINT NOT NULL,
    allowance_fen BIGINT,
    insurance TEXT,
    version BIGINT NOT NULL,
    updated_by BIGINT REFERENCES people(id),
    updated_at BIGINT NOT NULL,
    student_confirmed_at BIGINT,
    enterprise_confirmed_at BIGINT,
    enterprise_confirmed_by BIGINT REFERENCES people(id),
    university_confirmed_at BIGINT,
    university_confirmed_by BIGINT REFERENCES people(id)
);

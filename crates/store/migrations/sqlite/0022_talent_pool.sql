-- SQLite's own text of 0022: the same tables; the backfill splits keywords with a recursive query
-- (PostgreSQL's uses string_to_array).
-- The talent pool: each person's expertise profile, with its disciplines (GB/T 13745), industries
-- (GB/T 4754) and keywords one row each so that matching joins on an index. Propositions' keywords
-- get the same treatment for matching the other way. `public` and `show_contact` are 0 or 1.
CREATE TABLE expertise_profiles (
    person_id INTEGER PRIMARY KEY REFERENCES people(id) ON DELETE CASCADE,
    headline TEXT,
    availability TEXT NOT NULL,
    public BIGINT NOT NULL,
    show_contact BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX expertise_profiles_public ON expertise_profiles(public, person_id);

CREATE TABLE expertise_disciplines (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    PRIMARY KEY (person_id, code)
);
CREATE INDEX expertise_disciplines_code ON expertise_disciplines(code, person_id);

CREATE TABLE expertise_industries (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    PRIMARY KEY (person_id, code)
);
CREATE INDEX expertise_industries_code ON expertise_industries(code, person_id);

CREATE TABLE expertise_keywords (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    keyword TEXT NOT NULL,
    PRIMARY KEY (person_id, keyword)
);
CREATE INDEX expertise_keywords_keyword ON expertise_keywords(keyword, person_id);

CREATE TABLE proposition_keywords (
    proposition_id INTEGER NOT NULL REFERENCES propositions(id) ON DELETE CASCADE,
    keyword TEXT NOT NULL,
    PRIMARY KEY (proposition_id, keyword)
);
CREATE INDEX proposition_keywords_keyword ON proposition_keywords(keyword, proposition_id);
-- Keywords of the propositions written before this migration.
WITH RECURSIVE split(id, word, rest) AS (
    SELECT id, '', keywords || char(10) FROM propositions
    UNION ALL
    SELECT id, substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1) FROM split WHERE rest <> ''
)
INSERT INTO proposition_keywords (proposition_id, keyword) SELECT DISTINCT id, word FROM split WHERE word <> '';

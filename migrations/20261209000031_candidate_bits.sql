-- migrate:up

-- The candidates of a position (issue 15, src/stmt_position.c) at a
-- million applications, whatever the position asks for.  Testing the
-- fields of expertise and the languages on the arrays cost about 0.7 µs
-- an accepted person (100 ms for the 143,000 of seed-demo's million), so
-- a position whose candidates are few, or whose best are (a course
-- nobody holds, three fields and two languages), took 150-230 ms.  The
-- row now also keeps both as bits, which the covering index holds
-- instead of the arrays: the same tests are a bitwise and.  The bits
-- follow the lists of the domains expertise_set and language_code (a
-- value added there needs these functions and columns redone).

-- Bit k - 1 for the k-th field of expertise_set's list.
CREATE FUNCTION corps_expertise_bits(x text[]) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT coalesce(bit_or(1 << (k::int - 1)), 0) FROM unnest(ARRAY[
    'election', 'civil_admin', 'logistics', 'engineering', 'medical',
    'legal', 'police', 'comms_it', 'interpretation', 'relief', 'other'])
    WITH ORDINALITY f(e, k) WHERE e = ANY (x));

-- A person's languages ('code:level'): for the k-th code of
-- language_code's list, bits 4(k - 1) to 4(k - 1) + j - 1 for the j-th
-- level (basic, working, fluent, native): every level up to theirs.
CREATE FUNCTION corps_language_bits(l text[]) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT coalesce(bit_or(((1 << j::int) - 1) << (4 * (k::int - 1))),
    0) FROM unnest(l) x, unnest(ARRAY['en', 'fr', 'es', 'ar', 'ru', 'zh',
    'other']) WITH ORDINALITY c(code, k), unnest(ARRAY['basic', 'working',
    'fluent', 'native']) WITH ORDINALITY v(lv, j)
    WHERE x = code || ':' || lv);

-- A position's languages as the bits a person must all have: for each
-- code its lowest level asked for; an unknown code or level, bit 30,
-- which nobody has.
CREATE FUNCTION corps_language_need(l text[]) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT coalesce(bit_or(CASE WHEN k IS NULL OR j IS NULL THEN 1 << 30
    ELSE 1 << (4 * (k::int - 1) + j - 1) END), 0)
    FROM (SELECT split_part(x, ':', 1) AS code, min(array_position(
	ARRAY['basic', 'working', 'fluent', 'native'], split_part(x, ':', 2)))
	AS j FROM unnest(l) x GROUP BY 1) n
    LEFT JOIN unnest(ARRAY['en', 'fr', 'es', 'ar', 'ru', 'zh', 'other'])
	WITH ORDINALITY c(cc, k) ON c.cc = n.code);

ALTER TABLE applications
	ADD COLUMN expertise_bits integer NOT NULL
	    GENERATED ALWAYS AS (corps_expertise_bits(expertise)) STORED,
	ADD COLUMN language_bits integer NOT NULL
	    GENERATED ALWAYS AS (corps_language_bits(languages)) STORED;

DROP INDEX applications_accepted;
CREATE INDEX applications_accepted ON applications (earliest_start, id)
	INCLUDE (expertise_bits, language_bits, max_months, source, ministry)
	WHERE status = 'accepted';

-- The certificates of a course, for the holders of a position's courses
-- read from the courses' side: certificates_person answers only one
-- person at a time.  And a person's, with the date of completion, so
-- that the candidates' probes of their courses read no table.
CREATE INDEX certificates_course ON certificates (course_id, valid_until)
	INCLUDE (application_id, completed_on);
DROP INDEX certificates_person;
CREATE INDEX certificates_person ON certificates (application_id, course_id,
	valid_until) INCLUDE (completed_on);

-- migrate:down
DROP INDEX certificates_course, certificates_person;
CREATE INDEX certificates_person ON certificates (application_id, course_id,
	valid_until);
DROP INDEX applications_accepted;
CREATE INDEX applications_accepted ON applications (earliest_start, id)
	INCLUDE (expertise, languages, max_months, source, ministry)
	WHERE status = 'accepted';
ALTER TABLE applications DROP COLUMN expertise_bits,
	DROP COLUMN language_bits;
DROP FUNCTION corps_expertise_bits(text[]), corps_language_bits(text[]),
	corps_language_need(text[]);

-- migrate:up

-- The candidates' bits (20261209000031) are stored generated columns of
-- applications, so every submission computes them.  As SQL functions
-- with a subquery they cannot be inlined, and PostgreSQL plans a SQL
-- function's body anew in every statement that calls it: the two cost
-- the submission's statement about 40 % of its throughput (pgbench, the
-- statement alone: 4,250-5,050 per second before the bits, 2,480-3,030
-- after; an INSERT into a table with the two columns 6,100-6,500 per
-- second, without them 18,300-19,500).  A PL/pgSQL function keeps its
-- compiled body for the session: the same INSERT with these versions
-- 15,100-15,300 per second.  Same results for every input, NULL
-- included (STRICT), so the stored values and the indexes stay valid.

-- Bit k - 1 for the k-th field of expertise_set's list.
CREATE OR REPLACE FUNCTION corps_expertise_bits(x text[]) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	fields CONSTANT text[] := ARRAY['election', 'civil_admin', 'logistics',
	    'engineering', 'medical', 'legal', 'police', 'comms_it',
	    'interpretation', 'relief', 'other'];
	b integer := 0;
BEGIN
	FOR k IN 1 .. cardinality(fields) LOOP
		IF fields[k] = ANY (x) THEN
			b := b | (1 << (k - 1));
		END IF;
	END LOOP;
	RETURN b;
END
$$;

-- A person's languages ('code:level'): for the k-th code of
-- language_code's list, bits 4(k - 1) to 4(k - 1) + j - 1 for the j-th
-- level (basic, working, fluent, native): every level up to theirs.  An
-- entry of another form adds nothing.
CREATE OR REPLACE FUNCTION corps_language_bits(l text[]) RETURNS integer
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	codes CONSTANT text[] := ARRAY['en', 'fr', 'es', 'ar', 'ru', 'zh',
	    'other'];
	levels CONSTANT text[] := ARRAY['basic', 'working', 'fluent',
	    'native'];
	b integer := 0;
	x text;
	k integer;
	j integer;
BEGIN
	FOREACH x IN ARRAY l LOOP
		k := array_position(codes, split_part(x, ':', 1));
		j := array_position(levels, split_part(x, ':', 2));
		IF x = codes[k] || ':' || levels[j] THEN
			b := b | (((1 << j) - 1) << (4 * (k - 1)));
		END IF;
	END LOOP;
	RETURN b;
END
$$;

-- migrate:down
CREATE OR REPLACE FUNCTION corps_expertise_bits(x text[]) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT coalesce(bit_or(1 << (k::int - 1)), 0) FROM unnest(ARRAY[
    'election', 'civil_admin', 'logistics', 'engineering', 'medical',
    'legal', 'police', 'comms_it', 'interpretation', 'relief', 'other'])
    WITH ORDINALITY f(e, k) WHERE e = ANY (x));
CREATE OR REPLACE FUNCTION corps_language_bits(l text[]) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (SELECT coalesce(bit_or(((1 << j::int) - 1) << (4 * (k::int - 1))),
    0) FROM unnest(l) x, unnest(ARRAY['en', 'fr', 'es', 'ar', 'ru', 'zh',
    'other']) WITH ORDINALITY c(code, k), unnest(ARRAY['basic', 'working',
    'fluent', 'native']) WITH ORDINALITY v(lv, j)
    WHERE x = code || ':' || lv);

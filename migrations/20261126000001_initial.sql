-- migrate:up

-- The application connects as corps_app, which owns nothing and gets only
-- the privileges granted below.  Deployments create it WITH LOGIN first;
-- it is created here too so that the migration stands on its own.
DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'corps_app') THEN
		CREATE ROLE corps_app NOLOGIN;
	END IF;
END
$$;

CREATE TABLE prefectures (
	code	smallint PRIMARY KEY CHECK (code BETWEEN 1 AND 47),
	name_ja	text NOT NULL UNIQUE,
	name_en	text NOT NULL UNIQUE
);

INSERT INTO prefectures (code, name_ja, name_en) VALUES
	(1, '北海道', 'Hokkaido'), (2, '青森県', 'Aomori'), (3, '岩手県', 'Iwate'),
	(4, '宮城県', 'Miyagi'), (5, '秋田県', 'Akita'), (6, '山形県', 'Yamagata'),
	(7, '福島県', 'Fukushima'), (8, '茨城県', 'Ibaraki'), (9, '栃木県', 'Tochigi'),
	(10, '群馬県', 'Gunma'), (11, '埼玉県', 'Saitama'), (12, '千葉県', 'Chiba'),
	(13, '東京都', 'Tokyo'), (14, '神奈川県', 'Kanagawa'), (15, '新潟県', 'Niigata'),
	(16, '富山県', 'Toyama'), (17, '石川県', 'Ishikawa'), (18, '福井県', 'Fukui'),
	(19, '山梨県', 'Yamanashi'), (20, '長野県', 'Nagano'), (21, '岐阜県', 'Gifu'),
	(22, '静岡県', 'Shizuoka'), (23, '愛知県', 'Aichi'), (24, '三重県', 'Mie'),
	(25, '滋賀県', 'Shiga'), (26, '京都府', 'Kyoto'), (27, '大阪府', 'Osaka'),
	(28, '兵庫県', 'Hyogo'), (29, '奈良県', 'Nara'), (30, '和歌山県', 'Wakayama'),
	(31, '鳥取県', 'Tottori'), (32, '島根県', 'Shimane'), (33, '岡山県', 'Okayama'),
	(34, '広島県', 'Hiroshima'), (35, '山口県', 'Yamaguchi'), (36, '徳島県', 'Tokushima'),
	(37, '香川県', 'Kagawa'), (38, '愛媛県', 'Ehime'), (39, '高知県', 'Kochi'),
	(40, '福岡県', 'Fukuoka'), (41, '佐賀県', 'Saga'), (42, '長崎県', 'Nagasaki'),
	(43, '熊本県', 'Kumamoto'), (44, '大分県', 'Oita'), (45, '宮崎県', 'Miyazaki'),
	(46, '鹿児島県', 'Kagoshima'), (47, '沖縄県', 'Okinawa');

-- Every version of the privacy notice an applicant may have consented to.
CREATE TABLE privacy_notices (
	version		text PRIMARY KEY,
	published_on	date NOT NULL
);
INSERT INTO privacy_notices (version, published_on) VALUES ('2026-04', '2026-04-01');

-- The rules on single values live in domains: one definition for every
-- column that holds such a value (the ministries' nominations will reuse
-- them), and PostgreSQL keeps a domain's checks compiled per connection,
-- where a table CHECK is re-read from its stored text by every INSERT.
CREATE DOMAIN name_text AS text CHECK (char_length(VALUE) BETWEEN 1 AND 40);
CREATE DOMAIN kana_name AS text CHECK (VALUE ~ '^[ァ-ヺー・　]{1,40}$');
CREATE DOMAIN romaji_name AS text CHECK (VALUE ~ '^[A-Z][A-Z -]{0,39}$');
CREATE DOMAIN phone_number AS text
	CHECK (VALUE ~ '^(0[0-9]{9,10}|\+[1-9][0-9]{7,14})$');
CREATE DOMAIN postcode AS text CHECK (VALUE ~ '^[0-9]{7}$');
CREATE DOMAIN email_address AS text CHECK (char_length(VALUE) BETWEEN 3 AND 254);
CREATE DOMAIN person_name AS text CHECK (char_length(VALUE) BETWEEN 1 AND 80);
CREATE DOMAIN address_text AS text CHECK (char_length(VALUE) BETWEEN 1 AND 200);
CREATE DOMAIN long_text AS text CHECK (char_length(VALUE) <= 2000);
CREATE DOMAIN token_hash AS bytea CHECK (octet_length(VALUE) = 32);
CREATE DOMAIN application_reference AS text
	CHECK (VALUE ~ '^PC-[0-9]{4}-[0-9A-Z]{8}$');
CREATE DOMAIN application_status AS text
	CHECK (VALUE IN ('submitted', 'screening', 'accepted', 'rejected', 'withdrawn'));
CREATE DOMAIN application_source AS text CHECK (VALUE IN ('public', 'seconded'));
CREATE DOMAIN ui_lang AS text CHECK (VALUE IN ('ja', 'en'));
CREATE DOMAIN gender AS text CHECK (VALUE IN ('female', 'male', 'other', 'unstated'));
CREATE DOMAIN language_code AS text
	CHECK (VALUE IN ('en', 'fr', 'es', 'ar', 'ru', 'zh', 'other'));
CREATE DOMAIN language_level AS text
	CHECK (VALUE IN ('basic', 'working', 'fluent', 'native'));
CREATE DOMAIN duplicate_reason AS text CHECK (VALUE IN ('email', 'kana_birth'));
-- Sets of enumerated codes, kept in the row: no child rows to insert and
-- check per submission, and a GIN index can serve filters on them.
CREATE DOMAIN expertise_set AS text[]
	CHECK (VALUE <@ ARRAY['election', 'civil_admin', 'logistics', 'engineering',
	    'medical', 'legal', 'police', 'comms_it', 'interpretation', 'relief',
	    'other']::text[]);
CREATE DOMAIN operation_set AS text[]
	CHECK (cardinality(VALUE) >= 1
	    AND VALUE <@ ARRAY['pko', 'icops', 'relief', 'election']::text[]);

CREATE TABLE applications (
	id			bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	reference		application_reference NOT NULL UNIQUE,
	form_token_hash		token_hash NOT NULL UNIQUE,
	status_token_hash	token_hash NOT NULL UNIQUE,
	source			application_source NOT NULL DEFAULT 'public',
	status			application_status NOT NULL DEFAULT 'submitted',
	version			integer NOT NULL DEFAULT 1,
	lang			ui_lang NOT NULL,
	family_kanji		name_text NOT NULL,
	given_kanji		name_text NOT NULL,
	family_kana		kana_name NOT NULL,
	given_kana		kana_name NOT NULL,
	family_romaji		romaji_name NOT NULL,
	given_romaji		romaji_name NOT NULL,
	birth_date		date NOT NULL CHECK (birth_date >= '1900-01-01'),
	gender			gender,
	japanese_national	boolean NOT NULL CHECK (japanese_national),
	email			email_address NOT NULL,
	phone			phone_number NOT NULL,
	postcode		postcode NOT NULL,
	prefecture		smallint NOT NULL REFERENCES prefectures (code),
	address			address_text NOT NULL,
	experience_abroad	long_text NOT NULL DEFAULT '',
	peace_experience	long_text NOT NULL DEFAULT '',
	earliest_start		date NOT NULL,
	max_months		smallint NOT NULL CHECK (max_months BETWEEN 1 AND 60),
	emergency_name		person_name NOT NULL,
	emergency_relation	name_text NOT NULL,
	emergency_phone		phone_number NOT NULL,
	expertise		expertise_set NOT NULL DEFAULT '{}',
	operations		operation_set NOT NULL,
	privacy_version		text NOT NULL REFERENCES privacy_notices (version),
	declaration		boolean NOT NULL CHECK (declaration),
	-- Width- and kana-folded keys for duplicate detection and search.
	email_key		text NOT NULL,
	kana_key		text NOT NULL,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now()
);
-- Duplicate detection takes the newest matches: id is in the index so a
-- common name costs the same as a rare one.
CREATE INDEX applications_email_key ON applications (email_key, id DESC);
CREATE INDEX applications_kana_birth ON applications (kana_key, birth_date, id DESC);
CREATE INDEX applications_created ON applications (created_at DESC, id DESC);

CREATE TABLE application_languages (
	application_id	bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	language	language_code NOT NULL,
	level		language_level NOT NULL,
	other_name	name_text,
	PRIMARY KEY (application_id, language),
	CHECK ((language = 'other') = (other_name IS NOT NULL))
);

CREATE TABLE application_cvs (
	application_id	bigint PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
	filename	text NOT NULL CHECK (char_length(filename) BETWEEN 1 AND 200),
	content		bytea NOT NULL CHECK (octet_length(content) BETWEEN 5 AND 5242880
			    AND substring(content FROM 1 FOR 5) = '\x255044462d'::bytea)
);

-- Possible duplicates, recorded for reviewers; the applicant is not blocked.
CREATE TABLE application_duplicates (
	application_id	bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	other_id	bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	reason		duplicate_reason NOT NULL,
	PRIMARY KEY (application_id, other_id, reason),
	CHECK (application_id <> other_id)
);
CREATE INDEX application_duplicates_other ON application_duplicates (other_id);

CREATE TABLE application_status_history (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	application_id	bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
	from_status	application_status,
	to_status	application_status NOT NULL,
	actor		text NOT NULL,
	reason		long_text NOT NULL DEFAULT '',
	at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX application_status_history_app ON application_status_history (application_id, at);

GRANT SELECT ON prefectures, privacy_notices TO corps_app;
GRANT SELECT, INSERT, UPDATE ON applications TO corps_app;
GRANT SELECT, INSERT ON application_languages, application_cvs, application_duplicates,
	application_status_history TO corps_app;
GRANT SELECT ON schema_migrations TO corps_app;

-- corps-fcgi prepares every statement once per connection; their plans do
-- not depend on the values, so plan them once instead of per request.
ALTER ROLE corps_app SET plan_cache_mode = force_generic_plan;

-- migrate:down

DROP TABLE application_status_history, application_duplicates, application_cvs,
	application_languages,
	applications, privacy_notices, prefectures;
DROP DOMAIN name_text, kana_name, romaji_name, phone_number, postcode,
	email_address, person_name, address_text, long_text, token_hash,
	application_reference, application_status, application_source, ui_lang,
	gender, language_code, language_level, duplicate_reason, expertise_set,
	operation_set;

#include "stmt_retention.h"

/* What replaces a name, an address or a free text when it is purged. */
#define PURGED	    "'削除済'"
#define PURGED_KANA "'サクジョズミ'"

/*
 * An application is past the period when it entered its status (rejected
 * or withdrawn: the last history row into it, else its last change)
 * before the same calendar day, in Japan, YEARS years ago.
 */
#define RETENTION_DUE                                                          \
	"SELECT a.id FROM applications a "                                     \
	"WHERE a.status IN ('rejected', 'withdrawn') "                         \
	"AND a.purged_at IS NULL "                                             \
	"AND (coalesce((SELECT max(h.at) FROM application_status_history h "   \
	"WHERE h.application_id = a.id AND h.to_status = a.status), "          \
	"a.updated_at) AT TIME ZONE " SQL_TZ ") < (SELECT cutoff FROM c) "     \
	"FOR UPDATE OF a"

#define ANY_ID "application_id = ANY(p.ids)"

const struct stmt_def stmt_retention[STMT_RETENTION__MAX] = {
	/*
	 * Locks the applications past the period and returns those to purge
	 * (without an assignment: those people are kept) with the counts
	 * of what the purge removes.
	 */
	[STMT_RETENTION_DUE] = {
		.name = "retention_due",
		.sql = "WITH c AS (SELECT ((now() AT TIME ZONE " SQL_TZ
		       ")::date - make_interval(years => $1::int))::date "
		       "AS cutoff), "
		       "d AS (" RETENTION_DUE "), "
		       "p AS (SELECT coalesce(array_agg(d.id ORDER BY d.id), "
		       "'{}') AS ids FROM d WHERE NOT EXISTS (SELECT FROM "
		       "assignments x WHERE x.application_id = d.id)) "
		       "SELECT p.ids::text, (SELECT cutoff FROM c)::text, "
		       "cardinality(p.ids), "
		       "(SELECT count(*) FROM d) - cardinality(p.ids), "
		       "(SELECT count(*) FROM application_cvs WHERE " ANY_ID "), "
		       "(SELECT count(*) FROM nomination_letters WHERE " ANY_ID
		       "), "
		       "(SELECT count(*) FROM certificate_evidence e JOIN "
		       "certificates t ON t.id = e.certificate_id WHERE t."
		       ANY_ID "), "
		       "(SELECT count(*) FROM application_notes WHERE " ANY_ID
		       "), "
		       "(SELECT count(*) FROM nomination_messages WHERE " ANY_ID
		       "), "
		       "(SELECT count(*) FROM mail_outbox WHERE " ANY_ID ") "
		       "FROM p",
		.nparams = 1,
		.ncols = RDC__MAX,
	},
	/*
	 * Purges the applications $1: their files, notes, messages and mail
	 * go, their names, contacts, address, free text, languages, skills,
	 * gender, birth date and search keys are replaced; status, dates,
	 * source, ministry, operation types and prefecture stay.  The
	 * private status link stops working.  One audit entry each.
	 */
	[STMT_RETENTION_PURGE] = {
		.name = "retention_purge",
		.sql = "WITH p AS (SELECT $1::bigint[] AS ids), "
		       "cv AS (DELETE FROM application_cvs USING p WHERE "
		       ANY_ID "), "
		       "lt AS (DELETE FROM nomination_letters USING p WHERE "
		       ANY_ID "), "
		       "ev AS (DELETE FROM certificate_evidence e USING "
		       "certificates t, p WHERE t.id = e.certificate_id "
		       "AND t." ANY_ID "), "
		       "nt AS (DELETE FROM application_notes USING p WHERE "
		       ANY_ID "), "
		       "ms AS (DELETE FROM nomination_messages USING p WHERE "
		       ANY_ID "), "
		       "mo AS (DELETE FROM mail_outbox USING p WHERE " ANY_ID
		       "), "
		       "hi AS (UPDATE application_status_history SET reason = "
		       PURGED " FROM p WHERE " ANY_ID " AND reason <> ''), "
		       "iq AS (UPDATE inquiries SET note = '' FROM p WHERE "
		       ANY_ID "), "
		       "nm AS (UPDATE nominations SET department = " PURGED
		       ", post = " PURGED ", grade = " PURGED
		       ", supervisor_name = " PURGED ", supervisor_title = "
		       PURGED " FROM p WHERE " ANY_ID "), "
		       "a AS (UPDATE applications a SET "
		       "family_kanji = " PURGED ", given_kanji = " PURGED ", "
		       "family_kana = " PURGED_KANA ", given_kana = "
		       PURGED_KANA ", family_romaji = 'PURGED', "
		       "given_romaji = 'PURGED', birth_date = '1900-01-01', "
		       "gender = NULL, email = 'purged@invalid', "
		       "phone = '0000000000', "
		       "postcode = CASE WHEN postcode IS NOT NULL "
		       "THEN '0000000' END, "
		       "address = CASE WHEN address IS NOT NULL THEN " PURGED
		       " END, experience_abroad = '', peace_experience = '', "
		       "emergency_name = CASE WHEN emergency_name IS NOT NULL "
		       "THEN " PURGED " END, "
		       "emergency_relation = CASE WHEN emergency_relation "
		       "IS NOT NULL THEN " PURGED " END, "
		       "emergency_phone = CASE WHEN emergency_phone IS NOT NULL "
		       "THEN '0000000000' END, "
		       "expertise = '{}', languages = '{}', "
		       "language_other = NULL, "
		       "status_token_hash = CASE WHEN status_token_hash IS NOT "
		       "NULL THEN sha256(convert_to(gen_random_uuid()::text, "
		       "'UTF8')) END, "
		       "email_key = 'purged:' || a.id, "
		       "kana_key = 'purged:' || a.id, search_key = '', "
		       "purged_at = now() FROM p WHERE a.id = ANY(p.ids) "
		       "AND a.purged_at IS NULL RETURNING a.id, a.reference, a.status) "
		       "INSERT INTO audit_log (login, action, object_type, "
		       "object_id, after) SELECT 'corps-admin', "
		       "'application.purge', 'application', a.id::text, "
		       "jsonb_build_object('reference', a.reference, "
		       "'status', a.status, "
		       "'older_than_years', $2::int) FROM a "
		       "RETURNING after->>'reference'",
		.nparams = RPP__MAX,
		.ncols = 1,
	},
	/*
	 * Everything held about the application $1 (a reference) as one
	 * JSON document, files apart (STMT_RETENTION_FILES); the token
	 * hashes and the derived search keys are no one's data.
	 */
	[STMT_RETENTION_EXPORT] = {
		.name = "retention_export",
		.sql = "SELECT jsonb_build_object("
		       "'application', to_jsonb(a) - 'form_token_hash' - "
		       "'status_token_hash' - 'email_key' - 'kana_key' - "
		       "'search_key', "
		       "'status_history', (SELECT coalesce(jsonb_agg(to_jsonb(h) "
		       "- 'application_id' ORDER BY h.at, h.id), '[]') FROM "
		       "application_status_history h WHERE h.application_id = "
		       "a.id), "
		       "'notes', (SELECT coalesce(jsonb_agg(to_jsonb(n) - "
		       "'application_id' ORDER BY n.at, n.id), '[]') FROM "
		       "application_notes n WHERE n.application_id = a.id), "
		       "'nomination', (SELECT to_jsonb(n) - 'application_id' "
		       "FROM nominations n WHERE n.application_id = a.id), "
		       "'nomination_messages', (SELECT coalesce(jsonb_agg("
		       "to_jsonb(m) - 'application_id' ORDER BY m.at, m.id), "
		       "'[]') FROM nomination_messages m WHERE m.application_id "
		       "= a.id), "
		       "'enrolments', (SELECT coalesce(jsonb_agg(to_jsonb(e) - "
		       "'application_id' ORDER BY e.id), '[]') FROM enrolments e "
		       "WHERE e.application_id = a.id), "
		       "'certificates', (SELECT coalesce(jsonb_agg(to_jsonb(t) - "
		       "'application_id' ORDER BY t.id), '[]') FROM certificates "
		       "t WHERE t.application_id = a.id), "
		       "'assignments', (SELECT coalesce(jsonb_agg(to_jsonb(x) - "
		       "'application_id' ORDER BY x.id), '[]') FROM assignments "
		       "x WHERE x.application_id = a.id), "
		       "'inquiries', (SELECT coalesce(jsonb_agg(to_jsonb(q) - "
		       "'application_id' ORDER BY q.id), '[]') FROM inquiries q "
		       "WHERE q.application_id = a.id), "
		       "'mail', (SELECT coalesce(jsonb_agg(to_jsonb(o) - "
		       "'application_id' ORDER BY o.id), '[]') FROM mail_outbox "
		       "o WHERE o.application_id = a.id), "
		       "'audit', (SELECT coalesce(jsonb_agg(to_jsonb(l) "
		       "ORDER BY l.at, l.id), '[]') FROM audit_log l WHERE "
		       "l.object_type = 'application' AND l.object_id = "
		       "a.id::text))::text "
		       "FROM applications a WHERE a.reference = $1::text",
		.nparams = 1,
		.ncols = 1,
	},
	/* The files of the application $1 (a reference): CV, letter, evidence. */
	[STMT_RETENTION_FILES] = {
		.name = "retention_files",
		.sql = "SELECT 'cv'::text, ''::text, f.filename, f.content "
		       "FROM application_cvs f JOIN applications a "
		       "ON a.id = f.application_id WHERE a.reference = $1::text "
		       "UNION ALL SELECT 'letter', '', f.filename, f.content "
		       "FROM nomination_letters f JOIN applications a "
		       "ON a.id = f.application_id WHERE a.reference = $1::text "
		       "UNION ALL SELECT 'evidence', t.id::text, f.filename, "
		       "f.content FROM certificate_evidence f JOIN certificates "
		       "t ON t.id = f.certificate_id JOIN applications a "
		       "ON a.id = t.application_id WHERE a.reference = $1::text",
		.nparams = 1,
		.ncols = RFC__MAX,
	},
};

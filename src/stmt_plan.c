/*
 * Implementation plans (page_plan.c, page_plan_show.c,
 * page_plan_action.c).  Texts with a Japanese and an English version
 * come in the request's language ($lang: 'en' or else Japanese).
 */
#include "stmt_plan.h"

/* A date as the pages show it. */
#define SQL_DAY(d) "to_char(" d ", 'YYYY-MM-DD')"

/* A period [s, e] of a daterange as "s – e" (its upper end is open). */
#define SQL_PERIOD(r)                                                          \
	"CASE WHEN " r " IS NOT NULL THEN " SQL_DAY(                           \
	    "lower(" r ")") " || ' – ' || " SQL_DAY("upper(" r ") - 1") " END"

/* Open assignments: those that hold a place and can still change. */
#define SQL_OPEN "('proposed', 'confirmed', 'dispatched')"

/* Today in Japan. */
#define SQL_TODAY "(now() AT TIME ZONE " SQL_TZ ")::date"

/* The people of training_status ts wishing to join operation type op. */
#define SQL_READY_FOR(op)                                                      \
	"count(*) FILTER (WHERE '" op "' = ANY(ts.operations)) AS " op

/* A plan's title and country's name in the language $1. */
#define SQL_TITLE_COUNTRY                                                      \
	"CASE WHEN $1 = 'en' THEN p.title_en ELSE p.title_ja END, "            \
	"CASE WHEN $1 = 'en' THEN c.name_en ELSE c.name_ja END"

const struct stmt_def stmt_plan[STMT_PLAN__MAX] = {
	/*
	 * /plans: a page of plans, latest start first, keyset on
	 * (starts_on, id) so that any page reads its 51 rows by the index
	 * plans_status or the table's few hundred rows.  The period filter
	 * keeps plans that overlap [from, to].
	 */
	[STMT_PLAN_LIST] = {
		.name = "plan_list",
		.sql = "SELECT p.id, CASE WHEN $8 = 'en' THEN p.title_en "
		       "ELSE p.title_ja END, p.operation, CASE WHEN $8 = 'en' "
		       "THEN c.name_en ELSE c.name_ja END, " SQL_DAY("p.starts_on")
		       ", " SQL_DAY("p.ends_on") ", p.status "
		       "FROM plans p JOIN countries c ON c.code = p.country "
		       "WHERE ($1::text IS NULL OR p.status = $1) "
		       "AND ($2::text IS NULL OR p.operation = $2) "
		       "AND ($3::text IS NULL OR p.country = $3) "
		       "AND ($4::date IS NULL OR p.ends_on >= $4) "
		       "AND ($5::date IS NULL OR p.starts_on <= $5) "
		       "AND ($6::date IS NULL OR (p.starts_on, p.id) < "
		       "($6::date, $7::bigint)) "
		       "ORDER BY p.starts_on DESC, p.id DESC LIMIT 51",
		.nparams = PLP__MAX,
		.ncols = PLC__MAX,
	},
	/*
	 * The countries for a select, by name in the language: in the
	 * Japanese collation, so that kana names come in gojūon order (it
	 * orders Latin names as English does).
	 */
	[STMT_PLAN_COUNTRIES] = {
		.name = "plan_countries",
		.sql = "SELECT code, n FROM countries, LATERAL (SELECT "
		       "CASE WHEN $1 = 'en' THEN name_en ELSE name_ja END "
		       "AS n) l ORDER BY n COLLATE \"ja-x-icu\", code",
		.nparams = 1,
		.ncols = PCC__MAX,
	},
	/* A new plan, in draft (its history's first row by the trigger). */
	[STMT_PLAN_INSERT] = {
		.name = "plan_insert",
		.sql = "INSERT INTO plans (title_ja, title_en, operation, "
		       "country, area, basis, basis_detail, mandate_ja, "
		       "mandate_en, cabinet_decision_on, starts_on, ends_on, "
		       "changed_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
		       "$10, $11, $12, $13) RETURNING id",
		.nparams = PIP__MAX,
		.ncols = 1,
	},
	/*
	 * A plan's audited state, locked until the change's transaction
	 * ends (audit_before).
	 */
	[STMT_PLAN_STATE] = {
		.name = "plan_state",
		.sql = "SELECT jsonb_build_object('title_ja', title_ja, "
		       "'title_en', title_en, 'operation', operation, "
		       "'country', country, 'area', area, 'basis', basis, "
		       "'basis_detail', basis_detail, 'mandate_ja', mandate_ja, "
		       "'mandate_en', mandate_en, 'cabinet_decision_on', "
		       SQL_DAY("cabinet_decision_on") ", 'starts_on', "
		       SQL_DAY("starts_on") ", 'ends_on', " SQL_DAY("ends_on")
		       ", 'status', status, 'version', version) "
		       "FROM plans WHERE id = $1 FOR UPDATE",
		.nparams = 1,
		.ncols = 1,
	},
	/*
	 * A plan as its page shows it, as one JSON object (empty texts
	 * left out, so that the template leaves out their lines).
	 */
	[STMT_PLAN_VIEW] = {
		.name = "plan_view",
		.sql = "SELECT jsonb_build_object('id', p.id, 'title_ja', "
		       "p.title_ja, 'title_en', p.title_en, 'title', CASE WHEN "
		       "$2 = 'en' THEN p.title_en ELSE p.title_ja END, "
		       "'operation', p.operation, 'country', p.country, "
		       "'country_name', CASE WHEN $2 = 'en' THEN c.name_en "
		       "ELSE c.name_ja END, 'area', nullif(p.area, ''), "
		       "'basis', p.basis, 'basis_detail', p.basis_detail, "
		       "'mandate_ja', nullif(p.mandate_ja, ''), 'mandate_en', "
		       "nullif(p.mandate_en, ''), "
		       "'cabinet_decision_on', " SQL_DAY("p.cabinet_decision_on")
		       ", 'starts_on', " SQL_DAY("p.starts_on") ", 'ends_on', "
		       SQL_DAY("p.ends_on") ", 'status', p.status, "
		       "'resumes_to', p.resumes_to) "
		       "FROM plans p JOIN countries c ON c.code = p.country "
		       "WHERE p.id = $1",
		.nparams = 2,
		.ncols = 1,
	},
	/* Corrects a plan's texts and basis. */
	[STMT_PLAN_UPDATE] = {
		.name = "plan_update",
		.sql = "UPDATE plans SET title_ja = $2, title_en = $3, "
		       "area = $4, basis = $5, basis_detail = $6, "
		       "mandate_ja = $7, mandate_en = $8, changed_by = $9, "
		       "change_reason = '' WHERE id = $1",
		.nparams = PUP__MAX,
		.ncols = 0,
	},
	/*
	 * Moves a plan from one status to another (none if it has moved
	 * meanwhile); the triggers refuse what the rules do not allow,
	 * write the history and, on termination, end the open assignments
	 * and queue the people's mail.
	 */
	[STMT_PLAN_STATUS] = {
		.name = "plan_status",
		.sql = "UPDATE plans SET status = $3, changed_by = $4, "
		       "change_reason = $5 WHERE id = $1 AND status = $2 "
		       "RETURNING status",
		.nparams = PSP__MAX,
		.ncols = 1,
	},
	/* An amendment of the period, with its Cabinet decision. */
	[STMT_PLAN_AMEND] = {
		.name = "plan_amend",
		.sql = "UPDATE plans SET starts_on = $2, ends_on = $3, "
		       "cabinet_decision_on = $4, changed_by = $5, "
		       "change_reason = $6 WHERE id = $1",
		.nparams = PAP__MAX,
		.ncols = 0,
	},
	/*
	 * What keeps a plan from the period [$2, $3]: its positions and
	 * open assignments outside it.
	 */
	[STMT_PLAN_OUTSIDE] = {
		.name = "plan_outside",
		.sql = "SELECT 'position', pos.id, CASE WHEN $4 = 'en' THEN "
		       "pos.title_en ELSE pos.title_ja END, '', "
		       SQL_DAY("pos.starts_on") ", " SQL_DAY("pos.ends_on")
		       " FROM positions pos WHERE pos.plan_id = $1 "
		       "AND (pos.starts_on < $2::date OR pos.ends_on > $3::date) "
		       "UNION ALL SELECT 'assignment', a.id, CASE WHEN $4 = 'en' "
		       "THEN pos.title_en ELSE pos.title_ja END, ap.reference "
		       "|| ' ' || ap.family_kanji || ' ' || ap.given_kanji, "
		       SQL_DAY("a.starts_on") ", " SQL_DAY("a.ends_on")
		       " FROM assignments a JOIN positions pos "
		       "ON pos.id = a.position_id JOIN applications ap "
		       "ON ap.id = a.application_id WHERE a.plan_id = $1 "
		       "AND a.status IN " SQL_OPEN " AND (a.starts_on < $2::date "
		       "OR a.ends_on > $3::date) ORDER BY 1 DESC, 5, 2",
		.nparams = 4,
		.ncols = POC__MAX,
	},
	/* The five principles and what the plan records of each. */
	[STMT_PLAN_PRINCIPLES] = {
		.name = "plan_principles",
		.sql = "SELECT pr.no, CASE WHEN $2 = 'en' THEN pr.name_en "
		       "ELSE pr.name_ja END, pp.satisfied, "
		       SQL_DAY("pp.confirmed_on") ", coalesce(pp.evidence, ''), "
		       "coalesce(s.login, '') FROM principles pr "
		       "LEFT JOIN plan_principles pp ON pp.plan_id = $1 "
		       "AND pp.principle = pr.no LEFT JOIN staff_accounts s "
		       "ON s.id = pp.confirmed_by ORDER BY pr.no",
		.nparams = 2,
		.ncols = PPC__MAX,
	},
	/*
	 * A principle's audited state ({} when not yet recorded); the
	 * plan's row is locked first, as the principles' trigger locks it.
	 */
	[STMT_PLAN_PRINCIPLE_STATE] = {
		.name = "plan_principle_state",
		.sql = "SELECT coalesce((SELECT jsonb_build_object('satisfied', "
		       "satisfied, 'confirmed_on', " SQL_DAY("confirmed_on")
		       ", 'evidence', evidence) FROM plan_principles "
		       "WHERE plan_id = p.id AND principle = $2::smallint), "
		       "'{}') || jsonb_build_object('plan_status', p.status) "
		       "FROM plans p WHERE p.id = $1 FOR UPDATE",
		.nparams = 2,
		.ncols = 1,
	},
	/*
	 * Records a principle; the trigger suspends an approved or running
	 * plan when it no longer holds and lifts a suspension when all five
	 * hold again.  Returns the plan's status after.
	 */
	[STMT_PLAN_PRINCIPLE_SET] = {
		.name = "plan_principle_set",
		.sql = "WITH s AS (INSERT INTO plan_principles (plan_id, "
		       "principle, satisfied, confirmed_on, evidence, "
		       "confirmed_by) VALUES ($1, $2, $3, $4, $5, $6) "
		       "ON CONFLICT (plan_id, principle) DO UPDATE SET "
		       "satisfied = excluded.satisfied, confirmed_on = "
		       "excluded.confirmed_on, evidence = excluded.evidence, "
		       "confirmed_by = excluded.confirmed_by, updated_at = now() "
		       "RETURNING plan_id) SELECT count(*) FROM s",
		.nparams = PRP__MAX,
		.ncols = 1,
	},
	/* A plan's positions with their open assignments. */
	[STMT_PLAN_POSITIONS] = {
		.name = "plan_positions",
		.sql = "SELECT pos.id, CASE WHEN $2 = 'en' THEN pos.title_en "
		       "ELSE pos.title_ja END, pos.duty_station, "
		       SQL_DAY("pos.starts_on") ", " SQL_DAY("pos.ends_on")
		       ", pos.headcount, (SELECT count(*) FROM assignments a "
		       "WHERE a.position_id = pos.id AND a.status IN " SQL_OPEN
		       ") FROM positions pos WHERE pos.plan_id = $1 "
		       "ORDER BY pos.starts_on, pos.id",
		.nparams = 2,
		.ncols = PPO__MAX,
	},
	/* A plan's roster: every assignment, by position and start. */
	[STMT_PLAN_ROSTER] = {
		.name = "plan_roster",
		.sql = "SELECT ap.id, ap.reference, ap.family_kanji || ' ' || "
		       "ap.given_kanji, CASE WHEN $2 = 'en' THEN pos.title_en "
		       "ELSE pos.title_ja END, " SQL_DAY("a.starts_on") ", "
		       SQL_DAY("a.ends_on") ", a.status FROM assignments a "
		       "JOIN positions pos ON pos.id = a.position_id "
		       "JOIN applications ap ON ap.id = a.application_id "
		       "WHERE a.plan_id = $1 ORDER BY pos.starts_on, pos.id, "
		       "a.starts_on, a.id",
		.nparams = 2,
		.ncols = PRC__MAX,
	},
	/* A plan's history, oldest first, in Japan time. */
	[STMT_PLAN_HISTORY] = {
		.name = "plan_history",
		.sql = "SELECT to_char(h.at AT TIME ZONE " SQL_TZ ", "
		       "'YYYY-MM-DD HH24:MI'), coalesce(s.login, ''), "
		       "coalesce(h.from_status, ''), h.to_status, "
		       "coalesce(" SQL_PERIOD("h.old_period") ", ''), "
		       "coalesce(" SQL_PERIOD("h.new_period") ", ''), "
		       "coalesce(" SQL_DAY("h.cabinet_decision_on") ", ''), "
		       "h.reason FROM plan_history h LEFT JOIN staff_accounts s "
		       "ON s.id = h.account_id WHERE h.plan_id = $1 "
		       "ORDER BY h.at, h.id",
		.nparams = 1,
		.ncols = PHC__MAX,
	},
	/*
	 * The principles recorded as no longer satisfied of a suspended
	 * plan (none for a plan that is not suspended): its banner's.
	 */
	[STMT_PLAN_LAPSED] = {
		.name = "plan_lapsed",
		.sql = "SELECT pr.no, CASE WHEN $2 = 'en' THEN pr.name_en "
		       "ELSE pr.name_ja END, " SQL_DAY("pp.confirmed_on")
		       " FROM plans p JOIN plan_principles pp "
		       "ON pp.plan_id = p.id AND NOT pp.satisfied "
		       "JOIN principles pr ON pr.no = pp.principle "
		       "WHERE p.id = $1 AND p.status = 'suspended' "
		       "ORDER BY pr.no",
		.nparams = 2,
		.ncols = PLA__MAX,
	},
	/*
	 * The dashboard: people dispatched now per plan, and per country
	 * (dispatched assignments are few: the index on their position and
	 * status is not needed for a few ten thousand rows).
	 */
	[STMT_PLAN_DEPLOYED] = {
		.name = "plan_deployed",
		.sql = "WITH d(id, title, country, n) AS (SELECT p.id, "
		       SQL_TITLE_COUNTRY ", count(*) FROM assignments a "
		       "JOIN plans p ON p.id = a.plan_id "
		       "JOIN countries c ON c.code = p.country "
		       "WHERE a.status = 'dispatched' GROUP BY p.id, c.code) "
		       "SELECT 'plan', id::text, title, country, n FROM d "
		       "UNION ALL SELECT 'country', '', '', country, sum(n) "
		       "FROM d GROUP BY country ORDER BY 1 DESC, 5 DESC, 4, 2",
		.nparams = 1,
		.ncols = PDC__MAX,
	},
	/*
	 * The dashboard: per operation type, the places still open in the
	 * positions of approved and running plans that have not ended, and
	 * the people ready for it: accepted, wishing to join that type,
	 * holding today a valid certificate of every course that a type
	 * they wish to join requires (the training filter's "ready", from
	 * its summary training_status), and with no open assignment that
	 * has not ended.  The people come from the summary alone, which
	 * copies each one's operation types: the dashboard never reads the
	 * applications.  One pass over the ready people (an index-only scan
	 * of training_status_ready_operations, the open assignments from
	 * assignments_open_end) counts each type with a filter, serially
	 * (the summary takes no parallel workers): unnesting the types
	 * made 28,000 rows of 17,000 people at a million applications, and
	 * the planner, taking ten types a person, ran it in parallel: 16-18
	 * ms against 8 (deploy/BENCHMARKS.md).
	 */
	[STMT_PLAN_OPEN_READY] = {
		.name = "plan_open_ready",
		.sql = "WITH o AS (SELECT p.operation AS op, sum(greatest("
		       "pos.headcount - (SELECT count(*) FROM assignments a "
		       "WHERE a.position_id = pos.id AND a.status IN " SQL_OPEN
		       "), 0)) AS n FROM positions pos JOIN plans p "
		       "ON p.id = pos.plan_id WHERE p.status IN ('approved', "
		       "'in_progress') AND pos.ends_on >= " SQL_TODAY
		       " GROUP BY 1), c AS (SELECT " SQL_READY_FOR("pko") ", "
		       SQL_READY_FOR("icops") ", " SQL_READY_FOR("relief") ", "
		       SQL_READY_FOR("election") " FROM training_status ts "
		       "WHERE ts.ready_until >= " SQL_TODAY
		       " AND NOT EXISTS (SELECT FROM assignments a WHERE "
		       "a.application_id = ts.application_id AND a.status IN " SQL_OPEN
		       " AND a.ends_on >= " SQL_TODAY "))"
		       ", r AS (SELECT v.op, v.n FROM c, LATERAL (VALUES "
		       "('pko', c.pko), ('icops', c.icops), ('relief', c.relief), "
		       "('election', c.election)) v(op, n)) "
		       "SELECT coalesce(o.op, r.op), coalesce(o.n, 0), "
		       "coalesce(r.n, 0) FROM o FULL JOIN r ON r.op = o.op",
		.nparams = 0,
		.ncols = POR__MAX,
	},
	/* The dashboard: suspended plans, the latest suspension first. */
	[STMT_PLAN_SUSPENDED] = {
		.name = "plan_suspended",
		.sql = "SELECT p.id, " SQL_TITLE_COUNTRY ", (SELECT "
		       "to_char(max(h.at) AT TIME ZONE " SQL_TZ ", 'YYYY-MM-DD') "
		       "FROM plan_history h WHERE h.plan_id = p.id "
		       "AND h.to_status = 'suspended') AS since FROM plans p "
		       "JOIN countries c ON c.code = p.country "
		       "WHERE p.status = 'suspended' ORDER BY since DESC, p.id",
		.nparams = 1,
		.ncols = PSC__MAX,
	},
};

// Least privilege: the application's role corps_app may read, insert,
// update and delete exactly what its statements use (src/stmt_*.c), column
// by column; anything else it tries is refused with 42501.  A new table,
// or a statement that writes another column, comes with a migration
// granting it and a line here.  The mailer's role corps_mailer may only
// read the outbox and its key and record what became of a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { sql1, sqlRows } from './lib.mjs';

const ALL = 'all';

// What corps_app may do, per table or view: the columns it may select,
// insert and update (ALL: every one), and whether it may delete rows.
const granted = {
	application_count_events: { select: ALL, insert: ALL, delete: true },
	application_counts: { select: ALL, insert: ALL, update: ['n'] },
	application_cvs: { select: ALL, insert: ALL },
	application_duplicates: { select: ALL },
	application_history: { select: ALL },
	application_notes: { select: ALL, insert: ALL },
	application_status_history: { insert: ALL },
	application_transitions: { select: ALL },
	applications: { select: ALL, insert: ALL,
	    update: ['mail_opt_out', 'status', 'status_token_hash',
	    'updated_at', 'version'] },
	assignment_transitions: { select: ALL },
	assignments: { select: ALL, insert: ['acknowledged', 'application_id',
	    'assigned_by', 'ends_on', 'position_id', 'starts_on'],
	    update: ['acknowledged', 'debrief', 'end_reason', 'ended_on',
	    'ends_on', 'returned_on', 'starts_on', 'status', 'status_by'] },
	audit_log: { select: ALL, insert: ALL },
	certificate_evidence: { select: ALL, insert: ALL },
	certificates: { select: ALL, insert: ['application_id', 'completed_on',
	    'course_id', 'recorded_by', 'validity_months'] },
	countries: { select: ALL },
	courses: { select: ALL, insert: ['code', 'delivery', 'description_en',
	    'description_ja', 'hours', 'pass_mark', 'required_for', 'title_en',
	    'title_ja', 'validity_months'], update: ['delivery',
	    'description_en', 'description_ja', 'hours', 'pass_mark',
	    'required_for', 'retired_at', 'title_en', 'title_ja', 'updated_at',
	    'validity_months'], delete: true },
	enrolments: { select: ALL, update: ['attendance', 'completed_on',
	    'end_reason', 'ended_at', 'response', 'result', 'score', 'state'] },
	login_throttle: { select: ALL, insert: ALL,
	    update: ['failures', 'last_failure'], delete: true },
	inquiries: { select: ALL, insert: ['application_id', 'asked_by',
	    'position_id'], update: ['answer', 'answered_at', 'note'] },
	lost_link_throttle: { select: ALL, insert: ALL,
	    update: ['requests', 'since'], delete: true },
	mail_key: {},
	mail_outbox: { select: ['attempts', 'created_at', 'id', 'kind',
	    'last_error', 'next_attempt_at', 'recipient', 'sent_at', 'state'],
	    insert: ['application_id', 'data', 'kind', 'lang', 'recipient'],
	    update: ['attempts', 'last_error', 'next_attempt_at', 'state'] },
	ministries: { select: ALL, insert: ALL, update: ['name_en', 'name_ja'] },
	nomination_letters: { select: ALL, insert: ALL },
	nomination_messages: { select: ALL, insert: ALL },
	nominations: { select: ALL, insert: ALL },
	plan_history: { select: ALL },
	plan_principles: { select: ALL, insert: ['confirmed_by', 'confirmed_on',
	    'evidence', 'plan_id', 'principle', 'satisfied'],
	    update: ['confirmed_by', 'confirmed_on', 'evidence', 'satisfied',
	    'updated_at'] },
	plan_transitions: { select: ALL },
	plans: { select: ALL, insert: ['area', 'basis', 'basis_detail',
	    'cabinet_decision_on', 'change_reason', 'changed_by', 'country',
	    'ends_on', 'mandate_en', 'mandate_ja', 'operation', 'starts_on',
	    'title_en', 'title_ja'], update: ['area', 'basis', 'basis_detail',
	    'cabinet_decision_on', 'change_reason', 'changed_by', 'ends_on',
	    'mandate_en', 'mandate_ja', 'starts_on', 'status', 'title_en',
	    'title_ja'] },
	position_courses: { select: ALL, insert: ALL, delete: true },
	positions: { select: ALL, insert: ['duty_station', 'ends_on',
	    'expertise', 'headcount', 'languages', 'plan_id', 'starts_on',
	    'title_en', 'title_ja'], update: ['duty_station', 'ends_on',
	    'expertise', 'headcount', 'languages', 'starts_on', 'title_en',
	    'title_ja'] },
	prefectures: {},
	principles: { select: ALL },
	privacy_notices: { select: ALL },
	retired_status_tokens: { select: ALL, insert: ALL },
	schema_migrations: { select: ALL },
	session_transitions: { select: ALL },
	staff_accounts: { select: ALL,
	    insert: ['email', 'lang', 'login', 'ministry', 'password_hash',
		'role'],
	    update: ['disabled_at', 'password_hash', 'updated_at'] },
	staff_sessions: { select: ALL, insert: ALL, update: ['last_seen'],
	    delete: true },
	training_status: { select: ALL },
	training_sessions: { select: ALL, insert: ['capacity', 'course_id',
	    'ends_at', 'instructor_id', 'lang', 'place', 'starts_at'],
	    update: ['cancel_reason', 'capacity', 'ends_at', 'instructor_id',
	    'lang', 'place', 'starts_at', 'status'] },
};

// The columns of a table or view with the privilege flag set, as ALL,
// a sorted list, or undefined for none.
function columnsWith(cols, flag) {
	const yes = cols.filter((c) => c[flag]).map((c) => c.name).sort();
	if (yes.length === 0)
		return undefined;
	return yes.length === cols.length ? ALL : yes;
}

// What corps_mailer may do: nothing but on these two tables.
const mailerGranted = {
	mail_key: { select: ALL },
	mail_outbox: { select: ALL, update: ['attempts', 'data', 'last_error',
	    'next_attempt_at', 'sent_at', 'state'] },
};

// The privileges role holds on every table and view, in granted's form.
function privileges(role) {
	const rows = sqlRows(`SELECT c.relname, a.attname,
	    has_column_privilege(:'r', c.oid, a.attnum, 'SELECT'),
	    has_column_privilege(:'r', c.oid, a.attnum, 'INSERT'),
	    has_column_privilege(:'r', c.oid, a.attnum, 'UPDATE'),
	    has_column_privilege(:'r', c.oid, a.attnum, 'REFERENCES'),
	    has_table_privilege(:'r', c.oid, 'DELETE'),
	    has_table_privilege(:'r', c.oid, 'TRUNCATE, TRIGGER')
	    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	    JOIN pg_attribute a ON a.attrelid = c.oid
	    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p')
	    AND a.attnum > 0 AND NOT a.attisdropped`, { r: role });
	const tables = {};
	for (const [t, name, sel, ins, upd, ref, del, other] of rows) {
		tables[t] ??= { cols: [], delete: del === 't',
		    other: other === 't' };
		tables[t].cols.push({ name, select: sel === 't',
		    insert: ins === 't', update: upd === 't',
		    references: ref === 't' });
	}
	const actual = {};
	for (const [t, { cols, delete: del, other }] of Object.entries(tables)) {
		const p = {};
		for (const flag of ['select', 'insert', 'update', 'references'])
			if (columnsWith(cols, flag) !== undefined)
				p[flag] = columnsWith(cols, flag);
		if (del)
			p.delete = true;
		if (other)
			p.truncateOrTrigger = true;
		actual[t] = p;
	}
	return actual;
}

test('corps_app holds exactly the privileges its statements need', () => {
	assert.deepEqual(privileges('corps_app'), granted);
});

test('corps_mailer may only read the outbox and record its rows', () => {
	const expected = Object.fromEntries(Object.keys(granted)
	    .map((t) => [t, mailerGranted[t] ?? {}]));
	assert.deepEqual(privileges('corps_mailer'), expected);
});

// Tries, as corps_app in a transaction that is rolled back, an UPDATE of
// each column of table (no row changes: WHERE false still checks the
// privilege).  Returns {column: 'ok' or the SQLSTATE}.
function tryUpdates(table) {
	const cols = sqlRows(`SELECT attname FROM pg_attribute WHERE attrelid =
	    :'t'::regclass AND attnum > 0 AND NOT attisdropped`, { t: table })
	    .map(([c]) => c);
	// psql variables do not reach into the DO block: settings carry them.
	const out = sql1(`BEGIN;
	    SELECT set_config('corps.test_table', :'t', true),
		set_config('corps.test_cols', :'c', true) \\g /dev/null
	    SET LOCAL ROLE corps_app;
	    DO $$
	    DECLARE
		c text;
		res text := '';
	    BEGIN
		FOREACH c IN ARRAY string_to_array(
		    current_setting('corps.test_cols'), ',') LOOP
			BEGIN
				EXECUTE format('UPDATE %I SET %I = DEFAULT ' ||
				    'WHERE false', current_setting(
				    'corps.test_table'), c);
				res := res || c || '=ok,';
			EXCEPTION WHEN OTHERS THEN
				res := res || c || '=' || SQLSTATE || ',';
			END;
		END LOOP;
		PERFORM set_config('corps.test_out', res, true);
	    END $$;
	    SELECT current_setting('corps.test_out');
	    ROLLBACK;`, { t: table, c: cols.join(',') });
	return Object.fromEntries(out.split(',').filter(Boolean)
	    .map((kv) => kv.split('=')));
}

test('corps_app is refused every column it does not write', () => {
	const tables = Object.keys(granted)
	    .filter((t) => Array.isArray(granted[t].update));
	assert.ok(tables.length >= 15, tables.join());
	for (const table of tables) {
		const tried = tryUpdates(table);
		assert.ok(Object.keys(tried).length > 1, table);
		const expected = {};
		for (const c of Object.keys(tried))
			expected[c] = granted[table].update.includes(c) ? 'ok'
			    : '42501';
		assert.deepEqual(tried, expected, table);
	}
});

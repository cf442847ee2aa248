// The rules of implementation plans that the database keeps (issue 15),
// issued as corps_app the way a page's statement would be, with no page's
// checks in front: the Five Principles gate and suspension, every refusal
// of an assignment, the warnings that must be acknowledged, termination,
// and the headcount and overlaps under concurrency.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { sql1, sqlRows, submitValid, validFields } from './lib.mjs';
import { acceptedPeople, makeCourse, race } from './training.mjs';

// Plans lie two years ahead, after any form's earliest start.
const Y = new Date().getFullYear() + 2;

// Runs query as corps_app in its own transaction.  Returns its rows.
function asApp(query, vars = {}) {
	return sqlRows(`BEGIN; SET LOCAL ROLE corps_app;\n${query};\nCOMMIT;`,
	    vars);
}

// The error a statement run as corps_app fails with.
function refusal(query, vars = {}) {
	try {
		asApp(query, vars);
	} catch (e) {
		return String(e.stderr ?? e.message);
	}
	assert.fail(`not refused: ${query}`);
}

// A plan from start to end (dates), in status draft.  Returns its id.
function makePlan(start = `${Y}-01-01`, end = `${Y}-12-31`) {
	return sql1(`INSERT INTO plans (title_ja, title_en, operation, country,
	    basis, basis_detail, cabinet_decision_on, starts_on, ends_on)
	    VALUES ('南スーダン派遣', 'South Sudan', 'pko', 'SS',
	    'unsc_resolution', 'S/RES/1996 (2011)', '${Y - 1}-11-01', :'s', :'e')
	    RETURNING id`, { s: start, e: end });
}

// Records principle no of plan as satisfied or not.
function principle(plan, no, satisfied = true) {
	asApp(`INSERT INTO plan_principles (plan_id, principle, satisfied,
	    confirmed_on) VALUES (:'p', :'n', :'s', current_date)
	    ON CONFLICT (plan_id, principle) DO UPDATE SET
	    satisfied = excluded.satisfied`, { p: plan, n: no, s: satisfied });
}

// An approved plan with one position of headcount n.  Returns
// {plan, position}.
function approvedPosition(n = 2, courses = []) {
	const plan = makePlan();
	for (let no = 1; no <= 5; no++)
		principle(plan, no);
	asApp(`UPDATE plans SET status = 'approved' WHERE id = :'p'`,
	    { p: plan });
	const position = sql1(`INSERT INTO positions (plan_id, title_ja,
	    title_en, duty_station, headcount, starts_on, ends_on)
	    VALUES (:'p', '選挙監視要員', 'Election observer', 'Juba', :'n',
	    '${Y}-02-01', '${Y}-10-31') RETURNING id`, { p: plan, n });
	for (const c of courses)
		sqlRows(`INSERT INTO position_courses VALUES (:'p', :'c')`,
		    { p: position, c });
	return { plan, position };
}

const assign = (position, person, s = `${Y}-03-01`, e = `${Y}-05-31`,
    ack = '{}') => `INSERT INTO assignments (position_id, application_id,
    starts_on, ends_on, acknowledged) VALUES (${Number(position)},
    ${Number(person)}, '${s}', '${e}', '${ack}') RETURNING id`;

test('a plan is approved only with all five principles satisfied', () => {
	const plan = makePlan();
	for (let no = 1; no <= 4; no++)
		principle(plan, no);
	assert.match(refusal(`UPDATE plans SET status = 'approved'
	    WHERE id = :'p'`, { p: plan }), /five principles/);
	principle(plan, 5, false);
	assert.match(refusal(`UPDATE plans SET status = 'approved'
	    WHERE id = :'p'`, { p: plan }), /five principles/);
	principle(plan, 5);
	asApp(`UPDATE plans SET status = 'approved' WHERE id = :'p'`,
	    { p: plan });
	assert.match(refusal(`UPDATE plans SET status = 'completed'
	    WHERE id = :'p'`, { p: plan }), /not allowed/);
	assert.deepEqual(sqlRows(`SELECT from_status, to_status FROM
	    plan_history WHERE plan_id = :'p' ORDER BY id`, { p: plan }),
	[['', 'draft'], ['draft', 'approved']]);
});

test('a lapse suspends the plan and blocks assignments and dispatch; '
    + 'confirming again lifts it', async () => {
	const { plan, position } = approvedPosition(3);
	const [a, b] = await acceptedPeople(2);
	const first = asApp(assign(position, a))[0][0];
	asApp(`UPDATE assignments SET status = 'confirmed' WHERE id = :'i'`,
	    { i: first });
	principle(plan, 1, false);
	assert.equal(sql1(`SELECT status FROM plans WHERE id = :'p'`,
	    { p: plan }), 'suspended');
	assert.match(refusal(assign(position, b)), /plan \d+ is suspended/);
	assert.match(refusal(`UPDATE assignments SET status = 'dispatched'
	    WHERE id = :'i'`, { i: first }), /is suspended/);
	assert.match(refusal(`UPDATE plans SET status = 'approved'
	    WHERE id = :'p'`, { p: plan }), /five principles/);
	principle(plan, 1);
	assert.equal(sql1(`SELECT status FROM plans WHERE id = :'p'`,
	    { p: plan }), 'approved');
	asApp(`UPDATE assignments SET status = 'dispatched' WHERE id = :'i'`,
	    { i: first });
	assert.equal(sql1(`SELECT status FROM plans WHERE id = :'p'`,
	    { p: plan }), 'in_progress', 'the first dispatch starts the plan');
	assert.match(sql1(`SELECT string_agg(to_status || ':' || reason, ',' ORDER BY id)
	    FROM plan_history WHERE plan_id = :'p'`, { p: plan }),
	/suspended:principle 1 no longer satisfied,approved:principle 1 satisfied again,in_progress:first dispatch/);
});

test('every refusal of an assignment, by the database', async () => {
	const course = makeCourse({ validity_months: 12 });
	const { position } = approvedPosition(1, [course]);
	const [ok, untrained, expired] = await acceptedPeople(3);
	sqlRows(`INSERT INTO certificates (application_id, course_id,
	    completed_on, validity_months) VALUES (:'a', :'c', '${Y - 1}-06-01',
	    12), (:'x', :'c', '${Y - 1}-01-15', 12)`, { a: ok, x: expired,
	    c: course });
	// Valid until Y-01-15: not on Y-03-01.
	assert.match(refusal(assign(position, expired)),
	    new RegExp(`no certificate valid on ${Y}-03-01 for T`));
	assert.match(refusal(assign(position, untrained)), /no certificate/);
	assert.match(refusal(assign(position, ok, `${Y}-01-15`)),
	    /outside the position/);
	const { id: submitted } = await submitValid(validFields());
	assert.match(refusal(assign(position, submitted)), /not accepted/);
	asApp(assign(position, ok, `${Y}-02-01`, `${Y}-03-31`));
	// Headcount 1, now full.
	sqlRows(`INSERT INTO certificates (application_id, course_id,
	    completed_on) VALUES (:'a', :'c', '${Y - 1}-12-01')`,
	{ a: untrained, c: course });
	assert.match(refusal(assign(position, untrained)), /headcount is full/);
	// The same person, overlapping, in another plan's position.
	const other = approvedPosition(5);
	assert.match(refusal(assign(other.position, ok, `${Y}-03-15`,
	    `${Y}-04-15`)), /assignments_no_overlap/);
	asApp(assign(other.position, ok, `${Y}-04-01`, `${Y}-05-31`));
	// A draft plan takes nobody.
	const pos = sql1(`INSERT INTO positions (plan_id, title_ja, title_en,
	    duty_station, headcount, starts_on, ends_on) VALUES (:'p', 'x',
	    'x', 'x', 1, '${Y}-02-01', '${Y}-03-01') RETURNING id`,
	{ p: makePlan() });
	assert.match(refusal(assign(pos, untrained, `${Y}-02-01`,
	    `${Y}-02-20`)), /is draft/);
});

test('warnings need the reviewer\'s acknowledgement', async () => {
	const { position } = approvedPosition(5);
	// max_months 12 and earliest start in the fields' defaults: ask for
	// 13 months from before the earliest start.
	const [p] = await acceptedPeople(1);
	sqlRows(`UPDATE applications SET earliest_start = '${Y}-03-01',
	    max_months = 6 WHERE id = :'a'`, { a: p });
	sqlRows(`INSERT INTO inquiries (position_id, application_id, answer,
	    answered_at) VALUES (:'p', :'a', 'unavailable', now())`,
	{ p: position, a: p });
	const long = assign(position, p, `${Y}-02-01`, `${Y}-09-30`);
	assert.match(refusal(long), /warnings not acknowledged: longer_than_stated, before_earliest_start, answered_unavailable/);
	assert.match(refusal(assign(position, p, `${Y}-02-01`, `${Y}-09-30`,
	    '{longer_than_stated,before_earliest_start}')),
	/answered_unavailable/);
	asApp(assign(position, p, `${Y}-02-01`, `${Y}-09-30`,
	    '{longer_than_stated,before_earliest_start,answered_unavailable}'));
});

test('shortening a plan is refused while an assignment falls outside it',
    async () => {
	const { plan, position } = approvedPosition(2);
	const [p] = await acceptedPeople(1);
	const id = asApp(assign(position, p, `${Y}-09-01`, `${Y}-10-31`))[0][0];
	assert.match(refusal(`UPDATE plans SET ends_on = '${Y}-08-31'
	    WHERE id = :'p'`, { p: plan }), /position falls outside/);
	sqlRows(`UPDATE positions SET ends_on = '${Y}-10-31' WHERE id = :'p'`,
	    { p: position });
	asApp(`UPDATE assignments SET status = 'withdrawn' WHERE id = :'i'`,
	    { i: id });
	asApp(`UPDATE positions SET ends_on = '${Y}-08-31' WHERE id = :'p'`,
	    { p: position });
	asApp(`UPDATE plans SET ends_on = '${Y}-08-31', cabinet_decision_on =
	    '${Y}-01-10', change_reason = '期間短縮' WHERE id = :'p'`,
	{ p: plan });
	assert.deepEqual(sqlRows(`SELECT old_period, new_period,
	    cabinet_decision_on, reason FROM plan_history WHERE plan_id = :'p'
	    AND new_period IS NOT NULL`, { p: plan }), [[`[${Y}-01-01,${Y + 1}-01-01)`,
	    `[${Y}-01-01,${Y}-09-01)`, `${Y}-01-10`, '期間短縮']]);
});

test('terminating a plan ends its open assignments and tells the people',
    async () => {
	const { plan, position } = approvedPosition(3);
	const people = await acceptedPeople(2);
	for (const p of people)
		asApp(assign(position, p));
	asApp(`UPDATE plans SET status = 'terminated', change_reason =
	    '治安悪化' WHERE id = :'p'`, { p: plan });
	assert.deepEqual(sqlRows(`SELECT DISTINCT status, end_reason FROM
	    assignments WHERE plan_id = :'p'`, { p: plan }),
	[['terminated', '治安悪化']]);
	assert.equal(sql1(`SELECT count(*) FROM mail_outbox WHERE
	    kind = 'assignment_ended' AND application_id = ANY(:'a')`,
	{ a: `{${people.join(',')}}` }), '2');
});

test('the last place and overlapping positions, raced: never over, '
    + 'never overlapping', async () => {
	const people = await acceptedPeople(40);
	for (let round = 0; round < 10; round++) {
		const { position } = approvedPosition(2);
		const [first, one, two, both] = people.slice(4 * round);
		asApp(assign(position, first));
		const [a, b] = await race([assign(position, one),
		    assign(position, two)]);
		assert.equal([a, b].filter((r) => r.code === 0).length, 1,
		    `round ${round}: ${a.err}${b.err}`);
		assert.match(a.code === 0 ? b.err : a.err, /headcount is full/);
		// One person, two positions of two plans, the same months.
		const x = approvedPosition(5);
		const y = approvedPosition(5);
		const [c, d] = await race([assign(x.position, both),
		    assign(y.position, both)]);
		assert.equal([c, d].filter((r) => r.code === 0).length, 1,
		    `round ${round}: ${c.err}${d.err}`);
		assert.match(c.code === 0 ? d.err : c.err,
		    /assignments_no_overlap/);
	}
	assert.equal(sql1(`SELECT count(*) FROM (SELECT position_id FROM
	    assignments a JOIN positions p ON p.id = a.position_id
	    WHERE a.status IN ('proposed', 'confirmed', 'dispatched')
	    GROUP BY position_id, p.headcount HAVING count(*) > p.headcount) o`),
	'0');
});

// The candidates' bits are stored generated columns: every submission
// computes them.  They must equal their definition, and no function they
// call may be a SQL-language one, whose body PostgreSQL plans anew in
// every statement (it cost the submission 40 % of its throughput; a
// benchmark, not a test, measures that: deploy/BENCHMARKS.md).
test('the candidates\' bits equal their definition and are computed by no SQL-language function', () => {
	const wrong = sql1(`WITH cases(x, l) AS (VALUES
	    ('{}'::text[], '{}'::text[]),
	    ('{election,other}', '{en:basic,other:native}'),
	    ('{medical,relief,medical}', '{ar:fluent,ar:working,zh:native}'),
	    ('{interpretation,bogus}', '{ru,fr:bogus,xx:native,es:working}'),
	    ('{civil_admin,logistics,engineering,legal,police,comms_it}',
	     '{en:native,fr:fluent,es:working,ar:basic,ru:native,zh:basic}'))
	    SELECT count(*) FROM cases WHERE
	    corps_expertise_bits(x) IS DISTINCT FROM (SELECT coalesce(bit_or(
		1 << (k::int - 1)), 0) FROM unnest(ARRAY['election',
		'civil_admin', 'logistics', 'engineering', 'medical', 'legal',
		'police', 'comms_it', 'interpretation', 'relief', 'other'])
		WITH ORDINALITY f(e, k) WHERE e = ANY (x))
	    OR corps_language_bits(l) IS DISTINCT FROM (SELECT coalesce(bit_or(
		((1 << j::int) - 1) << (4 * (k::int - 1))), 0) FROM unnest(l) y,
		unnest(ARRAY['en', 'fr', 'es', 'ar', 'ru', 'zh', 'other'])
		WITH ORDINALITY c(code, k), unnest(ARRAY['basic', 'working',
		'fluent', 'native']) WITH ORDINALITY v(lv, j)
		WHERE y = code || ':' || lv)`);
	assert.equal(wrong, '0');
	const calls = sqlRows(`SELECT a.attname || ' ' || p.proname || ' ' ||
	    l.lanname FROM pg_attribute a JOIN pg_attrdef d ON
	    d.adrelid = a.attrelid AND d.adnum = a.attnum JOIN pg_depend dep ON
	    dep.classid = 'pg_attrdef'::regclass AND dep.objid = d.oid AND
	    dep.refclassid = 'pg_proc'::regclass JOIN pg_proc p ON
	    p.oid = dep.refobjid JOIN pg_language l ON l.oid = p.prolang
	    WHERE a.attrelid = 'applications'::regclass AND
	    a.attgenerated = 's' ORDER BY 1`).map((r) => r[0]);
	assert.deepEqual(calls, [
		'expertise_bits corps_expertise_bits plpgsql',
		'language_bits corps_language_bits plpgsql',
	]);
});

// Who is due for training (issue 14): GET /training/due, GET
// /training/expiring and the reviewer list's training filter, against
// expectations computed by hand (certificates that expired yesterday or
// are valid through today in Japan, certificates that never expire, a
// retired course that nobody needs, operation types); and the training
// that corps-admin seed-demo adds.  Needs a running stack (./stack).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { jstDate, sql1, sqlRows, submitValid, validFields } from
    './lib.mjs';
import { corpsAdmin, staffClient } from './staff.mjs';
import { acceptedPeople, makeCourse, makeSession } from './training.mjs';

// Row ids of a page's table rows with the given id prefix ("due-").
function rowIds(html, prefix) {
	return [...html.matchAll(new RegExp(`<tr id="${prefix}(\\d+)"`, 'g'))]
	    .map((m) => m[1]);
}

// The missing courses of person id on a /training/due page: [code,
// expired date or null].
function missing(html, id) {
	const row = new RegExp(`<tr id="due-${id}">[\\s\\S]*?</tr>`).exec(html);
	assert.ok(row, `person ${id} listed`);
	return [...row[0].matchAll(/<li data-code="([^"]+)">[^<]*(?:<span class="expired">\([^<]*<time datetime="([^"]+)">|<span class="missing">)/g)]
	    .map((m) => [m[1], m[2] ?? null]);
}

// A certificate of person for course whose last valid day is until
// (YYYY-MM-DD; null: never expires), computed back from its validity.
function certificate(person, course, until, months = 12) {
	const id = until === null
	    ? sql1(`INSERT INTO certificates (application_id, course_id,
		completed_on, validity_months) VALUES (:'p', :'c',
		date '2020-05-01', NULL) RETURNING id`, { p: person, c: course })
	    : sql1(`INSERT INTO certificates (application_id, course_id,
		completed_on, validity_months) VALUES (:'p', :'c',
		(:'u'::date - make_interval(months => :'m'))::date, :'m')
		RETURNING id`, { p: person, c: course, u: until, m: months });
	if (until !== null)
		assert.equal(sql1(`SELECT valid_until FROM certificates
		    WHERE id = :'id'`, { id }), until, 'the hand-made expiry');
	return id;
}

// The seed-demo test runs first: its demo courses are retired with every
// other course while the rest runs (so that only this file's courses are
// required), and come back afterwards.
test('seed-demo adds training in proportion, mailing nobody', (t) => {
	const since = sql1('SELECT coalesce(max(id), 0) FROM applications');
	// The stack is shared: demo rows over 30 weeks would fill other
	// tests' empty weeks (the dashboard's).
	t.after(() => sqlRows(`DELETE FROM applications WHERE id > :'s'`,
	    { s: since }));
	const mailBefore = sql1(`SELECT count(*) FROM mail_outbox
	    WHERE kind LIKE 'training%'`);
	const n = 10000;
	const r = corpsAdmin(['seed-demo', '--applications', String(n)]);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, /seeded 10000 demo applications/);
	const [sessions, past, open, waitlisted, enrolments, certs, expired,
	    soon, accepted] = sqlRows(`SELECT
	    (SELECT count(*) FROM training_sessions s JOIN courses c
		ON c.id = s.course_id WHERE c.code LIKE 'DEMO-%'
		AND s.created_at = (SELECT max(created_at) FROM
		training_sessions)),
	    (SELECT count(*) FROM training_sessions WHERE created_at =
		(SELECT max(created_at) FROM training_sessions)
		AND status = 'completed'),
	    (SELECT count(*) FROM enrolments e WHERE application_id > :'s'
		AND state IN ('enrolled', 'waitlisted')),
	    (SELECT count(*) FROM enrolments e WHERE application_id > :'s'
		AND state = 'waitlisted'),
	    (SELECT count(*) FROM enrolments WHERE application_id > :'s'),
	    (SELECT count(*) FROM certificates WHERE application_id > :'s'),
	    (SELECT count(*) FROM certificates WHERE application_id > :'s'
		AND valid_until < (now() AT TIME ZONE 'Asia/Tokyo')::date),
	    (SELECT count(*) FROM certificates WHERE application_id > :'s'
		AND valid_until BETWEEN (now() AT TIME ZONE 'Asia/Tokyo')::date
		AND (now() AT TIME ZONE 'Asia/Tokyo')::date + 90),
	    (SELECT count(*) FROM applications WHERE id > :'s'
		AND status = 'accepted')`, { s: since })[0].map(Number);
	// A session per 500 applications, 85 % of them past; an enrolment
	// per 5 and about as many certificates (at a million: 2,000,
	// 200,000 and 180,000).
	assert.equal(sessions, n / 500);
	assert.equal(past, n / 500 - Math.floor(n / 500 * 15 / 100));
	assert.ok(enrolments > n * 0.14 && enrolments < n * 0.26, `${enrolments}`);
	assert.ok(certs > n * 0.12 && certs < n * 0.24, `${certs}`);
	assert.ok(open > accepted * 0.15 && open < accepted * 0.25, `${open}`);
	assert.ok(waitlisted > 0, 'a small coming session has a waitlist');
	assert.ok(expired > 0 && soon > 0, `${expired} expired, ${soon} soon`);
	assert.equal(Number(sql1(`SELECT count(*) FROM training_sessions s
	    WHERE s.capacity < (SELECT count(*) FROM enrolments e
	    WHERE e.session_id = s.id AND e.state = 'enrolled')`)), 0);
	assert.equal(sql1(`SELECT count(*) FROM mail_outbox
	    WHERE kind LIKE 'training%'`), mailBefore, 'nobody mailed');
});

const retired = [];
let rev;
// The people and courses of the hand-computed cases.
const p = {};
const c = {};
let soonCert;
let todayCert;

before(async () => {
	rev = await staffClient('reviewer');
});

after(() => {
	// This file's courses go, the others come back.
	sqlRows(`UPDATE courses SET retired_at = now()
	    WHERE id = ANY(:'ids'::bigint[]) AND retired_at IS NULL`,
	{ ids: `{${Object.values(c).join(',')}}` });
	if (retired.length > 0)
		sqlRows(`UPDATE courses SET retired_at = NULL
		    WHERE id = ANY(:'ids'::bigint[])`,
		{ ids: `{${retired.join(',')}}` });
});

test('set up: courses and people with hand-made certificates', async () => {
	retired.push(...sqlRows(`UPDATE courses SET retired_at = now()
	    WHERE retired_at IS NULL RETURNING id`).map(([id]) => id));
	c.pko = makeCourse({ required_for: '{pko}', validity_months: 12 });
	c.elec = makeCourse({ required_for: '{election}',
	    validity_months: null });
	c.old = makeCourse({ required_for: '{pko}' });
	sqlRows(`UPDATE courses SET retired_at = now() WHERE id = :'c'`,
	    { c: c.old });
	c.free = makeCourse({ required_for: '{}' });
	const one = async (ops) => (await acceptedPeople(1,
	    { operations: ops }))[0];
	// Sequential, so that their order (newest first) is known.
	p.seconded = await one(['pko']);
	sqlRows(`UPDATE applications SET source = 'seconded',
	    ministry = 'MOFA' WHERE id = :'id'`, { id: p.seconded });
	p.relief = await one(['relief']);
	p.never = await one(['election']);
	p.today = await one(['pko']);
	p.expired = await one(['pko']);
	p.both = await one(['pko', 'election']);
	p.soon = await one(['pko']);
	p.renewed = await one(['pko']);
	p.screening = (await submitValid(validFields({ operations: ['pko'] })))
	    .id;
	sqlRows(`UPDATE applications SET status = 'screening'
	    WHERE id = :'id'`, { id: p.screening });
	const today = jstDate(0);
	certificate(p.expired, c.pko, jstDate(-1));
	todayCert = certificate(p.today, c.pko, today);
	certificate(p.never, c.elec, null);
	soonCert = certificate(p.soon, c.pko, jstDate(10));
	certificate(p.renewed, c.pko, jstDate(5));
	certificate(p.renewed, c.pko, jstDate(400));
	certificate(p.relief, c.old, jstDate(3));
	certificate(p.screening, c.pko, jstDate(4));
	// p.both is enrolled in a session of the election course.
	assert.equal(sql1(`SELECT training_enrol(:'s', :'p', NULL)`,
	    { s: makeSession(c.elec), p: p.both }), 'enrolled');
});

test('/training/due lists who lacks a valid certificate, and why', async () => {
	const r = await rev.get('/training/due');
	assert.equal(r.status, 200);
	const ids = rowIds(r.body, 'due-');
	// Expired yesterday (JST) is due; valid through today, a certificate
	// that never expires, an operation type that needs no course (the
	// retired one aside) and a person not accepted are not.
	for (const who of ['expired', 'both', 'seconded'])
		assert.ok(ids.includes(p[who]), `${who} is due`);
	for (const who of ['today', 'never', 'relief', 'soon', 'renewed',
	    'screening'])
		assert.ok(!ids.includes(p[who]), `${who} is not due`);
	const code = (id) => sql1(`SELECT code FROM courses WHERE id = :'c'`,
	    { c: id });
	assert.deepEqual(missing(r.body, p.expired), [[code(c.pko),
	    jstDate(-1)]]);
	assert.deepEqual(missing(r.body, p.both).sort(), [[code(c.elec), null],
	    [code(c.pko), null]].sort());
	// Newest first; the selection posts to /training/enrol with a session.
	assert.ok(ids.indexOf(p.both) < ids.indexOf(p.expired));
	assert.match(r.body, /<form method="post" action="\/training\/enrol"/);
	assert.match(r.body, new RegExp(`<input type="checkbox" name="id" value="${p.both}"`));
	assert.match(r.body, /<select id="f-session" name="session">/);
	assert.match(r.body, /<input type="hidden" name="csrf" value="[^"]+">/);
});

test('/training/due filters by course, operation type and source', async () => {
	const ids = async (q) => {
		const r = await rev.get(`/training/due?${q}`);
		assert.equal(r.status, 200, q);
		return { ids: rowIds(r.body, 'due-'), body: r.body };
	};
	let r = await ids(`course=${c.elec}`);
	assert.ok(r.ids.includes(p.both));
	assert.ok(!r.ids.includes(p.expired) && !r.ids.includes(p.seconded));
	assert.equal(missing(r.body, p.both).length, 1);
	r = await ids('operation=election');
	assert.ok(r.ids.includes(p.both) && !r.ids.includes(p.expired));
	assert.equal(missing(r.body, p.both).length, 1, 'only election courses');
	r = await ids('operation=pko');
	assert.ok(r.ids.includes(p.both) && r.ids.includes(p.expired));
	r = await ids('source=seconded');
	assert.ok(r.ids.includes(p.seconded) && !r.ids.includes(p.expired));
	r = await ids('source=public');
	assert.ok(!r.ids.includes(p.seconded) && r.ids.includes(p.expired));
	// A page after a row starts below it.
	r = await ids(`after=${p.both}`);
	assert.ok(!r.ids.includes(p.both) && r.ids.includes(p.expired));
	assert.equal((await rev.get('/training/due?course=0')).status, 422);
	assert.equal((await rev.get('/training/due?operation=war')).status, 422);
	assert.equal((await rev.get('/training/due?after=01')).status, 400);
});

test('/training/expiring lists certificates by their last day', async () => {
	const rows = async (q) => {
		const r = await rev.get(`/training/expiring${q}`);
		assert.equal(r.status, 200, q);
		return { ids: rowIds(r.body, 'cert-'), body: r.body };
	};
	let r = await rows('');
	// Within 90 days: valid through today (0 days left) and in 10 days,
	// soonest first; not the expired, the never-expiring, the renewed,
	// the retired course's or a person not accepted.
	assert.ok(r.ids.includes(todayCert) && r.ids.includes(soonCert));
	assert.ok(r.ids.indexOf(todayCert) < r.ids.indexOf(soonCert));
	const mine = sqlRows(`SELECT id FROM certificates WHERE application_id
	    = ANY(:'ids'::bigint[])`, { ids: `{${Object.values(p).join(',')}}` })
	    .map(([id]) => id);
	assert.deepEqual(r.ids.filter((id) => mine.includes(id)).sort(),
	    [todayCert, soonCert].sort());
	assert.match(r.body, new RegExp(`<tr id="cert-${soonCert}">\\s*<td><time datetime="${jstDate(10)}">[^<]*</time></td>\\s*<td>10</td>`));
	r = await rows('?days=10');
	assert.ok(r.ids.includes(soonCert));
	r = await rows('?days=9');
	assert.ok(!r.ids.includes(soonCert) && r.ids.includes(todayCert));
	for (const bad of ['0', '3651', 'abc', '-5'])
		assert.equal((await rev.get(`/training/expiring?days=${bad}`))
		    .status, 422, bad);
	assert.equal((await rev.get('/training/expiring?after=x')).status, 400);
});

test('the reviewer list filters by training state', async () => {
	const states = { ready: ['today', 'never', 'relief', 'soon', 'renewed'],
	    in_training: ['both'], due: ['expired', 'seconded'] };
	const refs = Object.fromEntries(Object.entries(p).map(([k, id]) =>
	    [k, sql1(`SELECT reference FROM applications WHERE id = :'id'`,
		{ id })]));
	for (const [state, who] of Object.entries(states)) {
		for (const k of Object.keys(p)) {
			const r = await rev.get(`/review/applications?training=${
			    state}&q=${refs[k]}`);
			assert.equal(r.status, 200);
			assert.equal(r.body.includes(`href="/review/applications/${
			    p[k]}"`), who.includes(k), `${k} ${state}`);
		}
	}
	const r = await rev.get('/review/applications?training=due');
	assert.equal(r.status, 200);
	assert.doesNotMatch(r.body, /status-(submitted|screening|rejected|withdrawn)"/);
	assert.equal((await rev.get('/review/applications?training=x')).status,
	    400);
});

// The state of person id as the list's filter sees it, or null.
async function listState(id) {
	const ref = sql1(`SELECT reference FROM applications WHERE id = :'id'`,
	    { id });
	const found = [];
	for (const state of ['ready', 'in_training', 'due']) {
		const r = await rev.get(`/review/applications?training=${
		    state}&q=${ref}`);
		if (r.body.includes(`href="/review/applications/${id}"`))
			found.push(state);
	}
	assert.ok(found.length <= 1, `${id}: ${found}`);
	return found[0] ?? null;
}

test('the training filter follows every change that moves a state', async () => {
	// A certificate taken away, then back; an enrolment ended.
	const cert = sql1(`SELECT id FROM certificates WHERE application_id =
	    :'p'`, { p: p.today });
	sqlRows(`DELETE FROM certificates WHERE id = :'c'`, { c: cert });
	assert.equal(await listState(p.today), 'due');
	certificate(p.today, c.pko, jstDate(0));
	assert.equal(await listState(p.today), 'ready');
	sqlRows(`UPDATE enrolments SET state = 'ended', end_reason = 'removed',
	    ended_at = now() WHERE application_id = :'p'`, { p: p.both });
	assert.equal(await listState(p.both), 'due');
	// Operation types that need nothing more, and back.
	sqlRows(`UPDATE applications SET operations = '{relief}'
	    WHERE id = :'p'`, { p: p.expired });
	assert.equal(await listState(p.expired), 'ready');
	sqlRows(`UPDATE applications SET operations = '{pko}'
	    WHERE id = :'p'`, { p: p.expired });
	assert.equal(await listState(p.expired), 'due');
	// A course retired, then required again; a new required course.
	sqlRows(`UPDATE courses SET retired_at = now() WHERE id = :'c'`,
	    { c: c.pko });
	assert.equal(await listState(p.expired), 'ready');
	sqlRows(`UPDATE courses SET retired_at = NULL WHERE id = :'c'`,
	    { c: c.pko });
	assert.equal(await listState(p.expired), 'due');
	const extra = makeCourse({ required_for: '{election}' });
	assert.equal(await listState(p.never), 'due');
	sqlRows(`UPDATE courses SET required_for = '{}' WHERE id = :'c'`,
	    { c: extra });
	assert.equal(await listState(p.never), 'ready');
	// Accepted is final; a deleted application takes its summary along
	// (its certificates' triggers find nobody to sum up).
	sqlRows(`DELETE FROM applications WHERE id = :'p'`, { p: p.soon });
	assert.equal(Number(sql1(`SELECT count(*) FROM training_status
	    WHERE application_id = :'p'`, { p: p.soon })), 0);
	delete p.soon;
});

test('only reviewers and administrators see the training lists', async () => {
	const liaison = await staffClient('ministry', { ministry: 'MOFA' });
	for (const path of ['/training/due', '/training/expiring'])
		assert.equal((await liaison.get(path)).status, 403, path);
	const admin = await staffClient('admin');
	assert.equal((await admin.get('/training/due')).status, 200);
});

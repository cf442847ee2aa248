// Positions, candidates, inquiries and assignments (issue 15) through the
// pages: the position form and its refusal, the candidates' filter and
// training state against hand-computed expectations, the inquiry with
// its mail row, the applicant's and the liaison's answers, assignments
// with their warnings and every refusal's message, the status changes
// and the dispatch on the status page, roles, CSRF and the audit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { get, request, sql1, sqlRows, submitValid, validFields } from
    './lib.mjs';
import { insertNomination } from './nominations.mjs';
import { Sink, startMailer, stopMailer, until } from './smtp.mjs';
import { sameOrigin, staffClient } from './staff.mjs';
import { accept, approvedPlan, Y } from './positions.mjs';
import { acceptedPeople, makeCourse } from './training.mjs';

const reviewer = await staffClient('reviewer');
const sink = new Sink();

before(async () => {
	await sink.up();
});

after(async () => {
	await sink.down();
});

// The position form's fields, overridden.
function positionForm(o = {}) {
	return { position_title_ja: '選挙監視要員',
	    position_title_en: 'Election observer', duty_station: 'Juba',
	    headcount: '2', position_starts: `${Y}-02-01`,
	    position_ends: `${Y}-04-30`, ...o };
}

// Adds a certificate of course for person completed on day.
function certify(person, course, day) {
	sqlRows(`INSERT INTO certificates (application_id, course_id,
	    completed_on, validity_months) VALUES (:'a', :'c', :'d', 12)`,
	{ a: person, c: course, d: day });
}

test('a position is added through its form, audited, and refused outside the plan', async () => {
	const plan = approvedPlan();
	const course = makeCourse();
	const bad = await reviewer.post(`/plans/${plan}/positions/new`,
	    positionForm({ position_ends: `${Y + 1}-02-01` }));
	assert.equal(bad.status, 422);
	assert.match(bad.body, /id="refusal"[^]*実施計画の期間内/);
	const empty = await reviewer.post(`/plans/${plan}/positions/new`,
	    positionForm({ headcount: '0' }));
	assert.equal(empty.status, 422);
	const r = await reviewer.post(`/plans/${plan}/positions/new`,
	    [...Object.entries(positionForm()), ['expertise', 'medical'],
		['lang_en', 'working'], ['course', course]]);
	assert.equal(r.status, 303);
	const id = r.location.match(/\/positions\/(\d+)$/)[1];
	assert.deepEqual(sqlRows(`SELECT expertise::text, languages::text,
	    (SELECT array_agg(course_id)::text FROM position_courses
	    WHERE position_id = p.id) FROM positions p WHERE id = :'id'`,
	{ id })[0], ['{medical}', '{en:working}', `{${course}}`]);
	assert.equal(sql1(`SELECT after->>'duty_station' FROM audit_log
	    WHERE action = 'position.add' AND object_id = :'id'`, { id }), 'Juba');
	const page = await reviewer.get(`/positions/${id}`);
	assert.equal(page.status, 200);
	const edit = await reviewer.post(`/positions/${id}/edit`,
	    [...Object.entries(positionForm({ duty_station: 'Wau' })),
		['course', course]]);
	assert.equal(edit.status, 303);
	assert.equal(sql1(`SELECT before->>'duty_station' || '>' ||
	    (after->>'duty_station') FROM audit_log WHERE action =
	    'position.edit' AND object_id = :'id'`, { id }), 'Juba>Wau');
	const csrf = await reviewer.post(`/positions/${id}/edit`,
	    positionForm(), { csrf: false });
	assert.equal(csrf.status, 403);
	const liaison = await staffClient('ministry', { ministry: 'MOFA' });
	assert.equal((await liaison.get(`/positions/${id}`)).status, 403);
});

test('candidates meet expertise and languages, are available, and show their training', async () => {
	const plan = approvedPlan();
	const course = makeCourse();
	const pos = sql1(`INSERT INTO positions (plan_id, title_ja, title_en,
	    duty_station, headcount, starts_on, ends_on, expertise, languages)
	    VALUES (:'p', '通訳官', 'Interpreter', 'Juba', 3, '${Y}-03-01',
	    '${Y}-05-31', '{interpretation}', '{ar:fluent}') RETURNING id`,
	{ p: plan });
	sqlRows(`INSERT INTO position_courses VALUES (:'p', :'c')`,
	    { p: pos, c: course });
	// Interpretation and fluent Arabic, which no other test's people
	// have.  a: valid; b: expired before the start; c: none; d: basic
	// Arabic; e: no interpretation; f: starts too late.  g: would be
	// valid but is overlapped by another open assignment.
	const [a, b, c, d, e, f, g] = await acceptedPeople(7);
	sqlRows(`UPDATE applications SET expertise = '{interpretation}',
	    languages = '{ar:native,en:fluent}', language_other = NULL,
	    earliest_start = '${Y}-01-01', max_months = 12
	    WHERE id = ANY(:'ids'::bigint[])`,
	{ ids: `{${[a, b, c, d, e, f, g].join(',')}}` });
	sqlRows(`UPDATE applications SET languages = '{ar:basic}' WHERE id = :'d'`, { d });
	sqlRows(`UPDATE applications SET expertise = '{legal}' WHERE id = :'e'`, { e });
	const other = sql1(`INSERT INTO positions (plan_id, title_ja, title_en,
	    duty_station, headcount, starts_on, ends_on) VALUES (:'p', '運転手',
	    'Driver', 'Juba', 1, '${Y}-05-01', '${Y}-06-30') RETURNING id`,
	{ p: plan });
	sql1(`INSERT INTO assignments (position_id, application_id, starts_on,
	    ends_on) VALUES (:'o', :'g', '${Y}-05-01', '${Y}-06-30') RETURNING id`,
	{ o: other, g });
	sqlRows(`UPDATE applications SET earliest_start = '${Y}-04-01' WHERE id = :'f'`, { f });
	certify(a, course, `${Y}-01-10`);
	certify(b, course, `${Y - 1}-01-10`);
	const page = await reviewer.get(`/positions/${pos}`);
	assert.equal(page.status, 200);
	const rows = [...page.body.matchAll(/<tr id="candidate-(\d+)">([^]*?)<\/tr>/g)]
	    .map((m) => [m[1], m[2]]);
	assert.deepEqual(rows.map((x) => x[0]), [a, b, c]);
	const state = (id) => rows.find((x) => x[0] === id)[1]
	    .match(/data-state="(\w+)"/)[1];
	assert.equal(state(a), 'valid');
	assert.equal(state(b), 'expired');
	assert.equal(state(c), 'missing');
	const seconded = await reviewer.get(`/positions/${pos}?source=seconded`);
	assert.doesNotMatch(seconded.body, new RegExp(`candidate-${a}"`));
});

test('candidates sharing more of the fields come first, with two fields or three, and every language must be met', async () => {
	const plan = approvedPlan();
	const pos = sql1(`INSERT INTO positions (plan_id, title_ja, title_en,
	    duty_station, headcount, starts_on, ends_on, expertise, languages)
	    VALUES (:'p', '連絡調整員', 'Liaison officer', 'Juba', 3,
	    '${Y}-03-01', '${Y}-05-31', '{interpretation,relief}',
	    '{ru:working,ar:fluent}') RETURNING id`, { p: plan });
	// Russian, which no other test's people have.  a: one field, the
	// earliest start; b: both fields, a later start; c: one field (not
	// the same); d: basic Russian; e: no Arabic.
	const [a, b, c, d, e] = await acceptedPeople(5);
	const set = (id, expertise, languages, start) => sqlRows(`UPDATE
	    applications SET expertise = :'x', languages = :'l',
	    language_other = NULL, earliest_start = :'s', max_months = 12
	    WHERE id = :'id'`, { id, x: expertise, l: languages, s: start });
	set(a, '{interpretation}', '{ru:native,ar:fluent}', `${Y}-01-01`);
	set(b, '{interpretation,relief}', '{ru:working,ar:native}', `${Y}-02-01`);
	set(c, '{relief,legal}', '{ru:fluent,ar:fluent}', `${Y}-01-15`);
	set(d, '{interpretation,relief}', '{ru:basic,ar:native}', `${Y}-01-01`);
	set(e, '{interpretation,relief}', '{ru:working}', `${Y}-01-01`);
	const page = await reviewer.get(`/positions/${pos}`);
	assert.equal(page.status, 200);
	const ids = (body) => [...body.matchAll(/<tr id="candidate-(\d+)">/g)]
	    .map((m) => m[1]);
	assert.deepEqual(ids(page.body), [b, a, c]);
	// Three fields: more tiers than the walk takes, every candidate
	// ranked.  c shares two (relief, legal) and starts before b.
	sqlRows(`UPDATE positions SET expertise = '{interpretation,relief,legal}'
	    WHERE id = :'p'`, { p: pos });
	const three = await reviewer.get(`/positions/${pos}`);
	assert.deepEqual(ids(three.body), [c, b, a]);
});

test('an inquiry queues its mail, the applicant answers, the reviewer assigns with warnings and every refusal has its message', async () => {
	const plan = approvedPlan();
	const course = makeCourse();
	const pos = sql1(`INSERT INTO positions (plan_id, title_ja, title_en,
	    duty_station, headcount, starts_on, ends_on) VALUES (:'p', '医官',
	    'Medical officer', 'Juba', 1, '${Y}-03-01', '${Y}-05-31')
	    RETURNING id`, { p: plan });
	sqlRows(`INSERT INTO position_courses VALUES (:'p', :'c')`,
	    { p: pos, c: course });
	const [a, b] = await acceptedPeople(2);
	sqlRows(`UPDATE applications SET earliest_start = '${Y}-01-01',
	    max_months = 12 WHERE id = ANY(:'ids'::bigint[])`, { ids: `{${a},${b}}` });
	const asked = await reviewer.post(`/positions/${pos}/inquiries`,
	    [['id', a], ['id', b]]);
	assert.equal(asked.status, 303);
	assert.match(asked.location, /asked=2/);
	assert.equal((await reviewer.post('/positions/999999999/inquiries',
	    [['id', a]])).status, 404, 'no such position');
	assert.equal(sql1(`SELECT count(*) FROM mail_outbox WHERE kind =
	    'assignment_inquiry' AND application_id IN (:'a', :'b')`, { a, b }), '2');
	assert.equal(sql1(`SELECT count(*) FROM audit_log WHERE action =
	    'inquiry.add' AND object_id IN (:'a', :'b')`, { a, b }), '2');
	const token = sql1(`SELECT status_token_hash FROM applications WHERE id = :'a'`, { a });
	assert.ok(token);
	const inq = sql1(`SELECT id FROM inquiries WHERE application_id = :'b'`, { b });
	// b answers "not available" through SQL's page route below.
	sqlRows(`UPDATE inquiries SET answer = 'unavailable', answered_at = now() WHERE id = :'i'`, { i: inq });
	// Training missing: refused with the course code.
	const assign = (person, o = []) => reviewer.post(`/positions/${pos}/assignments`,
	    [['person', person], ['starts_on', `${Y}-03-01`], ['ends_on', `${Y}-04-30`], ...o]);
	const code = sql1(`SELECT code FROM courses WHERE id = :'c'`, { c: course });
	let r = await assign(a);
	assert.equal(r.status, 422);
	assert.match(r.body, new RegExp(`修了証のない必要研修があります：[^<]*${code}`));
	certify(a, course, `${Y}-01-10`);
	certify(b, course, `${Y}-01-10`);
	// b's "not available" must be confirmed.
	r = await assign(b);
	assert.equal(r.status, 422);
	assert.match(r.body, /id="ack-answered_unavailable"/);
	r = await assign(b, [['ack', 'answered_unavailable']]);
	assert.equal(r.status, 303);
	assert.equal(sql1(`SELECT acknowledged::text FROM assignments WHERE application_id = :'b'`, { b }), '{answered_unavailable}');
	// Headcount full.
	r = await assign(a);
	assert.equal(r.status, 422);
	assert.match(r.body, /定員は埋まっています/);
	// Outside the position.
	r = await reviewer.post(`/positions/${pos}/assignments`,
	    [['person', a], ['starts_on', `${Y}-01-01`], ['ends_on', `${Y}-04-30`]]);
	assert.equal(r.status, 422);
	// Status changes to dispatch and the dispatch on the status page.
	const x = sql1(`SELECT id FROM assignments WHERE application_id = :'b'`, { b });
	for (const action of ['confirm', 'dispatch'])
		assert.equal((await reviewer.post(`/assignments/${x}/status`,
		    { action })).status, 303);
	assert.equal(sql1(`SELECT status FROM assignments WHERE id = :'x'`, { x }), 'dispatched');
	const bad = await reviewer.post(`/assignments/${x}/status`, { action: 'complete' });
	assert.equal(bad.status, 422);
	assert.equal(sql1(`SELECT count(*) FROM audit_log WHERE action = 'assignment.status' AND object_id = :'x'`, { x }), '2');
	const detail = await reviewer.get(`/review/applications/${b}`);
	assert.match(detail.body, /id="person-assignments"/);
});

// A position of an approved plan from March to May of Y with headcount n
// and no requirement.  Returns {plan, pos}.
function plainPosition(n = 3) {
	const plan = approvedPlan();
	const pos = sql1(`INSERT INTO positions (plan_id, title_ja, title_en,
	    duty_station, headcount, starts_on, ends_on) VALUES (:'p',
	    '物資輸送要員', 'Logistics officer', 'Juba', :'n', '${Y}-03-01',
	    '${Y}-05-31') RETURNING id`, { p: plan, n });
	return { plan, pos };
}

test('the inquiry mail reaches the SMTP server with its Japanese subject; the applicant answers on the status page', async () => {
	const { pos } = plainPosition();
	const p = await submitValid(validFields());
	accept([p.id]);
	const email = sql1(`SELECT email FROM applications WHERE id = :'id'`,
	    { id: p.id });
	const m = startMailer(sink);
	try {
		const r = await reviewer.post(`/positions/${pos}/inquiries`,
		    [['id', p.id]]);
		assert.equal(r.status, 303);
		const got = await until(() => sink.to(email).find((x) =>
		    /派遣可否/.test(x.parsed.subject)), 'the inquiry');
		assert.equal(got.parsed.subject,
		    '【国際平和協力隊】派遣可否のご照会：物資輸送要員（南スーダン）');
		assert.match(got.raw.toString('latin1'), /^Subject: =\?UTF-8\?B\?/m);
		const body = got.raw.subarray(got.raw.indexOf('\r\n\r\n') + 4);
		const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
		assert.match(text, new RegExp(p.reference));
		assert.match(text, /Juba/);
		assert.doesNotMatch(text, /\/status\//);
	} finally {
		await stopMailer(m);
	}
	const inq = sql1(`SELECT id FROM inquiries WHERE application_id = :'id'`,
	    { id: p.id });
	let page = await get(`/status/${p.token}`);
	assert.match(page.body, new RegExp(`id="inquiry-card-${inq}"`));
	// Cross-origin: refused.
	let r = await request(`/status/${p.token}/inquiries`, { method: 'POST',
	    body: new URLSearchParams({ inquiry: inq, answer: 'available' }),
	    headers: { 'sec-fetch-site': 'cross-site',
		'content-type': 'application/x-www-form-urlencoded' } });
	assert.equal(r.status, 403);
	r = await request(`/status/${p.token}/inquiries`, { method: 'POST',
	    body: new URLSearchParams({ inquiry: inq, answer: 'unavailable',
		note: '家族の事情' }),
	    headers: { ...sameOrigin,
		'content-type': 'application/x-www-form-urlencoded' } });
	assert.equal(r.status, 303);
	assert.deepEqual(sqlRows(`SELECT answer, note FROM inquiries
	    WHERE id = :'i'`, { i: inq })[0], ['unavailable', '家族の事情']);
	assert.equal(sql1(`SELECT after->>'answer' FROM audit_log WHERE
	    action = 'inquiry.answer' AND object_id = :'i'`, { i: inq }),
	'unavailable');
	page = await reviewer.get(`/positions/${pos}`);
	assert.match(page.body, new RegExp(`id="inquiry-${p.id}" data-answer="unavailable"`));
	assert.match(page.body, /家族の事情/);
	// Another's inquiry: unchanged.
	const other = await submitValid(validFields());
	r = await request(`/status/${other.token}/inquiries`, { method: 'POST',
	    body: new URLSearchParams({ inquiry: inq, answer: 'available' }),
	    headers: { ...sameOrigin,
		'content-type': 'application/x-www-form-urlencoded' } });
	assert.match(r.headers.get('location'), /inquiry=unchanged/);
	assert.equal(sql1(`SELECT answer FROM inquiries WHERE id = :'i'`,
	    { i: inq }), 'unavailable');
});

test('the liaison answers for their officer; another ministry cannot', async () => {
	const { pos } = plainPosition();
	const liaison = await staffClient('ministry', { ministry: 'MOFA' });
	const n = insertNomination('MOFA');
	accept([n.id]);
	await reviewer.post(`/positions/${pos}/inquiries`, [['id', n.id]]);
	const inq = sql1(`SELECT id FROM inquiries WHERE application_id = :'id'`,
	    { id: n.id });
	const page = await liaison.get(`/ministry/nominations/${n.id}`);
	assert.match(page.body, new RegExp(`id="inquiry-card-${inq}"`));
	const other = await staffClient('ministry', { ministry: 'MOD' });
	let r = await other.post(`/ministry/nominations/${n.id}/inquiries`,
	    { inquiry: inq, answer: 'available' });
	assert.equal(r.status, 404);
	r = await liaison.post(`/ministry/nominations/${n.id}/inquiries`,
	    { inquiry: inq, answer: 'available' }, { csrf: false });
	assert.equal(r.status, 403);
	r = await liaison.post(`/ministry/nominations/${n.id}/inquiries`,
	    { inquiry: inq, answer: 'available', note: '調整済み' });
	assert.equal(r.status, 303);
	assert.equal(sql1(`SELECT answer FROM inquiries WHERE id = :'i'`,
	    { i: inq }), 'available');
});

test('each refusal and warning on the assignment form has its message; the dispatch shows on the status page', async () => {
	const { plan, pos } = plainPosition(3);
	const p = await submitValid(validFields());
	const [q] = await acceptedPeople(1);
	accept([p.id]);
	sqlRows(`UPDATE applications SET earliest_start = '${Y}-04-01',
	    max_months = 1 WHERE id = :'id'`, { id: p.id });
	const post = (person, s, e, o = []) => reviewer.post(
	    `/positions/${pos}/assignments`, [['person', person],
		['starts_on', s], ['ends_on', e], ...o]);
	// Not accepted.
	const sub = await submitValid(validFields());
	let r = await post(sub.id, `${Y}-03-01`, `${Y}-03-20`);
	assert.equal(r.status, 422);
	assert.match(r.body, /採用された人だけを配置できます/);
	// Both warnings: before the earliest start, longer than stated.
	r = await post(p.id, `${Y}-03-01`, `${Y}-04-30`);
	assert.equal(r.status, 422);
	assert.match(r.body, /次の点を確認し、チェックしてから改めて送信してください/);
	assert.doesNotMatch(r.body, /確認されていない警告があります/);
	assert.match(r.body, /id="ack-before_earliest_start"/);
	assert.match(r.body, /id="ack-longer_than_stated"/);
	// The group names the error; each unticked warning is invalid.
	assert.match(r.body, /id="assign-warnings" aria-describedby="assign-error"/);
	assert.match(r.body, /id="ack-before_earliest_start"[^>]* aria-invalid="true"/);
	r = await post(p.id, `${Y}-03-01`, `${Y}-04-30`,
	    [['ack', 'before_earliest_start']]);
	assert.equal(r.status, 422);
	assert.match(r.body, /id="ack-longer_than_stated"[^>]* aria-invalid="true"/);
	assert.doesNotMatch(r.body, /id="ack-before_earliest_start"[^>]* aria-invalid/);
	r = await post(p.id, `${Y}-03-01`, `${Y}-04-30`,
	    [['ack', 'before_earliest_start'], ['ack', 'longer_than_stated']]);
	assert.equal(r.status, 303);
	// Overlap with the first.
	r = await post(p.id, `${Y}-04-15`, `${Y}-05-10`,
	    [['ack', 'before_earliest_start'], ['ack', 'longer_than_stated']]);
	assert.equal(r.status, 422);
	assert.match(r.body, /期間の重なる別の配置があります/);
	// Bad dates: the end before the start.
	r = await post(q, `${Y}-05-01`, `${Y}-04-01`);
	assert.equal(r.status, 422);
	assert.match(r.body, /id="assign-error"/);
	// Dispatch refused while proposed: the transition.
	const x = sql1(`SELECT id FROM assignments WHERE application_id = :'id'`,
	    { id: p.id });
	r = await reviewer.post(`/assignments/${x}/status`, { action: 'dispatch' });
	assert.equal(r.status, 422);
	assert.match(r.body, /この状態に変更できません/);
	// The position's period cannot leave the assignment outside.
	r = await reviewer.post(`/positions/${pos}/edit`, positionForm({
	    position_starts: `${Y}-03-15`, position_ends: `${Y}-05-31`,
	    headcount: '3' }));
	assert.equal(r.status, 422);
	assert.match(r.body, /配置がこの期間の外に出る/);
	// A suspended plan: no new assignment.
	sqlRows(`UPDATE plan_principles SET satisfied = false WHERE plan_id =
	    :'p' AND principle = 1`, { p: plan });
	r = await post(q, `${Y}-03-01`, `${Y}-03-20`);
	assert.equal(r.status, 422);
	assert.match(r.body, /実施計画が承認済みまたは実施中でない/);
	sqlRows(`UPDATE plan_principles SET satisfied = true WHERE plan_id =
	    :'p' AND principle = 1`, { p: plan });
	for (const action of ['confirm', 'dispatch'])
		assert.equal((await reviewer.post(`/assignments/${x}/status`,
		    { action })).status, 303);
	const status = await get(`/status/${p.token}`);
	assert.match(status.body, /id="dispatch"[^]*南スーダン派遣 — 南スーダン \(\d{4}-03-01 – \d{4}-04-30\)/);
	// Completion with its return date and debrief (staff only).
	r = await reviewer.post(`/assignments/${x}/status`, { action: 'complete',
	    returned_on: `${Y}-05-02`, debrief: '任務完了。報告書提出済み' });
	assert.equal(r.status, 303);
	assert.deepEqual(sqlRows(`SELECT status, returned_on, debrief FROM
	    assignments WHERE id = :'x'`, { x })[0],
	['completed', `${Y}-05-02`, '任務完了。報告書提出済み']);
	const again = await get(`/status/${p.token}`);
	assert.doesNotMatch(again.body, /報告書提出済み/);
	const detail = await reviewer.get(`/review/applications/${p.id}`);
	assert.match(detail.body, /報告書提出済み/);
	// Withdrawal needs a reason.
	r = await post(q, `${Y}-03-01`, `${Y}-03-20`);
	assert.equal(r.status, 303);
	const y = sql1(`SELECT id FROM assignments WHERE application_id = :'id'`,
	    { id: q });
	r = await reviewer.post(`/assignments/${y}/status`, { action: 'withdraw' });
	assert.equal(r.status, 422);
	assert.match(r.body, /取りやめの理由を入力してください/);
	r = await reviewer.post(`/assignments/${y}/status`, { action: 'withdraw',
	    reason: '本人の辞退' });
	assert.equal(r.status, 303);
	assert.equal(sql1(`SELECT before->>'status' || '>' || (after->>'status')
	    FROM audit_log WHERE action = 'assignment.status' AND object_id =
	    :'y'`, { y }), 'proposed>withdrawn');
	assert.equal((await reviewer.post(`/assignments/${y}/status`,
	    { action: 'explode' })).status, 400);
});

test('the first dispatch starts the plan in the name of who dispatched, '
    + 'not of who assigned', async () => {
	const { plan, pos } = plainPosition(1);
	const [person] = await acceptedPeople(1);
	const other = await staffClient('reviewer');
	let r = await reviewer.post(`/positions/${pos}/assignments`, [
	    ['person', person], ['starts_on', `${Y}-03-01`],
	    ['ends_on', `${Y}-03-20`], ['ack', 'before_earliest_start'],
	    ['ack', 'longer_than_stated']]);
	assert.equal(r.status, 303);
	const x = sql1(`SELECT id FROM assignments WHERE application_id = :'a'`,
	    { a: person });
	r = await reviewer.post(`/assignments/${x}/status`, { action: 'confirm' });
	assert.equal(r.status, 303);
	r = await other.post(`/assignments/${x}/status`, { action: 'dispatch' });
	assert.equal(r.status, 303);
	const who = (col) => sql1(`SELECT s.login FROM assignments x
	    JOIN staff_accounts s ON s.id = x.${col} WHERE x.id = :'x'`, { x });
	assert.equal(who('assigned_by'), reviewer.account.login);
	assert.equal(who('status_by'), other.account.login);
	assert.deepEqual(sqlRows(`SELECT h.to_status, s.login, h.reason
	    FROM plan_history h JOIN staff_accounts s ON s.id = h.account_id
	    WHERE h.plan_id = :'p' AND h.to_status = 'in_progress'`,
	{ p: plan }), [['in_progress', other.account.login, 'first dispatch']]);
});

test('the English pages and messages', async () => {
	const { pos } = plainPosition(1);
	const [a, b] = await acceptedPeople(2);
	sqlRows(`UPDATE applications SET earliest_start = '${Y}-01-01',
	    max_months = 12 WHERE id = ANY(:'ids'::bigint[])`, { ids: `{${a},${b}}` });
	assert.equal((await reviewer.post(`/positions/${pos}/assignments`,
	    [['person', a], ['starts_on', `${Y}-03-01`],
		['ends_on', `${Y}-03-31`]])).status, 303);
	const r = await reviewer.post(`/positions/${pos}/assignments?lang=en`,
	    [['person', b], ['starts_on', `${Y}-04-01`], ['ends_on', `${Y}-04-30`]]);
	assert.equal(r.status, 422);
	assert.match(r.body, /The position(&#39;|&#x27;)s headcount is full\./);
});

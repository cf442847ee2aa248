// The plan pages (issue 15) through nginx: /plans with its filters, the
// new and edit forms (422 with the values kept, a summary and a message
// at each field), the plan's page with the Five Principles, the status
// changes and their refusals in words, the suspension banner, the
// amendment refused with what lies outside, termination ending the
// assignments with mail, the roster CSV, roles, CSRF and the audit log.
// Needs a running stack (see ./stack).
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
	errorSummary, fieldError, inputValue, selectedOptions, sql1, sqlRows,
	tag, textareaValue,
} from './lib.mjs';
import { Client, createStaff, sameOrigin, staffClient } from './staff.mjs';
import { acceptedPeople, makeCourse } from './training.mjs';

// Plans lie two years ahead, after any form's earliest start.
const Y = new Date().getFullYear() + 2;

const reviewer = await staffClient('reviewer');
const admin = await staffClient('admin');

// The fields of a valid new plan; over overrides them.
function planFields(over = {}) {
	const t = tag();
	return { operation_type: 'pko', country: 'SS', title_ja: `南スーダン${t}`,
	    title_en: `South Sudan ${t}`, area: 'Juba', basis: 'unsc_resolution',
	    basis_detail: 'S/RES/1996 (2011)', mandate_ja: '', mandate_en: '',
	    cabinet_decision_on: `${Y - 1}-11-01`, starts_on: `${Y}-01-01`,
	    ends_on: `${Y}-12-31`, ...over };
}

// Makes a plan through the form.  Returns its id.
async function newPlan(over = {}, c = reviewer) {
	const r = await c.post('/plans/new', planFields(over));
	assert.equal(r.status, 303, errorSummary(r.body).join(','));
	const m = /^\/plans\/(\d+)$/.exec(r.location);
	assert.ok(m, r.location);
	return m[1];
}

// Records principle no of plan through its form.
async function principle(plan, no, satisfied = 'yes', c = reviewer) {
	const r = await c.post(`/plans/${plan}/principles/${no}`, { satisfied,
	    confirmed_on: `${Y - 1}-12-01`, evidence: `確認 ${no}` });
	assert.equal(r.status, 303, `principle ${no}: ${r.status}`);
	assert.equal(r.location, `/plans/${plan}#principles`);
}

// Records all five principles as satisfied.
async function allPrinciples(plan) {
	for (let no = 1; no <= 5; no++)
		await principle(plan, no);
}

const status = (plan) => sql1(`SELECT status FROM plans WHERE id = :'p'`,
    { p: plan });

// Audit rows of action on plan, oldest first, parsed.
function audits(plan, action) {
	return sqlRows(`SELECT login, coalesce(before::text, 'null'),
	    coalesce(after::text, 'null') FROM audit_log WHERE action = :'a'
	    AND object_type = 'plan' AND object_id = :'p' ORDER BY id`,
	{ a: action, p: plan }).map(([login, before, after]) => ({ login,
	    before: JSON.parse(before), after: JSON.parse(after) }));
}

// A position of plan from s to e with headcount n.  Returns its id.
function position(plan, s = `${Y}-02-01`, e = `${Y}-10-31`, n = 3) {
	return sql1(`INSERT INTO positions (plan_id, title_ja, title_en,
	    duty_station, headcount, starts_on, ends_on) VALUES (:'p',
	    '選挙監視要員', 'Election observer', 'Juba', :'n', :'s', :'e')
	    RETURNING id`, { p: plan, n, s, e });
}

// Assigns person to position from s to e.  Returns the assignment's id.
function assign(pos, person, s = `${Y}-03-01`, e = `${Y}-05-31`) {
	return sql1(`INSERT INTO assignments (position_id, application_id,
	    starts_on, ends_on) VALUES (:'pos', :'a', :'s', :'e') RETURNING id`,
	{ pos, a: person, s, e });
}

// The text of the refusal box on a page, tags stripped.
function refusal(html) {
	const m = /<div class="error-summary" role="alert"[^>]*id="refusal">([\s\S]*?)<\/div>/
	    .exec(html);
	return m === null ? null : m[1].replace(/<[^>]+>/g, ' ')
	    .replace(/\s+/g, ' ').trim();
}

const banner = (html) => html.includes('id="plan-suspended"');

test('a plan is made through the form, listed, filtered and corrected; '
    + 'every change audited', async () => {
	const fields = planFields({ country: 'KH', operation_type: 'election' });
	const id = await newPlan(fields);
	const page = await reviewer.get(`/plans/${id}?lang=ja`);
	assert.equal(page.status, 200);
	assert.match(page.body, new RegExp(`<h1>${fields.title_ja}</h1>`));
	assert.match(page.body, /カンボジア \(Juba\)/);
	assert.match(page.body, /id="plan-status">下書き</);
	assert.deepEqual(sqlRows(`SELECT account_id IS NOT NULL, from_status,
	    to_status, cabinet_decision_on FROM plan_history
	    WHERE plan_id = :'p'`, { p: id }),
	[['t', '', 'draft', `${Y - 1}-11-01`]]);
	const [add] = audits(id, 'plan.add');
	assert.equal(add.login, reviewer.account.login);
	assert.equal(add.before, null);
	assert.equal(add.after.country, 'KH');
	assert.equal(add.after.title_en, fields.title_en);

	// The list and its filters (English names in English).
	const row = `id="plan-${id}"`;
	let list = await reviewer.get('/plans?country=KH&operation_type=election'
	    + '&status=draft&lang=en');
	assert.equal(list.status, 200);
	assert.ok(list.body.includes(row));
	assert.match(list.body, new RegExp(`${row}[^\\n]*Cambodia`));
	assert.deepEqual(selectedOptions(list.body, 'country'), ['KH']);
	for (const q of ['status=approved', 'operation_type=pko', 'country=SS',
	    `period_from=${Y + 1}-01-01`, `period_to=${Y - 1}-12-31`])
		assert.ok(!(await reviewer.get(`/plans?${q}`)).body.includes(row),
		    q);
	list = await reviewer.get(`/plans?period_from=${Y}-12-01&period_to=${
	    Y + 1}-01-01`);
	assert.ok(list.body.includes(row), 'overlapping the period');
	list = await reviewer.get('/plans?period_from=2026-02-30');
	assert.equal(list.status, 422);
	assert.deepEqual(errorSummary(list.body), ['period_from']);
	assert.equal((await reviewer.get('/plans?after=x')).status, 400);

	// Edit: texts and basis only; a hand-made operation or period is
	// ignored.
	let edit = await reviewer.get(`/plans/${id}/edit`);
	assert.equal(edit.status, 200);
	assert.equal(inputValue(edit.body, 'title_en'), fields.title_en);
	assert.ok(!edit.body.includes('id="f-operation_type"'));
	const r = await reviewer.post(`/plans/${id}/edit`, { title_ja: '改題',
	    title_en: 'Renamed <b>', area: '', basis: 'organisation_request',
	    basis_detail: 'OSCE', mandate_ja: '監視', mandate_en: 'Observe',
	    operation_type: 'pko', starts_on: `${Y}-06-01` });
	assert.equal(r.status, 303);
	assert.deepEqual(sqlRows(`SELECT title_en, basis, operation, starts_on
	    FROM plans WHERE id = :'p'`, { p: id }),
	[['Renamed <b>', 'organisation_request', 'election', `${Y}-01-01`]]);
	const [ed] = audits(id, 'plan.edit');
	assert.equal(ed.before.title_en, fields.title_en);
	assert.equal(ed.after.title_en, 'Renamed <b>');
	edit = await reviewer.get(`/plans/${id}?lang=en`);
	assert.match(edit.body, /<dd lang="en">Renamed &lt;b&gt;<\/dd>/);
	assert.match(edit.body, /Request of an international organisation: OSCE/);
});

test('the list comes in pages of 50, latest start first, filters kept',
    async () => {
	// A year and country no other test uses.
	const year = 2030 + Math.floor(Math.random() * 60);
	sqlRows(`INSERT INTO plans (title_ja, title_en, operation, country,
	    basis, basis_detail, cabinet_decision_on, starts_on, ends_on)
	    SELECT '南極' || i, 'Antarctica ' || i, 'relief', 'AQ',
	    'host_request', 'request', '${year - 1}-12-01',
	    '${year}-01-01'::date + i, '${year}-12-31' FROM generate_series(0, 54) i`);
	const q = `/plans?lang=ja&country=AQ&period_from=${year}-01-01&period_to=${
	    year}-12-31`;
	const first = await reviewer.get(q);
	assert.equal(first.status, 200);
	const titles = (html) => [...html.matchAll(
	    /<a href="\/plans\/\d+">南極(\d+)<\/a>/g)].map((m) => Number(m[1]));
	const one = titles(first.body);
	assert.equal(one.length, 50);
	assert.deepEqual(one, [...one].sort((a, b) => b - a));
	assert.equal(one[0], 54);
	const next = /<a href="([^"]+)" rel="next">/.exec(first.body);
	assert.ok(next, 'a link to the next page');
	const href = next[1].replace(/&amp;/g, '&');
	assert.match(href, /country=AQ/);
	assert.match(href, new RegExp(`after=${year}-01-06\\.\\d+`));
	const second = await reviewer.get(href);
	assert.deepEqual(titles(second.body), [4, 3, 2, 1, 0]);
	assert.ok(!second.body.includes('rel="next"'));
	for (const bad of ['x', `${year}-02-30.1`, `${year}-01-01.0`])
		assert.equal((await reviewer.get(`${q}&after=${bad}`)).status,
		    400, bad);
});

test('a wrong form is a 422 with the values kept, a summary and a message '
    + 'at each field', async () => {
	const fields = planFields({ title_ja: '', title_en: 'x'.repeat(201),
	    cabinet_decision_on: `${Y}-02-30`, ends_on: `${Y - 1}-12-31`,
	    basis: 'rumour', mandate_en: 'kept\nas typed' });
	let r = await reviewer.post('/plans/new?lang=ja', fields);
	assert.equal(r.status, 422);
	assert.deepEqual(errorSummary(r.body), ['title_ja', 'title_en', 'basis',
	    'cabinet_decision_on', 'ends_on']);
	assert.equal(fieldError(r.body, 'ends_on'),
	    '終了日は開始日以降にしてください');
	assert.equal(inputValue(r.body, 'title_en'), fields.title_en);
	assert.equal(inputValue(r.body, 'cabinet_decision_on'), `${Y}-02-30`);
	assert.equal(textareaValue(r.body, 'mandate_en'), 'kept\nas typed');
	assert.deepEqual(selectedOptions(r.body, 'country'), ['SS']);
	assert.deepEqual(selectedOptions(r.body, 'operation_type'), ['pko']);
	assert.match(r.body, /<option value="SS" selected>南スーダン<\/option>/);
	// A code that is no country: the database's key says so.
	r = await reviewer.post('/plans/new?lang=en', planFields({
	    country: 'XX' }));
	assert.equal(r.status, 422);
	assert.deepEqual(errorSummary(r.body), ['country']);
	assert.equal(fieldError(r.body, 'country'),
	    'Choose a country from the list');
	assert.match(r.body, /<option value="SS">South Sudan<\/option>/);
	// Edit of a plan that does not exist.
	assert.equal((await reviewer.get('/plans/999999999/edit')).status, 404);
	assert.equal((await reviewer.get('/plans/abc')).status, 404);
	r = await reviewer.post('/plans/999999999/edit', { title_ja: 'a',
	    title_en: 'b', basis: 'host_request', basis_detail: 'c' });
	assert.equal(r.status, 404);
});

test('approval is refused until the five principles are satisfied, with '
    + 'a clear message; then allowed, with who and why in the history',
async () => {
	const id = await newPlan();
	let r = await reviewer.post(`/plans/${id}/status?lang=en`,
	    { plan_action: 'approve', plan_reason: '' });
	assert.equal(r.status, 409);
	assert.match(refusal(r.body), /cannot be approved or resumed until all Five Principles are recorded as satisfied/);
	for (let no = 1; no <= 4; no++)
		await principle(id, no);
	await principle(id, 5, 'no');
	r = await reviewer.post(`/plans/${id}/status?lang=ja`,
	    { plan_action: 'approve' });
	assert.equal(r.status, 409);
	assert.match(refusal(r.body), /参加五原則のすべてが満たされていると記録されるまで/);
	assert.equal(status(id), 'draft');
	assert.equal(audits(id, 'plan.status').length, 0);
	// An action the status does not offer.
	r = await reviewer.post(`/plans/${id}/status?lang=en`,
	    { plan_action: 'complete' });
	assert.equal(r.status, 409);
	assert.match(refusal(r.body), /cannot change to that status/);
	// A principle form with mistakes keeps its values.
	r = await reviewer.post(`/plans/${id}/principles/5`,
	    { satisfied: 'maybe', confirmed_on: 'tomorrow', evidence: '保持' });
	assert.equal(r.status, 422);
	assert.match(r.body, /href="#f-p5-satisfied"/);
	// The radio group names its message and its options are invalid.
	assert.match(r.body, /<fieldset class="choices" id="f-p5-satisfied" [^>]*aria-describedby="e-p5-satisfied"/);
	assert.match(r.body, /<p class="error-message" id="e-p5-satisfied">/);
	for (const v of ['yes', 'no'])
		assert.match(r.body, new RegExp(`<input type="radio" id="f-p5-satisfied-${v}"[^>]* aria-invalid="true"`), v);
	assert.match(r.body, /href="#f-p5-confirmed_on"/);
	assert.match(r.body, /id="f-p5-confirmed_on" name="confirmed_on" value="tomorrow"/);
	assert.match(r.body, /<textarea id="f-p5-evidence"[^>]*>保持<\/textarea>/);
	assert.equal((await reviewer.post(`/plans/${id}/principles/6`,
	    { satisfied: 'yes', confirmed_on: `${Y}-01-01` })).status, 404);

	await principle(id, 5);
	const page = await reviewer.get(`/plans/${id}?lang=ja`);
	assert.match(page.body, /<option value="approve">承認<\/option>/);
	assert.ok(!page.body.includes('<option value="complete">'));
	r = await reviewer.post(`/plans/${id}/status`,
	    { plan_action: 'approve', plan_reason: '閣議決定による' });
	assert.equal(r.status, 303);
	assert.equal(status(id), 'approved');
	const [st] = audits(id, 'plan.status');
	assert.equal(st.before.status, 'draft');
	assert.equal(st.after.status, 'approved');
	assert.equal(audits(id, 'plan.principle').length, 6);
	const hist = (await reviewer.get(`/plans/${id}?lang=ja`)).body;
	assert.match(hist, new RegExp(`<td>${reviewer.account.login}</td><td>下書き → 承認済み</td><td class="pre">閣議決定による</td>`));
});

test('a lapse suspends the plan and shows the banner on every page of it; '
    + 're-confirming lifts it', async () => {
	const id = await newPlan();
	await allPrinciples(id);
	assert.equal((await reviewer.post(`/plans/${id}/status`,
	    { plan_action: 'approve' })).status, 303);
	for (const p of [`/plans/${id}`, `/plans/${id}/edit`])
		assert.ok(!banner((await reviewer.get(p)).body), p);
	await principle(id, 2, 'no');
	assert.equal(status(id), 'suspended');
	for (const p of [`/plans/${id}`, `/plans/${id}/edit`,
	    `/plans/${id}?lang=en`]) {
		const page = await reviewer.get(p);
		assert.ok(banner(page.body), p);
	}
	const en = await reviewer.get(`/plans/${id}?lang=en`);
	assert.match(en.body, /This plan is suspended/);
	assert.match(en.body, /Principle 2: Consent of the host country/);
	const [lapse] = audits(id, 'plan.principle').slice(-1);
	assert.equal(lapse.before.satisfied, true);
	assert.equal(lapse.after.satisfied, false);
	assert.equal(lapse.after.plan_status, 'suspended');
	// Suspended: no approval by hand either.
	const r = await reviewer.post(`/plans/${id}/status`,
	    { plan_action: 'approve' });
	assert.equal(r.status, 409);
	await principle(id, 2);
	assert.equal(status(id), 'approved');
	assert.ok(!banner((await reviewer.get(`/plans/${id}`)).body));
	assert.match((await reviewer.get(`/plans/${id}?lang=ja`)).body,
	    /承認済み → 停止中[\s\S]*停止中 → 承認済み/);
});

test('termination needs a reason, ends the open assignments and queues '
    + 'their mail', async () => {
	const id = await newPlan();
	await allPrinciples(id);
	await reviewer.post(`/plans/${id}/status`, { plan_action: 'approve' });
	const pos = position(id);
	const people = await acceptedPeople(2);
	const a = people.map((p) => assign(pos, p));
	let r = await reviewer.post(`/plans/${id}/status`,
	    { plan_action: 'terminate', plan_reason: '  ' });
	assert.equal(r.status, 422);
	assert.deepEqual(errorSummary(r.body), ['plan_reason']);
	assert.match(r.body, /<option value="terminate" selected>/);
	r = await reviewer.post(`/plans/${id}/status`,
	    { plan_action: 'terminate', plan_reason: '治安の悪化' });
	assert.equal(r.status, 303);
	assert.equal(status(id), 'terminated');
	assert.deepEqual(sqlRows(`SELECT status, end_reason FROM assignments
	    WHERE id = ANY(:'a'::bigint[]) ORDER BY id`,
	{ a: `{${a.join(',')}}` }), [['terminated', '治安の悪化'],
	    ['terminated', '治安の悪化']]);
	assert.equal(sql1(`SELECT count(*) FROM mail_outbox WHERE kind =
	    'assignment_ended' AND application_id = ANY(:'p'::bigint[])`,
	{ p: `{${people.join(',')}}` }), '2');
	const page = (await reviewer.get(`/plans/${id}?lang=ja`)).body;
	assert.ok(!page.includes('action="/plans/' + id + '/status"'),
	    'nothing follows a termination');
	assert.ok(!page.includes('action="/plans/' + id + '/amend"'));
	assert.match(page, /終了（打切り）/);
	r = await reviewer.post(`/plans/${id}/amend?lang=en`, {
	    amend_starts_on: `${Y}-01-01`, amend_ends_on: `${Y + 1}-12-31`,
	    amend_cabinet_decision_on: `${Y}-06-01`, amend_reason: 'later' });
	assert.equal(r.status, 409);
	assert.match(refusal(r.body), /can no longer be amended/);
	assert.equal(sql1(`SELECT ends_on FROM plans WHERE id = :'p'`,
	    { p: id }), `${Y}-12-31`);
});

test('an amendment is refused while positions or assignments fall '
    + 'outside, listing them; a valid one is in the history', async () => {
	const id = await newPlan();
	await allPrinciples(id);
	await reviewer.post(`/plans/${id}/status`, { plan_action: 'approve' });
	const pos = position(id, `${Y}-02-01`, `${Y}-10-31`);
	const [person] = await acceptedPeople(1);
	assign(pos, person, `${Y}-03-01`, `${Y}-05-31`);
	const ref = sql1(`SELECT reference FROM applications WHERE id = :'a'`,
	    { a: person });
	let r = await reviewer.post(`/plans/${id}/amend?lang=en`, {
	    amend_starts_on: `${Y}-01-01`, amend_ends_on: `${Y}-04-30`,
	    amend_cabinet_decision_on: `${Y}-01-20`, amend_reason: 'shorter' });
	assert.equal(r.status, 409);
	const text = refusal(r.body);
	assert.match(text, /A position falls outside the new period/);
	assert.match(text, /Position: Election observer ?: .*-02-01 – .*-10-31/);
	assert.match(text, new RegExp(`Assignment: ${ref} .* \\(Election observer\\): ${Y}-03-01 – ${Y}-05-31`));
	assert.equal(inputValue(r.body, 'amend_ends_on'), `${Y}-04-30`);
	assert.equal(sql1(`SELECT ends_on FROM plans WHERE id = :'p'`,
	    { p: id }), `${Y}-12-31`);
	// Form mistakes.
	r = await reviewer.post(`/plans/${id}/amend`, { amend_starts_on:
	    `${Y}-05-01`, amend_ends_on: `${Y}-04-30`,
	    amend_cabinet_decision_on: '', amend_reason: '' });
	assert.equal(r.status, 422);
	assert.deepEqual(errorSummary(r.body), ['amend_ends_on',
	    'amend_cabinet_decision_on', 'amend_reason']);
	// An extension.
	r = await reviewer.post(`/plans/${id}/amend`, {
	    amend_starts_on: `${Y}-01-01`, amend_ends_on: `${Y + 1}-06-30`,
	    amend_cabinet_decision_on: `${Y}-11-20`, amend_reason: '延長' });
	assert.equal(r.status, 303);
	assert.deepEqual(sqlRows(`SELECT from_status, to_status, old_period,
	    new_period, cabinet_decision_on, reason FROM plan_history WHERE
	    plan_id = :'p' AND new_period IS NOT NULL`, { p: id }),
	[['approved', 'approved', `[${Y}-01-01,${Y + 1}-01-01)`,
	    `[${Y}-01-01,${Y + 1}-07-01)`, `${Y}-11-20`, '延長']]);
	const [am] = audits(id, 'plan.amend');
	assert.equal(am.before.ends_on, `${Y}-12-31`);
	assert.equal(am.after.ends_on, `${Y + 1}-06-30`);
	const page = (await reviewer.get(`/plans/${id}?lang=ja`)).body;
	assert.match(page, new RegExp(`期間の変更: ${Y}-01-01 – ${Y}-12-31 → ${Y}-01-01 – ${Y + 1}-06-30`));
	assert.match(page, /<td class="num">1 \/ 3<\/td>/);
	assert.ok(page.includes(ref), 'the roster');
});

test('the roster as CSV, audited', async () => {
	const id = await newPlan();
	await allPrinciples(id);
	await reviewer.post(`/plans/${id}/status`, { plan_action: 'approve' });
	const pos = position(id);
	const [person] = await acceptedPeople(1);
	assign(pos, person);
	const r = await reviewer.get(`/plans/${id}/roster.csv?lang=en`);
	assert.equal(r.status, 200);
	assert.match(r.res.headers.get('content-type'), /^text\/csv/);
	assert.match(r.res.headers.get('content-disposition'),
	    new RegExp(`attachment; filename="plan-${id}-roster-\\d{8}\\.csv"`));
	const lines = r.body.replace(/^\uFEFF/, '').trim().split('\r\n');
	assert.equal(lines[0], 'Reference,Name,Position,Start,End,Status');
	assert.match(lines[1], new RegExp(`^PC-.*,Election observer,${Y}-03-01,${Y}-05-31,Proposed$`));
	assert.equal(audits(id, 'plan.roster_export')[0].after.rows, 1);
	assert.equal((await reviewer.get('/plans/999999999/roster.csv')).status,
	    404);
});

test('administrators manage plans too; liaison officers (and instructors) '
    + 'get 403; visitors the sign-in', async (t) => {
	const id = await newPlan({}, admin);
	assert.equal((await admin.get(`/plans/${id}`)).status, 200);
	const others = [await staffClient('ministry', { ministry: 'MOD' })];
	try {
		others.push(await staffClient('instructor'));
	} catch {
		t.diagnostic('no instructor role in this build');
	}
	const posts = [['/plans/new', planFields()],
	    [`/plans/${id}/edit`, { title_ja: 'x' }],
	    [`/plans/${id}/status`, { plan_action: 'approve' }],
	    [`/plans/${id}/amend`, {}], [`/plans/${id}/principles/1`, {}]];
	for (const c of others) {
		for (const p of ['/plans', '/plans/new',
		    `/plans/${id}`, `/plans/${id}/edit`,
		    `/plans/${id}/roster.csv`])
			assert.equal((await c.get(p)).status, 403, p);
		for (const [p, f] of posts)
			assert.equal((await c.post(p, f)).status, 403, p);
	}
	const visitor = new Client();
	const r = await visitor.get('/plans');
	assert.equal(r.status, 303);
	assert.match(r.location, /^\/login\?next=/);
	assert.equal(sql1(`SELECT count(*) FROM audit_log WHERE object_type =
	    'plan' AND object_id = :'p' AND action <> 'plan.add'`, { p: id }),
	'0');
});

test('every plan POST needs CSRF proof', async () => {
	const id = await newPlan();
	const posts = [['/plans/new', planFields()],
	    [`/plans/${id}/edit`, { title_ja: 'x', title_en: 'y',
		basis: 'host_request', basis_detail: 'z' }],
	    [`/plans/${id}/status`, { plan_action: 'terminate',
		plan_reason: 'r' }],
	    [`/plans/${id}/amend`, { amend_starts_on: `${Y}-01-01`,
		amend_ends_on: `${Y}-02-01`, amend_cabinet_decision_on:
		`${Y}-01-01`, amend_reason: 'r' }],
	    [`/plans/${id}/principles/1`, { satisfied: 'yes',
		confirmed_on: `${Y}-01-01` }]];
	for (const [p, f] of posts) {
		let r = await reviewer.post(p, f, { csrf: false });
		assert.equal(r.status, 403, `${p} without a token`);
		r = await reviewer.post(p, { ...f, csrf: 'forged' });
		assert.equal(r.status, 403, `${p} with a wrong token`);
		r = await reviewer.post(p, f, { headers: { ...sameOrigin,
		    'sec-fetch-site': 'cross-site', origin: 'http://evil.test' } });
		assert.equal(r.status, 403, `${p} from another site`);
	}
	assert.equal(status(id), 'draft');
	assert.equal(sql1(`SELECT count(*) FROM plan_principles
	    WHERE plan_id = :'p'`, { p: id }), '0');
});

// The dashboard's box of suspended plans, or ''.
const flagged = (html) =>
	(/id="suspended-plans"[\s\S]*?<\/div>/.exec(html) ?? [''])[0];

// The dashboard's number in the cell with id.
function cell(html, id) {
	const m = new RegExp(`id="${id}">(\\d+)<`).exec(html);
	assert.ok(m, id);
	return Number(m[1]);
}

test('the dashboard: suspended plans flagged, people deployed by plan and '
    + 'country; open places against people ready', async () => {
	const dash = async () => (await reviewer.get('/review?lang=en')).body;
	// A course election observers need, before the counts are read.
	const course = sql1(`INSERT INTO courses (code, title_ja, title_en,
	    hours, delivery, required_for) VALUES (:'c', '選挙', 'Election', 6,
	    'in_person', '{election}') RETURNING id`,
	{ c: `EL-${Date.now() % 1000000}` });
	const before = await dash();
	const id = await newPlan({ operation_type: 'election', country: 'TL',
	    title_en: `Timor ${tag()}` });
	await allPrinciples(id);
	await reviewer.post(`/plans/${id}/status`, { plan_action: 'approve' });
	const pos = position(id, `${Y}-02-01`, `${Y}-10-31`, 4);
	const [sent, ready, untrained] = await acceptedPeople(3,
	    { operations: ['election'] });
	for (const p of [sent, ready])
		sqlRows(`INSERT INTO certificates (application_id, course_id,
		    completed_on) SELECT :'a', id, current_date - 10 FROM courses
		    WHERE retired_at IS NULL AND required_for && '{election}'`,
		{ a: p });
	assert.ok(course && untrained);
	const a = assign(pos, sent);
	for (const s of ['confirmed', 'dispatched'])
		sqlRows(`UPDATE assignments SET status = :'s' WHERE id = :'a'`,
		    { s, a });
	let after = await dash();
	assert.equal(cell(after, 'open-election') - cell(before,
	    'open-election'), 3, 'four places, one taken');
	assert.equal(cell(after, 'ready-election') - cell(before,
	    'ready-election'), 1, 'trained, not assigned');
	assert.match(after, new RegExp(`<tr id="deployed-${id}"><th scope="row"><a href="/plans/${id}">Timor [^<]*</a></th><td>Timor-Leste</td><td class="num">1</td></tr>`));
	assert.match(after, /<tr><th scope="row">Timor-Leste<\/th><td class="num">\d+<\/td><\/tr>/);
	assert.ok(!flagged(after).includes(`href="/plans/${id}"`));

	await principle(id, 1, 'no');
	after = await dash();
	assert.match(flagged(after), new RegExp(`<a href="/plans/${id}">Timor`));
	assert.equal(cell(after, 'open-election'), cell(before,
	    'open-election'), 'a suspended plan has no open places');
	await principle(id, 1);
	assert.ok(!flagged(await dash()).includes(`href="/plans/${id}"`));
});

// Today in Japan, as SQL.
const TODAY = "(now() AT TIME ZONE 'Asia/Tokyo')::date";

// Ready as the dashboard means it, written from the applications, the
// courses and the certificates (not from the training summary): person
// a accepted, holding today a valid certificate of every course a type
// they wish to join requires, and with no open assignment that has not
// ended.
const READY = `a.status = 'accepted' AND NOT EXISTS (SELECT FROM courses c
    WHERE c.retired_at IS NULL AND c.required_for && a.operations
    AND NOT EXISTS (SELECT FROM certificates t WHERE t.application_id = a.id
	AND t.course_id = c.id AND coalesce(t.valid_until, 'infinity')
	>= ${TODAY})) AND NOT EXISTS (SELECT FROM assignments x
    WHERE x.application_id = a.id AND x.ends_on >= ${TODAY}
    AND x.status IN ('proposed', 'confirmed', 'dispatched'))`;

// Per operation type, [open places, people ready] counted from the
// plans, positions, assignments and applications.
function truth() {
	const n = Object.fromEntries(['pko', 'icops', 'relief', 'election']
	    .map((op) => [op, [0, 0]]));
	for (const [op, k] of sqlRows(`SELECT p.operation,
	    sum(greatest(pos.headcount - (SELECT count(*) FROM assignments x
		WHERE x.position_id = pos.id
		AND x.status IN ('proposed', 'confirmed', 'dispatched')), 0))
	    FROM plans p JOIN positions pos ON pos.plan_id = p.id
	    WHERE p.status IN ('approved', 'in_progress')
	    AND pos.ends_on >= ${TODAY} GROUP BY 1`))
		n[op][0] = Number(k);
	for (const [op, k] of sqlRows(`SELECT op, count(*) FROM applications a,
	    unnest(a.operations) op WHERE ${READY} GROUP BY 1`))
		n[op][1] = Number(k);
	return n;
}

// Whether person counts as ready for op by READY.
const isReady = (person, op) => sql1(`SELECT EXISTS (SELECT FROM
    applications a WHERE a.id = :'a' AND :'op' = ANY(a.operations)
    AND ${READY})`, { a: person, op }) === 't';

const labels = {
	ja: { pko: '国際連合平和維持活動（PKO）', election: '国際的な選挙監視活動' },
	en: { pko: 'UN Peacekeeping Operations',
	    election: 'International Election Observation Operations' },
};

// Asserts that the dashboard in lang shows truth() per operation type,
// read between two equal counts (other test files run at once: a count
// that moved meanwhile is read again).
async function assertReadiness(lang, what) {
	for (let i = 0; ; i++) {
		const want = truth();
		const page = await reviewer.get(`/review?lang=${lang}`);
		assert.equal(page.status, 200);
		if (i < 20 && JSON.stringify(truth()) !== JSON.stringify(want))
			continue;
		const t = /<table class="data" id="open-ready">[\s\S]*?<\/table>/
		    .exec(page.body);
		assert.ok(t, `${what}: the table in ${lang}`);
		for (const [op, [open, ready]] of Object.entries(want)) {
			assert.equal(cell(t[0], `open-${op}`), open,
			    `${what} (${lang}): open ${op}`);
			assert.equal(cell(t[0], `ready-${op}`), ready,
			    `${what} (${lang}): ready ${op}`);
		}
		for (const [op, label] of Object.entries(labels[lang]))
			assert.ok(t[0].includes(`<tr><th scope="row">${label}</th>` +
			    `<td class="num" id="open-${op}">`), `${lang}: ${op}`);
		return;
	}
}

test('open places and people ready on the dashboard match the plans and '
    + 'the applications through every change, in Japanese and English',
async () => {
	const check = async (what) => {
		for (const lang of ['ja', 'en'])
			await assertReadiness(lang, what);
	};
	await check('at the start');
	const id = await newPlan({ operation_type: 'pko' });
	await allPrinciples(id);
	const pos = position(id, `${Y}-02-01`, `${Y}-10-31`, 3);
	await check('a draft plan has no open places');
	await reviewer.post(`/plans/${id}/status`, { plan_action: 'approve' });
	assert.equal(status(id), 'approved');
	await check('an approved plan');
	// A plan running since two months ago, with a position that ended
	// yesterday and one that ends today.
	const [from, yesterday, today] = sqlRows(`SELECT ${TODAY} - 60,
	    ${TODAY} - 1, ${TODAY}`)[0];
	const now = await newPlan({ operation_type: 'election', starts_on: from,
	    cabinet_decision_on: from });
	await allPrinciples(now);
	await reviewer.post(`/plans/${now}/status`, { plan_action: 'approve' });
	assert.equal(status(now), 'approved');
	position(now, from, yesterday, 2);
	const last = position(now, from, today, 1);
	await check('positions ending yesterday and today');

	// A person wishing to join relief, accepted, with a certificate of
	// every course there is (other test files add courses for pko,
	// relief and election).
	const [p] = await acceptedPeople(1, { operations: ['relief'] });
	sqlRows(`INSERT INTO certificates (application_id, course_id,
	    completed_on) SELECT :'a', id, ${TODAY} - 1 FROM courses`, { a: p });
	assert.ok(isReady(p, 'relief') && !isReady(p, 'icops'));
	await check('accepted');
	// Their wished types change: the summary follows.
	sqlRows(`UPDATE applications SET operations = '{icops,election}'
	    WHERE id = :'a'`, { a: p });
	assert.ok(isReady(p, 'icops') && isReady(p, 'election'));
	assert.ok(!isReady(p, 'relief'));
	await check('operation types changed');
	// A course icops requires (the other test files' courses are for
	// pko and election), without their certificate: ready for neither
	// type they wish.
	const course = makeCourse({ required_for: '{icops}',
	    validity_months: 12 });
	assert.ok(!isReady(p, 'icops') && !isReady(p, 'election'));
	await check('a course required');
	// Certified a month ago (valid a year): ready again; expired: not.
	const cert = sql1(`INSERT INTO certificates (application_id, course_id,
	    completed_on, validity_months) VALUES (:'a', :'c', ${TODAY} - 30,
	    12) RETURNING id`,
	{ a: p, c: course });
	assert.ok(isReady(p, 'icops'));
	await check('certified');
	sqlRows(`UPDATE certificates SET completed_on = ${TODAY} - 400
	    WHERE id = :'t'`, { t: cert });
	assert.ok(!isReady(p, 'icops'));
	await check('the certificate expired');
	sqlRows(`UPDATE certificates SET completed_on = ${TODAY} - 30
	    WHERE id = :'t'`, { t: cert });
	// An open assignment takes a place and the person; withdrawn, it
	// gives both back.
	const a = assign(pos, p);
	assert.ok(!isReady(p, 'icops'));
	await check('assigned');
	sqlRows(`UPDATE assignments SET status = 'withdrawn', end_reason = 'x'
	    WHERE id = :'a'`, { a });
	assert.ok(isReady(p, 'icops'));
	await check('withdrawn');
	// An open assignment that ended yesterday takes the place (its
	// position ends today) but no longer the person.
	sqlRows(`INSERT INTO assignments (position_id, application_id,
	    starts_on, ends_on, acknowledged) VALUES (:'pos', :'a', :'s', :'e',
	    '{before_earliest_start}')`, { pos: last, a: p, s: from,
	    e: yesterday });
	assert.ok(isReady(p, 'icops'));
	await check('an assignment that ended');
	// The course retired: nothing required any more.
	sqlRows(`UPDATE courses SET retired_at = now() WHERE id = :'c'`,
	    { c: course });
	await check('the course retired');
});

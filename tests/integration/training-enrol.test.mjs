// Enrolment in training sessions (issue 14) through the pages: the bulk
// enrolment's result page (enrolled, waitlisted, refused and why), who may
// post it, the removal by staff with the waitlist's promotion and its mail
// at a real SMTP server, the cancellation's mail, the applicant's answer
// on the status page and the liaison's view and decline.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { get, request, sql1, sqlRows, submitValid, validFields } from
    './lib.mjs';
import { insertNomination } from './nominations.mjs';
import { Sink, startMailer, stopMailer, until } from './smtp.mjs';
import { createStaff, sameOrigin, staffClient } from './staff.mjs';
import { makeCourse, makeSession, states } from './training.mjs';

const reviewer = await staffClient('reviewer');
const sink = new Sink();

before(async () => {
	await sink.up();
});

after(async () => {
	await sink.down();
});

// Moves applications (ids) to accepted, as the state machine wants.
function accept(ids) {
	for (const to of ['screening', 'accepted'])
		sqlRows(`UPDATE applications SET status = :'s'
		    WHERE id = ANY(:'ids'::bigint[])`,
		{ s: to, ids: `{${ids.join(',')}}` });
}

// n accepted public applicants in lang, in id order: [{id, token,
// reference, email}].
async function people(n, lang = 'ja') {
	const out = [];
	for (let i = 0; i < n; i++)
		out.push(await submitValid(validFields(),
		    lang === 'en' ? { query: '?lang=en' } : {}));
	accept(out.map((p) => p.id));
	for (const p of out)
		p.email = sql1('SELECT email FROM applications WHERE id = :\'id\'',
		    { id: p.id });
	return out.sort((a, b) => Number(a.id) - Number(b.id));
}

// Enrols application id in session s directly, as training_enrol does.
function enrolSql(s, id) {
	return sql1('SELECT training_enrol(:\'s\', :\'id\', NULL)', { s, id });
}

// POSTs the bulk enrolment as client c (ids in the order given).
function enrol(c, session, ids, opts) {
	return c.post('/training/enrol', [['session', session],
	    ...ids.map((id) => ['id', id])], opts);
}

// The result page's rows: {id: [result, text]}.
function results(body) {
	const out = {};
	for (const m of body.matchAll(/<tr class="enrol-([a-z_]+)" data-id="(\d+)">.*?<td>(?:<strong>)?([^<]*)(?:<\/strong>)?<\/td><\/tr>/g))
		out[m[2]] = [m[1], m[3]];
	return out;
}

// The state, response and end reason of application id's enrolment in s.
function enrolment(s, id) {
	return sqlRows(`SELECT id, state, coalesce(response, ''),
	    coalesce(end_reason, '') FROM enrolments WHERE session_id = :'s'
	    AND application_id = :'id' ORDER BY id DESC LIMIT 1`, { s, id })[0];
}

test('bulk enrolment: enrolled, waitlisted, and each refusal with its reason',
    async () => {
	const course = makeCourse();
	const other = makeCourse();
	const s = makeSession(course, { capacity: 3, days: 200 });
	const clash = makeSession(other, { capacity: 5, days: 200 });
	const [a, b, c, e, f] = await people(5);
	const d = (await submitValid(validFields())).id; // not accepted
	assert.equal(enrolSql(s, e.id), 'enrolled');
	assert.equal(enrolSql(clash, f.id), 'enrolled');
	const r = await enrol(reviewer, s, [c.id, d, a.id, e.id, f.id, b.id]);
	assert.equal(r.status, 200, r.body);
	const got = results(r.body);
	// In the order of the ids: a and b take the two seats left.
	assert.deepEqual(Object.fromEntries(Object.entries(got)
	    .map(([k, v]) => [k, v[0]])), {
		[a.id]: 'enrolled', [b.id]: 'enrolled', [c.id]: 'waitlisted',
		[d]: 'not_accepted', [e.id]: 'already_enrolled',
		[f.id]: 'overlap' });
	assert.equal(got[d][1], '登録できません：応募が採用になっていません');
	assert.match(got[e.id][1], /既に登録済み/);
	assert.match(got[f.id][1], /時間が重なる/);
	assert.equal(got[c.id][1], 'キャンセル待ちに登録しました');
	assert.match(r.body, /登録：2名/);
	assert.match(r.body, /キャンセル待ち：1名/);
	assert.match(r.body, /登録できず：3名/);
	assert.match(r.body, /<dd id="enrol-seats">3 \/ 3<\/dd>/);
	assert.deepEqual(states(s), { enrolled: 3, waitlisted: 1 });
	// Audited, one row per enrolment made, with the reviewer's account.
	assert.deepEqual(sqlRows(`SELECT object_id, after->>'state', login
	    FROM audit_log WHERE action = 'enrolment.add'
	    AND (after->>'session')::bigint = :'s' ORDER BY id`, { s }),
	[[a.id, 'enrolled', reviewer.account.login],
	    [b.id, 'enrolled', reviewer.account.login],
	    [c.id, 'waitlisted', reviewer.account.login]]);
	// Invitations for the seats, none for the waitlist.
	assert.equal(sql1(`SELECT count(*) FROM mail_outbox WHERE kind =
	    'training_invitation' AND (data->>'session')::bigint = :'s'
	    AND application_id IN (:'a', :'b', :'c')`,
	{ s, a: a.id, b: b.id, c: c.id }), '2');
	// The reasons in English.
	const en = await reviewer.post('/training/enrol?lang=en',
	    [['session', s], ['id', d], ['id', f.id]]);
	assert.equal(en.status, 200);
	const eg = results(en.body);
	assert.equal(eg[d][1], 'Refused: the application is not accepted');
	assert.equal(eg[f.id][1],
	    'Refused: enrolled in another session at an overlapping time');
	await reviewer.get('/review?lang=ja');
});

test('bulk enrolment refuses cancelled, completed and seatless sessions',
    async () => {
	const course = makeCourse();
	const [p] = await people(1);
	const cancelled = makeSession(course);
	sqlRows(`UPDATE training_sessions SET status = 'cancelled',
	    cancel_reason = '台風' WHERE id = :'s'`, { s: cancelled });
	const completed = makeSession(course);
	sqlRows(`UPDATE training_sessions SET status = 'completed'
	    WHERE id = :'s'`, { s: completed });
	const none = makeSession(course, { capacity: 0 });
	for (const [s, want, text] of [
		[cancelled, 'session_closed', /中止または終了/],
		[completed, 'session_closed', /中止または終了/],
		[none, 'no_capacity', /定員は0名/]]) {
		const r = await enrol(reviewer, s, [p.id]);
		assert.equal(r.status, 200);
		const got = results(r.body);
		assert.equal(got[p.id][0], want);
		assert.match(got[p.id][1], text);
		assert.deepEqual(states(s), {});
	}
});

test('bulk enrolment: bad input and who may post it', async () => {
	const s = makeSession(makeCourse());
	const [p] = await people(1);
	let r = await reviewer.post('/training/enrol', [['session', s]]);
	assert.equal(r.status, 422);
	assert.match(r.body, /1人以上選んでください/);
	// The keyboard starts at the message, as after any 422.
	assert.match(r.body, /<div [^>]*id="enrol-error" tabindex="-1" autofocus>/);
	r = await reviewer.post('/training/enrol', [['id', p.id]]);
	assert.equal(r.status, 422);
	r = await reviewer.post('/training/enrol', [['session', '99999999'],
	    ['id', p.id]]);
	assert.equal(r.status, 422);
	assert.match(r.body, /見つかりません/);
	r = await reviewer.post('/training/enrol', [['session', s],
	    ['id', 'x1']]);
	assert.equal(r.status, 400);
	// No CSRF token, or from another site: refused, nothing enrolled.
	r = await enrol(reviewer, s, [p.id], { csrf: false });
	assert.equal(r.status, 403);
	r = await enrol(reviewer, s, [p.id], { headers: {
	    'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
	assert.equal(r.status, 403);
	// A liaison officer may not; nobody signed in goes to sign in.
	const liaison = await staffClient('ministry', { ministry: 'MOFA' });
	r = await enrol(liaison, s, [p.id]);
	assert.equal(r.status, 403);
	const anon = await request('/training/enrol', { method: 'POST',
	    headers: { ...sameOrigin,
	    'content-type': 'application/x-www-form-urlencoded' },
	    body: `session=${s}&id=${p.id}` });
	assert.equal(anon.status, 303);
	assert.equal(anon.headers.get('location'), '/login');
	r = await reviewer.post(`/training/enrolments/${s}/remove`,
	    { reason: 'x' }, { csrf: false });
	assert.equal(r.status, 403);
	assert.deepEqual(states(s), {});
});

test('an instructor may not enrol', { skip: (() => {
	try {
		createStaff('instructor');
		return false;
	} catch {
		return 'corps-admin has no instructor role on this branch';
	}
})() }, async () => {
	const s = makeSession(makeCourse());
	const [p] = await people(1);
	const instructor = await staffClient('instructor');
	assert.equal((await enrol(instructor, s, [p.id])).status, 403);
	assert.deepEqual(states(s), {});
});

test('removal promotes the waitlist, audited, and the promoted person is mailed',
    async () => {
	const course = makeCourse({ title_ja: '安全対策基礎', title_en: 'Security basics' });
	const s = makeSession(course, { capacity: 1, days: 120 });
	const [a, b] = await people(2);
	assert.equal(enrolSql(s, a.id), 'enrolled');
	assert.equal(enrolSql(s, b.id), 'waitlisted');
	const [ea] = enrolment(s, a.id);
	// Without a reason: the form again, nothing changed.
	let r = await reviewer.post(`/training/enrolments/${ea}/remove`,
	    { reason: '  ' });
	assert.equal(r.status, 422);
	assert.match(r.body, /取り消す理由を入力してください/);
	assert.deepEqual(states(s), { enrolled: 1, waitlisted: 1 });
	const m = startMailer(sink);
	try {
		r = await reviewer.post(`/training/enrolments/${ea}/remove`,
		    { reason: '健康上の理由' });
		assert.equal(r.status, 303);
		assert.equal(r.location, `/review/applications/${a.id}#training`);
		assert.deepEqual(enrolment(s, a.id).slice(1),
		    ['ended', '', 'removed']);
		assert.deepEqual(enrolment(s, b.id).slice(1), ['enrolled', '', '']);
		const got = await until(() => sink.to(b.email).find((x) =>
		    /研修のご案内/.test(x.parsed.subject)), 'the invitation');
		const starts = sql1(`SELECT to_char(starts_at AT TIME ZONE
		    'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') FROM training_sessions
		    WHERE id = :'s'`, { s });
		assert.equal(got.parsed.subject,
		    `【国際平和協力隊】研修のご案内：安全対策基礎（${starts}）`);
		assert.match(got.raw.toString('latin1'), /^Subject: =\?UTF-8\?B\?/m);
		const body = got.raw.subarray(got.raw.indexOf('\r\n\r\n') + 4);
		const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
		assert.match(text, new RegExp(b.reference));
		assert.match(text, /市ヶ谷/);
	} finally {
		await stopMailer(m);
	}
	// Again: it has ended.
	r = await reviewer.post(`/training/enrolments/${ea}/remove`,
	    { reason: 'もう一度' });
	assert.equal(r.status, 409);
	r = await reviewer.post('/training/enrolments/99999999/remove',
	    { reason: 'なし' });
	assert.equal(r.status, 404);
	const [eb] = enrolment(s, b.id);
	assert.deepEqual(sqlRows(`SELECT action, object_id, before->>'state',
	    after->>'state', coalesce(after->>'reason', '') FROM audit_log
	    WHERE object_type = 'enrolment' AND object_id IN (:'a', :'b')
	    ORDER BY id`, { a: ea, b: eb }),
	[['enrolment.remove', ea, 'enrolled', 'ended', '健康上の理由'],
	    ['enrolment.promote', eb, 'waitlisted', 'enrolled', '']]);
	// From the session's page, back there.
	const [c] = await people(1);
	assert.equal(enrolSql(s, c.id), 'waitlisted');
	r = await reviewer.post(`/training/enrolments/${enrolment(s, c.id)[0]}/remove`,
	    { reason: '重複', from: 'session' });
	assert.equal(r.location, `/training/sessions/${s}`);
});

test('a cancelled session mails each enrolled person, in their language',
    async () => {
	const course = makeCourse({ title_ja: '語学研修', title_en: 'Language course' });
	const s = makeSession(course, { place: null });
	const [p] = await people(1, 'en');
	assert.equal(enrolSql(s, p.id), 'enrolled');
	sqlRows(`UPDATE training_sessions SET status = 'cancelled',
	    cancel_reason = 'Typhoon' WHERE id = :'s'`, { s });
	const m = startMailer(sink);
	try {
		const got = await until(() => sink.to(p.email).find((x) =>
		    /cancelled/.test(x.parsed.subject)), 'the cancellation');
		assert.match(got.parsed.subject, /^\[International Peace Cooperation Corps\] Training cancelled: Language course \(\d{4}-\d\d-\d\d \d\d:\d\d\)$/);
		assert.match(got.parsed.text, /Reason: Typhoon/);
		assert.match(got.parsed.text, /Place: Online/);
	} finally {
		await stopMailer(m);
	}
});

// POSTs an answer on the status page of token.
function answer(token, enrolmentId, value, headers = sameOrigin) {
	return request(`/status/${token}/training`, { method: 'POST',
	    headers: { ...headers,
	    'content-type': 'application/x-www-form-urlencoded' },
	    body: `enrolment=${enrolmentId}&answer=${value}` });
}

test('the applicant confirms or declines on the status page', async () => {
	const course = makeCourse({ title_ja: '応急救護', title_en: 'First aid' });
	const s = makeSession(course, { capacity: 1 });
	const [a, b] = await people(2);
	assert.equal(enrolSql(s, a.id), 'enrolled');
	assert.equal(enrolSql(s, b.id), 'waitlisted');
	const [ea] = enrolment(s, a.id);
	let page = await get(`/status/${a.token}`);
	assert.equal(page.status, 200);
	assert.match(page.body, /<h2 id="training">研修<\/h2>/);
	assert.match(page.body, /応急救護/);
	assert.match(page.body, /name="answer" value="confirmed"/);
	// From another site: refused.
	let r = await answer(a.token, ea, 'confirmed', {
	    'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
	assert.equal(r.status, 403);
	assert.deepEqual(enrolment(s, a.id).slice(1), ['enrolled', '', '']);
	// Another's enrolment through one's own link: nothing changes.
	const [eb] = enrolment(s, b.id);
	r = await answer(a.token, eb, 'declined');
	assert.equal(r.status, 303);
	assert.match(r.headers.get('location'), /\?training=unchanged#training$/);
	assert.deepEqual(enrolment(s, b.id).slice(1), ['waitlisted', '', '']);
	r = await answer(a.token, ea, 'maybe');
	assert.equal(r.status, 400);
	r = await answer(a.token, ea, 'confirmed');
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'),
	    `/status/${a.token}?training=confirmed#training`);
	assert.deepEqual(enrolment(s, a.id).slice(1), ['enrolled', 'confirmed', '']);
	page = await get(`/status/${a.token}?training=confirmed`);
	assert.match(page.body, /出席の確認を受け付けました/);
	assert.doesNotMatch(page.body, /name="answer" value="confirmed"/);
	r = await answer(a.token, ea, 'declined');
	assert.equal(r.status, 303);
	assert.deepEqual(enrolment(s, a.id).slice(1),
	    ['ended', 'declined', 'declined']);
	assert.deepEqual(enrolment(s, b.id).slice(1), ['enrolled', '', '']);
	assert.deepEqual(sqlRows(`SELECT action, before->>'response',
	    after->>'response', after->>'state' FROM audit_log
	    WHERE object_type = 'enrolment' AND object_id IN (:'a', :'b')
	    ORDER BY id`, { a: ea, b: eb }),
	[['enrolment.answer', '', 'confirmed', 'enrolled'],
	    ['enrolment.answer', 'confirmed', 'declined', 'ended'],
	    ['enrolment.promote', '', '', 'enrolled']]);
	r = await answer('A'.repeat(43), ea, 'declined');
	assert.equal(r.status, 404);
});

test('a liaison sees and declines only their ministry\'s officers\' training',
    async () => {
	const mofa = await staffClient('ministry', { ministry: 'MOFA' });
	const mod = await staffClient('ministry', { ministry: 'MOD' });
	const n = insertNomination('MOFA');
	accept([n.id]);
	const course = makeCourse({ title_ja: '派遣前研修', title_en: 'Pre-deployment' });
	const s = makeSession(course);
	assert.equal(enrolSql(s, n.id), 'enrolled');
	const [e] = enrolment(s, n.id);
	const page = await mofa.get(`/ministry/nominations/${n.id}`);
	assert.equal(page.status, 200);
	assert.match(page.body, /派遣前研修/);
	assert.match(page.body, /本人に代わって辞退/);
	assert.equal((await mod.get(`/ministry/nominations/${n.id}`)).status, 404);
	let r = await mod.post(`/ministry/nominations/${n.id}/training`,
	    { enrolment: e, answer: 'declined' });
	assert.equal(r.status, 404);
	r = await mofa.post(`/ministry/nominations/${n.id}/training`,
	    { enrolment: e, answer: 'confirmed' });
	assert.equal(r.status, 400);
	assert.deepEqual(enrolment(s, n.id).slice(1), ['enrolled', '', '']);
	r = await mofa.post(`/ministry/nominations/${n.id}/training`,
	    { enrolment: e, answer: 'declined' });
	assert.equal(r.status, 303);
	assert.equal(r.location, `/ministry/nominations/${n.id}#training`);
	assert.deepEqual(enrolment(s, n.id).slice(1),
	    ['ended', 'declined', 'declined']);
	assert.equal(sql1(`SELECT login FROM audit_log WHERE action =
	    'enrolment.answer' AND object_id = :'e'`, { e }),
	mofa.account.login);
});

test('the reviewer\'s pages: the list\'s session select, a person\'s training',
    async () => {
	const course = makeCourse({ title_ja: '地雷回避', title_en: 'Mine awareness' });
	const s = makeSession(course, { capacity: 4, days: 1 });
	const [p] = await people(1);
	const list = await reviewer.get('/review/applications?status=accepted');
	assert.equal(list.status, 200);
	assert.match(list.body, /formaction="\/training\/enrol"/);
	assert.match(list.body, new RegExp(`<option value="${s}">[^<]*地雷回避 \\(残り4席\\)</option>`));
	let page = await reviewer.get(`/review/applications/${p.id}`);
	assert.match(page.body, /<form method="post" action="\/training\/enrol" id="enrol-one">/);
	assert.match(page.body, /研修の登録はありません/);
	assert.equal(enrolSql(s, p.id), 'enrolled');
	sqlRows(`INSERT INTO certificates (application_id, course_id,
	    completed_on, validity_months) VALUES (:'p', :'c', '2024-01-31', 1)`,
	{ p: p.id, c: course });
	page = await reviewer.get(`/review/applications/${p.id}?lang=en`);
	assert.match(page.body, /Mine awareness/);
	assert.match(page.body, /<td class="enrolment-state">Enrolled<\/td>/);
	assert.match(page.body, /2024-02-29 <strong>\(expired\)<\/strong>/);
	assert.match(page.body, new RegExp(`action="/training/enrolments/${enrolment(s, p.id)[0]}/remove"`));
	await reviewer.get('/review?lang=ja');
});

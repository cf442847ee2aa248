// Training's courses and sessions through the pages (issue 14): the
// instructor role, course and session changes with their validation and
// audit, retire versus delete, the session's roster and waitlist, what
// an instructor may reach, attendance and results making certificates
// (with and without a pass mark), the attendance sheet as CSV, and the
// external certificate with its evidence PDF.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { fixtures, inputValue, jstDate, multipart, request,
    selectedOptions, sql1, sqlObject, sqlRows, textareaValue }
    from './lib.mjs';
import { Client, corpsAdmin, createStaff, sameOrigin, staffClient }
    from './staff.mjs';
import { acceptedPeople, makeCourse, makeSession } from './training.mjs';

const reviewer = await staffClient('reviewer');

// The field names an error summary links to, in order (names with
// digits and hyphens too: the attendance form's).
function summary(html) {
	const m = /<div class="error-summary"[^>]*>([\s\S]*?)<\/div>/.exec(html);
	return m === null ? [] : [...m[1].matchAll(/<a href="#f-([a-z0-9_-]+)">/g)]
	    .map((x) => x[1]);
}

// The audit rows of action on object id: [before, after] as objects.
function audits(action, id) {
	return sqlRows(`SELECT coalesce(before::text, 'null'),
	    coalesce(after::text, 'null') FROM audit_log WHERE action = :'a'
	    AND object_id = :'id' ORDER BY id`, { a: action, id: String(id) })
	    .map(([b, a]) => [JSON.parse(b), JSON.parse(a)]);
}

let codeNo = 0;

// A valid course form; fields override.
function courseForm(fields = {}) {
	return { course_code: `C${process.pid % 1000}-${Date.now() % 100000}-` +
	    `${++codeNo}`, course_title_ja: '派遣前安全研修',
	course_title_en: 'Pre-deployment safety', course_description_ja: '',
	course_description_en: 'Field safety.', course_hours: '7.5',
	course_delivery: 'in_person', course_pass_mark: '',
	course_validity: '24', ...fields };
}

// A valid session form for course, days ahead; fields override.
function sessionForm(course, fields = {}) {
	return { course: String(course), session_start_date: jstDate(40),
	    session_start_time: '09:30', session_end_date: jstDate(40),
	    session_end_time: '17:00', session_place: '市ヶ谷',
	    session_capacity: '20', session_instructor: '', session_lang: 'ja',
	    ...fields };
}

// An instructor's account id and a client signed in with it.
async function instructor() {
	const c = await staffClient('instructor');
	c.id = sql1(`SELECT id FROM staff_accounts WHERE login = :'l'`,
	    { l: c.account.login });
	return c;
}

test('the instructor role: corps-admin, the admin page, home /teach',
    async () => {
	const acct = createStaff('instructor');
	assert.equal(sql1(`SELECT role FROM staff_accounts WHERE login = :'l'`,
	    { l: acct.login }), 'instructor');
	const bad = corpsAdmin(['user', 'add', '--login', 'inst-bad-x',
	    '--role', 'instructor', '--ministry', 'MOD'], 'long-enough-pw-1\n');
	assert.equal(bad.status, 1);
	const c = new Client();
	const r = await c.signIn(acct.login, acct.password);
	assert.equal(r.status, 303);
	assert.equal(r.location, '/teach');
	const home = await c.get('/teach');
	assert.equal(home.status, 200);
	assert.match(home.body, /href="\/teach"/, 'the navigation');

	const admin = await staffClient('admin');
	const form = await admin.get('/admin/users/new');
	assert.match(form.body, /<option value="instructor"/);
	const login = `inst-${Date.now() % 1000000}`;
	const add = await admin.post('/admin/users/new', { login,
	    role: 'instructor', ministry: '', new_password: '',
	    new_password_again: '' });
	assert.equal(add.status, 200, 'the generated password page');
	assert.equal(sql1(`SELECT role FROM staff_accounts WHERE login = :'l'`,
	    { l: login }), 'instructor');
	const withMinistry = await admin.post('/admin/users/new', {
	    login: `${login}x`, role: 'instructor', ministry: 'MOD',
	    new_password: '', new_password_again: '' });
	assert.equal(withMinistry.status, 422);
});

test('a course: added, shown, corrected, each audited; bad input is kept',
    async () => {
	const list = await reviewer.get('/training');
	assert.equal(list.status, 200);
	const f = courseForm({ course_code: ` c${Date.now() % 100000}-ab `,
	    course_pass_mark: '70', course_required_for: 'pko' });
	const body = new URLSearchParams(f);
	body.append('course_required_for', 'relief');
	const r = await reviewer.post('/training/courses/new', body);
	assert.equal(r.status, 303, summary(r.body).join());
	const id = /^\/training\/courses\/(\d+)$/.exec(r.location)[1];
	const code = f.course_code.trim().toUpperCase();
	assert.deepEqual(sqlObject(`SELECT code, hours::text, pass_mark,
	    validity_months, required_for, retired_at FROM courses
	    WHERE id = :'id'`, { id }), { code, hours: '7.5', pass_mark: 70,
	    validity_months: 24, required_for: ['pko', 'relief'],
	    retired_at: null });
	const [[before, after]] = audits('course.add', id);
	assert.equal(before, null);
	assert.equal(after.code, code);
	assert.deepEqual(after.required_for, ['pko', 'relief']);
	const page = await reviewer.get(r.location);
	assert.equal(page.status, 200);
	assert.ok(page.body.includes(code));
	assert.ok((await reviewer.get('/training')).body.includes(code));

	// Wrong: 422, each message at its field, what was typed kept.
	const bad = await reviewer.post('/training/courses/new', courseForm({
	    course_code: '-x', course_title_ja: '', course_hours: '0',
	    course_pass_mark: '101', course_validity: '0',
	    course_delivery: 'mail' }));
	assert.equal(bad.status, 422);
	assert.deepEqual(summary(bad.body), ['course_code', 'course_title_ja',
	    'course_hours', 'course_delivery', 'course_pass_mark',
	    'course_validity']);
	assert.equal(inputValue(bad.body, 'course_code'), '-x');
	assert.equal(inputValue(bad.body, 'course_hours'), '0');
	assert.equal(textareaValue(bad.body, 'course_description_en'),
	    'Field safety.');
	assert.match(bad.body, /class="error-summary"[^>]*autofocus/);
	const taken = await reviewer.post('/training/courses/new',
	    courseForm({ course_code: code }));
	assert.equal(taken.status, 422);
	assert.deepEqual(summary(taken.body), ['course_code']);

	// Corrected: the code is no field; before and after audited.
	const edit = await reviewer.get(`/training/courses/${id}/edit`);
	assert.equal(edit.status, 200);
	assert.equal(inputValue(edit.body, 'course_pass_mark'), '70');
	assert.doesNotMatch(edit.body, /id="f-course_code"/);
	const e = await reviewer.post(`/training/courses/${id}/edit`,
	    courseForm({ course_code: 'OTHER', course_title_en: 'Safety 2',
		course_pass_mark: '', course_validity: '' }));
	assert.equal(e.status, 303);
	assert.deepEqual(sqlObject(`SELECT code, title_en, pass_mark,
	    validity_months FROM courses WHERE id = :'id'`, { id }), { code,
	    title_en: 'Safety 2', pass_mark: null, validity_months: null });
	const [[b2, a2]] = audits('course.edit', id);
	assert.equal(b2.title_en, 'Pre-deployment safety');
	assert.equal(b2.pass_mark, '70');
	assert.equal(a2.title_en, 'Safety 2');
	const e422 = await reviewer.post(`/training/courses/${id}/edit`,
	    courseForm({ course_hours: 'x' }));
	assert.equal(e422.status, 422);
	assert.deepEqual(summary(e422.body), ['course_hours']);
	assert.equal((await reviewer.get('/training/courses/999999999/edit'))
	    .status, 404);
});

test('a course nothing refers to is deleted; one with sessions is retired',
    async () => {
	const r = await reviewer.post('/training/courses/new', courseForm());
	const id = r.location.split('/').pop();
	const page = await reviewer.get(r.location);
	assert.match(page.body, new RegExp(`action="/training/courses/${id}/delete"`));
	const del = await reviewer.post(`/training/courses/${id}/delete`);
	assert.equal(del.status, 303);
	assert.equal(del.location, '/training');
	assert.equal(sql1(`SELECT count(*) FROM courses WHERE id = :'id'`,
	    { id }), '0');
	assert.equal(audits('course.delete', id).length, 1);

	const used = makeCourse();
	const s = makeSession(used, { capacity: 2 });
	const [p] = await acceptedPeople(1);
	assert.equal(sql1(`SELECT training_enrol(:'s', :'p', NULL)`, { s, p }),
	    'enrolled');
	const usedPage = await reviewer.get(`/training/courses/${used}`);
	assert.match(usedPage.body,
	    new RegExp(`action="/training/courses/${used}/retire"`));
	const refused = await reviewer.post(`/training/courses/${used}/delete`);
	assert.equal(refused.status, 409);
	assert.equal(sql1(`SELECT count(*) FROM courses WHERE id = :'id'`,
	    { id: used }), '1');
	const ret = await reviewer.post(`/training/courses/${used}/retire`);
	assert.equal(ret.status, 303);
	assert.equal(sql1(`SELECT retired_at IS NOT NULL FROM courses
	    WHERE id = :'id'`, { id: used }), 't');
	const [[before]] = audits('course.retire', used);
	assert.equal(before.retired, false);
	assert.equal((await reviewer.get(`/training/sessions/new?course=${used}`))
	    .status, 404, 'no new session of a retired course');
	assert.equal(sql1(`SELECT state FROM enrolments WHERE session_id = :'s'`,
	    { s }), 'enrolled', 'its enrolments stay');
});

test('a session: scheduled in Japan time, corrected, cancelled, completed',
    async () => {
	const course = makeCourse();
	const teacher = createStaff('instructor');
	const tid = sql1(`SELECT id FROM staff_accounts WHERE login = :'l'`,
	    { l: teacher.login });
	const form = await reviewer.get(`/training/sessions/new?course=${course}`);
	assert.equal(form.status, 200);
	assert.match(form.body, new RegExp(`<option value="${tid}">`));
	assert.match(form.body, /type="time" id="f-session_start_time"/);

	const bad = await reviewer.post('/training/sessions/new',
	    sessionForm(course, { session_end_time: '09:00',
		session_capacity: '1001', session_start_time: '25:00',
		session_instructor: '0', session_place: '会議室' }));
	assert.equal(bad.status, 422);
	assert.deepEqual(summary(bad.body), ['session_start_time',
	    'session_capacity', 'session_instructor']);
	assert.equal(inputValue(bad.body, 'session_place'), '会議室');
	assert.equal(inputValue(bad.body, 'session_start_time'), '25:00');
	const early = await reviewer.post('/training/sessions/new',
	    sessionForm(course, { session_end_time: '09:00' }));
	assert.deepEqual(summary(early.body), ['session_end_time']);

	const r = await reviewer.post('/training/sessions/new',
	    sessionForm(course, { session_instructor: tid, session_place: '',
		session_capacity: '2', session_lang: 'en' }));
	assert.equal(r.status, 303, summary(r.body).join());
	const id = /^\/training\/sessions\/(\d+)$/.exec(r.location)[1];
	assert.deepEqual(sqlObject(`SELECT to_char(starts_at AT TIME ZONE
	    'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') AS starts, place, capacity,
	    instructor_id::text AS inst, lang FROM training_sessions
	    WHERE id = :'id'`, { id }), { starts: `${jstDate(40)} 09:30`,
	    place: null, capacity: 2, inst: tid, lang: 'en' });
	const [[, added]] = audits('session.add', id);
	assert.equal(added.starts, `${jstDate(40)} 09:30`);

	// Three people for two seats: two on the roster, one waiting.
	const people = await acceptedPeople(3);
	for (const p of people)
		sql1(`SELECT training_enrol(:'s', :'p', NULL)`, { s: id, p });
	const page = await reviewer.get(r.location);
	assert.equal(page.status, 200);
	assert.equal((page.body.match(/<tr id="enrolment-/g) ?? []).length, 2);
	assert.equal((page.body.match(/<li id="enrolment-/g) ?? []).length, 1);
	assert.match(page.body, /id="session-seats">0 \/ 2</);
	assert.match(page.body, /id="session-place">(オンライン|Online)</);
	const list = await reviewer.get('/training');
	assert.match(list.body, new RegExp(`href="/training/sessions/${id}"`));

	const low = await reviewer.post(`/training/sessions/${id}/edit`,
	    sessionForm(course, { session_capacity: '1', session_instructor: tid,
		session_lang: 'en' }));
	assert.equal(low.status, 422);
	assert.deepEqual(summary(low.body), ['session_capacity']);
	const more = await reviewer.post(`/training/sessions/${id}/edit`,
	    sessionForm(course, { session_capacity: '3', session_instructor: tid,
		session_end_time: '18:00' }));
	assert.equal(more.status, 303);
	assert.equal(sql1(`SELECT count(*) FROM enrolments WHERE
	    session_id = :'s' AND state = 'enrolled'`, { s: id }), '3',
	'more seats promote the waitlist');
	const [[eb, ea]] = audits('session.edit', id);
	assert.equal(eb.capacity, 2);
	assert.equal(ea.capacity, 3);

	const noReason = await reviewer.post(`/training/sessions/${id}/cancel`,
	    { session_cancel_reason: ' ' });
	assert.equal(noReason.status, 422);
	assert.deepEqual(summary(noReason.body), ['session_cancel_reason']);
	const cancel = await reviewer.post(`/training/sessions/${id}/cancel`,
	    { session_cancel_reason: '台風のため' });
	assert.equal(cancel.status, 303);
	assert.deepEqual(sqlRows(`SELECT DISTINCT state, end_reason FROM
	    enrolments WHERE session_id = :'s'`, { s: id }),
	[['ended', 'session_cancelled']]);
	const [[cb, ca]] = audits('session.cancel', id);
	assert.equal(cb.status, 'scheduled');
	assert.deepEqual(ca, { status: 'cancelled', cancel_reason: '台風のため' });
	assert.equal((await reviewer.post(`/training/sessions/${id}/complete`))
	    .status, 409);
	assert.equal((await reviewer.get(`/training/sessions/${id}/edit`))
	    .status, 409);

	const other = makeSession(course);
	const done = await reviewer.post(`/training/sessions/${other}/complete`);
	assert.equal(done.status, 303);
	assert.equal(sql1(`SELECT status FROM training_sessions
	    WHERE id = :'id'`, { id: other }), 'completed');
});

test('new times that would overlap an enrolled person\'s other session: 422',
    async () => {
	const [person] = await acceptedPeople(1);
	const sessions = [];
	for (const days of [60, 61]) {
		const course = makeCourse();
		const r = await reviewer.post('/training/sessions/new',
		    sessionForm(course, { session_start_date: jstDate(days),
			session_end_date: jstDate(days) }));
		assert.equal(r.status, 303, summary(r.body).join());
		const id = /(\d+)$/.exec(r.location)[1];
		sql1(`SELECT training_enrol(:'s', :'p', NULL)`, { s: id, p: person });
		sessions.push({ course, id });
	}
	const [, second] = sessions;
	const before = sql1(`SELECT starts_at::text FROM training_sessions
	    WHERE id = :'id'`, { id: second.id });
	const r = await reviewer.post(`/training/sessions/${second.id}/edit`,
	    sessionForm(second.course, { session_start_date: jstDate(60),
		session_end_date: jstDate(60), session_place: '<b>本部</b>' }));
	assert.equal(r.status, 422);
	assert.deepEqual(summary(r.body), ['session_start_date']);
	assert.equal(inputValue(r.body, 'session_start_date'), jstDate(60));
	assert.equal(inputValue(r.body, 'session_place'), '<b>本部</b>');
	assert.equal(sql1(`SELECT starts_at::text FROM training_sessions
	    WHERE id = :'id'`, { id: second.id }), before, 'nothing saved');
	assert.deepEqual(audits('session.edit', second.id), []);
});

test('an instructor sees only its sessions: others 404, reviewer pages 403',
    async () => {
	const teacher = await instructor();
	const course = makeCourse();
	const mine = makeSession(course);
	const theirs = makeSession(course);
	sqlRows(`UPDATE training_sessions SET instructor_id = :'t'
	    WHERE id = :'s'`, { t: teacher.id, s: mine });
	const home = await teacher.get('/teach');
	assert.match(home.body, new RegExp(`href="/training/sessions/${mine}"`));
	assert.doesNotMatch(home.body,
	    new RegExp(`href="/training/sessions/${theirs}"`));
	for (const p of ['', '/attendance', '/sheet.csv'])
		assert.equal((await teacher.get(`/training/sessions/${mine}${p}`))
		    .status, 200, p);
	for (const p of ['', '/attendance', '/sheet.csv'])
		assert.equal((await teacher.get(`/training/sessions/${theirs}${p}`))
		    .status, 404, p);
	assert.equal((await teacher.post(`/training/sessions/${theirs}/attendance`,
	    {})).status, 404);
	const mineEdit = await teacher.get(`/training/sessions/${mine}/edit`);
	assert.equal(mineEdit.status, 403);
	for (const p of ['/review', '/review/applications', '/training',
	    `/training/courses/${course}`, '/training/courses/new',
	    '/admin/users', '/ministry'])
		assert.equal((await teacher.get(p)).status, 403, p);
	assert.equal((await teacher.post(`/training/sessions/${mine}/cancel`,
	    { session_cancel_reason: 'x' })).status, 403);
	const page = await teacher.get(`/training/sessions/${mine}`);
	assert.doesNotMatch(page.body, /href="\/review\//, 'no links to reviews');
	// A reviewer has no /teach.
	assert.equal((await reviewer.get('/teach')).status, 403);
});

// Enrols people in a new session of course taught by teacher; returns
// {session, enrolments} (ids in the people's order).
async function seated(course, teacher, n) {
	const session = makeSession(course, { capacity: n });
	sqlRows(`UPDATE training_sessions SET instructor_id = :'t'
	    WHERE id = :'s'`, { t: teacher.id, s: session });
	const people = await acceptedPeople(n);
	const enrolments = people.map((p) => {
		assert.equal(sql1(`SELECT training_enrol(:'s', :'p', NULL)`,
		    { s: session, p }), 'enrolled');
		return sql1(`SELECT id FROM enrolments WHERE session_id = :'s'
		    AND application_id = :'p'`, { s: session, p });
	});
	return { session, people, enrolments };
}

test('results without a pass mark: passed makes the certificate, audited',
    async () => {
	const teacher = await instructor();
	const course = makeCourse({ validity_months: 12 });
	const { session, people, enrolments: [a, b] } =
	    await seated(course, teacher, 2);
	const form = await teacher.get(`/training/sessions/${session}/attendance`);
	assert.equal(form.status, 200);
	assert.match(form.body, new RegExp(`id="f-result-${a}"`));

	const bad = await teacher.post(`/training/sessions/${session}/attendance`,
	    { [`attendance-${a}`]: 'absent', [`result-${a}`]: 'passed',
		[`attendance-${b}`]: 'attended', [`score-${b}`]: '101',
		[`completed_on-${b}`]: '2026-02-30' });
	assert.equal(bad.status, 422);
	assert.deepEqual(summary(bad.body), [`attendance-${a}`, `score-${b}`,
	    `completed_on-${b}`]);
	assert.deepEqual(selectedOptions(bad.body, `result-${a}`), ['passed']);
	assert.equal(inputValue(bad.body, `score-${b}`), '101');
	assert.equal(sql1(`SELECT count(*) FROM enrolments WHERE session_id =
	    :'s' AND attendance IS NOT NULL`, { s: session }), '0');

	const ok = await teacher.post(`/training/sessions/${session}/attendance`,
	    { [`attendance-${a}`]: 'attended', [`result-${a}`]: 'passed',
		[`completed_on-${a}`]: '2027-01-31',
		[`attendance-${b}`]: 'absent' });
	assert.equal(ok.status, 303);
	assert.deepEqual(sqlRows(`SELECT application_id::text, completed_on::text,
	    valid_until::text FROM certificates WHERE course_id = :'c'`,
	{ c: course }), [[people[0], '2027-01-31', '2028-01-31']]);
	const [[before, after]] = audits('session.attendance', session);
	assert.deepEqual(before[a], { attendance: null, score: null,
	    result: null, completed_on: null });
	assert.deepEqual(after[a], { attendance: 'attended', score: null,
	    result: 'passed', completed_on: '2027-01-31' });
	assert.equal(after[b].attendance, 'absent');
	// The same again changes nothing and audits nothing.
	await teacher.post(`/training/sessions/${session}/attendance`,
	    { [`attendance-${a}`]: 'attended', [`result-${a}`]: 'passed',
		[`completed_on-${a}`]: '2027-01-31',
		[`attendance-${b}`]: 'absent' });
	assert.equal(audits('session.attendance', session).length, 1);
	// A reviewer may record too.
	const r = await reviewer.post(`/training/sessions/${session}/attendance`,
	    { [`attendance-${a}`]: 'attended', [`result-${a}`]: 'failed',
		[`completed_on-${a}`]: '2027-01-31' });
	assert.equal(r.status, 303);
	assert.equal(sql1(`SELECT count(*) FROM certificates WHERE
	    course_id = :'c'`, { c: course }), '0', 'a pass taken back');
});

test('results with a pass mark: the score decides, the date defaults',
    async () => {
	const teacher = await instructor();
	const course = makeCourse({ pass_mark: 70 });
	const { session, people, enrolments: [a, b] } =
	    await seated(course, teacher, 2);
	const form = await teacher.get(`/training/sessions/${session}/attendance`);
	assert.doesNotMatch(form.body, new RegExp(`id="f-result-${a}"`),
	    'no result to choose');
	const end = sql1(`SELECT (ends_at AT TIME ZONE 'Asia/Tokyo')::date
	    FROM training_sessions WHERE id = :'s'`, { s: session });
	const ok = await teacher.post(`/training/sessions/${session}/attendance`,
	    { [`attendance-${a}`]: 'attended', [`score-${a}`]: '80',
		[`result-${a}`]: 'failed', [`attendance-${b}`]: 'attended',
		[`score-${b}`]: '50' });
	assert.equal(ok.status, 303);
	assert.deepEqual(sqlRows(`SELECT score::text, result, completed_on::text
	    FROM enrolments WHERE id IN (:'a', :'b') ORDER BY id`, { a, b }),
	[['80', 'passed', end], ['50', 'failed', end]]);
	assert.deepEqual(sqlRows(`SELECT application_id::text FROM certificates
	    WHERE course_id = :'c'`, { c: course }), [[people[0]]]);
});

test('the attendance sheet: CSV with BOM, CRLF, quoted and neutral cells',
    async () => {
	const course = makeCourse();
	const s = makeSession(course, { capacity: 1 });
	const [p] = await acceptedPeople(1, { family_kanji: '山田,"株"',
	    given_kanji: '@花子' });
	const [q] = await acceptedPeople(1);
	for (const x of [p, q])
		sql1(`SELECT training_enrol(:'s', :'p', NULL)`, { s, p: x });
	const sheet = () => request(`/training/sessions/${s}/sheet.csv`,
	    { headers: { cookie: reviewer.cookieHeader() } });
	const r = await sheet();
	assert.equal(r.status, 200);
	assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
	const today = jstDate(0).replace(/-/g, '');
	assert.equal(r.headers.get('content-disposition'),
	    `attachment; filename="attendance-${today}.csv"`);
	const bytes = Buffer.from(await r.arrayBuffer());
	assert.deepEqual([...bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF]);
	const lines = bytes.subarray(3).toString('utf8').split('\r\n');
	assert.equal(lines[0], 'reference,name,romaji,state,response,' +
	    'attendance,score,result,completed_on');
	assert.equal(lines.length, 3, 'the one seated, the waitlist not');
	assert.ok(lines[1].includes('"山田,""株"" @花子"'), lines[1]);
	assert.equal(lines[2], '');
	const ref = sql1(`SELECT reference FROM applications WHERE id = :'p'`,
	    { p });
	assert.ok(lines[1].startsWith(`${ref},`));
	assert.equal(audits('session.sheet', s).length, 1);
	// A cell that starts like a formula is neutralised.
	sqlRows(`UPDATE applications SET family_kanji = '=1+1' WHERE id = :'p'`,
	    { p });
	const f = await (await sheet()).text();
	assert.ok(f.includes(",'=1+1 @花子,"), f);
});

test('an external certificate with its evidence PDF; the download audited',
    async () => {
	const course = makeCourse({ delivery: 'external', validity_months: 36 });
	const [app] = await acceptedPeople(1);
	const page = await reviewer.get(`/review/applications/${app}`);
	assert.equal(page.status, 200);
	assert.match(page.body, new RegExp(`action="/review/applications/${app}/certificates"`));
	assert.match(page.body, new RegExp(`<option value="${course}">`));
	const pdf = readFileSync(join(fixtures, 'tiny.pdf'));
	const post = (pairs, files) => reviewer.fetch(
	    `/review/applications/${app}/certificates`, { method: 'POST',
		headers: sameOrigin, body: multipart([['csrf', reviewer.csrf],
		    ...pairs], files) });
	const noFile = await post([['cert_course', String(course)],
	    ['cert_completed_on', '2026-11-30']], []);
	assert.equal(noFile.status, 422);
	assert.deepEqual(summary(noFile.body), ['cert_evidence']);
	assert.equal(inputValue(noFile.body, 'cert_completed_on'), '2026-11-30');
	const notPdf = await post([['cert_course', String(course)],
	    ['cert_completed_on', jstDate(3)]], [{ name: 'cert_evidence',
	    filename: 'x.pdf', bytes: readFileSync(join(fixtures,
		'not-a-pdf.pdf')) }]);
	assert.equal(notPdf.status, 422);
	assert.deepEqual(summary(notPdf.body), ['cert_completed_on',
	    'cert_evidence']);
	const ok = await post([['cert_course', String(course)],
	    ['cert_completed_on', '2026-02-28']], [{ name: 'cert_evidence',
	    filename: '修了証.pdf', bytes: pdf }]);
	assert.equal(ok.status, 303);
	assert.equal(ok.location, `/review/applications/${app}#certificates`);
	const cert = sqlObject(`SELECT c.id, c.valid_until::text AS until,
	    e.filename FROM certificates c JOIN certificate_evidence e ON
	    e.certificate_id = c.id WHERE c.application_id = :'a'`, { a: app });
	assert.equal(cert.until, '2029-02-28');
	assert.equal(cert.filename, '修了証.pdf');
	const [[, after]] = audits('certificate.add', cert.id);
	assert.equal(after.valid_until, '2029-02-28');

	const dl = await reviewer.fetch(
	    `/training/certificates/${cert.id}/evidence`);
	assert.equal(dl.status, 200);
	assert.equal(dl.res.headers.get('content-type'), 'application/pdf');
	assert.match(dl.res.headers.get('content-disposition'), /^attachment/);
	assert.equal(audits('certificate.evidence', cert.id).length, 1);
	assert.equal((await reviewer.get('/training/certificates/999999999/' +
	    'evidence')).status, 404);
	const teacher = await instructor();
	assert.equal((await teacher.get(
	    `/training/certificates/${cert.id}/evidence`)).status, 403);
});

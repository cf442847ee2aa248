// The liaison officers' pages through nginx: two ministries' liaisons
// each see only their own nominations (list, CSV, detail, letter, CV,
// withdrawal: 404 for the other's, for a public application and for an
// unknown id); who may reach which workspace; CSRF on every POST; the
// nomination form's validation (values kept, messages at the fields,
// the letter required and checked as a PDF); withdrawal before a
// decision only; the stored rows, history and audit; and the reviewer's
// view of a nomination.  Needs a running stack (see ./stack).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	assertSecurityHeaders, errorSummary, fieldError, fixtures, formPairs,
	inputValue, isChecked, jstDate, newToken, randomKana, selectedOptions, sql1,
	sqlObject, sqlRows, submitValid, validFields,
} from './lib.mjs';
import { Client, createStaff, sameOrigin, staffClient } from './staff.mjs';

const pdf = readFileSync(join(fixtures, 'tiny.pdf'));
const notPdf = readFileSync(join(fixtures, 'not-a-pdf.pdf'));

const mofa = await staffClient('ministry', { ministry: 'MOFA' });
const mod = await staffClient('ministry', { ministry: 'MOD' });
const reviewer = await staffClient('reviewer');

// The fields of a valid nomination as [name, value] pairs; overrides
// replace or (undefined) remove fields, arrays give several values.
function nominationFields(overrides = {}) {
	const f = {
		form_token: newToken(),
		family_kanji: '外務',
		given_kanji: '花子',
		family_kana: randomKana(),
		given_kana: 'ハナコ',
		family_romaji: 'GAIMU',
		given_romaji: 'HANAKO',
		birth_date: '1984-05-06',
		department: '総合外交政策局',
		post: '課長補佐',
		grade: '7級',
		email: `hanako.${newToken().slice(0, 8).toLowerCase()}@example.go.jp`,
		phone: '03-3580-3311',
		lang_en: 'fluent',
		lang_other: 'working',
		lang_other_name: 'スワヒリ語',
		expertise: ['civil_admin', 'election'],
		operations: ['pko', 'election'],
		period_start: jstDate(30),
		period_end: jstDate(30 + 364),
		supervisor_name: '外務太郎',
		supervisor_title: '総合外交政策局長',
		officer_consent: '1',
		consent_date: jstDate(-3),
		declaration: '1',
	};
	return formPairs(f, overrides);
}

// POSTs the nomination form multipart, as a browser sends it, with the
// client's CSRF token unless csrf is false.  files: {letter, cv} bytes
// (null leaves the file input empty).
async function postNomination(c, pairs, { letter = pdf, cv = null,
    csrf = true } = {}) {
	if (!c.csrf)
		await c.get('/ministry');
	const fd = new FormData();
	if (csrf)
		fd.append('csrf', c.csrf);
	for (const [k, v] of pairs)
		fd.append(k, v);
	fd.append('letter', new Blob(letter === null ? [] : [letter],
	    { type: 'application/pdf' }), letter === null ? '' : '推薦書.pdf');
	fd.append('cv', new Blob(cv === null ? [] : [cv],
	    { type: 'application/pdf' }), cv === null ? '' : 'cv.pdf');
	return c.fetch('/ministry/nominations/new', { method: 'POST',
	    headers: sameOrigin, body: fd });
}

// Nominates validly as client c.  Returns {id, path, reference}.
async function nominate(c, overrides = {}, opts = {}) {
	const r = await postNomination(c, nominationFields(overrides), opts);
	assert.equal(r.status, 303, `nomination: ${r.status} ` +
	    errorSummary(r.body).join(','));
	const m = /^\/ministry\/nominations\/(\d+)$/.exec(r.location ?? '');
	assert.ok(m, `Location ${r.location}`);
	return { id: m[1], path: r.location, reference: sql1(
	    `SELECT reference FROM applications WHERE id = ${m[1]}`) };
}

// The audit rows of an action on an object, as "login action".
function audits(action, id) {
	return sqlRows(`SELECT login FROM audit_log WHERE action = :'a'
	    AND object_id = :'id' ORDER BY id`, { a: action, id })
	    .map((r) => r[0]);
}

test('a liaison lands on /ministry after signing in and sees the form',
    async () => {
	const c = new Client();
	const acct = createStaff('ministry', { ministry: 'NPA' });
	const r = await c.signIn(acct.login, acct.password);
	assert.equal(r.status, 303);
	assert.equal(r.location, '/ministry');
	const list = await c.get('/ministry');
	assert.equal(list.status, 200);
	assert.match(list.body, /href="\/ministry\/nominations\/new"/);
	const form = await c.get('/ministry/nominations/new');
	assert.equal(form.status, 200);
	assert.match(form.body, /enctype="multipart\/form-data"/);
	for (const name of ['family_kanji', 'department', 'period_end',
	    'supervisor_title', 'consent_date'])
		assert.equal(inputValue(form.body, name), '');
	assert.match(form.body, /id="f-letter"/);
	assert.match(form.body, /id="f-officer_consent"/);
});

test('a nomination is stored as a seconded application of the ministry',
    async () => {
	const n = await nominate(mofa, {}, { cv: pdf });
	const row = sqlObject(`SELECT a.source, a.ministry, a.status,
	    a.postcode, a.prefecture, a.address, a.emergency_name,
	    a.status_token_hash, a.privacy_version, a.declaration,
	    a.max_months, a.earliest_start = n.period_start AS start_ok,
	    n.department, n.grade, n.account_id = s.id AS by_liaison,
	    l.filename AS letter, c.filename AS cv, a.operations, a.expertise
	    FROM applications a JOIN nominations n ON n.application_id = a.id
	    JOIN nomination_letters l ON l.application_id = a.id
	    JOIN application_cvs c ON c.application_id = a.id
	    JOIN staff_accounts s ON s.login = '${mofa.account.login}'
	    WHERE a.id = ${n.id}`);
	assert.deepEqual(row, { source: 'seconded', ministry: 'MOFA',
	    status: 'submitted', postcode: null, prefecture: null,
	    address: null, emergency_name: null, status_token_hash: null,
	    privacy_version: '2026-04', declaration: true, max_months: 12,
	    start_ok: true, department: '総合外交政策局', grade: '7級',
	    by_liaison: true, letter: '推薦書.pdf', cv: 'cv.pdf',
	    operations: ['pko', 'election'],
	    expertise: ['election', 'civil_admin'] });
	assert.equal(sql1(`SELECT array_to_string(languages, ',') || ':' ||
	    language_other FROM applications WHERE id = ${n.id}`),
	    'en:fluent,other:working:スワヒリ語');
	assert.equal(sql1(`SELECT search_key = corps_search_key(family_kanji,
	    given_kanji, family_kana, given_kana, family_romaji,
	    given_romaji) FROM applications WHERE id = ${n.id}`), 't');
	assert.deepEqual(sqlRows(`SELECT coalesce(from_status, ''), to_status,
	    actor, account_id IS NOT NULL FROM application_history
	    WHERE application_id = ${n.id}`),
	    [['', 'submitted', 'ministry', 't']]);
	assert.deepEqual(audits('nomination.submit', n.id),
	    [mofa.account.login]);

	// The page shows what was submitted, with option labels.
	const p = await mofa.get(n.path);
	assert.equal(p.status, 200);
	assert.match(p.body, new RegExp(n.reference));
	assert.match(p.body, /総合外交政策局長/);
	assert.match(p.body, /スワヒリ語/);
	assert.match(p.body, /<span class="status status-submitted"[^>]*>受付済み</);
	assert.match(p.body, /href="\/ministry\/nominations\/\d+\/letter"/);
	assert.match(p.body, /href="\/ministry\/nominations\/\d+\/cv"/);
	assert.match(p.body, /action="\/ministry\/nominations\/\d+\/withdraw"/);

	// The downloads, audited.
	for (const kind of ['letter', 'cv']) {
		const d = await mofa.fetch(`${n.path}/${kind}`);
		assert.equal(d.status, 200, kind);
		assert.equal(d.res.headers.get('content-type'), 'application/pdf');
		assert.match(d.res.headers.get('content-disposition'),
		    /^attachment; /);
		assertSecurityHeaders(d.res, kind);
		assert.ok(d.body.startsWith('%PDF-'));
		assert.deepEqual(audits(`nomination.${kind}`, n.id),
		    [mofa.account.login]);
	}

	// A retried POST of the same form stores nothing more.
	const pairs = nominationFields();
	const first = await postNomination(mofa, pairs);
	const again = await postNomination(mofa, pairs);
	assert.equal(first.status, 303);
	assert.equal(again.status, 303);
	assert.equal(again.location, first.location);
});

test('each ministry sees its own nominations only: 404 for the others',
    async () => {
	const a = await nominate(mofa, {}, { cv: pdf });
	const b = await nominate(mod, {}, { cv: pdf });
	const pub = await submitValid(validFields({ family_kana: randomKana() }));
	const unknown = String(BigInt(sql1('SELECT max(id) FROM applications'))
	    + 1000n);

	for (const [c, own, other] of [[mofa, a, b], [mod, b, a]]) {
		const list = await c.get('/ministry');
		assert.equal(list.status, 200);
		assert.match(list.body, new RegExp(own.reference));
		assert.doesNotMatch(list.body, new RegExp(other.reference));
		assert.doesNotMatch(list.body, new RegExp(pub.reference));
		const csv = await c.get('/ministry/nominations.csv');
		assert.equal(csv.status, 200);
		assert.match(csv.res.headers.get('content-type'), /^text\/csv/);
		assert.match(csv.body, new RegExp(own.reference));
		assert.doesNotMatch(csv.body, new RegExp(other.reference));
		assert.doesNotMatch(csv.body, new RegExp(pub.reference));
		for (const id of [other.id, pub.id, unknown]) {
			const base = `/ministry/nominations/${id}`;
			for (const path of [base, `${base}/letter`, `${base}/cv`])
				assert.equal((await c.get(path)).status, 404,
				    path);
			const w = await c.post(`${base}/withdraw`,
			    { version: '1' });
			assert.equal(w.status, 404, `${base}/withdraw`);
		}
		for (const path of [own.path, `${own.path}/letter`,
		    `${own.path}/cv`])
			assert.equal((await c.get(path)).status, 200, path);
	}
	assert.equal(sql1(`SELECT status FROM applications WHERE id = ${a.id}`),
	    'submitted');
	assert.equal(sql1(`SELECT status FROM applications WHERE id = ${pub.id}`),
	    'submitted');
	assert.equal(sql1(`SELECT count(*) FROM audit_log WHERE action =
	    'nomination.export' AND login = '${mofa.account.login}'`), '1');
});

test('a liaison cannot reach the reviewer or admin pages; a reviewer ' +
    'cannot reach /ministry', async () => {
	for (const path of ['/review', '/review/applications',
	    '/review/applications.csv', '/admin/users', '/admin/audit'])
		assert.equal((await mofa.get(path)).status, 403, path);
	const pub = await submitValid(validFields({ family_kana: randomKana() }));
	assert.equal((await mofa.get(`/review/applications/${pub.id}`)).status,
	    403);
	for (const path of ['/ministry', '/ministry/nominations.csv',
	    '/ministry/nominations/new'])
		assert.equal((await reviewer.get(path)).status, 403, path);
	const anon = await new Client().get('/ministry');
	assert.equal(anon.status, 303);
	assert.match(anon.location, /^\/login\?next=/);
});

test('every liaison POST needs CSRF proof', async () => {
	const n = await nominate(mofa);
	const before = sql1('SELECT count(*) FROM applications');
	const r = await postNomination(mofa, nominationFields(), { csrf: false });
	assert.equal(r.status, 403);
	const w = await mofa.post(`${n.path}/withdraw`, { version: '1' },
	    { csrf: false });
	assert.equal(w.status, 403);
	const x = await mofa.post(`${n.path}/withdraw`, { version: '1' },
	    { headers: { 'sec-fetch-site': 'cross-site' } });
	assert.equal(x.status, 403);
	assert.equal(sql1('SELECT count(*) FROM applications'), before);
	assert.equal(sql1(`SELECT status FROM applications WHERE id = ${n.id}`),
	    'submitted');
});

test('bad input: 422 with a summary, messages at the fields and the ' +
    'values kept', async () => {
	const before = sql1('SELECT count(*) FROM applications');
	const start = jstDate(40);
	const r = await postNomination(mofa, nominationFields({
		family_kana: 'Yamada', email: 'not-an-email',
		department: undefined, period_start: start,
		period_end: jstDate(20), consent_date: jstDate(2),
		officer_consent: undefined, lang_fr: 'basic',
		supervisor_title: '<script>alert(1)</script>',
	}), { cv: notPdf });
	assert.equal(r.status, 422);
	assert.deepEqual(errorSummary(r.body), ['family_kana', 'department',
	    'email', 'period_end', 'officer_consent', 'consent_date', 'cv']);
	assert.ok(fieldError(r.body, 'family_kana'));
	assert.equal(fieldError(r.body, 'period_end'),
	    '開始日より後の日付を入力してください');
	assert.equal(fieldError(r.body, 'consent_date'),
	    '今日以前の日付を入力してください');
	assert.equal(fieldError(r.body, 'cv'), 'PDFファイルを選択してください');
	assert.equal(inputValue(r.body, 'family_kana'), 'Yamada');
	assert.equal(inputValue(r.body, 'email'), 'not-an-email');
	assert.equal(inputValue(r.body, 'period_start'), start);
	assert.equal(inputValue(r.body, 'supervisor_title'),
	    '<script>alert(1)</script>');
	assert.doesNotMatch(r.body, /<script>alert/);
	assert.deepEqual(selectedOptions(r.body, 'lang_fr'), ['basic']);
	assert.ok(isChecked(r.body, 'f-operations-election'));
	assert.ok(isChecked(r.body, 'f-declaration'));
	assert.ok(!isChecked(r.body, 'f-officer_consent'));
	assert.match(r.body, /id="reupload"/);
	assert.equal(sql1('SELECT count(*) FROM applications'), before);

	// A period longer than 60 months.
	const long = await postNomination(mofa, nominationFields({
	    period_start: jstDate(10), period_end: jstDate(10 + 366 * 5) }));
	assert.equal(long.status, 422);
	assert.deepEqual(errorSummary(long.body), ['period_end']);
});

test('the nomination letter is required and must be a PDF', async () => {
	const before = sql1('SELECT count(*) FROM applications');
	const none = await postNomination(mofa, nominationFields(),
	    { letter: null });
	assert.equal(none.status, 422);
	assert.deepEqual(errorSummary(none.body), ['letter']);
	assert.equal(fieldError(none.body, 'letter'),
	    '推薦書のPDFファイルを選択してください');
	const bad = await postNomination(mofa, nominationFields(),
	    { letter: notPdf });
	assert.equal(bad.status, 422);
	assert.deepEqual(errorSummary(bad.body), ['letter']);
	assert.equal(sql1('SELECT count(*) FROM applications'), before);
	const noToken = await postNomination(mofa,
	    nominationFields({ form_token: undefined }));
	assert.equal(noToken.status, 400);
});

test('withdraw works while submitted; refused (409) after a decision',
    async () => {
	const n = await nominate(mofa);
	const page = await mofa.get(n.path);
	const version = /name="version" value="(\d+)"/.exec(page.body)[1];
	const w = await mofa.post(`${n.path}/withdraw`, { version });
	assert.equal(w.status, 303);
	assert.equal(w.location, n.path);
	assert.equal(sql1(`SELECT status FROM applications WHERE id = ${n.id}`),
	    'withdrawn');
	assert.deepEqual(sqlRows(`SELECT from_status, to_status, actor,
	    account_id IS NOT NULL FROM application_history WHERE
	    application_id = ${n.id} AND to_status = 'withdrawn'`),
	    [['submitted', 'withdrawn', 'ministry', 't']]);
	assert.deepEqual(audits('nomination.withdraw', n.id),
	    [mofa.account.login]);
	const after = await mofa.get(n.path);
	assert.match(after.body, /status-withdrawn/);
	assert.doesNotMatch(after.body, /\/withdraw"/);

	// The reviewer screens and accepts another; the liaison is too late.
	const m = await nominate(mofa);
	const old = /name="version" value="(\d+)"/
	    .exec((await mofa.get(m.path)).body)[1];
	for (const to of ['screening', 'accepted']) {
		const p = await reviewer.get(`/review/applications/${m.id}`);
		const v = /name="version" value="(\d+)"/.exec(p.body)[1];
		const d = await reviewer.post(
		    `/review/applications/${m.id}/decision`, { to, version: v });
		assert.equal(d.status, 303, to);
	}
	const late = await mofa.post(`${m.path}/withdraw`, { version: old });
	assert.equal(late.status, 409);
	assert.match(late.body, /id="stale" tabindex="-1" autofocus>/);
	assert.match(late.body, /<span class="status status-accepted"[^>]*>採用</);
	const current = sql1(`SELECT version FROM applications WHERE id =
	    ${m.id}`);
	const still = await mofa.post(`${m.path}/withdraw`, { version: current });
	assert.equal(still.status, 409);
	assert.equal(sql1(`SELECT status FROM applications WHERE id = ${m.id}`),
	    'accepted');

	// A stale version while still open is refused too.
	const s = await nominate(mofa);
	const stale = await mofa.post(`${s.path}/withdraw`, { version: '7' });
	assert.equal(stale.status, 409);
	assert.equal(sql1(`SELECT status FROM applications WHERE id = ${s.id}`),
	    'submitted');
});

test('a reviewer finds nominations by source and ministry', async () => {
	const n = await nominate(mofa);
	const o = await nominate(mod);
	const list = await reviewer.get(
	    '/review/applications?source=seconded&ministry=MOFA');
	assert.equal(list.status, 200);
	assert.match(list.body, new RegExp(n.reference));
	assert.doesNotMatch(list.body, new RegExp(o.reference));
	const p = await reviewer.get(`/review/applications/${n.id}`);
	assert.equal(p.status, 200);
	assert.match(p.body, /外務省/);
});

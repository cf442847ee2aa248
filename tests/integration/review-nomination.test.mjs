// A ministry's nomination in the reviewer workspace, through nginx: the
// detail page names the ministry and shows what it said (without the
// public form's empty fields), the nomination letter downloads, reviewers
// write messages to the ministry apart from the internal notes, the list
// and the CSV show the ministry, and only reviewers get in.  Nominations
// are made in the database (nominations.mjs).  Needs a running stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
	errorSummary, fieldError, request, sql1, sqlRows, submitValid,
	textareaValue, validFields,
} from './lib.mjs';
import { insertNomination, letterPdf } from './nominations.mjs';
import { staffClient } from './staff.mjs';

const reviewer = await staffClient('reviewer');
const liaison = await staffClient('ministry', { ministry: 'MOFA' });

const page = (id) => `/review/applications/${id}`;

// The text of the element with id in html, tags stripped.
function textOf(html, id) {
	const m = new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</(dd|ol|p)>`)
	    .exec(html);
	assert.ok(m, `#${id}`);
	return m[1].replace(/<[^>]*>/g, '');
}

// Audit rows of action on application id, oldest first.
function audits(id, action) {
	return sqlRows('SELECT login, object_type, coalesce(after::text, ' +
	    '\'null\') FROM audit_log WHERE action = :\'action\' AND ' +
	    'object_id = :\'id\' ORDER BY id', { id, action })
	    .map(([login, type, after]) => ({ login, type,
		after: JSON.parse(after) }));
}

// The messages to the ministry stored for application id.
function messages(id) {
	return sqlRows('SELECT m.id, s.login, m.body FROM nomination_messages ' +
	    'm JOIN staff_accounts s ON s.id = m.account_id WHERE ' +
	    'm.application_id = :\'id\' ORDER BY m.id', { id });
}

test('the detail page names the ministry and shows the nomination', async () => {
	const n = insertNomination('MOFA', { department: '<script>総合&局</script>',
	    supervisor_title: '課長 "代理"' });
	const r = await reviewer.get(page(n.id));
	assert.equal(r.status, 200);
	assert.equal(textOf(r.body, 'source'), '府省庁からの推薦');
	assert.equal(textOf(r.body, 'ministry'), '外務省');
	assert.ok(r.body.includes('<dd id="nomination-department">' +
	    '&lt;script&gt;総合&amp;局&lt;/script&gt;</dd>'));
	assert.doesNotMatch(r.body, /<script>/);
	assert.equal(textOf(r.body, 'nomination-post'), n.post);
	assert.equal(textOf(r.body, 'nomination-grade'), n.grade);
	assert.equal(textOf(r.body, 'nomination-period'),
	    `${n.period_start} – ${n.period_end}`);
	assert.equal(textOf(r.body, 'nomination-supervisor'), n.supervisor_name);
	assert.equal(textOf(r.body, 'nomination-supervisor-title'),
	    '課長 &quot;代理&quot;');
	assert.equal(textOf(r.body, 'nomination-consent'), n.consent_date);
	assert.equal(textOf(r.body, 'nomination-liaison'), n.account);
	assert.match(r.body, new RegExp(`<a href="/review/applications/${n.id}` +
	    '/letter" download>推薦書.pdf</a>'));
	// The public form's own fields, which a nomination lacks, are not
	// shown as empty rows; the emergency contact's group not at all.
	for (const label of ['郵便番号', '都道府県', '住所', '緊急連絡先'])
		assert.ok(!r.body.includes(`<dt>${label}`), label);
	assert.doesNotMatch(r.body, /<h2>緊急連絡先<\/h2>/);
	// A group the nomination form asks too stays, empty or not.
	assert.match(r.body, /<h2>語学力<\/h2>\s*<dl class="summary detail">\s*<\/dl>\s*<p class="none">記入なし<\/p>/);
	assert.match(r.body, /<h2>連絡先<\/h2>/);
	// The messages to the ministry stand apart from the internal notes.
	assert.match(r.body, /<h2 id="messages">府省庁への連絡<\/h2>\s*<p class="hint">[^<]*連絡担当者[^<]*<\/p>/);
	assert.match(r.body, /<h2 id="notes">内部メモ<\/h2>/);

	const en = await reviewer.get(`${page(n.id)}?lang=en`);
	assert.equal(textOf(en.body, 'ministry'), 'Ministry of Foreign Affairs');
	assert.match(en.body, /<h2 id="h-nomination">Nomination<\/h2>/);
	await reviewer.get(`${page(n.id)}?lang=ja`);
});

test('a public application has no nomination, letter or messages', async () => {
	const app = await submitValid(validFields());
	const r = await reviewer.get(page(app.id));
	assert.equal(r.status, 200);
	assert.doesNotMatch(r.body, /id="nomination"|id="messages"|name="message"/);
	assert.match(r.body, /<dt>郵便番号<\/dt>/);
	assert.equal((await reviewer.get(`${page(app.id)}/letter`)).status, 404);
});

test('the letter downloads as a PDF attachment with nosniff; audited', async () => {
	const n = insertNomination('MOD');
	const res = await request(`${page(n.id)}/letter`, { headers: {
	    cookie: reviewer.cookieHeader() } });
	assert.equal(res.status, 200);
	assert.equal(res.headers.get('content-type'), 'application/pdf');
	assert.equal(res.headers.get('content-disposition'),
	    `attachment; filename="nomination-${n.reference}.pdf"; ` +
	    'filename*=UTF-8\'\'%E6%8E%A8%E8%96%A6%E6%9B%B8.pdf');
	assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
	assert.equal(res.headers.get('cache-control'), 'no-store');
	assert.deepEqual(Buffer.from(await res.arrayBuffer()), letterPdf);
	const a = audits(n.id, 'application.letter');
	assert.equal(a.length, 1);
	assert.equal(a[0].login, reviewer.account.login);
	assert.equal(a[0].type, 'application');

	const none = insertNomination('MOD', { letter: null });
	const p = await reviewer.get(page(none.id));
	assert.match(p.body, /<dd id="nomination-letter"><span class="none">/);
	assert.equal((await reviewer.get(`${page(none.id)}/letter`)).status,
	    404);
	for (const id of ['999999999', '0', 'abc'])
		assert.equal((await reviewer.get(`${page(id)}/letter`)).status,
		    404, id);
	assert.equal(audits(none.id, 'application.letter').length, 0);
});

test('a reviewer sends a message to the ministry; shown, stored, audited', async () => {
	const n = insertNomination('MOFA');
	await reviewer.get(page(n.id));
	const text = '推薦書の原本を郵送してください。\n<b>& "至急"</b>';
	const r = await reviewer.post(`${page(n.id)}/messages`,
	    { message: text });
	assert.equal(r.status, 303);
	assert.equal(r.location, `${page(n.id)}#messages`);
	const rows = messages(n.id);
	assert.equal(rows.length, 1);
	assert.equal(rows[0][1], reviewer.account.login);
	assert.equal(rows[0][2], text);
	assert.equal(sql1('SELECT count(*) FROM application_notes WHERE ' +
	    'application_id = :\'id\'', { id: n.id }), '0');
	const a = audits(n.id, 'nomination.message');
	assert.equal(a.length, 1);
	assert.equal(a[0].login, reviewer.account.login);
	assert.equal(a[0].type, 'application');
	assert.deepEqual(a[0].after, { message_id: Number(rows[0][0]),
	    body: text });
	const p = await reviewer.get(page(n.id));
	const list = /<ol class="notes" id="message-list">([\s\S]*?)<\/ol>/
	    .exec(p.body);
	assert.ok(list, 'the page lists the messages');
	assert.ok(list[1].includes(`<strong>${reviewer.account.login}</strong>`));
	assert.ok(list[1].includes('推薦書の原本を郵送してください。\n' +
	    '&lt;b&gt;&amp; &quot;至急&quot;&lt;/b&gt;'));
	assert.match(list[1], /\d{4}-\d\d-\d\d \d\d:\d\d/);
});

test('an empty or too long message is a 422 with the text kept', async () => {
	const n = insertNomination('MOFA');
	await reviewer.get(page(n.id));
	const empty = await reviewer.post(`${page(n.id)}/messages`,
	    { message: '  \n ' });
	assert.equal(empty.status, 422);
	assert.deepEqual(errorSummary(empty.body), ['message']);
	assert.ok(fieldError(empty.body, 'message'));
	const long = 'あ'.repeat(2001);
	const r = await reviewer.post(`${page(n.id)}/messages`,
	    { message: long });
	assert.equal(r.status, 422);
	assert.deepEqual(errorSummary(r.body), ['message']);
	assert.match(fieldError(r.body, 'message'), /2000/);
	assert.equal(textareaValue(r.body, 'message'), long);
	assert.equal(textareaValue(r.body, 'note'), '');
	assert.equal(messages(n.id).length, 0);
	const ok = await reviewer.post(`${page(n.id)}/messages`,
	    { message: 'あ'.repeat(2000) });
	assert.equal(ok.status, 303);
});

test('a message on a public or unknown application is a 404', async () => {
	const app = await submitValid(validFields());
	await reviewer.get(page(app.id));
	for (const message of ['hello', '']) {
		const r = await reviewer.post(`${page(app.id)}/messages`,
		    { message });
		assert.equal(r.status, 404, JSON.stringify(message));
		assert.equal((await reviewer.post(`${page(999999999)}/messages`,
		    { message })).status, 404);
	}
	assert.equal(messages(app.id).length, 0);
	assert.equal(audits(app.id, 'nomination.message').length, 0);
});

test('a message needs CSRF proof', async () => {
	const n = insertNomination('MOFA');
	await reviewer.get(page(n.id));
	const path = `${page(n.id)}/messages`;
	assert.equal((await reviewer.post(path, { message: 'x' },
	    { csrf: false })).status, 403);
	assert.equal((await reviewer.post(path, { message: 'x',
	    csrf: 'forged' })).status, 403);
	assert.equal(messages(n.id).length, 0);
});

test('a liaison officer gets 403 on the reviewer\'s routes, even for its own ministry', async () => {
	const n = insertNomination('MOFA', { account: liaison.account.login });
	for (const p of [page(n.id), `${page(n.id)}/letter`])
		assert.equal((await liaison.get(p)).status, 403, p);
	const r = await liaison.post(`${page(n.id)}/messages`,
	    { message: 'x', csrf: liaison.csrf ?? 'x' });
	assert.equal(r.status, 403);
	assert.equal(messages(n.id).length, 0);
	assert.equal(audits(n.id, 'application.letter').length, 0);
});

test('the list and the CSV show the nomination with its ministry', async () => {
	const n = insertNomination('NPA');
	const q = `q=${n.reference}`;
	const row = (body) => new RegExp(`<a href="/review/applications/${n.id}">`)
	    .test(body);
	let r = await reviewer.get(`/review/applications?${q}&source=seconded` +
	    '&ministry=NPA');
	assert.equal(r.status, 200);
	assert.ok(row(r.body), 'listed under its ministry');
	assert.match(r.body, new RegExp(`${n.reference}[\\s\\S]*?<td[^>]*>警察庁</td>`));
	r = await reviewer.get(`/review/applications?${q}&ministry=MOFA`);
	assert.ok(!row(r.body), 'not under another ministry');
	r = await reviewer.get(`/review/applications?${q}&source=public`);
	assert.ok(!row(r.body), 'not among the public applications');

	const csv = await request(`/review/applications.csv?${q}`,
	    { headers: { cookie: reviewer.cookieHeader() } });
	assert.equal(csv.status, 200);
	const lines = (await csv.text()).replace(/^\uFEFF/, '')
	    .split('\r\n').filter((l) => l !== '');
	assert.equal(lines.length, 2);
	const head = lines[0].split(',');
	const cells = lines[1].split(',');
	const cell = (name) => cells[head.indexOf(name)];
	assert.equal(cell('reference'), n.reference);
	assert.equal(cell('source'), 'seconded');
	assert.equal(cell('ministry'), 'NPA');
	for (const name of ['postcode', 'prefecture', 'address'])
		assert.equal(cell(name), '', name);
});

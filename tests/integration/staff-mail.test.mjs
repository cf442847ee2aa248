// Staff e-mail (issue 13) through nginx: accounts get an address and a
// language (corps-admin user add --email/--lang, /admin/users/new); a
// message to a ministry and a decision on a nomination write one outbox
// row per liaison officer of that ministry with an address who can sign
// in, in the event's transaction and never when it fails; /admin/mail
// shows the queue by state and resends a failed row, audited.  The
// outbox is read as the superuser (no mailer runs here).  Needs a
// running stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { sql1, sqlObject, sqlRows, tag } from './lib.mjs';
import { insertNomination } from './nominations.mjs';
import {
	corpsAdmin, createStaff, sameOrigin, staffClient, uniqueLogin,
} from './staff.mjs';

const admin = await staffClient('admin');
const reviewer = await staffClient('reviewer');

const page = (id) => `/review/applications/${id}`;

// A new ministry with a random code (2 to 8 capital letters).
function newMinistry() {
	const code = [...randomBytes(6)].map((b) =>
	    String.fromCharCode(65 + b % 26)).join('');
	sqlRows('INSERT INTO ministries (code, name_ja, name_en) VALUES ' +
	    '(:\'c\', :\'ja\', :\'en\')', { c: code, ja: `テスト省${code}`,
	    en: `Ministry ${code}` });
	return code;
}

// An address unique to this run.
const address = (who) => `${who}.${tag()}@example.go.jp`;

// The stored address and language of an account.
function account(login) {
	return sqlObject('SELECT email, lang FROM staff_accounts ' +
	    'WHERE login = :\'l\'', { l: login });
}

// The outbox rows of application id, by recipient.
function outbox(id) {
	return sqlRows('SELECT kind, lang, recipient, data::text ' +
	    'FROM mail_outbox WHERE application_id = :\'id\' ' +
	    'ORDER BY recipient', { id }).map(([kind, lang, recipient, data]) =>
	    ({ kind, lang, recipient, data: JSON.parse(data) }));
}

// A ministry with four liaison officers (with an address in Japanese,
// with one in English, without one, disabled with one) and another
// ministry's officer with an address; and a nomination of the first.
function liaisons() {
	const code = newMinistry(), other = newMinistry();
	const l = {
		ja: { login: uniqueLogin('li'), email: address('ja') },
		en: { login: uniqueLogin('li'), email: address('en'),
		    lang: 'en' },
		none: { login: uniqueLogin('li') },
		off: { login: uniqueLogin('li'), email: address('off') },
	};
	for (const o of Object.values(l))
		createStaff('ministry', { ministry: code, ...o });
	createStaff('ministry', { ministry: other, email: address('other') });
	assert.equal(corpsAdmin(['user', 'disable', l.off.login]).status, 0);
	const n = insertNomination(code, { account: l.none.login });
	return { code, l, n };
}

// The rows a notice of kind about nomination n should write.
function expected(kind, { code, l, n }, status = null) {
	const data = { reference: n.reference, ministry: code, id: n.id };
	if (status !== null)
		data.status = status;
	return [{ kind, lang: 'en', recipient: l.en.email, data },
	    { kind, lang: 'ja', recipient: l.ja.email, data }]
	    .sort((a, b) => a.recipient.localeCompare(b.recipient));
}

// Opens the application's page and POSTs a decision with its version.
async function decide(id, to, reason = '') {
	const p = await reviewer.get(page(id));
	assert.equal(p.status, 200);
	const version = /name="version" value="(\d+)"/.exec(p.body)[1];
	return reviewer.post(`${page(id)}/decision`, { to, reason, version });
}

test('corps-admin stores an address and its language; a malformed one ' +
    'is refused', () => {
	const a = { login: uniqueLogin('li'), email: address('a') };
	createStaff('ministry', { ministry: 'MOFA', ...a, lang: 'en' });
	assert.deepEqual(account(a.login), { email: a.email, lang: 'en' });
	const b = uniqueLogin('rev');
	createStaff('reviewer', { login: b });
	assert.deepEqual(account(b), { email: null, lang: 'ja' });
	const c = uniqueLogin('rev');
	createStaff('reviewer', { login: c, email: address('c') });
	assert.equal(account(c).lang, 'ja', 'Japanese by default');

	for (const [email, lang] of [['no-at-sign.example.jp', 'ja'],
	    ['crlf@b.jp\r\nBcc: x@example.jp', 'ja'], ['dotless@localhost', 'ja'],
	    ['two@b.jp, more@d.jp', 'ja'], [address('french'), 'fr']]) {
		const login = uniqueLogin('rev');
		const r = corpsAdmin(['user', 'add', '--login', login, '--role',
		    'reviewer', '--email', email, '--lang', lang], 'x'.repeat(14));
		assert.equal(r.status, 1, email);
		assert.match(r.stderr, /--email takes one address/);
		assert.ok(!r.stderr.includes(email.split('@')[0]),
		    'the address is not printed');
		assert.equal(sql1('SELECT count(*) FROM staff_accounts ' +
		    'WHERE login = :\'l\'', { l: login }), '0');
	}
	// The database refuses a line break whoever writes it.
	assert.throws(() => sqlRows('UPDATE staff_accounts SET email = ' +
	    'E\'a@b.jp\\r\\nBcc: x@example.jp\' WHERE login = :\'l\'',
	    { l: b }), /staff_accounts_email_check/);
});

test('/admin/users/new stores the address and language; the list shows ' +
    'the address; a malformed one is 422 with the values kept', async () => {
	const login = uniqueLogin('li');
	const email = address('form');
	const form = await admin.get('/admin/users/new');
	assert.match(form.body, /<input type="email" id="f-email" name="email"/);
	assert.match(form.body, /name="mail_lang" value="ja"[^>]* checked/);
	let r = await admin.post('/admin/users/new', { login, role: 'ministry',
	    ministry: 'MOFA', email: '田中＠example', mail_lang: 'en',
	    new_password: 'correct horse 1', new_password_again:
		'correct horse 1' });
	assert.equal(r.status, 422);
	assert.match(r.body, /id="e-email"/);
	assert.match(r.body, /value="田中＠example"/);
	r = await admin.post('/admin/users/new', { login, role: 'ministry',
	    ministry: 'MOFA', email: email.replace('@', '＠'), mail_lang: 'en',
	    new_password: 'correct horse 1', new_password_again:
		'correct horse 1' });
	assert.equal(r.status, 303);
	assert.deepEqual(account(login), { email, lang: 'en' });
	const list = await admin.get('/admin/users');
	assert.match(list.body, new RegExp(`<tr id="user-${login}">[\\s\\S]*?` +
	    `<td class="email">${email}</td>`));
	r = await admin.post('/admin/users/new', { login: 'x' + login,
	    role: 'ministry', ministry: 'MOFA', mail_lang: 'de' });
	assert.equal(r.status, 422);
});

test('a message to a ministry writes a notice to each of its liaison ' +
    'officers with an address who can sign in', async () => {
	const s = liaisons();
	assert.equal((await reviewer.get(page(s.n.id))).status, 200);
	const r = await reviewer.post(`${page(s.n.id)}/messages`,
	    { message: '健康診断書の提出をお願いします。' });
	assert.equal(r.status, 303);
	const rows = outbox(s.n.id);
	assert.deepEqual(rows, expected('nomination_message', s));
	assert.ok(!JSON.stringify(rows).includes('健康診断書'),
	    'the message is not in the mail');
	assert.equal(sql1('SELECT count(DISTINCT created_at) FROM ' +
	    'mail_outbox WHERE application_id = :\'id\'', { id: s.n.id }), '1');

	// A refused message (empty) writes nothing.
	const empty = await reviewer.post(`${page(s.n.id)}/messages`,
	    { message: '' });
	assert.equal(empty.status, 422);
	assert.equal(outbox(s.n.id).length, 2);
});

test('a decision on a nomination writes nomination_decision notices; a ' +
    'stale one, or a step that is not a decision, writes none', async () => {
	const s = liaisons();
	assert.equal((await decide(s.n.id, 'screening')).status, 303);
	assert.deepEqual(outbox(s.n.id), [], 'screening is not a decision');
	assert.equal((await decide(s.n.id, 'accepted')).status, 303);
	assert.deepEqual(outbox(s.n.id),
	    expected('nomination_decision', s, 'accepted'));

	// 409: someone decided first; nothing more is written.
	const s2 = liaisons();
	assert.equal((await decide(s2.n.id, 'screening')).status, 303);
	const mine = await reviewer.get(page(s2.n.id));
	const version = /name="version" value="(\d+)"/.exec(mine.body)[1];
	assert.equal((await decide(s2.n.id, 'rejected', '期間が合わない'))
	    .status, 303);
	const rows = outbox(s2.n.id);
	assert.deepEqual(rows, expected('nomination_decision', s2, 'rejected'));
	assert.ok(!JSON.stringify(rows).includes('期間'), 'no reason');
	const stale = await reviewer.post(`${page(s2.n.id)}/decision`,
	    { to: 'accepted', reason: '', version });
	assert.equal(stale.status, 409);
	assert.equal(outbox(s2.n.id).length, 2);
});

// Inserts an outbox row as the mailer would leave it.  Returns its id.
function insertRow(state, { error = null, link = null } = {}) {
	return sql1('INSERT INTO mail_outbox (kind, lang, recipient, data, ' +
	    'state, attempts, last_error, sent_at) VALUES (\'receipt\', ' +
	    '\'ja\', :\'to\', jsonb_build_object(\'reference\', \'PC-2026-' +
	    'TESTMAIL\', \'link_path\', :\'link\'), :\'state\', 3, ' +
	    'NULLIF(:\'err\', \'\'), CASE WHEN :\'state\' = \'sent\' ' +
	    'THEN now() END) RETURNING id', { to: address(state), state,
	    err: error ?? '', link: link ?? '' });
}

test('/admin/mail lists the queue by state without private links; a ' +
    'failed row is resent, audited', async () => {
	const secret = `/status/${randomBytes(32).toString('base64url')}`;
	const failed = insertRow('failed', { error: '550 5.1.1 <user> unknown',
	    link: secret });
	const pending = insertRow('pending', { link: secret });
	const sent = insertRow('sent', { link: secret });
	let r = await admin.get('/admin/mail');
	assert.equal(r.status, 200);
	for (const id of [failed, pending, sent])
		assert.match(r.body, new RegExp(`<tr id="mail-${id}">`));
	assert.ok(!r.body.includes(secret), 'no private link');
	assert.ok(!r.body.includes('link_path'));
	const count = (state) => sql1('SELECT count(*) FROM mail_outbox ' +
	    'WHERE state = :\'s\'', { s: state });
	assert.match(r.body, new RegExp(`id="state-failed"[^>]*>失敗 ` +
	    `<span class="count">${count('failed')}</span>`));

	r = await admin.get('/admin/mail?state=failed');
	assert.equal(r.status, 200);
	assert.match(r.body, new RegExp(`<tr id="mail-${failed}">[\\s\\S]*?` +
	    '550 5.1.1 &lt;user&gt; unknown[\\s\\S]*?' +
	    `action="/admin/mail/${failed}/resend"`));
	assert.doesNotMatch(r.body, new RegExp(`id="mail-(${pending}|${sent})"`));
	r = await admin.get('/admin/mail?state=sent');
	assert.match(r.body, new RegExp(`<tr id="mail-${sent}">`));
	assert.doesNotMatch(r.body, new RegExp(`id="mail-${failed}"`));
	assert.equal((await admin.get('/admin/mail?state=lost')).status, 400);
	assert.equal((await admin.get('/admin/mail?cursor=x')).status, 400);

	r = await admin.post(`/admin/mail/${failed}/resend`);
	assert.equal(r.status, 303);
	assert.equal(r.location, '/admin/mail?state=failed');
	const row = sqlObject('SELECT state, attempts, last_error, ' +
	    'next_attempt_at <= now() AS due FROM mail_outbox ' +
	    'WHERE id = :\'id\'', { id: failed });
	assert.deepEqual(row, { state: 'pending', attempts: 0,
	    last_error: null, due: true });
	const audit = sqlObject('SELECT login, object_type, before, after ' +
	    'FROM audit_log WHERE action = \'mail.resend\' ' +
	    'AND object_id = :\'id\'', { id: failed });
	assert.equal(audit.login, admin.account.login);
	assert.equal(audit.object_type, 'mail_outbox');
	assert.equal(audit.before.state, 'failed');
	assert.equal(audit.before.last_error, '550 5.1.1 <user> unknown');
	assert.equal(audit.after.state, 'pending');
	assert.equal(audit.after.attempts, 0);

	// Not failed (any more): 409 and nothing changes; no row: 404.
	r = await admin.post(`/admin/mail/${sent}/resend`);
	assert.equal(r.status, 409);
	assert.match(r.body, /id="mail-message" tabindex="-1" autofocus>/);
	assert.equal(sql1('SELECT state FROM mail_outbox WHERE id = :\'id\'',
	    { id: sent }), 'sent');
	assert.equal((await admin.post('/admin/mail/999999999999/resend'))
	    .status, 404);
	assert.equal((await admin.post('/admin/mail/x1/resend')).status, 404);
	assert.equal(sql1('SELECT count(*) FROM audit_log WHERE action = ' +
	    '\'mail.resend\' AND object_id IN (:\'a\', :\'b\')',
	{ a: String(sent), b: String(failed) }), '1');
});

test('/admin/mail is for administrators, its resend needs the CSRF ' +
    'token', async () => {
	const failed = insertRow('failed', { error: '550 no' });
	for (const c of [reviewer, await staffClient('ministry',
	    { ministry: 'MOFA' })]) {
		assert.equal((await c.get('/admin/mail')).status, 403);
		assert.equal((await c.post(`/admin/mail/${failed}/resend`))
		    .status, 403);
	}
	assert.equal((await admin.post(`/admin/mail/${failed}/resend`, {},
	    { csrf: false })).status, 403);
	assert.equal((await admin.post(`/admin/mail/${failed}/resend`,
	    { csrf: 'A'.repeat(43) })).status, 403);
	assert.equal((await admin.post(`/admin/mail/${failed}/resend`, {},
	    { headers: { ...sameOrigin, 'sec-fetch-site': 'cross-site' } }))
	    .status, 403);
	assert.equal(sql1('SELECT state FROM mail_outbox WHERE id = :\'id\'',
	    { id: failed }), 'failed');
});

test('/admin/mail pages by 50, newest first, keeping the state', async () => {
	for (let i = 0; i < 51; i++)
		insertRow('failed', { error: `451 try ${i}` });
	const first = await admin.get('/admin/mail?state=failed');
	const ids = [...first.body.matchAll(/<tr id="mail-(\d+)">/g)]
	    .map((m) => Number(m[1]));
	assert.equal(ids.length, 50);
	assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
	const next = /<a href="([^"]+)" rel="next">/.exec(first.body);
	assert.ok(next, 'a link to the next page');
	const url = next[1].replace(/&amp;/g, '&');
	assert.equal(url, `/admin/mail?state=failed&cursor=${ids[49]}`);
	const second = await admin.get(url);
	const more = [...second.body.matchAll(/<tr id="mail-(\d+)">/g)]
	    .map((m) => Number(m[1]));
	assert.ok(more.length >= 1);
	assert.ok(more.every((id) => id < ids[49]));
	assert.match(second.body, /<a href="\/admin\/mail\?state=failed">/);
});

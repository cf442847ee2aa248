// The administrator's pages: staff accounts at /admin/users (add,
// disable, enable, set a password, each audited without any password or hash)
// and the audit log at /admin/audit (filters in the URL, keyset pages of
// 50, markup escaped); who may use them.  Needs a running stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
	errorSummary, fieldError, inputValue, request, selectedOptions, sql1,
	sqlObject, sqlRows, tag,
} from './lib.mjs';
import { Client, createStaff, staffClient, uniqueLogin } from './staff.mjs';

const admin = await staffClient('admin');

// The newest audit entry of action on login, as {before, after, ...}.
function lastAudit(action, objectId) {
	return sqlObject('SELECT login, account_id, object_type, object_id, ' +
	    'before, after, client_addr FROM audit_log WHERE action = ' +
	    ":'action' AND object_id = :'oid' ORDER BY id DESC LIMIT 1",
	{ action, oid: objectId });
}

// Number of audit entries of action on login.
function auditCount(action, objectId) {
	return Number(sql1('SELECT count(*) FROM audit_log WHERE action = ' +
	    ":'action' AND object_id = :'oid'", { action, oid: objectId }));
}

// Asserts that no password or hash reached the audit entry.
function assertNoSecret(entry, ...secrets) {
	const text = JSON.stringify([entry.before, entry.after]);
	assert.doesNotMatch(text, /argon2|hash/i);
	for (const s of secrets)
		assert.ok(!text.includes(s), 'no password in the audit log');
}

// Signs in a fresh client; returns the POST /login response.  A failure
// is then forgotten for the address the tests share, so that the
// deliberate failures here do not slow down later sign-ins.
async function signIn(login, password) {
	const r = await new Client().signIn(login, password);
	if (r.status !== 303)
		sqlRows("DELETE FROM login_throttle WHERE key LIKE 'addr:%'");
	return r;
}

// Adds an account through the form; returns the response.
async function addUser(fields) {
	await admin.get('/admin/users/new');
	return admin.post('/admin/users/new', fields);
}

test('the list shows every account; one cannot disable oneself there', async () => {
	const rev = createStaff('reviewer');
	const min = createStaff('ministry', { ministry: 'MOJ' });
	const page = await admin.get('/admin/users');
	assert.equal(page.status, 200);
	assert.match(page.body, /<caption[ >]/);
	const row = (login) => new RegExp(`<tr id="user-${login}">([\\s\\S]*?)` +
	    '</tr>').exec(page.body)?.[1];
	assert.match(row(rev.login), /<td>事務局審査担当<\/td>/);
	assert.match(row(rev.login), /<td class="state">有効<\/td>/);
	assert.match(row(rev.login), /\/disable"/);
	assert.match(row(min.login), /<abbr title="法務省">MOJ<\/abbr>/);
	assert.match(row(admin.account.login), /<td>管理者<\/td>/);
	assert.doesNotMatch(row(admin.account.login), /\/disable"/);
	assert.match(row(admin.account.login), /\d{4}-\d\d-\d\d \d\d:\d\d/);
});

test('an account added with a typed password can sign in; audited without the password', async () => {
	const login = uniqueLogin('rev');
	const pw = `typed-${tag()}`;
	const form = await admin.get('/admin/users/new');
	assert.equal(form.status, 200);
	assert.match(form.body, /<option value="MOFA">外務省<\/option>/);
	assert.equal([...form.body.matchAll(/<select id="f-ministry"[\s\S]*?<\/select>/g)]
	    .length, 1);
	const r = await admin.post('/admin/users/new', { login, role: 'reviewer',
	    ministry: '', new_password: pw, new_password_again: pw });
	assert.equal(r.status, 303);
	assert.equal(r.location, '/admin/users');
	const acct = sqlObject('SELECT role, ministry, disabled_at FROM ' +
	    "staff_accounts WHERE login = :'login'", { login });
	assert.deepEqual(acct, { role: 'reviewer', ministry: null,
	    disabled_at: null });
	const a = lastAudit('user.add', login);
	assert.equal(a.login, admin.account.login);
	assert.equal(a.object_type, 'staff_account');
	assert.equal(a.before, null);
	assert.deepEqual(a.after, { login, role: 'reviewer', disabled: false });
	assert.ok(a.client_addr);
	assertNoSecret(a, pw);
	assert.equal((await signIn(login, pw)).status, 303);
});

test('an empty password is generated, shown once, and works', async () => {
	const login = uniqueLogin('min');
	const r = await addUser({ login, role: 'ministry', ministry: 'MOD',
	    new_password: '', new_password_again: '' });
	assert.equal(r.status, 200);
	const pw = /<code class="reference" id="generated-password">([a-z0-9]{20})<\/code>/
	    .exec(r.body)?.[1];
	assert.ok(pw, 'the generated password on the page');
	assert.equal(r.res.headers.get('cache-control'), 'no-store');
	assert.equal(sql1("SELECT ministry FROM staff_accounts WHERE login = :'l'",
	    { l: login }), 'MOD');
	const a = lastAudit('user.add', login);
	assert.deepEqual(a.after, { login, role: 'ministry', ministry: 'MOD',
	    disabled: false });
	assertNoSecret(a, pw);
	assert.equal((await signIn(login, pw)).status, 303);
	// Shown once: the list does not have it.
	assert.ok(!(await admin.get('/admin/users')).body.includes(pw));
});

test('a wrong account form is 422 with messages and the values kept', async () => {
	const login = uniqueLogin('bad');
	const cases = [
		[{ login, role: 'ministry', ministry: '' }, ['ministry']],
		[{ login, role: 'reviewer', ministry: 'MOFA' }, ['ministry']],
		[{ login: 'A B<x>', role: 'reviewer' }, ['login']],
		[{ login: '', role: '' }, ['login', 'role']],
		[{ login, role: 'root' }, ['role']],
		[{ login, role: 'reviewer', ministry: 'NOPE' }, ['ministry']],
		[{ login, role: 'reviewer', new_password: 'short',
		    new_password_again: 'short' }, ['new_password']],
		[{ login, role: 'reviewer', new_password: 'long-enough-1',
		    new_password_again: 'long-enough-2' }, ['new_password_again']],
		[{ login, role: 'reviewer', new_password: '',
		    new_password_again: 'long-enough-2' }, ['new_password']],
		[{ login: admin.account.login, role: 'admin' }, ['login']],
	];
	for (const [fields, wrong] of cases) {
		const r = await addUser({ ministry: '', new_password: '',
		    new_password_again: '', ...fields });
		assert.equal(r.status, 422, JSON.stringify(fields));
		assert.deepEqual(errorSummary(r.body), wrong, JSON.stringify(fields));
		for (const f of wrong)
			assert.ok(fieldError(r.body, f), `message for ${f}`);
		if (fields.login)
			assert.equal(inputValue(r.body, 'login'), fields.login);
		if (['reviewer', 'ministry'].includes(fields.role))
			assert.deepEqual(selectedOptions(r.body, 'role'),
			    [fields.role]);
		assert.equal(inputValue(r.body, 'new_password'), '');
		assert.equal(inputValue(r.body, 'new_password_again'), '');
	}
	assert.match((await addUser({ login: admin.account.login,
	    role: 'admin', ministry: '', new_password: '', new_password_again: '' }))
	    .body, /このログイン名はすでに使われています/);
	assert.equal(sql1("SELECT count(*) FROM staff_accounts WHERE login = :'l'",
	    { l: login }), '0');
	// Full-width letters are folded, as sign-in folds them.
	const wide = uniqueLogin('wide');
	const r = await addUser({ login: wide.toUpperCase().replace(/[A-Z]/g,
	    (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
	    role: 'reviewer', ministry: '', new_password: '', new_password_again: '' });
	assert.equal(r.status, 200);
	assert.equal(sql1("SELECT count(*) FROM staff_accounts WHERE login = :'l'",
	    { l: wide }), '1');
});

test('disabling an account ends its sessions and sign-ins; audited', async () => {
	const rev = await staffClient('reviewer');
	assert.equal((await rev.get('/review')).status, 200);
	const login = rev.account.login;
	await admin.get('/admin/users');
	const r = await admin.post(`/admin/users/${login}/disable`);
	assert.equal(r.status, 303);
	assert.equal(r.location, '/admin/users');
	assert.equal(sql1("SELECT disabled_at IS NOT NULL FROM staff_accounts " +
	    "WHERE login = :'l'", { l: login }), 't');
	assert.equal(sql1('SELECT count(*) FROM staff_sessions s JOIN ' +
	    "staff_accounts a ON a.id = s.account_id WHERE a.login = :'l'",
	{ l: login }), '0');
	const after = await rev.get('/review');
	assert.equal(after.status, 303);
	assert.match(after.location, /^\/login/);
	assert.equal((await signIn(login, rev.account.password)).status, 422);
	const a = lastAudit('user.disable', login);
	assert.deepEqual(a.before, { role: 'reviewer', disabled: false });
	assert.deepEqual(a.after, { role: 'reviewer', disabled: true });
	assert.equal(a.login, admin.account.login);
	const list = await admin.get('/admin/users');
	assert.match(list.body, new RegExp(`<tr id="user-${login}">[\\s\\S]*?` +
	    '<td class="state">無効</td>'));
	// Again: nothing to do, nothing audited.
	assert.equal((await admin.post(`/admin/users/${login}/disable`)).status,
	    303);
	assert.equal(auditCount('user.disable', login), 1);
	assert.equal((await admin.post('/admin/users/no-such-user/disable'))
	    .status, 404);

	// Enabled again: signs in with the same password; the old sessions
	// stay ended.
	assert.match(list.body, new RegExp(`<tr id="user-${login}">[\\s\\S]*?` +
	    `action="/admin/users/${login}/enable"`));
	const on = await admin.post(`/admin/users/${login}/enable`);
	assert.equal(on.status, 303);
	assert.equal(on.location, '/admin/users');
	assert.equal((await rev.get('/review')).status, 303);
	assert.equal((await signIn(login, rev.account.password)).status, 303);
	const e = lastAudit('user.enable', login);
	assert.deepEqual(e.before, { role: 'reviewer', disabled: true });
	assert.deepEqual(e.after, { role: 'reviewer', disabled: false });
	assert.equal((await admin.post(`/admin/users/${login}/enable`)).status,
	    303);
	assert.equal(auditCount('user.enable', login), 1);
	assert.doesNotMatch((await admin.get('/admin/users')).body,
	    new RegExp(`action="/admin/users/${login}/enable"`));
	assert.equal((await admin.post('/admin/users/no-such-user/enable'))
	    .status, 404);
});

test('an administrator cannot disable their own account', async () => {
	const other = await staffClient('admin');
	const login = other.account.login;
	const r = await other.post(`/admin/users/${login}/disable`);
	assert.equal(r.status, 422);
	assert.match(r.body, /<div class="error-summary" role="alert" id="users-message" tabindex="-1" autofocus>\s*<p>自分のアカウントは無効にできません。/);
	assert.equal(sql1('SELECT disabled_at IS NULL FROM staff_accounts ' +
	    "WHERE login = :'l'", { l: login }), 't');
	assert.equal(auditCount('user.disable', login), 0);
	assert.equal((await other.get('/admin/users')).status, 200);
});

test('a new password replaces the old one and ends the sessions; audited', async () => {
	const rev = await staffClient('reviewer');
	const login = rev.account.login;
	const form = await admin.get(`/admin/users/${login}/password`);
	assert.equal(form.status, 200);
	assert.match(form.body, /<input type="password" id="f-new_password" name="new_password" value=""/);
	const bad = await admin.post(`/admin/users/${login}/password`, {
	    new_password: 'a-long-password', new_password_again: 'b-long-password' });
	assert.equal(bad.status, 422);
	assert.deepEqual(errorSummary(bad.body), ['new_password_again']);
	assert.equal(auditCount('user.passwd', login), 0);

	const pw = `new-${tag()}`;
	const r = await admin.post(`/admin/users/${login}/password`, {
	    new_password: pw, new_password_again: pw });
	assert.equal(r.status, 303);
	assert.equal((await rev.get('/review')).status, 303, 'session ended');
	assert.equal((await signIn(login, rev.account.password)).status, 422);
	assert.equal((await signIn(login, pw)).status, 303);
	const a = lastAudit('user.passwd', login);
	assert.equal(a.before, null);
	assert.deepEqual(a.after, { password_changed: true, generated: false,
	    sessions_ended: true });
	assertNoSecret(a, pw);

	await admin.get(`/admin/users/${login}/password`);
	const g = await admin.post(`/admin/users/${login}/password`, {
	    new_password: '', new_password_again: '' });
	assert.equal(g.status, 200);
	const gen = /id="generated-password">([a-z0-9]{20})</.exec(g.body)[1];
	assert.equal((await signIn(login, gen)).status, 303);
	assert.equal(lastAudit('user.passwd', login).after.generated, true);
	assert.equal((await admin.get('/admin/users/no-such-user/password'))
	    .status, 404);
	assert.equal((await admin.post('/admin/users/no-such-user/password', {
	    new_password: pw, new_password_again: pw })).status, 404);
});

// Inserts audit entries as the superuser; returns their ids.
function insertAudit(rows) {
	return rows.map((r) => sql1('INSERT INTO audit_log (at, login, action, ' +
	    'object_type, object_id, client_addr, before, after) VALUES ' +
	    "(:'at'::timestamptz, :'login', :'action', 'test', :'oid', " +
	    "'192.0.2.7', :'before'::jsonb, :'after'::jsonb) RETURNING id", {
		at: r.at ?? new Date().toISOString(), login: r.login,
		action: r.action ?? 'test.entry', oid: r.oid ?? 'x',
		before: r.before ?? 'null', after: r.after ?? 'null' }));
}

// The ids of the entries a page of the log shows, in order.
function entryIds(html) {
	return [...html.matchAll(/<tr id="audit-(\d+)">/g)].map((m) => m[1]);
}

test('the audit log pages by keyset, 50 at a time, filters kept', async () => {
	const login = uniqueLogin('page');
	const ids = insertAudit(Array.from({ length: 120 }, (_, i) => ({
	    login, oid: String(i),
	    at: new Date(Date.now() - i * 1000).toISOString() })));
	const seen = [];
	let path = `/admin/audit?login=${login}`;
	const pages = [];
	while (path) {
		const p = await admin.get(path);
		assert.equal(p.status, 200);
		pages.push(entryIds(p.body));
		seen.push(...pages.at(-1));
		const next = /<a href="([^"]+)" rel="next">/.exec(p.body)?.[1]
		    ?.replaceAll('&amp;', '&');
		if (next) {
			assert.match(next, new RegExp(`^/admin/audit\\?login=${login}&cursor=\\d+$`));
			assert.doesNotMatch(next, /offset/i);
		}
		path = next;
	}
	assert.deepEqual(pages.map((p) => p.length), [50, 50, 20]);
	assert.deepEqual(seen, ids, 'newest first, each entry once');
	assert.equal((await admin.get('/admin/audit?cursor=1x')).status, 400);
});

test('the audit log filters by login, action and day in Japan', async () => {
	const login = uniqueLogin('filt');
	const [late, early, other] = insertAudit([
		{ login, at: '2026-01-10T23:59:00+09:00', action: 'test.late' },
		{ login, at: '2026-01-11T00:00:30+09:00', action: 'test.early' },
		{ login: uniqueLogin('else'), at: '2026-01-11T01:00:00+09:00' },
	]);
	const ids = async (q) => entryIds((await admin.get(`/admin/audit?${q}`))
	    .body);
	assert.deepEqual(await ids(`login=${login}`), [early, late]);
	assert.deepEqual(await ids(`login=${login}&since=2026-01-11`), [early]);
	assert.deepEqual(await ids(`login=${login}&until=2026-01-10`), [late]);
	assert.deepEqual(await ids(`login=${login}&since=2026-01-10&until=2026-01-10`),
	    [late]);
	assert.deepEqual(await ids(`login=${login}&action=test.late`), [late]);
	assert.deepEqual(await ids('since=2026-01-11&until=2026-01-11'),
	    [other, early]);
	const p = await admin.get(`/admin/audit?login=${login}&since=2026-01-11`);
	assert.equal(inputValue(p.body, 'login'), login);
	assert.equal(inputValue(p.body, 'since'), '2026-01-11');
	assert.match(p.body, /<td><time datetime="2026-01-11 00:00:30">2026-01-11 00:00:30<\/time><\/td>/);
	assert.match(p.body, /<td>192\.0\.2\.7<\/td>/);
	const none = await admin.get(`/admin/audit?login=${login}&action=no.such`);
	assert.match(none.body, /<p id="audit-empty">/);

	for (const [q, f] of [['action=DROP%20TABLE', 'action'],
	    ['since=2026-13-01', 'since'],
	    ['since=2026-01-12&until=2026-01-11', 'until']]) {
		const r = await admin.get(`/admin/audit?${q}`);
		assert.equal(r.status, 422, q);
		assert.deepEqual(errorSummary(r.body), [f], q);
		assert.deepEqual(entryIds(r.body), [], q);
	}
});

test('the audit log shows markup in logged values as text', async () => {
	const evil = '<script>alert("x")</script>';
	const login = uniqueLogin('esc');
	const [id] = insertAudit([{ login, oid: '<b>obj</b>',
	    before: JSON.stringify({ note: evil, q: "it's & <i>" }),
	    after: JSON.stringify({ name: 'フレームワークのベンチマーク' }) }]);
	const p = await admin.get(`/admin/audit?login=${login}`);
	assert.deepEqual(entryIds(p.body), [id]);
	assert.ok(!p.body.includes(evil));
	assert.ok(!p.body.includes('<b>obj'));
	assert.match(p.body, /&lt;b&gt;obj&lt;\/b&gt;/);
	assert.match(p.body, /&lt;script&gt;alert\(\\&quot;x\\&quot;\)&lt;\/script&gt;/);
	assert.match(p.body, /it&#39;s &amp; &lt;i&gt;/);
	assert.match(p.body, /フレームワークのベンチマーク/);

	// A failed sign-in with markup for a login is logged as typed.
	const typed = '<img src=x>' + tag();
	const r = await signIn(typed, 'wrong-password-1');
	assert.equal(r.status, 422);
	const f = await admin.get(`/admin/audit?action=login.failed&login=${
	    encodeURIComponent(typed)}`);
	assert.equal(entryIds(f.body).length, 1);
	assert.ok(!f.body.includes('<img src=x>'));
	assert.match(f.body, /<td>&lt;img src=x&gt;[0-9a-f]{12}<\/td>/);
});

const adminRoutes = [
	['GET', '/admin/users'], ['GET', '/admin/users/new'],
	['POST', '/admin/users/new'], ['POST', '/admin/users/x-user/disable'],
	['GET', '/admin/users/x-user/password'],
	['POST', '/admin/users/x-user/password'], ['GET', '/admin/audit'],
];

test('reviewers and ministry accounts get 403 on every admin page', async () => {
	const rev = await staffClient('reviewer');
	const min = await staffClient('ministry', { ministry: 'NPA' });
	await rev.get('/review');
	for (const c of [rev, min]) {
		for (const [m, path] of adminRoutes) {
			const r = m === 'GET' ? await c.get(path)
			    : await c.post(path, { csrf: c.csrf ?? 'x' },
				{ csrf: false });
			assert.equal(r.status, 403, `${c.account.login} ${m} ${path}`);
		}
	}
});

test('without a session: 303 to the sign-in page', async () => {
	for (const [m, path] of adminRoutes) {
		const r = await request(path, { method: m });
		assert.equal(r.status, 303, `${m} ${path}`);
		assert.equal(r.headers.get('location'), m === 'GET'
		    ? `/login?next=${encodeURIComponent(path)}` : '/login');
	}
	const q = await request('/admin/audit?login=a&action=b');
	assert.equal(q.headers.get('location'),
	    '/login?next=%2Fadmin%2Faudit%3Flogin%3Da%26action%3Db');
});

test('admin POSTs without the CSRF token are refused with 403', async () => {
	const rev = createStaff('reviewer');
	await admin.get('/admin/users');
	const login = uniqueLogin('csrf');
	for (const [path, fields] of [
		['/admin/users/new', { login, role: 'reviewer' }],
		[`/admin/users/${rev.login}/disable`, {}],
		[`/admin/users/${rev.login}/password`, { new_password: '',
		    new_password_again: '' }],
	]) {
		const r = await admin.post(path, fields, { csrf: false });
		assert.equal(r.status, 403, path);
		const x = await admin.post(path, { ...fields, csrf: 'A'.repeat(43) },
		    { csrf: false });
		assert.equal(x.status, 403, path);
	}
	assert.equal(sql1("SELECT count(*) FROM staff_accounts WHERE login = :'l'",
	    { l: login }), '0');
	assert.equal(sql1('SELECT disabled_at IS NULL FROM staff_accounts ' +
	    "WHERE login = :'l'", { l: rev.login }), 't');
	assert.equal(auditCount('user.passwd', rev.login), 0);
});

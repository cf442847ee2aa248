// Staff sign-in, sessions and the router's guards: the /login form and
// its pre-session CSRF token, session cookies (HttpOnly, SameSite=Strict,
// only a hash stored, rotated at sign-in), sign-out, wrong passwords and
// unknown logins alike, the slow-down and lock per account and per
// address, next= that cannot leave the site, and corps-admin user.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { base, request, sql1, sqlRows } from './lib.mjs';
import {
	Client, corpsAdmin, createStaff, sameOrigin, staffClient, uniqueLogin,
} from './staff.mjs';

// Failed sign-ins from this address must not slow the other test files.
after(() => sqlRows('DELETE FROM login_throttle'));

// The pre-session token of the client's last GET /login.
async function loginForm(c, query = '') {
	const r = await c.get(`/login${query}`);
	assert.equal(r.status, 200);
	const m = /<input type="hidden" name="csrf" value="([^"]+)">/
	    .exec(r.body);
	assert.ok(m, 'the sign-in form carries a token');
	return { ...r, pre: m[1] };
}

// The Set-Cookie header of res for cookie name.
function setCookie(res, name) {
	return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}

test('the sign-in form: fields with labels and a pre-session token',
    async () => {
	const c = new Client();
	const r = await loginForm(c);
	assert.match(r.body, /<label for="f-login">ログイン名/);
	assert.match(r.body, /<input type="password" id="f-password"/);
	assert.match(r.body, /autocomplete="current-password"/);
	const ck = setCookie(r.res, 'corps_login');
	assert.match(ck, /HttpOnly/i);
	assert.match(ck, /SameSite=Strict/i);
	assert.equal(c.cookies.get('corps_login'), r.pre);
	assert.equal(r.res.headers.get('cache-control'), 'no-store');
});

test('signing in sets a fresh HttpOnly, SameSite=Strict session cookie ' +
    'whose token is stored only as a hash', async () => {
	const acct = createStaff('reviewer');
	const c = new Client();
	c.cookies.set('corps_session', 'A'.repeat(43));
	const r = await c.signIn(acct.login, acct.password);
	assert.equal(r.status, 303);
	assert.equal(r.location, '/review');
	const ck = setCookie(r.res, 'corps_session');
	assert.match(ck, /HttpOnly/i);
	assert.match(ck, /SameSite=Strict/i);
	assert.match(ck, /Path=\//);
	assert.doesNotMatch(ck, /Secure/i, 'plain http here');
	const token = c.cookies.get('corps_session');
	assert.match(token, /^[A-Za-z0-9_-]{43}$/);
	assert.notEqual(token, 'A'.repeat(43), 'the token is never the one ' +
	    'the browser brought');
	assert.equal(c.cookies.has('corps_login'), false,
	    'the pre-session cookie is gone');
	const rows = sqlRows(`SELECT octet_length(token_hash),
	    position(convert_to(:'t', 'UTF8') IN token_hash) FROM staff_sessions s
	    JOIN staff_accounts a ON a.id = s.account_id WHERE a.login = :'l'`,
	    { t: token, l: acct.login });
	assert.deepEqual(rows, [['32', '0']]);
	assert.equal(sql1(`SELECT count(*) FROM audit_log WHERE action = 'login'
	    AND login = :'l' AND client_addr = '127.0.0.1'`, { l: acct.login }),
	    '1');
});

test('a second sign-in rotates the token and ends the old session',
    async () => {
	const acct = createStaff('admin');
	const c = new Client();
	assert.equal((await c.signIn(acct.login, acct.password)).status, 303);
	const first = c.cookies.get('corps_session');
	assert.equal((await c.signIn(acct.login, acct.password)).status, 303);
	const second = c.cookies.get('corps_session');
	assert.notEqual(second, first);
	const old = new Client();
	old.cookies.set('corps_session', first);
	const r = await old.get('/admin/users');
	assert.equal(r.status, 303);
	assert.match(r.location, /^\/login\?next=/);
});

test('signing out ends the session in the database', async () => {
	const c = await staffClient('reviewer');
	const token = c.cookies.get('corps_session');
	const before = sql1(`SELECT count(*) FROM staff_sessions s JOIN
	    staff_accounts a ON a.id = s.account_id WHERE login = :'l'`,
	    { l: c.account.login });
	assert.equal(before, '1');
	assert.ok(c.csrf, 'the dashboard gave a CSRF token');
	const r = await c.post('/logout');
	assert.equal(r.status, 303);
	assert.equal(r.location, '/login');
	assert.equal(c.cookies.has('corps_session'), false);
	assert.equal(sql1(`SELECT count(*) FROM staff_sessions s JOIN
	    staff_accounts a ON a.id = s.account_id WHERE login = :'l'`,
	    { l: c.account.login }), '0');
	const again = new Client();
	again.cookies.set('corps_session', token);
	assert.equal((await again.get('/review')).status, 303);
});

test('sign-out needs CSRF proof', async () => {
	const c = await staffClient('reviewer');
	const noToken = await c.post('/logout', {}, { csrf: false });
	assert.equal(noToken.status, 403);
	assert.match(noToken.body, /操作を受け付けませんでした/);
	const wrong = await c.post('/logout', { csrf: 'x'.repeat(43) });
	assert.equal(wrong.status, 403);
	const cross = await c.post('/logout', {}, { headers: {
	    'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
	assert.equal(cross.status, 403);
	assert.equal(sql1(`SELECT count(*) FROM staff_sessions s JOIN
	    staff_accounts a ON a.id = s.account_id WHERE login = :'l'`,
	    { l: c.account.login }), '1', 'still signed in');
	const get = await c.get('/logout');
	assert.equal(get.status, 405);
});

test('a wrong password and an unknown login get the same answer, audited',
    async () => {
	const acct = createStaff('reviewer');
	const c = new Client();
	const f = await loginForm(c);
	const wrong = await c.post('/login', { csrf: f.pre, login: acct.login,
	    password: 'not the password' }, { csrf: false });
	const f2 = await loginForm(c);
	const ghost = uniqueLogin('ghost');
	const unknown = await c.post('/login', { csrf: f2.pre, login: ghost,
	    password: 'not the password' }, { csrf: false });
	for (const r of [wrong, unknown]) {
		assert.equal(r.status, 422);
		assert.match(r.body, /ログイン名またはパスワードが正しくありません/);
		assert.match(r.body, /class="error-summary"/);
		assert.doesNotMatch(r.body, /not the password/,
		    'the password is never sent back');
	}
	assert.match(wrong.body, new RegExp(`value="${acct.login}"`));
	assert.match(unknown.body, new RegExp(`value="${ghost}"`));
	assert.equal(sql1(`SELECT count(*) FROM audit_log WHERE action =
	    'login.failed' AND login IN (:'a', :'b') AND account_id IS NULL`,
	    { a: acct.login, b: ghost }), '2');
	sqlRows('DELETE FROM login_throttle');
});

test('missing fields are 422 with a message at each', async () => {
	const c = new Client();
	const f = await loginForm(c);
	const r = await c.post('/login', { csrf: f.pre, login: '  ',
	    password: '' }, { csrf: false });
	assert.equal(r.status, 422);
	assert.match(r.body, /id="e-login"/);
	assert.match(r.body, /id="e-password"/);
});

test('sign-in without the pre-session token or from another site is 403',
    async () => {
	const acct = createStaff('reviewer');
	const c = new Client();
	const f = await loginForm(c);
	const fields = { login: acct.login, password: acct.password };
	const none = await c.post('/login', fields, { csrf: false });
	assert.equal(none.status, 403);
	const other = await c.post('/login', { ...fields, csrf: 'B'.repeat(43) },
	    { csrf: false });
	assert.equal(other.status, 403);
	const cross = await c.post('/login', { ...fields, csrf: f.pre },
	    { csrf: false, headers: { 'sec-fetch-site': 'cross-site' } });
	assert.equal(cross.status, 403);
	const noCookie = new Client();
	const r = await noCookie.post('/login', { ...fields, csrf: f.pre },
	    { csrf: false });
	assert.equal(r.status, 403, 'the token must match the cookie');
	assert.equal(sql1(`SELECT count(*) FROM staff_sessions s JOIN
	    staff_accounts a ON a.id = s.account_id WHERE login = :'l'`,
	    { l: acct.login }), '0');
});

test('repeated failures slow an account down, then lock it', async () => {
	const acct = createStaff('reviewer');
	const c = new Client();
	const attempt = async (password) => {
		const f = await loginForm(c);
		return c.post('/login', { csrf: f.pre, login: acct.login,
		    password }, { csrf: false });
	};
	for (let i = 0; i < 3; i++)
		assert.equal((await attempt('wrong password')).status, 422);
	// The fourth comes too soon, even with the right password.
	const slow = await attempt(acct.password);
	assert.equal(slow.status, 429);
	assert.match(slow.body, /秒待ってから/);
	// The keyboard starts at the notice, as at an error summary.
	assert.match(slow.body, /role="alert" tabindex="-1" autofocus>\s*<p>[^<]*秒待ってから/);
	assert.equal(sql1(`SELECT count(*) FROM audit_log WHERE
	    action = 'login.throttled' AND login = :'l'`, { l: acct.login }), '1');
	// Ten failures lock the account for a while.
	sqlRows(`UPDATE login_throttle SET failures = 10, last_failure = now()
	    WHERE key = 'account:' || :'l'`, { l: acct.login });
	const locked = await attempt(acct.password);
	assert.equal(locked.status, 429);
	assert.match(locked.body, /一時的にロックしています。15 分後/);
	// Once the lock has passed, the right password works and the count
	// starts again.
	sqlRows(`UPDATE login_throttle SET last_failure = now() -
	    interval '16 minutes' WHERE key = 'account:' || :'l'`,
	    { l: acct.login });
	assert.equal((await attempt(acct.password)).status, 303);
	assert.equal(sql1(`SELECT count(*) FROM login_throttle WHERE
	    key = 'account:' || :'l'`, { l: acct.login }), '0');
	sqlRows('DELETE FROM login_throttle');
});

test('parallel wrong passwords cannot outrun the lock', async () => {
	sqlRows('DELETE FROM login_throttle');
	const acct = createStaff('reviewer');
	// One failure short of the lock, and the last one long enough ago
	// that exactly one more try is allowed: that try locks the account.
	sqlRows(`INSERT INTO login_throttle VALUES ('account:' || :'l', 9,
	    now() - interval '10 minutes')`, { l: acct.login });
	// Forms first, then every POST at once: more tries than workers.
	const tries = await Promise.all(Array.from({ length: 20 }, async () => {
		const c = new Client();
		return { c, f: await loginForm(c) };
	}));
	const statuses = await Promise.all(tries.map(async ({ c, f }) =>
	    (await c.post('/login', { csrf: f.pre, login: acct.login,
		password: 'wrong password' }, { csrf: false })).status));
	assert.deepEqual(statuses.filter((s) => s === 422).length, 1,
	    `one password check, the rest refused: ${statuses}`);
	assert.deepEqual(statuses.filter((s) => s !== 422 && s !== 429), []);
	assert.equal(sql1(`SELECT count(*) FROM audit_log WHERE
	    action = 'login.failed' AND login = :'l'`, { l: acct.login }), '1');
	assert.equal(sql1(`SELECT failures FROM login_throttle WHERE
	    key = 'account:' || :'l'`, { l: acct.login }), '10');
	// Locked: even the right password is refused.
	const c = new Client();
	const f = await loginForm(c);
	const right = await c.post('/login', { csrf: f.pre, login: acct.login,
	    password: acct.password }, { csrf: false });
	assert.equal(right.status, 429);
	assert.match(right.body, /一時的にロックしています/);
	sqlRows('DELETE FROM login_throttle');
});

test('failures are counted per client address too', async () => {
	const acct = createStaff('reviewer');
	const c = new Client();
	sqlRows(`INSERT INTO login_throttle VALUES ('addr:127.0.0.1', 30, now())
	    ON CONFLICT (key) DO UPDATE SET failures = 30, last_failure = now()`);
	const f = await loginForm(c);
	const r = await c.post('/login', { csrf: f.pre, login: acct.login,
	    password: acct.password }, { csrf: false });
	sqlRows(`DELETE FROM login_throttle`);
	assert.equal(r.status, 429);
	// And a failure adds to the address's count.
	const f2 = await loginForm(c);
	await c.post('/login', { csrf: f2.pre, login: acct.login,
	    password: 'wrong password' }, { csrf: false });
	assert.equal(sql1(`SELECT failures FROM login_throttle WHERE
	    key = 'addr:127.0.0.1'`), '1');
	sqlRows('DELETE FROM login_throttle');
});

test('next= brings the user back, but never to another site', async () => {
	const acct = createStaff('reviewer');
	for (const [next, want] of [
	    ['/review/applications?status=submitted', '/review/applications?status=submitted'],
	    ['//evil.example/', '/review'],
	    ['/\\evil.example', '/review'],
	    ['https://evil.example/', '/review'],
	    ['javascript:alert(1)', '/review']]) {
		const c = new Client();
		const r = await c.signIn(acct.login, acct.password, next);
		assert.equal(r.status, 303, next);
		assert.equal(r.location, want, next);
	}
	// The form drops a bad next= rather than carrying it along.
	const c = new Client();
	const f = await loginForm(c, `?next=${encodeURIComponent('//evil.example')}`);
	assert.doesNotMatch(f.body, /name="next"/);
});

test('a staff page without a session sends the browser to sign in first',
    async () => {
	const r = await request('/review/applications?status=submitted&q=%E5%B1%B1');
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'), '/login?next=' +
	    encodeURIComponent('/review/applications?status=submitted&q=%E5%B1%B1'));
	const post = await request('/logout', { method: 'POST', headers: {
	    ...sameOrigin, 'content-type': 'application/x-www-form-urlencoded' },
	    body: 'csrf=x' });
	assert.equal(post.status, 303);
	assert.equal(post.headers.get('location'), '/login');
	const forged = await request('/review', {
	    headers: { cookie: `corps_session=${'A'.repeat(43)}` } });
	assert.equal(forged.status, 303);
});

test('sessions end after the idle timeout', async () => {
	const c = await staffClient('admin');
	sqlRows(`UPDATE staff_sessions SET last_seen = now() - interval '31 minutes'
	    WHERE account_id = (SELECT id FROM staff_accounts WHERE login = :'l')`,
	    { l: c.account.login });
	assert.equal((await c.get('/admin/users')).status, 303);
});

test('sessions end after the absolute timeout, however active',
    async () => {
	const c = await staffClient('admin');
	sqlRows(`UPDATE staff_sessions SET created_at = now() - interval '13 hours'
	    WHERE account_id = (SELECT id FROM staff_accounts WHERE login = :'l')`,
	    { l: c.account.login });
	assert.equal((await c.get('/admin/users')).status, 303);
});

test('corps-admin user: add, refuse bad input, passwd, disable', async () => {
	const login = uniqueLogin('cli');
	const add = corpsAdmin(['user', 'add', '--login', login, '--role',
	    'reviewer']);
	assert.equal(add.status, 0, add.stderr);
	const pw = /^password: ([a-z0-9]{20})$/m.exec(add.stdout)?.[1];
	assert.ok(pw, 'a generated password is printed once');
	assert.equal((await new Client().signIn(login, pw)).status, 303);
	assert.notEqual(corpsAdmin(['user', 'add', '--login', login, '--role',
	    'reviewer']).status, 0, 'a taken login');
	assert.notEqual(corpsAdmin(['user', 'add', '--login', 'Bad Name',
	    '--role', 'reviewer']).status, 0);
	assert.notEqual(corpsAdmin(['user', 'add', '--login', uniqueLogin('m'),
	    '--role', 'ministry']).status, 0, 'a liaison needs a ministry');
	assert.notEqual(corpsAdmin(['user', 'add', '--login', uniqueLogin('m'),
	    '--role', 'ministry', '--ministry', 'NOPE']).status, 0);
	assert.notEqual(corpsAdmin(['user', 'add', '--login', uniqueLogin('r'),
	    '--role', 'reviewer'], 'short\n').status, 0, 'a short password');
	assert.equal(corpsAdmin(['user', 'add', '--login', uniqueLogin('m'),
	    '--role', 'ministry', '--ministry', 'MOFA'], 'a long enough pass\n')
	    .status, 0);
	const c = new Client();
	assert.equal((await c.signIn(login, pw)).status, 303);
	assert.equal(corpsAdmin(['user', 'passwd', login],
	    'the new password here\n').status, 0);
	assert.equal((await c.get('/review')).status, 303,
	    'a new password ends the sessions');
	assert.equal((await new Client().signIn(login, pw)).status, 422);
	assert.equal((await new Client().signIn(login,
	    'the new password here')).status, 303);
	assert.equal(corpsAdmin(['user', 'disable', login]).status, 0);
	assert.equal((await new Client().signIn(login,
	    'the new password here')).status, 422);
	assert.notEqual(corpsAdmin(['user', 'disable', login]).status, 0);
	assert.equal(corpsAdmin(['user', 'enable', login]).status, 0);
	assert.equal((await new Client().signIn(login,
	    'the new password here')).status, 303);
	const again = corpsAdmin(['user', 'enable', login]);
	assert.notEqual(again.status, 0);
	assert.match(again.stderr, /no such disabled account/);
	assert.equal(sql1(`SELECT string_agg(action, ',' ORDER BY id) FROM
	    audit_log WHERE object_id = :'l' AND login = 'corps-admin'`,
	    { l: login }), 'user.add,user.passwd,user.disable,user.enable');
	sqlRows('DELETE FROM login_throttle');
});

test('the audit log is append-only for the application role', async () => {
	for (const stmt of ['UPDATE audit_log SET action = \'x\'',
	    'DELETE FROM audit_log', 'TRUNCATE audit_log']) {
		assert.throws(() => sqlRows(`SET ROLE corps_app; ${stmt}`),
		    /permission denied/, stmt);
	}
	assert.equal(sql1(`SET ROLE corps_app; SELECT count(*) > 0 FROM
	    audit_log`), 't');
});

// Helpers for the staff pages: accounts made with the real corps-admin,
// sign-in through the real /login form, and a small cookie-keeping client
// whose POSTs carry the session's CSRF token and same-origin headers the
// way a browser's would.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { base, stack } from './lib.mjs';

// Headers a browser sends with a form POSTed from one of our pages.
export const sameOrigin = { 'sec-fetch-site': 'same-origin', origin: base };

// Runs corps-admin with args and stdin against the stack's database (or
// the cluster whose socket directory is pghost) as the superuser.
// Returns {status, stdout, stderr}.
export function corpsAdmin(args, input = '', pghost = stack.PGHOST) {
	try {
		const stdout = execFileSync(ADMIN, args, { input, encoding: 'utf8',
		    env: adminEnv(pghost) });
		return { status: 0, stdout, stderr: '' };
	} catch (e) {
		return { status: e.status, stdout: e.stdout, stderr: e.stderr };
	}
}

const ADMIN = join(stack.CORPS_BUILD, 'corps-admin');

function adminEnv(pghost = stack.PGHOST) {
	return { ...process.env, CORPS_DB: `host=${pghost} ` +
	    `dbname=${stack.PGDATABASE} user=${stack.PGUSER}` };
}

// corpsAdmin without waiting: a promise of {status, stdout, stderr}, so
// that two can run at once.
export function corpsAdminAsync(args) {
	return new Promise((resolve) => execFile(ADMIN, args, { encoding: 'utf8',
	    env: adminEnv() }, (e, stdout, stderr) => resolve({
	    status: e ? e.code : 0, stdout, stderr })));
}

// A unique login with a prefix, e.g. "rev-3fa9c2".
export function uniqueLogin(prefix) {
	return `${prefix}-${randomBytes(4).toString('hex')}`;
}

// Creates an account with corps-admin, with an e-mail address and its
// language when given, in the stack's database or pghost's.  Returns
// {login, password}.
export function createStaff(role, { login = uniqueLogin(role),
    ministry = null, password = `pw-${randomBytes(9).toString('hex')}`,
    email = null, lang = null, pghost = stack.PGHOST } = {}) {
	const args = ['user', 'add', '--login', login, '--role', role];
	if (ministry)
		args.push('--ministry', ministry);
	if (email)
		args.push('--email', email);
	if (lang)
		args.push('--lang', lang);
	const r = corpsAdmin(args, `${password}\n`, pghost);
	assert.equal(r.status, 0, `corps-admin user add: ${r.stderr}`);
	return { login, password };
}

// Keeps cookies across requests like a browser (no expiry handling:
// Max-Age=0 deletes), on the stack's site or the one at url.
export class Client {
	constructor(url = base) {
		this.base = url;
		this.cookies = new Map();
		this.csrf = null;
	}

	cookieHeader() {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	keep(res) {
		for (const c of res.headers.getSetCookie()) {
			const [pair, ...attrs] = c.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			if (attrs.some((a) => /^\s*max-age=0\s*$/i.test(a)))
				this.cookies.delete(name);
			else
				this.cookies.set(name, pair.slice(eq + 1).trim());
		}
	}

	// fetch without following redirects; returns {res, status, location,
	// body} and remembers the page's CSRF token if it has one.
	async fetch(path, init = {}) {
		const headers = { ...(init.headers ?? {}) };
		if (this.cookies.size > 0)
			headers.cookie = this.cookieHeader();
		const res = await fetch(`${this.base}${path}`, { redirect: 'manual',
		    ...init, headers });
		this.keep(res);
		const body = await res.text();
		const m = /<input type="hidden" name="csrf" value="([^"]+)">/
		    .exec(body);
		if (m && path !== '/login' && !path.startsWith('/login?'))
			this.csrf = m[1];
		return { res, status: res.status,
		    location: res.headers.get('location'), body };
	}

	get(path) {
		return this.fetch(path);
	}

	// POSTs fields (an object or [name, value] pairs) urlencoded, with
	// the session's CSRF token unless csrf is false, from our origin
	// unless headers say otherwise.
	post(path, fields = {}, { csrf = true,
	    headers = { ...sameOrigin, origin: this.base } } = {}) {
		const body = new URLSearchParams(fields);
		if (csrf && !body.has('csrf')) {
			assert.ok(this.csrf, 'no CSRF token yet: GET a staff page first');
			body.set('csrf', this.csrf);
		}
		return this.fetch(path, { method: 'POST', headers: { ...headers,
		    'content-type': 'application/x-www-form-urlencoded' }, body });
	}

	// Signs in through /login.  Returns the POST's response.
	async signIn(login, password, next = null) {
		const form = await this.get(next ? `/login?next=${
		    encodeURIComponent(next)}` : '/login');
		assert.equal(form.status, 200);
		const pre = /<input type="hidden" name="csrf" value="([^"]+)">/
		    .exec(form.body)[1];
		const fields = { csrf: pre, login, password };
		if (next)
			fields.next = next;
		return this.post('/login', fields, { csrf: false });
	}
}

// Creates an account of role and returns a Client signed in with it
// (its CSRF token read from the role's home page), on the stack's site
// or opts.url (with opts.pghost its database).
export async function staffClient(role, opts = {}) {
	const { url = base, ...staffOpts } = opts;
	const acct = createStaff(role, staffOpts);
	const c = new Client(url);
	const r = await c.signIn(acct.login, acct.password);
	assert.equal(r.status, 303, `sign-in of ${acct.login}: ${r.status}`);
	c.account = acct;
	const home = await c.get(r.location);
	assert.equal(home.status, 200, r.location);
	assert.ok(c.csrf, `a CSRF token on ${r.location}`);
	return c;
}

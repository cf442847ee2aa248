// Smoke test of the deployed stack: nginx configuration (headers, body cap,
// static files, rate-limit exemption), the FastCGI socket, and the
// database roles and migrations.  Needs a running stack (see ./stack);
// STACK_DIR names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// Reads STACK_DIR/stack.env (KEY=VALUE lines) into an object.
function loadStack() {
	const dir = process.env.STACK_DIR;
	assert.ok(dir, 'STACK_DIR is not set');
	const env = {};
	for (const line of readFileSync(join(dir, 'stack.env'), 'utf8').split('\n')) {
		const eq = line.indexOf('=');
		if (eq > 0)
			env[line.slice(0, eq)] = line.slice(eq + 1);
	}
	return env;
}

const stack = loadStack();
const base = stack.BASE_URL;

// Runs one SQL query as the superuser; returns psql's unaligned rows.
function sql(query) {
	return execFileSync(join(stack.PG_BINDIR, 'psql'),
	    ['-X', '-At', '-v', 'ON_ERROR_STOP=1', '-c', query], {
		env: { ...process.env, PGHOST: stack.PGHOST,
		    PGDATABASE: stack.PGDATABASE, PGUSER: stack.PGUSER },
		encoding: 'utf8',
	}).trim();
}

const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; " +
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// Asserts the headers of security-headers.conf on a response.
function assertSecurityHeaders(res, what) {
	assert.equal(res.headers.get('content-security-policy'), CSP, what);
	assert.equal(res.headers.get('x-content-type-options'), 'nosniff', what);
	assert.equal(res.headers.get('referrer-policy'), 'same-origin', what);
	assert.equal(res.headers.get('x-xss-protection'), null, what);
	assert.equal(res.headers.get('server'), 'nginx', `${what}: server_tokens`);
}

test('GET /apply is the application, with the security headers', async () => {
	const res = await fetch(`${base}/apply`);
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^text\/html/);
	assertSecurityHeaders(res, 'GET /apply');
	assert.match(await res.text(), /<form/i);
});

test('an unknown path reaches the application and gets its 404', async () => {
	const res = await fetch(`${base}/no-such-page`);
	assert.equal(res.status, 404);
	assertSecurityHeaders(res, '404');
});

test('/static/ is served from disk with caching headers', async () => {
	const res = await fetch(`${base}/static/style.css`);
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^text\/css/);
	assert.match(res.headers.get('cache-control'), /max-age=3600/);
	assert.ok(res.headers.get('etag'), 'ETag for revalidation');
	assertSecurityHeaders(res, 'static');
	const disk = readFileSync(join(stack.CORPS_ROOT, 'templates', 'static',
	    'style.css'), 'utf8');
	assert.equal(await res.text(), disk);
});

test('a missing static file is nginx\'s 404, never the application', async () => {
	const res = await fetch(`${base}/static/missing.css`);
	assert.equal(res.status, 404);
	assertSecurityHeaders(res, 'static 404');
	const log = readFileSync(stack.FCGI_LOG, 'utf8');
	assert.ok(!log.includes('/static/missing.css'), 'request reached corps-fcgi');
});

// A urlencoded body of exactly n bytes.
function bodyOf(n) {
	return 'x=' + 'a'.repeat(n - 2);
}

test('a body over 6 MiB is refused by nginx with 413', async () => {
	const res = await fetch(`${base}/apply`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: bodyOf(6 * 1024 * 1024 + 1),
	});
	assert.equal(res.status, 413);
	assertSecurityHeaders(res, '413');
});

test('a body of exactly 6 MiB passes nginx to the application', async () => {
	const res = await fetch(`${base}/apply`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: bodyOf(6 * 1024 * 1024),
	});
	// nginx and corps-fcgi share the cap: neither says 413, nothing breaks.
	assert.notEqual(res.status, 413);
	assert.ok(res.status < 500, `status ${res.status}`);
	await res.arrayBuffer();
});

test('POSTs from loopback are exempt from the rate limit', async () => {
	const posts = Array.from({ length: 40 }, () => fetch(`${base}/apply`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: 'x=1',
	}).then(async (res) => { await res.arrayBuffer(); return res.status; }));
	const statuses = await Promise.all(posts);
	assert.ok(!statuses.includes(429), `statuses: ${statuses}`);
	assert.ok(statuses.every((s) => s < 500), `statuses: ${statuses}`);
});

test('the FastCGI socket is 0660 and not world-accessible', () => {
	const st = statSync(stack.FCGI_SOCKET);
	assert.ok(st.isSocket());
	assert.equal(st.mode & 0o777, 0o660);
});

test('migrations are applied and recorded', () => {
	const n = Number(sql('SELECT count(*) FROM schema_migrations'));
	assert.ok(n >= 1, `${n} migrations`);
});

test('corps_app logs in, is no superuser and owns nothing', () => {
	assert.equal(sql(`SELECT rolcanlogin, rolsuper, rolcreatedb,
	    rolcreaterole FROM pg_roles WHERE rolname = 'corps_app'`),
	    't|f|f|f');
	assert.equal(sql(`SELECT count(*) FROM pg_class c
	    JOIN pg_roles r ON r.oid = c.relowner
	    WHERE r.rolname = 'corps_app'`), '0');
	assert.equal(sql(`SELECT count(*) FROM pg_namespace n
	    JOIN pg_roles r ON r.oid = n.nspowner
	    WHERE r.rolname = 'corps_app'`), '0');
});

test('corps-fcgi logs one line per request', async () => {
	const marker = `/smoke-log-${process.pid}-${Date.now()}`;
	const res = await fetch(`${base}${marker}`);
	await res.arrayBuffer();
	// The line may follow the response by a moment.
	let lines = [];
	for (let i = 0; i < 20 && lines.length === 0; i++) {
		await new Promise((r) => setTimeout(r, 100));
		lines = readFileSync(stack.FCGI_LOG, 'utf8').split('\n')
		    .filter((l) => l.includes(marker));
	}
	assert.equal(lines.length, 1, 'log lines naming the request');
});

// Shared helpers of the integration tests: the stack's settings, a valid
// application form, SQL through psql, requests that never follow
// redirects, and small readers of the rendered HTML.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const fixtures = join(here, 'fixtures');

// Reads STACK_DIR/stack.env (KEY=VALUE lines) into an object.
export function loadStack() {
	const dir = process.env.STACK_DIR;
	assert.ok(dir, 'STACK_DIR is not set (start a stack with ./stack)');
	const env = {};
	for (const line of readFileSync(join(dir, 'stack.env'), 'utf8')
	    .split('\n')) {
		const eq = line.indexOf('=');
		if (eq > 0)
			env[line.slice(0, eq)] = line.slice(eq + 1);
	}
	assert.ok(env.BASE_URL, 'stack.env has no BASE_URL');
	return env;
}

export const stack = loadStack();
export const base = stack.BASE_URL;

const FS = '\x1f';
const RS = '\x1e';

// Runs SQL as the superuser on the stack's database, or on the cluster
// whose socket directory is host.  vars become psql variables, to be used
// quoted as :'name' (psql quotes them, so any text is safe).  Returns the
// rows as arrays of strings; NULL is ''.
export function sqlRows(query, vars = {}, host = stack.PGHOST) {
	const args = ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1',
	    '-F', FS, '-R', RS];
	for (const [k, v] of Object.entries(vars))
		args.push('-v', `${k}=${v}`);
	const psql = stack.PG_BINDIR ? join(stack.PG_BINDIR, 'psql') : 'psql';
	const out = execFileSync(psql, args, {
		input: query,
		env: { ...process.env, PGHOST: host,
		    PGDATABASE: stack.PGDATABASE, PGUSER: stack.PGUSER },
		encoding: 'utf8',
	}).replace(/\n$/, '');
	return out === '' ? [] : out.split(RS).map((r) => r.split(FS));
}

// Runs SQL that yields one value (on host, as sqlRows); returns it as a
// string.
export function sql1(query, vars = {}, host = stack.PGHOST) {
	const rows = sqlRows(query, vars, host);
	assert.equal(rows.length, 1, `one row from: ${query}`);
	assert.equal(rows[0].length, 1, `one column from: ${query}`);
	return rows[0][0];
}

// Runs a query of one row and returns it as {column: text}, using
// row_to_json so that every column arrives by name.
export function sqlObject(query, vars = {}) {
	const rows = sqlRows(`SELECT row_to_json(q) FROM (${query}) q`, vars);
	assert.equal(rows.length, 1, `one row from: ${query}`);
	return JSON.parse(rows[0][0]);
}
// Runs sql (which ends by sleeping, then commits) in a psql of its own;
// returns, once that session itself holds a lock of mode on table
// relname, { done }: a promise of psql's exit status (not the promise
// itself, which the async function's own would wait for).  Throws when
// the session has not taken the lock within 10 s: a test that went on
// without it would see no wait (a loaded machine can take over a second
// to start psql).
export async function holdLock(sql, relname, mode) {
	const app = `corps-hold-${tag()}`;
	const psql = spawn(stack.PG_BINDIR ? join(stack.PG_BINDIR, 'psql')
	    : 'psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', sql], { env: {
	    ...process.env, PGHOST: stack.PGHOST, PGDATABASE: stack.PGDATABASE,
	    PGUSER: stack.PGUSER, PGAPPNAME: app }, stdio: 'ignore' });
	const done = new Promise((resolve) => psql.on('exit', resolve));
	for (let i = 0; sql1(`SELECT count(*) FROM pg_locks l JOIN
	    pg_class c ON c.oid = l.relation JOIN pg_stat_activity a ON
	    a.pid = l.pid WHERE c.relname = :'r' AND l.mode = :'m' AND
	    l.granted AND a.application_name = :'a'`,
	    { r: relname, m: mode, a: app }) === '0'; i++) {
		if (i === 500)
			throw new Error(`no ${mode} on ${relname} after 10 s`);
		await sleep(20);
	}
	return { done };
}

// Bumps application id's version in another session and holds the row
// for a second before committing (holdLock).  A request made meanwhile
// reads the old version and then waits for the row.
export function holdApplication(id) {
	return holdLock('BEGIN; UPDATE applications SET version = version + 1 ' +
	    `WHERE id = ${Number(id)}; SELECT pg_sleep(1); COMMIT;`,
	    'applications', 'RowExclusiveLock');
}

// Locks table name against writes for a second and a half (holdLock).
export function holdTable(name) {
	return holdLock(`BEGIN; LOCK TABLE ${name} IN EXCLUSIVE MODE; ` +
	    'SELECT pg_sleep(1.5); COMMIT;', name, 'ExclusiveLock');
}


// A fresh form token, as GET /apply makes: 32 random bytes, base64url.
export function newToken() {
	return randomBytes(32).toString('base64url');
}

// A short random tag for values that must not meet other tests' values.
export function tag() {
	return randomBytes(6).toString('hex');
}

// Today in Japan plus days (the app judges dates in JST), as YYYY-MM-DD;
// years shifts the year too (Feb 29 falls back to Mar 1 where needed).
export function jstDate(days = 0, years = 0) {
	const d = new Date(Date.now() + 9 * 3600 * 1000 + days * 86400000);
	d.setUTCFullYear(d.getUTCFullYear() + years);
	return d.toISOString().slice(0, 10);
}

// Random full-width katakana of n letters, for unique furigana.
export function randomKana(n = 6) {
	const letters = 'アイウエオカキクケコサシスセソタチツテトナニヌネノ' +
	    'ハヒフヘホマミムメモヤユヨラリルレロワ';
	let s = '';
	for (const b of randomBytes(n))
		s += letters[b % letters.length];
	return s;
}

// The fields of a valid application, Japanese style, as [name, value]
// pairs (checkbox groups repeat their name).  overrides replaces or, with
// undefined, removes single fields by name; arrays give several values.
export function validFields(overrides = {}) {
	const t = tag();
	const f = {
		form_token: newToken(),
		family_kanji: '山田',
		given_kanji: '花子',
		family_kana: 'ヤマダ',
		given_kana: 'ハナコ',
		family_romaji: 'YAMADA',
		given_romaji: 'HANAKO',
		birth_date: '1985-04-12',
		gender: 'female',
		nationality: 'yes',
		email: `hanako.${t}@example.jp`,
		phone: '090-1234-5678',
		postcode: '100-0001',
		prefecture: '13',
		address: '千代田区千代田1-1',
		lang_en: 'fluent',
		lang_fr: 'basic',
		expertise: ['logistics', 'medical'],
		experience_abroad: 'ケニアで2年間、物資輸送の調整を担当。',
		peace_experience: '',
		operations: ['pko', 'relief'],
		earliest_start: jstDate(60),
		max_months: '12',
		emergency_name: '山田太郎',
		emergency_relation: '父',
		emergency_phone: '03-1234-5678',
		privacy: '1',
		declaration: '1',
	};
	return formPairs(f, overrides);
}

// A form's fields as [name, value] pairs: defaults with overrides
// replacing or, with undefined, removing fields by name; arrays give
// several values (checkbox groups repeat their name).
export function formPairs(defaults, overrides = {}) {
	const f = { ...defaults };
	for (const [k, v] of Object.entries(overrides)) {
		if (v === undefined)
			delete f[k];
		else
			f[k] = v;
	}
	const pairs = [];
	for (const [k, v] of Object.entries(f))
		for (const one of Array.isArray(v) ? v : [v])
			pairs.push([k, one]);
	return pairs;
}

// Returns the value of the first pair named name.
export function field(pairs, name) {
	const p = pairs.find(([k]) => k === name);
	return p === undefined ? undefined : p[1];
}

// Builds a multipart body from pairs and files ({name, filename, type,
// bytes}).
export function multipart(pairs, files = []) {
	const fd = new FormData();
	for (const [k, v] of pairs)
		fd.append(k, v);
	for (const f of files)
		fd.append(f.name, new Blob([f.bytes], {
		    type: f.type ?? 'application/pdf' }), f.filename);
	return fd;
}

// Builds an application/x-www-form-urlencoded body from pairs.
export function urlencoded(pairs) {
	return new URLSearchParams(pairs).toString();
}

// fetch on the stack, never following redirects.  path is relative to
// BASE_URL.
export function request(path, init = {}) {
	return fetch(`${base}${path}`, { redirect: 'manual', ...init });
}

// Fetches and reads the body: {res, status, body}.
export async function get(path, init = {}) {
	const res = await request(path, init);
	return { res, status: res.status, body: await res.text() };
}

// POSTs the application form (multipart, as browsers send it).  Returns
// {res, status, location, body}.
export async function postApply(pairs, { files = [], headers = {},
    query = '' } = {}) {
	const res = await request(`/apply${query}`, {
		method: 'POST',
		headers,
		body: multipart(pairs, files),
	});
	return { res, status: res.status,
	    location: res.headers.get('location'), body: await res.text() };
}

// Submits a valid application and checks the redirect.  Returns
// {token, location, reference, id} of the stored application.
export async function submitValid(pairs, opts = {}) {
	const r = await postApply(pairs, opts);
	assert.equal(r.status, 303, `POST /apply: ${r.status}\n` +
	    errorSummary(r.body).join('\n'));
	const m = /^\/receipt\/([A-Za-z0-9_-]{43})$/.exec(r.location ?? '');
	assert.ok(m, `Location ${r.location}`);
	const receipt = await get(r.location);
	assert.equal(receipt.status, 200);
	const reference = receiptReference(receipt.body);
	const id = sql1('SELECT id FROM applications WHERE reference = :\'ref\'',
	    { ref: reference });
	return { token: m[1], location: r.location, reference, id,
	    receipt: receipt.body };
}

// The reference number shown on a receipt page.
export function receiptReference(html) {
	const m = /<p class="reference"><strong>(PC-\d{4}-[0-9A-Z]{8})<\/strong>/
	    .exec(html);
	assert.ok(m, 'receipt shows a reference number');
	return m[1];
}

const entities = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': '\'' };

// Decodes the entities the templates write.
function unescapeHtml(s) {
	return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => entities[e]);
}

// Parses the attributes of one start tag into an object (values decoded;
// boolean attributes are '').
function attributes(tagText) {
	const attrs = {};
	const re = /\s([a-zA-Z-]+)(?:="([^"]*)")?/g;
	let m;
	while ((m = re.exec(tagText)) !== null)
		attrs[m[1]] = m[2] === undefined ? '' : unescapeHtml(m[2]);
	return attrs;
}

// Returns the attributes of the element with id, or null.
function elementById(html, id) {
	const re = /<([a-z]+)(\s[^>]*)>/g;
	let m;
	while ((m = re.exec(html)) !== null) {
		const a = attributes(m[2]);
		if (a.id === id)
			return { tag: m[1], attrs: a, end: m.index + m[0].length };
	}
	return null;
}

// The value an input (text, email, date, ...) shows, decoded.
export function inputValue(html, name) {
	const el = elementById(html, `f-${name}`);
	assert.ok(el && el.tag === 'input', `input f-${name}`);
	return el.attrs.value;
}

// The text of a textarea, decoded.
export function textareaValue(html, name) {
	const el = elementById(html, `f-${name}`);
	assert.ok(el && el.tag === 'textarea', `textarea f-${name}`);
	const close = html.indexOf('</textarea>', el.end);
	return unescapeHtml(html.slice(el.end, close));
}

// The values of the selected options of a select.
export function selectedOptions(html, name) {
	const el = elementById(html, `f-${name}`);
	assert.ok(el && el.tag === 'select', `select f-${name}`);
	const inner = html.slice(el.end, html.indexOf('</select>', el.end));
	return [...inner.matchAll(/<option([^>]*)>/g)]
	    .map((m) => attributes(m[1]))
	    .filter((a) => 'selected' in a).map((a) => a.value);
}

// Whether the checkbox or radio button with id is checked.
export function isChecked(html, id) {
	const el = elementById(html, id);
	assert.ok(el && el.tag === 'input', `input ${id}`);
	return 'checked' in el.attrs;
}

// The field names the error summary links to, in order.
export function errorSummary(html) {
	const m = /<div class="error-summary" role="alert"[^>]*>([\s\S]*?)<\/div>/
	    .exec(html);
	if (m === null)
		return [];
	return [...m[1].matchAll(/<a href="#f-([a-z_]+)">/g)].map((x) => x[1]);
}

// The text of field name's message, decoded, or null.
export function fieldError(html, name) {
	const m = new RegExp(`<p class="error-message" id="e-${name}">` +
	    '([^<]*)</p>').exec(html);
	return m === null ? null : unescapeHtml(m[1]);
}

// The status code shown on a status page (the span's class).
export function statusOf(html) {
	const m = /<span class="status status-([a-z]+)">([^<]*)<\/span>/
	    .exec(html);
	assert.ok(m, 'status page shows a status');
	return { code: m[1], text: m[2] };
}

// The Content-Security-Policy of nginx/security-headers.conf.
export const CSP = "default-src 'none'; style-src 'self'; img-src 'self'; " +
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

// Asserts the headers of nginx/security-headers.conf on a response; the
// private status links' pages say no-referrer.
export function assertSecurityHeaders(res, what, referrer = 'same-origin') {
	assert.equal(res.headers.get('content-security-policy'), CSP, what);
	assert.equal(res.headers.get('x-content-type-options'), 'nosniff',
	    what);
	assert.equal(res.headers.get('referrer-policy'), referrer, what);
	assert.equal(res.headers.get('x-xss-protection'), null, what);
}

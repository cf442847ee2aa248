// The private status links (/receipt/{token}, /status/{token}) stay out of
// corps-fcgi's log and nginx's access log and never travel as Referer; the
// language switch never leads off the site, and the cached /apply page
// carries no earlier visitor's query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import http from 'node:http';

import {
	base, get, newToken, request, sqlRows, stack, submitValid, tag,
	validFields,
} from './lib.mjs';

// Headers a browser sends with a form POSTed from our own page.
const sameOrigin = { 'sec-fetch-site': 'same-origin', origin: base };

// POSTs the withdrawal form of a status page; returns the response, read.
async function withdraw(token, body) {
	const res = await request(`/status/${token}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded',
		    ...sameOrigin },
		body,
	});
	await res.arrayBuffer();
	return res;
}

// What a log file holds from byte offset on.
function logSince(path, offset) {
	return readFileSync(path).subarray(offset).toString('utf8');
}

// Waits until both logs name marker, the last request, and every nginx
// worker has written its buffer (within a second: flush=1s); returns
// what each log holds from its offset on.
async function logsAfter(offsets, marker) {
	const since = Date.now();
	for (let i = 0; i < 50; i++) {
		await new Promise((r) => setTimeout(r, 100));
		const fcgi = logSince(stack.FCGI_LOG, offsets.fcgi);
		const nginx = logSince(stack.NGINX_ACCESS_LOG, offsets.nginx);
		if (fcgi.includes(marker) && nginx.includes(marker) &&
		    Date.now() - since > 1500)
			return { fcgi, nginx };
	}
	assert.fail(`the logs never showed ${marker}`);
}

test('no log holds a status token, and its pages send no Referer',
    async () => {
	const offsets = { fcgi: statSync(stack.FCGI_LOG).size,
	    nginx: statSync(stack.NGINX_ACCESS_LOG).size };
	const app = await submitValid(validFields());
	const { token } = app;
	const policies = {};
	const seen = async (what, res) => {
		policies[what] = res.headers.get('referrer-policy');
		return res;
	};
	await seen('receipt', (await get(`/receipt/${token}`)).res);
	await seen('status', (await get(`/status/${token}`)).res);
	await seen('status en', (await get(`/status/${token}?lang=en`)).res);
	await seen('HEAD status', await request(`/status/${token}`,
	    { method: 'HEAD' }));
	await seen('withdraw 422', await withdraw(token, ''));
	const done = await seen('withdraw 303', await withdraw(token,
	    'confirm=1'));
	assert.equal(done.status, 303);
	assert.equal(done.headers.get('location'), `/status/${token}`);
	// Mistyped and unknown links are 404s, logged masked as well.
	const other = newToken();
	for (const path of [`/status/${other}`, `/receipt/${other}`,
	    `/status/${token}/`, `/STATUS/${token}`, `//status/${token}`,
	    `/apply/status/${token}`]) {
		const r = await get(path);
		assert.equal(r.status, 404, path);
		await seen(`404 ${path}`, r.res);
	}
	// A browser that ignores the policy: the Referer is masked too.
	const css = await request('/static/style.css',
	    { headers: { referer: `${base}/status/${token}` } });
	await css.arrayBuffer();
	const apply = await request('/apply');
	await apply.arrayBuffer();
	for (const [what, p] of Object.entries(policies))
		assert.equal(p, 'no-referrer', what);
	assert.equal(apply.headers.get('referrer-policy'), 'same-origin',
	    'other pages keep same-origin');

	const marker = `/private-links-${process.pid}-${Date.now()}`;
	await get(marker);
	const logs = await logsAfter(offsets, marker);
	for (const [name, text] of Object.entries(logs)) {
		assert.ok(!text.includes(token), `${name} log holds the token`);
		assert.ok(!text.includes(other), `${name} log holds a bad token`);
		assert.ok(!text.includes(token.slice(0, 12)),
		    `${name} log holds part of the token`);
	}
	// Every request for a link was logged, masked: 2 receipts, 3 status
	// views, 2 withdrawals and 6 404s (nginx's part of the log may also
	// hold earlier tests' lines that another worker wrote late).
	assert.equal(logs.fcgi.split('\n').filter((l) =>
	    /"\S*\/(receipt|status)\/\*" /i.test(l)).length, 13, logs.fcgi);
	assert.ok(logs.nginx.split('\n').filter((l) =>
	    /"[A-Z]+ \S*\/(receipt|status)\/\* HTTP/i.test(l)).length >= 13,
	    logs.nginx);
	assert.match(logs.fcgi, /GET "\/receipt\/\*" 200 /);
	assert.match(logs.fcgi, /POST "\/status\/\*" 303 /);
	assert.match(logs.fcgi, /GET "\/\/status\/\*" 404 /);
	assert.match(logs.nginx, /"GET \/status\/\* HTTP\/1\.1" 200 /);
	assert.match(logs.nginx, /"POST \/status\/\* HTTP\/1\.1" 303 /);
	assert.match(logs.nginx, /"GET \/static\/style\.css HTTP\/1\.1" 200 \d+ "http:\/\/[^"]*\/status\/\*"/);
});

// POSTs a form of fields to path from our own page; returns the
// response, read.
async function postForm(path, fields) {
	const res = await request(path, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded',
		    ...sameOrigin },
		body: new URLSearchParams(fields),
	});
	await res.arrayBuffer();
	return res;
}

test('the status page\'s forms and the lost-link page keep their links out of the logs',
    async () => {
	const offsets = { fcgi: statSync(stack.FCGI_LOG).size,
	    nginx: statSync(stack.NGINX_ACCESS_LOG).size };
	const email = `links.${tag()}@example.jp`;
	const { token, reference } = await submitValid(validFields({ email }));
	const seen = [];
	// Each form's answer, and the page its redirect leads to.
	const visit = async (path, fields, status) => {
		const r = await postForm(path, fields);
		assert.equal(r.status, status, path);
		seen.push(r);
		const to = r.headers.get('location');
		if (to !== null)
			seen.push((await get(to)).res);
	};
	await visit(`/status/${token}/mail`, { opt_out: '1' }, 303);
	await visit(`/status/${token}/mail`, { opt_out: '0' }, 303);
	await visit(`/status/${token}/mail`, {}, 400);
	await visit(`/status/${token}/training`,
	    { enrolment: '1', answer: 'declined' }, 303);
	await visit(`/status/${token}/training`, { answer: 'maybe' }, 400);
	await visit(`/status/${token}/inquiries`,
	    { inquiry: '1', answer: 'available', note: 'x' }, 303);
	await visit(`/status/${token}/inquiries`, { answer: 'maybe' }, 400);
	// The lost-link page mails a new link (/status/{new}) and retires
	// the old one, whose pages and forms then answer 404.
	await visit('/lost-link', { email, reference }, 303);
	const [[path]] = sqlRows('SELECT data->>\'link_path\' FROM mail_outbox ' +
	    'WHERE kind = \'lost_link\' AND recipient = :\'email\'', { email });
	const fresh = /^\/status\/([A-Za-z0-9_-]{43})$/.exec(path)[1];
	assert.notEqual(fresh, token);
	for (const p of [`/status/${fresh}`, `/receipt/${fresh}`]) {
		const r = await get(p);
		assert.equal(r.status, 200, p);
		seen.push(r.res);
	}
	await visit(`/status/${fresh}/mail`, { opt_out: '1' }, 303);
	await visit(`/status/${token}/mail`, { opt_out: '1' }, 404);
	for (const r of seen.filter((r) => /\/(status|receipt)\//
	    .test(new URL(r.url).pathname)))
		assert.equal(r.headers.get('referrer-policy'), 'no-referrer',
		    r.url.replace(base, ''));

	const marker = `/private-links-forms-${process.pid}-${Date.now()}`;
	await get(marker);
	const logs = await logsAfter(offsets, marker);
	for (const [name, text] of Object.entries(logs))
		for (const t of [token, fresh])
			assert.ok(!text.includes(t.slice(0, 12)),
			    `${name} log holds a token`);
	// Nine POSTs to a link's forms, each logged masked.
	assert.equal(logs.fcgi.split('\n').filter((l) =>
	    / POST "\/status\/\*" /.test(l)).length, 9, logs.fcgi);
	assert.match(logs.nginx, /"POST \/status\/\* HTTP\/1\.1" 303 /);
});

// Sends a request whose path goes on the wire exactly as given (fetch
// would normalise "\" and "//").  Returns {status, body}.
function rawGet(path) {
	const { hostname, port } = new URL(base);
	return new Promise((resolve, reject) => {
		const req = http.request({ hostname, port, path, method: 'GET' },
		    (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (d) => { body += d; });
			res.on('end', () => resolve({ status: res.statusCode,
			    body }));
		});
		req.on('error', reject);
		req.end();
	});
}

// The language switch's link on a page, decoded, or null.
function switchHref(html) {
	const m = /<nav class="lang-switch"[^>]*>\s*<a href="([^"]*)"/
	    .exec(html);
	return m === null ? null : m[1].replace(/&amp;/g, '&');
}

test('the language switch never leads to another site', async () => {
	const origin = new URL(base).origin;
	// Browsers read "//host" and "/\host" as another host.
	for (const path of ['//evil.example/', '/\\evil.example/',
	    '//evil.example/?lang=en', '///evil.example/x',
	    '/\\/evil.example/']) {
		const r = await rawGet(path);
		assert.equal(r.status, 404, path);
		const href = switchHref(r.body);
		assert.match(href ?? '', /^\/\?lang=(en|ja)$/, `${path}: ${href}`);
	}
	// Encoded, they are paths on this site and stay so.
	for (const path of ['/%2F%2Fevil.example/', '/%2fevil.example/',
	    '/%5Cevil.example/', '/%5c%5cevil.example/?a=b']) {
		const r = await rawGet(path);
		assert.equal(r.status, 404, path);
		const href = switchHref(r.body);
		assert.ok(href, `${path}: a switch link`);
		assert.equal(new URL(href, base).origin, origin, `${path}: ${href}`);
		assert.ok(href.startsWith(path.split('?')[0]), `${path}: ${href}`);
	}
});

// corps-fcgi's workers (children of the supervisor).
function workers() {
	try {
		return execFileSync('pgrep', ['-P', stack.FCGI_PID],
		    { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
	} catch {
		return [];
	}
}

test('the cached /apply page carries no earlier visitor\'s query',
    async () => {
	// Fresh workers, whose caches are empty.
	const before = workers();
	process.kill(Number(stack.FCGI_PID), 'SIGHUP');
	for (let i = 0; i < 100; i++) {
		const now = workers();
		if (now.length === before.length &&
		    now.every((p) => !before.includes(p)))
			break;
		await new Promise((r) => setTimeout(r, 50));
	}
	for (let i = 0; i < 6; i++) {
		for (const lang of ['ja', 'en']) {
			const r = await get(`/apply?visitor=v${i}&lang=${lang}`);
			assert.equal(r.status, 200);
			const href = switchHref(r.body);
			const other = lang === 'ja' ? 'en' : 'ja';
			assert.ok(href === `/apply?lang=${other}` ||
			    href === `/apply?visitor=v${i}&lang=${other}`,
			    `visitor v${i} (${lang}) got ${href}`);
		}
	}
});

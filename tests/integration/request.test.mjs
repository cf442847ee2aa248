// The HTTP edges of the application: body limits, malformed bodies and
// tokens, content types, methods, unknown paths, headers and caching.
// Needs a running stack (see ./stack); STACK_DIR names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	CSP, assertSecurityHeaders, errorSummary, field, fieldError, get, here,
	newToken, postApply, request, sql1, submitValid, urlencoded,
	validFields,
} from './lib.mjs';

const MiB = 1024 * 1024;

// Number of applications with this e-mail address (unique per test).
function countByEmail(email) {
	return Number(sql1('SELECT count(*) FROM applications WHERE email = ' +
	    ':\'email\'', { email }));
}

// POSTs a raw body to path with a content type; returns {status, body}.
async function postRaw(path, type, body) {
	const headers = type === null ? {} : { 'content-type': type };
	const res = await request(path, { method: 'POST', headers, body });
	return { res, status: res.status, body: await res.text() };
}

// A PDF of n bytes: the signature, then filler.
function pdfOf(n) {
	const b = Buffer.alloc(n, 0x20);
	b.write('%PDF-1.4\n');
	return b;
}

// A multipart body by hand, for the malformed cases: parts of [name,
// value] with CRLF framing around boundary.
function rawMultipart(boundary, pairs) {
	let s = '';
	for (const [k, v] of pairs)
		s += `--${boundary}\r\nContent-Disposition: form-data; ` +
		    `name="${k}"\r\n\r\n${v}\r\n`;
	return s + `--${boundary}--\r\n`;
}

test('a body over 6 MiB is refused with 413 and stores nothing', async () => {
	const pairs = validFields();
	const r = await postApply(pairs, { files: [{ name: 'cv',
	    filename: 'big.pdf', bytes: pdfOf(6 * MiB + 1) }] });
	assert.equal(r.status, 413);
	assertSecurityHeaders(r.res, '413');
	assert.equal(countByEmail(field(pairs, 'email')), 0);
});

test('a CV over 5 MB in a body under 6 MiB gets its message', async () => {
	const pairs = validFields();
	const r = await postApply(pairs, { files: [{ name: 'cv',
	    filename: 'big.pdf', bytes: pdfOf(5 * MiB + 1) }] });
	assert.equal(r.status, 422);
	assert.deepEqual(errorSummary(r.body), ['cv']);
	assert.equal(fieldError(r.body, 'cv'),
	    '履歴書のファイルは5MB以下にしてください');
	assert.equal(countByEmail(field(pairs, 'email')), 0);
});

test('a CV of exactly 5 MB is accepted', async () => {
	const bytes = pdfOf(5 * MiB);
	const app = await submitValid(validFields(), { files: [{ name: 'cv',
	    filename: 'five.pdf', bytes }] });
	assert.equal(sql1(`SELECT octet_length(content) FROM application_cvs
	    WHERE application_id = ${app.id}`), String(5 * MiB));
});

test('urlencoded bodies with invalid UTF-8 or NUL are 400', async () => {
	for (const bad of ['%FF', 'a%00b', '%C3%28', '%ED%A0%80']) {
		const pairs = validFields({ family_kanji: 'X' });
		const body = urlencoded(pairs).replace('family_kanji=X',
		    `family_kanji=${bad}`);
		const r = await postRaw('/apply',
		    'application/x-www-form-urlencoded', body);
		assert.equal(r.status, 400, bad);
		assert.match(r.body, /リクエストが正しくありません/);
		assert.equal(countByEmail(field(pairs, 'email')), 0, bad);
	}
});

test('a valid urlencoded submission is accepted too', async () => {
	const pairs = validFields({ family_kanji: '髙橋' });
	const r = await postRaw('/apply', 'application/x-www-form-urlencoded',
	    urlencoded(pairs));
	assert.equal(r.status, 303);
	assert.match(r.res.headers.get('location'), /^\/receipt\//);
	assert.equal(sql1('SELECT family_kanji FROM applications WHERE ' +
	    'email = :\'e\'', { e: field(pairs, 'email') }), '髙橋');
});

test('malformed multipart bodies are 400', async () => {
	const pairs = validFields();
	const good = rawMultipart('b0undary', pairs);
	const cases = {
		'no boundary': ['multipart/form-data', good],
		'empty boundary': ['multipart/form-data; boundary=', good],
		'wrong boundary': ['multipart/form-data; boundary=other', good],
		'truncated': ['multipart/form-data; boundary=b0undary',
		    good.slice(0, good.length - 40)],
		'no closing delimiter': ['multipart/form-data; boundary=b0undary',
		    good.slice(0, good.lastIndexOf('--b0undary--'))],
		'invalid UTF-8 field': ['multipart/form-data; boundary=b0undary',
		    Buffer.concat([Buffer.from(rawMultipart('b0undary',
		    [['family_kanji', 'X']]).replace(/--b0undary--\r\n$/, '')),
		    Buffer.from('--b0undary\r\nContent-Disposition: form-data; ' +
		    'name="given_kanji"\r\n\r\n\xff\r\n--b0undary--\r\n',
		    'latin1')])],
	};
	for (const [what, [type, body]] of Object.entries(cases)) {
		const r = await postRaw('/apply', type, body);
		assert.equal(r.status, 400, what);
	}
	// The well-formed body of the same making is accepted.
	const ok = await postRaw('/apply',
	    'multipart/form-data; boundary=b0undary', good);
	assert.equal(ok.status, 303, 'the hand-made body itself is fine');
	assert.equal(countByEmail(field(pairs, 'email')), 1);
});

test('a missing or malformed form token is 400 and stores nothing', async () => {
	const tok = newToken();
	const cases = {
		missing: undefined,
		empty: '',
		short: tok.slice(1),
		long: tok + 'A',
		'standard base64': tok.slice(0, 41) + '+/',
		'trailing bits': tok.slice(0, 42) + 'B',
	};
	for (const [what, value] of Object.entries(cases)) {
		const pairs = validFields({ form_token: value });
		const r = await postApply(pairs);
		assert.equal(r.status, 400, what);
		assert.match(r.body, /<html lang="ja">/, what);
		assert.equal(countByEmail(field(pairs, 'email')), 0, what);
	}
});

test('bodies of other types are 415', async () => {
	for (const [type, body] of [['text/plain', 'form_token=x'],
	    ['application/json', '{"form_token":"x"}'],
	    ['application/x-www-form-urlencodedx', 'a=b'],
	    [null, 'a=b']]) {
		const r = await postRaw('/apply', type, body);
		assert.equal(r.status, 415, String(type));
		assert.match(r.body, /この形式には対応していません/);
	}
});

test('an unknown path is a Japanese 404 page with the security headers', async () => {
	for (const path of ['/no-such-page', '/apply/', '/apply/x',
	    '/receipt', '/status', '/static']) {
		const r = await get(path);
		assert.equal(r.status, 404, path);
		assert.match(r.res.headers.get('content-type'), /^text\/html/);
		assert.match(r.body, /<html lang="ja">/, path);
		assert.match(r.body, /<h1>ページが見つかりません<\/h1>/, path);
		assertSecurityHeaders(r.res, path);
	}
	const en = await get('/no-such-page?lang=en');
	assert.equal(en.status, 404);
	assert.match(en.body, /<h1>Page not found<\/h1>/);
});

test('PUT, DELETE and POST where only GET is served are 405', async () => {
	// Allow names what the path serves: an unknown method is refused
	// before routing, so it names everything corps-fcgi serves.
	for (const [method, path, allow] of [
	    ['PUT', '/apply', 'GET, HEAD, POST'],
	    ['DELETE', '/apply', 'GET, HEAD, POST'],
	    ['PATCH', '/apply', 'GET, HEAD, POST'],
	    ['POST', '/', 'GET, HEAD'], ['PUT', '/', 'GET, HEAD, POST'],
	    ['GET', '/logout', 'POST']]) {
		const res = await request(path, method === 'GET' ? {} : { method,
		    headers: { 'content-type': 'application/x-www-form-urlencoded' },
		    body: 'a=b' });
		assert.equal(res.status, 405, `${method} ${path}`);
		assert.equal(res.headers.get('allow'), allow, `${method} ${path}`);
		assertSecurityHeaders(res, `${method} ${path}`);
		assert.match(await res.text(), /この方法ではアクセスできません/);
	}
});

test('HEAD gets the headers without a body', async () => {
	const res = await request('/apply', { method: 'HEAD' });
	assert.equal(res.status, 200);
	assert.match(res.headers.get('content-type'), /^text\/html/);
	assert.equal((await res.arrayBuffer()).byteLength, 0);
});

test('a malformed query string is 400', async () => {
	const r = await get('/apply?lang=%FF');
	assert.equal(r.status, 400);
});

test('pages carry the security headers and no-store', async () => {
	const app = await submitValid(validFields());
	const bad = await postApply(validFields({ email: 'x' }));
	const pages = {
		'/': await get('/'),
		'/apply': await get('/apply'),
		'/apply?lang=en': await get('/apply?lang=en'),
		'422': bad,
		receipt: await get(app.location),
		status: await get(`/status/${app.token}`),
		404: await get('/nope'),
	};
	assert.equal(bad.status, 422);
	for (const [what, r] of Object.entries(pages)) {
		assertSecurityHeaders(r.res, what, what === 'receipt' ||
		    what === 'status' ? 'no-referrer' : 'same-origin');
		assert.equal(r.res.headers.get('cache-control'), 'no-store', what);
		assert.equal(r.res.headers.get('server'), 'nginx', what);
	}
	// A redirect too.
	const again = await postApply(validFields());
	assert.equal(again.status, 303);
	assertSecurityHeaders(again.res, '303');
	// The policy the tests expect is the one nginx is configured with.
	const conf = readFileSync(join(here, '..', '..', 'nginx',
	    'security-headers.conf'), 'utf8');
	assert.ok(conf.includes(`Content-Security-Policy "${CSP}" always;`));
});

test('the stylesheet is served as text/css with the security headers', async () => {
	const r = await get('/static/style.css');
	assert.equal(r.status, 200);
	assert.match(r.res.headers.get('content-type'), /^text\/css/);
	assertSecurityHeaders(r.res, 'style.css');
	assert.ok(r.body.length > 100, 'a real stylesheet');
	const page = await get('/apply');
	assert.ok(page.body.includes('<link rel="stylesheet" ' +
	    'href="/static/style.css">'));
});

test('the pages carry no script and no inline style', async () => {
	for (const path of ['/', '/apply', '/nope']) {
		const r = await get(path);
		assert.ok(!/<script/i.test(r.body), path);
		assert.ok(!/\sstyle=/i.test(r.body), path);
		assert.ok(!/\son[a-z]+=/i.test(r.body), `${path}: event handler`);
	}
});

test('unknown and malformed status tokens are 404', async () => {
	const fresh = newToken();
	for (const path of [`/status/${fresh}`, `/receipt/${fresh}`,
	    '/status/abc', `/status/${fresh.slice(1)}`,
	    `/status/${fresh.slice(0, 41)}+/`, `/status/${fresh}x`,
	    `/status/${fresh}/`, `/status/${fresh}/x`, '/status/',
	    '/receipt/', `/status/${'A'.repeat(43)}`]) {
		const r = await get(path);
		assert.equal(r.status, 404, path);
		// A path the status page serves says that its link does not
		// work (and leads to the lost-link page); any other, not found.
		assert.match(r.body,
		    /この状況確認リンクは使えません|ページが見つかりません/, path);
	}
	const post = await request(`/status/${fresh}`, { method: 'POST',
	    headers: { 'content-type': 'application/x-www-form-urlencoded' },
	    body: 'confirm=1' });
	assert.equal(post.status, 404);
	await post.arrayBuffer();
});

test('the status token of a real application is not its form token', async () => {
	const pairs = validFields();
	const app = await submitValid(pairs);
	assert.notEqual(app.token, field(pairs, 'form_token'));
	const r = await get(`/status/${field(pairs, 'form_token')}`);
	assert.equal(r.status, 404);
});

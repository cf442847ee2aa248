// nginx's own error pages in a real browser (headless Chromium through
// playwright-core): 502 and 504 when corps-fcgi is gone or silent, 413 for
// a body over client_max_body_size and 429 for too many POSTs are the
// site's bilingual pages (Japanese first, then English) with its
// stylesheet, and pass axe-core's WCAG 2.1 A/AA rules; corps-fcgi's own
// error pages still pass through nginx unchanged.  (nginx makes no 503
// in this configuration: limit_req answers 429.)
//
// The shared stack must keep working, so the nginx errors come from a
// second nginx made by deploy/lib.sh (corps_nginx_conf) from the project's
// configuration, with three test-only changes: its upstream socket is a
// stand-in that hangs up or stays silent, its read timeout is 1 s instead
// of 60 s, and loopback is not exempt from a POST limit of 1r/m, burst 1.
// Needs a running stack (./stack) and Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync }
    from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { base, here, sqlRows } from './lib.mjs';
import { assertAxe, axeContext, useBrowser } from './browser.mjs';
import { Client, createStaff } from './staff.mjs';

const chrome = useBrowser();
const root = join(here, '..', '..');
const dir = mkdtempSync('/tmp/corps-errors-');
const upstream = { mode: 'close' };	// or 'hang'
let server, nginx, errBase;

// Generates the test nginx's configuration with the project's function,
// then applies the test-only changes.  Returns the port.
function configure() {
	const port = execFileSync('bash', ['-c', 'set -euo pipefail; ' +
	    '. "$1/deploy/lib.sh"; port=$(corps_free_port); ' +
	    'CORPS_POST_RATE=1r/m CORPS_POST_BURST=1 ' +
	    'corps_nginx_conf "$2" "$2" "$port" "$2/upstream.sock" >&2; ' +
	    'echo "$port"', 'errors', root, dir], { encoding: 'utf8' }).trim();
	const site = join(dir, 'corps-site.conf');
	const conf = readFileSync(site, 'utf8');
	const changed = conf
	    .replace(/(127\.0\.0\.0\/8\s+)1;/, '$10;')
	    .replace(/(::1\s+)1;/, '$10;')
	    .replace('fastcgi_buffer_size 16k;',
		'fastcgi_buffer_size 16k; fastcgi_read_timeout 1s;');
	assert.equal((changed.match(/fastcgi_read_timeout 1s/g) ?? []).length,
	    1, 'read timeout set');
	assert.doesNotMatch(changed, /127\.0\.0\.0\/8\s+1;/, 'no exemption');
	writeFileSync(site, changed);
	return port;
}

// Waits until something accepts on 127.0.0.1:port.
async function waitForPort(port) {
	for (let i = 0; i < 100; i++) {
		try {
			const r = await fetch(`http://127.0.0.1:${port}/static/style.css`);
			await r.arrayBuffer();
			return;
		} catch {
			await new Promise((r) => setTimeout(r, 100));
		}
	}
	assert.fail(`test nginx on ${port} did not start`);
}

before(async () => {
	// The stand-in for corps-fcgi: hangs up at once (nginx: 502), or
	// reads and never answers (nginx: 504 after the read timeout).
	server = createServer((sock) => {
		if (upstream.mode === 'close')
			sock.destroy();
		else
			sock.on('data', () => {});
	});
	const sock = join(dir, 'upstream.sock');
	await new Promise((r) => server.listen(sock, r));
	chmodSync(sock, 0o666);	// nginx's workers may be www-data
	const port = configure();
	nginx = spawn('nginx', ['-p', `${dir}/`, '-c', join(dir, 'nginx.conf'),
	    '-e', join(dir, 'nginx-error.log')], { stdio: 'inherit' });
	errBase = `http://127.0.0.1:${port}`;
	await waitForPort(port);
});

after(async () => {
	if (nginx && nginx.exitCode === null) {
		const done = new Promise((r) => nginx.on('exit', r));
		nginx.kill('SIGTERM');
		await done;
	}
	server?.close();
	rmSync(dir, { recursive: true, force: true });
});

const EXPECT = {
	unavailable: ['ただいまご利用いただけません',
	    'Service temporarily unavailable', /「戻る」.*入力した内容.*残って/,
	    /Back button: what you entered is still there/],
	large: ['送信データが大きすぎます', 'Too much data', /6MB/, /6 MB/],
	many: ['しばらくお待ちください', 'Please wait', /1分ほど待って/,
	    /Wait a minute/],
};

// Checks the error page shown in page: status, lang, both languages'
// text (Japanese first), the site's stylesheet applied, and axe.
async function assertErrorPage(page, res, status, kind) {
	const [ja, en, jaText, enText] = EXPECT[kind];
	assert.equal(res.status(), status);
	assert.match(res.headers()['content-type'], /^text\/html; charset=utf-8/);
	assert.ok(res.headers()['content-security-policy'], 'security headers');
	assert.equal(await page.getAttribute('html', 'lang'), 'ja');
	assert.equal(await page.textContent('h1'), ja);
	assert.equal(await page.textContent('[lang="en"] h2'), en);
	const main = await page.textContent('main');
	assert.match(main, jaText);
	assert.match(main, enText);
	assert.ok(main.indexOf(ja) < main.indexOf(en), 'Japanese first');
	assert.match(await page.title(), new RegExp(`^${ja} / ${en} — `));
	assert.equal(await page.getAttribute('link[rel="stylesheet"]', 'href'),
	    '/static/style.css');
	assert.equal(await page.evaluate(() => getComputedStyle(
	    document.querySelector('.site-header')).backgroundColor),
	    'rgb(0, 65, 140)', 'the stylesheet is applied');
	await assertAxe(page, `nginx's ${status} page`);
}

// Opens path on the test nginx in a new page; a POST of body when given.
async function open(path, body = null) {
	const ctx = await axeContext(chrome.browser, 'ja');
	const page = await ctx.newPage();
	page.setDefaultTimeout(15000);
	if (body !== null)
		await page.route(`${errBase}${path}`, (route) => route.continue({
		    method: 'POST', postData: body, headers: {
			...route.request().headers(),
			'content-type': 'application/x-www-form-urlencoded' } }),
		    { times: 1 });
	const res = await page.goto(`${errBase}${path}`);
	return { page, res };
}

test('corps-fcgi gone: 502 is the site\'s bilingual page', async () => {
	upstream.mode = 'close';
	const { page, res } = await open('/apply');
	await assertErrorPage(page, res, 502, 'unavailable');
	await page.context().close();
});

test('corps-fcgi silent: 504 is the same page', async () => {
	upstream.mode = 'hang';
	const { page, res } = await open('/review');
	await assertErrorPage(page, res, 504, 'unavailable');
	await page.context().close();
	upstream.mode = 'close';
});

test('a body over 6 MiB: 413 is the site\'s bilingual page', async () => {
	const { page, res } = await open('/apply',
	    `x=${'a'.repeat(6 * 1024 * 1024)}`);
	await assertErrorPage(page, res, 413, 'large');
	await page.context().close();
});

test('too many POSTs: 429 is the site\'s bilingual page', async () => {
	upstream.mode = 'close';
	// The minute's POST and the burst of one go through (to the
	// stand-in); the test of 413 above made one already.
	for (;;) {
		const r = await fetch(`${errBase}/apply`, { method: 'POST',
		    body: 'x=1', headers: { 'content-type':
		    'application/x-www-form-urlencoded' } });
		await r.arrayBuffer();
		if (r.status === 429)
			break;
		assert.equal(r.status, 502);
	}
	const { page, res } = await open('/apply', 'x=2');
	await assertErrorPage(page, res, 429, 'many');
	await page.context().close();

	// The application's own 429 (sign-in throttle) and 404, through the
	// stack's nginx, keep its layout and message: error_page applies to
	// nginx's errors only.
	const acct = createStaff('reviewer');
	const c = new Client();
	const form = await c.get('/login');
	const pre = /name="csrf" value="([^"]+)"/.exec(form.body)[1];
	sqlRows(`INSERT INTO login_throttle VALUES ('addr:127.0.0.1', 30, now())
	    ON CONFLICT (key) DO UPDATE SET failures = 30, last_failure = now()`);
	let r;
	try {
		r = await c.post('/login', { csrf: pre, login: acct.login,
		    password: acct.password }, { csrf: false });
	} finally {
		sqlRows('DELETE FROM login_throttle');
	}
	assert.equal(r.status, 429);
	assert.match(r.body, /<a class="skip-link" href="#main">/);
	assert.doesNotMatch(r.body, /1分ほど待って/);
	const nf = await fetch(`${base}/no-such-page`);
	assert.equal(nf.status, 404);
	assert.match(await nf.text(), /ページが見つかりません/);
});

test('nginx\'s error log never holds a private link\'s token', async () => {
	// After the tests above: the upstream hangs up (502) or is silent
	// (504), POSTs are over their limit (429), and a body can be too
	// large (413); each is an error nginx logs with the request line.
	const secret = (n) => `PrivateTok${n}${'x'.repeat(33)}`;
	const policies = [];
	const hit = async (path, init = {}) => {
		const r = await fetch(`${errBase}${path}`, init);
		await r.arrayBuffer();
		policies.push([path.slice(0, 9), r.status,
		    r.headers.get('referrer-policy')]);
		return r.status;
	};
	upstream.mode = 'close';
	assert.equal(await hit(`/status/${secret(1)}`), 502);
	assert.equal(await hit(`/receipt/${secret(2)}?lang=en`), 502);
	upstream.mode = 'hang';
	assert.equal(await hit(`/status/${secret(3)}`), 504);
	upstream.mode = 'close';
	const form = { 'content-type': 'application/x-www-form-urlencoded' };
	assert.equal(await hit(`/status/${secret(4)}`, { method: 'POST',
	    body: 'confirm=1', headers: form }), 429);
	assert.equal(await hit(`/status/${secret(5)}`, { method: 'POST',
	    body: `x=${'a'.repeat(6 * 1024 * 1024 + 1)}`, headers: form }), 413);
	// The status page's forms (/status/{token}/mail, /training,
	// /inquiries) are private links too.
	assert.equal(await hit(`/status/${secret(6)}/mail`, { method: 'POST',
	    body: 'opt_out=1', headers: form }), 429);
	assert.equal(await hit(`/status/${secret(7)}/training`), 502);
	upstream.mode = 'hang';
	assert.equal(await hit(`/status/${secret(8)}/inquiries`), 504);
	upstream.mode = 'close';
	// The error pages of a private link do not send it on as Referer.
	for (const [path, status, policy] of policies)
		assert.equal(policy, 'no-referrer', `${path}… ${status}`);
	// Still logged elsewhere: a failure on any other path.
	assert.equal(await hit('/apply?errlog=1'), 502);
	const log = readFileSync(join(dir, 'nginx-error.log'), 'utf8');
	assert.match(log, /upstream.*"GET \/apply\?errlog=1 /);
	assert.doesNotMatch(log, /PrivateTok/);
});

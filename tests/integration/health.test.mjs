// /healthz and /metrics (issue 16): the health answer follows the
// database, the counters move with the requests and are the same
// whichever prefork worker answers the scrape, and nginx serves both to
// loopback only (a client from another address gets 403).  Stops the
// stack's PostgreSQL like outage.test.mjs (ctest runs the files one at a
// time), and an after() hook starts it again.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';

import { base, get, here, stack } from './lib.mjs';

function harness(cmd) {
	execFileSync('bash', [join(here, 'stack'), cmd, stack.STACK_DIR ??
	    process.env.STACK_DIR], { stdio: ['ignore', 'ignore', 'inherit'],
	    timeout: 90000 });
}

// GET path from the local address from.  Returns the status.
function getFrom(path, from) {
	return new Promise((resolve, reject) => {
		const req = http.get(`${base}${path}`, { localAddress: from },
		    (res) => { res.resume(); resolve(res.statusCode); });
		req.on('error', reject);
	});
}

// The value of a metric line (name with its labels) in text, or 0.
function metric(text, line) {
	const m = text.split('\n').find((l) => l.startsWith(`${line} `));
	return m === undefined ? 0 : Number(m.slice(line.length + 1));
}

after(() => harness('pg-start'));

test('the counters move with the requests, whichever worker answers',
    async () => {
	const scrape = async () => (await get('/metrics')).body;
	const before = await scrape();
	const line = 'corps_http_requests_total{route="/apply",status="200"}';
	for (let i = 0; i < 6; i++)
		assert.equal((await get('/apply')).status, 200);
	// Several scrapes land on several workers: each sees the sum.
	for (let i = 0; i < 4; i++)
		assert.ok(metric(await scrape(), line) >= metric(before, line) + 6,
		    line);
	assert.match(before, /# TYPE corps_http_requests_total counter/);
	assert.match(before, /corps_http_request_duration_seconds_bucket\{le="\+Inf"\}/);
	assert.match(before, /corps_outbox_pending /);
});

test('nginx serves health and metrics to loopback only', async () => {
	assert.equal(await getFrom('/healthz', '127.0.0.1'), 200);
	assert.equal(await getFrom('/healthz', '127.0.0.2'), 403);
	assert.equal(await getFrom('/metrics', '127.0.0.2'), 403);
	assert.equal(await getFrom('/apply', '127.0.0.2'), 200);
});

test('/healthz answers 503 while the database is down, then 200', async () => {
	const ok = await get('/healthz');
	assert.equal(ok.status, 200);
	harness('pg-stop');
	assert.equal((await get('/healthz')).status, 503);
	const m = await get('/metrics');
	assert.equal(m.status, 200, 'metrics need no database');
	assert.ok(metric(m.body, 'corps_db_errors_total') >= 1);
	harness('pg-start');
	// Every worker, idle through the outage or not, finds the server
	// gone from its connection and opens a new one: no request fails.
	for (let i = 0; i < 12; i++)
		assert.equal((await get('/healthz')).status, 200, `try ${i}`);
});

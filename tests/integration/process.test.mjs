// The prefork supervisor: SIGHUP replaces the workers without dropping
// requests, even one whose connection a worker had accepted but not yet
// read, a killed worker is replaced, and the request log has one line per
// request without the query string (escaping: test_log.c).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

import { fcgiGet } from './fcgi.mjs';

const env = Object.fromEntries(
	readFileSync(join(process.env.STACK_DIR, 'stack.env'), 'utf8')
		.split('\n').filter((l) => l.includes('='))
		.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const base = env.BASE_URL;
const supervisor = Number(env.FCGI_PID);

function workers() {
	try {
		return execFileSync('pgrep', ['-P', String(supervisor)], { encoding: 'utf8' })
			.trim().split('\n').filter(Boolean).map(Number).sort();
	} catch {
		return [];
	}
}

async function waitFor(pred, ms = 5000) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (pred()) return true;
		await new Promise((r) => setTimeout(r, 50));
	}
	return false;
}

test('SIGHUP replaces every worker and no request fails meanwhile', async () => {
	const before = workers();
	assert.ok(before.length >= 1, 'workers are running');
	let stop = false;
	const statuses = [];
	const load = (async () => {
		while (!stop) {
			const r = await fetch(`${base}/apply`);
			await r.arrayBuffer();
			statuses.push(r.status);
		}
	})();
	await new Promise((r) => setTimeout(r, 100));
	process.kill(supervisor, 'SIGHUP');
	const replaced = await waitFor(() => {
		const now = workers();
		return now.length === before.length && now.every((p) => !before.includes(p));
	});
	await new Promise((r) => setTimeout(r, 200));
	stop = true;
	await load;
	assert.ok(replaced, 'a new set of workers took over');
	assert.ok(statuses.length > 5, 'requests were made during the reload');
	assert.deepEqual([...new Set(statuses)], [200]);
});

test('a connection accepted before SIGHUP but not yet read is answered, and the old workers exit', async () => {
	const before = workers();
	const c = connect(env.FCGI_SOCKET);
	const chunks = [];
	c.on('data', (d) => chunks.push(d));
	const closed = new Promise((r) => c.on('close', r));
	await new Promise((r, j) => { c.once('connect', r); c.once('error', j); });
	// A worker accepts it at once and waits for the request's first bytes
	// (libfcgi waits up to 2 s); meanwhile it is told to stop.
	await new Promise((r) => setTimeout(r, 300));
	process.kill(supervisor, 'SIGHUP');
	await new Promise((r) => setTimeout(r, 300));
	c.write(fcgiGet('/apply'));
	await closed;
	assert.match(Buffer.concat(chunks).toString('latin1'), /name="form_token"/,
	    'the request was answered');
	assert.ok(await waitFor(() => workers().every((p) => !before.includes(p))),
	    'the old workers exited');
});

test('a killed worker is replaced and requests go on', async () => {
	const before = workers();
	process.kill(before[0], 'SIGKILL');
	const back = await waitFor(() => {
		const now = workers();
		return now.length === before.length && !now.includes(before[0]);
	});
	assert.ok(back, 'the supervisor started a replacement');
	const r = await fetch(`${base}/`);
	assert.equal(r.status, 200);
});

test('one log line per request, query string left out', async () => {
	const marker = `secret${Date.now()}`;
	const r = await fetch(`${base}/apply?lang=ja&q=${marker}`);
	await r.arrayBuffer();
	await new Promise((res) => setTimeout(res, 100));
	const log = readFileSync(env.FCGI_LOG, 'utf8');
	assert.ok(!log.includes(marker), 'the query string is not logged');
	const line = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z req=[0-9a-f]{16} GET "\/apply" 200 \d+\.\dms pid=\d+$/m;
	assert.match(log, line);
});

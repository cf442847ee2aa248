// Slow and idle clients cannot take corps-fcgi's few workers away from
// others: nginx reads a whole request body before it passes the request
// on (fastcgi_request_buffering on, nginx/corps-site.conf) and holds idle
// connections itself (worker_connections, nginx/nginx.conf.in).  While
// twice as many POSTs as there are workers send their bodies at one byte
// per second and 3000 connections sit idle (half silent, half stopped in
// the middle of their headers), ordinary page requests are all answered
// before any slow body is complete: if a slow POST held a worker, they
// would wait for its last byte.  And nginx keeps every idle connection
// meanwhile (a phone on a slow network is one), rather than closing
// waiting ones when its worker_connections run out.  Takes about 7 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { base, get, stack } from './lib.mjs';

const { hostname: host, port } = new URL(base);
const SLOW_BODY = 'a=b&c=d'; // 7 bytes: 6 s from first to last byte
const IDLE = 3000;
const PAGES = 20;

// corps-fcgi's worker count, from its start-up line in the stack's log.
function workers() {
	const m = /corps-fcgi: (\d+) workers on/.exec(
	    readFileSync(stack.FCGI_LOG, 'utf8'));
	assert.ok(m, 'no "N workers" line in corps-fcgi\'s log');
	return Number(m[1]);
}

// Opens a connection; resolves with the socket once it is connected.
function connect() {
	return new Promise((resolve, reject) => {
		const s = net.connect({ host, port }, () => resolve(s));
		s.once('error', reject);
	});
}

// A POST whose body goes out one byte per second.  Returns {lastByteAt:
// a promise of the time its last byte was written, done: a promise of
// the status line's code once the response ended}.
async function slowPost() {
	const s = await connect();
	let response = '';
	s.on('error', () => {});
	s.setEncoding('latin1');
	s.on('data', (d) => { response += d; });
	const done = new Promise((resolve) => s.on('close', () =>
	    resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0))));
	s.write(`POST /apply HTTP/1.1\r\nHost: ${host}:${port}\r\n` +
	    'Content-Type: application/x-www-form-urlencoded\r\n' +
	    `Content-Length: ${SLOW_BODY.length}\r\nConnection: close\r\n\r\n`);
	const lastByteAt = (async () => {
		for (let i = 0; i < SLOW_BODY.length; i++) {
			if (i > 0)
				await sleep(1000);
			s.write(SLOW_BODY[i]);
		}
		return performance.now();
	})();
	return { lastByteAt, done };
}

// IDLE connections: even ones send nothing, odd ones half a request.
// A socket's "closed" turns true once it closed (the server closed it).
async function idleConnections() {
	const socks = [];
	for (let i = 0; i < IDLE; i += 100) {
		const batch = await Promise.all(Array.from({ length: 100 },
		    () => connect()));
		socks.push(...batch);
	}
	socks.forEach((s, i) => {
		s.on('error', () => {});
		if (i % 2 === 1)
			s.write(`GET /apply HTTP/1.1\r\nHost: ${host}\r\n`);
	});
	return socks;
}

test('slow bodies and idle connections leave the workers to others',
    async () => {
	const n = 2 * workers();
	const slow = await Promise.all(Array.from({ length: n }, slowPost));
	const idle = await idleConnections();
	const answered = [];
	try {
		for (let i = 0; i < PAGES; i++) {
			const t = performance.now();
			const r = await get('/apply');
			assert.equal(r.status, 200, `page ${i}: ${r.status}`);
			answered.push(performance.now() - t);
		}
		const pagesDoneAt = performance.now();
		const dropped = idle.filter((s) => s.closed).length;
		const firstLastByte = Math.min(...await Promise.all(
		    slow.map((p) => p.lastByteAt)));
		console.log(`${n} slow POSTs, ${idle.length} idle ` +
		    `connections: ${PAGES} pages answered in at most ` +
		    `${Math.max(...answered).toFixed(0)} ms each, ` +
		    `${((firstLastByte - pagesDoneAt) / 1000).toFixed(1)} s ` +
		    `before the first slow body was complete, ${dropped} ` +
		    'idle connections closed by nginx');
		assert.equal(dropped, 0, 'nginx closed idle connections');
		assert.ok(pagesDoneAt < firstLastByte, 'the pages waited ' +
		    'for a slow body: a worker was held by a slow client');
		// Once complete, each slow POST reached the application,
		// which refused it (no form token), not nginx (502/504).
		for (const code of await Promise.all(slow.map((p) => p.done)))
			assert.ok(code >= 400 && code < 500, `slow POST: ${code}`);
	} finally {
		// A reset, not a close: a close would leave 3000 local ports
		// in TIME_WAIT for a minute, which a test that binds a "free"
		// port next (errors.browser) could pick.
		idle.forEach((s) => s.resetAndDestroy());
	}
});

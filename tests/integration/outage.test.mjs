// A database outage: with PostgreSQL stopped the form answers 503 and
// keeps what was typed; once it is back, the same corps-fcgi (no
// restart) stores the same form.  Stops the stack's PostgreSQL through
// ./stack, so the tests of this file run one after the other and an
// after() hook always starts it again.  No other test file may run at
// the same time: ctest's RESOURCE_LOCK sees to that; by hand, use
// "node --test --test-concurrency=1".
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import {
	assertSecurityHeaders, errorSummary, field, get, here, inputValue,
	isChecked, postApply, request, selectedOptions, sql1, stack,
	statusOf, submitValid, tag, textareaValue, validFields,
} from './lib.mjs';

// Runs "stack CMD STACK_DIR" (pg-stop, pg-start).
function harness(cmd) {
	execFileSync('bash', [join(here, 'stack'), cmd, stack.STACK_DIR ??
	    process.env.STACK_DIR], { stdio: ['ignore', 'ignore', 'inherit'],
	    timeout: 90000 });
}

// True while the process pid exists.
function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

// The part of corps-fcgi's log written since offset.
function logSince(offset) {
	return readFileSync(stack.FCGI_LOG).subarray(offset).toString('utf8');
}

describe('database outage', { concurrency: 1 }, () => {
	const kanji = `障害${tag().slice(0, 6)}`;
	const pairs = validFields({ family_kanji: kanji, given_kanji: '試験',
	    prefecture: '47', lang_es: 'working', expertise: ['comms_it'],
	    peace_experience: '東ティモール', operations: ['icops'] });
	const email = field(pairs, 'email');
	let existing;
	let logStart;

	before(async () => {
		existing = await submitValid(validFields());
		logStart = statSync(stack.FCGI_LOG).size;
		harness('pg-stop');
	});

	after(() => {
		// Whatever failed, the next test file needs its database.
		harness('pg-start');
	});

	test('the form POSTed during the outage is 503 with the values kept', async () => {
		const r = await postApply(pairs);
		assert.equal(r.status, 503);
		assertSecurityHeaders(r.res, '503');
		assert.equal(r.res.headers.get('cache-control'), 'no-store');
		assert.match(r.body, /<div class="notice notice-warning" role="alert" tabindex="-1" autofocus>/);
		assert.match(r.body, /ただいま応募を受け付けられません/);
		assert.match(r.body, /応募は保存されていません/);
		assert.deepEqual(errorSummary(r.body), [], 'no validation error');
		assert.ok(r.body.includes(`value="${kanji}"`), 'the kanji name');
		for (const name of ['family_kanji', 'given_kanji', 'family_kana',
		    'given_kana', 'family_romaji', 'given_romaji', 'birth_date',
		    'email', 'address', 'earliest_start', 'max_months',
		    'emergency_name', 'emergency_relation'])
			assert.equal(inputValue(r.body, name), field(pairs, name),
			    name);
		assert.equal(textareaValue(r.body, 'peace_experience'),
		    '東ティモール');
		assert.deepEqual(selectedOptions(r.body, 'prefecture'), ['47']);
		assert.deepEqual(selectedOptions(r.body, 'lang_es'), ['working']);
		assert.ok(isChecked(r.body, 'f-expertise-comms_it'));
		assert.ok(isChecked(r.body, 'f-operations-icops'));
		assert.ok(isChecked(r.body, 'f-privacy'));
		assert.ok(isChecked(r.body, 'f-declaration'));
		assert.ok(r.body.includes('<input type="hidden" name="form_token" ' +
		    `value="${field(pairs, 'form_token')}">`),
		    'the same token, so that the retry is the same submission');
	});

	test('status and receipt pages are 503 during the outage', async () => {
		for (const path of [`/status/${existing.token}`,
		    existing.location]) {
			const r = await get(path);
			assert.equal(r.status, 503, path);
			assert.match(r.body, /ただいまご利用いただけません/, path);
		}
		const w = await request(`/status/${existing.token}`, {
			method: 'POST',
			headers: { 'content-type':
			    'application/x-www-form-urlencoded' },
			body: 'confirm=1',
		});
		assert.equal(w.status, 503);
		await w.arrayBuffer();
	});

	test('pages without the database still work', async () => {
		for (const path of ['/', '/apply', '/static/style.css']) {
			const r = await get(path);
			assert.equal(r.status, 200, path);
		}
		// Validation does not need the database either.
		const bad = await postApply(validFields({ email: 'x' }));
		assert.equal(bad.status, 422);
	});

	test('after the restart the same form is stored by the same corps-fcgi', async () => {
		const pid = Number(stack.FCGI_PID);
		assert.ok(alive(pid), 'corps-fcgi survived the outage');
		harness('pg-start');
		const r = await postApply(pairs);
		assert.equal(r.status, 303, errorSummary(r.body).join(','));
		assert.match(r.location, /^\/receipt\/[A-Za-z0-9_-]{43}$/);
		assert.equal(sql1(`SELECT count(*) FROM applications
		    WHERE email = :'e' AND family_kanji = :'k'`,
		    { e: email, k: kanji }), '1');
		// Every worker reconnects: enough requests to reach them all.
		for (let i = 0; i < 8; i++) {
			const s = await get(`/status/${existing.token}`);
			assert.equal(s.status, 200, `status page, try ${i}`);
			assert.equal(statusOf(s.body).code, 'submitted');
		}
		const again = await postApply(pairs);
		assert.equal(again.location, r.location, 'a retry finds it');
		assert.ok(alive(pid), 'corps-fcgi was not restarted');
		assert.equal(Number(readFileSync(join(stack.STACK_DIR ??
		    process.env.STACK_DIR, 'state', 'corps-fcgi.pid'), 'utf8')),
		    pid, 'the same corps-fcgi');
		assert.doesNotMatch(logSince(logStart), /died|Sanitizer/,
		    'no worker died');
	});
});

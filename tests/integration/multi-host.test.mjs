// Several corps-fcgi instances serve one site: two instances (each with
// its own socket and workers, on the stack's database) behind one nginx
// upstream made by deploy/lib.sh from the project's configuration.
// Under a continuous load of page views and submissions, one instance is
// killed (SIGKILL to all its processes) while its workers are in the
// middle of submissions (the applications table is locked for a moment,
// so that they wait inside their transaction).  nginx sends what the dead
// instance had, and everything after, to the other (fastcgi_next_upstream
// with non_idempotent for POST /apply), and the form token keeps a
// retried submission from being stored twice: a dead worker's INSERT
// still commits once the lock is gone (PostgreSQL notices the lost client
// only later), and the retry then finds its token used and answers with
// that receipt.  Without non_idempotent, those clients saw 502.  Counted: failed requests
// (not 200 or 303), submissions without a receipt of their own, lost
// ones (no row with their e-mail address) and duplicated ones (more than
// one row): all 0.  Takes about 5 s.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
	countStored, formClient, lib, newTotals, scratchDir, startNginx,
} from './hosts.mjs';
import { holdTable, stack } from './lib.mjs';

const dir = scratchDir('corps-pair');
const CLIENTS = 6;
let pairBase;

// The log of instance name ("a" or "b").
const logOf = (name) => join(dir, `${name}.log`);

before(() => {
	for (const name of ['a', 'b'])
		lib(dir, `mkdir -p "$1/${name}-state"; corps_fcgi_start ` +
		    `"${stack.CORPS_BUILD}" "$1/${name}-state" "${stack.PGHOST}" ` +
		    `"$1/${name}/corps.sock" "$1/${name}.log"`);
	pairBase = startNginx(dir, [join(dir, 'a', 'corps.sock'),
	    join(dir, 'b', 'corps.sock')]);
});

after(() => {
	lib(dir, 'corps_stop "$1/state" nginx QUIT 10 || true; ' +
	    'corps_stop "$1/a-state" corps-fcgi TERM 20 || true; ' +
	    'corps_stop "$1/b-state" corps-fcgi TERM 20; ' +
	    '! corps_sanitizer_report "$1/b.log" >&2');
	rmSync(dir, { recursive: true, force: true });	// kept on a failure
});

// Kills every process of instance name: its supervisor and workers share
// the process group corps_spawn gave them.
function killInstance(name) {
	const pid = readFileSync(join(dir, `${name}-state`, 'corps-fcgi.pid'),
	    'utf8').trim();
	const pgid = readFileSync(`/proc/${pid}/stat`, 'utf8')
	    .replace(/^.*\) /, '').split(' ')[2];
	process.kill(-Number(pgid), 'SIGKILL');
}

// How many requests instance name logged ("req=" lines).
function served(name) {
	return (readFileSync(logOf(name), 'utf8').match(/ req=/g) ?? []).length;
}

test('kill -9 of one instance under load: no failed, lost or ' +
    'duplicated request', async () => {
	const stop = { done: false };
	const totals = newTotals();
	const emails = [];
	const load = Promise.all(Array.from({ length: CLIENTS },
	    () => formClient(pairBase, stop, totals, emails)));
	await sleep(1500);
	const beforeKill = { a: served('a'), b: served('b') };
	const hold = await holdTable('applications');
	await sleep(500);
	killInstance('a');
	await hold.done;
	await sleep(1500);
	stop.done = true;
	await load;
	const { lost, duplicated } = countStored(emails);
	const errors = readFileSync(join(dir, 'nginx-error.log'), 'utf8')
	    .split('\n').filter((l) => /upstream/.test(l)).length;
	console.log(`${totals.requests} requests (${emails.length} ` +
	    `submissions), ${totals.failed.length} failed; ` +
	    `${totals.receipts.size} receipts; ${lost} lost, ` +
	    `${duplicated} duplicated; before the kill ` +
	    `a served ${beforeKill.a} and b ${beforeKill.b} requests; ` +
	    `${errors} upstream errors that nginx passed on to b`);
	assert.ok(beforeKill.a > 0 && beforeKill.b > 0, 'both instances ' +
	    'served before the kill');
	assert.ok(errors > 0, 'the kill cut requests off in the middle');
	assert.deepEqual(totals.failed, []);
	assert.equal(totals.unavailable, 0, '503s');
	assert.equal(totals.receipts.size, emails.length, 'one receipt each');
	assert.equal(lost, 0, 'submissions without their row');
	assert.equal(duplicated, 0, 'submissions stored twice');
});

// A PostgreSQL primary and a streaming standby (pg_basebackup -R), both
// throwaway clusters of this test under /tmp, and one corps-fcgi behind
// nginx that connects with libpq's multi-host conninfo:
//   CORPS_DB       host=PRIMARY,STANDBY ... target_session_attrs=read-write
//   CORPS_DB_READ  host=STANDBY ... target_session_attrs=standby
// The reviewers' read-only pages (the list and the dashboard) read the
// standby and say how old its data are when it lags; the person's page
// (which writes an audit entry) and every session lookup stay on the
// primary; with the standby down those pages read the primary.  Then,
// under a continuous load of submissions and page views, the primary
// crashes (pg_ctl stop -m immediate) and the standby is promoted: the
// same corps-fcgi serves again once the standby accepts writes; between
// the two, the clients see 503 with their entries kept (and send the
// form again), never a 500, and no submission is lost or stored twice;
// corps-mailer (same host list) sends every receipt mail.  Takes 13 s
// on a quiet machine, most of it making the two clusters.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import {
	countStored, formClient, lib, newTotals, scratchDir, startNginx,
} from './hosts.mjs';
import { field, multipart, sql1, sqlRows, stack, validFields } from './lib.mjs';
import { Sink, startMailer, stopMailer } from './smtp.mjs';
import { staffClient } from './staff.mjs';

const dir = scratchDir('corps-standby');
const primary = join(dir, 'psock');
const standby = join(dir, 'ssock');
// Test clusters: small, no fsync (no machine crash to survive), and no
// autovacuum, whose transactions would make the idle primary's last one
// younger at random.
const PG_ENV = { CORPS_PG_SHARED_BUFFERS: '128MB' };
const FAST = '"fsync = off" "full_page_writes = off" "autovacuum = off"';
const CLIENTS = 4;
const WORKERS = 2;
let site;

before(() => {
	lib(dir, 'corps_pg_init "$1/p"; ' +
	    `corps_pg_start "$1/p" "$1/psock" "$1/p.log" ${FAST}; ` +
	    'corps_db_setup "$1/psock"; ' +
	    `corps_migrate "${stack.CORPS_BUILD}" "$1/psock" >/dev/null; ` +
	    `corps_pg_standby "$1/psock" "$1/s" "$1/ssock" "$1/s.log" ${FAST}`,
	PG_ENV);
	lib(dir, 'mkdir -p "$1/state"; ' +
	    `corps_fcgi_start "${stack.CORPS_BUILD}" "$1/state" ` +
	    '"$1/psock,$1/ssock" "$1/fcgi/corps.sock" "$1/corps-fcgi.log" ' +
	    'target_session_attrs=read-write', { CORPS_DB_READ:
	    `host=${standby} dbname=corps user=corps_app ` +
	    'target_session_attrs=standby', CORPS_WORKERS: String(WORKERS) });
	site = startNginx(dir, [join(dir, 'fcgi', 'corps.sock')]);
});

after(() => {
	lib(dir, 'corps_stop "$1/state" nginx QUIT 10 || true; ' +
	    'st=0; corps_stop "$1/state" corps-fcgi TERM 20 || st=$?; ' +
	    'corps_pg_stop "$1/s"; corps_pg_stop "$1/p"; [ "$st" -eq 0 ]; ' +
	    '! corps_sanitizer_report "$1/corps-fcgi.log" >&2');
	rmSync(dir, { recursive: true, force: true });	// kept on a failure
});

// Polls sql on host until it yields 't', at most ms.
async function until(sql, host, what, ms = 20000) {
	const end = Date.now() + ms;
	while (sql1(sql, {}, host) !== 't') {
		assert.ok(Date.now() < end, `waited ${ms} ms for ${what}`);
		await sleep(100);
	}
}

// Waits until the standby has replayed all the primary has written.
function caughtUp() {
	const lsn = sql1('SELECT pg_current_wal_lsn()', {}, primary);
	return until(`SELECT pg_last_wal_replay_lsn() >= '${lsn}'`, standby,
	    'the standby to catch up');
}

// Submits a new valid application to the site; returns {id, reference}
// from the primary.
async function submit() {
	const pairs = validFields();
	const res = await fetch(`${site}/apply`, { method: 'POST',
	    body: multipart(pairs), redirect: 'manual' });
	await res.arrayBuffer();
	assert.equal(res.status, 303);
	const [id, reference] = sqlRows('SELECT id, reference FROM applications ' +
	    'WHERE email = :\'e\'', { e: field(pairs, 'email') }, primary)[0];
	return { id, reference };
}

// The freshness line of a page, {label, asOf, behind}, or null.
function freshness(html) {
	const m = /<p class="notice-warning freshness" role="status">([^<]*)<time>([^<]*)<\/time> ([^<]*)<\/p>/
	    .exec(html);
	return m && { label: m[1], asOf: m[2], behind: m[3] };
}

// Makes the standby synchronous: a commit is acknowledged (and a receipt
// shown) only once the standby has it.
async function synchronous() {
	sqlRows('ALTER SYSTEM SET synchronous_standby_names = \'*\'', {},
	    primary);
	sqlRows('SELECT pg_reload_conf()', {}, primary);
	await until('SELECT count(*) = 1 FROM pg_stat_replication ' +
	    'WHERE sync_state = \'sync\'', primary, 'a synchronous standby');
}

// Under CLIENTS form clients and reviewer reloading the list: 1 s, then
// the primary crashes; 1 s later the standby is promoted; 1.5 s more.
// Returns {totals, emails (formClient's), pages (the list's statuses
// counted), beforeCrash, after (receipts before the crash and after the
// promotion), unavailableBefore (503s before the promotion), promoteMs}.
async function crashAndPromote(reviewer) {
	const stop = { done: false };
	const totals = newTotals();
	const emails = [];
	const pages = {};
	const load = Promise.all([
		...Array.from({ length: CLIENTS },
		    () => formClient(site, stop, totals, emails)),
		(async () => {
			while (!stop.done) {
				const r = await reviewer.get('/review/applications');
				pages[r.status] = (pages[r.status] ?? 0) + 1;
			}
		})(),
	]);
	await sleep(1000);
	const beforeCrash = totals.receipts.size;
	lib(dir, 'corps_pg_stop "$1/p" immediate');
	await sleep(1000);
	const t0 = Date.now();
	lib(dir, 'corps_pg_promote "$1/s"');
	const promoteMs = Date.now() - t0;
	const atPromotion = totals.receipts.size;
	const unavailableBefore = totals.unavailable;
	await sleep(1500);
	stop.done = true;
	await load;
	return { totals, emails, pages, beforeCrash, unavailableBefore,
	    after: totals.receipts.size - atPromotion, promoteMs };
}

describe('primary and standby', { concurrency: 1 }, () => {
	let reviewer;
	let app;

	test('the list and the dashboard read the standby, and say how old ' +
	    'its data are only when it is behind', async () => {
		reviewer = await staffClient('reviewer', { url: site,
		    pghost: primary });
		await caughtUp();
		// An idle primary: the last replayed transaction is old, yet
		// nothing is missing.
		await until('SELECT now() - pg_last_xact_replay_timestamp() ' +
		    '>= interval \'6 s\'', standby, 'an idle primary');
		let list = await reviewer.get('/review/applications?lang=en');
		assert.equal(list.status, 200);
		assert.equal(freshness(list.body), null, 'idle, not behind');

		sqlRows('SELECT pg_wal_replay_pause()', {}, standby);
		await until('SELECT now() - pg_last_xact_replay_timestamp() ' +
		    '>= interval \'6 s\'', standby, 'a paused standby');
		app = await submit();
		const asOf = sql1('SELECT to_char(pg_last_xact_replay_timestamp() ' +
		    'AT TIME ZONE \'Asia/Tokyo\', \'HH24:MI:SS\')', {}, standby);
		list = await reviewer.get('/review/applications');
		assert.equal(list.status, 200);
		const f = freshness(list.body);
		assert.ok(f, 'a freshness line while the standby is behind');
		assert.equal(f.label, 'Data as of ');
		assert.equal(f.asOf, asOf);
		const secs = Number(/^\((\d+) s behind\)$/.exec(f.behind)?.[1]);
		assert.ok(secs >= 6, f.behind);
		assert.ok(!list.body.includes(app.reference),
		    'the standby has not replayed the new application');
		const dash = await reviewer.get('/review?lang=ja');
		assert.equal(dash.status, 200);
		const fj = freshness(dash.body);
		assert.equal(fj?.label, 'データの時点: ');
		assert.match(fj.behind, /^（\d+ 秒遅れ）$/);
		for (const path of ['/training/due', '/training/expiring',
		    '/plans']) {
			const r = await reviewer.get(path);
			assert.equal(r.status, 200, path);
			assert.ok(freshness(r.body), `${path} reads the standby`);
		}

		// The person's page writes an audit entry: on the primary.
		const person = await reviewer.get(`/review/applications/${app.id}`);
		assert.equal(person.status, 200);
		assert.ok(person.body.includes(app.reference));
		assert.equal(freshness(person.body), null);

		sqlRows('SELECT pg_wal_replay_resume()', {}, standby);
		await caughtUp();
		list = await reviewer.get('/review/applications');
		assert.ok(list.body.includes(app.reference), 'replayed');
		assert.equal(freshness(list.body), null, 'caught up');
	});

	test('with the standby down, they read the primary; a worker tries ' +
	    'the standby once in a while, not on every page', async () => {
		lib(dir, 'corps_pg_stop "$1/s"', PG_ENV);
		try {
			const newer = await submit();
			const tries = () => readFileSync(join(dir, 'corps-fcgi.log'),
			    'utf8').split('\n').filter((l) => l.includes(
			    'database connection:') && l.includes(standby)).length;
			const before = tries();
			for (let i = 0; i < 2 * WORKERS; i++) {
				const list = await reviewer.get('/review/applications');
				assert.equal(list.status, 200);
				assert.ok(list.body.includes(newer.reference));
				assert.equal(freshness(list.body), null);
			}
			assert.ok(tries() - before <= WORKERS, `${tries() - before} ` +
			    `tries of the standby in ${2 * WORKERS} pages`);
		} finally {
			lib(dir, `corps_pg_start "$1/s" "$1/ssock" "$1/s.log" ${FAST}`,
			    PG_ENV);
		}
		await caughtUp();
	});

	test('primary crash and promotion under load: 503s with the entries ' +
	    'kept, no 500, nothing lost or duplicated, no restart', async () => {
		const fcgiPid = readFileSync(join(dir, 'state', 'corps-fcgi.pid'),
		    'utf8');
		const sink = await new Sink().up();
		const mailer = startMailer(sink, { CORPS_BASE_URL: site,
		    CORPS_DB: `host=${primary},${standby} dbname=corps ` +
		    'user=corps_mailer target_session_attrs=read-write' });
		let run;
		let mailMs;
		try {
			await synchronous();
			run = await crashAndPromote(reviewer);
			const mailStart = Date.now();
			await until('SELECT count(*) = 0 FROM mail_outbox ' +
			    'WHERE state <> \'sent\'', standby, 'the mail sent');
			mailMs = Date.now() - mailStart;
		} finally {
			await stopMailer(mailer);
			await sink.down();
		}
		const { totals, emails, pages } = run;
		const { lost, duplicated } = countStored(emails, standby);
		const mails = emails.map((e) => sink.to(e).length);
		console.log(`${totals.requests} requests (${emails.length} ` +
		    `submissions): ${totals.unavailable} answered 503 ` +
		    `(${run.unavailableBefore} before the promotion, ` +
		    `${totals.notKept} without the entries), ` +
		    `${totals.failed.length} failed; ${totals.receipts.size} ` +
		    `receipts (${run.beforeCrash} before the crash, ${run.after} ` +
		    `after the promotion); ${lost} lost, ${duplicated} ` +
		    `duplicated; reviewer list: ${JSON.stringify(pages)}; ` +
		    `promotion took ${run.promoteMs} ms; receipt mails: ` +
		    `${mails.filter((n) => n === 0).length} missing, ` +
		    `${mails.filter((n) => n > 1).length} sent twice, the last ` +
		    `${mailMs} ms after the load`);
		assert.deepEqual(totals.failed, [], 'no 500 nor other failure');
		assert.ok(totals.unavailable > 0, 'the crash was seen');
		assert.equal(totals.notKept, 0, '503s that lost the entries');
		assert.ok(run.beforeCrash > 0 && run.after > 0,
		    'submissions stored before the crash and after the promotion');
		assert.equal(totals.receipts.size, emails.length, 'one receipt each');
		assert.equal(lost, 0, 'submissions without their row');
		assert.equal(duplicated, 0, 'submissions stored twice');
		assert.deepEqual(Object.keys(pages).filter((c) => c !== '200' &&
		    c !== '503'), [], 'the reviewer list: 200 or 503');
		assert.ok(pages['200'] > 0);
		assert.equal(mails.filter((n) => n === 0).length, 0,
		    'receipts without their mail');
		const last = await reviewer.get('/review/applications');
		assert.equal(last.status, 200, 'the session survived the failover');
		assert.equal(readFileSync(join(dir, 'state', 'corps-fcgi.pid'),
		    'utf8'), fcgiPid, 'the same corps-fcgi');
	});
});

// Helpers for the training tests: accepted people, courses and sessions
// made in SQL, and statements raced in psql sessions of their own.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { sql1, sqlRows, stack, submitValid, validFields } from './lib.mjs';

// Submits n applications through the form and accepts them (through
// screening, as the state machine wants).  Returns their ids.
export async function acceptedPeople(n, overrides = {}) {
	const apps = await Promise.all(Array.from({ length: n },
	    () => submitValid(validFields(overrides))));
	const ids = `{${apps.map((a) => a.id).join(',')}}`;
	for (const to of ['screening', 'accepted'])
		sqlRows(`UPDATE applications SET status = :'s'
		    WHERE id = ANY(:'ids'::bigint[])`, { s: to, ids });
	return apps.map((a) => a.id);
}

let courseNo = 0;

// A course; fields override the defaults.  Returns its id.
export function makeCourse(fields = {}) {
	const c = { code: `T${process.pid % 10000}-${++courseNo}-` +
	    `${Date.now() % 100000}`, title_ja: '安全研修', title_en: 'Safety',
	    hours: 6, delivery: 'in_person', pass_mark: null,
	    validity_months: 24, required_for: '{pko}', ...fields };
	return sql1(`INSERT INTO courses (code, title_ja, title_en, hours,
	    delivery, pass_mark, validity_months, required_for)
	    VALUES (:'code', :'title_ja', :'title_en', :'hours', :'delivery',
	    nullif(:'pass_mark', '')::smallint,
	    nullif(:'validity_months', '')::smallint, :'required_for')
	    RETURNING id`, { ...c, pass_mark: c.pass_mark ?? '',
	    validity_months: c.validity_months ?? '' });
}

let dayNo = 0;

// A scheduled session of course, on a day of its own (so that sessions
// of one test never overlap unless asked to), starting in days days.
// Returns its id.
export function makeSession(course, { capacity = 10, days = 30 + ++dayNo,
    hours = 6, place = '市ヶ谷' } = {}) {
	return sql1(`INSERT INTO training_sessions (course_id, starts_at,
	    ends_at, place, capacity) VALUES (:'c', now() + :'d' * interval
	    '1 day', now() + :'d' * interval '1 day' + :'h' * interval '1 hour',
	    nullif(:'p', ''), :'n') RETURNING id`,
	{ c: course, d: days, h: hours, p: place ?? '', n: capacity });
}

// The states of session's enrolments: {state: count}.
export function states(session) {
	return Object.fromEntries(sqlRows(`SELECT state, count(*) FROM
	    enrolments WHERE session_id = :'s' GROUP BY 1`, { s: session })
	    .map(([s, n]) => [s, Number(n)]));
}

// A psql child that runs sql (given on its standard input).
function psql(sql) {
	const child = spawn(stack.PG_BINDIR ? join(stack.PG_BINDIR, 'psql')
	    : 'psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1'], { env: { ...process.env,
	    PGHOST: stack.PGHOST, PGDATABASE: stack.PGDATABASE,
	    PGUSER: stack.PGUSER } });
	child.stdin.end(sql);
	return child;
}

// Output of a psql child as a promise of {code, out, err}, once its
// output is read to the end ("exit" may come before the last of it).
function finished(child) {
	let out = '';
	let err = '';
	child.stdout.on('data', (d) => { out += d; });
	child.stderr.on('data', (d) => { err += d; });
	return new Promise((resolve) => child.on('close', (code) =>
	    resolve({ code, out: out.trim(), err })));
}

// Runs each statement in a psql session of its own, all released at
// once: each first waits for a shared advisory lock that a holder session
// has taken, and the holder lets go once every one of them waits.
// Returns [{code, out, err}] in the statements' order.
export async function race(statements) {
	const key = 4200 + Math.floor(Math.random() * 100000);
	const holder = finished(psql(`SELECT pg_advisory_lock(${key})
	    \\g /dev/null
	    DO $$ BEGIN FOR i IN 1..2000 LOOP EXIT WHEN (SELECT count(*)
	    FROM pg_locks WHERE locktype = 'advisory' AND objid = ${key}
	    AND NOT granted) >= ${statements.length}; PERFORM pg_sleep(0.01);
	    END LOOP; END $$;`));
	const held = () => Number(sql1(`SELECT count(*) FROM pg_locks
	    WHERE locktype = 'advisory' AND objid = ${key} AND granted`));
	for (let i = 0; i < 200 && held() === 0; i++)
		await sleep(10);
	const runs = statements.map((s) => finished(psql(
	    `SELECT pg_advisory_lock_shared(${key}) \\g /dev/null\n${s}`)));
	assert.equal((await holder).code, 0);
	return Promise.all(runs);
}

// The training rules the database keeps, whoever writes (issue 14):
// capacity and the waitlist under concurrency, who may be enrolled and
// where, certificates and their expiry, cancellation and its mail.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { sql1, sqlRows, submitValid, validFields } from './lib.mjs';
import { acceptedPeople, makeCourse, makeSession, race, states }
    from './training.mjs';

const enrol = (s, a) => `SELECT training_enrol(${Number(s)}, ${Number(a)},
    NULL);`;

test('two enrolments into the last seat: one enrolled, one waitlisted, '
    + 'every time', async () => {
	const people = await acceptedPeople(60);
	// 20 rounds: a session with one seat left, two people racing for it.
	for (let round = 0; round < 20; round++) {
		const s = makeSession(makeCourse(), { capacity: 2 });
		const [first, one, two] = people.slice(3 * round);
		assert.equal(sql1(enrol(s, first)), 'enrolled');
		const [a, b] = await race([enrol(s, one), enrol(s, two)]);
		assert.equal(a.code, 0, a.err);
		assert.equal(b.code, 0, b.err);
		assert.deepEqual([a.out, b.out].sort(), ['enrolled',
		    'waitlisted'], `round ${round}: ${JSON.stringify([a, b])}`);
		assert.deepEqual(states(s), { enrolled: 2, waitlisted: 1 });
	}
});

test('many at once never exceed capacity, by the function or by hand',
    async () => {
	const course = makeCourse();
	const people = await acceptedPeople(24);
	const s = makeSession(course, { capacity: 5 });
	const outs = await race(people.slice(0, 12).map((p) => enrol(s, p)));
	assert.equal(outs.filter((o) => o.out === 'enrolled').length, 5);
	assert.equal(outs.filter((o) => o.out === 'waitlisted').length, 7);
	// The waitlist is in the order of arrival: ids grow with it.
	// Writing the rows by hand is refused beyond capacity too.
	const t = makeSession(makeCourse(), { capacity: 3 });
	const raw = await race(people.slice(12).map((p) =>
	    `INSERT INTO enrolments (session_id, application_id, course_id,
	    during) VALUES (${t}, ${p}, 0, '[2000-01-01,2000-01-02)');`));
	assert.equal(raw.filter((o) => o.code === 0).length, 3);
	for (const o of raw.filter((r) => r.code !== 0))
		assert.match(o.err, /is full/, JSON.stringify(o));
	assert.deepEqual(states(t), { enrolled: 3 });
});

test('a freed seat goes to the first on the waitlist, told at once',
    async () => {
	const course = makeCourse();
	const [a, b, c, d] = await acceptedPeople(4);
	const s = makeSession(course, { capacity: 1 });
	for (const p of [a, b, c])
		sql1(enrol(s, p));
	const outbox = (p, k) => Number(sql1(`SELECT count(*) FROM mail_outbox
	    WHERE application_id = :'a' AND kind = :'k'`, { a: p, k }));
	assert.equal(outbox(a, 'training_invitation'), 1);
	assert.equal(outbox(b, 'training_invitation'), 0);
	assert.equal(outbox(a, 'training_reminder'), 1, 'due three days before');
	assert.equal(sql1(`SELECT next_attempt_at = s.starts_at - interval
	    '3 days' FROM mail_outbox o, training_sessions s WHERE s.id = :'s'
	    AND o.application_id = :'a' AND o.kind = 'training_reminder'`,
	{ s, a }), 't');
	// a declines while d enrols: b, first in the queue, takes the seat.
	const [decline, late] = await race([`UPDATE enrolments SET
	    state = 'ended', end_reason = 'declined', ended_at = now(),
	    response = 'declined' WHERE session_id = ${s} AND
	    application_id = ${a};`, enrol(s, d)]);
	assert.equal(decline.code, 0, decline.err);
	assert.equal(late.out, 'waitlisted');
	assert.deepEqual(sqlRows(`SELECT application_id, state FROM enrolments
	    WHERE session_id = :'s' ORDER BY id`, { s }), [[a, 'ended'],
	    [b, 'enrolled'], [c, 'waitlisted'], [d, 'waitlisted']]);
	assert.equal(outbox(b, 'training_invitation'), 1, 'b told');
	assert.equal(outbox(a, 'training_reminder'), 0, 'a not reminded');
	// More seats promote in order.
	sqlRows(`UPDATE training_sessions SET capacity = 3 WHERE id = :'s'`,
	    { s });
	assert.deepEqual(states(s), { ended: 1, enrolled: 3 });
});

test('refusals: not accepted, closed, no seats, twice, overlap, course open',
    async () => {
	const course = makeCourse();
	const [p, q] = await acceptedPeople(2);
	const s = makeSession(course, { days: 200 });
	assert.equal(sql1(enrol(s, p)), 'enrolled');
	assert.equal(sql1(enrol(s, p)), 'already_enrolled');
	// Another course's session at the same time.
	const other = makeSession(makeCourse(), { days: 200 });
	assert.equal(sql1(enrol(other, p)), 'overlap');
	// The same course, another time.
	assert.equal(sql1(enrol(makeSession(course, { days: 220 }), p)),
	    'course_open');
	assert.equal(sql1(enrol(makeSession(course, { capacity: 0 }), q)),
	    'no_capacity');
	const cancelled = makeSession(course);
	sqlRows(`UPDATE training_sessions SET status = 'cancelled',
	    cancel_reason = '台風' WHERE id = :'s'`, { s: cancelled });
	assert.equal(sql1(enrol(cancelled, q)), 'session_closed');
	const { id: submitted } = await submitValid(validFields());
	assert.equal(sql1(enrol(s, submitted)), 'not_accepted');
	// And by hand, the constraints say the same.
	assert.throws(() => sqlRows(`INSERT INTO enrolments (session_id,
	    application_id, course_id, during) VALUES (:'s', :'a', 0,
	    'empty')`, { s, a: submitted }), /not accepted/);
});

test('cancelling ends every enrolment with the reason and tells each one',
    async () => {
	const course = makeCourse();
	const people = await acceptedPeople(3);
	const s = makeSession(course, { capacity: 2 });
	for (const p of people)
		sql1(enrol(s, p));
	sqlRows(`UPDATE training_sessions SET status = 'cancelled',
	    cancel_reason = '講師の都合' WHERE id = :'s'`, { s });
	assert.deepEqual(sqlRows(`SELECT DISTINCT state, end_reason FROM
	    enrolments WHERE session_id = :'s'`, { s }),
	[['ended', 'session_cancelled']]);
	assert.equal(sql1(`SELECT count(*) FROM mail_outbox WHERE
	    kind = 'training_cancelled' AND data->>'session' = :'s'
	    AND data->>'reason' = '講師の都合'`, { s }), '3');
	assert.equal(sql1(`SELECT count(*) FROM mail_outbox WHERE state =
	    'pending' AND kind = 'training_reminder' AND data->>'session' =
	    :'s'`, { s }), '0', 'reminders withdrawn');
	assert.throws(() => sqlRows(`UPDATE training_sessions SET
	    status = 'scheduled', cancel_reason = NULL WHERE id = :'s'`, { s }),
	/not allowed/);
});

test('a pass makes a certificate; its expiry follows the month-end rule',
    async () => {
	const cases = [
		// completed, months, valid until (inclusive)
		['2026-01-15', 12, '2027-01-15'],
		['2024-01-31', 1, '2024-02-29'],
		['2023-01-31', 1, '2023-02-28'],
		['2024-02-29', 12, '2025-02-28'],
		['2024-02-29', 48, '2028-02-29'],
		['2026-08-31', 3, '2026-11-30'],
		['2026-03-01', null, ''],
	];
	const people = await acceptedPeople(cases.length);
	for (const [i, [done, months, until]] of cases.entries()) {
		const course = makeCourse({ validity_months: months,
		    pass_mark: 60 });
		const s = makeSession(course);
		sql1(enrol(s, people[i]));
		sqlRows(`UPDATE enrolments SET attendance = 'attended',
		    score = 59, completed_on = :'d' WHERE session_id = :'s'`,
		{ s, d: done });
		assert.equal(sql1(`SELECT result FROM enrolments WHERE
		    session_id = :'s'`, { s }), 'failed', 'below the mark');
		assert.equal(sql1(`SELECT count(*) FROM certificates WHERE
		    course_id = :'c'`, { c: course }), '0');
		sqlRows(`UPDATE enrolments SET score = 60 WHERE session_id =
		    :'s'`, { s });
		assert.deepEqual(sqlRows(`SELECT completed_on, valid_until FROM
		    certificates WHERE course_id = :'c'`, { c: course }),
		[[done, until]], `${done} + ${months}`);
	}
});

test('a deleted application frees its seat for the waitlist', async () => {
	const [a, b] = await acceptedPeople(2);
	const s = makeSession(makeCourse(), { capacity: 1 });
	sql1(enrol(s, a));
	assert.equal(sql1(enrol(s, b)), 'waitlisted');
	sqlRows(`DELETE FROM applications WHERE id = :'a'`, { a });
	assert.deepEqual(sqlRows(`SELECT application_id, state FROM enrolments
	    WHERE session_id = :'s'`, { s }), [[b, 'enrolled']]);
});

test('a cancellation reason typed on several lines is one line in the mail',
    async () => {
	const [p] = await acceptedPeople(1);
	const s = makeSession(makeCourse());
	sql1(enrol(s, p));
	sqlRows(`UPDATE training_sessions SET status = 'cancelled',
	    cancel_reason = E'台風のため\\r\\n延期' WHERE id = :'s'`, { s });
	assert.equal(sql1(`SELECT data->>'reason' FROM mail_outbox WHERE
	    kind = 'training_cancelled' AND data->>'session' = :'s'`, { s }),
	'台風のため 延期');
});

test('one person into two overlapping sessions at once: one, and no '
    + 'deadlock', async () => {
	const people = await acceptedPeople(10);
	for (const [round, p] of people.entries()) {
		const a = makeSession(makeCourse(), { days: 400 + round });
		const b = makeSession(makeCourse(), { days: 400 + round });
		const outs = await race([enrol(a, p), enrol(b, p)]);
		for (const o of outs)
			assert.equal(o.code, 0, o.err);
		assert.deepEqual(outs.map((o) => o.out).sort(),
		    ['enrolled', 'overlap'], `round ${round}`);
	}
});

// corps-admin seed-demo's plans (issue 15): plans, positions, inquiries
// and assignments for the run's own accepted people, every assignment
// admitted by the database's rules, and no mail queued.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { sql1, sqlRows } from './lib.mjs';
import { corpsAdmin } from './staff.mjs';

test('seed-demo adds plans staffed by its own accepted people', (t) => {
	const maxApp = sql1('SELECT coalesce(max(id), 0) FROM applications');
	const maxPlan = sql1('SELECT coalesce(max(id), 0) FROM plans');
	const maxMail = sql1('SELECT coalesce(max(id), 0) FROM mail_outbox');
	t.after(() => sqlRows(`DELETE FROM applications WHERE id > :'m'`,
	    { m: maxApp }));
	const r = corpsAdmin(['seed-demo', '--applications', '2000']);
	assert.equal(r.status, 0, r.stderr);
	const m = /seeded (\d+) demo plans, (\d+) positions, (\d+) assignments/
	    .exec(r.stdout);
	assert.ok(m, r.stdout);
	assert.deepEqual([m[1], m[2]], ['1', '10']);
	const mine = `plan_id > ${Number(maxPlan)}`;
	assert.equal(sql1(`SELECT count(*) FROM assignments WHERE ${mine}`),
	    m[3]);
	assert.ok(Number(m[3]) > 50, `${m[3]} assignments`);
	// Only this run's people, each accepted and assigned once.
	assert.equal(sql1(`SELECT count(*) FROM assignments a
	    JOIN applications p ON p.id = a.application_id WHERE ${mine}
	    AND (p.id <= :'m' OR p.status <> 'accepted')`, { m: maxApp }), '0');
	assert.equal(sql1(`SELECT count(DISTINCT application_id) FROM
	    assignments WHERE ${mine}`), m[3]);
	// Past ones completed, running ones dispatched, later ones not yet.
	assert.equal(sql1(`SELECT count(*) FROM assignments WHERE ${mine}
	    AND status <> CASE WHEN ends_on < current_date THEN 'completed'
	    WHEN starts_on <= current_date THEN 'dispatched'
	    ELSE status END`), '0');
	assert.ok(Number(sql1(`SELECT count(*) FROM inquiries i JOIN positions
	    p ON p.id = i.position_id WHERE p.${mine}`)) >= Number(m[3]));
	assert.equal(sql1(`SELECT count(*) FROM mail_outbox WHERE id > :'m'`,
	    { m: maxMail }), '0');
});

// /admin/mail's counts per state at scale (issue 13): pending and failed
// rows are counted (from their partial indexes); sent rows are counted in
// a small table and estimated, shown as 約 N / about N, in a table the
// statistics say holds more than 10,000 rows.  The outbox is written and
// analysed as the superuser (no mailer runs here).  Needs a running stack.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';

import { sql1, sqlRows, tag } from './lib.mjs';
import { staffClient } from './staff.mjs';

const admin = await staffClient('admin');
const t = tag();

// The rows of each state in the outbox: {pending, sent, failed}.
function counts() {
	const n = { pending: 0, sent: 0, failed: 0 };
	for (const [s, c] of sqlRows('SELECT state, count(*) FROM mail_outbox ' +
	    'GROUP BY state'))
		n[s] = Number(c);
	return n;
}

// The count each state's link shows on /admin/mail (in lang).
async function shown(lang = 'ja') {
	const r = await admin.get(`/admin/mail?lang=${lang}`);
	assert.equal(r.status, 200);
	const n = {};
	for (const [, s, c] of r.body.matchAll(
	    /id="state-(\w+)"[^>]*>[^<]*<span class="count">([^<]*)<\/span>/g))
		n[s] = c;
	return n;
}

// Adds n rows for recipients "<t>.<i>@example.jp": every 100th
// failed, every 100th from the 50th pending, the others sent.
function load(n) {
	sqlRows(`INSERT INTO mail_outbox (kind, lang, recipient, state,
	    attempts, last_error, sent_at)
	    SELECT 'receipt', 'ja', :'t' || '.' || i || '@example.jp', s,
	    1, CASE s WHEN 'failed' THEN '550 no' END,
	    CASE s WHEN 'sent' THEN now() END
	    FROM (SELECT i, CASE i % 100 WHEN 0 THEN 'failed'
	    WHEN 50 THEN 'pending' ELSE 'sent' END AS s
	    FROM generate_series(1, :'n'::int) i) x`, { t, n });
}

// Removes this file's rows and refreshes the statistics, so that the
// other tests find a small table again.
function unload() {
	sqlRows(`DELETE FROM mail_outbox WHERE recipient LIKE :'t' || '.%';
	    VACUUM ANALYZE mail_outbox`, { t });
}

after(unload);

test('/admin/mail counts every state of a small table', async () => {
	sqlRows('VACUUM ANALYZE mail_outbox');
	load(300);
	const real = counts();
	assert.ok(real.pending >= 3 && real.failed >= 3 && real.sent >= 294);
	assert.deepEqual(await shown(), { pending: String(real.pending),
	    sent: String(real.sent), failed: String(real.failed) });
	unload();
});

test('/admin/mail estimates the sent rows of a large table, and says so',
    async () => {
	load(12000);
	sqlRows('ANALYZE mail_outbox');
	const real = counts();
	const ja = await shown('ja');
	// Counted, not estimated: exact numbers.
	assert.equal(ja.pending, String(real.pending));
	assert.equal(ja.failed, String(real.failed));
	// Estimated: two significant digits, close to the truth.
	const m = /^約([1-9][0-9]?0*)$/.exec(ja.sent);
	assert.ok(m, `sent shown as ${ja.sent}`);
	const about = Number(m[1]);
	assert.ok(about > real.sent * 0.9 && about < real.sent * 1.1,
	    `about ${about} of ${real.sent}`);
	assert.match((await shown('en')).sent, /^about [1-9][0-9]?0*$/);

	// The state filters page through the rows newest first.
	const r = await admin.get('/admin/mail?state=pending');
	const ids = [...r.body.matchAll(/<tr id="mail-(\d+)">/g)]
	    .map(([, id]) => Number(id));
	assert.equal(ids.length, Math.min(50, real.pending));
	assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
	assert.equal(sql1(`SELECT count(*) FROM mail_outbox WHERE
	    state <> 'pending' AND id = ANY(:'ids'::bigint[])`,
	{ ids: `{${ids.join(',')}}` }), '0');

	// Small again (deleted, vacuumed): counted again.
	unload();
	const now = counts();
	assert.deepEqual(await shown(), { pending: String(now.pending),
	    sent: String(now.sent), failed: String(now.failed) });
});

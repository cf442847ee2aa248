// The reviewer's dashboard, GET /review: counts by status, source and
// desired operation, and applications per week over 26 weeks (Mondays,
// Japan time) as a server-drawn SVG chart with a table of the same
// numbers; who may see it.  Needs a running stack (see ./stack).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { base, request, sql1, sqlRows, stack, submitValid, validFields }
    from './lib.mjs';
import { corpsAdmin, staffClient } from './staff.mjs';

const statuses = ['submitted', 'screening', 'accepted', 'rejected',
    'withdrawn'];
const operations = ['pko', 'icops', 'relief', 'election'];

// The number in the table cell with id.
function cell(html, id) {
	const m = new RegExp(`<td class="num" id="${id}">(\\d+)</td>`)
	    .exec(html);
	assert.ok(m, `cell ${id}`);
	return Number(m[1]);
}

// Applications counted by SQL, by a column.
function countBy(column) {
	return Object.fromEntries(sqlRows(`SELECT ${column}, count(*) FROM ` +
	    `applications GROUP BY 1`).map(([k, n]) => [k, Number(n)]));
}

// The rows of the weekly table: [[monday, count], ...].
function weekRows(html) {
	const t = /<table class="data" id="weekly-table">([\s\S]*?)<\/table>/
	    .exec(html);
	assert.ok(t, 'the weekly table');
	assert.match(t[1], /<caption>[^<]+<\/caption>/);
	assert.match(t[1], /<th scope="col">/);
	return [...t[1].matchAll(/<tr><th scope="row"><time datetime="(\d{4}-\d\d-\d\d)">\1<\/time><\/th><td class="num">(\d+)<\/td><\/tr>/g)]
	    .map((m) => [m[1], Number(m[2])]);
}

// The bars of the chart: [{height, label, value}, ...].
function bars(svg) {
	return [...svg.matchAll(/<rect class="chart-bar" [^>]*height="(\d+)"[^>]*><title>([^<]*): (\d+)<\/title><\/rect>/g)]
	    .map((m) => ({ height: Number(m[1]), label: m[2],
		value: Number(m[3]) }));
}

test('the counts match SQL after new applications and status changes', async () => {
	const rev = await staffClient('reviewer');
	const a = await submitValid(validFields({ operations: ['icops'] }));
	const b = await submitValid(validFields({
	    operations: ['election', 'pko'] }));
	const c = await submitValid(validFields());
	const d = await submitValid(validFields());
	sqlRows(`UPDATE applications SET status = 'screening' WHERE id IN ` +
	    `(${b.id}, ${c.id}, ${d.id})`);
	sqlRows(`UPDATE applications SET status = 'rejected' WHERE id = ${c.id}`);
	sqlRows(`UPDATE applications SET status = 'accepted' WHERE id = ${d.id}`);
	sqlRows(`UPDATE applications SET source = 'seconded', ministry = 'MOFA' ` +
	    `WHERE id = ${a.id}`);

	const page = await rev.get('/review');
	assert.equal(page.status, 200);
	const byStatus = countBy('status');
	for (const s of statuses)
		assert.equal(cell(page.body, `count-status-${s}`),
		    byStatus[s] ?? 0, s);
	const total = Number(sql1('SELECT count(*) FROM applications'));
	assert.equal(cell(page.body, 'count-status-total'), total);
	const bySource = countBy('source');
	assert.equal(cell(page.body, 'count-source-public'), bySource.public);
	assert.equal(cell(page.body, 'count-source-seconded'),
	    bySource.seconded);
	assert.ok(bySource.seconded >= 1);
	assert.equal(cell(page.body, 'count-source-total'), total);
	const byOp = countBy('unnest(operations)');
	for (const o of operations)
		assert.equal(cell(page.body, `count-operation-${o}`),
		    byOp[o] ?? 0, o);
	assert.ok(byOp.election >= 1 && byOp.icops >= 1);
	// Tables for screen readers: captions and header cells with scope.
	assert.equal([...page.body.matchAll(/<table class="data" id="counts-/g)]
	    .length, 3);
	assert.match(page.body, /<th scope="row">受付済み<\/th>/);
	assert.match(page.body, /<th scope="row">国際連合平和維持活動（PKO）<\/th>/);

	// A new application moves the numbers.
	await submitValid(validFields({ operations: ['relief'] }));
	const again = await rev.get('/review');
	assert.equal(cell(again.body, 'count-status-submitted'),
	    (byStatus.submitted ?? 0) + 1);
	assert.equal(cell(again.body, 'count-operation-relief'),
	    (byOp.relief ?? 0) + 1);
});

// Asserts that every figure of a dashboard page is what SQL counts in
// the applications table now: by status, source, operation and week.
function assertMatchesSql(html, what) {
	const total = Number(sql1('SELECT count(*) FROM applications'));
	const want = { 'count-status-total': total, 'count-source-total': total };
	for (const [dim, col, codes] of [['status', 'status', statuses],
	    ['source', 'source', ['public', 'seconded']],
	    ['operation', 'unnest(operations)', operations]]) {
		const by = countBy(col);
		for (const c of codes)
			want[`count-${dim}-${c}`] = by[c] ?? 0;
	}
	for (const [id, n] of Object.entries(want))
		assert.equal(cell(html, id), n, `${what}: ${id}`);
	const weeks = Object.fromEntries(sqlRows(
	    "SELECT to_char(date_trunc('week', created_at AT TIME ZONE " +
	    "'Asia/Tokyo'), 'YYYY-MM-DD'), count(*) FROM applications " +
	    'GROUP BY 1').map(([k, n]) => [k, Number(n)]));
	for (const [day, n] of weekRows(html))
		assert.equal(n, weeks[day] ?? 0, `${what}: week of ${day}`);
}

test('the figures stay exact through submissions, changes, withdrawals, bulk loads and deletions', async (t) => {
	const rev = await staffClient('reviewer');
	const maxId = sql1('SELECT coalesce(max(id), 0) FROM applications');
	t.after(() => sqlRows(`DELETE FROM applications WHERE id > :'m'`,
	    { m: maxId }));
	const apps = await Promise.all(Array.from({ length: 16 }, (_, i) =>
	    submitValid(validFields({ operations: operations.slice(i % 4) }))));
	assertMatchesSql((await rev.get('/review')).body, 'concurrent submissions');

	const moved = await rev.post('/review/applications/screening',
	    apps.slice(0, 8).map((a) => ['id', a.id]));
	assert.equal(moved.status, 303);
	for (const [i, to] of [[0, 'accepted'], [1, 'rejected']]) {
		const id = apps[i].id;
		await rev.get(`/review/applications/${id}`);
		const r = await rev.post(`/review/applications/${id}/decision`, {
		    to, reason: '理由', version: sql1('SELECT version FROM ' +
		    `applications WHERE id = ${id}`) });
		assert.equal(r.status, 303, to);
	}
	const w = await request(`/status/${apps[9].token}`, { method: 'POST',
	    headers: { 'content-type': 'application/x-www-form-urlencoded',
		'sec-fetch-site': 'same-origin', origin: base },
	    body: 'confirm=1' });
	assert.equal(w.status, 303, 'withdrawn');
	sqlRows(`UPDATE applications SET created_at = created_at - interval
	    '3 weeks', operations = '{election}' WHERE id = ${apps[10].id}`);
	assertMatchesSql((await rev.get('/review')).body, 'status changes');

	// A bulk load folds its events (one per row) into the summary.
	assert.equal(corpsAdmin(['seed-demo', '--applications', '3000']).status,
	    0);
	const events = () => Number(sql1('SELECT count(*) FROM ' +
	    'application_count_events'));
	assert.ok(events() < 100, `${events()} events after seed-demo`);
	assertMatchesSql((await rev.get('/review')).body, 'bulk load');
	// Past a thousand events the dashboard folds them: here what 600
	// changes back and forth of one application would leave.
	sqlRows(`INSERT INTO application_count_events
	    SELECT corps_week_jst(created_at), status, source, operations, s
	    FROM applications, generate_series(1, 600) g,
	    (VALUES (1), (-1)) AS v(s) WHERE id = ${apps[11].id}`);
	assert.ok(events() > 1000);
	assertMatchesSql((await rev.get('/review')).body, 'events');
	assert.ok(events() < 1000, 'folded');
	sqlRows(`DELETE FROM applications WHERE id > :'m' AND
	    (status = 'rejected' OR id % 3 = 0)`, { m: maxId });
	assertMatchesSql((await rev.get('/review')).body, 'deletions');
});

// Runs sql in a psql of its own, named name, until killed.
function psqlSession(name, sql) {
	const p = spawn(join(stack.PG_BINDIR, 'psql'), ['-X', '-q', '-c', sql],
	    { env: { ...process.env, PGHOST: stack.PGHOST,
		PGDATABASE: stack.PGDATABASE, PGUSER: stack.PGUSER,
		PGAPPNAME: name }, stdio: 'ignore' });
	return p;
}

test('the dashboard reads its summaries, not the applications, the people '
    + 'ready for each operation type included', async (t) => {
	const rev = await staffClient('reviewer');
	await submitValid(validFields());
	// Another session holds the table against every read: a count of it
	// would wait for that session to end.
	const holder = psqlSession('dash-lock', 'BEGIN; LOCK TABLE ' +
	    'applications IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(120)');
	t.after(() => {
		sqlRows(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		    WHERE application_name = 'dash-lock'`);
		holder.kill();
	});
	const locked = () => sql1(`SELECT count(*) FROM pg_locks l JOIN
	    pg_stat_activity a USING (pid) WHERE a.application_name =
	    'dash-lock' AND l.granted AND l.mode = 'AccessExclusiveLock' AND
	    l.relation = 'applications'::regclass`) === '1';
	for (let i = 0; i < 100 && !locked(); i++)
		await new Promise((ok) => setTimeout(ok, 100));
	assert.ok(locked(), 'the table is locked');
	const page = await Promise.race([rev.get('/review'),
	    new Promise((ok) => setTimeout(() => ok({ status: 'waiting' }),
		15000))]);
	assert.equal(page.status, 200);
	for (const op of operations)
		assert.match(page.body, new RegExp(`<td class="num" ` +
		    `id="open-${op}">\\d+</td><td class="num" ` +
		    `id="ready-${op}">\\d+</td>`), op);
});

test('26 weekly bars from Monday, Japan time, with the same numbers as the table', async () => {
	const rev = await staffClient('reviewer');
	const monday = sql1("SELECT to_char(date_trunc('week', now() AT TIME " +
	    "ZONE 'Asia/Tokyo'), 'YYYY-MM-DD')");
	// Around the start of the week three weeks ago, in Japan: Monday
	// 00:30 belongs to that week, Sunday 23:30 to the week before; and
	// one a year ago falls outside the chart.
	const apps = [];
	for (let i = 0; i < 4; i++)
		apps.push(await submitValid(validFields()));
	const wk = "date_trunc('week', now() AT TIME ZONE 'Asia/Tokyo') - " +
	    "interval '3 weeks'";
	sqlRows(`UPDATE applications SET created_at = (${wk} + interval ` +
	    `'30 minutes') AT TIME ZONE 'Asia/Tokyo' WHERE id IN ` +
	    `(${apps[0].id}, ${apps[1].id})`);
	sqlRows(`UPDATE applications SET created_at = (${wk} - interval ` +
	    `'30 minutes') AT TIME ZONE 'Asia/Tokyo' WHERE id = ${apps[2].id}`);
	sqlRows(`UPDATE applications SET created_at = now() - interval ` +
	    `'1 year' WHERE id = ${apps[3].id}`);

	const page = await rev.get('/review');
	assert.equal(page.status, 200);
	const rows = weekRows(page.body);
	assert.equal(rows.length, 26);
	assert.equal(rows[25][0], monday, 'the last week is this one');
	for (const [i, [day]] of rows.entries()) {
		assert.equal(new Date(`${day}T00:00:00Z`).getUTCDay(), 1,
		    `${day} is a Monday`);
		if (i > 0)
			assert.equal(Date.parse(day) - Date.parse(rows[i - 1][0]),
			    7 * 86400000, 'consecutive weeks');
	}
	// Expected numbers, grouped another way: by the week of each
	// application's Japanese date.
	const expected = Object.fromEntries(sqlRows(
	    "SELECT to_char(date_trunc('week', created_at AT TIME ZONE " +
	    "'Asia/Tokyo'), 'YYYY-MM-DD'), count(*) FROM applications " +
	    'GROUP BY 1').map(([k, n]) => [k, Number(n)]));
	for (const [day, n] of rows)
		assert.equal(n, expected[day] ?? 0, `week of ${day}`);
	assert.ok(rows[22][1] >= 2, 'Monday 00:30 counts in its week');
	assert.ok(rows[21][1] >= 1, 'Sunday 23:30 counts in the week before');
	assert.ok(rows.some(([, n]) => n === 0), 'empty weeks are rows too');

	// The chart: inline SVG named by its title, one bar per week with
	// the table's numbers, the tallest at full height.
	const svg = /<svg [^>]*>[\s\S]*?<\/svg>/.exec(page.body)?.[0];
	assert.ok(svg, 'an inline svg');
	assert.match(svg, /role="img"/);
	const lab = /aria-labelledby="([^"]+)"/.exec(svg)[1];
	assert.match(svg, new RegExp(`<title id="${lab}">[^<]+</title>`));
	assert.doesNotMatch(page.body, /style=/);
	assert.doesNotMatch(page.body, /<script/);
	const b = bars(svg);
	assert.equal(b.length, 26);
	assert.deepEqual(b.map((x) => [x.label, x.value]), rows);
	const max = Math.max(...b.map((x) => x.value));
	for (const x of b)
		assert.equal(x.height, x.value === 0 ? 0 : Math.max(1,
		    Math.round(x.value * 160 / max)), x.label);
	assert.equal(Math.max(...b.map((x) => x.height)), 160);
});

test('the dashboard in English', async () => {
	const rev = await staffClient('reviewer');
	const page = await rev.get('/review?lang=en');
	assert.equal(page.status, 200);
	assert.match(page.body, /<h1>Dashboard<\/h1>/);
	assert.match(page.body, /<th scope="row">Seconded<\/th>/);
});

test('only reviewers see the dashboard', async () => {
	const none = await request('/review');
	assert.equal(none.status, 303);
	assert.equal(none.headers.get('location'), '/login?next=%2Freview');
	const admin = await staffClient('admin');
	assert.equal((await admin.get('/review')).status, 403);
	const min = await staffClient('ministry', { ministry: 'MOFA' });
	assert.equal((await min.get('/review')).status, 403);
});

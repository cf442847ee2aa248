// The reviewer's dashboard, GET /review: counts by status, source and
// desired operation, and applications per week over 26 weeks (Mondays,
// Japan time) as a server-drawn SVG chart with a table of the same
// numbers; who may see it.  Needs a running stack (see ./stack).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { request, sql1, sqlRows, submitValid, validFields } from './lib.mjs';
import { staffClient } from './staff.mjs';

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

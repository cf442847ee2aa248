// A plan's timeline as SVG (issue 15): GET /plans/{id}/timeline.svg is
// well-formed XML (xmllint), has a bar per assignment at the x its dates
// give, escapes markup typed into a plan's or position's title, and
// shows a band once a principle lapses; reviewers and admins only.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { jstDate, request, sql1, sqlRows } from './lib.mjs';
import { staffClient } from './staff.mjs';
import { acceptedPeople } from './training.mjs';

const Y = new Date().getFullYear() + 2;
const reviewer = await staffClient('reviewer');
const dir = mkdtempSync(join(tmpdir(), 'corps-timeline-'));

const markup = '<script>alert(1)</script> & "q" \'a\'';

// An approved plan from 60 days ago to the end of year Y (today inside
// it), titled with markup, with a position titled with markup too.
function makePlan() {
	const plan = sql1(`INSERT INTO plans (title_ja, title_en, operation,
	    country, basis, basis_detail, cabinet_decision_on, starts_on,
	    ends_on) VALUES (:'m' || ' 計画', :'m' || ' plan', 'pko', 'SS',
	    'unsc_resolution', 'S/RES/1', :'d', :'s', :'e') RETURNING id`,
	{ m: markup, d: jstDate(-90), s: jstDate(-60), e: `${Y}-12-31` });
	sqlRows(`INSERT INTO plan_principles (plan_id, principle, satisfied,
	    confirmed_on) SELECT :'p', n, true, current_date
	    FROM generate_series(1, 5) n`, { p: plan });
	sqlRows(`UPDATE plans SET status = 'approved' WHERE id = :'p'`,
	    { p: plan });
	const position = sql1(`INSERT INTO positions (plan_id, title_ja,
	    title_en, duty_station, headcount, starts_on, ends_on)
	    VALUES (:'p', :'m' || ' 要員', :'m' || ' officer', 'Juba', 5,
	    '${Y}-02-01', '${Y}-10-31') RETURNING id`, { p: plan, m: markup });
	return { plan, position };
}

// Assigns person to position from s to e, its warnings acknowledged.
function assign(position, person, s, e) {
	return sql1(`INSERT INTO assignments (position_id, application_id,
	    starts_on, ends_on, acknowledged) VALUES (:'p', :'a', :'s', :'e',
	    assignment_warnings_of(:'p', :'a', :'s', :'e')) RETURNING id`,
	{ p: position, a: person, s, e });
}

// GETs the plan's SVG as the reviewer, checks it with xmllint.  Returns
// its text.
async function svg(plan, lang = 'en') {
	const r = await reviewer.get(`/plans/${plan}/timeline.svg?lang=${lang}`);
	assert.equal(r.status, 200);
	assert.match(r.res.headers.get('content-type'), /^image\/svg\+xml/);
	const file = join(dir, `${plan}-${lang}.svg`);
	writeFileSync(file, r.body);
	execFileSync('xmllint', ['--noout', file]);
	return r.body;
}

// Days from date a to date b (YYYY-MM-DD).
const days = (a, b) => Math.round((Date.parse(b) - Date.parse(a)) / 86400000);

// The attributes of the elements <name ... class="cls..."> in text.
function elements(text, name, cls) {
	const re = new RegExp(`<${name} class="${cls}[^"]*"([^>]*)>`, 'g');
	return [...text.matchAll(re)].map((m) => Object.fromEntries(
	    [...m[1].matchAll(/ ([a-z0-9-]+)="([^"]*)"/g)].map((a) => [a[1],
		a[2]])));
}

test('a bar per assignment, at the x of its dates', async () => {
	const { plan, position } = makePlan();
	const people = await acceptedPeople(3);
	const dates = [[`${Y}-02-01`, `${Y}-04-30`], [`${Y}-03-15`,
	    `${Y}-06-30`], [`${Y}-05-01`, `${Y}-10-31`]];
	const ids = people.map((p, i) => assign(position, p, ...dates[i]));
	const text = await svg(plan);
	const [period] = elements(text, 'rect', 'tl-period');
	const x0 = Number(period.x), w = Number(period.width);
	const start = jstDate(-60), n = days(start, `${Y}-12-31`) + 1;
	const bars = elements(text, 'rect', 'tl-bar');
	assert.equal(bars.length, 3);
	assert.deepEqual(bars.map((b) => b['data-assignment']).sort(),
	    [...ids].sort());
	for (const [i, id] of ids.entries()) {
		const b = bars.find((x) => x['data-assignment'] === id);
		const from = days(start, dates[i][0]);
		const to = days(start, dates[i][1]) + 1;
		assert.ok(Math.abs(Number(b.x) - (x0 + from * w / n)) < 0.06,
		    `bar ${i} x ${b.x}`);
		assert.ok(Math.abs(Number(b.width) - (to - from) * w / n) < 0.1,
		    `bar ${i} width ${b.width}`);
	}
	// The first two overlap: lanes of their own; the third follows the
	// first in its lane.
	const y = (id) => bars.find((x) => x['data-assignment'] === id).y;
	assert.notEqual(y(ids[0]), y(ids[1]));
	assert.equal(y(ids[0]), y(ids[2]));
	const [today] = elements(text, 'line', 'tl-today');
	assert.ok(Math.abs(Number(today.x1) - (x0 + 60 * w / n)) < 0.06);
});

test('markup typed into titles comes back escaped', async () => {
	const { plan } = makePlan();
	for (const lang of ['ja', 'en']) {
		const text = await svg(plan, lang);
		assert.doesNotMatch(text, /<script/);
		assert.match(text, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;q&quot; &#39;a&#39;/);
		assert.match(text, lang === 'en' ? / plan<\/title>/
		    : / 計画<\/title>/);
		assert.match(text, lang === 'en' ? / officer/ : / 要員/);
	}
});

test('a lapse draws a suspension band from today', async () => {
	const { plan } = makePlan();
	assert.equal(elements(await svg(plan), 'rect', 'tl-suspension').length,
	    0);
	sqlRows(`UPDATE plan_principles SET satisfied = false
	    WHERE plan_id = :'p' AND principle = 2`, { p: plan });
	const text = await svg(plan);
	const bands = elements(text, 'rect', 'tl-suspension');
	assert.equal(bands.length, 1);
	const [period] = elements(text, 'rect', 'tl-period');
	const n = days(jstDate(-60), `${Y}-12-31`) + 1;
	assert.ok(Math.abs(Number(bands[0].x) - (Number(period.x) +
	    60 * Number(period.width) / n)) < 0.06);
	assert.match(text, new RegExp(`Suspended: ${jstDate()} – ${jstDate()}`));
});

test('reviewers and admins only; no such plan is 404', async () => {
	const { plan } = makePlan();
	const anon = await request(`/plans/${plan}/timeline.svg`,
	    { redirect: 'manual' });
	assert.notEqual(anon.status, 200);
	const liaison = await staffClient('ministry', { ministry: 'MOFA' });
	assert.equal((await liaison.get(`/plans/${plan}/timeline.svg`)).status,
	    403);
	const admin = await staffClient('admin');
	assert.equal((await admin.get(`/plans/${plan}/timeline.svg`)).status,
	    200);
	assert.equal((await reviewer.get('/plans/999999999/timeline.svg'))
	    .status, 404);
	assert.equal((await reviewer.get('/plans/01/timeline.svg')).status,
	    404);
});

test('the plan page shows the timeline inline, escaped, with its table',
    async () => {
	const { plan } = makePlan();
	const page = await reviewer.get(`/plans/${plan}`);
	assert.equal(page.status, 200);
	const inline = page.body.match(/<svg [^>]*class="timeline"[\s\S]*?<\/svg>/);
	assert.ok(inline, 'an <svg> in the page');
	assert.doesNotMatch(page.body, /<script>alert/);
	assert.match(inline[0], /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
	// The table alternative lists the same assignments as the bars.
	const bars = [...inline[0].matchAll(/<rect class="tl-bar /g)].length;
	const table = page.body.match(/<table class="data" id="timeline-table">[\s\S]*?<\/table>/);
	assert.ok(table, 'the table alternative');
	const rows = [...table[0].matchAll(/<tr><th scope="row">[^<]*<\/th><td>(?!.*colspan)/g)].length;
	assert.equal(rows, bars);
});

// The candidates' order (issue 15): the position page's candidates
// against a reference query that ranks every candidate in plain SQL, the
// definition written out once more (courses valid on the start date,
// fields of expertise shared, earliest start, id), for position shapes
// that take each path of the page's statement: the seed's kind, a course
// few or nobody holds, two and three fields (whose tiers sharing two or
// three are rare: read by fields), three courses, two languages, and the
// source and ministry filters.  The people and the
// position lie in 2001, before anybody else's earliest start, so that
// they are the only candidates.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { sql1, sqlRows } from './lib.mjs';
import { staffClient } from './staff.mjs';
import { acceptedPeople, makeCourse } from './training.mjs';

const reviewer = await staffClient('reviewer');

// Every candidate of position pos passing the filters, best first.
const REFERENCE = `
WITH q AS (SELECT p.id, p.starts_on, p.ends_on, p.expertise, p.languages,
    ARRAY(SELECT course_id FROM position_courses
	WHERE position_id = p.id) AS courses
    FROM positions p WHERE p.id = :'pos'),
lv(levels) AS (SELECT ARRAY['basic', 'working', 'fluent', 'native'])
SELECT a.id FROM applications a, q, lv
WHERE a.status = 'accepted' AND a.earliest_start <= q.starts_on
AND q.ends_on < (q.starts_on + make_interval(months => a.max_months))::date
AND (q.expertise = '{}' OR a.expertise && q.expertise)
AND NOT EXISTS (SELECT FROM unnest(q.languages) need WHERE NOT EXISTS (
    SELECT FROM unnest(a.languages) has
    WHERE split_part(has, ':', 1) = split_part(need, ':', 1)
    AND array_position(lv.levels, split_part(has, ':', 2)) >=
	array_position(lv.levels, split_part(need, ':', 2))))
AND (:'source' = '' OR a.source = :'source')
AND (:'ministry' = '' OR a.ministry = :'ministry')
AND NOT EXISTS (SELECT FROM assignments x WHERE x.application_id = a.id
    AND x.status IN ('proposed', 'confirmed', 'dispatched')
    AND x.starts_on <= q.ends_on AND x.ends_on >= q.starts_on)
ORDER BY (SELECT count(*) FROM unnest(q.courses) c WHERE EXISTS (
    SELECT FROM certificates ce WHERE ce.application_id = a.id
    AND ce.course_id = c AND ce.completed_on <= q.starts_on
    AND (ce.valid_until IS NULL OR ce.valid_until >= q.starts_on))) DESC,
(SELECT count(*) FROM unnest(a.expertise) e WHERE e = ANY (q.expertise)) DESC,
a.earliest_start, a.id`;

const FIELDS = ['election', 'medical', 'logistics', 'legal'];
const LEVELS = ['basic', 'working', 'fluent', 'native'];

// n accepted people of 2000 with mixed fields, languages, starts (ties
// among them), longest periods, sources, certificates of courses c1
// (held by a third, a fifth of them expired) and c2 (a fifth).  Returns
// their ids.
async function people(n, c1, c2) {
	const ids = await acceptedPeople(n);
	ids.forEach((id, i) => {
		const fields = FIELDS.filter((f, k) => ((i * 7 + 3) >> k) % 2 === 1 ||
		    (k === 0 && i % 5 === 0));
		const langs = [`en:${LEVELS[i % 4]}`];
		if (i % 3 !== 1)
			langs.push(`fr:${LEVELS[(i >> 1) % 4]}`);
		const seconded = i % 4 === 1;
		sqlRows(`UPDATE applications SET expertise = :'x', languages = :'l',
		    language_other = NULL, earliest_start = :'s', max_months = :'m',
		    source = :'src', ministry = nullif(:'min', '')
		    WHERE id = :'id'`, { id, x: `{${fields.join(',')}}`,
		    l: `{${langs.join(',')}}`, s: `2000-0${1 + (i * 5) % 6}-01`,
		    m: i % 9 === 4 ? '3' : '12',
		    src: seconded ? 'seconded' : 'public',
		    min: seconded ? (i % 8 === 1 ? 'MOFA' : 'MOD') : '' });
		const certify = (course, day) => sqlRows(`INSERT INTO certificates
		    (application_id, course_id, completed_on, validity_months)
		    VALUES (:'a', :'c', :'d', 12)`, { a: id, c: course, d: day });
		if (i % 3 === 0)
			certify(c1, i % 5 !== 0 ? '2000-09-01' : '1999-06-01');
		if (i % 5 === 1)
			certify(c2, '2000-10-01');
	});
	return ids;
}

// An approved plan of 2001, its principles satisfied.  Returns its id.
function plan2001() {
	const plan = sql1(`INSERT INTO plans (title_ja, title_en, operation,
	    country, basis, basis_detail, cabinet_decision_on, starts_on,
	    ends_on) VALUES ('東ティモール派遣', 'Timor-Leste mission', 'pko',
	    'TL', 'unsc_resolution', 'S/RES/1272 (1999)', '2000-11-01',
	    '2001-01-01', '2001-12-31') RETURNING id`);
	sqlRows(`INSERT INTO plan_principles (plan_id, principle, satisfied,
	    confirmed_on) SELECT :'p', k, true, '2000-12-01'
	    FROM generate_series(1, 5) k`, { p: plan });
	sqlRows(`UPDATE plans SET status = 'approved' WHERE id = :'p'`,
	    { p: plan });
	return plan;
}

// A position of plan from March to May 2001 asking for fields,
// languages and courses.  Returns its id.
function position(plan, fields, languages, courses) {
	const pos = sql1(`INSERT INTO positions (plan_id, title_ja, title_en,
	    duty_station, headcount, starts_on, ends_on, expertise, languages)
	    VALUES (:'p', '要員', 'Officer', 'Dili', 5, '2001-03-01',
	    '2001-05-31', :'x', :'l') RETURNING id`, { p: plan,
	    x: `{${fields.join(',')}}`, l: `{${languages.join(',')}}` });
	for (const c of courses)
		sqlRows(`INSERT INTO position_courses VALUES (:'p', :'c')`,
		    { p: pos, c });
	return pos;
}

// The candidates' ids on the page of position pos (query: its filters
// and page).
async function shown(pos, query = '') {
	const r = await reviewer.get(`/positions/${pos}${query}`);
	assert.equal(r.status, 200);
	return [...r.body.matchAll(/<tr id="candidate-(\d+)">/g)]
	    .map((m) => m[1]);
}

test('the candidates come in the order of the reference ranking for every shape of position', async () => {
	const c1 = makeCourse();
	const c2 = makeCourse();
	const nobody = makeCourse();
	const ids = await people(120, c1, c2);
	const plan = plan2001();
	// Two people (one seconded from MOFA) have an open assignment over
	// the period: no candidates.
	const other = position(plan, [], [], []);
	for (const a of [ids[6], ids[9]])
		sqlRows(`INSERT INTO assignments (position_id, application_id,
		    starts_on, ends_on) VALUES (:'o', :'a', '2001-04-01',
		    '2001-04-30')`, { o: other, a });
	const shapes = [
		[['election'], ['en:working'], []],
		[['medical'], ['en:working'], [c1]],
		[['medical', 'logistics'], [], []],
		[['election'], ['en:working'], [nobody]],
		[['medical', 'logistics', 'legal'], ['en:working', 'fr:basic'],
		    [c1, c2]],
		[['election', 'medical', 'legal'], [], [c1, c2, nobody]],
		[['election', 'medical', 'legal'], [], []],
		[[], [], [c2]],
		[[], ['fr:fluent'], [nobody]],
	];
	const positions = shapes.map(([fields, languages, courses]) =>
		[position(plan, fields, languages, courses),
		    `${fields} ${languages} ${courses.length} courses`]);
	const compare = async (when) => {
		for (const [pos, what] of positions) {
			for (const [source, ministry] of [['', ''],
			    ['seconded', ''], ['', 'MOFA']]) {
				const want = sqlRows(REFERENCE,
				    { pos, source, ministry }).map((r) => r[0]);
				assert.ok(want.length > 0 || source || ministry,
				    `${what}: somebody qualifies`);
				const query = `?source=${source}&ministry=${ministry}`;
				assert.deepEqual(await shown(pos, query),
				    want.slice(0, 50),
				    `${what} ${source} ${ministry} ${when}`);
				if (want.length > 50)
					assert.deepEqual(await shown(pos,
					    `${query}&page=2`), want.slice(50, 100),
					`${what}: page 2 ${when}`);
			}
		}
	};
	await compare('few certificates');
	// 12,800 more certificates of c1 (the holders' own, again):
	// the statement then walks the tiers of c1's positions instead of
	// hashing c1's holders.  The ranking must not change.
	sqlRows(`INSERT INTO certificates (application_id, course_id,
	    completed_on, validity_months) SELECT a, :'c', '2000-09-01', 12
	    FROM unnest(:'ids'::bigint[]) a, generate_series(1, 400)`,
	{ c: c1, ids: `{${ids.filter((id, i) => i % 3 === 0 && i % 5 !== 0)
	    .join(',')}}` });
	await compare('many certificates');
});

// The reviewer's list of applications: filters, free text insensitive to
// width and kana, keyset pages, the bulk move to screening, the CSV
// export and who may use them.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { holdTable, jstDate, randomKana, request, sql1, sqlObject, sqlRows,
    submitValid, tag, validFields } from './lib.mjs';
import { Client, corpsAdmin, corpsAdminAsync, staffClient } from './staff.mjs';

const LIST = '/review/applications';

// The ids of the rows a list page shows, in order.
function listedIds(html) {
	return [...html.matchAll(/<input type="checkbox" name="id" value="(\d+)"/g)]
	    .map((m) => m[1]);
}

// The href of a pager link (rel prev or next), decoded, or null.
function pagerLink(html, rel) {
	const m = new RegExp(`<a href="([^"]+)" rel="${rel}">`).exec(html);
	return m === null ? null : m[1].replace(/&amp;/g, '&');
}

// A unique romaji word (letters only) to find one test's applications.
function romajiTag() {
	return `Q${tag().replace(/[0-9]/g, (d) => 'ABCDEFGHIJ'[d])}`.toUpperCase();
}

// Submits an application whose given romaji is word, with overrides.
async function submitTagged(word, overrides = {}) {
	return submitValid(validFields({ given_romaji: word, ...overrides }));
}

const reviewer = await staffClient('reviewer');

test('each filter returns the right rows', async () => {
	const word = romajiTag();
	const a = await submitTagged(word, { prefecture: '47',
	    operations: ['icops'], expertise: ['legal'], lang_en: undefined,
	    lang_fr: undefined, lang_ar: 'working' });
	const b = await submitTagged(word, { prefecture: '1',
	    operations: ['pko'], expertise: ['medical'] });
	sqlRows(`UPDATE applications SET source = 'seconded', ministry = 'MOFA',
	    created_at = now() - interval '40 days' WHERE id = :'id'`,
	{ id: b.id });
	const only = async (query, want) => {
		const r = await reviewer.get(`${LIST}?q=${word}&${query}`);
		assert.equal(r.status, 200, query);
		assert.deepEqual(listedIds(r.body).sort(), want.sort(), query);
	};
	await only('', [a.id, b.id]);
	await only('prefecture=47', [a.id]);
	await only('operation=pko', [b.id]);
	await only('expertise=legal', [a.id]);
	await only('language=ar', [a.id]);
	await only('language=en', [b.id]);
	await only('source=seconded', [b.id]);
	await only('source=public', [a.id]);
	await only('ministry=MOFA', [b.id]);
	await only('ministry=MOD', []);
	await only('status=submitted', [a.id, b.id]);
	await only('status=screening', []);
	await only(`submitted_from=${jstDate(-1)}`, [a.id]);
	await only(`submitted_to=${jstDate(-39)}&submitted_from=${jstDate(-41)}`,
	    [b.id]);
	await only(`submitted_to=${jstDate(-1)}`, [b.id]);
	const r = await reviewer.get(`${LIST}?q=${word}&status=submitted`);
	assert.match(r.body, new RegExp(`<a href="${LIST}/${a.id}">${a.reference}</a>`));
	// The filter is kept in the form and in the page's links.
	assert.match(r.body, /<option value="submitted" selected>/);
	assert.match(r.body, new RegExp(`href="${LIST}\\.csv\\?status=submitted&amp;q=${word}"`));
	// The language switch keeps the filter too (and replaces any lang).
	assert.match(r.body, new RegExp(
	    `<a href="${LIST}\\?q=${word}&amp;status=submitted&amp;lang=en" lang="en"`));
	const en = await reviewer.get(`${LIST}?lang=en&q=${word}`);
	assert.match(en.body, new RegExp(
	    `<a href="${LIST}\\?q=${word}&amp;lang=ja" lang="ja"`));
	await reviewer.get(`${LIST}?lang=ja`);
});

test('free text ignores width, kana script and case', async () => {
	const kana = randomKana(7);
	const hira = [...kana].map((c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
	    .join('');
	const word = romajiTag();
	const kanji = `試験${tag().slice(0, 4)}`;
	const email = `taro.${word.toLowerCase()}@example.jp`;
	const a = await submitTagged(word, { family_kana: kana,
	    given_kanji: `${kanji}さくら`, given_kana: 'サクラ', email });
	const find = async (q) => {
		const r = await reviewer.get(`${LIST}?q=${encodeURIComponent(q)}`);
		assert.equal(r.status, 200, q);
		return listedIds(r.body);
	};
	for (const q of [kana, hira, word.toLowerCase(),
	    // Full-width letters, as a Japanese IME types them.
	    [...word].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xFEE0))
		.join(''),
	    a.reference, a.reference.slice(8).toLowerCase(), email,
	    `${kanji}サクラ`, `${kanji}ｻｸﾗ`, `${word} ${kana}`])
		assert.deepEqual(await find(q), [a.id], q);
	assert.deepEqual(await find(`${word} ${kana}X`), []);
	// An e-mail address or a reference with words of the names, in
	// either order; every word must match.
	for (const q of [`${email} ${kana}`, `${kana} ${email}`,
	    `${a.reference} ${word}`, `${word} ${a.reference.slice(8)}`,
	    `${email} ${a.reference}`])
		assert.deepEqual(await find(q), [a.id], q);
	for (const q of [`${email} ${kana}X`, `${a.reference} ${word}X`,
	    `${email} x${email}`])
		assert.deepEqual(await find(q), [], q);
	// Short words match at the start of a word: "サク" finds さくら.
	assert.ok((await find(`${word} さく`)).includes(a.id));
});

// Makes count applications whose given romaji is a new word (the first
// submitted, the rest made in SQL with distinct times and katakana
// names) and returns the word.
async function taggedRows(count) {
	const word = romajiTag();
	const first = await submitTagged(word);
	sqlRows(`INSERT INTO applications (reference, form_token_hash,
	    status_token_hash, lang, family_kanji, given_kanji, family_kana,
	    given_kana, family_romaji, given_romaji, birth_date,
	    japanese_national, email, phone, postcode, prefecture, address,
	    earliest_start, max_months, emergency_name, emergency_relation,
	    emergency_phone, privacy_version, declaration, email_key, kana_key,
	    operations, created_at, search_key)
	    SELECT ref, sha256(convert_to(random()::text, 'UTF8')),
	    sha256(convert_to(random()::text, 'UTF8')), 'ja', '頁', '送',
	    'ページ', kana, 'PAGE', :'w', '1980-01-01', true, mail,
	    '0312345678', '1000001', 13, '千代田', '2030-01-01', 12, '頁',
	    '父', '0312345678', '2026-04', true, 'x', 'x', '{pko}',
	    now() - g * interval '1 minute', corps_search_key('頁', '送', 'ページ',
	    kana, 'PAGE', :'w')
	    FROM (SELECT g, 'PC-2026-' || upper(substr(md5(random()::text), 1,
	    8)) AS ref, chr(12449 + g / 90) || chr(12449 + g % 90) AS kana,
	    'p' || g || '.' || lower(:'w') || '@example.jp' AS mail
	    FROM generate_series(1, :'n' - 1) g) s`, { w: word, n: count });
	const all = sqlRows(`SELECT id FROM applications WHERE given_romaji = :'w'
	    ORDER BY created_at DESC, id DESC`, { w: word }).map((r) => r[0]);
	assert.equal(all.length, count);
	assert.equal(all[0], first.id);
	return word;
}

// Checks the first two pages of q in every sort order, forward and back.
async function checkPages(word, q) {
	const order = (o) => sqlRows(`SELECT id FROM applications
	    WHERE given_romaji = :'w' ORDER BY ${o}`, { w: word })
	    .map((r) => r[0]);
	for (const [sort, want] of [
	    ['newest', order('created_at DESC, id DESC')],
	    ['oldest', order('created_at, id')],
	    ['kana', order('family_kana, given_kana, id')]]) {
		const what = `${q} ${sort}`;
		const p1 = await reviewer.get(`${LIST}?q=${q}&sort=${sort}`);
		assert.deepEqual(listedIds(p1.body), want.slice(0, 50), what);
		assert.equal(pagerLink(p1.body, 'prev'), null);
		const next = pagerLink(p1.body, 'next');
		assert.ok(next.includes(`after=${want[49]}`), next);
		assert.ok(next.includes(`sort=${sort}`), next);
		const p2 = await reviewer.get(next);
		assert.deepEqual(listedIds(p2.body), want.slice(50, 100), what);
		assert.equal(pagerLink(p2.body, 'next') === null,
		    want.length <= 100, what);
		const back = await reviewer.get(pagerLink(p2.body, 'prev'));
		assert.deepEqual(listedIds(back.body), want.slice(0, 50), what);
	}
}

test('keyset pages cross a page boundary in every sort order', async () => {
	const word = await taggedRows(55);
	// One word, and two (their own statements: the matches are sorted).
	for (const q of [word, `${word}+${word.toLowerCase()}`])
		await checkPages(word, q);
	// Counts per status cover the whole filter, not one page.
	const p1 = await reviewer.get(`${LIST}?q=${word}`);
	assert.match(p1.body, /受付済み <span class="count">55<\/span>/);
	assert.doesNotMatch(p1.body, /OFFSET/);
});

test('keyset pages beyond 1,000 matches (the page read on its own)',
    async () => {
	const word = await taggedRows(1050);
	sqlRows('ANALYZE applications');
	for (const q of [word, `${word}+${word.toLowerCase()}`])
		await checkPages(word, q);
	const counts = tabCounts((await reviewer.get(`${LIST}?q=${word}`)).body);
	assert.match(counts[0], /^約/);
});

test('invalid filter values get a message, not a 500', async () => {
	for (const q of ['status=lost', 'prefecture=48', 'submitted_from=2026-02-30',
	    'sort=random', 'ministry=XYZ', `q=${'a '.repeat(5)}`,
	    'submitted_from=2026-05-02&submitted_to=2026-05-01']) {
		const r = await reviewer.get(`${LIST}?${q}`);
		assert.equal(r.status, 400, q);
		assert.match(r.body, /class="error-summary"/, q);
	}
	for (const q of ['after=abc', 'after=1&before=2', 'after=0']) {
		const r = await reviewer.get(`${LIST}?${q}`);
		assert.equal(r.status, 400, q);
		assert.match(r.body, /ページの指定が正しくありません/, q);
	}
	const csv = await reviewer.get(`${LIST}.csv?status=lost`);
	assert.equal(csv.status, 400);
});

test('bulk move to screening writes history and audit, skips others',
    async () => {
	const word = romajiTag();
	const a = await submitTagged(word);
	const b = await submitTagged(word);
	const c = await submitTagged(word);
	sqlRows(`UPDATE applications SET status = 'withdrawn' WHERE id = :'id'`,
	    { id: c.id });
	const page = await reviewer.get(`${LIST}?q=${word}&sort=oldest`);
	assert.equal(page.status, 200);
	const r = await reviewer.post(`${LIST}/screening`, [['id', a.id],
	    ['id', b.id], ['id', c.id], ['q', word], ['sort', 'oldest']]);
	assert.equal(r.status, 303);
	assert.equal(r.location,
	    `${LIST}?q=${word}&sort=oldest&moved=2&skipped=1`);
	const after = await reviewer.get(r.location);
	assert.match(after.body, /2件を選考中にしました。/);
	assert.match(after.body, /1件は受付済みではないため/);
	const rows = sqlRows(`SELECT id, status, version FROM applications
	    WHERE given_romaji = :'w' ORDER BY id`, { w: word });
	assert.deepEqual(rows, [[a.id, 'screening', '2'],
	    [b.id, 'screening', '2'], [c.id, 'withdrawn', '1']]);
	const acct = sql1(`SELECT id FROM staff_accounts WHERE login = :'l'`,
	    { l: reviewer.account.login });
	for (const app of [a, b]) {
		assert.deepEqual(sqlRows(`SELECT from_status, to_status,
		    account_id, actor FROM application_history WHERE
		    application_id = :'id' AND to_status = 'screening'`,
		{ id: app.id }), [['submitted', 'screening', acct,
		    reviewer.account.login]]);
		assert.deepEqual(sqlRows(`SELECT account_id, before::text,
		    after::text FROM audit_log WHERE action =
		    'application.status' AND object_type = 'application' AND
		    object_id = :'id'`, { id: app.id }),
		[[acct, '{"status": "submitted", "version": 1}',
		    '{"status": "screening", "version": 2}']]);
	}
	assert.equal(sql1(`SELECT count(*) FROM audit_log WHERE object_id =
	    :'id'`, { id: c.id }), '0');
	// Moving them again moves nothing.
	const again = await reviewer.post(`${LIST}/screening`, [['id', a.id]]);
	assert.equal(again.location, `${LIST}?moved=0&skipped=1`);
	const bad = await reviewer.post(`${LIST}/screening`, [['id', 'x']]);
	assert.equal(bad.status, 400);
});

// Splits CSV text (RFC 4180) into records of cells.
function parseCsv(text) {
	const rows = [];
	let row = [], cell = '', i = 0, quoted = false;
	while (i < text.length) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				cell += '"';
				i += 2;
				continue;
			}
			if (ch === '"')
				quoted = false;
			else
				cell += ch;
			i++;
		} else if (ch === '"') {
			quoted = true;
			i++;
		} else if (ch === ',') {
			row.push(cell);
			cell = '';
			i++;
		} else if (ch === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i += 2;
		} else {
			assert.notEqual(ch, '\n', 'a bare LF outside quotes');
			cell += ch;
			i++;
		}
	}
	assert.equal(cell + row.join(''), '', 'the file ends with CRLF');
	return rows;
}

test('CSV export: BOM, CRLF, quoting, neutralised cells, audit', async () => {
	const word = romajiTag();
	const a = await submitTagged(word, { address: '=1+1',
	    given_kanji: '@花子', family_kanji: '山田,"株"' });
	const r = await request(`${LIST}.csv?q=${word}`,
	    { headers: { cookie: reviewer.cookieHeader() } });
	assert.equal(r.status, 200);
	assert.equal(r.headers.get('content-type'), 'text/csv; charset=utf-8');
	const today = jstDate(0).replace(/-/g, '');
	assert.equal(r.headers.get('content-disposition'),
	    `attachment; filename="applications-${today}.csv"`);
	const bytes = Buffer.from(await r.arrayBuffer());
	assert.deepEqual([...bytes.subarray(0, 3)], [0xEF, 0xBB, 0xBF]);
	const text = bytes.subarray(3).toString('utf8');
	assert.ok(text.includes('"山田,""株"""'), text);
	assert.ok(text.includes(",'=1+1,"), text);
	assert.ok(text.includes(",'@花子,"), text);
	const rows = parseCsv(text);
	assert.equal(rows.length, 2);
	assert.equal(rows[0][0], 'reference');
	assert.equal(rows[1][0], a.reference);
	assert.equal(rows[1][rows[0].indexOf('prefecture')], '東京都');
	for (const cell of rows[1])
		assert.doesNotMatch(cell, /^[=+\-@\t\r]/);
	const audit = sqlRows(`SELECT after->'filter'->>'q', after->>'rows'
	    FROM audit_log WHERE action = 'application.export' AND
	    after->'filter'->>'q' = :'w'`, { w: word });
	assert.deepEqual(audit, [[word, '1']]);
});

test('only reviewers: ministry and admin get 403, no session goes to login',
    async () => {
	for (const role of ['admin', 'ministry']) {
		const c = await staffClient(role,
		    role === 'ministry' ? { ministry: 'MOFA' } : {});
		for (const path of [LIST, `${LIST}.csv`])
			assert.equal((await c.get(path)).status, 403, `${role} ${path}`);
		const p = await c.post(`${LIST}/screening`, [['id', '1'],
		    ['csrf', 'x']], { csrf: false });
		assert.equal(p.status, 403, role);
	}
	const anon = new Client();
	const r = await anon.get(`${LIST}?status=submitted`);
	assert.equal(r.status, 303);
	assert.equal(r.location,
	    `/login?next=${encodeURIComponent(`${LIST}?status=submitted`)}`);
	assert.equal((await anon.get(`${LIST}.csv`)).status, 303);
	const nocsrf = await reviewer.post(`${LIST}/screening`, [['id', '1']],
	    { csrf: false });
	assert.equal(nocsrf.status, 403);
});

// The counts in the status tabs, "all" first.
function tabCounts(html) {
	return [...html.matchAll(/<span class="count">([^<]*)<\/span>/g)]
	    .map((m) => m[1]);
}

test('beyond 1,000 matches the counts are estimates, marked as such', async (t) => {
	const maxId = sql1('SELECT coalesce(max(id), 0) FROM applications');
	t.after(() => sqlRows(`DELETE FROM applications WHERE id > :'m'`,
	    { m: maxId }));
	assert.equal(corpsAdmin(['seed-demo', '--applications', '1200']).status,
	    0);
	sqlRows('ANALYZE applications');
	const counts = tabCounts((await reviewer.get(LIST)).body);
	assert.equal(counts.length, 6, 'all and the five statuses');
	// About N, to two significant digits.
	for (const c of counts)
		assert.match(c, /^約[1-9][0-9]?0*$/);
	const real = Number(sql1('SELECT count(*) FROM applications'));
	const about = Number(counts[0].slice(1));
	assert.ok(about > real * 0.7 && about < real * 1.3,
	    `about ${about} of ${real}`);
	// Each status's tab too, in the tabs' order.
	const statuses = ['submitted', 'screening', 'accepted', 'rejected',
	    'withdrawn'];
	for (const [i, st] of statuses.entries()) {
		const n = Number(sql1(`SELECT count(*) FROM applications
		    WHERE status = :'s'`, { s: st }));
		const shown = Number(counts[i + 1].slice(1));
		assert.ok(shown > n * 0.7 && shown < n * 1.3,
		    `${st}: about ${shown} of ${n}`);
	}
	assert.match((await reviewer.get(`${LIST}?lang=en`)).body,
	    /<span class="count">about [1-9][0-9]?0*<\/span>/);
	await reviewer.get(`${LIST}?lang=ja`);
	// The first 1,001 matches were read for counting; the page is still
	// the first in its order over all of them.
	const newest = sqlRows(`SELECT id FROM applications
	    ORDER BY created_at DESC, id DESC LIMIT 50`).map((r) => r[0]);
	assert.deepEqual(listedIds((await reviewer.get(LIST)).body), newest);
	const kana = sqlRows(`SELECT id FROM applications
	    ORDER BY family_kana, given_kana, id LIMIT 50`).map((r) => r[0]);
	assert.deepEqual(listedIds((await reviewer.get(`${LIST}?sort=kana`))
	    .body), kana);
	// A filter that matches few is counted exactly.
	const word = romajiTag();
	await submitTagged(word);
	await submitTagged(word);
	assert.deepEqual(tabCounts((await reviewer.get(`${LIST}?q=${word}`))
	    .body), ['2', '2', '0', '0', '0', '0']);
});

test('a large ministry\'s counts are estimated from its own rows',
    async (t) => {
	const maxId = sql1('SELECT coalesce(max(id), 0) FROM applications');
	t.after(() => sqlRows(`DELETE FROM applications WHERE id > :'m'`,
	    { m: maxId }));
	assert.equal(corpsAdmin(['seed-demo', '--applications', '6000']).status,
	    0);
	// 2,500 of them nominated by one ministry: taken for independent, its
	// filter and "seconded" would be expected to match half as many.
	sqlRows(`UPDATE applications SET source = 'seconded', ministry = 'MOFA'
	    WHERE id IN (SELECT id FROM applications WHERE id > :'m'
	    AND source = 'public' LIMIT 2500)`, { m: maxId });
	sqlRows('ANALYZE applications');
	const real = Number(sql1(`SELECT count(*) FROM applications
	    WHERE ministry = 'MOFA'`));
	const counts = tabCounts((await reviewer.get(
	    `${LIST}?source=seconded&ministry=MOFA`)).body);
	assert.match(counts[0], /^約/);
	const about = Number(counts[0].slice(1));
	assert.ok(about > real * 0.7 && about < real * 1.3,
	    `about ${about} of ${real}`);
});

// The statuses of the rows a list page shows: {status: rows}.
function shownStatuses(html) {
	const ids = listedIds(html);
	return Object.fromEntries(sqlRows(`SELECT status, count(*) FROM
	    applications WHERE id = ANY(:'ids'::bigint[]) GROUP BY 1`,
	{ ids: `{${ids.join(',')}}` }).map(([s, n]) => [s, Number(n)]));
}

test('without statistics no count is below the rows the page shows',
    async (t) => {
	const maxId = sql1('SELECT coalesce(max(id), 0) FROM applications');
	sqlRows('ALTER TABLE applications SET (autovacuum_enabled = off)');
	t.after(() => {
		sqlRows(`DELETE FROM applications WHERE id > :'m'`,
		    { m: maxId });
		sqlRows('ALTER TABLE applications RESET (autovacuum_enabled)');
		sqlRows('ANALYZE applications');
	});
	assert.equal(corpsAdmin(['seed-demo', '--applications', '3000']).status,
	    0);
	// As right after a bulk load that no ANALYZE has seen yet.
	sqlRows(`DELETE FROM pg_statistic
	    WHERE starelid = 'applications'::regclass`);
	const statuses = ['submitted', 'screening', 'accepted', 'rejected',
	    'withdrawn'];
	for (const query of ['', '?sort=kana', '?status=withdrawn',
	    '?status=submitted&sort=oldest']) {
		const page = await reviewer.get(`${LIST}${query}`);
		assert.equal(page.status, 200, query);
		const counts = tabCounts(page.body)
		    .map((c) => Number(c.replace(/^約/, '')));
		const shown = shownStatuses(page.body);
		assert.ok(listedIds(page.body).length === 50, query);
		assert.ok(counts[0] >= 50, `${query}: all ${counts[0]}`);
		for (const [i, st] of statuses.entries())
			assert.ok(counts[i + 1] >= (shown[st] ?? 0),
			    `${query}: ${st} ${counts[i + 1]} < ${shown[st]} shown`);
	}
});

test('with statistics that name one status no count is below the rows the page shows',
    async (t) => {
	const maxId = sql1('SELECT coalesce(max(id), 0) FROM applications');
	sqlRows('ALTER TABLE applications SET (autovacuum_enabled = off)');
	// The statistics' most common values: at most one status.
	sqlRows('ALTER TABLE applications ALTER COLUMN status SET STATISTICS 1');
	t.after(() => {
		sqlRows(`DELETE FROM applications WHERE id > :'m'`,
		    { m: maxId });
		sqlRows('ALTER TABLE applications ALTER COLUMN status ' +
		    'SET STATISTICS -1');
		sqlRows('ALTER TABLE applications RESET (autovacuum_enabled)');
		sqlRows('ANALYZE applications');
	});
	assert.equal(corpsAdmin(['seed-demo', '--applications', '3000']).status,
	    0);
	assert.ok(Number(sql1(`SELECT coalesce(cardinality(
	    most_common_vals::text::text[]), 0) FROM pg_stats
	    WHERE tablename = 'applications' AND attname = 'status'`)) <= 1);
	const statuses = ['submitted', 'screening', 'accepted', 'rejected',
	    'withdrawn'];
	let checked = 0;
	for (const st of statuses) {
		const page = await reviewer.get(`${LIST}?status=${st}`);
		assert.equal(page.status, 200, st);
		const counts = tabCounts(page.body);
		assert.match(counts[0], /^約/, `${st}: estimated`);
		const shown = shownStatuses(page.body)[st] ?? 0;
		const n = Number(counts[statuses.indexOf(st) + 1]
		    .replace(/^約/, ''));
		assert.ok(n >= shown, `${st}: ${n} < ${shown} shown`);
		checked += shown > 0 ? 1 : 0;
	}
	assert.ok(checked >= 4, 'most statuses have rows on their page');
});

test('seed-demo leaves the applications vacuumed and analysed', (t) => {
	const maxId = sql1('SELECT coalesce(max(id), 0) FROM applications');
	t.after(() => sqlRows(`DELETE FROM applications WHERE id > :'m'`,
	    { m: maxId }));
	// Only a vacuum and an analysis of seed-demo's own count here, not
	// the automatic ones.
	const runs = () => sqlObject(`SELECT vacuum_count AS v,
	    analyze_count AS a FROM pg_stat_user_tables
	    WHERE relid = 'applications'::regclass`);
	const before = runs();
	assert.equal(corpsAdmin(['seed-demo', '--applications', '200']).status,
	    0);
	const after = runs();
	assert.equal(after.v, before.v + 1, 'vacuumed');
	assert.equal(after.a, before.a + 1, 'analysed');
	// The statistics know the new rows: every status has its share.
	assert.equal(sql1(`SELECT cardinality(most_common_vals::text::text[])
	    FROM pg_stats WHERE tablename = 'applications'
	    AND attname = 'status'`), '5');
});

test('seed-demo adds matching demo applications with history', (t) => {
	const before = Number(sql1('SELECT count(*) FROM applications'));
	const maxId = sql1('SELECT coalesce(max(id), 0) FROM applications');
	// The stack is shared: demo rows over 30 weeks would fill other
	// tests' empty weeks.
	t.after(() => sqlRows(`DELETE FROM applications WHERE id > :'m'`,
	    { m: maxId }));
	const r = corpsAdmin(['seed-demo', '--applications', '300']);
	assert.equal(r.status, 0, r.stderr);
	assert.match(r.stdout, /seeded 300 demo applications/);
	assert.equal(Number(sql1('SELECT count(*) FROM applications')),
	    before + 300);
	const recent = `id > (SELECT max(id) - 300 FROM applications)`;
	// Every application has a first history row, and its status is where
	// its history ends; rejections have a reason.
	assert.equal(sql1(`SELECT count(*) FROM applications a WHERE ${recent}
	    AND a.status <> (SELECT to_status FROM application_history h
	    WHERE h.application_id = a.id ORDER BY at DESC, id DESC LIMIT 1)`),
	'0');
	assert.equal(sql1(`SELECT count(DISTINCT status) FROM applications
	    WHERE ${recent}`), '5');
	assert.equal(sql1(`SELECT count(*) FROM applications WHERE ${recent}
	    AND (source = 'seconded') <> (ministry IS NOT NULL)`), '0');
	assert.ok(Number(sql1(`SELECT count(*) FROM applications WHERE
	    ${recent} AND source = 'seconded'`)) > 0);
	assert.equal(corpsAdmin(['seed-demo', '--applications', 'x']).status, 2);
});

test('two seed-demo runs at once each add all their applications',
    async (t) => {
	const maxId = sql1('SELECT coalesce(max(id), 0) FROM applications');
	t.after(() => sqlRows(`DELETE FROM applications WHERE id > :'m'`,
	    { m: maxId }));
	const before = Number(sql1('SELECT count(*) FROM applications'));
	// Both read the table before either commits: each waits on the
	// dashboard's events, held here, once it has inserted its rows.
	const held = await holdTable('application_count_events');
	const runs = await Promise.all([corpsAdminAsync(['seed-demo',
	    '--applications', '400']), corpsAdminAsync(['seed-demo',
	    '--applications', '400'])]);
	assert.equal(await held.done, 0);
	for (const r of runs) {
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /seeded 400 demo applications/);
	}
	assert.equal(Number(sql1('SELECT count(*) FROM applications')),
	    before + 800);
});

// One application in the reviewer workspace, through nginx: the detail
// page (every entered value, escaped, with catalog labels), the CV
// download, possible duplicates, the status history, internal notes,
// decisions on the state machine with optimistic concurrency, the audit
// rows of each, who may see it, and what the database itself refuses.
// Needs a running stack (see ./stack); STACK_DIR names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	errorSummary, fieldError, fixtures, get, holdApplication, holdLock,
	isChecked, randomKana,
	request, sql1, sqlObject, sqlRows, stack, statusOf, submitValid, tag,
	textareaValue, validFields,
} from './lib.mjs';
import { Client, sameOrigin, staffClient } from './staff.mjs';

const pdf = readFileSync(join(fixtures, 'tiny.pdf'));

// The statuses of include/status.h and the changes staff may make.
const STATUSES = ['submitted', 'screening', 'accepted', 'rejected',
    'withdrawn'];
const STAFF_MOVES = new Set(['submitted>screening', 'screening>accepted',
    'screening>rejected']);

const reviewer = await staffClient('reviewer');

// A valid application with unique furigana (so that its duplicates are
// only the ones a test makes) and overrides.  Returns submitValid's result.
function submit(overrides = {}, opts = {}) {
	return submitValid(validFields({ family_kana: randomKana(),
	    ...overrides }), opts);
}

// The detail page's path.
const page = (id) => `/review/applications/${id}`;

// The version the decision form of a page carries.
function formVersion(html) {
	const m = /<input type="hidden" name="version" value="(\d+)">/
	    .exec(html);
	assert.ok(m, 'the page has a decision form');
	return m[1];
}

// Opens the page and POSTs a decision with the version its form carries
// (a page without a form, for a final status, gives the stored version:
// the POST is then what a hand-made request would send).  Returns the
// response.
async function decide(c, id, to, reason = '', version = null) {
	const p = await c.get(page(id));
	assert.equal(p.status, 200);
	if (version === null)
		version = /name="version"/.test(p.body) ? formVersion(p.body)
		    : String(stored(id).version);
	return c.post(`${page(id)}/decision`, { to, reason, version });
}

// The application's status and version in the database.
function stored(id) {
	return sqlObject('SELECT status, version FROM applications ' +
	    'WHERE id = :\'id\'', { id });
}

// Audit rows of action on application id, oldest first.
function audits(id, action) {
	return sqlRows('SELECT login, coalesce(account_id::text, \'\'), ' +
	    'object_type, coalesce(before::text, \'\'), ' +
	    'coalesce(after::text, \'\') FROM audit_log WHERE action = ' +
	    ':\'action\' AND object_id = :\'id\' ORDER BY id', { id, action });
}

// The account id of a client's login.
function accountId(c) {
	return sql1('SELECT id FROM staff_accounts WHERE login = :\'l\'',
	    { l: c.account.login });
}

// The texts of the table with id, row by row, cell by cell (tags
// stripped, entities left as they are).
function tableRows(html, id) {
	const m = new RegExp(`<table class="data" id="${id}">` +
	    '[\\s\\S]*?<tbody>([\\s\\S]*?)</tbody>').exec(html);
	if (m === null)
		return [];
	return [...m[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
	    [...r[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)]
		.map((c) => c[1].replace(/<[^>]+>/g, ' ').trim()
		.replace(/\s+/g, ' ')));
}

// The value shown for the label dt on the page (the first such row).
function shown(html, label) {
	const m = new RegExp(`<dt>${label.replace(/[()（）]/g, '\\$&')}</dt>\\s*` +
	    '<dd[^>]*>([\\s\\S]*?)</dd>').exec(html);
	assert.ok(m, `a row labelled ${label}`);
	return m[1];
}

// Brings a new application to status s the way the system would: staff
// decisions, or withdrawal by the applicant.  Returns the application.
async function applicationIn(s) {
	const app = await submit();
	const path = { submitted: [], screening: ['screening'],
	    accepted: ['screening', 'accepted'],
	    rejected: ['screening', 'rejected'], withdrawn: [] }[s];
	for (const to of path) {
		const r = await decide(reviewer, app.id, to, 'テスト理由');
		assert.equal(r.status, 303, `to ${to}`);
	}
	if (s === 'withdrawn') {
		const r = await request(`/status/${app.token}`, { method: 'POST',
		    headers: { ...sameOrigin,
			'content-type': 'application/x-www-form-urlencoded' },
		    body: 'confirm=1' });
		assert.equal(r.status, 303);
	}
	assert.equal(stored(app.id).status, s);
	return app;
}

test('the detail page shows every entered value with catalog labels, escaped', async () => {
	const t = tag();
	const xss = '<script>alert("This should not be displayed in a ' +
	    'browser alert box.");</script>';
	const app = await submit({
		given_kanji: '<b>花&子</b>',
		family_romaji: 'SATO',
		given_romaji: 'HANA-KO',
		family_kana: 'サトウ',
		given_kana: 'ハナコ',
		gender: 'other',
		email: `detail.${t}@example.jp`,
		phone: '+81 90 1234 5678',
		postcode: '９８０－０８１１',
		prefecture: '4',
		address: '仙台市青葉区一番町1-2 "A&B" ビル',
		lang_en: 'native',
		lang_zh: 'working',
		lang_fr: undefined,
		lang_other: 'basic',
		lang_other_name: 'スワヒリ語',
		expertise: ['election', 'interpretation'],
		experience_abroad: `${xss}\n二行目`,
		peace_experience: 'A computer scientist is someone who fixes ' +
		    'things that aren\'t broken.',
		operations: ['icops', 'election'],
		max_months: '24',
		emergency_name: '佐藤一郎',
		emergency_relation: '兄',
		emergency_phone: '022-123-4567',
	}, { files: [{ name: 'cv', filename: '履歴書.pdf', bytes: pdf }] });
	const row = sqlObject('SELECT birth_date::text AS birth, ' +
	    'earliest_start::text AS start, to_char(created_at AT TIME ZONE ' +
	    '\'Asia/Tokyo\', \'YYYY-MM-DD HH24:MI\') AS created FROM ' +
	    'applications WHERE id = :\'id\'', { id: app.id });

	const r = await reviewer.get(page(app.id));
	assert.equal(r.status, 200);
	const b = r.body;
	assert.match(b, new RegExp(`<span class="reference">${app.reference}`));
	assert.equal(shown(b, '状況'),
	    '<span class="status status-submitted" id="current-status">受付済み</span>');
	assert.equal(shown(b, '応募区分'), '一般公募');
	assert.doesNotMatch(b, /推薦府省庁/);
	assert.equal(shown(b, '応募日時（日本時間）'), row.created);
	assert.equal(shown(b, '最終更新（日本時間）'), row.created);
	assert.equal(shown(b, '同意したプライバシー通知の版'), '2026-04');
	// Names in three forms; markup escaped.
	assert.equal(shown(b, '氏名（漢字）姓'), '山田');
	assert.equal(shown(b, '氏名（漢字）名'), '&lt;b&gt;花&amp;子&lt;/b&gt;');
	assert.equal(shown(b, 'フリガナ 姓'), 'サトウ');
	assert.equal(shown(b, 'フリガナ 名'), 'ハナコ');
	assert.equal(shown(b, 'ローマ字（パスポート表記）姓'), 'SATO');
	assert.equal(shown(b, 'ローマ字（パスポート表記）名'), 'HANA-KO');
	assert.equal(shown(b, '生年月日'), row.birth);
	assert.equal(shown(b, '性別'), 'その他');
	assert.equal(shown(b, '日本国籍を有していますか'), 'はい');
	assert.equal(shown(b, 'メールアドレス'), `detail.${t}@example.jp`);
	assert.equal(shown(b, '電話番号'), '+819012345678');
	assert.equal(shown(b, '郵便番号'), '980-0811');
	assert.equal(shown(b, '都道府県'), '宮城県');
	assert.equal(shown(b, '住所（市区町村以下）'),
	    '仙台市青葉区一番町1-2 &quot;A&amp;B&quot; ビル');
	// Languages with levels; French was left out, so it is not listed.
	assert.equal(shown(b, '英語'), '母語');
	assert.equal(shown(b, '中国語'), '業務に支障がない');
	assert.equal(shown(b, 'その他の言語'), '初級');
	assert.equal(shown(b, 'その他の言語の名称'), 'スワヒリ語');
	assert.doesNotMatch(b, /<dt>フランス語<\/dt>/);
	assert.equal(shown(b, '専門分野'),
	    '<span class="item">選挙監視</span><span class="item">通訳</span>');
	assert.equal(shown(b, '海外での経験'),
	    '&lt;script&gt;alert(&quot;This should not be displayed in a ' +
	    'browser alert box.&quot;);&lt;/script&gt;\n二行目');
	assert.doesNotMatch(b, /<script>/);
	assert.equal(shown(b, '国際平和協力業務の経験'),
	    'A computer scientist is someone who fixes things that aren&#39;t broken.');
	assert.equal(shown(b, '参加を希望する活動'),
	    '<span class="item">国際連携平和安全活動</span>' +
	    '<span class="item">国際的な選挙監視活動</span>');
	assert.equal(shown(b, '参加可能な最も早い日'), row.start);
	assert.equal(shown(b, '参加可能な最長期間（月）'), '24');
	assert.equal(shown(b, '緊急連絡先 氏名'), '佐藤一郎');
	assert.equal(shown(b, '続柄'), '兄');
	assert.equal(shown(b, '緊急連絡先 電話番号'), '0221234567');
	assert.equal(shown(b, '履歴書（PDF、5MBまで）'),
	    `<a href="/review/applications/${app.id}/cv" download>履歴書.pdf</a>` +
	    ' (PDF、1 KB)');
	assert.equal(shown(b, '個人情報の取扱いに同意します'), 'はい');
	assert.equal(shown(b, '記入内容が事実であることを誓約します'), 'はい');

	// The same page in English uses the English catalog.
	const en = await reviewer.get(`${page(app.id)}?lang=en`);
	assert.equal(en.status, 200);
	assert.equal(shown(en.body, 'Status'),
	    '<span class="status status-submitted" id="current-status">Submitted</span>');
	assert.equal(shown(en.body, 'Prefecture'), 'Miyagi');
	assert.equal(shown(en.body, 'English'), 'Native');
	assert.equal(shown(en.body, 'Gender'), 'Other');
	assert.equal(shown(en.body, 'Source'), 'Public application');
	assert.equal(shown(en.body, 'Operations you wish to join'),
	    '<span class="item">Internationally Coordinated Operations for ' +
	    'Peace and Security</span><span class="item">International ' +
	    'Election Observation Operations</span>');
	await reviewer.get(`${page(app.id)}?lang=ja`);
});

test('an empty optional value reads "not given"; a seconded one names its ministry', async () => {
	const app = await submit({ gender: undefined, peace_experience: '',
	    lang_en: undefined, lang_fr: undefined });
	sqlRows('UPDATE applications SET source = \'seconded\', ministry = ' +
	    '\'MOFA\' WHERE id = :\'id\'', { id: app.id });
	const r = await reviewer.get(page(app.id));
	assert.equal(shown(r.body, '性別'), '記入なし');
	assert.match(r.body, /<dd class="none">記入なし<\/dd>/);
	assert.equal(shown(r.body, '履歴書（PDF、5MBまで）'), '記入なし');
	assert.match(r.body, /<h2>語学力<\/h2>\s*<dl class="summary detail">\s*<\/dl>\s*<p class="none">記入なし<\/p>/);
	assert.equal(shown(r.body, '応募区分'), '府省庁からの推薦');
	assert.equal(shown(r.body, '推薦府省庁'), '外務省');
	const en = await reviewer.get(`${page(app.id)}?lang=en`);
	assert.equal(shown(en.body, 'Nominating ministry'),
	    'Ministry of Foreign Affairs');
	await reviewer.get(`${page(app.id)}?lang=ja`);
});

test('each view is audited with the reviewer and the application', async () => {
	const app = await submit();
	assert.equal(audits(app.id, 'application.view').length, 0);
	await reviewer.get(page(app.id));
	await reviewer.get(page(app.id));
	const rows = audits(app.id, 'application.view');
	assert.equal(rows.length, 2);
	assert.deepEqual(rows[0], [reviewer.account.login, accountId(reviewer),
	    'application', '', '']);
});

test('unknown and malformed ids are 404, and nothing is audited', async () => {
	const before = sql1('SELECT count(*) FROM audit_log WHERE action ' +
	    'LIKE \'application.%\'');
	for (const id of ['999999999', 'abc', '01', '-1', '1.0', '1e3',
	    '9999999999999999999', '%31']) {
		const r = await reviewer.get(page(id));
		assert.equal(r.status, 404, id);
		assert.equal((await reviewer.get(`${page(id)}/cv`)).status, 404, id);
	}
	assert.equal((await reviewer.post(`${page(999999999)}/notes`,
	    { note: 'x' })).status, 404);
	assert.equal((await reviewer.post(`${page(999999999)}/decision`,
	    { to: 'screening', version: '1' })).status, 404);
	assert.equal(sql1('SELECT count(*) FROM audit_log WHERE action ' +
	    'LIKE \'application.%\''), before);
});

test('the CV downloads as an attachment with its name, type, nosniff and bytes; audited', async () => {
	const app = await submit({}, { files: [{ name: 'cv',
	    filename: '山田 履歴書.pdf', bytes: pdf }] });
	const res = await request(`${page(app.id)}/cv`, { headers: {
	    cookie: reviewer.cookieHeader() } });
	assert.equal(res.status, 200);
	assert.equal(res.headers.get('content-type'), 'application/pdf');
	assert.equal(res.headers.get('content-disposition'),
	    `attachment; filename="cv-${app.reference}.pdf"; ` +
	    'filename*=UTF-8\'\'%E5%B1%B1%E7%94%B0%20%E5%B1%A5%E6%AD%B4%E6%9B%B8.pdf');
	assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
	assert.equal(res.headers.get('cache-control'), 'no-store');
	assert.deepEqual(Buffer.from(await res.arrayBuffer()), pdf);
	const rows = audits(app.id, 'application.cv');
	assert.equal(rows.length, 1);
	assert.equal(rows[0][0], reviewer.account.login);

	const ascii = await submit({}, { files: [{ name: 'cv',
	    filename: 'My CV (2026).pdf', bytes: pdf }] });
	const r2 = await reviewer.get(`${page(ascii.id)}/cv`);
	assert.equal(r2.res.headers.get('content-disposition'),
	    'attachment; filename="My CV (2026).pdf"; ' +
	    'filename*=UTF-8\'\'My%20CV%20%282026%29.pdf');
});

test('an application without a CV has no download: 404, not audited', async () => {
	const app = await submit();
	const r = await reviewer.get(`${page(app.id)}/cv`);
	assert.equal(r.status, 404);
	assert.equal(audits(app.id, 'application.cv').length, 0);
});

test('possible duplicates are listed both ways with links, reference, name, status and reason', async () => {
	const t = tag();
	const kana = randomKana();
	const first = await submitValid(validFields({ family_kana: kana,
	    email: `dup.${t}@example.jp`, given_kanji: '一子' }));
	const second = await submitValid(validFields({ family_kana: kana,
	    email: `dup.${t}@example.jp`, given_kanji: '二子' }));
	const other = await submit();
	await decide(reviewer, first.id, 'screening');

	// The page of app lists dup alone, linked, matched on both.
	async function listsOnly(app, dup, name, status) {
		const r = await reviewer.get(page(app.id));
		assert.deepEqual(tableRows(r.body, 'duplicates'), [[dup.reference,
		    name, status,
		    'メールアドレスが同一 カタカナ氏名と生年月日が同一']]);
		assert.match(r.body, new RegExp(`<a href="/review/applications/${
		    dup.id}">${dup.reference}</a>`));
	}
	await listsOnly(first, second, '山田 二子', '受付済み');
	await listsOnly(second, first, '山田 一子', '選考中');
	const c = await reviewer.get(page(other.id));
	assert.deepEqual(tableRows(c.body, 'duplicates'), []);
	assert.match(c.body, /重複の可能性がある応募は見つかりませんでした。/);
});

test('the status history shows when, who, from, to and why', async () => {
	const app = await submit();
	const second = await staffClient('reviewer');
	assert.equal((await decide(reviewer, app.id, 'screening')).status, 303);
	assert.equal((await decide(second, app.id, 'rejected',
	    '経験年数が<要件>に満たない')).status, 303);
	const r = await reviewer.get(page(app.id));
	const times = sqlRows('SELECT to_char(at AT TIME ZONE \'Asia/Tokyo\', ' +
	    '\'YYYY-MM-DD HH24:MI\') FROM application_history WHERE ' +
	    'application_id = :\'id\' ORDER BY at, id', { id: app.id })
	    .map((x) => x[0]);
	assert.deepEqual(tableRows(r.body, 'history'), [
		[times[0], '応募者', '—', '受付済み', ''],
		[times[1], reviewer.account.login, '受付済み', '選考中', ''],
		[times[2], second.account.login, '選考中', '不採用',
		    '経験年数が&lt;要件&gt;に満たない'],
	]);
	const en = await reviewer.get(`${page(app.id)}?lang=en`);
	assert.deepEqual(tableRows(en.body, 'history')[0].slice(1),
	    ['Applicant', '—', 'Submitted', '']);
	await reviewer.get(`${page(app.id)}?lang=ja`);
	assert.equal(sql1('SELECT account_id FROM application_history ' +
	    'WHERE application_id = :\'id\' AND to_status = \'rejected\'',
	{ id: app.id }), accountId(second));
});

test('a note is stored, listed with author and time, escaped, and audited', async () => {
	const app = await submit();
	await reviewer.get(page(app.id));
	const text = '電話で確認済み。\n<i>次回</i> & "面接" 予定';
	const r = await reviewer.post(`${page(app.id)}/notes`, { note: text });
	assert.equal(r.status, 303);
	assert.equal(r.location, `/review/applications/${app.id}#notes`);
	const p = await reviewer.get(page(app.id));
	const at = sql1('SELECT to_char(at AT TIME ZONE \'Asia/Tokyo\', ' +
	    '\'YYYY-MM-DD HH24:MI\') FROM application_notes WHERE ' +
	    'application_id = :\'id\'', { id: app.id });
	assert.match(p.body, new RegExp('<li><p class="note-meta"><strong>' +
	    `${reviewer.account.login}</strong> ${at}</p><p class="multiline">` +
	    '電話で確認済み。\n&lt;i&gt;次回&lt;/i&gt; &amp; &quot;面接&quot; 予定</p></li>'));
	const rows = audits(app.id, 'application.note');
	assert.equal(rows.length, 1);
	const after = JSON.parse(rows[0][4]);
	assert.equal(after.body, text);
	assert.equal(String(after.note_id), sql1('SELECT id FROM ' +
	    'application_notes WHERE application_id = :\'id\'', { id: app.id }));
	// 2000 characters (Japanese, multi-byte) is the most a note may hold.
	assert.equal((await reviewer.post(`${page(app.id)}/notes`,
	    { note: 'あ'.repeat(2000) })).status, 303);
	assert.equal(sql1('SELECT count(*) FROM application_notes WHERE ' +
	    'application_id = :\'id\'', { id: app.id }), '2');
});

test('an empty or too long note is 422 with the page, the messages and the text kept', async () => {
	const app = await submit();
	await reviewer.get(page(app.id));
	for (const [note, message] of [['', '入力してください'],
	    ['   \n ', '入力してください'],
	    ['い'.repeat(2001), '2000文字以内で入力してください']]) {
		const r = await reviewer.post(`${page(app.id)}/notes`, { note });
		assert.equal(r.status, 422);
		assert.deepEqual(errorSummary(r.body), ['note']);
		assert.equal(fieldError(r.body, 'note'), message);
		assert.equal(textareaValue(r.body, 'note'), note.trim() === '' ? ''
		    : note);
		assert.match(r.body, new RegExp(`<span class="reference">${
		    app.reference}`));
	}
	assert.equal(sql1('SELECT count(*) FROM application_notes WHERE ' +
	    'application_id = :\'id\'', { id: app.id }), '0');
	assert.equal(audits(app.id, 'application.note').length, 0);
});

test('only the allowed decisions are offered', async () => {
	for (const s of STATUSES) {
		const app = await applicationIn(s);
		const r = await reviewer.get(page(app.id));
		const offered = [...r.body.matchAll(
		    /<input type="radio" id="f-to-([a-z]+)" name="to"/g)]
		    .map((m) => m[1]);
		assert.deepEqual(offered, STATUSES.filter((to) =>
		    STAFF_MOVES.has(`${s}>${to}`)), s);
		if (offered.length === 0)
			assert.match(r.body, /これ以上判定できません/, s);
	}
});

test('every transition: allowed ones move and are recorded, the others are 422', async () => {
	for (const from of STATUSES) {
		for (const to of [...STATUSES, 'made-up']) {
			const app = await applicationIn(from);
			const v = stored(app.id).version;
			const hist = sql1('SELECT count(*) FROM ' +
			    'application_history WHERE application_id = ' +
			    ':\'id\'', { id: app.id });
			const r = await decide(reviewer, app.id, to, '理由あり');
			const what = `${from} -> ${to}`;
			if (STAFF_MOVES.has(`${from}>${to}`)) {
				assert.equal(r.status, 303, what);
				assert.equal(r.location, page(app.id), what);
				assert.deepEqual(stored(app.id), { status: to,
				    version: v + 1 }, what);
				const a = audits(app.id, 'application.decide').at(-1);
				assert.equal(a[0], reviewer.account.login, what);
				assert.deepEqual(JSON.parse(a[3]), { status: from,
				    version: v }, what);
				assert.deepEqual(JSON.parse(a[4]), { status: to,
				    version: v + 1, reason: '理由あり' }, what);
				continue;
			}
			assert.equal(r.status, 422, what);
			assert.deepEqual(errorSummary(r.body), ['to'], what);
			assert.equal(fieldError(r.body, 'to'), '現在の状況からはその' +
			    '変更はできません。表示されている選択肢から選んでください。',
			what);
			// A final status has no form left: the message stands alone.
			if (STATUSES.some((x) => STAFF_MOVES.has(`${from}>${x}`)))
				assert.equal(textareaValue(r.body, 'reason'), '理由あり',
				    what);
			else
				assert.match(r.body, /これ以上判定できません/, what);
			assert.deepEqual(stored(app.id), { status: from, version: v },
			    what);
			assert.equal(sql1('SELECT count(*) FROM ' +
			    'application_history WHERE application_id = ' +
			    ':\'id\'', { id: app.id }), hist, what);
		}
	}
});

test('a decision without a choice is 422; a missing version is 400', async () => {
	const app = await submit();
	await reviewer.get(page(app.id));
	const r = await reviewer.post(`${page(app.id)}/decision`,
	    { reason: '', version: '1' });
	assert.equal(r.status, 422);
	assert.equal(fieldError(r.body, 'to'), '選択してください');
	for (const version of [undefined, '', 'x', '-1', '1.0']) {
		const fields = { to: 'screening' };
		if (version !== undefined)
			fields.version = version;
		const b = await reviewer.post(`${page(app.id)}/decision`, fields);
		assert.equal(b.status, 400, String(version));
	}
	assert.equal(stored(app.id).status, 'submitted');
});

test('a rejection without a reason is 422 with the message at the field and the choice kept', async () => {
	const app = await applicationIn('screening');
	for (const reason of ['', '  \n  ']) {
		const r = await decide(reviewer, app.id, 'rejected', reason);
		assert.equal(r.status, 422);
		assert.deepEqual(errorSummary(r.body), ['reason']);
		assert.equal(fieldError(r.body, 'reason'),
		    '不採用の理由を入力してください');
		assert.ok(isChecked(r.body, 'f-to-rejected'));
		assert.equal(stored(app.id).status, 'screening');
	}
	const long = await decide(reviewer, app.id, 'rejected', 'x'.repeat(2001));
	assert.equal(long.status, 422);
	assert.equal(fieldError(long.body, 'reason'),
	    '2000文字以内で入力してください');
	assert.equal(textareaValue(long.body, 'reason'), 'x'.repeat(2001));
	// Accepting needs no reason.
	assert.equal((await decide(reviewer, app.id, 'accepted')).status, 303);
});

test('a decision on a stale version is 409 with the current state, and changes nothing', async () => {
	const app = await submit();
	const other = await staffClient('reviewer');
	const mine = await reviewer.get(page(app.id));
	const version = formVersion(mine.body);
	assert.equal((await decide(other, app.id, 'screening')).status, 303);
	assert.equal((await decide(other, app.id, 'accepted')).status, 303);

	const r = await reviewer.post(`${page(app.id)}/decision`,
	    { to: 'screening', reason: '先に見た内容で判断', version });
	assert.equal(r.status, 409);
	assert.match(r.body, /<div class="notice notice-warning" role="alert" id="stale" tabindex="-1" autofocus>/);
	assert.match(r.body, /判定は保存されていません。/);
	assert.match(r.body, /<span class="status status-accepted" id="current-status">採用<\/span>/);
	assert.deepEqual(stored(app.id), { status: 'accepted', version: 3 });
	assert.equal(sql1('SELECT count(*) FROM application_history ' +
	    'WHERE application_id = :\'id\'', { id: app.id }), '3');
	assert.equal(audits(app.id, 'application.decide').length, 2);

	// From screening, with an old version: still 409, not a decision.
	const app2 = await applicationIn('screening');
	const r2 = await reviewer.post(`${page(app2.id)}/decision`,
	    { to: 'rejected', reason: '理由', version: '1' });
	assert.equal(r2.status, 409);
	assert.equal(textareaValue(r2.body, 'reason'), '理由');
	assert.equal(formVersion(r2.body), '2');
	assert.deepEqual(stored(app2.id), { status: 'screening', version: 2 });
	// The page's own version then works.
	assert.equal((await reviewer.post(`${page(app2.id)}/decision`,
	    { to: 'rejected', reason: '理由', version: formVersion(r2.body) }))
	    .status, 303);
});

test('a change committed between loading and updating is caught too: 409', async () => {
	const app = await submit();
	const page1 = await reviewer.get(page(app.id));
	// Another session bumps the version and holds the row for a moment:
	// the decision reads version 1 (the change is not committed yet),
	// then its UPDATE waits for the row and finds version 2.
	const { done } = await holdApplication(app.id);
	const t0 = Date.now();
	const r = await reviewer.post(`${page(app.id)}/decision`,
	    { to: 'screening', version: formVersion(page1.body) });
	assert.equal(await done, 0);
	assert.ok(Date.now() - t0 > 300, 'the decision waited for the row');
	assert.equal(r.status, 409);
	assert.match(r.body, /判定は保存されていません。/);
	assert.equal(formVersion(r.body), '2');
	assert.deepEqual(stored(app.id), { status: 'submitted', version: 2 });
	assert.equal(audits(app.id, 'application.decide').length, 0);
});

test('a deadlock with another session: 503, nothing saved, the next ' +
    'request works', async () => {
	const app = await submit();
	const page1 = await reviewer.get(page(app.id));
	// Another session takes the audit log, waits until the decision (which
	// has its application's row by then) waits for it, and then asks for
	// that row.  The decision, waiting first and with the shorter
	// deadlock_timeout, is the one that finds the deadlock and fails.
	const { done } = await holdLock(`SET deadlock_timeout = '30s'; BEGIN;
	    LOCK TABLE audit_log IN EXCLUSIVE MODE;
	    DO $$ BEGIN FOR i IN 1..1000 LOOP EXIT WHEN EXISTS (SELECT FROM
	    pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE
	    c.relname = 'audit_log' AND NOT l.granted);
	    PERFORM pg_sleep(0.01); END LOOP; END $$;
	    UPDATE applications SET version = version WHERE id = ${app.id};
	    ROLLBACK;`, 'audit_log', 'ExclusiveLock');
	const r = await reviewer.post(`${page(app.id)}/decision`,
	    { to: 'screening', version: formVersion(page1.body) });
	assert.equal(await done, 0);
	assert.equal(r.status, 503);
	assert.deepEqual(stored(app.id), { status: 'submitted', version: 1 });
	assert.equal(audits(app.id, 'application.decide').length, 0);
	// Every worker's connection is out of that transaction: the decision
	// goes through now, whichever worker takes it.
	const again = await reviewer.post(`${page(app.id)}/decision`,
	    { to: 'screening', version: formVersion(page1.body) });
	assert.equal(again.status, 303);
	assert.deepEqual(stored(app.id), { status: 'screening', version: 2 });
});

test('the applicant\'s status page shows accepted and rejected in Japanese and English', async () => {
	const cases = [['accepted', '採用', 'Accepted'],
	    ['rejected', '不採用', 'Not accepted']];
	for (const [s, ja, en] of cases) {
		const app = await applicationIn(s);
		const j = await get(`/status/${app.token}?lang=ja`);
		assert.equal(j.status, 200);
		assert.deepEqual(statusOf(j.body), { code: s, text: ja });
		assert.doesNotMatch(j.body, /name="confirm"/);
		const e = await get(`/status/${app.token}?lang=en`);
		assert.deepEqual(statusOf(e.body), { code: s, text: en });
	}
});

test('without a session: 303 to the sign-in page, back here afterwards', async () => {
	const app = await submit();
	const c = new Client();
	for (const path of [page(app.id), `${page(app.id)}/cv`]) {
		const r = await c.get(path);
		assert.equal(r.status, 303);
		assert.equal(r.location, `/login?next=${encodeURIComponent(path)}`);
	}
	for (const path of [`${page(app.id)}/notes`, `${page(app.id)}/decision`]) {
		const r = await c.post(path, { csrf: 'x', note: 'n', to: 'screening',
		    version: '1' });
		assert.equal(r.status, 303);
		assert.equal(r.location, '/login');
	}
	assert.equal(audits(app.id, 'application.view').length, 0);
});

test('a liaison officer and an administrator get 403 everywhere here', async () => {
	const app = await submit({}, { files: [{ name: 'cv', filename: 'cv.pdf',
	    bytes: pdf }] });
	for (const c of [await staffClient('ministry', { ministry: 'MOFA' }),
	    await staffClient('admin')]) {
		assert.equal((await c.get(page(app.id))).status, 403);
		assert.equal((await c.get(`${page(app.id)}/cv`)).status, 403);
		// The role is refused before any CSRF check: the page says so.
		const r1 = await c.post(`${page(app.id)}/notes`, { note: 'n',
		    csrf: 'x' });
		assert.equal(r1.status, 403);
		assert.match(r1.body, /<h1>この操作は許可されていません<\/h1>/);
		const r2 = await c.post(`${page(app.id)}/decision`, {
		    to: 'screening', version: '1', csrf: 'x' });
		assert.equal(r2.status, 403);
		assert.match(r2.body, /<h1>この操作は許可されていません<\/h1>/);
	}
	assert.deepEqual(stored(app.id), { status: 'submitted', version: 1 });
	assert.equal(audits(app.id, 'application.view').length, 0);
	assert.equal(audits(app.id, 'application.cv').length, 0);
});

test('POSTs without CSRF proof are 403 and change nothing', async () => {
	const app = await submit();
	await reviewer.get(page(app.id));
	const paths = [[`${page(app.id)}/notes`, { note: 'CSRF なし' }],
	    [`${page(app.id)}/decision`, { to: 'screening', version: '1' }]];
	for (const [path, fields] of paths) {
		let r = await reviewer.post(path, fields, { csrf: false });
		assert.equal(r.status, 403, path);
		assert.match(r.body, /<h1>操作を受け付けませんでした<\/h1>/);
		r = await reviewer.post(path, { ...fields, csrf: 'A'.repeat(43) });
		assert.equal(r.status, 403, path);
		r = await reviewer.post(path, fields, { headers: {
		    'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
		assert.equal(r.status, 403, path);
	}
	assert.deepEqual(stored(app.id), { status: 'submitted', version: 1 });
	assert.equal(sql1('SELECT count(*) FROM application_notes WHERE ' +
	    'application_id = :\'id\'', { id: app.id }), '0');
});

test('the application\'s database role cannot change or delete the audit log', () => {
	const id = sql1('SELECT max(id) FROM audit_log');
	assert.ok(Number(id) > 0);
	assert.throws(() => sqlRows('SET ROLE corps_app; UPDATE audit_log SET ' +
	    'login = \'forged\' WHERE id = :\'id\'', { id }),
	/permission denied for table audit_log/);
	assert.throws(() => sqlRows('SET ROLE corps_app; DELETE FROM audit_log ' +
	    'WHERE id = :\'id\'', { id }), /permission denied for table audit_log/);
	assert.throws(() => sqlRows('SET ROLE corps_app; TRUNCATE audit_log'),
	    /permission denied for table audit_log/);
	// It can still add rows and read them: the log works.
	assert.equal(sqlRows('SET ROLE corps_app; SELECT count(*) FROM ' +
	    'audit_log WHERE id = :\'id\'', { id })[0][0], '1');
	assert.notEqual(sql1('SELECT login FROM audit_log WHERE id = :\'id\'',
	    { id }), 'forged');
});

test('the database refuses a disallowed status change even by direct SQL', async () => {
	const app = await submit();
	for (const to of ['accepted', 'rejected']) {
		assert.throws(() => sqlRows('SET ROLE corps_app; UPDATE ' +
		    'applications SET status = :\'to\' WHERE id = :\'id\'',
		{ id: app.id, to }), /status change submitted -> \w+ is not allowed/);
		assert.throws(() => sqlRows('UPDATE applications SET status = ' +
		    ':\'to\' WHERE id = :\'id\'', { id: app.id, to }),
		/is not allowed/, 'even as the superuser');
	}
	const done = await applicationIn('accepted');
	for (const to of ['screening', 'submitted', 'rejected', 'withdrawn'])
		assert.throws(() => sqlRows('SET ROLE corps_app; UPDATE ' +
		    'applications SET status = :\'to\' WHERE id = :\'id\'',
		{ id: done.id, to }), /status change accepted -> \w+ is not allowed/);
	assert.equal(stored(app.id).status, 'submitted');
	assert.equal(stored(done.id).status, 'accepted');
	// An allowed change passes the trigger.
	sqlRows('SET ROLE corps_app; UPDATE applications SET status = ' +
	    '\'screening\' WHERE id = :\'id\'', { id: app.id });
	assert.equal(stored(app.id).status, 'screening');
});


// The public application form end to end through nginx: submission,
// storage and normalisation, retries, validation messages, escaping,
// duplicates, the status page, withdrawal and the English version.
// Needs a running stack (see ./stack); STACK_DIR names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	errorSummary, field, fieldError, fixtures, get, inputValue, isChecked,
	jstDate, newToken, postApply, randomKana, receiptReference, request,
	selectedOptions, sql1, sqlObject, sqlRows, statusOf, submitValid, tag,
	textareaValue, validFields, base,
} from './lib.mjs';

const pdf = readFileSync(join(fixtures, 'tiny.pdf'));
const png = readFileSync(join(fixtures, 'not-a-pdf.pdf'));

// Headers a browser sends with a form POSTed from our own page.
const sameOrigin = { 'sec-fetch-site': 'same-origin', origin: base };

// POSTs the withdrawal form of a status page.
function withdraw(token, body, headers = sameOrigin) {
	return request(`/status/${token}`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded',
		    ...headers },
		body,
	});
}

// Number of applications with this e-mail address (unique per test).
function countByEmail(email) {
	return Number(sql1('SELECT count(*) FROM applications WHERE email = ' +
	    ':\'email\'', { email }));
}

test('a valid Japanese application with a CV is stored, normalised', async () => {
	const t = tag();
	const pairs = validFields({
		family_kana: 'ﾔﾏﾀﾞ',		// half-width katakana
		given_kana: 'はなこ',		// hiragana
		family_romaji: 'yamada',
		given_romaji: ' hanako  mei ',
		email: `Hanako.${t}@Example.jp`,
		phone: '０９０－１２３４－５６７８',
		postcode: '１００－０００１',
		emergency_phone: '+81 3 1234 5678',
		max_months: '１８',
		lang_en: 'fluent', lang_fr: undefined, lang_ar: 'basic',
		lang_other: 'working',
		lang_other_name: 'スワヒリ語',
		expertise: ['election', 'medical', 'interpretation'],
		operations: ['pko', 'election'],
		peace_experience: '南スーダンで選挙支援\n（2019年）',
	});
	const app = await submitValid(pairs, { files: [{ name: 'cv',
	    filename: '履歴書.pdf', bytes: pdf }] });
	assert.match(app.receipt, /<html lang="ja">/);
	assert.match(app.receipt, /応募を受け付けました/);
	assert.ok(app.receipt.includes(
	    `<a class="status-link" href="/status/${app.token}">`),
	    'receipt links to the status page');
	assert.match(app.reference, new RegExp(`^PC-${jstDate().slice(0, 4)}-`));

	const row = sqlObject(`SELECT reference, status, lang, family_kanji,
	    given_kanji, family_kana, given_kana, family_romaji, given_romaji,
	    birth_date::text, gender, japanese_national, email, phone,
	    postcode, prefecture, address, experience_abroad,
	    peace_experience, earliest_start::text, max_months,
	    emergency_name, emergency_relation, emergency_phone,
	    privacy_version, declaration, email_key, kana_key, source
	    FROM applications WHERE id = ${app.id}`);
	assert.deepEqual(row, {
		reference: app.reference,
		status: 'submitted',
		lang: 'ja',
		family_kanji: '山田',
		given_kanji: '花子',
		family_kana: 'ヤマダ',
		given_kana: 'ハナコ',
		family_romaji: 'YAMADA',
		given_romaji: 'HANAKO MEI',
		birth_date: '1985-04-12',
		gender: 'female',
		japanese_national: true,
		email: `Hanako.${t}@Example.jp`,
		phone: '09012345678',
		postcode: '1000001',
		prefecture: 13,
		address: '千代田区千代田1-1',
		experience_abroad: field(pairs, 'experience_abroad'),
		// Browsers send CRLF line breaks; they are stored as LF.
		peace_experience: '南スーダンで選挙支援\n（2019年）',
		earliest_start: field(pairs, 'earliest_start'),
		max_months: 18,
		emergency_name: '山田太郎',
		emergency_relation: '父',
		emergency_phone: '+81312345678',
		privacy_version: '2026-04',
		declaration: true,
		email_key: `hanako.${t}@example.jp`,
		kana_key: row.kana_key,
		source: 'public',
	});
	assert.match(row.kana_key, /^[\u3041-\u30ff]{6}$/, 'kana search key');

	assert.deepEqual(sqlRows(`SELECT l, language_other FROM applications,
	    unnest(languages) AS l WHERE id = ${app.id} ORDER BY l`), [
		['ar:basic', 'スワヒリ語'],
		['en:fluent', 'スワヒリ語'],
		['other:working', 'スワヒリ語'],
	]);
	assert.deepEqual(sqlRows(`SELECT unnest(expertise) AS f FROM
	    applications WHERE id = ${app.id} ORDER BY f`),
	    [['election'], ['interpretation'], ['medical']]);
	assert.deepEqual(sqlRows(`SELECT unnest(operations) AS o FROM
	    applications WHERE id = ${app.id} ORDER BY o`),
	    [['election'], ['pko']]);
	const cv = sqlObject(`SELECT filename, encode(content, 'hex') AS hex
	    FROM application_cvs WHERE application_id = ${app.id}`);
	assert.equal(cv.filename, '履歴書.pdf');
	assert.ok(Buffer.from(cv.hex, 'hex').equals(pdf), 'CV bytes');
	// The submission is the history's first event, read from the
	// application itself: the INSERT writes no history row.
	assert.deepEqual(sqlRows(`SELECT coalesce(from_status, '-'), to_status,
	    actor FROM application_history
	    WHERE application_id = ${app.id}`),
	    [['-', 'submitted', 'applicant']]);
	assert.equal(sql1(`SELECT count(*) FROM application_status_history
	    WHERE application_id = ${app.id}`), '0');
});

test('a submission without CV, gender or languages stores no such rows', async () => {
	const pairs = validFields({ gender: undefined, lang_en: undefined,
	    lang_fr: undefined, expertise: undefined });
	const app = await submitValid(pairs);
	const row = sqlObject(`SELECT gender, cardinality(languages) +
	    (language_other IS NOT NULL)::int AS langs,
	    cardinality(expertise) AS exp, (SELECT count(*) FROM
	    application_cvs WHERE application_id = a.id) AS cvs
	    FROM applications a WHERE id = ${app.id}`);
	assert.deepEqual(row, { gender: null, langs: 0, exp: 0, cvs: 0 });
});

test('the search key corps-fcgi stores is the one SQL writers compute',
    async () => {
	// Seeding and migrations fill the key with corps_search_key(); the
	// list's search finds rows of either writer only if the two agree:
	// width, kana script and case are folded alike.
	const app = await submitValid(validFields({
	    family_kanji: 'やまだＡｂ', given_kanji: 'ﾊﾅｺ－Ｘ',
	    email: 'Hanako.Y@Example.JP' }));
	const row = sqlObject(`SELECT search_key AS stored,
	    corps_search_key(family_kanji, given_kanji, family_kana,
	    given_kana, family_romaji, given_romaji) AS sql
	    FROM applications WHERE id = ${app.id}`);
	assert.match(row.stored, /^ ヤマダab ハナコ-x ヤマダabハナコ-x /,
	    'folded kanji fields, part and whole');
	assert.match(row.stored, / yamada hanako$/, 'romaji in lower case');
	assert.equal(row.stored, row.sql);
});

test('every GET of the form carries a fresh token that a POST accepts',
    async () => {
	// Workers keep the rendered form and only splice the token in: no
	// two pages may share a token, in either language.
	const tokenOf = (html) =>
	    /<input type="hidden" name="form_token" value="([^"]*)">/
		.exec(html)?.[1];
	const seen = new Set();
	for (const path of ['/apply', '/apply?lang=en', '/apply?lang=ja',
	    '/apply?lang=en']) {
		const r = await get(path);
		assert.equal(r.status, 200);
		const t = tokenOf(r.body);
		assert.match(t, /^[A-Za-z0-9_-]{43}$/);
		assert.ok(!seen.has(t), 'a token is never served twice');
		seen.add(t);
	}
	const en = await get('/apply?lang=en');
	assert.match(en.body, /<html lang="en">/);
	const pairs = validFields().map(([k, v]) =>
	    [k, k === 'form_token' ? tokenOf(en.body) : v]);
	assert.equal((await postApply(pairs)).status, 303);
});

test('the same form token posted twice is one application', async () => {
	const pairs = validFields();
	const email = field(pairs, 'email');
	const first = await postApply(pairs);
	assert.equal(first.status, 303);
	// The retry of a double click or a lost response: same token, and
	// even a changed value must not make a second application.
	const again = pairs.map(([k, v]) => [k, k === 'address' ? v + '2' : v]);
	const second = await postApply(again);
	assert.equal(second.status, 303);
	assert.equal(second.location, first.location);
	assert.equal(countByEmail(email), 1);
	const third = await postApply(validFields({ email }));
	assert.equal(third.status, 303);
	assert.notEqual(third.location, first.location, 'a new token is new');
	assert.equal(countByEmail(email), 2);
});

test('a retried form with its CV is one application with one CV', async () => {
	// A form with a file goes through its own statement; a retry of it
	// stores neither a second application nor a second CV.
	const pairs = validFields();
	const email = field(pairs, 'email');
	const files = [{ name: 'cv', filename: 'cv.pdf', bytes: pdf }];
	const first = await postApply(pairs, { files });
	const second = await postApply(pairs, { files });
	assert.equal(first.status, 303);
	assert.equal(second.status, 303);
	assert.equal(second.location, first.location);
	assert.equal(countByEmail(email), 1);
	assert.equal(sql1(`SELECT count(*) FROM application_cvs c JOIN
	    applications a ON a.id = c.application_id
	    WHERE a.email = :'email'`, { email }), '1');
});

test('an invalid submission is shown again with messages and values', async () => {
	const pairs = validFields({
		family_kana: 'Yamada',
		email: 'hanako@@example',
		phone: '12345',
		postcode: '12-34',
		earliest_start: jstDate(-1),
		max_months: '99',
		privacy: undefined,
		gender: 'other',
		prefecture: '27',
		lang_en: 'native',
		lang_zh: 'working',
		expertise: ['legal', 'relief'],
		operations: ['icops'],
		experience_abroad: '国連ボランティア\nとして3年',
	});
	const email = field(pairs, 'email');
	const r = await postApply(pairs);
	assert.equal(r.status, 422);
	assert.equal(r.location, null);
	assert.match(r.res.headers.get('content-type'), /^text\/html/);
	assert.deepEqual(errorSummary(r.body), ['family_kana', 'email',
	    'phone', 'postcode', 'earliest_start', 'max_months', 'privacy']);
	assert.match(r.body, /<div class="error-summary" role="alert"/);
	const messages = {
		family_kana: '全角カタカナで入力してください',
		email: 'メールアドレスの形式が正しくありません（例：name@example.jp）',
		phone: '電話番号の形式が正しくありません（例：090-1234-5678）',
		postcode: '郵便番号は7桁の数字で入力してください',
		earliest_start: '今日以降の日付を入力してください',
		max_months: '1〜60の数字で入力してください',
		privacy: '同意が必要です',
	};
	for (const [name, text] of Object.entries(messages)) {
		assert.equal(fieldError(r.body, name), text, name);
		assert.ok(r.body.includes(`<a href="#f-${name}">`), name);
	}
	assert.equal(fieldError(r.body, 'family_kanji'), null);
	assert.equal(fieldError(r.body, 'declaration'), null);

	// Everything typed comes back: the wrong values as typed, the good
	// ones as they will be stored.
	for (const name of ['family_kanji', 'given_kanji', 'family_kana',
	    'given_kana', 'family_romaji', 'given_romaji', 'birth_date',
	    'email', 'phone', 'postcode', 'address', 'earliest_start',
	    'max_months', 'emergency_name', 'emergency_relation'])
		assert.equal(inputValue(r.body, name), field(pairs, name), name);
	assert.equal(inputValue(r.body, 'emergency_phone'), '0312345678');
	assert.equal(textareaValue(r.body, 'experience_abroad'),
	    '国連ボランティア\nとして3年');
	assert.equal(textareaValue(r.body, 'peace_experience'), '');
	assert.deepEqual(selectedOptions(r.body, 'prefecture'), ['27']);
	assert.deepEqual(selectedOptions(r.body, 'lang_en'), ['native']);
	assert.deepEqual(selectedOptions(r.body, 'lang_zh'), ['working']);
	assert.deepEqual(selectedOptions(r.body, 'lang_fr'), ['basic']);
	assert.deepEqual(selectedOptions(r.body, 'lang_es'), []);
	assert.ok(isChecked(r.body, 'f-gender-other'));
	assert.ok(!isChecked(r.body, 'f-gender-female'));
	assert.ok(isChecked(r.body, 'f-nationality-yes'));
	for (const v of ['legal', 'relief'])
		assert.ok(isChecked(r.body, `f-expertise-${v}`), v);
	assert.ok(!isChecked(r.body, 'f-expertise-medical'));
	assert.ok(isChecked(r.body, 'f-operations-icops'));
	assert.ok(!isChecked(r.body, 'f-operations-pko'));
	assert.ok(!isChecked(r.body, 'f-privacy'));
	assert.ok(isChecked(r.body, 'f-declaration'));
	// The same token goes back, so that the corrected form is the same
	// submission.
	assert.ok(r.body.includes('<input type="hidden" name="form_token" ' +
	    `value="${field(pairs, 'form_token')}">`));
	assert.equal(countByEmail(email), 0);
});

test('missing required values each get their message', async () => {
	const r = await postApply([['form_token', newToken()]]);
	assert.equal(r.status, 422);
	const summary = errorSummary(r.body);
	for (const name of ['family_kanji', 'given_kanji', 'family_kana',
	    'given_kana', 'family_romaji', 'given_romaji', 'birth_date',
	    'nationality', 'email', 'phone', 'postcode', 'prefecture',
	    'address', 'operations', 'earliest_start', 'max_months',
	    'emergency_name', 'emergency_relation', 'emergency_phone',
	    'privacy', 'declaration'])
		assert.ok(summary.includes(name), `${name} in the summary`);
	for (const name of ['gender', 'lang_en', 'expertise',
	    'experience_abroad', 'cv'])
		assert.ok(!summary.includes(name), `${name} is optional`);
	assert.equal(fieldError(r.body, 'family_kanji'), '入力してください');
	assert.equal(fieldError(r.body, 'prefecture'), '選択してください');
	assert.equal(fieldError(r.body, 'declaration'), '同意が必要です');
});

test('markup typed into the form comes back escaped', async () => {
	const script = '<script>alert("x")</script>';
	const odd = '"\'&<>';
	const pairs = validFields({
		family_kanji: script,
		given_kanji: odd,
		address: `${script}${odd}`,
		experience_abroad: `</textarea>${script}`,
		emergency_name: odd,
		email: `${odd}@example.jp`,
		declaration: undefined,
	});
	const r = await postApply(pairs);
	assert.equal(r.status, 422);
	assert.ok(!r.body.includes('<script'), 'no raw <script> in the page');
	assert.ok(!r.body.includes(odd), 'no raw "\'&<> in the page');
	assert.ok(r.body.includes('&lt;script&gt;alert(&quot;x&quot;)' +
	    '&lt;/script&gt;'));
	assert.equal(inputValue(r.body, 'family_kanji'), script);
	assert.equal(inputValue(r.body, 'given_kanji'), odd);
	assert.equal(inputValue(r.body, 'address'), `${script}${odd}`);
	assert.equal(inputValue(r.body, 'email'), `${odd}@example.jp`);
	assert.equal(textareaValue(r.body, 'experience_abroad'),
	    `</textarea>${script}`);
	assert.equal((r.body.match(/<\/textarea>/g) ?? []).length, 2,
	    'the typed </textarea> did not close the element');
});

test('markup in a stored application is data, shown nowhere raw', async () => {
	const script = '<script>alert("x")</script>';
	const pairs = validFields({ family_kanji: script, given_kanji: '"\'&<>',
	    address: script, experience_abroad: script });
	const app = await submitValid(pairs);
	const status = await get(`/status/${app.token}`);
	for (const body of [app.receipt, status.body]) {
		assert.ok(!body.includes('<script'));
		assert.ok(!body.includes('"\'&<>'));
	}
	assert.deepEqual(sqlObject(`SELECT family_kanji, given_kanji, address,
	    experience_abroad FROM applications WHERE id = ${app.id}`), {
		family_kanji: script, given_kanji: '"\'&<>', address: script,
		experience_abroad: script,
	});
});

test('an applicant without Japanese nationality is told why', async () => {
	const pairs = validFields({ nationality: 'no' });
	const r = await postApply(pairs);
	assert.equal(r.status, 422);
	assert.deepEqual(errorSummary(r.body), ['nationality']);
	assert.match(fieldError(r.body, 'nationality'),
	    /日本国籍を有する方が対象です/);
	assert.ok(isChecked(r.body, 'f-nationality-no'));
	assert.equal(countByEmail(field(pairs, 'email')), 0);
});

test('an applicant under 18 is refused; 18 today is accepted', async () => {
	const young = validFields({ birth_date: jstDate(1, -18) });
	const r = await postApply(young);
	assert.equal(r.status, 422);
	assert.deepEqual(errorSummary(r.body), ['birth_date']);
	assert.equal(fieldError(r.body, 'birth_date'),
	    '応募には18歳以上である必要があります');
	assert.equal(inputValue(r.body, 'birth_date'), jstDate(1, -18));

	const future = await postApply(validFields({ birth_date:
	    jstDate(1) }));
	assert.equal(future.status, 422);
	assert.equal(fieldError(future.body, 'birth_date'),
	    '生年月日が未来の日付になっています');

	const today = jstDate(0, -18);
	if (today.slice(5) !== jstDate().slice(5))
		return;	// 29 February: no 18th birthday today
	const app = await submitValid(validFields({ birth_date: today }));
	assert.equal(sql1(`SELECT birth_date::text FROM applications
	    WHERE id = ${app.id}`), today);
});

test('the CV must be a PDF by its content, not its name', async () => {
	const pairs = validFields();
	const r = await postApply(pairs, { files: [{ name: 'cv',
	    filename: 'cv.pdf', type: 'application/pdf', bytes: png }] });
	assert.equal(r.status, 422);
	assert.deepEqual(errorSummary(r.body), ['cv']);
	assert.equal(fieldError(r.body, 'cv'),
	    '履歴書はPDFファイルを選択してください');
	assert.equal(countByEmail(field(pairs, 'email')), 0);
});

test('the database itself refuses a row that breaks the form\'s rules', async () => {
	const app = await submitValid(validFields());
	const refused = [
		['birth_date = \'1899-12-31\'', /domain birth_date/],
		['max_months = 61', /domain month_count/],
		['declaration = false', /domain affirmed/],
		['japanese_national = false', /domain affirmed/],
		['postcode = NULL', /applications_fields/],
		['emergency_phone = NULL', /applications_fields/],
		['ministry = \'MOFA\'', /applications_fields/],
		['source = \'seconded\'', /applications_fields/],
		['language_other = \'スワヒリ語\'', /applications_fields/],
		['languages = \'{en:fluent,other:basic}\'', /applications_fields/],
		// Only a published notice can have been consented to.
		['privacy_version = \'2099-01\'', /domain privacy_version/],
	];
	for (const [set, message] of refused)
		assert.throws(() => sqlRows(`UPDATE applications SET ${set}
		    WHERE id = ${app.id}`), message, set);
	// A coherent change passes: another language with its name.
	sqlRows(`UPDATE applications SET languages = '{en:fluent,other:basic}',
	    language_other = 'スワヒリ語' WHERE id = ${app.id}`);
	assert.equal(sql1(`SELECT language_other FROM applications
	    WHERE id = ${app.id}`), 'スワヒリ語');
	// A reference's eight letters are unique, whatever its year.
	const other = await submitValid(validFields());
	assert.throws(() => sqlRows(`UPDATE applications SET reference =
	    'PC-1999-' || substr('${app.reference}', 9)
	    WHERE id = ${other.id}`), /applications_reference_letters/);
});

test('the database\'s format domains accept the formats and nothing else', async () => {
	const kana40 = 'ア'.repeat(40);
	const romaji40 = 'A'.repeat(40);
	const cases = {
		kana_name: [['ヤマダ', kana40, 'ヴァ・ー　ヺ'],
		    ['', kana40 + 'ア', 'やまだ', 'ﾔﾏﾀﾞ', 'ヤマダ1']],
		romaji_name: [['YAMADA', 'O NEIL-SMITH', romaji40],
		    ['', romaji40 + 'A', ' YAMADA', '-A', 'Yamada', 'YAMADÁ']],
		phone_number: [['0312345678', '09012345678', '+12345678',
		    '+123456789012345'], ['', '031234567', '090123456789',
		    '+1234567', '+1234567890123456', '+0123456789', '03-1234-5678',
		    '０３１２３４５６７８']],
		postcode: [['1000001', '0000000'], ['', '100001', '10000011',
		    '100-0001', '１０００００１']],
		// Lengths count characters, not bytes.
		name_text: [['山', '山'.repeat(40)], ['', '山'.repeat(41)]],
		person_name: [['山', '山'.repeat(80)], ['', '山'.repeat(81)]],
		short_text: [['課', '課'.repeat(100)], ['', '課'.repeat(101)]],
		address_text: [['町', '町'.repeat(200)], ['', '町'.repeat(201)]],
		email_address: [['a@b', 'あ'.repeat(254)], ['a@', 'あ'.repeat(255)]],
		application_reference: [['PC-2026-ABCDEFGH', 'PC-2026-0123456Z'],
		    ['', 'PC-2026-ABCDEFG', 'PC-2026-ABCDEFGHI', 'PC-20261-ABCDEFG',
		    'PC-202-ABCDEFGHI', 'PC-2026-abcdefgh', 'XX-2026-ABCDEFGH']],
	};
	for (const [domain, [good, bad]] of Object.entries(cases)) {
		for (const v of good)
			assert.equal(sql1(`SELECT :'v'::${domain}`, { v }), v,
			    `${domain} accepts ${v}`);
		for (const v of bad)
			assert.throws(() => sql1(`SELECT :'v'::${domain}`, { v }),
			    new RegExp(`domain ${domain} violates`),
			    `${domain} refuses ${v}`);
	}
});

test('the same e-mail in another case and width is flagged as duplicate', async () => {
	const t = tag();
	const first = await submitValid(validFields({
	    email: `Dup.${t}@Example.jp`, family_kana: randomKana() }));
	const wide = `ＤＵＰ．${t}＠ＥＸＡＭＰＬＥ．ＪＰ`;
	const second = await submitValid(validFields({ email: wide,
	    family_kana: randomKana() }));
	assert.equal(sql1(`SELECT email FROM applications
	    WHERE id = ${second.id}`), `DUP.${t}@EXAMPLE.JP`);
	assert.deepEqual(sqlRows(`SELECT other_id, reason FROM
	    application_duplicates WHERE application_id = ${second.id}`),
	    [[first.id, 'email']]);
	assert.deepEqual(sqlRows(`SELECT other_id, reason FROM
	    application_duplicates WHERE application_id = ${first.id}`),
	    [[second.id, 'email']], 'the earlier one lists the later one');
	// Both are accepted: the reviewers decide.
	for (const app of [first, second])
		assert.equal(statusOf((await get(`/status/${app.token}`)).body)
		    .code, 'submitted');
});

test('the same furigana and birth date are flagged as duplicate', async () => {
	const kana = randomKana(8);
	const hira = [...kana].map((c) => String.fromCodePoint(
	    c.codePointAt(0) - 0x60)).join('');
	const birth = `19${String(50 + Math.floor(Math.random() * 40))}-0` +
	    `${1 + Math.floor(Math.random() * 9)}-1${Math.floor(Math.random() *
	    9)}`;
	const first = await submitValid(validFields({ family_kana: kana,
	    birth_date: birth }));
	const second = await submitValid(validFields({ family_kana: hira,
	    birth_date: birth }));
	const other = await submitValid(validFields({ family_kana: kana,
	    birth_date: '1950-01-01' }));
	assert.deepEqual(sqlRows(`SELECT other_id, reason FROM
	    application_duplicates WHERE application_id = ${second.id}`),
	    [[first.id, 'kana_birth']]);
	assert.deepEqual(sqlRows(`SELECT other_id FROM application_duplicates
	    WHERE application_id = ${other.id} AND other_id IN (${first.id},
	    ${second.id})`), []);
});

test('the status page shows the status and the withdrawal form', async () => {
	const app = await submitValid(validFields());
	const r = await get(`/status/${app.token}`);
	assert.equal(r.status, 200);
	assert.equal(r.res.headers.get('cache-control'), 'no-store');
	assert.deepEqual(statusOf(r.body), { code: 'submitted',
	    text: '受付済み' });
	assert.ok(r.body.includes(`<dd class="reference">${app.reference}</dd>`));
	assert.ok(r.body.includes(`<form method="post" action="/status/${
	    app.token}">`));
	assert.match(r.body, /name="confirm" value="1"/);
	const today = jstDate();
	assert.ok(r.body.includes(`<time datetime="${today}">`),
	    'submitted today (JST)');
});

test('withdrawing needs the confirmation box', async () => {
	const app = await submitValid(validFields());
	const r = await withdraw(app.token, '');
	assert.equal(r.status, 422);
	const body = await r.text();
	assert.equal(fieldError(body, 'confirm'),
	    '取り下げる場合はチェックを入れてください');
	assert.equal(statusOf(body).code, 'submitted');
	assert.equal(sql1(`SELECT status FROM applications
	    WHERE id = ${app.id}`), 'submitted');
});

test('withdrawing with confirmation ends the application', async () => {
	const app = await submitValid(validFields());
	const r = await withdraw(app.token, 'confirm=1');
	assert.equal(r.status, 303);
	assert.equal(r.headers.get('location'), `/status/${app.token}`);
	await r.arrayBuffer();
	assert.equal(sql1(`SELECT status FROM applications
	    WHERE id = ${app.id}`), 'withdrawn');
	assert.deepEqual(sqlRows(`SELECT coalesce(from_status, '-'),
	    to_status, actor FROM application_history
	    WHERE application_id = ${app.id} ORDER BY id`), [
		['-', 'submitted', 'applicant'],
		['submitted', 'withdrawn', 'applicant'],
	]);
	const page = await get(`/status/${app.token}`);
	assert.deepEqual(statusOf(page.body), { code: 'withdrawn',
	    text: '取り下げ済み' });
	assert.ok(!page.body.includes('name="confirm"'),
	    'no withdrawal form once withdrawn');
	// A second withdrawal changes nothing.
	const again = await withdraw(app.token, 'confirm=1');
	await again.arrayBuffer();
	assert.equal(Number(sql1(`SELECT count(*) FROM
	    application_history WHERE application_id = ${app.id}`)), 2);
});

test('an application in screening can be withdrawn, a decided one not',
    async () => {
	const screening = await submitValid(validFields());
	sqlRows(`UPDATE applications SET status = 'screening'
	    WHERE id = ${screening.id}`);
	const r = await withdraw(screening.token, 'confirm=1');
	assert.equal(r.status, 303);
	assert.equal(sql1(`SELECT status FROM applications
	    WHERE id = ${screening.id}`), 'withdrawn');
	assert.equal(sql1(`SELECT from_status FROM application_history
	    WHERE application_id = ${screening.id} AND to_status = 'withdrawn'`),
	    'screening');
	for (const final of ['accepted', 'rejected']) {
		const app = await submitValid(validFields());
		sqlRows(`UPDATE applications SET status = 'screening'
		    WHERE id = ${app.id}; UPDATE applications SET status =
		    '${final}' WHERE id = ${app.id}`);
		const page = await get(`/status/${app.token}`);
		assert.ok(!page.body.includes('name="confirm"'), final);
		const w = await withdraw(app.token, 'confirm=1');
		assert.equal(w.status, 303);
		assert.equal(sql1(`SELECT status FROM applications
		    WHERE id = ${app.id}`), final, `${final} stays`);
	}
});

test('a cross-site withdrawal is refused and changes nothing', async () => {
	const app = await submitValid(validFields());
	const cross = await withdraw(app.token, 'confirm=1',
	    { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
	assert.equal(cross.status, 403);
	assert.match(await cross.text(), /操作を受け付けませんでした/);
	const origin = await withdraw(app.token, 'confirm=1',
	    { origin: 'https://evil.example' });
	assert.equal(origin.status, 403);
	await origin.arrayBuffer();
	const site = await withdraw(app.token, 'confirm=1',
	    { 'sec-fetch-site': 'same-site', origin: base });
	assert.equal(site.status, 403, 'a sibling subdomain is not us');
	await site.arrayBuffer();
	assert.equal(sql1(`SELECT status FROM applications
	    WHERE id = ${app.id}`), 'submitted');
	assert.equal(Number(sql1(`SELECT count(*) FROM
	    application_history WHERE application_id = ${app.id}`)), 1);
});

test('?lang=en switches to English and remembers it in a cookie', async () => {
	const r = await get('/apply?lang=en');
	assert.equal(r.status, 200);
	assert.match(r.body, /<html lang="en">/);
	assert.ok(r.body.includes('<button type="submit" class="button">' +
	    'Submit application</button>'));
	const cookie = r.res.headers.get('set-cookie');
	assert.match(cookie, /^lang=en;/);
	assert.match(cookie, /; HttpOnly/i);
	assert.match(cookie, /; SameSite=Lax/i);
	assert.match(cookie, /; Path=\//);

	const ja = await get('/apply');
	assert.match(ja.body, /<html lang="ja">/);
	assert.equal(ja.res.headers.get('set-cookie'), null);

	const headers = { cookie: 'lang=en' };
	const bad = await postApply(validFields({ email: 'nope',
	    privacy: undefined }), { headers });
	assert.equal(bad.status, 422);
	assert.match(bad.body, /<html lang="en">/);
	assert.equal(fieldError(bad.body, 'email'),
	    'Enter an e-mail address like name@example.jp');
	assert.equal(fieldError(bad.body, 'privacy'),
	    'You must tick this box to apply');
	assert.ok(!bad.body.includes('入力してください'));

	const app = await submitValid(validFields(), { headers });
	assert.equal(sql1(`SELECT lang FROM applications
	    WHERE id = ${app.id}`), 'en');
	const status = await get(`/status/${app.token}`, { headers });
	assert.deepEqual(statusOf(status.body), { code: 'submitted',
	    text: 'Submitted' });
	// ?lang=ja wins over the cookie and switches back.
	const back = await get(`/status/${app.token}?lang=ja`, { headers });
	assert.match(back.body, /<html lang="ja">/);
	assert.match(back.res.headers.get('set-cookie'), /^lang=ja;/);
	assert.equal(receiptReference((await get(app.location,
	    { headers })).body), app.reference);
});

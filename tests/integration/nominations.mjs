// Nominations by seconding ministries, made directly in the database as
// the superuser: for tests of what reviewers (and liaison officers) see
// of a nomination without going through the nomination form.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { fixtures, jstDate, randomKana, sql1, tag } from './lib.mjs';
import { createStaff } from './staff.mjs';

// The PDF the tests use as a nomination letter.
export const letterPdf = readFileSync(join(fixtures, 'tiny.pdf'));

// A reference number in the application's format, random.
function randomReference() {
	const abc = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
	let s = '';
	for (const b of randomBytes(8))
		s += abc[b % abc.length];
	return `PC-${jstDate().slice(0, 4)}-${s}`;
}

// Inserts a nomination of ministry (a code) as its liaison officer
// would submit it: the application (source 'seconded', without the
// public form's address, emergency contact and status link), its
// 'submitted' history row, the nomination's details and, unless letter
// is null, its letter.  account is the liaison's login (one is created
// when absent).  Any detail can be overridden.  Returns {id, reference,
// account, ...the values used}.
export function insertNomination(ministry, opts = {}) {
	const v = {
		account: null,
		family_kanji: '佐藤',
		given_kanji: '一郎',
		family_kana: randomKana(),
		given_kana: 'イチロウ',
		family_romaji: 'SATO',
		given_romaji: 'ICHIRO',
		birth_date: '1980-06-15',
		email: `ichiro.${tag()}@example.go.jp`,
		phone: '0335812111',
		department: '総合外交政策局',
		post: '事務官',
		grade: '行政職3級',
		period_start: jstDate(90),
		period_end: jstDate(455),
		supervisor_name: '鈴木次郎',
		supervisor_title: '課長',
		consent_date: jstDate(-3),
		letter: letterPdf,
		letter_name: '推薦書.pdf',
		...opts,
	};
	if (v.account === null)
		v.account = createStaff('ministry', { ministry }).login;
	v.reference = randomReference();
	const vars = { ...v, ministry, letter: v.letter === null ? '' :
	    Buffer.from(v.letter).toString('base64') };
	v.id = sql1(`WITH acct AS (SELECT id, login FROM staff_accounts
	    WHERE login = :'account'),
	app AS (INSERT INTO applications (reference, form_token_hash, source,
	    ministry, lang, family_kanji, given_kanji, family_kana, given_kana,
	    family_romaji, given_romaji, birth_date, japanese_national, email,
	    phone, earliest_start, max_months, operations, privacy_version,
	    declaration, email_key, kana_key, search_key) VALUES (:'reference',
	    sha256(convert_to(:'reference', 'UTF8')), 'seconded', :'ministry',
	    'ja', :'family_kanji', :'given_kanji', :'family_kana', :'given_kana',
	    :'family_romaji', :'given_romaji', :'birth_date', true, :'email',
	    :'phone', :'period_start', 12, ARRAY['pko'], '2026-04', true,
	    lower(:'email'), :'family_kana' || :'given_kana',
	    corps_search_key(:'family_kanji', :'given_kanji', :'family_kana',
	    :'given_kana', :'family_romaji', :'given_romaji')) RETURNING id),
	nom AS (INSERT INTO nominations SELECT app.id, acct.id, :'department',
	    :'post', :'grade', :'period_start', :'period_end',
	    :'supervisor_name', :'supervisor_title', :'consent_date'
	    FROM app, acct),
	letter AS (INSERT INTO nomination_letters SELECT app.id,
	    :'letter_name', decode(:'letter', 'base64') FROM app
	    WHERE :'letter' <> '')
	SELECT id FROM app`, vars);
	return v;
}

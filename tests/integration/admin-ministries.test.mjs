// /admin/ministries through nginx: an administrator adds a ministry and
// corrects its names (the code never changes), a taken code or name is a
// message at its field with the values kept, every change is audited,
// the reviewer's ministry filter shows a change at once, and no one but
// an administrator gets in.  Needs a running stack (see ./stack).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import {
	errorSummary, fieldError, inputValue, sqlObject, sqlRows, tag,
} from './lib.mjs';
import { Client, sameOrigin, staffClient } from './staff.mjs';

const admin = await staffClient('admin');
const reviewer = await staffClient('reviewer');

const LIST = '/admin/ministries';
const NEW = `${LIST}/new`;
const edit = (code) => `${LIST}/${code}/edit`;

// A code no other test run uses: "Z" and five random letters.
function newCode() {
	let s = 'Z';
	for (const b of randomBytes(5))
		s += String.fromCharCode(65 + (b % 26));
	return s;
}

// Unique names for a new ministry.
function newNames() {
	const t = tag();
	return { name_ja: `試験庁${t}`, name_en: `Test Agency ${t}` };
}

// The ministry's row, or undefined.
function stored(code) {
	const rows = sqlRows('SELECT name_ja, name_en FROM ministries ' +
	    'WHERE code = :\'code\'', { code });
	return rows.length === 0 ? undefined
	    : { name_ja: rows[0][0], name_en: rows[0][1] };
}

// Audit rows of action on ministry code, oldest first, parsed.
function audits(code, action) {
	return sqlRows('SELECT login, object_type, coalesce(before::text, ' +
	    '\'null\'), coalesce(after::text, \'null\') FROM audit_log WHERE ' +
	    'action = :\'action\' AND object_id = :\'code\' ORDER BY id',
	{ code, action }).map(([login, type, before, after]) => ({ login,
	    type, before: JSON.parse(before), after: JSON.parse(after) }));
}

// Adds a ministry through the form and checks the redirect.
async function add(code = newCode(), names = newNames()) {
	const r = await admin.post(NEW, { code, ...names });
	assert.equal(r.status, 303, errorSummary(r.body).join(','));
	assert.equal(r.location, LIST);
	return { code, ...names };
}

// The labels of the options of the reviewer list's ministry filter, by
// code.
async function ministryFilter(c, query = '') {
	const r = await c.get(`/review/applications${query}`);
	assert.equal(r.status, 200);
	const sel = /<select id="f-ministry"[^>]*>([\s\S]*?)<\/select>/
	    .exec(r.body);
	assert.ok(sel, 'the list has a ministry filter');
	return Object.fromEntries([...sel[1].matchAll(
	    /<option value="([A-Z]+)"[^>]*>([^<]*)<\/option>/g)]
	    .map((m) => [m[1], m[2]]));
}

test('the list shows every ministry with its liaison accounts', async () => {
	await staffClient('ministry', { ministry: 'MOJ' });
	const r = await admin.get(LIST);
	assert.equal(r.status, 200);
	assert.match(r.body, /<tr id="ministry-MOFA">\s*<th scope="row">MOFA<\/th>\s*<td lang="ja">外務省<\/td>\s*<td lang="en">Ministry of Foreign Affairs<\/td>/);
	const count = sqlObject('SELECT count(*)::int AS n FROM staff_accounts ' +
	    'WHERE ministry = \'MOJ\' AND disabled_at IS NULL').n;
	assert.ok(count >= 1);
	assert.match(r.body, new RegExp(`<tr id="ministry-MOJ">[\\s\\S]*?<td class="num">${count}</td>`));
	assert.match(r.body, /<a href="\/admin\/ministries\/MOJ\/edit">/);
	assert.match(r.body, /<a href="\/admin\/ministries">/, 'the nav links it');
	// The nav links it for administrators only.
	const rv = await reviewer.get('/review');
	assert.doesNotMatch(rv.body, /href="\/admin\/ministries"/);
});

test('an administrator adds a ministry; audited; the reviewers see it at once', async () => {
	const code = newCode();
	const names = newNames();
	const form = await admin.get(NEW);
	assert.equal(form.status, 200);
	assert.equal(inputValue(form.body, 'code'), '');
	// Typed in lower case and full width, the code is folded.
	const typed = code.toLowerCase().replace(/[a-z]/g,
	    (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xFEE0));
	await add(typed, names);
	assert.deepEqual(stored(code), names);
	const list = await admin.get(LIST);
	assert.match(list.body, new RegExp(`<tr id="ministry-${code}">`));
	assert.ok(list.body.includes(names.name_ja));
	const a = audits(code, 'ministry.add');
	assert.equal(a.length, 1);
	assert.equal(a[0].login, admin.account.login);
	assert.equal(a[0].type, 'ministry');
	assert.equal(a[0].before, null);
	assert.deepEqual(a[0].after, { code, ...names });
	assert.equal((await ministryFilter(reviewer))[code], names.name_ja);
	// A liaison account can be bound to it.
	await staffClient('ministry', { ministry: code });
});

test('a taken code or name is a 422 at its field with the values kept', async () => {
	const cases = [
		['code', { code: 'MOFA', ...newNames() }],
		['code', { code: 'mofa', ...newNames() }],
		['name_ja', { code: newCode(), ...newNames(), name_ja: '外務省' }],
		['name_en', { code: newCode(), ...newNames(),
		    name_en: 'Ministry of Defense' }],
	];
	for (const [field, values] of cases) {
		const r = await admin.post(NEW, values);
		assert.equal(r.status, 422, field);
		assert.deepEqual(errorSummary(r.body), [field]);
		assert.match(fieldError(r.body, field), /already|すでに/);
		for (const k of ['name_ja', 'name_en'])
			assert.equal(inputValue(r.body, k), values[k]);
		assert.equal(inputValue(r.body, 'code'),
		    values.code.toUpperCase());
		if (values.code !== 'MOFA' && values.code !== 'mofa')
			assert.equal(stored(values.code), undefined);
	}
	assert.equal(stored('MOFA').name_ja, '外務省');
	// Code and both names taken: three messages.
	const all = await admin.post(NEW, { code: 'MOD', name_ja: '防衛省',
	    name_en: 'Ministry of Defense' });
	assert.equal(all.status, 422);
	assert.deepEqual(errorSummary(all.body), ['code', 'name_ja', 'name_en']);
});

test('a code must be 2 to 8 letters A to Z; names 1 to 100 characters', async () => {
	for (const code of ['M', 'ABCDEFGHI', 'MO1', 'MÖ', 'M-A', '']) {
		const r = await admin.post(NEW, { code, ...newNames() });
		assert.equal(r.status, 422, code);
		assert.deepEqual(errorSummary(r.body), ['code'], code);
		assert.equal(inputValue(r.body, 'code'), code);
	}
	const code = newCode();
	const r = await admin.post(NEW, { code, name_ja: '',
	    name_en: 'x'.repeat(101) });
	assert.equal(r.status, 422);
	assert.deepEqual(errorSummary(r.body), ['name_ja', 'name_en']);
	assert.equal(inputValue(r.body, 'name_en'), 'x'.repeat(101));
	assert.equal(stored(code), undefined);
	// 100 characters, most of them three bytes in UTF-8: accepted.
	await add(newCode(), { name_ja: '試'.repeat(88) + tag(),
	    name_en: 'y'.repeat(88) + tag() });
});

test('an administrator corrects the names; the code stays; audited', async () => {
	const m = await add();
	const form = await admin.get(edit(m.code));
	assert.equal(form.status, 200);
	assert.equal(inputValue(form.body, 'name_ja'), m.name_ja);
	assert.equal(inputValue(form.body, 'name_en'), m.name_en);
	assert.match(form.body, new RegExp(`<dd id="ministry-code">${m.code}</dd>`));
	assert.doesNotMatch(form.body, /name="code"/);
	const names = newNames();
	// A code in the request is not a field of this form: ignored.
	const r = await admin.post(edit(m.code), { ...names, code: 'XYZ' });
	assert.equal(r.status, 303);
	assert.equal(r.location, LIST);
	assert.deepEqual(stored(m.code), names);
	assert.equal(stored('XYZ'), undefined);
	const a = audits(m.code, 'ministry.edit');
	assert.equal(a.length, 1);
	assert.equal(a[0].login, admin.account.login);
	assert.deepEqual(a[0].before, { code: m.code, name_ja: m.name_ja,
	    name_en: m.name_en });
	assert.deepEqual(a[0].after, { code: m.code, ...names });
	// At once, in both languages, for a reviewer whose worker may be
	// any of them.
	const fresh = await staffClient('reviewer');
	assert.equal((await ministryFilter(fresh))[m.code], names.name_ja);
	assert.equal((await ministryFilter(fresh, '?lang=en'))[m.code],
	    names.name_en);
	// Saving the same names changes nothing and audits nothing.
	const same = await admin.post(edit(m.code), names);
	assert.equal(same.status, 303);
	assert.equal(audits(m.code, 'ministry.edit').length, 1);
});

test('editing to another ministry\'s name is a 422 with the values kept', async () => {
	const m = await add();
	const r = await admin.post(edit(m.code), { name_ja: '外務省',
	    name_en: m.name_en });
	assert.equal(r.status, 422);
	assert.deepEqual(errorSummary(r.body), ['name_ja']);
	assert.equal(inputValue(r.body, 'name_ja'), '外務省');
	assert.equal(inputValue(r.body, 'name_en'), m.name_en);
	const empty = await admin.post(edit(m.code), { name_ja: m.name_ja,
	    name_en: '   ' });
	assert.equal(empty.status, 422);
	assert.deepEqual(errorSummary(empty.body), ['name_en']);
	assert.deepEqual(stored(m.code), { name_ja: m.name_ja,
	    name_en: m.name_en });
	assert.equal(audits(m.code, 'ministry.edit').length, 0);
});

test('an unknown code is a 404', async () => {
	for (const code of ['NOPE', 'mofa', 'MOFA%2Fx'])
		assert.equal((await admin.get(edit(code))).status, 404, code);
	assert.equal((await admin.post(edit('NOPE'), newNames())).status, 404);
	assert.equal((await admin.post(edit('NOPE'), { name_ja: '' })).status,
	    404);
});

test('reviewers and liaison officers get 403; visitors the sign-in', async () => {
	const liaison = await staffClient('ministry', { ministry: 'MOFA' });
	for (const c of [reviewer, liaison]) {
		for (const p of [LIST, NEW, edit('MOFA')])
			assert.equal((await c.get(p)).status, 403, p);
		for (const p of [NEW, edit('MOFA')]) {
			const r = await c.post(p, { code: newCode(), ...newNames(),
			    csrf: c.csrf ?? 'x' });
			assert.equal(r.status, 403, p);
		}
	}
	assert.equal(stored('MOFA').name_ja, '外務省');
	const anon = new Client();
	const r = await anon.get(LIST);
	assert.equal(r.status, 303);
	assert.match(r.location, /^\/login\?next=/);
});

test('every POST needs CSRF proof', async () => {
	const m = await add();
	const posts = [[NEW, { code: newCode(), ...newNames() }],
	    [edit(m.code), newNames()]];
	for (const [p, fields] of posts) {
		let r = await admin.post(p, fields, { csrf: false });
		assert.equal(r.status, 403, `${p} without a token`);
		r = await admin.post(p, { ...fields, csrf: 'forged' });
		assert.equal(r.status, 403, `${p} with a wrong token`);
		r = await admin.post(p, fields, { headers: { ...sameOrigin,
		    'sec-fetch-site': 'cross-site' } });
		assert.equal(r.status, 403, `${p} from another site`);
	}
	assert.equal(stored(posts[0][1].code), undefined);
	assert.deepEqual(stored(m.code), { name_ja: m.name_ja,
	    name_en: m.name_en });
});

// The applicants' notices (issue 13), read from mail_outbox as the
// superuser: a decision queues one status_changed row in its own
// transaction (none for a stale decision, a nomination or an applicant
// who opted out); the status page's opt-out; the lost-link page, which
// issues a new status link by mail, answers the same whatever was
// entered, holds its limits under parallel requests, and keeps a
// resubmitted old form from becoming a second application.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
	fieldError, get, holdApplication, inputValue, postApply, randomKana, request, sql1,
	sqlRows, stack, submitValid, tag, validFields,
} from './lib.mjs';
import { insertNomination } from './nominations.mjs';
import { sameOrigin, staffClient } from './staff.mjs';

const reviewer = await staffClient('reviewer');

// The detail page's path.
const page = (id) => `/review/applications/${id}`;

// POSTs a decision with the version the page's form carries.
async function decide(id, to, reason = '', version = null) {
	const p = await reviewer.get(page(id));
	assert.equal(p.status, 200);
	version ??= /<input type="hidden" name="version" value="(\d+)">/
	    .exec(p.body)[1];
	return reviewer.post(`${page(id)}/decision`, { to, reason, version });
}

// The outbox rows of application id of kind: [{lang, recipient, data}].
function mails(id, kind) {
	return sqlRows('SELECT lang, recipient, data::text FROM mail_outbox ' +
	    'WHERE application_id = :\'id\' AND kind = :\'kind\' ORDER BY id',
	    { id, kind }).map(([lang, recipient, data]) =>
		({ lang, recipient, data: JSON.parse(data) }));
}

// Every lost_link row, to see that a request queued none for anyone.
function lostLinkCount() {
	return Number(sql1('SELECT count(*) FROM mail_outbox ' +
	    'WHERE kind = \'lost_link\''));
}

// A public application with a unique address (and furigana), submitted
// in lang.  Returns submitValid's result and its address and pairs.
async function apply(lang = 'ja') {
	const email = `mail.${tag()}@example.jp`;
	const pairs = validFields({ email, family_kana: randomKana() });
	const app = await submitValid(pairs,
	    lang === 'en' ? { query: '?lang=en' } : {});
	return { ...app, email, pairs };
}

// POSTs the status page's notice choice.
function optOut(token, value, headers = sameOrigin) {
	return request(`/status/${token}/mail`, { method: 'POST',
	    headers: { ...headers,
	    'content-type': 'application/x-www-form-urlencoded' },
	    body: `opt_out=${value}` });
}

// POSTs the lost-link form; returns {status, location, body}.
async function lostLink(email, reference, headers = sameOrigin) {
	const res = await request('/lost-link', { method: 'POST',
	    headers: { ...headers,
	    'content-type': 'application/x-www-form-urlencoded' },
	    body: new URLSearchParams({ email, reference }) });
	return { status: res.status, location: res.headers.get('location'),
	    body: await res.text() };
}

test('a decision queues one status_changed mail, in the applicant\'s language, without the reason', async () => {
	const app = await apply('en');
	assert.equal((await decide(app.id, 'screening')).status, 303);
	assert.deepEqual(mails(app.id, 'status_changed'), [],
	    'screening is not a decision');
	assert.equal((await decide(app.id, 'rejected', '経験が要件に満たない'))
	    .status, 303);
	assert.deepEqual(mails(app.id, 'status_changed'), [{ lang: 'en',
	    recipient: app.email,
	    data: { reference: app.reference, status: 'rejected' } }]);

	const ja = await apply('ja');
	await decide(ja.id, 'screening');
	await decide(ja.id, 'accepted');
	assert.deepEqual(mails(ja.id, 'status_changed'), [{ lang: 'ja',
	    recipient: ja.email,
	    data: { reference: ja.reference, status: 'accepted' } }]);
});

test('a stale decision (409) queues no mail, also when the change is caught by its statement', async () => {
	const app = await apply();
	await decide(app.id, 'screening');
	const r = await decide(app.id, 'accepted', '', '1');
	assert.equal(r.status, 409);
	assert.deepEqual(mails(app.id, 'status_changed'), []);

	// Another session bumps the version and holds the row while the
	// decision, loaded before, runs: its UPDATE then matches nothing.
	const page1 = await reviewer.get(page(app.id));
	const { done } = await holdApplication(app.id);
	const raced = await reviewer.post(`${page(app.id)}/decision`,
	    { to: 'accepted', reason: '', version: /name="version" value="(\d+)"/
	    .exec(page1.body)[1] });
	assert.equal(await done, 0);
	assert.equal(raced.status, 409);
	assert.equal(sql1('SELECT status FROM applications WHERE id = :\'id\'',
	    { id: app.id }), 'screening');
	assert.deepEqual(mails(app.id, 'status_changed'), []);

	// The same decision from the current page: its one notice.
	assert.equal((await decide(app.id, 'accepted')).status, 303);
	assert.equal(mails(app.id, 'status_changed').length, 1);
});

test('a decision on a nomination queues no applicant notice', async () => {
	const nom = insertNomination('MOFA');
	const pub = await apply();
	for (const id of [nom.id, pub.id]) {
		assert.equal((await decide(id, 'screening')).status, 303);
		assert.equal((await decide(id, 'accepted')).status, 303);
	}
	assert.deepEqual(mails(nom.id, 'status_changed'), []);
	assert.equal(mails(pub.id, 'status_changed').length, 1,
	    'a public application decided alike gets its notice');
});

test('an applicant can opt out of the notices on the status page, and back in', async () => {
	const app = await apply();
	const status = `/status/${app.token}`;
	let page = await get(status);
	assert.match(page.body, /action="\/status\/[^"]+\/mail"/);
	assert.match(page.body, /メールでのお知らせを止める/);

	// Not from another site, not without a choice, not for a dead link.
	assert.equal((await optOut(app.token, '1', { 'sec-fetch-site':
	    'cross-site', origin: 'https://evil.example' })).status, 403);
	assert.equal((await optOut(app.token, 'x')).status, 400);
	assert.equal((await optOut(app.token.replace(/^./, (c) =>
	    c === 'A' ? 'B' : 'A'), '1')).status, 404);
	assert.equal(sql1('SELECT mail_opt_out FROM applications ' +
	    'WHERE id = :\'id\'', { id: app.id }), 'f');

	const off = await optOut(app.token, '1');
	assert.equal(off.status, 303);
	assert.equal(off.headers.get('location'), `${status}?mail=off`);
	page = await get(`${status}?mail=off`);
	assert.equal(page.status, 200);
	assert.match(page.body, /メールでのお知らせを止めました。/);
	assert.match(page.body, /メールでのお知らせを再開する/);
	await decide(app.id, 'screening');
	await decide(app.id, 'rejected', '理由');
	assert.deepEqual(mails(app.id, 'status_changed'), [],
	    'opted out: no notice');

	const on = await optOut(app.token, '0');
	assert.equal(on.status, 303);
	assert.equal(on.headers.get('location'), `${status}?mail=on`);
	assert.match((await get(`${status}?mail=on&lang=en`)).body,
	    /E-mail notices are on\./);
	const again = await apply();
	await optOut(again.token, '1');
	await optOut(again.token, '0');
	await decide(again.id, 'screening');
	await decide(again.id, 'accepted');
	assert.equal(mails(again.id, 'status_changed').length, 1,
	    'opted back in: the notice');
});

test('a lost link is replaced and mailed: the new link works, the old one is 404', async () => {
	const app = await apply('en');
	const form = await get('/lost-link');
	assert.equal(form.status, 200);
	assert.match(form.body, /<form method="post" action="\/lost-link"/);

	// Typed in full-width and lower case, as a phone may.
	const r = await lostLink(app.email.toUpperCase(),
	    app.reference.toLowerCase().replace('-', '－'));
	assert.equal(r.status, 303);
	assert.equal(r.location, '/lost-link?sent=1');
	const rows = mails(app.id, 'lost_link');
	assert.equal(rows.length, 1);
	assert.equal(rows[0].lang, 'en');
	assert.equal(rows[0].recipient, app.email);
	assert.equal(rows[0].data.reference, app.reference);
	assert.deepEqual(Object.keys(rows[0].data).sort(),
	    ['link_path', 'reference']);
	const m = /^\/status\/([A-Za-z0-9_-]{43})$/.exec(rows[0].data.link_path);
	assert.ok(m, rows[0].data.link_path);
	assert.notEqual(m[1], app.token);

	const fresh = await get(rows[0].data.link_path);
	assert.equal(fresh.status, 200);
	assert.match(fresh.body, new RegExp(app.reference));
	for (const old of [`/status/${app.token}`, `/receipt/${app.token}`]) {
		const dead = await get(old);
		assert.equal(dead.status, 404, old);
		assert.match(dead.body, /<a href="\/lost-link">/);
	}
});

test('the lost-link page answers the same whatever was entered, and mails only on a match', async () => {
	const app = await apply();
	const other = await apply();
	const before = lostLinkCount();
	const answers = [
		await lostLink(`nobody.${tag()}@example.jp`, app.reference),
		await lostLink(app.email, other.reference),
		await lostLink(app.email, 'PC-2026-ZZZZZZZZ'),
	];
	for (const a of answers)
		assert.deepEqual({ status: a.status, location: a.location },
		    { status: 303, location: '/lost-link?sent=1' });
	assert.equal(lostLinkCount(), before, 'no mail for a mismatch');
	assert.equal((await get(`/status/${app.token}`)).status, 200,
	    'the link still works');
	const sent = await get('/lost-link?sent=1');
	assert.match(sent.body, /role="status"/);

	// Malformed: 422 with the form and what was typed, no mail.
	const bad = await lostLink('not-an-address', 'PC-26-1');
	assert.equal(bad.status, 422);
	assert.equal(inputValue(bad.body, 'email'), 'not-an-address');
	assert.equal(inputValue(bad.body, 'reference'), 'PC-26-1');
	assert.ok(fieldError(bad.body, 'email'));
	assert.ok(fieldError(bad.body, 'reference'));
	assert.equal((await lostLink('', app.reference)).status, 422);
	assert.equal((await lostLink(app.email, 'PC-2026-0OOOOOOO')).status,
	    422, 'letters a reference never has');
	assert.equal(lostLinkCount(), before);

	// Not from another site.
	assert.equal((await lostLink(app.email, app.reference,
	    { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }))
	    .status, 403);
	assert.equal(lostLinkCount(), before);
});

test('the lost-link limits hold under parallel requests, per address and per reference', async () => {
	// Ten at once for one application: three links at most.
	const app = await apply();
	const all = await Promise.all(Array.from({ length: 10 },
	    () => lostLink(app.email, app.reference)));
	for (const a of all)
		assert.equal(a.location, '/lost-link?sent=1');
	assert.equal(mails(app.id, 'lost_link').length, 3);

	// Three wrong addresses for a reference use up the reference.
	const byRef = await apply();
	await Promise.all(Array.from({ length: 3 },
	    () => lostLink(`x.${tag()}@example.jp`, byRef.reference)));
	const r1 = await lostLink(byRef.email, byRef.reference);
	assert.equal(r1.location, '/lost-link?sent=1');
	assert.deepEqual(mails(byRef.id, 'lost_link'), []);

	// Three wrong references for an address use up the address.
	const byMail = await apply();
	await Promise.all(['PC-2026-AAAAAAAA', 'PC-2026-BBBBBBBB',
	    'PC-2026-CCCCCCCC'].map((ref) => lostLink(byMail.email, ref)));
	const r2 = await lostLink(byMail.email, byMail.reference);
	assert.equal(r2.location, '/lost-link?sent=1');
	assert.deepEqual(mails(byMail.id, 'lost_link'), []);
	assert.equal((await get(`/status/${byMail.token}`)).status, 200);
});

test('a resubmitted old form after a lost link is no second application', async () => {
	const app = await apply();
	// The form retried before the link was replaced: the same receipt.
	const retry = await postApply(app.pairs);
	assert.equal(retry.location, app.location);

	await lostLink(app.email, app.reference);
	assert.equal(mails(app.id, 'lost_link').length, 1);
	const again = await postApply(app.pairs);
	assert.equal(again.status, 409);
	assert.match(again.body, /<a href="\/lost-link">/);
	assert.equal(sql1('SELECT count(*) FROM applications ' +
	    'WHERE email = :\'e\'', { e: app.email }), '1');
	assert.equal((await get(`/receipt/${app.token}`)).status, 404);
});

// A nomination in a real browser (headless Chromium through
// playwright-core): a liaison officer signs in (sent there from
// /ministry and brought back), nominates an officer with a nomination
// letter, first forgetting the letter, and sees the nomination listed; a
// reviewer in another browser context screens and accepts it and writes
// to the ministry; the liaison reloads and sees it accepted, with the
// Secretariat's message.
// Needs a running stack (./stack) and Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { base, fixtures, jstDate, randomKana, sql1 } from './lib.mjs';
import { useBrowser } from './browser.mjs';
import { createStaff } from './staff.mjs';

const chrome = useBrowser();

// Signs in on the login page the browser was sent to.
async function signIn(page, acct) {
	await page.fill('#f-login', acct.login);
	await page.fill('#f-password', acct.password);
	await Promise.all([page.waitForNavigation(),
	    page.click('form[action="/login"] button[type="submit"]')]);
}

// Submits the form whose action ends with action.
async function submit(page, action) {
	await Promise.all([page.waitForNavigation(),
	    page.click(`form[action$="${action}"] button[type="submit"]`)]);
}

// Fills the nomination form (files aside).
async function fillNomination(page, kana) {
	const text = {
		family_kanji: '外務', given_kanji: '一郎', family_kana: kana,
		given_kana: 'イチロウ', family_romaji: 'GAIMU',
		given_romaji: 'ICHIRO', birth_date: '1980-02-03',
		department: '国際協力局', post: '企画官', grade: '8級',
		email: `ichiro.${kana.length}@example.go.jp`,
		phone: '03-3580-3311', period_start: jstDate(60),
		period_end: jstDate(60 + 180), supervisor_name: '外務次郎',
		supervisor_title: '国際協力局長', consent_date: jstDate(-1),
	};
	for (const [name, value] of Object.entries(text))
		await page.fill(`#f-${name}`, value);
	await page.selectOption('#f-lang_en', 'working');
	await page.check('#f-expertise-civil_admin');
	await page.check('#f-operations-pko');
	await page.check('#f-officer_consent');
	await page.check('#f-declaration');
}

test('a liaison nominates, a reviewer accepts, the liaison sees it',
    async () => {
	const liaison = createStaff('ministry', { ministry: 'MOFA' });
	const rev = createStaff('reviewer');
	const kana = randomKana(7);
	const ctx = await chrome.browser.newContext({ locale: 'ja-JP' });
	const page = await ctx.newPage();
	page.setDefaultTimeout(10000);

	await page.goto(`${base}/ministry`);
	assert.match(page.url(), /\/login\?next=/);
	await signIn(page, liaison);
	assert.equal(new URL(page.url()).pathname, '/ministry');
	await Promise.all([page.waitForNavigation(),
	    page.click('a[href="/ministry/nominations/new"]')]);

	// Without the letter the form comes back, values kept.
	await fillNomination(page, kana);
	await submit(page, '/ministry/nominations/new');
	assert.match(await page.textContent('.error-summary'), /推薦書/);
	assert.equal(await page.inputValue('#f-family_kana'), kana);
	assert.ok(await page.isChecked('#f-operations-pko'));
	await page.setInputFiles('#f-letter', join(fixtures, 'tiny.pdf'));
	await submit(page, '/ministry/nominations/new');
	const m = /\/ministry\/nominations\/(\d+)$/.exec(page.url());
	assert.ok(m, page.url());
	const id = m[1];
	assert.equal(await page.textContent('#current-status'), '受付済み');
	const reference = sql1(`SELECT reference FROM applications
	    WHERE id = ${id}`);

	await page.click('a[href="/ministry"]');
	await page.waitForSelector('table.nomination-list');
	const refs = await page.$$eval('table.nomination-list tbody th a',
	    (as) => as.map((a) => a.textContent));
	assert.ok(refs.includes(reference), refs.join(','));

	// The reviewer, in a browser of their own.
	const rctx = await chrome.browser.newContext({ locale: 'ja-JP' });
	const rp = await rctx.newPage();
	rp.setDefaultTimeout(10000);
	await rp.goto(`${base}/review/applications/${id}`);
	await signIn(rp, rev);
	assert.equal(await rp.textContent('#ministry'), '外務省');
	for (const to of ['screening', 'accepted']) {
		await rp.check(`#f-to-${to}`);
		await submit(rp, '/decision');
	}
	assert.equal(await rp.textContent('#current-status'), '採用');
	// A message to the ministry, which its liaison officers read.
	await rp.fill('#f-message', '派遣前研修の日程をご連絡ください。');
	await submit(rp, '/messages');
	assert.match(await rp.textContent('section.ministry-messages'),
	    /派遣前研修の日程/);
	await rctx.close();

	await page.goto(`${base}/ministry/nominations/${id}`);
	assert.equal(await page.textContent('#current-status'), '採用');
	assert.match(await page.textContent('ol.notes'), /派遣前研修の日程/);
	assert.equal(await page.locator('form[action$="/withdraw"]').count(), 0);
	await page.goto(`${base}/ministry`);
	const row = page.locator('table.nomination-list tr', { hasText:
	    reference });
	assert.equal((await row.locator('.status').textContent()).trim(),
	    '採用');
	await ctx.close();
});

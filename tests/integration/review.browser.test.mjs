// The reviewer's day in a real browser (headless Chromium through
// playwright-core): sign in (sent there from a staff page and brought
// back), search the list in hiragana for applications stored in
// katakana, move them to screening in bulk, open each, reject one with a
// reason and accept the other; the applicants' status pages then show
// the outcome.  Needs a running stack (./stack) and Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { base, randomKana, sql1, submitValid, validFields } from './lib.mjs';
import { useBrowser } from './browser.mjs';
import { createStaff } from './staff.mjs';

const chrome = useBrowser();

// Katakana to hiragana, as a reviewer might type a name.
function hiragana(s) {
	return [...s].map((c) => String.fromCodePoint(c.codePointAt(0) - 0x60))
	    .join('');
}

// Opens the application linked as reference in the list and decides.
async function decide(page, reference, to, reason = '') {
	await page.click(`a:text-is("${reference}")`);
	await page.waitForSelector('#h-decision');
	await page.check(`#f-to-${to}`);
	if (reason)
		await page.fill('#f-reason', reason);
	await Promise.all([page.waitForNavigation(),
	    page.click('form[action$="/decision"] button[type="submit"]')]);
}

test('a reviewer signs in, filters, moves to screening, rejects one and ' +
    'accepts another; the applicants see the outcome', async () => {
	const family = randomKana(7);
	const apps = [];
	for (const given of ['ハナコ', 'タロウ'])
		apps.push(await submitValid(validFields({ family_kana: family,
		    given_kana: given })));
	const acct = createStaff('reviewer');
	const context = await chrome.browser.newContext({ locale: 'ja-JP' });
	const page = await context.newPage();
	page.setDefaultTimeout(10000);

	// A bookmarked list page first asks for a sign-in, then comes back.
	const q = encodeURIComponent(hiragana(family));
	await page.goto(`${base}/review/applications?q=${q}`);
	assert.match(page.url(), /\/login\?next=/);
	await page.fill('#f-login', acct.login);
	await page.fill('#f-password', acct.password);
	await Promise.all([page.waitForNavigation(),
	    page.click('form[action="/login"] button[type="submit"]')]);
	assert.equal(new URL(page.url()).pathname, '/review/applications');
	assert.equal(await page.inputValue('#f-q'), hiragana(family));
	const refs = await page.$$eval('table.app-list tbody th a',
	    (as) => as.map((a) => a.textContent));
	assert.deepEqual(refs.sort(), apps.map((a) => a.reference).sort());

	// Both to screening in one go.
	for (const a of apps)
		await page.check(`#sel-${a.id}`);
	await Promise.all([page.waitForNavigation(), page.click(
	    'form[action="/review/applications/screening"] button[type="submit"]')]);
	assert.equal(await page.locator('table.app-list .status-screening')
	    .count(), 2);

	// A rejection without a reason is refused, then given one.
	await decide(page, apps[0].reference, 'rejected');
	assert.match(await page.textContent('.error-summary'), /理由/);
	await page.fill('#f-reason', '語学要件を満たしていないため');
	await Promise.all([page.waitForNavigation(),
	    page.click('form[action$="/decision"] button[type="submit"]')]);
	assert.equal(await page.textContent('#current-status'), '不採用');
	await page.goto(`${base}/review/applications?q=${q}`);
	await decide(page, apps[1].reference, 'accepted');
	assert.equal(await page.textContent('#current-status'), '採用');
	assert.equal(sql1(`SELECT string_agg(status, ',' ORDER BY id) FROM
	    applications WHERE id IN (${apps[0].id}, ${apps[1].id})`),
	    'rejected,accepted');
	await context.close();

	// The applicants, in their own browsers.
	const applicant = await chrome.browser.newContext({ locale: 'ja-JP' });
	const p = await applicant.newPage();
	for (const [a, want] of [[apps[0], '不採用'], [apps[1], '採用']]) {
		await p.goto(`${base}/status/${a.token}`);
		assert.equal((await p.textContent('.status')).trim(), want);
	}
	await applicant.close();
});

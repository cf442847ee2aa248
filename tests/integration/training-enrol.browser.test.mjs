// Enrolment in Chromium (issue 14): a reviewer filters the list, selects
// accepted people and enrols them in a session with the keyboard (one
// goes to the waitlist), the applicant confirms on the status page; and
// axe-core (WCAG 2.1 A/AA) in Japanese and English on every page this
// adds or changes: the list with its session select, the result page,
// the removal form, the reviewer's, the liaison's and the applicant's
// training sections.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { base, randomKana, sql1, sqlRows, submitValid, validFields } from
    './lib.mjs';
import { assertAxe, axeContext, useBrowser } from './browser.mjs';
import { insertNomination } from './nominations.mjs';
import { createStaff } from './staff.mjs';
import { makeCourse, makeSession, states } from './training.mjs';

const chrome = useBrowser();

// Katakana to hiragana, as the list's search box folds it.
function hiragana(s) {
	return [...s].map((c) => String.fromCodePoint(c.codePointAt(0) - 0x60))
	    .join('');
}

// Moves applications (ids) to accepted.
function accept(ids) {
	for (const to of ['screening', 'accepted'])
		sqlRows(`UPDATE applications SET status = :'s'
		    WHERE id = ANY(:'ids'::bigint[])`,
		{ s: to, ids: `{${ids.join(',')}}` });
}

// Signs acct in on page.
async function signIn(page, acct) {
	await page.goto(`${base}/login`);
	await page.fill('#f-login', acct.login);
	await page.fill('#f-password', acct.password);
	await Promise.all([page.waitForNavigation(),
	    page.click('form[action="/login"] button[type="submit"]')]);
}

test('a reviewer bulk-enrols from the list, one is waitlisted; the ' +
    'applicant confirms', async () => {
	const family = randomKana(7);
	const apps = [];
	for (const given of ['ハナコ', 'タロウ', 'ジロウ'])
		apps.push(await submitValid(validFields({ family_kana: family,
		    given_kana: given })));
	accept(apps.map((a) => a.id));
	const course = makeCourse({ title_ja: '平和維持基礎', title_en: 'PKO basics' });
	const s = makeSession(course, { capacity: 2, days: 3 });
	const acct = createStaff('reviewer');
	const context = await chrome.browser.newContext({ locale: 'ja-JP' });
	const page = await context.newPage();
	page.setDefaultTimeout(10000);
	await signIn(page, acct);
	await page.goto(`${base}/review/applications?q=${encodeURIComponent(hiragana(family))}`);
	for (const a of apps)
		await page.check(`#sel-${a.id}`);
	await page.selectOption('#enrol-session', s);
	// By keyboard: the button is reached and pressed without a mouse.
	await page.focus('#enrol-submit');
	await Promise.all([page.waitForNavigation(),
	    page.keyboard.press('Enter')]);
	assert.equal(new URL(page.url()).pathname, '/training/enrol');
	const rows = await page.$$eval('#enrol-results tbody tr',
	    (trs) => trs.map((tr) => tr.className));
	assert.deepEqual(rows, ['enrol-enrolled', 'enrol-enrolled',
	    'enrol-waitlisted']);
	assert.deepEqual(states(s), { enrolled: 2, waitlisted: 1 });
	await context.close();

	// The first applicant confirms on the status page.
	const first = apps.map((a) => a).sort((x, y) => x.id - y.id)[0];
	const ac = await chrome.browser.newContext({ locale: 'ja-JP' });
	const ap = await ac.newPage();
	await ap.goto(`${base}/status/${first.token}`);
	assert.match(await ap.textContent('#enrolments'), /平和維持基礎/);
	await Promise.all([ap.waitForNavigation(),
	    ap.click('button[name="answer"][value="confirmed"]')]);
	assert.match(await ap.textContent('#training-message'), /出席の確認/);
	assert.equal(sql1(`SELECT response FROM enrolments WHERE session_id =
	    :'s' AND application_id = :'id'`, { s, id: first.id }), 'confirmed');
	await ac.close();
});

test('axe: the pages of enrolment in Japanese and English', async () => {
	const family = randomKana(7);
	const app = await submitValid(validFields({ family_kana: family }));
	const n = insertNomination('MOFA');
	accept([app.id, n.id]);
	const course = makeCourse({ title_ja: '安全研修A', title_en: 'Safety A' });
	const s = makeSession(course, { capacity: 5, days: 4 });
	for (const id of [app.id, n.id])
		sql1('SELECT training_enrol(:\'s\', :\'id\', NULL)', { s, id });
	sqlRows(`INSERT INTO certificates (application_id, course_id,
	    completed_on, validity_months) VALUES (:'p', :'c', current_date, 12)`,
	{ p: app.id, c: course });
	const e = sql1(`SELECT id FROM enrolments WHERE session_id = :'s'
	    AND application_id = :'id'`, { s, id: app.id });
	const reviewer = createStaff('reviewer');
	const liaison = createStaff('ministry', { ministry: 'MOFA' });
	for (const lang of ['ja', 'en']) {
		const ctx = await axeContext(chrome.browser, lang);
		const page = await ctx.newPage();
		page.setDefaultTimeout(10000);
		await signIn(page, reviewer);
		await page.goto(`${base}/review/applications?q=${encodeURIComponent(hiragana(family))}`);
		await assertAxe(page, `the list with the session select (${lang})`);
		await page.check(`#sel-${app.id}`);
		await page.selectOption('#enrol-session', s);
		await Promise.all([page.waitForNavigation(),
		    page.click('#enrol-submit')]);
		assert.equal(await page.getAttribute('#enrol-results tbody tr',
		    'class'), 'enrol-already_enrolled');
		await assertAxe(page, `the result page (${lang})`);
		await page.goto(`${base}/review/applications/${app.id}`);
		assert.ok(await page.$('#enrolments'));
		await assertAxe(page, `the application's training (${lang})`);
		// The removal without a reason: the form with its message.
		await page.evaluate(() => document.querySelectorAll(
		    'input[name="reason"]').forEach((i) => {
			i.required = false;
		}));
		await Promise.all([page.waitForNavigation(),
		    page.click(`form[action="/training/enrolments/${e}/remove"] button`)]);
		assert.ok(await page.$('#e-reason'));
		await assertAxe(page, `the removal form (${lang})`);
		await ctx.close();

		const lc = await axeContext(chrome.browser, lang);
		const lp = await lc.newPage();
		await signIn(lp, liaison);
		await lp.goto(`${base}/ministry/nominations/${n.id}`);
		assert.ok(await lp.$('#enrolments'));
		await assertAxe(lp, `the nomination's training (${lang})`);
		await lc.close();

		const ac = await axeContext(chrome.browser, lang);
		const ap = await ac.newPage();
		await ap.goto(`${base}/status/${app.token}?training=confirmed`);
		assert.ok(await ap.$('#enrolments'));
		await assertAxe(ap, `the status page's training (${lang})`);
		await ac.close();
	}
});

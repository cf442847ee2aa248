// The plan pages in a real browser (headless Chromium through
// playwright-core): axe-core's WCAG 2.1 A/AA in Japanese and in English
// on every page the plans add (the list, the new and edit forms and
// their errors, the plan's page with a refusal, a principle's errors and
// the suspension banner, the dashboard's plans); a principle recorded
// with the keyboard; the pages on a phone; the staff tables at a wide
// screen's width.
// Needs a running stack (./stack) and Chromium.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { base, sql1, sqlRows, tag } from './lib.mjs';
import { assertAxe, axeContext, useBrowser } from './browser.mjs';
import { createStaff } from './staff.mjs';
import { acceptedPeople } from './training.mjs';

const chrome = useBrowser();
const Y = new Date().getFullYear() + 2;

// A plan made in SQL, its principles recorded and approved when
// approved; with a position and one person assigned.  Returns its id.
async function plan({ approved = true, title = `実施計画${tag()}` } = {}) {
	const id = sql1(`INSERT INTO plans (title_ja, title_en, operation,
	    country, area, basis, basis_detail, mandate_ja, mandate_en,
	    cabinet_decision_on, starts_on, ends_on) VALUES (:'t',
	    'Mission ' || :'t', 'pko', 'SS', 'Juba', 'unsc_resolution',
	    'S/RES/1996 (2011)', '停戦監視', 'Ceasefire monitoring',
	    '${Y - 1}-11-01', '${Y}-01-01', '${Y}-12-31') RETURNING id`,
	{ t: title });
	if (!approved)
		return id;
	sqlRows(`INSERT INTO plan_principles (plan_id, principle, satisfied,
	    confirmed_on, evidence) SELECT :'p', no, true, '${Y - 1}-12-01',
	    '国連文書' FROM principles`, { p: id });
	sqlRows(`UPDATE plans SET status = 'approved', change_reason = '閣議'
	    WHERE id = :'p'`, { p: id });
	const pos = sql1(`INSERT INTO positions (plan_id, title_ja, title_en,
	    duty_station, headcount, starts_on, ends_on) VALUES (:'p',
	    '司令部要員', 'Staff officer', 'Juba', 2, '${Y}-02-01',
	    '${Y}-10-31') RETURNING id`, { p: id });
	const [person] = await acceptedPeople(1);
	sqlRows(`INSERT INTO assignments (position_id, application_id,
	    starts_on, ends_on) VALUES (:'pos', :'a', '${Y}-03-01',
	    '${Y}-05-31')`, { pos, a: person });
	return id;
}

// A signed-in reviewer's page in lang, with context options.
async function reviewerPage(lang, options = {}) {
	const acct = createStaff('reviewer');
	const ctx = await axeContext(chrome.browser, lang, options);
	const page = await ctx.newPage();
	page.setDefaultTimeout(15000);
	await page.goto(`${base}/login`);
	await page.fill('#f-login', acct.login);
	await page.fill('#f-password', acct.password);
	await Promise.all([page.waitForNavigation(),
	    page.click('form[action="/login"] button[type="submit"]')]);
	return page;
}

// Submits the form whose action ends with action.
async function submit(page, action) {
	await Promise.all([page.waitForNavigation(),
	    page.click(`form[action$="${action}"] button[type="submit"]`)]);
}

for (const lang of ['ja', 'en']) {
	test(`every plan page passes axe in ${lang}`, async () => {
		const draft = await plan({ approved: false });
		const running = await plan();
		const page = await reviewerPage(lang);
		const check = async (path, what) => {
			if (path !== null)
				await page.goto(`${base}${path}`);
			await assertAxe(page, `${what} (${lang})`);
		};
		await check('/plans', 'the list');
		await check('/plans?period_from=2026-02-30', 'the list, 422');
		await check('/plans/new', 'the new form');
		await submit(page, '/plans/new');
		assert.ok(await page.isVisible('.error-summary'));
		await check(null, 'the new form, 422');
		await check(`/plans/${draft}`, 'a draft plan');
		await page.click('#principle-2 summary');
		await submit(page, `/principles/2`);
		assert.ok(await page.isVisible('#f-p2-confirmed_on[aria-invalid]'));
		await check(null, 'a principle\'s errors');
		await page.selectOption('#f-plan_action', 'approve');
		await submit(page, `/plans/${draft}/status`);
		assert.ok(await page.isVisible('#refusal'));
		await check(null, 'an approval refused');
		await check(`/plans/${draft}/edit`, 'the edit form');
		await page.fill('#f-title_en', '');
		await submit(page, `/plans/${draft}/edit`);
		await check(null, 'the edit form, 422');
		await check(`/plans/${running}`, 'an approved plan');
		await page.fill('#f-amend_ends_on', `${Y}-04-30`);
		await page.fill('#f-amend_reason', 'short');
		await submit(page, `/plans/${running}/amend`);
		assert.ok(await page.isVisible('#outside'));
		await check(null, 'an amendment refused');
		sqlRows(`UPDATE plan_principles SET satisfied = false
		    WHERE plan_id = :'p' AND principle = 3`, { p: running });
		await check(`/plans/${running}`, 'a suspended plan');
		assert.ok(await page.isVisible('#plan-suspended'));
		await check(`/plans/${running}/edit`, 'a suspended plan\'s form');
		assert.ok(await page.isVisible('#plan-suspended'));
		await check('/review', 'the dashboard with a suspended plan');
		assert.ok(await page.isVisible('#suspended-plans'));
		assert.ok(await page.isVisible('#open-ready'));
		await page.context().close();
	});
}

test('a principle is recorded with the keyboard', async () => {
	const id = await plan({ approved: false });
	const page = await reviewerPage('ja');
	await page.goto(`${base}/plans/${id}`);
	await page.focus('#principle-1 summary');
	await page.keyboard.press('Enter');
	await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.id),
	    'f-p1-satisfied-yes');
	await page.keyboard.press('Space');
	assert.ok(await page.isChecked('#f-p1-satisfied-yes'));
	await page.keyboard.press('Tab');
	assert.equal(await page.evaluate(() => document.activeElement.id),
	    'f-p1-confirmed_on');
	await page.fill('#f-p1-confirmed_on', `${Y - 1}-12-01`);
	await page.focus('#f-p1-evidence');
	await page.keyboard.type('停戦合意の文書');
	await page.keyboard.press('Tab');
	await Promise.all([page.waitForNavigation(),
	    page.keyboard.press('Enter')]);
	assert.equal(new URL(page.url()).hash, '#principles');
	assert.match(await page.textContent('#principle-1-state'),
	    /満たされている/);
	assert.equal(sql1(`SELECT evidence FROM plan_principles
	    WHERE plan_id = :'p' AND principle = 1`, { p: id }),
	'停戦合意の文書');
	await page.context().close();
});

test('the plan pages fit a phone; the staff tables use a wide screen',
    async () => {
	const id = await plan();
	const phone = await reviewerPage('ja', { viewport: { width: 390,
	    height: 844 }, deviceScaleFactor: 2, isMobile: true,
	    hasTouch: true });
	for (const path of ['/plans', '/plans/new',
	    `/plans/${id}`, `/plans/${id}/edit`, '/review']) {
		await phone.goto(`${base}${path}`);
		const w = await phone.evaluate(() =>
		    document.documentElement.scrollWidth);
		assert.ok(w <= 390, `${path}: ${w}px wide on a phone`);
	}
	await phone.context().close();

	const wide = await reviewerPage('en', { viewport: { width: 1280,
	    height: 800 } });
	for (const [path, table] of [['/plans', '#plans'],
	    [`/plans/${id}`, '#roster'], [`/plans/${id}`, '#history']]) {
		await wide.goto(`${base}${path}`);
		const m = await wide.evaluate((sel) => ({
			main: document.querySelector('main').clientWidth,
			table: document.querySelector(sel).getBoundingClientRect()
			    .width }), table);
		assert.ok(m.main > 1000, `${path}: main ${m.main}px at 1280`);
		assert.ok(m.table > 0.9 * m.main,
		    `${path} ${table}: ${m.table}px of ${m.main}px`);
	}
	await wide.context().close();
});

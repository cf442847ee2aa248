// Positions in Chromium (issue 15), as far as the position pages go: on
// an approved plan made in SQL a reviewer adds a position requiring a
// course, finds the candidates, sends an inquiry; the applicant answers
// on the status page; the reviewer assigns and dispatches them, and the
// status page shows the dispatch.  axe-core (WCAG 2.1 A/AA) in Japanese
// and English on every page this adds or changes: the position form
// (also with its messages), the position page with its candidates,
// inquiries, assignment form and warnings, the applicant's inquiry card
// and dispatch, the liaison's nomination page and the reviewer's
// application page with the person's assignments.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { base, sql1, sqlRows, submitValid, validFields } from './lib.mjs';
import { assertAxe, axeContext, useBrowser } from './browser.mjs';
import { insertNomination } from './nominations.mjs';
import { createStaff } from './staff.mjs';
import { accept, approvedPlan, Y } from './positions.mjs';
import { makeCourse } from './training.mjs';

const chrome = useBrowser();

// An accepted applicant available from January of Y for a year, with a
// certificate of course.  Returns submitValid's {id, token, ...}.
async function readyApplicant(course) {
	const p = await submitValid(validFields());
	accept([p.id]);
	sqlRows(`UPDATE applications SET earliest_start = '${Y}-01-01',
	    max_months = 12 WHERE id = :'id'`, { id: p.id });
	sqlRows(`INSERT INTO certificates (application_id, course_id,
	    completed_on, validity_months) VALUES (:'a', :'c', '${Y}-01-10', 24)`,
	{ a: p.id, c: course });
	return p;
}

// Signs acct in on page.
async function signIn(page, acct) {
	await page.goto(`${base}/login`);
	await page.fill('#f-login', acct.login);
	await page.fill('#f-password', acct.password);
	await Promise.all([page.waitForNavigation(),
	    page.click('form[action="/login"] button[type="submit"]')]);
}

// Clicks the element sel and waits for the page it leads to.
async function go(page, sel) {
	await Promise.all([page.waitForNavigation(), page.click(sel)]);
}

for (const lang of ['ja', 'en']) {
	test(`a reviewer adds a position, asks a candidate, assigns and dispatches; the applicant answers and sees the dispatch (${lang})`, async () => {
		const plan = approvedPlan();
		const code = `SAFE-${lang.toUpperCase()}${Date.now() % 100000}`;
		const course = makeCourse({ code, title_ja: '安全対策基礎',
		    title_en: 'Safety basics' });
		const p = await readyApplicant(course);
		const reviewer = createStaff('reviewer');
		const ctx = await axeContext(chrome.browser, lang);
		const page = await ctx.newPage();
		page.setDefaultTimeout(10000);
		await signIn(page, reviewer);

		// The form, first with a message.
		await page.goto(`${base}/plans/${plan}/positions/new`);
		await assertAxe(page, `the new position form (${lang})`);
		await go(page, 'form[action$="/positions/new"] button[type="submit"]');
		assert.ok(await page.$('.error-summary'));
		await assertAxe(page, `the position form with messages (${lang})`);
		await page.fill('#f-position_title_ja', '医官');
		await page.fill('#f-position_title_en', 'Medical officer');
		await page.fill('#f-duty_station', 'Juba');
		await page.fill('#f-headcount', '1');
		await page.fill('#f-position_starts', `${Y}-03-01`);
		await page.fill('#f-position_ends', `${Y}-05-31`);
		await page.check(`#course-${course}`);
		await go(page, 'form[action$="/positions/new"] button[type="submit"]');
		const pos = new URL(page.url()).pathname.match(/^\/positions\/(\d+)$/)[1];

		// The candidates: p among them, ready; asked by keyboard.
		const row = `#candidate-${p.id}`;
		assert.match(await page.textContent(`${row} .training-state`),
		    new RegExp(code));
		await assertAxe(page, `the position page with candidates (${lang})`);
		await page.check(`#pick-${p.id}`);
		await page.focus('#inquire button[type="submit"]');
		await Promise.all([page.waitForNavigation(),
		    page.keyboard.press('Enter')]);
		assert.ok(await page.$('#asked-message'));
		assert.equal(await page.getAttribute(`#inquiry-${p.id}`,
		    'data-answer'), '');
		await assertAxe(page, `the position page with an inquiry (${lang})`);

		// The applicant answers on the status page.
		const ac = await axeContext(chrome.browser, lang);
		const ap = await ac.newPage();
		ap.setDefaultTimeout(10000);
		await ap.goto(`${base}/status/${p.token}`);
		const inq = sql1(`SELECT id FROM inquiries WHERE application_id
		    = :'id'`, { id: p.id });
		await assertAxe(ap, `the status page's inquiry card (${lang})`);
		await ap.fill(`#note-${inq}`, '準備できます');
		await go(ap, `#inquiry-card-${inq} button[value="available"]`);
		assert.ok(await ap.$('#inquiry-message'));
		await assertAxe(ap, `the status page after an answer (${lang})`);

		// The reviewer assigns (warnings: none), confirms, dispatches.
		await page.goto(`${base}/positions/${pos}`);
		assert.equal(await page.getAttribute(`#inquiry-${p.id}`,
		    'data-answer'), 'available');
		await page.selectOption('#assign-person', p.id);
		await go(page, '#assign-form button[type="submit"]');
		const x = sql1(`SELECT id FROM assignments WHERE application_id
		    = :'id'`, { id: p.id });
		await go(page, `#assignment-${x} button[value="confirm"]`);
		await go(page, `#assignment-${x} button[value="dispatch"]`);
		assert.equal(sql1(`SELECT status FROM assignments WHERE id = :'x'`,
		    { x }), 'dispatched');
		await assertAxe(page, `the position page with a dispatch (${lang})`);
		await page.goto(`${base}/review/applications/${p.id}`);
		assert.ok(await page.$('#person-assignments'));
		await assertAxe(page, `the application's assignments (${lang})`);

		await ap.goto(`${base}/status/${p.token}`);
		assert.match(await ap.textContent('#dispatch'),
		    lang === 'en' ? /South Sudan mission/ : /南スーダン派遣/);
		await assertAxe(ap, `the status page with the dispatch (${lang})`);
		await ac.close();
		await ctx.close();
	});
}

test('the assignment warnings, the refusal and the liaison\'s card pass axe in ja and en', async () => {
	const plan = approvedPlan();
	const pos = sql1(`INSERT INTO positions (plan_id, title_ja, title_en,
	    duty_station, headcount, starts_on, ends_on) VALUES (:'p', '連絡官',
	    'Liaison officer', 'Juba', 2, '${Y}-03-01', '${Y}-05-31')
	    RETURNING id`, { p: plan });
	const n = insertNomination('MOFA');
	accept([n.id]);
	sqlRows(`UPDATE applications SET earliest_start = '${Y}-04-01',
	    max_months = 12 WHERE id = :'id'`, { id: n.id });
	sqlRows(`INSERT INTO inquiries (position_id, application_id) VALUES
	    (:'p', :'a')`, { p: pos, a: n.id });
	const reviewer = createStaff('reviewer');
	const liaison = createStaff('ministry', { ministry: 'MOFA' });
	for (const lang of ['ja', 'en']) {
		const ctx = await axeContext(chrome.browser, lang);
		const page = await ctx.newPage();
		page.setDefaultTimeout(10000);
		await signIn(page, reviewer);
		await page.goto(`${base}/positions/${pos}`);
		await page.selectOption('#assign-person', n.id);
		await go(page, '#assign-form button[type="submit"]');
		assert.ok(await page.$('#ack-before_earliest_start'));
		// After a 422 the keyboard starts at the message, not at the
		// top of a long page.
		assert.equal(await page.evaluate(() =>
		    document.activeElement.id), 'assign-error');
		await assertAxe(page, `the assignment warnings (${lang})`);
		await page.goto(`${base}/positions/${pos}/edit`);
		await page.fill('#f-position_ends', `${Y + 1}-05-31`);
		await go(page, 'form[action$="/edit"] button[type="submit"]');
		assert.ok(await page.$('#refusal'));
		assert.equal(await page.evaluate(() =>
		    document.activeElement.id), 'refusal');
		await assertAxe(page, `the position form with a refusal (${lang})`);
		await ctx.close();

		const lc = await axeContext(chrome.browser, lang);
		const lp = await lc.newPage();
		await signIn(lp, liaison);
		await lp.goto(`${base}/ministry/nominations/${n.id}`);
		assert.ok(await lp.$('.inquiry'));
		await assertAxe(lp, `the nomination's inquiry card (${lang})`);
		await lc.close();
	}
});

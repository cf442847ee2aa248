// Accessibility of the training lists (issue 14) in headless Chromium:
// /training/due (with a person due, the enrolment form and its session
// select), /training/expiring (with a certificate, and after a 422) and
// the reviewer list filtered by training state pass axe-core's WCAG 2.1
// A/AA rules in Japanese and in English.  Needs a running stack.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';

import { base, jstDate, sql1 } from './lib.mjs';
import { assertAxe, axeContext, useBrowser } from './browser.mjs';
import { createStaff } from './staff.mjs';
import { acceptedPeople, makeCourse, makeSession } from './training.mjs';

const chrome = useBrowser();

before(async () => {
	const course = makeCourse({ required_for: '{pko,relief}' });
	makeSession(course);
	const [due, held] = await acceptedPeople(2, { operations: ['pko'] });
	sql1(`INSERT INTO certificates (application_id, course_id,
	    completed_on, validity_months) VALUES (:'p', :'c',
	    (:'u'::date - interval '24 months')::date, 24) RETURNING id`,
	{ p: held, c: course, u: jstDate(20) });
	assert.ok(due);
});

for (const lang of ['ja', 'en']) {
	test(`the training lists pass axe (${lang})`, async () => {
		const ctx = await axeContext(chrome.browser, lang);
		const page = await ctx.newPage();
		page.setDefaultTimeout(15000);
		const acct = createStaff('reviewer');
		await page.goto(`${base}/login`);
		await page.fill('#f-login', acct.login);
		await page.fill('#f-password', acct.password);
		await Promise.all([page.waitForNavigation(),
		    page.click('form[action$="/login"] button[type="submit"]')]);
		for (const [path, status] of [['/training/due', 200],
		    ['/training/due?operation=pko', 200],
		    ['/training/expiring', 200],
		    ['/training/expiring?days=0', 422],
		    ['/review/applications?training=due', 200]]) {
			const res = await page.goto(`${base}${path}`);
			assert.equal(res.status(), status, path);
			await assertAxe(page, `${path} (${lang})`);
		}
		await page.goto(`${base}/training/due`);
		assert.ok(await page.locator('#f-session').count() > 0,
		    'a session to enrol in');
		assert.ok(await page.locator('input[name="id"]').count() > 0,
		    'people to select');
		await ctx.close();
	});
}

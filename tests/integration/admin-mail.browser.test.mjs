// /admin/mail in a real browser (headless Chromium), in Japanese and in
// English: the queue with a row in each state passes axe-core's WCAG 2.1
// A/AA rules (so does the 409 page of a resend that came too late); a
// keyboard reaches a failed row's resend and sends it; on a phone the
// page fits and the table scrolls in its named region.  Needs a running
// stack (./stack) and Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { base, sql1 } from './lib.mjs';
import { assertAxe, axeContext, useBrowser } from './browser.mjs';
import { createStaff } from './staff.mjs';

const chrome = useBrowser();

// Inserts an outbox row in state as the mailer would leave it, with a
// reason when failed.  Returns its id.
function insertRow(state) {
	return sql1('INSERT INTO mail_outbox (kind, lang, recipient, state, ' +
	    'attempts, last_error, sent_at) VALUES (\'nomination_message\', ' +
	    '\'ja\', \'liaison@example.go.jp\', :\'s\', 2, CASE WHEN ' +
	    ':\'s\' = \'failed\' THEN \'550 5.1.1 mailbox unavailable\' END, ' +
	    'CASE WHEN :\'s\' = \'sent\' THEN now() END) RETURNING id',
	{ s: state });
}

// A page signed in as a new administrator, in lang, with options for the
// browser context.  Close page.context() when done.
async function adminPage(lang, options = {}) {
	const ctx = await axeContext(chrome.browser, lang, options);
	const page = await ctx.newPage();
	page.setDefaultTimeout(15000);
	const acct = createStaff('admin');
	await page.goto(`${base}/login`);
	await page.fill('#f-login', acct.login);
	await page.fill('#f-password', acct.password);
	await Promise.all([page.waitForNavigation(),
	    page.click('form[action$="/login"] button[type="submit"]')]);
	return page;
}

for (const lang of ['ja', 'en']) {
	test(`/admin/mail passes axe; a keyboard resends (${lang})`,
	    async () => {
		for (const s of ['pending', 'sent'])
			insertRow(s);
		const failed = insertRow('failed');
		const page = await adminPage(lang);
		for (const path of ['/admin/mail', '/admin/mail?state=failed',
		    '/admin/mail?state=sent']) {
			const res = await page.goto(`${base}${path}`);
			assert.equal(res.status(), 200, path);
			await assertAxe(page, path);
		}
		await page.goto(`${base}/admin/mail?state=failed`);
		const button = `form[action="/admin/mail/${failed}/resend"] button`;
		await page.focus(button);
		const [res] = await Promise.all([page.waitForNavigation(),
		    page.keyboard.press('Enter')]);
		assert.equal(res.status(), 200);
		assert.ok(page.url().endsWith('/admin/mail?state=failed'));
		assert.equal(sql1('SELECT state FROM mail_outbox WHERE id = ' +
		    ':\'id\'', { id: failed }), 'pending');

		// A second resend of the same row, from an old page: 409.
		const again = insertRow('failed');
		await page.goto(`${base}/admin/mail?state=failed`);
		sql1('UPDATE mail_outbox SET state = \'pending\' WHERE id = ' +
		    ':\'id\' RETURNING id', { id: again });
		const [late] = await Promise.all([page.waitForNavigation(),
		    page.click(`form[action="/admin/mail/${again}/resend"] ` +
			'button')]);
		assert.equal(late.status(), 409);
		await assertAxe(page, '/admin/mail after a 409');
		await page.context().close();
	});
}

test('/admin/mail on a phone: the page fits, the table scrolls in its ' +
    'region', async () => {
	insertRow('failed');
	const page = await adminPage('ja',
	    { viewport: { width: 390, height: 844 } });
	await page.goto(`${base}/admin/mail`);
	const m = await page.evaluate(() => {
		const box = document.querySelector('.table-scroll');
		return { page: document.documentElement.scrollWidth,
		    box: box.clientWidth, table: box.scrollWidth,
		    role: box.getAttribute('role'),
		    label: document.getElementById(
			box.getAttribute('aria-labelledby')).textContent };
	});
	assert.ok(m.page <= 390, `page ${m.page}px wide`);
	assert.ok(m.table > m.box, 'the table scrolls in its box');
	assert.equal(m.role, 'region');
	assert.equal(m.label, 'メール（新しい順）');
	await page.context().close();
});

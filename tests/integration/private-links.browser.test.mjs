// The private status links in a real browser: the receipt and status pages
// say no-referrer, so neither the stylesheet they load nor the link from
// the receipt to the status page carries the token as Referer, and the
// withdrawal form still passes the same-origin check (the browser sends
// Sec-Fetch-Site; its Origin under no-referrer is "null").
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { base, sql1, submitValid, validFields } from './lib.mjs';
import { useBrowser } from './browser.mjs';

const chrome = useBrowser();

test('no request from a status link\'s page carries the token', async () => {
	const app = await submitValid(validFields());
	const context = await chrome.browser.newContext({ locale: 'ja-JP' });
	const page = await context.newPage();
	page.setDefaultTimeout(10000);
	const sent = [];
	page.on('request', async (r) => sent.push({ url: r.url(),
	    method: r.method(), headers: await r.allHeaders() }));

	await page.goto(`${base}${app.location}`);
	await Promise.all([page.waitForNavigation(),
	    page.click('a.status-link')]);
	assert.equal(new URL(page.url()).pathname, `/status/${app.token}`);
	await page.check('#f-confirm');
	await Promise.all([page.waitForNavigation(),
	    page.click('form[method="post"] button[type="submit"]')]);
	assert.equal(sql1(`SELECT status FROM applications
	    WHERE id = ${app.id}`), 'withdrawn', 'the withdrawal went through');
	await context.close();

	const css = sent.filter((s) => s.url.endsWith('/static/style.css'));
	assert.ok(css.length > 0, 'the pages load the stylesheet');
	for (const s of sent) {
		const ref = s.headers.referer ?? '';
		assert.ok(!ref.includes(app.token),
		    `${s.method} ${s.url} sent Referer ${ref}`);
	}
	const post = sent.find((s) => s.method === 'POST');
	assert.equal(post.headers['sec-fetch-site'], 'same-origin');
});

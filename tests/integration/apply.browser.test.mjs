// The application form in a real browser (headless Chromium through
// playwright-core): a Japanese applicant makes mistakes, reads the
// messages, corrects them, gets the receipt and the status page; and the
// form fits a phone screen.  Needs a running stack (see ./stack) and
// Chromium (CORPS_CHROMIUM, default /usr/bin/chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	base, fixtures, jstDate, sql1, sqlObject, stack, tag,
} from './lib.mjs';
import { useBrowser } from './browser.mjs';

const chrome = useBrowser();
const problems = [];	// console errors and page errors, for the asserts

// A new page in a fresh context (no cookies), recording problems.
async function newPage(options = {}) {
	const context = await chrome.browser.newContext({ locale: 'ja-JP',
	    ...options });
	const page = await context.newPage();
	page.setDefaultTimeout(10000);
	// A 422 page or the favicon's 404 is logged as "Failed to load
	// resource"; what matters is a CSP refusal or a failed subresource.
	page.on('console', (m) => {
		if (m.type() === 'error' &&
		    !m.text().startsWith('Failed to load resource'))
			problems.push(`console: ${m.text()}`);
	});
	page.on('response', (r) => {
		const type = r.request().resourceType();
		if (r.status() >= 400 && type !== 'document' &&
		    !r.url().endsWith('/favicon.ico'))
			problems.push(`${type} ${r.url()}: ${r.status()}`);
	});
	page.on('requestfailed', (r) => problems.push(
	    `failed: ${r.url()} ${r.failure()?.errorText}`));
	page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
	return page;
}

// Clicks the submit button and waits for the next page; returns the
// HTTP status of the navigation.
async function submit(page) {
	const [res] = await Promise.all([
		page.waitForNavigation(),
		page.click('form[action="/apply"] button[type="submit"]'),
	]);
	return res.status();
}

test('a Japanese applicant corrects mistakes and reaches the status page', async () => {
	const page = await newPage();
	const email = `hanako.${tag()}@example.jp`;
	const start = jstDate(45);
	const cv = join(fixtures, 'tiny.pdf');

	const res = await page.goto(`${base}/apply`);
	assert.equal(res.status(), 200);
	assert.equal(await page.getAttribute('html', 'lang'), 'ja');
	assert.equal(await page.textContent('h1'), '応募フォーム');

	await page.fill('#f-family_kanji', '山田');
	await page.fill('#f-given_kanji', '花子');
	await page.fill('#f-family_kana', 'やまだ');	// hiragana is fine
	await page.fill('#f-given_kana', 'ﾊﾅｺ');	// so is half-width
	await page.fill('#f-family_romaji', 'yamada');
	await page.fill('#f-given_romaji', 'hanako');
	await page.fill('#f-birth_date', '1988-07-07');
	await page.check('#f-gender-female');
	await page.check('#f-nationality-yes');
	await page.fill('#f-email', 'hanako@example');	// mistake
	await page.fill('#f-phone', '０９０－１２３４－５６７８');
	// Not "100-0001": see the postcode test below.
	await page.fill('#f-postcode', '1000001');
	await page.selectOption('#f-prefecture', '13');
	await page.fill('#f-address', '千代田区永田町1-6-1');
	await page.selectOption('#f-lang_en', 'working');
	await page.check('#f-expertise-logistics');
	await page.fill('#f-experience_abroad', 'JICA海外協力隊\nとして2年');
	await page.check('#f-operations-pko');
	await page.check('#f-operations-relief');
	await page.fill('#f-earliest_start', start);
	await page.fill('#f-max_months', '6');
	await page.fill('#f-emergency_name', '山田太郎');
	await page.fill('#f-emergency_relation', '父');
	await page.fill('#f-emergency_phone', '03-1234-5678');
	await page.setInputFiles('#f-cv', cv);
	await page.check('#f-declaration');
	// The privacy consent is forgotten.

	assert.equal(await submit(page), 422);
	const summary = page.locator('.error-summary');
	assert.ok(await summary.isVisible(), 'error summary shown');
	assert.equal(await summary.getAttribute('role'), 'alert');
	assert.deepEqual(await summary.locator('a').evaluateAll((as) =>
	    as.map((a) => a.getAttribute('href'))), ['#f-email', '#f-privacy']);
	assert.equal(await page.textContent('#e-email'),
	    'メールアドレスの形式が正しくありません（例：name@example.jp）');
	assert.equal(await page.textContent('#e-privacy'), '同意が必要です');
	assert.ok(await page.isVisible('#e-email'));
	assert.equal(await page.getAttribute('#f-email', 'aria-invalid'), 'true');
	assert.match(await page.getAttribute('#f-email', 'aria-describedby'),
	    /\be-email\b/);

	// What was typed is still there (valid values as they will be kept).
	assert.equal(await page.inputValue('#f-family_kanji'), '山田');
	assert.equal(await page.inputValue('#f-family_kana'), 'ヤマダ');
	assert.equal(await page.inputValue('#f-given_kana'), 'ハナコ');
	assert.equal(await page.inputValue('#f-family_romaji'), 'YAMADA');
	assert.equal(await page.inputValue('#f-birth_date'), '1988-07-07');
	assert.equal(await page.inputValue('#f-email'), 'hanako@example');
	assert.equal(await page.inputValue('#f-address'), '千代田区永田町1-6-1');
	assert.equal(await page.inputValue('#f-prefecture'), '13');
	assert.equal(await page.inputValue('#f-lang_en'), 'working');
	assert.equal(await page.inputValue('#f-experience_abroad'),
	    'JICA海外協力隊\nとして2年');
	assert.equal(await page.inputValue('#f-earliest_start'), start);
	assert.ok(await page.isChecked('#f-gender-female'));
	assert.ok(await page.isChecked('#f-expertise-logistics'));
	assert.ok(await page.isChecked('#f-operations-pko'));
	assert.ok(await page.isChecked('#f-operations-relief'));
	assert.ok(!await page.isChecked('#f-operations-icops'));
	assert.ok(await page.isChecked('#f-declaration'));
	assert.ok(!await page.isChecked('#f-privacy'));

	// The summary's link leads to the field.
	await page.click('.error-summary a[href="#f-email"]');
	assert.match(page.url(), /#f-email$/);

	await page.fill('#f-email', email);
	await page.check('#f-privacy');
	await page.setInputFiles('#f-cv', cv);	// files are never kept
	assert.equal(await submit(page), 200, 'the receipt after the 303');
	assert.match(page.url(), /\/receipt\/[A-Za-z0-9_-]{43}$/);
	assert.equal(await page.textContent('h1'), '応募を受け付けました');
	const reference = await page.textContent('p.reference strong');
	assert.match(reference, /^PC-\d{4}-[0-9A-Z]{8}$/);

	const row = sqlObject(`SELECT email, family_kana, given_kana, phone,
	    experience_abroad, (SELECT octet_length(content) FROM
	    application_cvs WHERE application_id = a.id) AS cv FROM
	    applications a WHERE reference = :'ref'`, { ref: reference });
	assert.deepEqual(row, {
		email, family_kana: 'ヤマダ', given_kana: 'ハナコ',
		phone: '09012345678',
		experience_abroad: 'JICA海外協力隊\nとして2年',
		cv: readFileSync(cv).length,
	});

	await Promise.all([page.waitForNavigation(),
	    page.click('a.status-link')]);
	assert.match(page.url(), /\/status\/[A-Za-z0-9_-]{43}$/);
	assert.equal(await page.textContent('span.status'), '受付済み');
	assert.equal(await page.textContent('dd.reference'), reference);
	assert.equal(sql1('SELECT status FROM applications WHERE ' +
	    'reference = :\'ref\'', { ref: reference }), 'submitted');
	assert.deepEqual(problems, [], 'no console or page errors');
	await page.context().close();
});

test('the form fits a phone screen (390x844) without horizontal scrolling', async (t) => {
	const page = await newPage({ viewport: { width: 390, height: 844 },
	    deviceScaleFactor: 2, isMobile: true, hasTouch: true });
	// Kept beside the stack's logs for a human to look at; the next
	// "stack start" wipes them.
	const dir = join(stack.STACK_DIR ?? process.env.STACK_DIR,
	    'screenshots');
	mkdirSync(dir, { recursive: true });
	await page.goto(`${base}/apply`);
	const shot = join(dir, 'apply-390x844.png');
	await page.screenshot({ path: shot, fullPage: true });
	t.diagnostic(`screenshot: ${shot}`);
	const png = readFileSync(shot);
	assert.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e,
	    0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a PNG');
	assert.equal(png.readUInt32BE(16), 390 * 2, 'screenshot width');
	const width = () => page.evaluate(() =>
	    document.documentElement.scrollWidth);
	assert.ok(await width() <= 390, `form scrollWidth ${await width()}`);
	// The stylesheet was applied (CSP allows 'self').
	assert.notEqual(await page.evaluate(() => getComputedStyle(
	    document.querySelector('.site-header')).backgroundColor),
	    'rgba(0, 0, 0, 0)', 'site header styled');

	// The form with every message shown must fit as well.
	await page.click('form[action="/apply"] button[type="submit"]');
	await page.waitForSelector('.error-summary');
	await page.screenshot({ path: join(dir, 'apply-errors-390x844.png'),
	    fullPage: true });
	assert.ok(await width() <= 390, `errors scrollWidth ${await width()}`);
	assert.deepEqual(problems, [], 'no console or page errors');
	await page.context().close();
});

test('the postcode field takes the hinted form 100-0001', async () => {
	const page = await newPage();
	await page.goto(`${base}/apply`);
	for (const typed of ['100-0001', '１００－０００１']) {
		await page.fill('#f-postcode', typed);
		assert.equal(await page.inputValue('#f-postcode'), typed);
	}
	await page.context().close();
});

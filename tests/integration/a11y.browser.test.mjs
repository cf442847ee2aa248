// Accessibility in a real browser (headless Chromium through
// playwright-core): the public and reviewer pages, in Japanese and in
// English, in the states that routes-a11y.browser.test.mjs (every route,
// empty and after its form's 422) does not reach, pass axe-core's WCAG
// 2.1 A/AA rules; after a 422 the keyboard starts at the error summary,
// whose links lead to the fields, and the choice groups announce their
// message; every page has a title of its own.  (The nginx error pages:
// errors.browser.test.mjs.)
// Needs a running stack (./stack) and Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { base, newToken, submitValid, tag, validFields } from './lib.mjs';
import { assertAxe, axeContext, useBrowser } from './browser.mjs';
import { insertNomination } from './nominations.mjs';
import { createStaff, staffClient } from './staff.mjs';

const chrome = useBrowser();
const LANGS = ['ja', 'en'];

// Opens path, checks the HTTP status and runs axe on the page.
async function visit(page, path, status = 200) {
	const res = await page.goto(`${base}${path}`);
	assert.equal(res.status(), status, path);
	await assertAxe(page, path);
}

// Submits the form whose action ends with action (the first such form's
// submit button); returns the HTTP status of the page that follows.
async function submit(page, action) {
	const [res] = await Promise.all([page.waitForNavigation(),
	    page.click(`form[action$="${action}"] button[type="submit"]`)]);
	return res.status();
}

// Submits the form like submit(), expects a 422 and runs axe on it.
async function visit422(page, action) {
	assert.equal(await submit(page, action), 422, action);
	await assertAxe(page, `${action} after a 422`);
}

// A page in a new axe context for lang, signed in as a new account of
// role when role is given.  Close page.context() when done.
async function openAs(lang, role = null) {
	const ctx = await axeContext(chrome.browser, lang);
	const page = await ctx.newPage();
	page.setDefaultTimeout(15000);
	if (role !== null) {
		const acct = createStaff(role);
		await page.goto(`${base}/login`);
		await page.fill('#f-login', acct.login);
		await page.fill('#f-password', acct.password);
		assert.equal(await submit(page, '/login'), 200, 'signed in');
	}
	return page;
}

for (const lang of LANGS) {
	test(`the public pages pass axe (${lang})`, async () => {
		const app = await submitValid(validFields());
		const page = await openAs(lang);
		await visit(page, '/');
		await visit(page, '/apply');
		await visit422(page, '/apply');
		await visit(page, '/login');
		await visit422(page, '/login');
		await visit(page, app.location);
		await visit(page, `/status/${app.token}`);
		await visit422(page, `/status/${app.token}`);
		assert.equal(await submit(page, `/status/${app.token}/mail`), 200);
		await assertAxe(page, 'the status page after opting out');
		await visit(page, `/status/${newToken()}`, 404);
		await visit(page, '/lost-link');
		await visit422(page, '/lost-link');
		await page.fill('#f-email', `nobody.${tag()}@example.jp`);
		await page.fill('#f-reference', 'PC-2026-ZZZZZZZZ');
		assert.equal(await submit(page, '/lost-link'), 200);
		await assertAxe(page, '/lost-link after a request');
		await visit(page, '/no-such-page', 404);
		await page.context().close();
	});

	test(`the reviewer's pages pass axe (${lang})`, async () => {
		const app = await submitValid(validFields());
		const nom = insertNomination('MOFA');
		const page = await openAs(lang, 'reviewer');
		await visit(page, '/review');
		await visit(page, '/review/applications');
		await visit(page, `/review/applications/${nom.id}`);
		// Into screening, then a rejection without a reason.
		await page.goto(`${base}/review/applications?q=${app.reference}`);
		await page.check(`#sel-${app.id}`);
		assert.equal(await submit(page, '/screening'), 200);
		await visit(page, `/review/applications/${app.id}`);
		await page.check('#f-to-rejected');
		await visit422(page, '/decision');
		await page.context().close();
	});
}

// The element that has the keyboard focus, as "tag#id.class".
function focused(page) {
	return page.evaluate(() => {
		const e = document.activeElement;
		return `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}` +
		    (e.classList.length ? `.${[...e.classList].join('.')}` : '');
	});
}

// Reads the accessible wiring of a fieldset of choices: the ids in its
// aria-describedby with their text (null for an id no element has) and
// the aria-invalid of each option.
function groupWiring(page, id) {
	return page.evaluate((id) => {
		const set = document.getElementById(id);
		const ids = (set.getAttribute('aria-describedby') ?? '')
		    .split(/\s+/).filter((s) => s !== '');
		return {
			describedby: ids.map((i) => [i, document
			    .getElementById(i)?.textContent ?? null]),
			invalid: [...set.querySelectorAll('input')].map(
			    (i) => i.getAttribute('aria-invalid')),
		};
	}, id);
}

for (const [lang, prefix] of [['ja', 'エラー：'], ['en', 'Error: ']]) {
	test(`after a 422 the keyboard starts at the error summary (${lang})`,
	    async () => {
		const page = await openAs(lang);
		await page.goto(`${base}/apply`);
		const before = await page.title();
		await page.fill('#f-family_kanji', '山田');
		assert.equal(await submit(page, '/apply'), 422);
		assert.equal(await page.title(), `${prefix}${before}`);
		assert.equal(await focused(page), 'div.error-summary',
		    'the summary has the focus, without any script');

		// Tab reaches the first link, which leads to its field.
		await page.keyboard.press('Tab');
		const first = await page.evaluate(() =>
		    document.activeElement.getAttribute('href'));
		assert.equal(first, '#f-given_kanji');
		await page.keyboard.press('Enter');
		await page.waitForURL(/#f-given_kanji$/);
		assert.equal(await focused(page), 'input#f-given_kanji');
		assert.equal(await page.getAttribute('#f-given_kanji',
		    'aria-invalid'), 'true');

		// The radio and checkbox groups name their message.
		for (const name of ['nationality', 'operations']) {
			const w = await groupWiring(page, `f-${name}`);
			const msg = w.describedby.find(([i]) => i === `e-${name}`);
			assert.ok(msg, `#f-${name} is described by #e-${name}: ` +
			    JSON.stringify(w.describedby));
			assert.ok(w.describedby.every(([, text]) => text),
			    `#f-${name}: every id exists and has text: ` +
			    JSON.stringify(w.describedby));
			assert.deepEqual(await page.textContent(`#e-${name}`),
			    msg[1]);
			assert.ok(w.invalid.length >= 2 &&
			    w.invalid.every((v) => v === 'true'),
			    `#f-${name}'s options are aria-invalid: ${w.invalid}`);
		}
		// Choosing from the summary lands in the group.
		await page.click('.error-summary a[href="#f-nationality"]');
		assert.equal(await focused(page), 'fieldset#f-nationality.choices');
		await page.keyboard.press('Tab');
		assert.match(await focused(page), /^input#f-nationality-/);
		await page.context().close();
	});
}

// The <title> of an HTML page.
function titleOf(html) {
	const m = /<title>([^<]*)<\/title>/.exec(html);
	assert.ok(m, 'a <title>');
	return m[1];
}

for (const lang of LANGS) {
	test(`every page has a title of its own (${lang})`, async () => {
		const app = await submitValid(validFields());
		const pub = {
			'/': null, '/apply': null, '/login': null,
			[app.location]: null, [`/status/${app.token}`]: null,
			'/no-such-page': null, '/lost-link': null,
			[`/status/${newToken()}`]: null,
		};
		const roles = {
			reviewer: ['/review', '/review/applications',
			    `/review/applications/${app.id}`],
			ministry: ['/ministry', '/ministry/nominations/new'],
			admin: ['/admin/users', '/admin/users/new', '/admin/audit',
			    '/admin/ministries', '/admin/ministries/new',
			    '/admin/ministries/MOFA/edit', '/admin/mail'],
		};
		const titles = new Map();
		const headers = { cookie: `lang=${lang}` };
		for (const path of Object.keys(pub)) {
			const r = await fetch(`${base}${path}`, { headers });
			titles.set(path, titleOf(await r.text()));
		}
		for (const [role, paths] of Object.entries(roles)) {
			const c = await staffClient(role, role === 'ministry'
			    ? { ministry: 'MOFA' } : {});
			c.cookies.set('lang', lang);
			for (const path of paths)
				titles.set(path, titleOf((await c.get(path)).body));
		}
		const site = titles.get('/').split(' — ').pop();
		for (const [path, title] of titles)
			assert.match(title, new RegExp(`^[^—]+ — ${site}$`),
			    `${path}: "page — site"`);
		// A record's page names what it is before its reference.
		assert.match(titles.get(`/review/applications/${app.id}`),
		    lang === 'ja' ? /^応募内容 PC-\d{4}-[0-9A-Z]{8} — /
			: /^Application PC-\d{4}-[0-9A-Z]{8} — /);
		const seen = new Map();
		for (const [path, title] of titles) {
			assert.ok(!seen.has(title), `${path} has the title of ` +
			    `${seen.get(title)}: ${title}`);
			seen.set(title, path);
		}
	});
}

// The staff pages on a wide screen and on a phone (headless Chromium
// through playwright-core): the reviewer's list uses the screen's width,
// a Japanese status stays on one line, the table scrolls inside a
// focusable, named region with a scrollbar that shows, the first result
// is on the first screen of a phone, and the focus ring has its dark
// part on radios, checkboxes and the file input.  Screenshots go beside
// the stack's logs for a human to look at.
// Needs a running stack (./stack) and Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { base, stack, submitValid, validFields } from './lib.mjs';
import { useBrowser } from './browser.mjs';
import { insertNomination } from './nominations.mjs';
import { createStaff } from './staff.mjs';

const chrome = useBrowser({ scrollbars: true });
const shots = join(stack.STACK_DIR ?? process.env.STACK_DIR, 'screenshots');
mkdirSync(shots, { recursive: true });

const SCREENS = {
	wide: { viewport: { width: 1280, height: 800 } },
	phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
	    isMobile: true, hasTouch: true },
};

// A page signed in as a new reviewer, in Japanese, on screen.
async function reviewerOn(screen) {
	const acct = createStaff('reviewer');
	const ctx = await chrome.browser.newContext({ locale: 'ja-JP',
	    ...SCREENS[screen] });
	const page = await ctx.newPage();
	page.setDefaultTimeout(15000);
	await page.goto(`${base}/login`);
	await page.fill('#f-login', acct.login);
	await page.fill('#f-password', acct.password);
	await Promise.all([page.waitForNavigation(),
	    page.click('form[action="/login"] button[type="submit"]')]);
	return page;
}

// Measures the list's first row and its scroll container.
function measure(page) {
	return page.evaluate(() => {
		const status = document.querySelector(
		    'table.app-list tbody span.status');
		const table = status.closest('table');
		const box = table.parentElement;
		const label = document.getElementById(
		    box.getAttribute('aria-labelledby') ?? '');
		const row = table.querySelector('tbody tr');
		return {
			text: status.textContent,
			height: status.getBoundingClientRect().height,
			line: parseFloat(getComputedStyle(status).lineHeight),
			mainWidth: document.querySelector('main').clientWidth,
			pageScroll: document.documentElement.scrollWidth,
			viewport: window.innerWidth,
			screenHeight: window.innerHeight,
			tableWidth: table.scrollWidth,
			boxScroll: box.scrollWidth,
			boxWidth: box.clientWidth,
			boxOverflow: getComputedStyle(box).overflowX,
			scrollbar: box.offsetHeight - box.clientHeight,
			cue: getComputedStyle(box).backgroundImage,
			role: box.getAttribute('role'),
			tabindex: box.getAttribute('tabindex'),
			label: label?.textContent ?? null,
			rowTop: row.getBoundingClientRect().top + window.scrollY,
		};
	});
}

test('the reviewer\'s list: a wide screen\'s width, one-line statuses',
    async () => {
	await submitValid(validFields());
	insertNomination('MOFA');
	const page = await reviewerOn('wide');
	await page.goto(`${base}/review/applications`);
	await page.screenshot({ path: join(shots, 'review-list-1280.png') });
	const m = await measure(page);
	assert.ok(m.mainWidth > 1000, `main is ${m.mainWidth}px wide at 1280`);
	assert.equal(m.text, '受付済み');
	assert.ok(m.height < 1.5 * m.line,
	    `status ${m.height}px high, line ${m.line}px`);
	assert.ok(m.tableWidth <= m.boxScroll, 'the table is in its box');
	assert.ok(m.pageScroll <= m.viewport, `page ${m.pageScroll}px wide`);
	// The filters are shown without a click.
	assert.ok(await page.isVisible('#f-q'), 'the filters are shown');
	assert.ok(!await page.isVisible('.filter-box > summary'));
	// A narrow desktop window draws the table's scrollbar (phones overlay
	// theirs: see the shadow below).
	await page.setViewportSize({ width: 390, height: 844 });
	const narrow = await measure(page);
	assert.ok(narrow.boxScroll > narrow.boxWidth, 'the table scrolls');
	assert.ok(narrow.scrollbar > 0, 'the scrollbar takes room (is drawn)');
	await page.context().close();
});

test('the reviewer\'s pages on a phone: the list\'s table scrolls in a ' +
    'named region, the first result is on the first screen', async () => {
	const app = await submitValid(validFields());
	const page = await reviewerOn('phone');
	await page.goto(`${base}/review/applications`);
	await page.screenshot({ path: join(shots, 'review-list-390.png'),
	    fullPage: true });
	const m = await measure(page);
	assert.ok(m.height < 1.5 * m.line,
	    `status ${m.height}px high, line ${m.line}px`);
	assert.ok(m.pageScroll <= m.viewport,
	    `nothing sticks out of the page: ${m.pageScroll}px`);
	assert.equal(m.boxOverflow, 'auto');
	assert.ok(m.boxScroll > m.boxWidth, 'the table scrolls in its box');
	assert.ok(m.tableWidth <= m.boxScroll, 'all of the table can be reached');
	// The edge with more table behind it has a shadow.
	assert.match(m.cue, /radial-gradient/, 'a shadow at the edge');
	assert.equal(m.role, 'region');
	assert.equal(m.tabindex, '0');
	assert.equal(m.label, '応募者（50件ずつ）');
	assert.ok(m.rowTop < m.screenHeight,
	    `first result at ${m.rowTop}px, screen ${m.screenHeight}px`);

	// The keyboard scrolls the region; the filters open from their toggle.
	await page.focus('.table-scroll');
	await page.keyboard.press('ArrowRight');
	await page.waitForFunction(() =>
	    document.querySelector('.table-scroll').scrollLeft > 0);
	assert.ok(!await page.isVisible('#f-q'));
	await page.click('.filter-box > summary');
	assert.ok(await page.isVisible('#f-q'));

	// The other reviewer's pages fit too.
	for (const path of ['/review', `/review/applications/${app.id}`]) {
		await page.goto(`${base}${path}`);
		const w = await page.evaluate(() =>
		    document.documentElement.scrollWidth);
		assert.ok(w <= 390, `${path}: ${w}px wide`);
	}
	await page.screenshot({ path: join(shots, 'review-app-390.png'),
	    fullPage: true });
	await page.context().close();
});

test('the focus ring is two-tone on every kind of control', async () => {
	const ctx = await chrome.browser.newContext({ locale: 'ja-JP' });
	const page = await ctx.newPage();
	await page.goto(`${base}/apply`);
	for (const sel of ['#f-family_kanji', '#f-nationality-yes',
	    '#f-operations-pko', '#f-cv', '#f-prefecture',
	    'form[action="/apply"] button[type="submit"]', 'a.site-name']) {
		await page.focus(sel);
		const ring = await page.evaluate((sel) => {
			const s = getComputedStyle(document.querySelector(sel));
			return { outline: `${s.outlineStyle} ${s.outlineWidth} ` +
			    s.outlineColor, shadow: s.boxShadow };
		}, sel);
		// Near-black (17:1 on white) outside, yellow inside.
		assert.equal(ring.outline, 'solid 3px rgb(26, 26, 28)', sel);
		assert.match(ring.shadow, /^rgb\(255, 212, 0\) 0px 0px 0px 3px$/,
		    sel);
	}
	await page.screenshot({ path: join(shots, 'focus-ring.png'),
	    clip: { x: 0, y: 0, width: 800, height: 600 } });
	await ctx.close();
});

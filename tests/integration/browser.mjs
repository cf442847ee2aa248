// The headless Chromium the browser tests share: Debian's, driven by
// playwright-core, which never downloads a browser of its own
// (CORPS_CHROMIUM overrides the path); and the axe-core check every page
// of the site must pass.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

import { base } from './lib.mjs';

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'];

// Launches Chromium before the calling file's tests and closes it after
// them.  Scrollbars are hidden as playwright does by default, unless
// scrollbars is true (to see whether one is drawn).  Returns an object
// whose .browser is the running browser.
export function useBrowser({ scrollbars = false } = {}) {
	const chrome = { browser: null };
	before(async () => {
		chrome.browser = await chromium.launch({
			executablePath: process.env.CORPS_CHROMIUM ||
			    '/usr/bin/chromium',
			args: LAUNCH_ARGS, timeout: 30000,
			ignoreDefaultArgs: scrollbars ? ['--hide-scrollbars'] : [] });
	});
	after(async () => {
		if (chrome.browser)
			await chrome.browser.close();
	});
	return chrome;
}

const axeSource = readFileSync(createRequire(import.meta.url)
    .resolve('axe-core/axe.min.js'), 'utf8');

// WCAG 2.1 level A and AA, nothing else (no best practices).
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// A browser context for axe in lang ('ja' or 'en': the lang cookie the
// language switch sets).  The pages' CSP allows no script at all, so the
// context bypasses CSP to let axe in: never use it for CSP checks.
// options go to newContext (e.g. a phone's viewport).  The caller
// closes the context.
export async function axeContext(browser, lang, options = {}) {
	const context = await browser.newContext({ bypassCSP: true,
	    locale: lang === 'en' ? 'en-GB' : 'ja-JP', ...options });
	await context.addCookies([{ name: 'lang', value: lang, url: base }]);
	return context;
}

// Returns "element attr=id" for every id reference on the page
// (aria-describedby, aria-labelledby, aria-controls, label for) that no
// element has; axe only asks for a review when some of them resolve.
function danglingIds(page) {
	return page.evaluate(() => {
		const out = [];
		for (const attr of ['aria-describedby', 'aria-labelledby',
		    'aria-controls', 'for'])
			for (const e of document.querySelectorAll(`[${attr}]`))
				for (const id of e.getAttribute(attr).split(/\s+/))
					if (id !== '' && !document.getElementById(id))
						out.push(`${e.tagName.toLowerCase()}` +
						    `#${e.id} ${attr}=${id}`);
		return out;
	});
}

// Runs axe-core's WCAG 2.1 A/AA rules on the page as it is now and fails
// with every violation (rule, impact, help and the offending elements)
// when there is any, or when an id reference points at nothing.  what
// names the page in the message.
export async function assertAxe(page, what) {
	assert.deepEqual(await danglingIds(page), [],
	    `id references on ${what} (${page.url()})`);
	// Once per document: a page checked again (at another size) has it.
	if (!await page.evaluate(() => typeof window.axe?.run === 'function'))
		await page.addScriptTag({ content: axeSource });
	const violations = await page.evaluate((tags) => window.axe.run(
	    document, { runOnly: { type: 'tag', values: tags },
	    resultTypes: ['violations'] }).then((r) => r.violations.map(
	    (v) => ({ id: v.id, impact: v.impact, help: v.help,
	    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ` +
	    n.failureSummary.replace(/\s+/g, ' ')) }))), AXE_TAGS);
	assert.deepEqual(violations, [], `axe on ${what} (${page.url()}):\n` +
	    violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ` +
	    v.nodes.join('\n  ')).join('\n'));
}

// The headless Chromium the browser tests share: Debian's, driven by
// playwright-core, which never downloads a browser of its own
// (CORPS_CHROMIUM overrides the path).
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu',
    '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'];

// Launches Chromium before the calling file's tests and closes it after
// them.  Returns an object whose .browser is the running browser.
export function useBrowser() {
	const chrome = { browser: null };
	before(async () => {
		chrome.browser = await chromium.launch({
			executablePath: process.env.CORPS_CHROMIUM ||
			    '/usr/bin/chromium',
			args: LAUNCH_ARGS, timeout: 30000 });
	});
	after(async () => {
		if (chrome.browser)
			await chrome.browser.close();
	});
	return chrome;
}

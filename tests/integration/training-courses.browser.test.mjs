// Training's course and session pages in a real browser (headless
// Chromium), in Japanese and in English: every new page passes axe-core's
// WCAG 2.1 A/AA rules, with and without a form's errors; a keyboard adds
// a course and an instructor records results; on a phone the pages fit
// and their tables scroll in named regions; the printed session page is
// the attendance sheet.  Needs a running stack (./stack) and Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { base, sql1, sqlRows } from './lib.mjs';
import { assertAxe, axeContext, useBrowser } from './browser.mjs';
import { createStaff } from './staff.mjs';
import { acceptedPeople, makeCourse, makeSession } from './training.mjs';

const chrome = useBrowser();

// A page signed in as a new account of role, in lang, with options for
// the browser context.  Returns {page, login}; close page.context().
async function signedIn(role, lang, options = {}) {
	const ctx = await axeContext(chrome.browser, lang, options);
	const page = await ctx.newPage();
	page.setDefaultTimeout(15000);
	const acct = createStaff(role);
	await page.goto(`${base}/login`);
	await page.fill('#f-login', acct.login);
	await page.fill('#f-password', acct.password);
	await Promise.all([page.waitForNavigation(),
	    page.click('form[action$="/login"] button[type="submit"]')]);
	return { page, login: acct.login };
}

// A session of a course with a pass mark, taught by login, with two
// people on its roster and one waiting.  Returns {course, session, ids}.
async function filledSession(login) {
	const course = makeCourse({ pass_mark: 60 });
	const session = makeSession(course, { capacity: 2 });
	sqlRows(`UPDATE training_sessions SET instructor_id = (SELECT id FROM
	    staff_accounts WHERE login = :'l') WHERE id = :'s'`,
	{ l: login, s: session });
	const ids = await acceptedPeople(3);
	for (const p of ids)
		sql1(`SELECT training_enrol(:'s', :'p', NULL)`, { s: session, p });
	return { course, session, ids };
}

for (const lang of ['ja', 'en']) {
	test(`the training pages pass axe; a keyboard adds a course (${lang})`,
	    async () => {
		const teacher = createStaff('instructor');
		const { course, session, ids } = await filledSession(teacher.login);
		const external = makeCourse({ delivery: 'external' });
		const { page } = await signedIn('reviewer', lang);
		for (const path of ['/training', `/training/courses/${course}`,
		    '/training/courses/new', `/training/courses/${course}/edit`,
		    `/training/sessions/new?course=${course}`,
		    `/training/sessions/${session}`,
		    `/training/sessions/${session}/edit`,
		    `/training/sessions/${session}/attendance`,
		    `/review/applications/${ids[0]}`]) {
			const res = await page.goto(`${base}${path}`);
			assert.equal(res.status(), 200, path);
			await assertAxe(page, path);
		}
		assert.ok(external > 0);

		// The course form by keyboard: the summary takes the focus.
		await page.goto(`${base}/training/courses/new`);
		await page.focus('#f-course_code');
		await page.keyboard.type('x');
		await page.focus('form[action="/training/courses/new"] ' +
		    'button[type="submit"]');
		await Promise.all([page.waitForNavigation(),
		    page.keyboard.press('Enter')]);
		assert.equal(await page.evaluate(() =>
		    document.activeElement.className), 'error-summary');
		await assertAxe(page, 'the course form with errors');
		const code = `KB-${lang.toUpperCase()}-${Date.now() % 100000}`;
		await page.fill('#f-course_code', code);
		await page.fill('#f-course_title_ja', 'キーボード研修');
		await page.fill('#f-course_title_en', 'Keyboard course');
		await page.fill('#f-course_hours', '3');
		await page.focus('#f-course_delivery-online');
		await page.keyboard.press('Space');
		await page.focus('form[action="/training/courses/new"] ' +
		    'button[type="submit"]');
		await Promise.all([page.waitForNavigation(),
		    page.keyboard.press('Enter')]);
		assert.match(page.url(), /\/training\/courses\/\d+$/);
		assert.equal(sql1(`SELECT delivery FROM courses WHERE code = :'c'`,
		    { c: code }), 'online');

		// The session form and the cancel form with their errors.
		await page.goto(`${base}/training/sessions/new?course=${course}`);
		await page.fill('#f-session_capacity', '');
		await Promise.all([page.waitForNavigation(), page.click(
		    'form[action="/training/sessions/new"] button[type="submit"]')]);
		await assertAxe(page, 'the session form with errors');
		await page.goto(`${base}/training/sessions/${session}`);
		await Promise.all([page.waitForNavigation(), page.click(
		    'form[action$="/cancel"] button[type="submit"]')]);
		await assertAxe(page, 'the session page with the cancel error');
		await page.context().close();
	});

	test(`an instructor records results by keyboard; /teach passes axe ` +
	    `(${lang})`, async () => {
		const { page, login } = await signedIn('instructor', lang);
		assert.equal(new URL(page.url()).pathname, '/teach');
		const { session, ids } = await filledSession(login);
		await page.goto(`${base}/teach`);
		await assertAxe(page, '/teach');
		await page.click(`a[href="/training/sessions/${session}"]`);
		await assertAxe(page, 'the session page for its instructor');
		await page.goto(`${base}/training/sessions/${session}/attendance`);
		const [first] = sqlRows(`SELECT id FROM enrolments WHERE
		    session_id = :'s' AND state = 'enrolled' ORDER BY id`,
		{ s: session }).map(([id]) => id);
		await page.focus(`#f-attendance-${first}`);
		await page.keyboard.press('ArrowDown');
		await page.focus(`#f-score-${first}`);
		await page.keyboard.type('101');
		await Promise.all([page.waitForNavigation(),
		    page.keyboard.press('Enter')]);
		await assertAxe(page, 'the attendance form with an error');
		await page.fill(`#f-score-${first}`, '75');
		await Promise.all([page.waitForNavigation(),
		    page.keyboard.press('Enter')]);
		assert.match(page.url(), new RegExp(`/training/sessions/${session}`));
		assert.equal(sql1(`SELECT count(*) FROM certificates WHERE
		    application_id = :'a'`, { a: ids[0] }), '1');
		await page.context().close();
	});
}

test('on a phone the pages fit; printed, the session is its sheet',
    async () => {
	const teacher = createStaff('instructor');
	const { session } = await filledSession(teacher.login);
	const { page } = await signedIn('reviewer', 'ja',
	    { viewport: { width: 390, height: 844 } });
	for (const path of ['/training', `/training/sessions/${session}`,
	    `/training/sessions/${session}/attendance`]) {
		await page.goto(`${base}${path}`);
		const m = await page.evaluate(() => {
			const box = document.querySelector('.table-scroll');
			return { page: document.documentElement.scrollWidth,
			    role: box.getAttribute('role'),
			    label: !!document.getElementById(
				box.getAttribute('aria-labelledby')) };
		});
		assert.ok(m.page <= 390, `${path}: ${m.page}px wide`);
		assert.equal(m.role, 'region');
		assert.ok(m.label, `${path}: the region is named`);
	}
	await page.goto(`${base}/training/sessions/${session}`);
	await page.emulateMedia({ media: 'print' });
	const printed = await page.evaluate(() => ({
		header: getComputedStyle(document.querySelector(
		    '.site-header')).display,
		forms: [...document.querySelectorAll('main form')].every(
		    (f) => getComputedStyle(f).display === 'none'),
		signature: getComputedStyle(document.querySelector(
		    '#roster-table .signature')).display,
	}));
	assert.deepEqual(printed, { header: 'none', forms: true,
	    signature: 'table-cell' });
	await page.context().close();
});

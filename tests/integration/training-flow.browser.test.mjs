// Issue 14's whole training flow in Chromium, once in Japanese and once in
// English, driven through labels and roles as a user would: a reviewer
// adds a course required for UN peacekeeping and a session of two seats
// taught by an instructor, finds three accepted people in the list and
// enrols them (the third waits); one confirms on their status page; the
// instructor records their attendance and a passing score; the reviewer
// sees the certificate valid until the hand-computed day, and
// /training/due, which listed the person, no longer does.  axe-core
// (WCAG 2.1 A/AA) checks every page on the way.  Needs a running stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import { base, jstDate, randomKana, sql1, sqlRows, submitValid,
    validFields } from './lib.mjs';
import { assertAxe, axeContext, useBrowser } from './browser.mjs';
import { createStaff } from './staff.mjs';

const chrome = useBrowser();

// The interface's words in lang, to find controls by their labels.
function messages(lang) {
	return JSON.parse(readFileSync(new URL(
	    `../../templates/messages/${lang}.json`, import.meta.url), 'utf8'));
}

// date (YYYY-MM-DD) plus months, the month's last day when that month is
// shorter than date's day (as the issue states the expiry).
function addMonths(date, months) {
	const [y, m, d] = date.split('-').map(Number);
	const first = new Date(Date.UTC(y, m - 1 + months, 1));
	const last = new Date(Date.UTC(first.getUTCFullYear(),
	    first.getUTCMonth() + 1, 0)).getUTCDate();
	first.setUTCDate(Math.min(d, last));
	return first.toISOString().slice(0, 10);
}

// Three applications sharing a random family name in katakana, moved to
// accepted in SQL.  Returns [{id, token, reference}] in id order.
async function threeAccepted() {
	const family = randomKana(8);
	const people = [];
	for (const given of ['ハナコ', 'タロウ', 'ジロウ'])
		people.push(await submitValid(validFields({ family_kana: family,
		    given_kana: given, operations: ['pko'] })));
	const ids = `{${people.map((p) => p.id).join(',')}}`;
	for (const to of ['screening', 'accepted'])
		sqlRows(`UPDATE applications SET status = :'s'
		    WHERE id = ANY(:'ids'::bigint[])`, { s: to, ids });
	people.sort((a, b) => a.id - b.id);
	for (const p of people)
		p.reference = sql1(`SELECT reference FROM applications
		    WHERE id = :'id'`, { id: p.id });
	return { family, people };
}

// A page in lang (its own browser context) signed in as acct.
async function signedIn(lang, acct) {
	const t = messages(lang);
	const ctx = await axeContext(chrome.browser, lang);
	const page = await ctx.newPage();
	page.setDefaultTimeout(10000);
	await page.goto(`${base}/login`);
	await page.getByLabel(t.f_login).fill(acct.login);
	await page.getByLabel(t.f_password).fill(acct.password);
	await Promise.all([page.waitForNavigation(), page.getByRole('button',
	    { name: t.login_submit }).click()]);
	return page;
}

// Clicks what (a locator) and waits for the page it loads.
async function submit(page, what) {
	await Promise.all([page.waitForNavigation(), what.click()]);
}

// The references /training/due lists for the course titled title,
// filtered by the reviewer through the form.
async function dueReferences(page, t, title) {
	await page.goto(`${base}/training/due`);
	await page.getByLabel(t.f_course, { exact: true })
	    .selectOption({ label: title });
	await submit(page, page.getByRole('button', { name: t.rl_apply }));
	return page.locator('#due tbody th[scope="row"]').allTextContents();
}

for (const lang of ['ja', 'en']) {
	test(`the training flow from course to certificate (${lang})`,
	    async () => {
		const t = messages(lang);
		const tag = `${lang}${Date.now() % 1000000}`;
		const title = lang === 'ja' ? `流れ研修${tag}` : `Flow ${tag}`;
		const code = `FLOW-${tag.toUpperCase()}`;
		const { family, people } = await threeAccepted();
		const teacher = createStaff('instructor');
		const reviewer = createStaff('reviewer');
		const day = jstDate(lang === 'ja' ? 21 : 22);

		// The reviewer adds the course, required for peacekeeping.
		const rv = await signedIn(lang, reviewer);
		await rv.goto(`${base}/training`);
		await assertAxe(rv, '/training');
		await submit(rv, rv.getByRole('link', { name: t.course_new }));
		await assertAxe(rv, 'the course form');
		await rv.getByLabel(t.f_course_code).fill(code);
		await rv.getByLabel(t.f_course_title_ja).fill(
		    lang === 'ja' ? title : `流れ研修${tag}`);
		await rv.getByLabel(t.f_course_title_en).fill(
		    lang === 'en' ? title : `Flow ${tag}`);
		await rv.getByLabel(t.f_course_hours).fill('6');
		await rv.getByLabel(t.course_delivery_in_person).check();
		await rv.getByLabel(t.f_course_pass_mark).fill('60');
		await rv.getByLabel(t.f_course_validity).fill('12');
		await rv.getByLabel(t.op_pko).check();
		await submit(rv, rv.getByRole('button', { name: t.course_add }));
		const courseUrl = rv.url();
		assert.match(new URL(courseUrl).pathname, /^\/training\/courses\/\d+$/);
		await assertAxe(rv, 'the course page');

		// Before any training the three are due for it (among any other
		// accepted people of the database).
		const before = await dueReferences(rv, t, title);
		for (const p of people)
			assert.ok(before.includes(p.reference), `${p.reference} due`);
		await assertAxe(rv, '/training/due before');

		// A session of two seats with the instructor.
		await rv.goto(courseUrl);
		await submit(rv, rv.getByRole('link', { name: t.session_new }));
		await assertAxe(rv, 'the session form');
		await rv.getByLabel(t.f_session_start_date).fill(day);
		await rv.getByLabel(t.f_session_start_time).fill('09:30');
		await rv.getByLabel(t.f_session_end_date).fill(day);
		await rv.getByLabel(t.f_session_end_time).fill('17:00');
		await rv.getByLabel(t.f_session_place).fill('市ヶ谷');
		await rv.getByLabel(t.f_session_capacity).fill('2');
		await rv.getByLabel(t.f_session_instructor)
		    .selectOption({ label: teacher.login });
		await submit(rv, rv.getByRole('button', { name: t.session_add }));
		const session = /^\/training\/sessions\/(\d+)$/.exec(
		    new URL(rv.url()).pathname)?.[1];
		assert.ok(session, `the session's page: ${rv.url()}`);
		await assertAxe(rv, 'the session page');

		// The list, filtered to the three, enrols them: one waits.
		await rv.getByRole('link',
		    { name: t.nav_applications, exact: true }).click();
		await rv.waitForURL(/\/review\/applications/);
		await rv.getByLabel(t.f_status, { exact: true })
		    .selectOption({ label: t.status_accepted });
		await rv.getByLabel(t.f_q, { exact: true }).fill(family);
		await Promise.all([rv.waitForNavigation(),
		    rv.getByLabel(t.f_q, { exact: true }).press('Enter')]);
		const rows = rv.locator('input[type="checkbox"][name="id"]');
		assert.equal(await rows.count(), 3, 'only the three are listed');
		await assertAxe(rv, 'the list filtered');
		for (const p of people)
			await rv.getByLabel(p.reference, { exact: true }).check();
		const choice = rv.getByLabel(t.enrol_list_session)
		    .locator('option', { hasText: title });
		assert.equal(await choice.getAttribute('value'), session);
		await rv.getByLabel(t.enrol_list_session).selectOption(session);
		await rv.getByRole('button', { name: t.enrol_list_submit }).focus();
		await Promise.all([rv.waitForNavigation(),
		    rv.keyboard.press('Enter')]);
		assert.equal(new URL(rv.url()).pathname, '/training/enrol');
		const outcome = await rv.locator('#enrol-results tbody tr')
		    .evaluateAll((trs) => trs.map((tr) => [tr.dataset.id,
		    tr.cells[2].textContent.trim()]));
		assert.deepEqual(outcome, [
			[String(people[0].id), t.enrol_answer_enrolled],
			[String(people[1].id), t.enrol_answer_enrolled],
			[String(people[2].id), t.enrol_answer_waitlisted]]);
		assert.equal(await rv.locator('#enrol-seats').textContent(), '2 / 2');
		assert.equal(await rv.locator('#enrol-waitlist').textContent(), '1');
		await assertAxe(rv, 'the enrolment result');

		// The first confirms on their status page.
		const who = people[0];
		const ac = await axeContext(chrome.browser, lang);
		const ap = await ac.newPage();
		ap.setDefaultTimeout(10000);
		await ap.goto(`${base}/status/${who.token}`);
		await assertAxe(ap, 'the status page with the invitation');
		await submit(ap, ap.getByRole('button', { name: t.enrol_confirm }));
		assert.equal((await ap.getByRole('status').first().textContent())
		    .trim(), t.enrol_done_confirmed);
		await assertAxe(ap, 'the status page confirmed');
		await ac.close();

		// The instructor records attendance and a passing score.
		const ip = await signedIn(lang, teacher);
		assert.equal(new URL(ip.url()).pathname, '/teach');
		await assertAxe(ip, '/teach');
		await submit(ip, ip.getByRole('row').filter({ hasText: title })
		    .getByRole('link'));
		assert.equal(new URL(ip.url()).pathname,
		    `/training/sessions/${session}`);
		await assertAxe(ip, 'the session page for its instructor');
		await submit(ip, ip.getByRole('link',
		    { name: t.session_attendance_title }));
		await assertAxe(ip, 'the attendance form');
		const row = ip.getByRole('row').filter({ hasText: who.reference });
		await row.getByLabel(t.session_col_attendance)
		    .selectOption({ label: t.session_attendance_attended });
		await row.getByLabel(t.session_col_score).fill('80');
		await submit(ip, ip.getByRole('button',
		    { name: t.session_attendance_save }));
		assert.equal(new URL(ip.url()).pathname,
		    `/training/sessions/${session}`);
		await ip.context().close();

		// The reviewer sees the certificate; the person is no longer due.
		await rv.goto(`${base}/review/applications/${who.id}`);
		const cert = rv.locator('#certificates tbody tr')
		    .filter({ hasText: title });
		assert.deepEqual(await cert.locator('td').allTextContents(),
		    [day, addMonths(day, 12)]);
		await assertAxe(rv, 'the application with its certificate');
		const after = await dueReferences(rv, t, title);
		assert.ok(!after.includes(who.reference), `${who.reference} left`);
		for (const p of people.slice(1))
			assert.ok(after.includes(p.reference), `${p.reference} due`);
		await assertAxe(rv, '/training/due after');
		await rv.context().close();
	});
}

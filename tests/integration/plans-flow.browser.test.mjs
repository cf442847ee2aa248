// Issue 15's whole flow in Chromium, once in Japanese and once in
// English: a reviewer creates a plan through /plans/new, records the Five
// Principles, approves it, adds a position requiring a course, finds the
// candidate, sends an inquiry; the applicant answers "available" on their
// status page; the reviewer assigns and dispatches them; the status page
// shows the dispatch (plan, country, period); a principle recorded as no
// longer satisfied suspends the plan and its page shows the banner.  The
// pages are driven by their labels and roles in the language under test
// (read from the message catalogs), and axe-core (WCAG 2.1 A/AA) checks
// every page the flow passes through.  Only the course and the person's
// application and certificate are made beforehand (in SQL).
// Needs a running stack (./stack) and Chromium.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

import { base, here, jstDate, sql1, sqlRows, submitValid, tag,
    validFields } from './lib.mjs';
import { assertAxe, axeContext, useBrowser } from './browser.mjs';
import { accept, Y } from './positions.mjs';
import { createStaff } from './staff.mjs';
import { makeCourse } from './training.mjs';

const chrome = useBrowser();

// The message catalog of lang, as the pages render it.
function catalog(lang) {
	return JSON.parse(readFileSync(join(here, '..', '..', 'templates',
	    'messages', `${lang}.json`), 'utf8'));
}

// A pattern matching text at the start of an accessible name, which may
// go on after a space (a "required" mark, a visually hidden suffix).
function named(text) {
	return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` +
	    '(\\s|$)');
}

// Clicks locator and waits for the page it leads to.
async function go(page, locator) {
	await Promise.all([page.waitForNavigation(), locator.click()]);
}

// An accepted applicant available from January of Y for a year, with a
// certificate of course valid all that year.  Returns submitValid's
// {id, token, reference, ...}.
async function applicant(course) {
	const p = await submitValid(validFields());
	accept([p.id]);
	sqlRows(`UPDATE applications SET earliest_start = '${Y}-01-01',
	    max_months = 12 WHERE id = :'id'`, { id: p.id });
	sqlRows(`INSERT INTO certificates (application_id, course_id,
	    completed_on, validity_months) VALUES (:'a', :'c', '${Y}-01-10',
	    24)`, { a: p.id, c: course });
	return p;
}

// Signs a new reviewer in through /login on a page of its own in lang.
async function reviewer(lang, t) {
	const acct = createStaff('reviewer');
	const page = await (await axeContext(chrome.browser, lang)).newPage();
	page.setDefaultTimeout(10000);
	await page.goto(`${base}/login`);
	await page.getByLabel(named(t.f_login)).fill(acct.login);
	await page.getByLabel(named(t.f_password)).fill(acct.password);
	await go(page, page.getByRole('button', { name: t.login_submit }));
	return page;
}

// Creates the plan title ({ja, en}) in country (its name in lang)
// through /plans/new.  Returns its id.
async function createPlan(page, lang, t, title, country) {
	await page.goto(`${base}/plans/new`);
	await assertAxe(page, `the new plan form (${lang})`);
	await page.getByLabel(named(t.f_operation_type))
	    .selectOption({ label: t.op_pko });
	await page.getByLabel(named(t.f_country))
	    .selectOption({ label: country });
	await page.getByLabel(named(t.f_title_ja)).fill(title.ja);
	await page.getByLabel(named(t.f_title_en)).fill(title.en);
	await page.getByLabel(named(t.f_area)).fill('Juba');
	await page.getByRole('radio', { name: t.plan_basis_unsc_resolution,
	    exact: true }).check();
	await page.getByLabel(named(t.f_basis_detail))
	    .fill('S/RES/1996 (2011)');
	await page.getByLabel(named(t.f_cabinet_decision_on))
	    .fill(`${Y - 1}-11-01`);
	await page.getByLabel(named(t.f_starts_on)).fill(`${Y}-01-01`);
	await page.getByLabel(named(t.f_ends_on)).fill(`${Y}-12-31`);
	await go(page, page.getByRole('button', { name: t.plan_add }));
	const m = new URL(page.url()).pathname.match(/^\/plans\/(\d+)$/);
	assert.ok(m, `after /plans/new: ${page.url()}`);
	assert.equal(await page.locator('h1').textContent(), title[lang]);
	assert.equal(await page.locator('#plan-status').textContent(),
	    t.plan_status_draft);
	return m[1];
}

// Records principle no on the plan page as satisfied (yes) or not, today.
async function recordPrinciple(page, t, no, yes, evidence) {
	const box = page.locator(`#principle-${no}`);
	await box.getByText(t.plan_principle_record).click();
	await box.getByRole('radio', { name: yes ? t.plan_principle_yes :
	    t.plan_principle_no, exact: true }).check();
	await box.getByLabel(named(t.f_confirmed_on)).fill(jstDate());
	await box.getByLabel(named(t.f_evidence)).fill(evidence);
	await go(page, box.getByRole('button', {
	    name: named(t.plan_principle_save) }));
	assert.equal(await page.locator(`#principle-${no}-state`)
	    .textContent().then((s) => s.split(' (')[0]), yes ?
	    t.plan_principle_satisfied : t.plan_principle_lapsed);
}

// Adds the position requiring course to the plan page's plan.  Returns
// the position's id.
async function addPosition(page, lang, t, course) {
	await go(page, page.getByRole('link', { name: t.plan_position_new }));
	await assertAxe(page, `the new position form (${lang})`);
	await page.getByLabel(named(t.f_position_title_ja)).fill('医官');
	await page.getByLabel(named(t.f_position_title_en))
	    .fill('Medical officer');
	await page.getByLabel(named(t.f_duty_station)).fill('Juba');
	await page.getByLabel(named(t.f_headcount)).fill('1');
	await page.getByLabel(named(t.f_position_starts)).fill(`${Y}-03-01`);
	await page.getByLabel(named(t.f_position_ends)).fill(`${Y}-05-31`);
	await page.getByRole('checkbox', { name: `${course.code} ${
	    course.title}`, exact: true }).check();
	await go(page, page.getByRole('button', { name: t.position_save }));
	const m = new URL(page.url()).pathname.match(/^\/positions\/(\d+)$/);
	assert.ok(m, `after the position form: ${page.url()}`);
	return m[1];
}

for (const lang of ['ja', 'en']) {
	test(`a plan from creation to dispatch and suspension (${lang})`,
	    async () => {
		const t = catalog(lang);
		const code = `E2E-${lang}${tag().slice(0, 6)}`.toUpperCase();
		const course = { code, title: lang === 'en' ? 'Safety basics' :
		    '安全対策基礎' };
		const courseId = makeCourse({ code, title_ja: '安全対策基礎',
		    title_en: 'Safety basics' });
		const p = await applicant(courseId);
		const title = { ja: `南スーダン派遣${tag()}`,
		    en: `South Sudan mission ${tag()}` };
		const country = sql1(`SELECT name_${lang} FROM countries
		    WHERE code = 'SS'`);

		// The plan: created, its principles recorded, approved.
		const page = await reviewer(lang, t);
		const plan = await createPlan(page, lang, t, title, country);
		await assertAxe(page, `a new draft plan (${lang})`);
		for (let no = 1; no <= 5; no++)
			await recordPrinciple(page, t, no, true, `国連文書 ${no}`);
		await assertAxe(page, `the plan with its principles (${lang})`);
		await page.getByLabel(named(t.f_plan_action))
		    .selectOption({ label: t.plan_action_approve });
		await go(page, page.getByRole('button',
		    { name: t.plan_status_submit }));
		assert.equal(await page.locator('#plan-status').textContent(),
		    t.plan_status_approved);
		await assertAxe(page, `the approved plan (${lang})`);

		// The position and its candidate, asked.
		const pos = await addPosition(page, lang, t, course);
		const pick = page.getByRole('checkbox', {
		    name: `${t.position_select} ${p.reference}`, exact: true });
		const row = page.getByRole('row').filter({ has: pick });
		assert.ok((await row.textContent()).includes(t.position_ready),
		    'the candidate has every required course');
		await assertAxe(page, `the position with candidates (${lang})`);
		await pick.check();
		await go(page, page.getByRole('button', { name: t.inquiry_send }));
		assert.equal(await page.getByRole('status').textContent(),
		    t.inquiry_sent.replace('{n}', '1'));
		await assertAxe(page, `the position with an inquiry (${lang})`);

		// The applicant answers on the status page.
		const ap = await (await axeContext(chrome.browser, lang))
		    .newPage();
		ap.setDefaultTimeout(10000);
		await ap.goto(`${base}/status/${p.token}`);
		await assertAxe(ap, `the status page's inquiry (${lang})`);
		await ap.getByLabel(t.inquiry_note, { exact: true })
		    .fill('準備できます');
		await go(ap, ap.getByRole('button',
		    { name: named(t.inquiry_available) }));
		assert.equal(await ap.getByRole('status').textContent(),
		    t.inquiry_done_available);
		await assertAxe(ap, `the status page after the answer (${lang})`);

		// The reviewer sees the answer, assigns, confirms, dispatches.
		await page.goto(`${base}/positions/${pos}`);
		const asked = page.locator('#inquiry-list').getByRole('row')
		    .filter({ hasText: p.reference });
		assert.ok((await asked.textContent())
		    .includes(t.inquiry_answer_available));
		const person = page.getByLabel(t.assign_person, { exact: true });
		await person.selectOption({ label: await person.locator('option',
		    { hasText: p.reference }).textContent() });
		await page.getByLabel(t.assign_starts, { exact: true })
		    .fill(`${Y}-03-01`);
		await page.getByLabel(t.assign_ends, { exact: true })
		    .fill(`${Y}-05-31`);
		await go(page, page.getByRole('button', { name: t.assign_submit }));
		// Available for the whole period and said so: nothing to confirm.
		assert.equal(await page.getByRole('group',
		    { name: t.assign_warnings }).count(), 0, 'no warnings');
		const assigned = page.locator('#assignment-list').getByRole('row')
		    .filter({ hasText: p.reference });
		await go(page, assigned.getByRole('button',
		    { name: named(t.assign_confirm) }));
		await go(page, assigned.getByRole('button',
		    { name: named(t.assign_dispatch) }));
		assert.ok((await assigned.textContent())
		    .includes(t.assign_status_dispatched));
		await assertAxe(page, `the position with a dispatch (${lang})`);

		// The applicant's status page shows the dispatch.
		await ap.goto(`${base}/status/${p.token}`);
		const dispatch = ap.locator('#dispatch');
		assert.equal(await dispatch.getByRole('heading').textContent(),
		    t.deploy_dispatched);
		assert.equal(await dispatch.getByRole('listitem').textContent(),
		    `${title[lang]} — ${country} (${Y}-03-01 – ${Y}-05-31)`);
		await assertAxe(ap, `the status page with the dispatch (${lang})`);
		await ap.context().close();

		// A principle lapses: the plan is suspended, its page says so.
		await page.goto(`${base}/plans/${plan}`);
		await recordPrinciple(page, t, 3, false, '当事者の一方が離脱');
		const banner = page.getByRole('region',
		    { name: t.plan_banner_title });
		assert.ok(await banner.isVisible(), 'the suspension banner');
		assert.match(await banner.textContent(), /3/);
		assert.equal(await page.locator('#plan-status').textContent(),
		    t.plan_status_suspended);
		await assertAxe(page, `the suspended plan (${lang})`);
		await page.context().close();
	});
}

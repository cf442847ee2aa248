// Every HTML page of the site, found in src/app.c's route table: each GET
// route that answers a page is opened on a real instance with content
// (made below through the existing helpers) in Japanese and in English,
// at a desktop's 1280x800 and a phone's 390x844, and must answer 200,
// pass axe-core's WCAG 2.1 A/AA rules, have a title of its own (not the
// site's name alone) and fit the screen: no page-level horizontal
// scroll, and a table too wide for its box scrolls inside a focusable
// region with a name.  Each such route with a form (a .post too) is then
// submitted empty once per language: a 422 whose title begins "エラー："
// / "Error:", whose error summary has the focus, and which passes the
// same checks at both sizes.
//
// The test fails for a GET route of app.c that is neither in ROUTES nor
// in EXCLUDED, and for an entry of either that app.c no longer has: a new
// page cannot come without its check.  (Flows and states this does not
// reach, such as a refusal banner or a page after an action, keep their
// own checks in the other browser tests.)
// Needs a running stack (./stack) and Chromium.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { base, here, jstDate, sql1, sqlRows, submitValid, validFields }
    from './lib.mjs';
import { assertAxe, axeContext, useBrowser } from './browser.mjs';
import { insertNomination } from './nominations.mjs';
import { accept, approvedPlan, Y } from './positions.mjs';
import { createStaff } from './staff.mjs';
import { acceptedPeople, makeCourse, makeSession } from './training.mjs';

const chrome = useBrowser();
const LANGS = { ja: 'エラー：', en: 'Error: ' };
const SIZES = [{ width: 1280, height: 800 }, { width: 390, height: 844 }];

// GET routes that answer something other than an HTML page.
const EXCLUDED = {
	'/healthz': 'monitoring: plain text, loopback only',
	'/metrics': 'monitoring: Prometheus text, loopback only',
	'/review/applications.csv': 'a CSV download',
	'/review/applications/*/cv': 'the applicant\'s CV, a PDF download',
	'/review/applications/*/letter': 'a nomination letter, a PDF download',
	'/ministry/nominations.csv': 'a CSV download',
	'/ministry/nominations/*/letter': 'a nomination letter, a PDF download',
	'/ministry/nominations/*/cv': 'a CV, a PDF download',
	'/plans/*/timeline.svg': 'an SVG image (its text: timeline.test.mjs)',
	'/plans/*/roster.csv': 'a CSV download',
	'/training/sessions/*/sheet.csv': 'a CSV download',
	'/training/certificates/*/evidence': 'a certificate\'s PDF download',
};

// Route -> the instances to open, each {as, path, shows, fill}: as, the
// role to sign in as (null: signed out); path, made from the fixtures
// fx; shows, selectors of content that must be there (so that a page is
// not checked in its empty state only).  A route that app.c gives a
// .post has its form, on the first instance, submitted empty; fill
// (selector -> value) makes it invalid where empty is a valid request.
const tr = (id) => `${id} tbody tr`;
const ROUTES = {
	'/': [{ as: null, path: () => '/' }],
	'/apply': [{ as: null, path: () => '/apply' }],
	'/receipt/*': [{ as: null, path: (fx) => fx.app.location }],
	'/status/*': [{ as: null, path: (fx) => `/status/${fx.app.token}` },
	    { as: null, path: (fx) => `/status/${fx.busy.token}`,
		shows: [tr('#enrolments'), '#dispatch li'] }],
	'/lost-link': [{ as: null, path: () => '/lost-link' }],
	'/login': [{ as: null, path: () => '/login' }],
	'/review': [{ as: 'reviewer', path: () => '/review',
	    shows: [tr('#open-ready'), tr('#deployed')] }],
	'/review/applications': [{ as: 'reviewer',
	    path: () => '/review/applications', shows: [tr('.app-list')] }],
	'/review/applications/*': [{ as: 'reviewer',
	    path: (fx) => `/review/applications/${fx.busy.id}`,
	    shows: [tr('#enrolments'), tr('#history')] },
	    { as: 'reviewer', path: (fx) => `/review/applications/${fx.nom.id}`,
		shows: [tr('#history')] }],
	'/ministry': [{ as: 'ministry', path: () => '/ministry',
	    shows: [tr('.nomination-list')] }],
	'/ministry/nominations/new': [{ as: 'ministry',
	    path: () => '/ministry/nominations/new' }],
	'/ministry/nominations/*': [{ as: 'ministry',
	    path: (fx) => `/ministry/nominations/${fx.nom.id}`,
	    shows: [tr('#history')] }],
	'/training/due': [{ as: 'reviewer', path: () => '/training/due',
	    shows: [tr('main')] }],
	'/training/expiring': [{ as: 'reviewer',
	    path: () => '/training/expiring', shows: [tr('main')] }],
	'/plans': [{ as: 'reviewer', path: () => '/plans',
	    shows: [tr('main')] }],
	'/plans/new': [{ as: 'reviewer', path: () => '/plans/new' }],
	'/plans/*': [{ as: 'reviewer', path: (fx) => `/plans/${fx.plan}`,
	    shows: [tr('#positions'), tr('#roster'), tr('#history')] }],
	'/plans/*/edit': [{ as: 'reviewer',
	    path: (fx) => `/plans/${fx.plan}/edit` }],
	'/plans/*/positions/new': [{ as: 'reviewer',
	    path: (fx) => `/plans/${fx.plan}/positions/new` }],
	'/positions/*': [{ as: 'reviewer',
	    path: (fx) => `/positions/${fx.position}`,
	    shows: [tr('#assignment-list')] }],
	'/positions/*/edit': [{ as: 'reviewer',
	    path: (fx) => `/positions/${fx.position}/edit` }],
	'/admin/users': [{ as: 'admin', path: () => '/admin/users',
	    shows: [tr('main')] }],
	'/admin/users/new': [{ as: 'admin', path: () => '/admin/users/new' }],
	// Both passwords empty asks for a generated one: a valid request.
	'/admin/users/*/password': [{ as: 'admin',
	    path: (fx) => `/admin/users/${fx.staff.target.login}/password`,
	    fill: { '#f-new_password': 'x' } }],
	'/admin/ministries': [{ as: 'admin', path: () => '/admin/ministries',
	    shows: [tr('main')] }],
	'/admin/ministries/new': [{ as: 'admin',
	    path: () => '/admin/ministries/new' }],
	'/admin/ministries/*/edit': [{ as: 'admin',
	    path: () => '/admin/ministries/MOFA/edit' }],
	'/admin/audit': [{ as: 'admin', path: () => '/admin/audit',
	    shows: [tr('main')] }],
	'/admin/mail': [{ as: 'admin', path: () => '/admin/mail',
	    shows: [tr('main')] }],
	'/training': [{ as: 'admin', path: () => '/training',
	    shows: [tr('main')] }],
	'/training/courses/new': [{ as: 'admin',
	    path: () => '/training/courses/new' }],
	'/training/courses/*': [{ as: 'admin',
	    path: (fx) => `/training/courses/${fx.course}`,
	    shows: [tr('#sessions')] }],
	'/training/courses/*/edit': [{ as: 'admin',
	    path: (fx) => `/training/courses/${fx.course}/edit` }],
	'/training/sessions/new': [{ as: 'admin',
	    path: (fx) => `/training/sessions/new?course=${fx.course}` }],
	'/training/sessions/*': [{ as: 'reviewer',
	    path: (fx) => `/training/sessions/${fx.session}`,
	    shows: [tr('#roster-table')] },
	    { as: 'instructor',
		path: (fx) => `/training/sessions/${fx.session}`,
		shows: [tr('#roster-table')] }],
	'/training/sessions/*/edit': [{ as: 'admin',
	    path: (fx) => `/training/sessions/${fx.session}/edit` }],
	// An empty sheet records nothing, which is valid: a score that is no
	// number is not.
	'/training/sessions/*/attendance': [{ as: 'instructor',
	    path: (fx) => `/training/sessions/${fx.session}/attendance`,
	    shows: [tr('#attendance')],
	    fill: { 'input[inputmode="numeric"]': 'x' } },
	    { as: 'reviewer',
		path: (fx) => `/training/sessions/${fx.session}/attendance`,
		shows: [tr('#attendance')] }],
	'/teach': [{ as: 'instructor', path: () => '/teach',
	    shows: [tr('#sessions')] }],
};

// The route table of src/app.c: [{path, roles (the role names that may
// use it, [] for a public page), get, post}].  The roles come from the
// file's own #defines of ROLE_BIT(ROLE_X).
function appRoutes() {
	const src = readFileSync(join(here, '../../src/app.c'), 'utf8')
	    .replace(/"(?:[^"\\\n]|\\.)*"|\/\*[\s\S]*?\*\//g,
	    (m) => m.startsWith('"') ? m : '');
	const defines = new Map([...src.matchAll(
	    /^#define\s+([A-Z_]+)\s+(.+)$/gm)].map((m) => [m[1], m[2]]));
	const roles = (expr) => expr.replace(/[()]/g, ' ').split('|')
	    .map((s) => s.trim()).flatMap((tok) => {
		const bit = /^ROLE_BIT ROLE_([A-Z]+)$/.exec(tok.replace(/\s+/g,
		    ' '));
		if (bit)
			return [bit[1].toLowerCase()];
		if (tok === '0')
			return [];
		assert.ok(defines.has(tok), `app.c: unknown roles ${tok}`);
		return roles(defines.get(tok));
	});
	const table = /static const struct route routes\[\] = \{([\s\S]*?)\n\};/
	    .exec(src);
	assert.ok(table, 'the route table in src/app.c');
	return [...table[1].matchAll(/\{\s*"([^"]+)",\s*([^,]+),([^}]*)\}/g)]
	    .map(([, path, r, rest]) => ({ path, roles: () => roles(r.trim()),
		get: /\.get\s*=/.test(rest), post: /\.post\s*=/.test(rest) }));
}

const routes = appRoutes();

test('every GET route of app.c is checked below or excluded with a reason',
    () => {
	const gets = routes.filter((r) => r.get).map((r) => r.path);
	assert.ok(gets.length > 30, `${gets.length} GET routes read`);
	assert.deepEqual(gets.filter((p) => !(p in ROUTES) && !(p in EXCLUDED)),
	    [], 'GET routes with neither a check in ROUTES nor a reason in ' +
	    'EXCLUDED');
	assert.deepEqual(Object.keys({ ...ROUTES, ...EXCLUDED })
	    .filter((p) => !gets.includes(p)), [],
	    'entries for routes that app.c does not have (with a .get)');
	for (const r of routes.filter((r) => r.path in ROUTES))
		for (const { as } of ROUTES[r.path])
			assert.ok(as === null ? r.roles().length === 0
			    : r.roles().includes(as), `${r.path} as ${as}`);
});

// The fixtures, so that every page shows rows: staff of every role, a
// fresh application (its receipt and status link), an accepted one
// enrolled in a session and dispatched to a position of an approved plan
// (someone else proposed there), a nomination, a course with a full
// session taught by the instructor (a roster and a waiting list), an
// external course, someone due and a certificate expiring.
const fx = {};

before(async () => {
	fx.staff = Object.fromEntries(['reviewer', 'admin', 'instructor']
	    .map((role) => [role, createStaff(role)]));
	fx.staff.ministry = createStaff('ministry', { ministry: 'MOFA' });
	fx.staff.target = createStaff('reviewer');
	fx.app = await submitValid(validFields());
	fx.busy = await submitValid(validFields());
	accept([fx.busy.id]);
	fx.nom = insertNomination('MOFA', { account: fx.staff.ministry.login });
	fx.course = makeCourse({ pass_mark: 60, required_for: '{pko,relief}' });
	makeCourse({ delivery: 'external' });
	fx.session = makeSession(fx.course, { capacity: 2 });
	sqlRows(`UPDATE training_sessions SET instructor_id = (SELECT id FROM
	    staff_accounts WHERE login = :'l') WHERE id = :'s'`,
	{ l: fx.staff.instructor.login, s: fx.session });
	const people = [fx.busy.id, ...await acceptedPeople(3)];
	for (const p of people)
		sql1(`SELECT training_enrol(:'s', :'p', NULL)`,
		    { s: fx.session, p });
	await acceptedPeople(1, { operations: ['pko'] });
	sql1(`INSERT INTO certificates (application_id, course_id,
	    completed_on, validity_months) VALUES (:'p', :'c',
	    (:'u'::date - interval '24 months')::date, 24) RETURNING id`,
	{ p: people[1], c: fx.course, u: jstDate(20) });
	fx.plan = approvedPlan();
	fx.position = sql1(`INSERT INTO positions (plan_id, title_ja,
	    title_en, duty_station, headcount, starts_on, ends_on) VALUES
	    (:'p', '司令部要員', 'Staff officer', 'Juba', 2, '${Y}-02-01',
	    '${Y}-10-31') RETURNING id`, { p: fx.plan });
	const assign = (a) => sql1(`INSERT INTO assignments (position_id,
	    application_id, starts_on, ends_on) VALUES (:'pos', :'a',
	    '${Y}-03-01', '${Y}-05-31') RETURNING id`,
	{ pos: fx.position, a });
	assign(people[1]);
	const away = assign(fx.busy.id);
	for (const to of ['confirmed', 'dispatched'])
		sqlRows(`UPDATE assignments SET status = :'s' WHERE id = :'i'`,
		    { s: to, i: away });
});

// One page per language and role (null: signed out), signed in once.
const pages = new Map();

// Returns the page of lang and role, made and signed in when new.

async function pageFor(lang, role) {
	const key = `${lang} ${role}`;
	if (pages.has(key))
		return pages.get(key);
	const ctx = await axeContext(chrome.browser, lang,
	    { viewport: SIZES[0] });
	const page = await ctx.newPage();
	page.setDefaultTimeout(15000);
	if (role !== null) {
		const acct = fx.staff[role];
		await page.goto(`${base}/login`);
		await page.fill('#f-login', acct.login);
		await page.fill('#f-password', acct.password);
		await Promise.all([page.waitForNavigation(),
		    page.click('form[action="/login"] button[type="submit"]')]);
		assert.ok(!page.url().endsWith('/login'), `${role} signed in`);
	}
	pages.set(key, page);
	return page;
}

after(async () => {
	for (const page of pages.values())
		await page.context().close();
});

// In the page: what does not fit the screen.  The page scrolling
// sideways (with the outermost elements that stick out), and a table
// wider than its box that is cut off, or that scrolls in a box that is
// not a focusable region with a name.  Returns the problems as text.
function misfitsInPage() {
	const out = [];
	const root = document.documentElement;
	const right = (e) => e.getBoundingClientRect().right;
	const named = (e) => `${e.tagName.toLowerCase()}` +
	    `${e.id ? `#${e.id}` : ''}.${e.className}`;
	const scrolled = (e) => e !== document.body &&
	    (getComputedStyle(e).overflowX !== 'visible' ||
	    scrolled(e.parentElement));
	if (root.scrollWidth > root.clientWidth)
		out.push(`the page is ${root.scrollWidth}px wide: ` +
		    [...document.body.querySelectorAll('*')].filter((e) =>
		    right(e) > root.clientWidth &&
		    right(e.parentElement) <= root.clientWidth &&
		    !scrolled(e.parentElement)).slice(0, 3)
		    .map(named).join(', '));
	for (const table of document.querySelectorAll('table')) {
		let box = table.parentElement;
		while (box !== root &&
		    getComputedStyle(box).overflowX === 'visible')
			box = box.parentElement;
		if (box === root || table.offsetWidth <= box.clientWidth)
			continue;
		const name = (box.getAttribute('aria-labelledby') ?? '')
		    .split(/\s+/).map((id) => document.getElementById(id)
		    ?.textContent ?? '').join('').trim() ||
		    box.getAttribute('aria-label');
		const scrolls = ['auto', 'scroll'].includes(
		    getComputedStyle(box).overflowX);
		if (!scrolls)
			out.push(`${named(table)} is cut off`);
		else if (box.getAttribute('role') !== 'region' ||
		    box.getAttribute('tabindex') !== '0' || !name)
			out.push(`${named(table)} scrolls in a box that is ` +
			    'not a focusable, named region');
	}
	return out;
}

// Checks the page at both sizes, starting from the one it is at and
// staying at the other (so a page is laid out anew once, not twice):
// axe, its title and the fit.
async function checkPage(page, what) {
	for (let n = 0; n < 2; n++) {
		if (n > 0)
			await page.setViewportSize(SIZES.find((s) =>
			    s.width !== page.viewportSize().width));
		const width = page.viewportSize().width;
		const at = `${what} at ${width}`;
		await assertAxe(page, at);
		const site = (await page.textContent('.site-name')).trim();
		const title = await page.title();
		assert.ok(title !== site && title.endsWith(` — ${site}`),
		    `${at}: title "${title}"`);
		assert.deepEqual(await page.evaluate(misfitsInPage), [], at);
	}
}

// In the page: empties the POST form whose action is path (text
// cleared, choices unchecked, required and the browser's own checks
// off), then sets fill (selector -> value) in it.  Returns whether there
// is such a form.
function emptyInPage({ path, fill }) {
	const form = [...document.forms].find((f) => f.method === 'post' &&
	    new URL(f.action).pathname === path);
	if (!form)
		return false;
	form.noValidate = true;
	for (const e of form.elements) {
		e.removeAttribute('required');
		if (e.type === 'checkbox' || e.type === 'radio')
			e.checked = false;
		else if (!['hidden', 'submit', 'button', 'file']
		    .includes(e.type))
			e.value = '';
	}
	for (const [sel, value] of Object.entries(fill))
		for (const e of form.querySelectorAll(sel))
			e.value = value;
	form.dataset.emptied = '1';
	return true;
}

// Submits the form of page whose action is path, emptied (emptyInPage).
// Returns the HTTP status of the answer.
async function submitEmpty(page, path, fill = {}) {
	assert.ok(await page.evaluate(emptyInPage, { path, fill }),
	    `a form posting to ${path}`);
	const [res] = await Promise.all([page.waitForNavigation(),
	    page.evaluate(() => document.querySelector('form[data-emptied]')
	    .requestSubmit())]);
	return res.status();
}

// One test per instance of each route and language.
for (const [lang, prefix] of Object.entries(LANGS)) {
	for (const route of routes.filter((r) => r.path in ROUTES)) {
		ROUTES[route.path].forEach((inst, i) => test(`${route.path} ` +
		    `as ${inst.as ?? 'the public'} (${lang})`,
		    () => checkRoute(route, inst, i === 0, lang, prefix)));
	}
}

// Opens inst of route in lang and checks it; on the first instance
// (first) of a route with a form, its 422 too, whose title begins with
// prefix.
async function checkRoute(route, inst, first, lang, prefix) {
	const page = await pageFor(lang, inst.as);
	const path = inst.path(fx);
	const res = await page.goto(`${base}${path}`);
	assert.equal(res.status(), 200, path);
	for (const sel of inst.shows ?? [])
		assert.ok(await page.locator(sel).count() > 0,
		    `${path} shows ${sel}`);
	await checkPage(page, `${path} (${lang})`);
	if (!route.post || !first)
		return;
	const action = path.split('?')[0];
	assert.equal(await submitEmpty(page, action, inst.fill), 422,
	    `${action} submitted empty`);
	assert.ok((await page.title()).startsWith(prefix),
	    `${action}: the 422's title`);
	assert.equal(await page.evaluate(() => document.activeElement
	    .className), 'error-summary', `${action}: the focus`);
	await checkPage(page, `${action} after a 422 (${lang})`);
}

// Helpers of the multi-host tests (multi-host, standby): deploy/lib.sh's
// functions run from node in a directory of the test's own, an nginx in
// front of corps-fcgi sockets, clients that view and submit the
// application form again and again, and the count of what the database
// holds for their submissions.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { field, here, multipart, sqlRows, validFields } from './lib.mjs';

const root = join(here, '..', '..');

// A new directory under /tmp named prefix-XXXXXX that corps-fcgi,
// PostgreSQL and nginx (other users when run as root) may enter.
export function scratchDir(prefix) {
	const dir = mkdtempSync(`/tmp/${prefix}-`);
	chmodSync(dir, 0o755);
	return dir;
}

// Runs a bash snippet with deploy/lib.sh loaded; $1 is dir.  env is added
// to the environment (CORPS_WORKERS is 2 unless it says otherwise).
// Returns its standard output.
export function lib(dir, script, env = {}) {
	return execFileSync('bash', ['-c', 'set -euo pipefail; ' +
	    `. "${root}/deploy/lib.sh"; ${script}`, 'hosts', dir],
	{ encoding: 'utf8', env: { ...process.env, CORPS_WORKERS: '2',
	    ...env } });
}

// Starts nginx with the project's configuration in dir (state in
// dir/state, logs in dir) on a free port, with one upstream server per
// corps-fcgi socket.  Returns its base URL.
export function startNginx(dir, sockets) {
	const list = sockets.map((s) => `"${s}"`).join(' ');
	const port = lib(dir, 'mkdir -p "$1/state"; for try in 1 2 3 4 5; do ' +
	    'port=$(corps_free_port); corps_nginx_conf "$1/nginx" "$1" ' +
	    `"$port" ${list} && ` +
	    'corps_nginx_start "$1/state" "$1/nginx" "$1" "$port" && ' +
	    'break; done; echo "$port"').trim();
	return `http://127.0.0.1:${port}`;
}

// Whether a 503 page of the form gives back what pairs held: the same
// form token (so that sending it again is the same submission) and the
// e-mail address the applicant typed.
function formKept(html, pairs) {
	return html.includes('<input type="hidden" name="form_token" ' +
	    `value="${field(pairs, 'form_token')}">`) &&
	    html.includes(`value="${field(pairs, 'email')}"`);
}

// Submits pairs to base's /apply until it is stored, as an applicant
// would: a 503 page (the database unreachable) keeps the entries, so the
// form is sent again as it came back.  Counts into totals: requests,
// receipts (Location of the 303), unavailable (503s) with notKept (503s
// without the entries) and failed (anything else, ending the attempt).
// Gives up, as failed, on a 503 once stop.done.
async function submitForm(base, pairs, stop, totals) {
	for (;;) {
		const res = await fetch(`${base}/apply`, { method: 'POST',
		    body: multipart(pairs), redirect: 'manual' });
		const body = await res.text();
		totals.requests++;
		if (res.status === 303) {
			totals.receipts.add(res.headers.get('location'));
			return;
		}
		if (res.status !== 503 || stop.done) {
			totals.failed.push(`POST /apply: ${res.status}`);
			return;
		}
		totals.unavailable++;
		if (!formKept(body, pairs))
			totals.notKept++;
		await sleep(50);
	}
}

// Totals for formClient.
export function newTotals() {
	return { requests: 0, failed: [], receipts: new Set(), unavailable: 0,
	    notKept: 0 };
}

// One client of the site at base: a page view and a submission, again
// and again until stop.done.  Counts into totals (newTotals, submitForm);
// keeps each submission's e-mail address in emails.
export async function formClient(base, stop, totals, emails) {
	while (!stop.done) {
		const page = await fetch(`${base}/apply`);
		await page.arrayBuffer();
		totals.requests++;
		if (page.status !== 200)
			totals.failed.push(`GET /apply: ${page.status}`);
		const pairs = validFields();
		emails.push(field(pairs, 'email'));
		await submitForm(base, pairs, stop, totals);
	}
}

// How many of the submissions with these e-mail addresses have no row
// (lost) and more than one (duplicated) in the database at the stack's
// PGHOST, or host.  Returns {lost, duplicated}.
export function countStored(emails, host) {
	const [lost, duplicated] = sqlRows(`SELECT
	    count(*) FILTER (WHERE n = 0), count(*) FILTER (WHERE n > 1)
	    FROM (SELECT (SELECT count(*) FROM applications a
	      WHERE a.email = e) n
	    FROM unnest(string_to_array(:'emails', ',')) e) s`,
	{ emails: emails.join(',') }, host)[0].map(Number);
	return { lost, duplicated };
}

// corps-admin purge and corps-admin export: applications withdrawn or
// rejected before the retention period's first day, counted in Japan
// time, lose their personal data (the statistics columns stay); one
// withdrawn at midnight of that day in Japan (15:00 UTC the day before)
// is kept, and so is a person with an assignment.  Rows are made by hand
// at the boundary; other test files' applications are all recent, so
// only these can be due.  export writes one person's JSON and files.
// Takes about 3 s.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
	mkdtempSync, readdirSync, readFileSync, rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { get, sql1, sqlObject, sqlRows, submitValid, validFields } from
    './lib.mjs';
import { corpsAdmin, createStaff } from './staff.mjs';

// The first instant kept: midnight in Japan of the day YEARS years ago.
const FIRST_KEPT = `((((now() AT TIME ZONE 'Asia/Tokyo')::date
    - interval '3 years')::date)::timestamp AT TIME ZONE 'Asia/Tokyo')`;

// A PDF-looking file.
const PDF = `'\\x255044462d0001ff'::bytea`;

// Submits an application and marks it withdrawn (or rejected through
// screening) at the instant given as SQL; returns submitValid's result.
async function closedAt(status, atSql, staffId) {
	const a = await submitValid(validFields({ family_kanji: '保存',
	    given_kanji: '期間' }));
	sqlRows(`
	    UPDATE applications SET status = 'screening' WHERE id = ${a.id}
	        AND '${status}' = 'rejected';
	    UPDATE applications SET status = '${status}' WHERE id = ${a.id};
	    INSERT INTO application_status_history (application_id,
	        from_status, to_status, actor, reason, at)
	    VALUES (${a.id}, 'submitted', '${status}', 'reviewer',
	        '電話で本人から事情を聴取', ${atSql});
	    INSERT INTO application_cvs (application_id, filename, content)
	    VALUES (${a.id}, '履歴書.pdf', ${PDF});
	    INSERT INTO application_notes (application_id, account_id, body)
	    VALUES (${a.id}, ${staffId}, '面接メモ: 家族の事情');
	    INSERT INTO mail_outbox (kind, lang, recipient, application_id)
	    VALUES ('status_changed', 'ja', 'x@example.jp', ${a.id})`);
	return a;
}

// The row of application id as {column: value}.
function row(id) {
	return sqlObject(`SELECT * FROM applications WHERE id = ${id}`);
}

// What purge must never change, to compare before and after.
function fingerprint() {
	return sql1(`SELECT md5(string_agg(t::text, ',' ORDER BY id))
	    FROM (SELECT a.*, (SELECT count(*) FROM application_cvs c
	    WHERE c.application_id = a.id) cvs FROM applications a) t`);
}

describe('retention purge', { concurrency: 1 }, () => {
	let staffId, due, edge, assigned, recent;

	before(async () => {
		const s = createStaff('reviewer');
		staffId = sql1(`SELECT id FROM staff_accounts
		    WHERE login = '${s.login}'`);
		due = await closedAt('withdrawn',
		    `${FIRST_KEPT} - interval '1 second'`, staffId);
		edge = await closedAt('withdrawn', FIRST_KEPT, staffId);
		assigned = await closedAt('rejected',
		    `${FIRST_KEPT} - interval '400 days'`, staffId);
		recent = await closedAt('rejected', 'now()', staffId);
		// No rule lets a rejected person hold an assignment today;
		// one made before would still keep the person, so the test
		// makes one past the triggers and foreign keys and deletes
		// it afterwards.
		sqlRows(`SET session_replication_role = replica;
		    INSERT INTO assignments (position_id, plan_id,
		        application_id, starts_on, ends_on, status)
		    VALUES (-1, -1, ${assigned.id}, '2022-01-01', '2022-06-30',
		        'completed')`);
	});

	after(() => {
		sqlRows(`DELETE FROM assignments WHERE plan_id = -1`);
	});

	test('the dry run counts and changes nothing', () => {
		const was = fingerprint();
		const r = corpsAdmin(['purge', '--older-than', '3',
		    '--dry-run']);
		assert.equal(r.status, 0, r.stderr);
		assert.match(r.stdout, /^dry run, nothing changed/);
		assert.match(r.stdout, /\b1 kept \(the person has an/);
		assert.ok(Number(/(\d+) applications/.exec(r.stdout)[1]) >= 1);
		assert.equal(fingerprint(), was);
		assert.equal(row(due.id).purged_at, null);
	});

	test('wrong uses are refused', () => {
		for (const args of [['--older-than', '0'], ['--older-than',
		    'x'], ['--older-than'], ['--days', '3']])
			assert.equal(corpsAdmin(['purge', ...args]).status, 2);
	});

	test('purge replaces the personal data of the due only', async () => {
		const was = row(due.id);
		const dry = corpsAdmin(['purge', '--dry-run']).stdout;
		const r = corpsAdmin(['purge', '--older-than', '3']);
		assert.equal(r.status, 0, r.stderr);
		// The same counts as the dry run just before.
		assert.equal(r.stdout.split('\n').slice(1).join('\n'),
		    dry.split('\n').slice(1).join('\n'));
		const now = row(due.id);
		for (const k of ['family_kanji', 'given_kanji', 'address',
		    'emergency_name'])
			assert.equal(now[k], '削除済', k);
		assert.equal(now.family_romaji, 'PURGED');
		assert.equal(now.email, 'purged@invalid');
		assert.equal(now.phone, '0000000000');
		assert.equal(now.birth_date, '1900-01-01');
		assert.equal(now.experience_abroad, '');
		assert.equal(now.search_key, '');
		assert.equal(now.email_key, `purged:${due.id}`);
		assert.deepEqual(now.languages, []);
		assert.deepEqual(now.expertise, []);
		assert.ok(now.purged_at);
		for (const k of ['reference', 'status', 'source', 'ministry',
		    'operations', 'prefecture', 'created_at', 'earliest_start'])
			assert.deepEqual(now[k], was[k], k);
		assert.equal(sql1(`SELECT count(*) FROM application_cvs
		    WHERE application_id = ${due.id}`), '0');
		assert.equal(sql1(`SELECT count(*) FROM application_notes
		    WHERE application_id = ${due.id}`), '0');
		assert.equal(sql1(`SELECT count(*) FROM mail_outbox
		    WHERE application_id = ${due.id}`), '0');
		assert.equal(sql1(`SELECT string_agg(reason, ',') FROM
		    application_status_history WHERE application_id =
		    ${due.id}`), '削除済');
		// The audit log records it; the private link no longer opens.
		assert.equal(sql1(`SELECT after->>'reference' FROM audit_log
		    WHERE action = 'application.purge' AND object_id =
		    '${due.id}'`), due.reference);
		assert.equal((await get(due.location)).status, 404);
		// The kept ones are untouched.
		for (const a of [edge, assigned, recent]) {
			const k = row(a.id);
			assert.equal(k.family_kanji, '保存', a.reference);
			assert.equal(k.purged_at, null);
			assert.equal(sql1(`SELECT count(*) FROM application_cvs
			    WHERE application_id = ${a.id}`), '1');
			// Its receipt and the one added above.
			assert.equal(sql1(`SELECT count(*) FROM mail_outbox
			    WHERE application_id = ${a.id}`), '2');
		}
		// A second run finds nothing left.
		const again = corpsAdmin(['purge', '--older-than', '3']);
		assert.match(again.stdout, /\n +0 applications purged/);
	});

	test('export writes a person\'s data as JSON with their files', () => {
		const dir = mkdtempSync(join(tmpdir(), 'corps-export-'));
		try {
			const r = corpsAdmin(['export', edge.reference, '--dir',
			    dir]);
			assert.equal(r.status, 0, r.stderr);
			const files = readdirSync(dir).sort();
			assert.deepEqual(files, [`${edge.reference}-cv.pdf`,
			    `${edge.reference}.json`]);
			const j = JSON.parse(readFileSync(join(dir,
			    `${edge.reference}.json`), 'utf8'));
			assert.equal(j.application.reference, edge.reference);
			assert.equal(j.application.family_kanji, '保存');
			assert.equal(j.application.status_token_hash, undefined);
			assert.equal(j.status_history.length, 1);
			assert.equal(j.notes[0].body, '面接メモ: 家族の事情');
			assert.equal(j.mail.length, 2);
			assert.deepEqual(j.files, [{ kind: 'cv',
			    filename: '履歴書.pdf',
			    written_as: `${edge.reference}-cv.pdf` }]);
			assert.deepEqual(readFileSync(join(dir,
			    `${edge.reference}-cv.pdf`)), Buffer.from(
			    '255044462d0001ff', 'hex'));
			// Never overwrites; an unknown reference fails.
			assert.equal(corpsAdmin(['export', edge.reference,
			    '--dir', dir]).status, 1);
			assert.equal(corpsAdmin(['export', 'PC-2026-NOSUCH1',
			    '--dir', dir]).status, 1);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

// E-mail (issue 13): the receipt a submission writes reaches the applicant
// once, in Japanese, with a working private link that the outbox then
// forgets; and corps-mailer loses and duplicates nothing when the relay is
// down, answers 451 or 550, when a mailer is killed with SIGKILL in the
// middle of a batch, or when two mailers share the queue.  The relay is a
// real SMTP server (smtp.mjs); the mailers run as the mailer role.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import { get, postApply, sql1, sqlRows, submitValid, tag,
    validFields } from './lib.mjs';
import { parkPending, Sink, startMailer, stopMailer, until }
    from './smtp.mjs';
import { staffClient } from './staff.mjs';

const sink = new Sink();

before(async () => {
	await sink.up();
});

after(async () => {
	await sink.down();
});

// Writes n receipt rows for recipients "<t>.<i>@example.jp" as a request
// would.  Returns their ids.
function queue(t, n) {
	return sqlRows(`INSERT INTO mail_outbox (kind, lang, recipient, data)
	    SELECT 'receipt', 'ja', :'t' || '.' || i || '@example.jp',
	    jsonb_build_object('reference', 'PC-2026-TEST' || i,
	    'date', '2026-12-06', 'link_path', '/status/secret-' || i)
	    FROM generate_series(1, :'n'::int) i RETURNING id`,
	{ t, n }).map(([id]) => id);
}

// The state of the rows for "<t>.*": {state: count}.
function states(t) {
	return Object.fromEntries(sqlRows(`SELECT state, count(*)
	    FROM mail_outbox WHERE recipient LIKE :'t' || '.%'
	    GROUP BY state`, { t }).map(([s, n]) => [s, Number(n)]));
}

// Checks that every row of "<t>.*" was sent and received exactly once.
// Returns {received, distinct} Message-IDs.
function receivedOnce(t, n) {
	const got = sink.to(`${t}.`);
	const ids = new Set(got.map((m) => m.messageId));
	return { received: got.length, distinct: ids.size, n };
}

test('a submission mails one receipt, in Japanese, whose link works',
    async () => {
	// A mailer that would not poll for an hour: the submission's
	// notification must wake it, once it has sent what was queued.
	// Other tests' rows wait: the notification that wakes the mailer
	// must be this submission's.
	const unpark = parkPending();
	const m = startMailer(sink, { CORPS_MAIL_POLL: '3600' });
	const pairs = validFields();
	const email = pairs.find(([k]) => k === 'email')[1];
	let app;
	try {
		app = await submitValid(pairs);
		// The same form again (a retried submission) writes no row.
		assert.equal((await postApply(pairs)).status, 303);
		assert.equal(sql1(`SELECT count(*) FROM mail_outbox
		    WHERE application_id = :'id'`, { id: app.id }), '1');
		await until(() => sql1(`SELECT state FROM mail_outbox
		    WHERE application_id = :'id'`, { id: app.id }) === 'sent',
		    'the receipt sent', 5000);
	} finally {
		await stopMailer(m);
		unpark();
	}
	const got = sink.to(email);
	assert.equal(got.length, 1);
	const mail = got[0].parsed;
	assert.equal(mail.subject, '【国際平和協力隊】応募を受け付けました' +
	    `（受付番号 ${app.reference}）`);
	assert.match(got[0].raw.toString('latin1'),
	    /^Subject: =\?UTF-8\?B\?/m);
	assert.equal(mail.to.text, email);
	assert.equal(mail.from.value[0].address, 'noreply@corps.example.jp');
	assert.match(mail.messageId,
	    /^<corps\.outbox\.\d+\.[0-9a-f]{32}@corps\.example\.jp>$/);
	assert.ok(mail.date instanceof Date && !isNaN(mail.date));
	assert.ok(Math.abs(mail.date - Date.now()) < 60000);
	// The body is UTF-8 as sent (a decoder that refuses bad bytes).
	const body = got[0].raw.subarray(got[0].raw.indexOf('\r\n\r\n') + 4);
	const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
	assert.match(text, new RegExp(app.reference));
	assert.match(text, /あなた専用/);
	const link = /^(http:\/\/\S+\/status\/[A-Za-z0-9_-]{43})\r$/m
	    .exec(text);
	assert.ok(link, text);
	assert.equal(new URL(link[1]).pathname, `/status/${app.token}`);
	const status = await get(new URL(link[1]).pathname);
	assert.equal(status.status, 200);
	assert.match(status.body, new RegExp(app.reference));
	// Sent: the private link is gone from the outbox.
	assert.equal(sql1(`SELECT (data ? 'link_path')::text || ' ' ||
	    (sent_at IS NOT NULL)::text || ' ' || attempts FROM mail_outbox
	    WHERE application_id = :'id'`, { id: app.id }), 'false true 1');
});

test('relay down: rows stay pending, then go once it is back',
    async (t) => {
	const tg = `down${tag()}`;
	await sink.down();
	queue(tg, 5);
	const m = startMailer(sink);
	try {
		await until(() => sql1(`SELECT min(attempts) FROM mail_outbox
		    WHERE recipient LIKE :'t' || '.%'`, { t: tg }) >= '2',
		    'two attempts each');
		assert.deepEqual(states(tg), { pending: 5 });
		assert.match(sql1(`SELECT min(last_error) FROM mail_outbox
		    WHERE recipient LIKE :'t' || '.%'`, { t: tg }), /^SMTP 0: /);
		await sink.up();
		await until(() => states(tg).sent === 5, 'all sent');
	} finally {
		await stopMailer(m);
	}
	const r = receivedOnce(tg, 5);
	t.diagnostic(`relay down then up: 5 rows, ${r.received} received, ` +
	    `${r.distinct} distinct Message-IDs`);
	assert.deepEqual(r, { received: 5, distinct: 5, n: 5 });
});

test('451 then 250: delivered once, on the second attempt', async (t) => {
	const tg = `t451${tag()}`;
	sink.rules[tg] = [451, 250];
	const [id] = queue(tg, 1);
	const m = startMailer(sink);
	try {
		await until(() => states(tg).sent === 1, 'sent');
	} finally {
		await stopMailer(m);
	}
	assert.equal(sql1(`SELECT attempts || ' ' || (last_error IS NULL)
	    FROM mail_outbox WHERE id = :'id'`, { id }), '2 true');
	const r = receivedOnce(tg, 1);
	t.diagnostic(`451 then 250: ${r.received} received`);
	assert.deepEqual(r, { received: 1, distinct: 1, n: 1 });
});

test('4xx past CORPS_MAIL_GIVE_UP_HOURS: failed with the reason, shown on '
    + '/admin/mail; a younger row is retried', async () => {
	const tg = `t451old${tag()}`;
	sink.rules[tg] = [451];
	const [old, young, hour] = queue(tg, 3);
	const age = (id, h) => sqlRows(`UPDATE mail_outbox SET created_at =
	    now() - make_interval(hours => :'h') WHERE id = :'id'`, { id, h });
	age(old, 73);
	age(young, 71);
	age(hour, 2);
	const row = (id) => sqlRows(`SELECT state, attempts, last_error,
	    data ? 'link_path' FROM mail_outbox WHERE id = :'id'`, { id })[0];
	// The default, 72 hours.
	let m = startMailer(sink);
	try {
		await until(() => row(old)[0] === 'failed', 'the old row failed');
		await until(() => Number(row(young)[1]) >= 2 &&
		    Number(row(hour)[1]) >= 2, 'the younger rows retried');
	} finally {
		await stopMailer(m);
	}
	assert.deepEqual(row(old), ['failed', '1',
	    row(old)[2], 'f']);
	assert.match(row(old)[2],
	    /^given up after 72 h pending: SMTP 451: .*451/);
	assert.equal(row(young)[0], 'pending');
	assert.match(row(young)[2], /^SMTP 451/);
	// Configured: one hour.
	m = startMailer(sink, { CORPS_MAIL_GIVE_UP_HOURS: '1' });
	try {
		await until(() => row(hour)[0] === 'failed' &&
		    row(young)[0] === 'failed', 'both failed after an hour');
	} finally {
		await stopMailer(m);
	}
	assert.match(row(hour)[2], /^given up after 1 h pending: SMTP 451/);
	assert.equal(sink.to(`${tg}.`).length, 0);
	const admin = await staffClient('admin');
	const page = await admin.get('/admin/mail?state=failed&lang=en');
	assert.equal(page.status, 200);
	assert.match(page.body, new RegExp(`${tg}\\.1@example\\.jp[^]*?` +
	    '<td class="error">given up after 72 h pending: SMTP 451'));
});

test('550: failed for good with the reason, never retried', async () => {
	const tg = `t550${tag()}`;
	sink.rules[tg] = [550];
	const [id] = queue(tg, 1);
	const m = startMailer(sink);
	try {
		await until(() => states(tg).failed === 1, 'failed');
		await sleep(2500); /* past the backoff */
	} finally {
		await stopMailer(m);
	}
	const row = sqlRows(`SELECT attempts, last_error, data ? 'link_path'
	    FROM mail_outbox WHERE id = :'id'`, { id })[0];
	assert.equal(row[0], '1');
	assert.match(row[1], /550/);
	assert.equal(row[2], 'f');
	assert.equal(sink.to(`${tg}.`).length, 0);
});

test('a row that cannot make a safe message fails, nothing is sent',
    async () => {
	const tg = `inj${tag()}`;
	const [id] = sqlRows(`INSERT INTO mail_outbox (kind, lang, recipient,
	    data) VALUES ('receipt', 'ja', :'t' || '.1@example.jp',
	    jsonb_build_object('reference', E'X\\r\\nBcc: eve@example.jp'))
	    RETURNING id`, { t: tg })[0];
	const m = startMailer(sink);
	try {
		await until(() => states(tg).failed === 1, 'failed');
	} finally {
		await stopMailer(m);
	}
	assert.match(sql1(`SELECT last_error FROM mail_outbox
	    WHERE id = :'id'`, { id }), /subject/);
	assert.equal(sink.messages.filter((x) => x.rcpt.includes('eve'))
	    .length, 0);
	assert.equal(sink.to(`${tg}.`).length, 0);
});

test('SIGTERM stops a mailer amid a backlog after the row in flight',
    async () => {
	// A slow relay (300 ms a message) and 40 rows: 12 s of backlog.
	const tg = `term.${Date.now()}`;
	queue(tg, 40);
	sink.delayMs = 300;
	const m = startMailer(sink);
	try {
		await until(() => sink.to(`${tg}.`).length >= 2, 'two sent');
		const t0 = Date.now();
		await stopMailer(m);
		const ms = Date.now() - t0;
		assert.ok(ms < 3000, `stopped after ${ms} ms`);
		assert.ok(sink.to(`${tg}.`).length < 40);
	} finally {
		sink.delayMs = 0;
	}
	// The rest go with the next mailer.
	const again = startMailer(sink);
	try {
		await until(() => states(tg).sent === 40, 'the rest sent');
	} finally {
		await stopMailer(again);
	}
});

test('kill -9 in the middle of a batch: every row delivered, at most ' +
    'the one in flight twice', async (t) => {
	const tg = `kill${tag()}`;
	const n = 40;
	queue(tg, n);
	sink.delayMs = 30;
	let m = startMailer(sink);
	try {
		await until(() => sink.to(`${tg}.`).length >= 10, 'ten sent');
		m.child.kill('SIGKILL');
		await m.exited;
		const pending = states(tg).pending;
		assert.ok(pending > 0, 'killed before the end');
		m = startMailer(sink);
		await until(() => states(tg).sent === n, 'all sent');
	} finally {
		sink.delayMs = 0;
		await stopMailer(m);
	}
	const r = receivedOnce(tg, n);
	t.diagnostic(`kill -9 after ten: ${n} rows, ${r.received} messages ` +
	    `received, ${r.distinct} distinct Message-IDs`);
	assert.equal(r.distinct, n);
	assert.ok(r.received <= n + 1, `${r.received} received`);
});

test('two mailers on one queue never send a row twice', async (t) => {
	const tg = `two${tag()}`;
	const n = 120;
	queue(tg, n);
	const a = startMailer(sink);
	const b = startMailer(sink);
	try {
		await until(() => states(tg).sent === n, 'all sent', 60000);
	} finally {
		await stopMailer(a);
		await stopMailer(b);
	}
	const r = receivedOnce(tg, n);
	// Both took part (the log says which rows each sent).
	const sent = [a, b].map((m) => (readFileSync(m.log, 'utf8')
	    .match(/\) sent$/gm) ?? []).length);
	t.diagnostic(`two mailers: ${n} rows, ${r.received} received, ` +
	    `${r.distinct} distinct Message-IDs; sent ${sent.join(' + ')}`);
	assert.deepEqual(r, { received: n, distinct: n, n });
	assert.ok(sent[0] > 0 && sent[1] > 0, `sent ${sent}`);
});

test('corps-mailer refuses a bad configuration, saying which', async () => {
	for (const [env, re] of [
		[{ CORPS_SMTP_URL: 'http://x' }, /CORPS_SMTP_URL="http:\/\/x"/],
		[{ CORPS_MAIL_FROM: 'a@b\r\nBcc: c@d' }, /CORPS_MAIL_FROM=/],
		[{ CORPS_SMTP_TLS: 'maybe' }, /CORPS_SMTP_TLS="maybe"/],
		[{ CORPS_SMTP_USER: 'u' }, /go together/],
		[{ CORPS_BASE_URL: '' }, /CORPS_BASE_URL is not set/],
		[{ CORPS_MAIL_POLL: '0' }, /CORPS_MAIL_POLL/],
		[{ CORPS_MAIL_GIVE_UP_HOURS: '0' }, /CORPS_MAIL_GIVE_UP_HOURS/],
	]) {
		const m = startMailer(sink, env);
		const [code] = await m.exited;
		assert.equal(code, 1);
		assert.match(readFileSync(m.log, 'utf8'), re);
	}
});

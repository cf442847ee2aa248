// corps-mailer over STARTTLS with SMTP authentication (issue 13): a real
// SMTP server (smtp-server, smtp.mjs) that offers STARTTLS with a
// certificate made for this run (openssl, for 127.0.0.1) and accepts a
// login only over TLS.  The mailer verifies the relay's certificate
// against CORPS_SMTP_CAFILE: without it the self-signed certificate is
// refused and nothing is sent; a wrong password (535) leaves the row
// pending, since the configuration is at fault, not the row; the right
// one delivers once, over TLS, as that user.  The password never reaches
// the mailer's log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { sqlObject, sqlRows, tag } from './lib.mjs';
import { parkPending, Sink, startMailer, stopMailer, until }
    from './smtp.mjs';

const user = 'corps-relay';
const password = `pw-${tag()}-Zq7`;
const dir = mkdtempSync(join(tmpdir(), 'corps-smtp-tls-'));
let sink;

// Other tests' pending rows are put off for a day while these run (and
// brought back after), so that the mailers here meet only their own.
let unpark = () => {};

before(async () => {
	unpark = parkPending();
	// The mailer runs as the application's user: it must read the CA.
	chmodSync(dir, 0o755);
	execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048',
	    '-nodes', '-days', '1', '-subj', '/CN=corps test relay',
	    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
	    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
	{ stdio: 'ignore' });
	chmodSync(join(dir, 'cert.pem'), 0o644);
	sink = await new Sink({
		tls: { key: readFileSync(join(dir, 'key.pem')),
		    cert: readFileSync(join(dir, 'cert.pem')) },
		auth: { user, pass: password },
	}).up();
});

after(async () => {
	unpark();
	await sink?.down();
	rmSync(dir, { recursive: true, force: true });
});

// Writes one receipt row for "<t>@example.jp"; returns its id.
function queue(t) {
	return sqlRows(`INSERT INTO mail_outbox (kind, lang, recipient, data)
	    VALUES ('receipt', 'en', :'t' || '@example.jp',
	    jsonb_build_object('reference', 'PC-2026-TLS', 'date',
	    '2026-12-06', 'link_path', '/status/secret-tls')) RETURNING id`,
	{ t })[0][0];
}

// The row's state, attempts and last error.
const row = (id) => sqlObject(`SELECT state, attempts, last_error
    FROM mail_outbox WHERE id = :'id'`, { id });

// Runs a mailer with env until the row id has been tried twice (or is
// no longer pending); returns its log.
async function tryTwice(id, env) {
	const m = startMailer(sink, { CORPS_SMTP_TLS: 'require',
	    CORPS_SMTP_USER: user, ...env });
	let log;
	try {
		await until(() => {
			const r = row(id);
			return r.attempts >= 2 || r.state !== 'pending';
		}, 'two attempts');
	} finally {
		log = await stopMailer(m);
	}
	return log;
}

test('without the relay\'s CA the certificate is refused: nothing is sent',
    async () => {
	const t = `tls-noca.${tag()}`;
	const id = queue(t);
	const log = await tryTwice(id, { CORPS_SMTP_PASSWORD: password });
	const r = row(id);
	assert.equal(r.state, 'pending');
	assert.match(r.last_error, /certificate/i);
	assert.equal(sink.to(t).length, 0);
	assert.ok(!log.includes(password), log);
	sqlRows('DELETE FROM mail_outbox WHERE id = :\'id\'', { id });
});

test('a wrong password (535) leaves the row pending, and is not logged',
    async () => {
	const t = `tls-badpw.${tag()}`;
	const wrong = `wrong-${password}`;
	const id = queue(t);
	const logins = sink.logins.length;
	const log = await tryTwice(id, { CORPS_SMTP_PASSWORD: wrong,
	    CORPS_SMTP_CAFILE: join(dir, 'cert.pem') });
	const r = row(id);
	assert.equal(r.state, 'pending');
	assert.match(r.last_error, /^SMTP 535: /);
	assert.equal(sink.to(t).length, 0);
	// The server saw the login attempts (so TLS was up: it allows AUTH
	// over TLS only).
	assert.ok(sink.logins.slice(logins).some((l) => l.user === user &&
	    !l.ok));
	assert.match(log, new RegExp(`outbox ${id} \\(receipt\\) will be ` +
	    'retried: SMTP 535'));
	for (const secret of [wrong, password])
		assert.ok(!log.includes(secret), log);
	sqlRows('DELETE FROM mail_outbox WHERE id = :\'id\'', { id });
});

test('over STARTTLS with the right login and the CA, the mail is ' +
    'delivered once', async () => {
	const t = `tls-ok.${tag()}`;
	const id = queue(t);
	const m = startMailer(sink, { CORPS_SMTP_TLS: 'require',
	    CORPS_SMTP_USER: user, CORPS_SMTP_PASSWORD: password,
	    CORPS_SMTP_CAFILE: join(dir, 'cert.pem') });
	let log;
	try {
		await until(() => row(id).state === 'sent', 'the mail sent');
		await sleep(300);
	} finally {
		log = await stopMailer(m);
	}
	const got = sink.to(t);
	assert.equal(got.length, 1);
	assert.equal(got[0].secure, true);
	assert.equal(got[0].user, user);
	assert.match(got[0].parsed.subject, /PC-2026-TLS/);
	assert.ok(!log.includes(password), log);
});

test('corps-mailer refuses a CA file it cannot read', async () => {
	const m = startMailer(sink, { CORPS_SMTP_CAFILE: join(dir, 'none.pem') });
	const [code] = await m.exited;
	assert.equal(code, 1);
	assert.match(readFileSync(m.log, 'utf8'),
	    /CORPS_SMTP_CAFILE=".*none\.pem": No such file/);
});

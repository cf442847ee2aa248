// The e-mail tests' harness: a real SMTP server (npm smtp-server) on
// 127.0.0.1 that records every message it accepts and can be told, per
// recipient, to answer 451 or 550, and be taken down and up again; and
// corps-mailer processes run against it as the stack's mailer role.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { base, sqlRows, stack } from './lib.mjs';

// An SMTP server that keeps what it receives: messages is a list of
// {rcpt, raw (Buffer), messageId, parsed (mailparser's), secure (over
// TLS), user (the login, or null)}.  rules maps a recipient's substring
// to a list of reply codes, one used per RCPT TO (the list's last stays),
// e.g. {'x451': [451, 250]} or {'x550': [550]}.  With tls ({key, cert},
// PEM) it offers STARTTLS; with auth ({user, pass}) it requires a login
// (PLAIN or LOGIN, over TLS only: smtp-server's default) and answers 535
// to a wrong one; logins lists the attempts, {user, ok}.
export class Sink {
	constructor({ tls = null, auth = null } = {}) {
		this.messages = [];
		this.rules = {};
		this.port = 0;
		this.sockets = new Set();
		this.delayMs = 0;
		this.tls = tls;
		this.auth = auth;
		this.logins = [];
	}

	// smtp-server's options for STARTTLS and AUTH, as the constructor's.
	security() {
		if (!this.auth)
			return { authOptional: true, disabledCommands: this.tls
			    ? ['AUTH'] : ['STARTTLS', 'AUTH'], ...this.tls };
		return { ...this.tls, authMethods: ['PLAIN', 'LOGIN'],
			onAuth: (a, session, cb) => {
				const ok = a.username === this.auth.user &&
				    a.password === this.auth.pass;
				this.logins.push({ user: a.username, ok });
				if (!ok)
					return cb(new Error('bad login (test)'));
				cb(null, { user: a.username });
			} };
	}

	// The reply code for a recipient under the rules (250 without one).
	code(rcpt) {
		for (const [part, codes] of Object.entries(this.rules)) {
			if (!rcpt.includes(part))
				continue;
			return codes.length > 1 ? codes.shift() : codes[0];
		}
		return 250;
	}

	// Starts listening (again on the same port once it has one).
	async up() {
		this.server = new SMTPServer({
			...this.security(),
			logger: false,
			onRcptTo: (addr, session, cb) => {
				const code = this.code(addr.address);
				if (code === 250)
					return cb();
				const err = new Error(`refused by the test (${code})`);
				err.responseCode = code;
				cb(err);
			},
			onData: (stream, session, cb) => this.receive(stream,
			    session, cb),
		});
		this.server.server.on('connection', (s) => {
			this.sockets.add(s);
			s.on('close', () => this.sockets.delete(s));
		});
		this.server.on('error', () => {});
		this.server.listen(this.port, '127.0.0.1');
		await once(this.server.server, 'listening');
		this.port = this.server.server.address().port;
		return this;
	}

	// Stops listening and cuts every connection: connection refused.
	async down() {
		const closed = new Promise((r) => this.server.server.close(r));
		for (const s of this.sockets)
			s.destroy();
		await closed;
	}

	async receive(stream, session, cb) {
		const chunks = [];
		for await (const c of stream)
			chunks.push(c);
		if (this.delayMs > 0)
			await sleep(this.delayMs);
		const raw = Buffer.concat(chunks);
		const parsed = await simpleParser(raw);
		for (const r of session.envelope.rcptTo)
			this.messages.push({ rcpt: r.address, raw, parsed,
			    messageId: parsed.messageId,
			    secure: session.secure, user: session.user ?? null });
		cb(null, 'queued');
	}

	// The messages to recipients that contain part.
	to(part) {
		return this.messages.filter((m) => m.rcpt.includes(part));
	}

	get url() {
		return `smtp://127.0.0.1:${this.port}`;
	}
}

// Waits until check() returns a truthy value (checked every 100 ms) and
// returns it; fails after ms with what.
export async function until(check, what, ms = 20000) {
	const end = Date.now() + ms;
	for (;;) {
		const v = await check();
		if (v)
			return v;
		assert.ok(Date.now() < end, `timed out waiting for ${what}`);
		await sleep(100);
	}
}

// The uid and gid of the stack's application user, which may connect as
// corps_mailer (deploy/lib.sh's ident map).
function appIds() {
	const id = (flag) => Number(execFileSync('id', [flag, stack.APP_USER],
	    { encoding: 'utf8' }).trim());
	return { uid: id('-u'), gid: id('-g') };
}

let mailers = 0;

// Starts corps-mailer of the stack's build against sink, as the stack's
// mailer role, polling every second with a one-to-two-second backoff.
// Its log is STACK_DIR/corps-mailer-N.log.  Returns {child, log}.
export function startMailer(sink, env = {}) {
	const log = join(stack.STACK_DIR, `corps-mailer-${++mailers}.log`);
	const fd = openSync(log, 'w', 0o644);
	const child = spawn(join(stack.CORPS_BUILD, 'corps-mailer'), [], {
		...appIds(),
		cwd: '/',
		stdio: ['ignore', fd, fd],
		env: {
			PATH: process.env.PATH,
			CORPS_DB: stack.MAILER_DB,
			CORPS_SMTP_URL: sink.url,
			CORPS_MAIL_FROM: 'Corps Roster <noreply@corps.example.jp>',
			CORPS_BASE_URL: base,
			CORPS_TEMPLATES: join(stack.CORPS_ROOT, 'templates'),
			CORPS_MAIL_POLL: '1',
			CORPS_MAIL_BACKOFF_MIN: '1',
			CORPS_MAIL_BACKOFF_MAX: '2',
			...env,
		},
	});
	closeSync(fd);
	const exited = once(child, 'exit');
	return { child, log, exited };
}

// Stops a mailer with SIGTERM; it must exit 0 with no sanitizer report.
export async function stopMailer(m) {
	if (m.child.exitCode === null && m.child.signalCode === null)
		m.child.kill('SIGTERM');
	const [code, signal] = await m.exited;
	const log = readFileSync(m.log, 'utf8');
	assert.doesNotMatch(log, /Sanitizer|runtime error:/, log);
	assert.equal(code, 0, `corps-mailer exited ${code} ${signal}: ${log}`);
	return log;
}

// Puts off every pending row of the outbox for a day, so that a mailer
// started now meets only the rows a test writes afterwards.  Returns a
// function that brings them back.
export function parkPending() {
	const ids = sqlRows(`UPDATE mail_outbox SET next_attempt_at =
	    next_attempt_at + interval '1 day' WHERE state = 'pending'
	    RETURNING id`).map(([id]) => id);
	return () => sqlRows(`UPDATE mail_outbox SET next_attempt_at =
	    next_attempt_at - interval '1 day' WHERE id = ANY(:'ids'::bigint[])`,
	{ ids: `{${ids.join(',')}}` });
}

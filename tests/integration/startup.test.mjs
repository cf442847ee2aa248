// corps-fcgi refuses to start on bad configuration, on a database whose
// schema is older than the binary and on a privacy notice the database
// does not publish, with a clear message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync, execFileSync } from 'node:child_process';
import { join } from 'node:path';

const env = Object.fromEntries(
	readFileSync(join(process.env.STACK_DIR, 'stack.env'), 'utf8')
		.split('\n').filter((l) => l.includes('='))
		.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const binary = join(env.CORPS_BUILD, 'corps-fcgi');
const good = {
	CORPS_DB: `host=${env.PGHOST} dbname=${env.PGDATABASE} user=${env.PGUSER}`,
	CORPS_SOCKET: join(process.env.STACK_DIR, 'startup-test.sock'),
	CORPS_TEMPLATES: join(env.CORPS_ROOT, 'templates'),
};

function start(extra) {
	return spawnSync(binary, [], {
		env: { PATH: process.env.PATH, ...good, ...extra },
		encoding: 'utf8',
		timeout: 10000,
	});
}

test('a bad configuration value is refused, naming the variable', () => {
	for (const [name, value] of [['CORPS_WORKERS', 'many'], ['CORPS_WORKERS', '0'],
		['CORPS_BODY_MAX', '-1'], ['CORPS_SOCKET_MODE', '999'], ['CORPS_MIN_AGE', '18x']]) {
		const r = start({ [name]: value });
		assert.equal(r.status, 1, `${name}=${value} exits 1`);
		assert.match(r.stderr, new RegExp(`${name}="${value}"`));
	}
	const r = start({ CORPS_DB: '' });
	assert.equal(r.status, 1);
	assert.match(r.stderr, /CORPS_DB is not set/);
});

test('a database older than the binary is refused', () => {
	const db = `startup_${process.pid}`;
	const psql = (sql) => execFileSync('psql', ['-X', '-q', '-h', env.PGHOST, '-U', env.PGUSER,
		'-d', 'postgres', '-c', sql]);
	psql(`CREATE DATABASE ${db}`);
	try {
		execFileSync('psql', ['-X', '-q', '-h', env.PGHOST, '-U', env.PGUSER, '-d', db, '-c',
			"CREATE TABLE schema_migrations (version varchar(255) PRIMARY KEY); " +
			"INSERT INTO schema_migrations VALUES ('20200101000000')"]);
		const r = start({ CORPS_DB: `host=${env.PGHOST} dbname=${db} user=${env.PGUSER}` });
		assert.equal(r.status, 1);
		assert.match(r.stderr, /schema is 20200101000000 but this binary needs \d{14}: run "corps-admin migrate"/);
	} finally {
		psql(`DROP DATABASE ${db}`);
	}
});

test('a privacy notice version the database does not publish is refused', () => {
	// Every submission records this version, and the database accepts
	// only published ones: better no start than a form that always fails.
	const r = start({ CORPS_PRIVACY_VERSION: '2099-01' });
	assert.equal(r.status, 1);
	assert.match(r.stderr, /CORPS_PRIVACY_VERSION="2099-01" is not a published privacy notice/);
});

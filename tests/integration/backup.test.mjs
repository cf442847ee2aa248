// deploy/backup and deploy/restore: a seeded database (demo applications
// plus CVs and nomination letters holding every byte value) is dumped,
// restored into a second, new PostgreSQL cluster, and every table is
// compared (row count and an md5 of all rows' text, bytea included).  A
// database of its own in the stack's cluster is the source, so the other
// test files' database stays as it was.  Takes about 15 s.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
	chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { here, stack } from './lib.mjs';

const root = join(here, '..', '..');
const SRC = 'corps_backup_src';
const psqlBin = join(stack.PG_BINDIR, 'psql');

// Runs SQL as the superuser on host's database db; returns the rows as
// arrays of strings.
function rows(host, db, query) {
	const out = execFileSync(psqlBin, ['-X', '-q', '-At', '-v',
	    'ON_ERROR_STOP=1', '-F', '\x1f', '-h', host, '-U', 'postgres',
	    '-d', db], { input: query, encoding: 'utf8' }).replace(/\n$/, '');
	return out === '' ? [] : out.split('\n').map((r) => r.split('\x1f'));
}

// Runs a deploy script with env added; returns {status, stdout, stderr}.
function script(name, args, env) {
	const r = spawnSync('bash', [join(root, 'deploy', name), ...args], {
	    env: { ...process.env, ...env }, encoding: 'utf8', timeout: 120000 });
	return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Runs bash code with deploy/lib.sh loaded.
function lib(code, env = {}) {
	execFileSync('bash', ['-euo', 'pipefail', '-c',
	    `. ${join(root, 'deploy', 'lib.sh')}; ${code}`],
	    { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore',
	    'inherit'], timeout: 120000 });
}

// Every table of the public schema with its row count and an md5 of its
// rows as text in a fixed order (bytea prints as hex, so files count).
function fingerprint(host, db) {
	const tables = rows(host, db, `SELECT tablename FROM pg_tables
	    WHERE schemaname = 'public' ORDER BY 1`).map((r) => r[0]);
	const q = tables.map((t) => `SELECT '${t}', count(*),
	    md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), ''))
	    FROM public.${t} x`).join(' UNION ALL ');
	return rows(host, db, q).sort((a, b) => a[0].localeCompare(b[0]));
}

// A PDF-looking file holding every byte value once.
const FILE_SQL = `'\\x255044462d'::bytea ||
    (SELECT string_agg(set_byte('\\x00'::bytea, 0, b), ''::bytea ORDER BY b)
     FROM generate_series(0, 255) b)`;

describe('backup and restore', { concurrency: 1 }, () => {
	const tmp = mkdtempSync(join(tmpdir(), 'corps-backup-'));
	const dumps = join(tmp, 'dumps');
	const pg2 = join(tmp, 'pg2');
	const sock2 = join(tmp, 'sock2');
	const srcEnv = { PGHOST: stack.PGHOST, PGDATABASE: SRC };
	const dstEnv = { PGHOST: sock2, PGDATABASE: 'corps' };
	let dump;

	before(() => {
		chmodSync(tmp, 0o755);
		rows(stack.PGHOST, 'postgres', `DROP DATABASE IF EXISTS ${SRC};
		    CREATE DATABASE ${SRC}`);
		const admin = join(stack.CORPS_BUILD, 'corps-admin');
		const env = { ...process.env, CORPS_MIGRATIONS:
		    join(root, 'migrations'), CORPS_DB:
		    `host=${stack.PGHOST} dbname=${SRC} user=postgres` };
		execFileSync(admin, ['migrate'], { env });
		execFileSync(admin, ['seed-demo', '--applications', '60'],
		    { env });
		rows(stack.PGHOST, SRC, `
		    INSERT INTO application_cvs (application_id, filename, content)
		    SELECT id, 'cv-' || id || '.pdf', ${FILE_SQL}
		    FROM applications WHERE source = 'public' ORDER BY id LIMIT 5;
		    INSERT INTO nomination_letters (application_id, filename,
		        content)
		    SELECT id, 'letter-' || id || '.pdf', ${FILE_SQL}
		    FROM applications WHERE source = 'seconded' ORDER BY id
		    LIMIT 5 ON CONFLICT DO NOTHING`);
		lib(`corps_pg_init ${pg2} && corps_pg_start ${pg2} ${sock2} ` +
		    `${tmp}/pg2.log "fsync = off"`,
		    { CORPS_PG_SHARED_BUFFERS: '128MB' });
	});

	after(() => {
		lib(`corps_pg_stop ${pg2}`);
		rows(stack.PGHOST, 'postgres', `DROP DATABASE IF EXISTS ${SRC}`);
		rmSync(tmp, { recursive: true, force: true });
	});

	test('backup writes a custom-format dump and its checksum', () => {
		const r = script('backup', ['--dir', dumps], srcEnv);
		assert.equal(r.status, 0, r.stderr);
		const files = readdirSync(dumps).sort();
		assert.equal(files.length, 2, files.join(' '));
		dump = join(dumps, files[0]);
		assert.match(files[0], /^corps-\d{8}T\d{6}Z\.dump$/);
		assert.equal(files[1], `${files[0]}.sha256`);
		assert.equal(readFileSync(dump).subarray(0, 5).toString(),
		    'PGDMP');
		execFileSync('sha256sum', ['--check', '--status', files[1]],
		    { cwd: dumps });
	});

	test('restore into another cluster gives every table back', () => {
		const r = script('restore', [dump], dstEnv);
		assert.equal(r.status, 0, r.stderr);
		const a = fingerprint(stack.PGHOST, SRC);
		const b = fingerprint(sock2, 'corps');
		assert.ok(a.length >= 40, `${a.length} tables`);
		const count = (fp, t) => Number(fp.find((x) => x[0] === t)[1]);
		assert.equal(count(a, 'application_cvs'), 5);
		assert.ok(count(a, 'nomination_letters') > 0);
		assert.ok(count(a, 'applications') >= 60);
		assert.deepEqual(b, a);
		// The roles the application connects as exist there too.
		assert.deepEqual(rows(sock2, 'postgres', `SELECT rolname
		    FROM pg_roles WHERE rolname LIKE 'corps\\_%' ORDER BY 1`),
		    [['corps_app'], ['corps_mailer']]);
	});

	test('restore refuses a database with tables unless --force', () => {
		rows(sock2, 'corps', 'DELETE FROM application_cvs');
		const r = script('restore', [dump], dstEnv);
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /refusing to overwrite/);
		assert.equal(rows(sock2, 'corps',
		    'SELECT count(*) FROM application_cvs')[0][0], '0');
		const f = script('restore', ['--force', dump], dstEnv);
		assert.equal(f.status, 0, f.stderr);
		assert.deepEqual(fingerprint(sock2, 'corps'),
		    fingerprint(stack.PGHOST, SRC));
	});

	test('restore refuses a dump that does not match its checksum', () => {
		const bad = join(tmp, 'bad.dump');
		const bytes = readFileSync(dump);
		bytes[bytes.length - 10] ^= 0xff;
		writeFileSync(bad, bytes);
		writeFileSync(`${bad}.sha256`, readFileSync(`${dump}.sha256`,
		    'utf8').replace(/ \S+$/m, ' bad.dump'));
		const r = script('restore', ['--force', bad],
		    { ...dstEnv, PGDATABASE: 'corps_bad' });
		assert.notEqual(r.status, 0);
		assert.match(r.stderr, /does not match its checksum/);
		assert.equal(rows(sock2, 'postgres', `SELECT count(*)
		    FROM pg_database WHERE datname = 'corps_bad'`)[0][0], '0');
	});

	test('rotation keeps N daily and M monthly dumps', () => {
		const dir = join(tmp, 'rot');
		const old = ['20260101T010000Z', '20260115T010000Z',
		    '20260201T010000Z', '20260301T010000Z', '20260302T010000Z',
		    '20260302T020000Z'];
		execFileSync('install', ['-d', '-m', '0700', dir]);
		for (const t of old) {
			writeFileSync(join(dir, `corps-${t}.dump`), '');
			writeFileSync(join(dir, `corps-${t}.dump.sha256`), '');
		}
		writeFileSync(join(dir, 'notes.txt'), 'kept');
		const r = script('backup', ['--dir', dir, '--daily', '2',
		    '--monthly', '3'], srcEnv);
		assert.equal(r.status, 0, r.stderr);
		const left = readdirSync(dir).filter((f) => f.endsWith('.dump'))
		    .sort();
		// Today's new dump and 20260302T02 are the two newest days;
		// the months: this month (the new one), 2026-03 (20260302T02)
		// and 2026-02.
		assert.equal(left.length, 3, left.join(' '));
		assert.equal(left[0], 'corps-20260201T010000Z.dump');
		assert.equal(left[1], 'corps-20260302T020000Z.dump');
		assert.ok(readdirSync(dir).includes('notes.txt'));
		assert.ok(!readdirSync(dir).includes(
		    'corps-20260101T010000Z.dump.sha256'));
	});
});

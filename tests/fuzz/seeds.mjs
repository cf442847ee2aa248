// tests/fuzz/seeds.mjs: (re)writes the seed corpora tests/fuzz/corpus/NAME
// from the public test data in tests/data (and, for the cookie and form
// harnesses, which have no data file, from the unit and integration
// tests' own inputs), in each harness's input format (see fuzz_NAME.c).
// Run it with "node tests/fuzz/seeds.mjs" after tests/data changes; the
// corpora are committed so that a fuzz build needs no node.  Files are
// named by the SHA-1 of their contents, as libFuzzer names what it adds;
// a file whose name is not a SHA-1 (a crash kept as a regression seed) is
// left alone.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync }
	from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const data = join(here, '..', 'data');
const json = (p) => JSON.parse(readFileSync(join(data, p), 'utf8'));

// Replaces the SHA-1-named seeds of corpus/name with these inputs.
function write(name, inputs) {
	const dir = join(here, 'corpus', name);
	mkdirSync(dir, { recursive: true });
	for (const f of readdirSync(dir))
		if (/^[0-9a-f]{40}$/.test(f))
			rmSync(join(dir, f));
	for (const input of inputs) {
		const b = Buffer.isBuffer(input) ? input : Buffer.from(input);
		const sha = createHash('sha1').update(b).digest('hex');
		writeFileSync(join(dir, sha), b);
	}
	console.log(`corpus/${name}: ${inputs.length} inputs`);
}

write('urlenc', json('wpt-urlencoded/urlencoded-parser-data.json')
	.map((c) => c.input));

write('email', json('isemail/tests.json').tests.map((c) => c.address));

write('multipart', json('python-multipart-http/cases.json').map((c) =>
	Buffer.concat([
		Buffer.from(`multipart/form-data; boundary="${c.boundary}"\n`),
		readFileSync(join(data, 'python-multipart-http', c.file)),
	])));

const spec = ['comments', 'delimiters', 'interpolation', 'inverted',
	'partials', 'sections'];
write('tmpl', spec.flatMap((s) => json(`mustache-spec/${s}.json`).tests)
	.map((t) => `${t.template}\0${JSON.stringify(t.data)}`));

// tests/unit/test_cookie.c's headers.
write('cookie', [
	'lang=ja; sid=abc; lang=en',
	' \ta = 1 ;\tb=x=y=\t;c=; d =  ',
	';; =x; ja; \t ;  = ; k=v;',
	'a="x y"; b=""; c="; d=""q""; e="open; f=%41%3B+; g="in"side',
	'__Host-sid=AbC-_09; lang=en',
]);

// tests/integration/lib.mjs's validFields, and the same with the values
// the checks refuse or normalise (full-width, hiragana, bad dates).
const valid = {
	form_token: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
	family_kanji: '山田', given_kanji: '花子',
	family_kana: 'ヤマダ', given_kana: 'ハナコ',
	family_romaji: 'YAMADA', given_romaji: 'HANAKO',
	birth_date: '1985-04-12', gender: 'female', nationality: 'yes',
	email: 'hanako@example.jp', phone: '090-1234-5678',
	postcode: '100-0001', prefecture: '13', address: '千代田区千代田1-1',
	lang_en: 'fluent', lang_fr: 'basic',
	expertise: ['logistics', 'medical'],
	experience_abroad: 'ケニアで2年間、物資輸送の調整を担当。\r\n二行目',
	peace_experience: '', operations: ['pko', 'relief'],
	earliest_start: '2026-06-01', max_months: '12',
	emergency_name: '山田太郎', emergency_relation: '父',
	emergency_phone: '03-1234-5678', privacy: '1', declaration: '1',
};
const odd = {
	family_kana: 'やまだ', given_romaji: 'ｈａｎａｋｏ',
	email: 'ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ', phone: '０９０１２３４５６７８',
	postcode: '1000001', birth_date: '2026-02-30', nationality: 'no',
	lang_other: 'basic', lang_other_name: '', max_months: '-1',
	earliest_start: '2020-01-01', prefecture: '48', operations: ['x'],
};
const body = (f) => new URLSearchParams(Object.entries(f).flatMap(
	([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => [k, x])))
	.toString();
write('form', [body(valid), body({ ...valid, ...odd }), body({})]);

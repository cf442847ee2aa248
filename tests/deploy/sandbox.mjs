// tests/deploy/sandbox.mjs: what tests/deploy/systemd.sh asks of the site
// installed in its throwaway machine, where the units run under systemd
// with their sandbox: the form page over https, a submission with a PDF
// (multipart, the upload checks), its receipt, and the receipt e-mail that
// corps-mailer sends to an SMTP server on 127.0.0.1:25 (mailer.env's relay
// as deploy/install writes it).  BASE_URL comes from STACK_DIR/stack.env.
// Prints one JSON line {reference, email, mailed}; exits non-zero on the
// first failure.  Waits at most 20 s for the e-mail.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { field, fixtures, get, postApply, receiptReference, validFields }
    from '../integration/lib.mjs';
import { Sink } from '../integration/smtp.mjs';

const sink = new Sink();
sink.port = 25;
await sink.up();
try {
	const page = await get('/apply');
	assert.equal(page.status, 200, 'GET /apply');
	assert.match(page.body, /name="form_token"/);
	const pairs = validFields();
	const email = field(pairs, 'email');
	const r = await postApply(pairs, { files: [{ name: 'cv',
	    filename: 'cv.pdf',
	    bytes: readFileSync(join(fixtures, 'tiny.pdf')) }] });
	assert.equal(r.status, 303, `POST /apply: ${r.status} ${r.body}`);
	const receipt = await get(r.location);
	assert.equal(receipt.status, 200, `GET ${r.location}`);
	const reference = receiptReference(receipt.body);
	const end = Date.now() + 20000;
	while (!sink.messages.some((m) => m.rcpt.includes(email)) &&
	    Date.now() < end)
		await sleep(100);
	const mailed = sink.messages.some((m) => m.rcpt.includes(email));
	console.log(JSON.stringify({ reference, email, mailed }));
} finally {
	await sink.down();
}

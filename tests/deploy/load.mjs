// tests/deploy/load.mjs: a continuous load of page views and submissions
// on the site of STACK_DIR/stack.env (BASE_URL), for LOAD_SECONDS with
// LOAD_CLIENTS clients.  Each client loops: GET /apply, POST a valid
// application, GET its receipt (which shows the reference), GET the style
// sheet.  Any other status, or a network error, is a failed request.
// Prints one JSON line: {requests, failed, failures, receipts: [reference,
// ...]}; the caller counts the rows against the receipts.
import { get, postApply, receiptReference, validFields } from
    '../integration/lib.mjs';

const seconds = Number(process.env.LOAD_SECONDS ?? 10);
const clients = Number(process.env.LOAD_CLIENTS ?? 4);
const end = Date.now() + seconds * 1000;
const out = { requests: 0, failed: 0, failures: [], receipts: [] };

// Counts one request; a failure is kept (the first 20) with what it was.
function count(what, ok, detail) {
	out.requests++;
	if (!ok) {
		out.failed++;
		if (out.failures.length < 20)
			out.failures.push(`${what}: ${detail}`);
	}
	return ok;
}

// One request; a thrown network error counts as a failure.
async function attempt(what, fn) {
	try {
		return await fn();
	} catch (e) {
		count(what, false, e.cause?.code ?? e.message);
		return null;
	}
}

async function client() {
	while (Date.now() < end) {
		const page = await attempt('GET /apply', () => get('/apply'));
		if (page)
			count('GET /apply', page.status === 200, page.status);
		const r = await attempt('POST /apply',
		    () => postApply(validFields()));
		if (!r)
			continue;
		if (!count('POST /apply', r.status === 303, r.status))
			continue;
		const receipt = await attempt('GET receipt', () => get(r.location));
		if (receipt && count('GET receipt', receipt.status === 200,
		    receipt.status))
			out.receipts.push(receiptReference(receipt.body));
		const css = await attempt('GET css', () => get('/static/style.css'));
		if (css)
			count('GET css', css.status === 200, css.status);
	}
}

await Promise.all(Array.from({ length: clients }, client));
console.log(JSON.stringify(out));

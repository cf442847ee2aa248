// tests/integration/fcgi.mjs: FastCGI spoken to corps-fcgi directly, as
// nginx speaks it, for tests that leave nginx out (process.test.mjs) or
// play a client that is not the web server (tests/deploy/fcgi-ask.mjs).
import { connect } from 'node:net';

// One FastCGI request GET uri as nginx sends it (the FastCGI
// specification: BEGIN_REQUEST for the responder role, the PARAMS, then
// an empty PARAMS and an empty STDIN record), request id 1.
export function fcgiGet(uri) {
	const record = (type, body) => Buffer.concat([Buffer.from([1, type, 0,
	    1, body.length >> 8, body.length & 255, 0, 0]), body]);
	const pair = (k, v) => Buffer.concat([Buffer.from([k.length, v.length]),
	    Buffer.from(k + v)]);
	return Buffer.concat([record(1, Buffer.from([0, 1, 0, 0, 0, 0, 0, 0])),
	    record(4, Buffer.concat([pair('REQUEST_METHOD', 'GET'),
	    pair('REQUEST_URI', uri)])), record(4, Buffer.alloc(0)),
	    record(5, Buffer.alloc(0))]);
}

// Connects with net.connect's options (path, or host, port and
// localAddress), sends GET uri and resolves, once the server closes (or
// resets) the connection or after ms, with what it answered (latin1),
// how it ended ('close', an error code, or 'timeout').
export function fcgiAsk(options, uri, ms = 5000) {
	return new Promise((resolve) => {
		const c = connect(options);
		const chunks = [];
		let end = 'close';
		c.setTimeout(ms, () => { end = 'timeout'; c.destroy(); });
		c.on('connect', () => c.write(fcgiGet(uri)));
		c.on('data', (d) => chunks.push(d));
		c.on('error', (e) => { end = e.code; });
		c.on('close', () => resolve({ end,
		    reply: Buffer.concat(chunks).toString('latin1') }));
	});
}

// tests/deploy/fcgi-ask.mjs HOST PORT FROM: what tests/deploy/systemd.sh
// asks of corps-fcgi listening on TCP, nginx left out: a FastCGI request
// for /apply sent straight to HOST:PORT from the local address FROM, as
// anyone who reaches the port could (forging REMOTE_ADDR, HTTPS...).
// Prints one JSON line {answered, bytes, end}: answered when the form
// came back; a refused connection is closed with 0 bytes.
import { fcgiAsk } from '../integration/fcgi.mjs';

const [host, port, localAddress] = process.argv.slice(2);
const { end, reply } = await fcgiAsk({ host, port: Number(port),
    localAddress }, '/apply');
console.log(JSON.stringify({ answered: /name="form_token"/.test(reply),
    bytes: reply.length, end }));

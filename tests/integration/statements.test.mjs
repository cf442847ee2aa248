// Every SQL statement of corps-fcgi, table by table, prepares against the
// migrated schema of the stack's database, and the server describes as
// many parameters and columns as the statement's table says (the enums
// beside its SQL): "corps-admin check-statements".
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { corpsAdmin } from './staff.mjs';

test('every statement prepares with the parameters and columns of its table', () => {
	const r = corpsAdmin(['check-statements']);
	assert.equal(r.stderr, '');
	assert.equal(r.status, 0);
	assert.match(r.stdout, /every statement prepared/);
});

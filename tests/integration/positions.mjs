// Helpers for the position tests: the year their plans run in, an
// approved plan made in SQL and accepted people.
import { sql1, sqlRows } from './lib.mjs';

// Two years ahead: every period of these tests lies in the future.
export const Y = new Date().getFullYear() + 2;

// Moves applications (ids) to accepted, as the state machine wants.
export function accept(ids) {
	for (const to of ['screening', 'accepted'])
		sqlRows(`UPDATE applications SET status = :'s'
		    WHERE id = ANY(:'ids'::bigint[])`,
		{ s: to, ids: `{${ids.join(',')}}` });
}

// An approved plan over year Y with the five principles satisfied, made
// in SQL.  Returns its id.
export function approvedPlan() {
	const plan = sql1(`INSERT INTO plans (title_ja, title_en, operation,
	    country, basis, basis_detail, cabinet_decision_on, starts_on,
	    ends_on) VALUES ('南スーダン派遣', 'South Sudan mission', 'pko', 'SS',
	    'unsc_resolution', 'S/RES/1996 (2011)', '${Y - 1}-11-01',
	    '${Y}-01-01', '${Y}-12-31') RETURNING id`);
	for (let no = 1; no <= 5; no++)
		sqlRows(`INSERT INTO plan_principles (plan_id, principle,
		    satisfied, confirmed_on) VALUES (:'p', :'n', true,
		    current_date)`, { p: plan, n: no });
	sqlRows(`UPDATE plans SET status = 'approved' WHERE id = :'p'`,
	    { p: plan });
	return plan;
}

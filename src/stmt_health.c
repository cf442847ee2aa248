#include "stmt_health.h"

const struct stmt_def stmt_health[STMT_HEALTH__MAX] = {
	/* Pending mails and the oldest one's age (partial index mail_outbox_due). */
	[STMT_HEALTH_OUTBOX] = {
		.name = "health_outbox",
		.sql = "SELECT count(*), coalesce(extract(epoch FROM now() - "
		       "min(next_attempt_at)), 0)::float8 FROM mail_outbox "
		       "WHERE state = 'pending'",
		.nparams = 0,
		.ncols = HOC__MAX,
	},
};

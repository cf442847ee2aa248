/*
 * /healthz and the outbox sample of /metrics, and how far a standby on
 * CORPS_DB_READ lags (app.c).
 */
#ifndef STMT_HEALTH_H
#define STMT_HEALTH_H

#include "stmt.h"

enum stmt_health_id { STMT_HEALTH_OUTBOX, STMT_HEALTH_LAG, STMT_HEALTH__MAX };

/* The columns of STMT_HEALTH_OUTBOX. */
enum health_outbox_col {
	HOC_PENDING,
	HOC_OLDEST_SECS,
	HOC__MAX,
};

/*
 * The columns of STMT_HEALTH_LAG: the time (JST) of the last transaction
 * a standby replayed and how many seconds ago that was.
 */
enum health_lag_col {
	HLC_AS_OF,
	HLC_SECS,
	HLC__MAX,
};

extern const struct stmt_def stmt_health[STMT_HEALTH__MAX];

#endif /* !STMT_HEALTH_H */

/* /healthz and the outbox sample of /metrics (app.c). */
#ifndef STMT_HEALTH_H
#define STMT_HEALTH_H

#include "stmt.h"

enum stmt_health_id { STMT_HEALTH_OUTBOX, STMT_HEALTH__MAX };

/* The columns of STMT_HEALTH_OUTBOX. */
enum health_outbox_col {
	HOC_PENDING,
	HOC_OLDEST_SECS,
	HOC__MAX,
};

extern const struct stmt_def stmt_health[STMT_HEALTH__MAX];

#endif /* !STMT_HEALTH_H */

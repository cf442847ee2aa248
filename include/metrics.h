/*
 * Metrics for /metrics in the Prometheus text format, kept in one block
 * of shared memory that the supervisor maps before forking, so that every
 * prefork worker adds to the same counters (atomic adds) and a scrape,
 * answered by any worker, reads them all without a database query.  The
 * outbox figures are a sample that a worker takes at most every
 * METRICS_SAMPLE_SECS after a request and on every /healthz.  Without
 * metrics_init (corps-admin, corps-mailer, unit tests) every call is a
 * no-op.
 */
#ifndef METRICS_H
#define METRICS_H

#include "buf.h"

#define METRICS_SAMPLE_SECS 15

int metrics_init(int);
void metrics_request(int, int, double);
void metrics_db_error(void);
void metrics_worker_restart(void);
int metrics_sample_due(void);
void metrics_outbox(long, double);
void metrics_write(struct buf *, const char *(*)(int));

#endif /* !METRICS_H */

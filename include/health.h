#ifndef HEALTH_H
#define HEALTH_H

#include "db.h"

struct req;

enum db_status health_sample_outbox(struct req *);
enum db_status health_freshness(struct req *);
int page_healthz_get(struct req *);
int page_metrics_get(struct req *);

#endif /* !HEALTH_H */

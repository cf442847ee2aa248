/*
 * The operators' pages: GET /healthz and GET /metrics (nginx serves
 * both to loopback only), the outbox sample behind the metrics, and how
 * far a standby that serves reads lags (health_freshness).
 */
#include <stdlib.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "app.h"
#include "buf.h"
#include "db.h"
#include "health.h"
#include "i18n.h"
#include "metrics.h"
#include "req.h"
#include "stmt_health.h"

/* Data behind by fewer seconds than this are not worth a line. */
#define LAG_SHOWN 5

/*
 * Tells the page how old the read connection's data are when it is a
 * standby that lags by LAG_SHOWN seconds or more: view "fresh" with the
 * time of the last transaction it replayed and how far behind that is.
 * Returns the database status.
 */
enum db_status
health_freshness(struct req *r)
{
	struct json_object *o;
	PGresult *res;
	enum db_status st;
	int secs;

	st = db_run(r->db, &stmt_health[STMT_HEALTH_LAG], &res, 0);
	if (st != DB_OK)
		return st;
	if (PQntuples(res) == 1 &&
	    (secs = atoi(PQgetvalue(res, 0, HLC_SECS))) >= LAG_SHOWN) {
		o = json_object_new_object();
		view_str(o, "as_of", PQgetvalue(res, 0, HLC_AS_OF));
		json_object_object_add(
		    o, "behind",
		    i18n_format(&r->app->i18n, r->lang, "fresh_behind", secs));
		json_object_object_add(r->view, "fresh", o);
	}
	PQclear(res);
	return DB_OK;
}

/*
 * Samples the outbox into the metrics (one cheap query on the partial
 * index of pending mail), on the primary: a standby may lag.  Returns
 * the database status.
 */
enum db_status
health_sample_outbox(struct req *r)
{
	PGresult *res;
	enum db_status st;

	st = db_run(r->db_write, &stmt_health[STMT_HEALTH_OUTBOX], &res, 0);
	if (st == DB_OK)
		metrics_outbox(
		    strtol(PQgetvalue(res, 0, HOC_PENDING), NULL, 10),
		    strtod(PQgetvalue(res, 0, HOC_OLDEST_SECS), NULL));
	PQclear(res);
	return st;
}

/*
 * GET /healthz: 200 "ok" when the database answers (the outbox is
 * sampled on the way), else 503.  Plain text, never cached.
 */
int
page_healthz_get(struct req *r)
{
	enum db_status st = health_sample_outbox(r);

	buf_puts(&r->body, st == DB_OK ? "ok\n" : "database unavailable\n");
	buf_puts(&r->headers, "Cache-Control: no-store\r\n");
	r->content_type = "text/plain; charset=utf-8";
	return st == DB_OK ? 200 : 503;
}

/*
 * GET /metrics: the counters of every worker from shared memory, in the
 * Prometheus text format; no database query.  Returns 200.
 */
int
page_metrics_get(struct req *r)
{
	metrics_write(&r->body, app_route_path);
	buf_puts(&r->headers, "Cache-Control: no-store\r\n");
	r->content_type = "text/plain; version=0.0.4; charset=utf-8";
	return 200;
}

/*
 * GET /plans/{id}/timeline.svg: a plan's timeline (timeline.c) as an SVG
 * document of its own, for reviewers and admins.
 */
#include <libpq-fe.h>

#include "db.h"
#include "pages.h"
#include "record.h"
#include "req.h"
#include "stmt_timeline.h"
#include "timeline.h"

/*
 * GET /plans/{id}/timeline.svg: the timeline in the request's language.
 * 200 with the SVG; 404 for no such plan; 503 when the database is down.
 */
int
page_plan_timeline_svg_get(struct req *r)
{
	struct timeline t;
	enum db_status st;
	PGresult *res;
	int rc = 200;

	if (!record_id_valid(r->arg))
		return 404;
	st = db_run(r->db, &stmt_timeline[STMT_TIMELINE_PLAN], &res, TLP__MAX,
		    r->arg, i18n_codes[r->lang]);
	if (st != DB_OK)
		return db_http(st);
	if (timeline_read(res, &t) != 0)
		rc = 404;
	else {
		t.id = "timeline";
		timeline_texts(r, &t);
		buf_puts(&r->body,
			 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
		timeline_svg(&r->body, &t);
		buf_putc(&r->body, '\n');
		r->content_type = "image/svg+xml; charset=utf-8";
		timeline_free(&t);
	}
	PQclear(res);
	return rc;
}

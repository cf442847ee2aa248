#include <stdio.h>

#include <json-c/json.h>

#include "pages.h"
#include "req.h"
#include "stmt_course.h"
#include "training.h"

/*
 * GET /teach: an instructor's home, the sessions it teaches, latest
 * first, each linking to its page and attendance.  200, or 503/500.
 */
int
page_teach_get(struct req *r)
{
	char uid[24];
	int rc;

	snprintf(uid, sizeof(uid), "%lld", r->staff.id);
	if ((rc = training_sessions_put(r, &stmt_course[STMT_TEACH_LIST], uid,
					"teach_title")) != 0)
		return rc;
	view_str(r->view, "title", req_text(r, "teach_title"));
	r->page = VIEW_TEACH;
	return 200;
}

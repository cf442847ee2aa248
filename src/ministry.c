#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "form.h"
#include "ministry.h"
#include "req.h"
#include "stmt_admin.h"

/*
 * Loads the ministries into m.  Returns 0, or 503/500; the caller frees
 * m with ministries_free either way.
 */
int
ministries_load(struct req *r, struct ministries *m)
{
	enum db_status st;
	size_t i;

	memset(m, 0, sizeof(*m));
	if ((st = db_run(r->db, &stmt_admin[STMT_ADMIN_MINISTRY_LIST], &m->res,
			 0)) != DB_OK)
		return db_http(st);
	m->n = (size_t)PQntuples(m->res);
	m->opts = xcalloc(m->n + 1, sizeof(*m->opts));
	for (i = 0; i < m->n; i++) {
		m->opts[i].value = PQgetvalue(m->res, (int)i, AMC_CODE);
		m->opts[i].label =
		    PQgetvalue(m->res, (int)i,
			       r->lang == LANG_JA ? AMC_NAME_JA : AMC_NAME_EN);
	}
	return 0;
}

/* Returns the name of the ministry code, or the code if unknown. */
const char *
ministries_name(const struct ministries *m, const char *code)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->opts[i].value, code) == 0)
			return m->opts[i].label;
	return code;
}

void
ministries_free(struct ministries *m)
{
	free(m->opts);
	PQclear(m->res);
	memset(m, 0, sizeof(*m));
}

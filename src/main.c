/*
 * corps-fcgi: the Corps Roster FastCGI server.  Configuration comes from
 * the environment (see README.md and config.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include <fcgiapp.h>
#include <sodium.h>

#include "app.h"
#include "db.h"
#include "server.h"
#include "staff.h"

int
main(void)
{
	struct app a;
	char err[512];
	int rc;

	if (config_load(&a.cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "corps-fcgi: %s\n", err);
		return 1;
	}
	if (sodium_init() < 0 || FCGX_Init() != 0 || staff_init() != 0) {
		fprintf(stderr, "corps-fcgi: cannot initialise libsodium or "
				"libfcgi\n");
		return 1;
	}
	if (db_start_check(a.cfg.db, a.cfg.privacy_version, err, sizeof(err)) !=
		0 ||
	    app_load(&a, err, sizeof(err)) != 0) {
		fprintf(stderr, "corps-fcgi: %s\n", err);
		return 1;
	}
	rc = server_run(&a);
	app_free(&a);
	return rc;
}

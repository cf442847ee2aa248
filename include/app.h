/*
 * What every worker shares, read-only, loaded once before the fork:
 * configuration, message catalogs and compiled templates.
 */
#ifndef APP_H
#define APP_H

#include <fcgiapp.h>

#include "config.h"
#include "i18n.h"
#include "view.h"

struct buf;
struct db;
struct req;

struct app {
	struct config cfg;
	struct i18n i18n;
	struct views views;
};

int app_load(struct app *, char *, size_t);
void app_free(struct app *);
int app_nroutes(void);
const char *app_route_path(int);
void app_render(struct req *, struct buf *);
void app_handle(const struct app *, struct db *, struct db *, FCGX_Request *);

#endif /* !APP_H */

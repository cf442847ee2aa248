/*
 * Run-time configuration of corps-fcgi, read once from the environment
 * at start-up.  See README.md for every variable.  corps-mailer reads its
 * own (mailer.h) with the same helpers.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

struct config {
	const char *db;		     /* CORPS_DB: libpq conninfo */
	const char *db_read;	     /* CORPS_DB_READ: NULL, or a conninfo */
	const char *socket;	     /* CORPS_SOCKET: NULL means fd 0 */
	int socket_mode;	     /* CORPS_SOCKET_MODE */
	int workers;		     /* CORPS_WORKERS */
	const char *templates;	     /* CORPS_TEMPLATES */
	size_t body_max;	     /* CORPS_BODY_MAX */
	int min_age;		     /* CORPS_MIN_AGE */
	int secure_cookies;	     /* CORPS_SECURE_COOKIES */
	const char *privacy_version; /* CORPS_PRIVACY_VERSION */
	int session_idle;	     /* CORPS_SESSION_IDLE: seconds */
	int session_max;	     /* CORPS_SESSION_MAX: seconds */
};

int config_load(struct config *, char *, size_t);
int config_env_num(const char *, int, long, long, long, long *, char *, size_t);
const char *config_env_str(const char *, const char *);

#endif /* !CONFIG_H */

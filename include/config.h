/*
 * Run-time configuration of corps-fcgi, read once from the environment
 * at start-up.  See README.md for every variable.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

struct config {
	const char *db;		     /* CORPS_DB: libpq conninfo */
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

#endif /* !CONFIG_H */

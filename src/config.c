#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

/*
 * Parses a whole decimal (or octal, base 8) number within [lo, hi].
 * Returns 0 and sets *out, or -1 on anything else.
 */
static int
parse_num(const char *s, int base, long lo, long hi, long *out)
{
	char *end;
	long v;

	/* strtol() would take leading white space and a sign. */
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, base);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/*
 * Reads one numeric variable; absent means dflt.  Returns -1 with a
 * message in err when the value is set but not acceptable.
 */
int
config_env_num(const char *name, int base, long lo, long hi, long dflt,
	       long *out, char *err, size_t errsz)
{
	const char *s;

	if ((s = getenv(name)) == NULL || *s == '\0') {
		*out = dflt;
		return 0;
	}
	if (parse_num(s, base, lo, hi, out) == 0)
		return 0;
	snprintf(err, errsz, "%s=\"%s\": expected a %s number from %ld to %ld",
		 name, s, base == 8 ? "octal" : "whole", lo, hi);
	return -1;
}

/* Returns a variable's value, or dflt when absent or empty. */
const char *
config_env_str(const char *name, const char *dflt)
{
	const char *s;

	return (s = getenv(name)) == NULL || *s == '\0' ? dflt : s;
}

/*
 * Fills cfg from the environment.  Returns 0, or -1 with a message for
 * the operator in err.
 */
int
config_load(struct config *cfg, char *err, size_t errsz)
{
	long ncpu, v;

	memset(cfg, 0, sizeof(*cfg));
	if ((cfg->db = config_env_str("CORPS_DB", NULL)) == NULL) {
		snprintf(
		    err, errsz,
		    "CORPS_DB is not set (a libpq "
		    "conninfo string, e.g. \"dbname=corps user=corps_app\")");
		return -1;
	}
	cfg->db_read = config_env_str("CORPS_DB_READ", NULL);
	cfg->socket = config_env_str("CORPS_SOCKET", NULL);
	cfg->templates = config_env_str("CORPS_TEMPLATES", "templates");
	cfg->privacy_version =
	    config_env_str("CORPS_PRIVACY_VERSION", "2026-04");
	if ((ncpu = sysconf(_SC_NPROCESSORS_ONLN)) < 1)
		ncpu = 1;
	if (config_env_num("CORPS_SOCKET_MODE", 8, 0, 0777, 0660, &v, err,
			   errsz))
		return -1;
	cfg->socket_mode = (int)v;
	if (config_env_num("CORPS_WORKERS", 10, 1, 256, 2 * ncpu, &v, err,
			   errsz))
		return -1;
	cfg->workers = (int)v;
	if (config_env_num("CORPS_BODY_MAX", 10, 65536, 64L << 20, 6L << 20, &v,
			   err, errsz))
		return -1;
	cfg->body_max = (size_t)v;
	if (config_env_num("CORPS_MIN_AGE", 10, 0, 120, 18, &v, err, errsz))
		return -1;
	cfg->min_age = (int)v;
	if (config_env_num("CORPS_SECURE_COOKIES", 10, 0, 1, 0, &v, err, errsz))
		return -1;
	cfg->secure_cookies = (int)v;
	if (config_env_num("CORPS_SESSION_IDLE", 10, 60, 86400, 1800, &v, err,
			   errsz))
		return -1;
	cfg->session_idle = (int)v;
	if (config_env_num("CORPS_SESSION_MAX", 10, 300, 7 * 86400, 43200, &v,
			   err, errsz))
		return -1;
	cfg->session_max = (int)v;
	return 0;
}

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <sodium.h>

#include "admin_user.h"
#include "audit.h"
#include "email.h"
#include "staff.h"
#include "stmt.h"
#include "stmt_staff.h"

/* Returns 1 if res is a successful command or query result. */
static int
res_ok(PGconn *c, PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return 1;
	fprintf(stderr, "corps-admin: %s", PQerrorMessage(c));
	return 0;
}

/*
 * Reads a password line from in, or generates one when in is a terminal
 * or the line is empty (*generated is then set: the caller prints it once
 * the account has it).  Returns 0, or -1 if the password is too short or
 * too long.
 */
static int
read_password(FILE *in, char pw[STAFF_PASSWORD_MAX + 2], int *generated)
{
	size_t n;

	pw[0] = '\0';
	*generated = 0;
	if (!isatty(fileno(in)) &&
	    fgets(pw, STAFF_PASSWORD_MAX + 2, in) != NULL)
		pw[strcspn(pw, "\r\n")] = '\0';
	if (pw[0] == '\0') {
		staff_generate_password(pw, STAFF_GENERATED_LEN + 1);
		*generated = 1;
		return 0;
	}
	n = strlen(pw);
	if (n < STAFF_PASSWORD_MIN || n > STAFF_PASSWORD_MAX) {
		fprintf(stderr,
			"corps-admin: a password needs %d to %d "
			"characters\n",
			STAFF_PASSWORD_MIN, STAFF_PASSWORD_MAX);
		return -1;
	}
	return 0;
}

/*
 * Hashes a password from read_password into hash, keeping the text only
 * in pw, to be printed when generated.  Returns 0 or -1.
 */
static int
new_password(FILE *in, char pw[STAFF_PASSWORD_MAX + 2], int *generated,
	     char hash[STAFF_HASH_MAX])
{
	if (read_password(in, pw, generated) != 0)
		return -1;
	if (staff_hash(pw, hash) != 0) {
		fprintf(stderr, "corps-admin: cannot hash the password\n");
		return -1;
	}
	if (!*generated)
		sodium_memzero(pw, STAFF_PASSWORD_MAX + 2);
	return 0;
}

/*
 * Runs statement s (returning the account id) and the audit entry in one
 * transaction.  Returns 0, 1 on failure, or 3 when s changed no account.
 */
static int
audited_change(PGconn *c, const struct stmt_def *s, int n, const char *const *v,
	       const char *action, struct json_object *after)
{
	struct audit a = { 0 };
	const char *av[AUDIT_NPARAMS];
	char idbuf[24];
	PGresult *res;
	int rc = 1;

	PQclear(PQexec(c, "BEGIN"));
	res = stmt_exec(c, s, n, v);
	if (!res_ok(c, res))
		goto out;
	if (PQntuples(res) != 1) {
		rc = 3;
		goto out;
	}
	a.login = "corps-admin";
	a.action = action;
	a.object_type = "staff_account";
	a.object_id = v[0];
	a.after = after;
	audit_params(&a, idbuf, av);
	PQclear(res);
	res = stmt_exec(c, &stmt_staff[STMT_STAFF_AUDIT_INSERT], AUDIT_NPARAMS,
			av);
	if (res_ok(c, res))
		rc = 0;
out:
	PQclear(res);
	PQclear(PQexec(c, rc == 0 ? "COMMIT" : "ROLLBACK"));
	return rc;
}

/*
 * Reads user add's options into v (SAD_* but the hash).  Returns 0, or 2
 * for a usage error.
 */
static int
add_options(int argc, char *argv[], const char *v[SAD__MAX])
{
	static const char *const opts[SAD__MAX] = {
		[SAD_LOGIN] = "--login",       [SAD_ROLE] = "--role",
		[SAD_MINISTRY] = "--ministry", [SAD_EMAIL] = "--email",
		[SAD_LANG] = "--lang",
	};
	int i, k;

	for (i = 1; i + 1 < argc; i += 2) {
		for (k = 0; k < SAD__MAX; k++)
			if (opts[k] != NULL && strcmp(argv[i], opts[k]) == 0)
				break;
		if (k == SAD__MAX)
			return 2;
		v[k] = argv[i + 1];
	}
	return i != argc || v[SAD_LOGIN] == NULL || v[SAD_ROLE] == NULL ? 2 : 0;
}

/*
 * Checks user add's values: the login, the role with its ministry, the
 * address (as the apply form checks one) and its language.  Returns 0,
 * or 1 with a message.
 */
static int
add_check(const char *const v[SAD__MAX])
{
	enum role r;

	if (!staff_login_valid(v[SAD_LOGIN]) || role_parse(v[SAD_ROLE], &r) ||
	    (r == ROLE_MINISTRY) != (v[SAD_MINISTRY][0] != '\0')) {
		fprintf(stderr,
			"corps-admin: a login has 3 to 32 of a-z 0-9 . _ "
			"-; the role is admin, reviewer, ministry or "
			"instructor; "
			"--ministry CODE goes with role ministry only\n");
		return 1;
	}
	if ((v[SAD_EMAIL][0] != '\0' && !email_valid(v[SAD_EMAIL])) ||
	    (strcmp(v[SAD_LANG], "ja") != 0 &&
	     strcmp(v[SAD_LANG], "en") != 0)) {
		fprintf(stderr, "corps-admin: --email takes one address "
				"(name@example.go.jp); --lang is ja or en\n");
		return 1;
	}
	return 0;
}

/*
 * user add --login NAME --role ROLE [--ministry CODE] [--email ADDRESS
 * [--lang ja|en]].  Returns the exit status.
 */
static int
user_add(PGconn *c, int argc, char *argv[], FILE *in, FILE *out)
{
	const char *v[SAD__MAX] = {
		[SAD_MINISTRY] = "", [SAD_EMAIL] = "", [SAD_LANG] = "ja"
	};
	char pw[STAFF_PASSWORD_MAX + 2], hash[STAFF_HASH_MAX];
	struct json_object *after;
	int rc, gen;

	if (add_options(argc, argv, v) != 0)
		return 2;
	if (add_check(v) != 0 || new_password(in, pw, &gen, hash) != 0)
		return 1;
	v[SAD_HASH] = hash;
	after = json_object_new_object();
	json_object_object_add(after, "role",
			       json_object_new_string(v[SAD_ROLE]));
	if (v[SAD_MINISTRY][0] != '\0')
		json_object_object_add(after, "ministry",
				       json_object_new_string(v[SAD_MINISTRY]));
	rc = audited_change(c, &stmt_staff[STMT_STAFF_ADD], SAD__MAX, v,
			    "user.add", after);
	json_object_put(after);
	if (rc == 3)
		fprintf(stderr, "corps-admin: login %s is taken\n",
			v[SAD_LOGIN]);
	if (rc == 0 && gen)
		fprintf(out, "password: %s\n", pw);
	sodium_memzero(pw, sizeof(pw));
	return rc == 0 ? 0 : 1;
}

/* What user disable and user enable change, and whom they find. */
static const struct user_switch {
	const char *name;
	enum stmt_staff_id stmt;
	const char *action;
	const char *found; /* the state an account must be in */
} user_switches[] = {
	{ "disable", STMT_STAFF_DISABLE, "user.disable", "enabled" },
	{ "enable", STMT_STAFF_ENABLE, "user.enable", "disabled" },
};

/* user disable NAME / user enable NAME by sw.  Returns the exit status. */
static int
user_switch(PGconn *c, const struct user_switch *sw, int argc, char *argv[])
{
	const char *v[1];
	int rc;

	if (argc != 2)
		return 2;
	v[0] = argv[1];
	rc = audited_change(c, &stmt_staff[sw->stmt], 1, v, sw->action, NULL);
	if (rc == 3)
		fprintf(stderr, "corps-admin: no such %s account: %s\n",
			sw->found, argv[1]);
	return rc == 0 ? 0 : 1;
}

/* user passwd NAME.  Returns the exit status. */
static int
user_passwd(PGconn *c, int argc, char *argv[], FILE *in, FILE *out)
{
	char pw[STAFF_PASSWORD_MAX + 2], hash[STAFF_HASH_MAX];
	const char *v[2];
	int rc, gen = 0;

	if (argc != 2)
		return 2;
	if (new_password(in, pw, &gen, hash) != 0)
		return 1;
	v[0] = argv[1];
	v[1] = hash;
	rc = audited_change(c, &stmt_staff[STMT_STAFF_PASSWD], 2, v,
			    "user.passwd", NULL);
	if (rc == 3)
		fprintf(stderr, "corps-admin: no such account: %s\n", argv[1]);
	if (rc == 0 && gen)
		fprintf(out, "password: %s\n", pw);
	sodium_memzero(pw, sizeof(pw));
	return rc == 0 ? 0 : 1;
}

/*
 * "corps-admin user ...": argv[0] is "user".  Returns the exit status,
 * 2 for a usage error (the caller prints the usage).
 */
int
admin_user(PGconn *c, int argc, char *argv[], FILE *in, FILE *out)
{
	size_t i;

	if (argc < 2)
		return 2;
	if (strcmp(argv[1], "add") == 0)
		return user_add(c, argc - 1, argv + 1, in, out);
	if (strcmp(argv[1], "passwd") == 0)
		return user_passwd(c, argc - 1, argv + 1, in, out);
	for (i = 0; i < sizeof(user_switches) / sizeof(user_switches[0]); i++)
		if (strcmp(argv[1], user_switches[i].name) == 0)
			return user_switch(c, &user_switches[i], argc - 1,
					   argv + 1);
	return 2;
}

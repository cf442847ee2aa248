/*
 * Staff accounts: roles and passwords.  Passwords are Argon2id strings
 * from libsodium (crypto_pwhash_str); an unknown login is verified against
 * a dummy hash so that the time taken does not tell which logins exist.
 */
#ifndef STAFF_H
#define STAFF_H

#include <stddef.h>

/*
 * An instructor is bound to no ministry and sees only the training
 * sessions it teaches (issue 14).
 */
enum role {
	ROLE_ADMIN,
	ROLE_REVIEWER,
	ROLE_MINISTRY,
	ROLE_INSTRUCTOR,
	ROLE__MAX
};

/* Route permissions are sets of roles. */
#define ROLE_BIT(r) (1u << (r))
#define ROLES_STAFF                                                            \
	(ROLE_BIT(ROLE_ADMIN) | ROLE_BIT(ROLE_REVIEWER) |                      \
	 ROLE_BIT(ROLE_MINISTRY) | ROLE_BIT(ROLE_INSTRUCTOR))

#define STAFF_PASSWORD_MIN  12	/* characters (bytes) */
#define STAFF_PASSWORD_MAX  128 /* bytes: Argon2 cost does not depend on it */
#define STAFF_HASH_MAX	    128 /* crypto_pwhash_STRBYTES */
#define STAFF_GENERATED_LEN 20	/* characters of a generated password */

#define STAFF_LOCK_SECONDS 900 /* how long a sign-in lock lasts */

/* What failed sign-ins are counted against. */
enum throttle { THROTTLE_ACCOUNT, THROTTLE_ADDRESS, THROTTLE__MAX };

extern const char *const role_names[ROLE__MAX];

int role_parse(const char *, enum role *);
int staff_login_valid(const char *);
int staff_password_valid(const char *);
int staff_init(void);
int staff_hash(const char *, char out[STAFF_HASH_MAX]);
int staff_verify(const char *, const char *);
int staff_needs_rehash(const char *);
int staff_login_wait(enum throttle, int, double);
void staff_generate_password(char *, size_t);

#endif /* !STAFF_H */

#include <string.h>

#include <sodium.h>

#include "staff.h"

_Static_assert(STAFF_HASH_MAX == crypto_pwhash_STRBYTES,
	       "room for an Argon2id string");

const char *const role_names[ROLE__MAX] = {
	[ROLE_ADMIN] = "admin",
	[ROLE_REVIEWER] = "reviewer",
	[ROLE_MINISTRY] = "ministry",
	[ROLE_INSTRUCTOR] = "instructor",
};

/* Verified in place of the hash of an unknown or disabled login. */
static char dummy_hash[STAFF_HASH_MAX];

/* Sets *r from its name.  Returns 0, or -1 for an unknown role. */
int
role_parse(const char *name, enum role *r)
{
	size_t i;

	for (i = 0; i < ROLE__MAX; i++)
		if (name != NULL && strcmp(name, role_names[i]) == 0) {
			*r = (enum role)i;
			return 0;
		}
	return -1;
}

/*
 * Returns 1 if s is an acceptable login: 3 to 32 of a-z, 0-9, '.', '_'
 * and '-', starting with a letter or digit (as the database checks).
 */
int
staff_login_valid(const char *s)
{
	size_t n = strlen(s);

	if (n < 3 || n > 32 || strchr(".-_", s[0]) != NULL)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* Returns 1 if a new password is long enough and not too long. */
int
staff_password_valid(const char *pw)
{
	size_t n = strlen(pw);

	return n >= STAFF_PASSWORD_MIN && n <= STAFF_PASSWORD_MAX;
}

/*
 * Prepares the dummy hash (once, before the workers fork: it takes as long
 * as a real hash).  Returns 0, or -1 if libsodium fails.
 */
int
staff_init(void)
{
	char pw[32];

	staff_generate_password(pw, sizeof(pw));
	return staff_hash(pw, dummy_hash);
}

/* Hashes a password with Argon2id at the interactive limits.  Returns 0/-1. */
int
staff_hash(const char *pw, char out[STAFF_HASH_MAX])
{
	return crypto_pwhash_str(out, pw, strlen(pw),
				 crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

/*
 * Returns 1 if pw matches hash.  A NULL hash (no such account) is checked
 * against the dummy hash, which takes as long and always fails.
 */
int
staff_verify(const char *hash, const char *pw)
{
	int ok;

	ok = crypto_pwhash_str_verify(hash == NULL ? dummy_hash : hash, pw,
				      strlen(pw)) == 0;
	return hash != NULL && ok;
}

/* Returns 1 if hash was made with other limits than today's. */
int
staff_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(
		   hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
		   crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

/*
 * Writes a random password of sz - 1 characters from an alphabet without
 * look-alikes (about 5 bits each: 20 characters give 100 bits).
 */
void
staff_generate_password(char *out, size_t sz)
{
	static const char alpha[] = "23456789abcdefghjkmnpqrstuvwxyz";
	size_t i;

	for (i = 0; i + 1 < sz; i++)
		out[i] = alpha[randombytes_uniform(sizeof(alpha) - 1)];
	out[sz - 1] = '\0';
}

/*
 * When sign-ins slow down and lock, per account and per client address.
 * An address is allowed more failures: many staff may share an office's
 * address, and one person's typos must not lock the others out.
 */
static const struct {
	int free_tries; /* failures before any wait */
	int lock_after; /* failures that lock */
} throttles[THROTTLE__MAX] = {
	[THROTTLE_ACCOUNT] = { 3, 10 },
	[THROTTLE_ADDRESS] = { 10, 30 },
};

/*
 * Seconds a sign-in must still wait after failures counted so far for a
 * key of kind k, the last one since seconds ago: the free tries cost
 * nothing, then each failure doubles the wait from one second (never
 * beyond the lock), and the lock lasts STAFF_LOCK_SECONDS.  A count older than
 * the lock time no longer counts.
 */
int
staff_login_wait(enum throttle k, int failures, double since)
{
	double wait;

	if (since >= STAFF_LOCK_SECONDS || failures < throttles[k].free_tries)
		return 0;
	if (failures >= throttles[k].lock_after ||
	    failures - throttles[k].free_tries >= 20)
		wait = STAFF_LOCK_SECONDS;
	else
		wait = (double)(1 << (failures - throttles[k].free_tries));
	if (wait > STAFF_LOCK_SECONDS)
		wait = STAFF_LOCK_SECONDS;
	return wait > since ? (int)(wait - since + 0.999) : 0;
}

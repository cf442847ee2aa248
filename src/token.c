#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "token.h"

/* Encodes 32 raw bytes as unpadded base64url into out. */
void
token_encode(const unsigned char raw[TOKEN_BYTES], char out[TOKEN_TEXTLEN + 1])
{
	sodium_bin2base64(out, TOKEN_TEXTLEN + 1, raw, TOKEN_BYTES,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Writes a fresh random 256-bit token as text into out. */
void
token_new(char out[TOKEN_TEXTLEN + 1])
{
	unsigned char raw[TOKEN_BYTES];

	randombytes_buf(raw, sizeof(raw));
	token_encode(raw, out);
}

/*
 * Decodes a token's text.  Returns 0, or -1 when s is not exactly the
 * base64url text of 32 bytes (wrong length, alphabet or trailing bits).
 */
int
token_decode(const char *s, unsigned char raw[TOKEN_BYTES])
{
	size_t len;
	const char *end;

	if (strlen(s) != TOKEN_TEXTLEN)
		return -1;
	if (sodium_base642bin(raw, TOKEN_BYTES, s, TOKEN_TEXTLEN, NULL, &len,
			      &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	return len == TOKEN_BYTES && *end == '\0' ? 0 : -1;
}

/* Hashes a token's text for storage and look-up. */
void
token_hash(const char *s, unsigned char out[TOKEN_HASHLEN])
{
	crypto_generichash(out, TOKEN_HASHLEN, (const unsigned char *)s,
			   strlen(s), NULL, 0);
}

/*
 * Derives a second token from a valid token and a purpose label, so that
 * a retried submission (same form token) finds the same status link
 * without the link ever being stored.  Returns -1 if tok is malformed.
 */
int
token_derive(const char *tok, const char *purpose, char out[TOKEN_TEXTLEN + 1])
{
	unsigned char key[TOKEN_BYTES], raw[TOKEN_BYTES];

	if (token_decode(tok, key) != 0)
		return -1;
	crypto_generichash(raw, sizeof(raw), (const unsigned char *)purpose,
			   strlen(purpose), key, sizeof(key));
	token_encode(raw, out);
	sodium_memzero(key, sizeof(key));
	return 0;
}

/*
 * Writes a reference number such as "PC-2026-7KQ2M9XD": random, so that
 * it reveals nothing about how many applications exist.  The alphabet
 * leaves out 0/O and 1/I, which are misread over the telephone.
 */
void
token_reference(int year, char *out, size_t outsz)
{
	static const char alpha[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
	unsigned char raw[8];
	char code[9];
	size_t i;

	_Static_assert(sizeof(alpha) - 1 == 32, "256 is a multiple of 32");
	/* One call for all eight letters; byte % 32 is uniform. */
	randombytes_buf(raw, sizeof(raw));
	for (i = 0; i < 8; i++)
		code[i] = alpha[raw[i] % 32];
	code[8] = '\0';
	snprintf(out, outsz, "PC-%04d-%s", year, code);
}

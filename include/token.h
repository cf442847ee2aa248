/*
 * Random tokens and their hashes (libsodium).  Tokens travel as
 * unpadded base64url text; only their BLAKE2b hash is ever stored.
 */
#ifndef TOKEN_H
#define TOKEN_H

#include <stddef.h>

#define TOKEN_BYTES   32 /* 256-bit tokens */
#define TOKEN_TEXTLEN 43 /* base64url of 32 bytes, unpadded */
#define TOKEN_HASHLEN 32

void token_new(char out[TOKEN_TEXTLEN + 1]);
int token_decode(const char *, unsigned char raw[TOKEN_BYTES]);
void token_encode(const unsigned char raw[TOKEN_BYTES],
		  char out[TOKEN_TEXTLEN + 1]);
void token_hash(const char *, unsigned char out[TOKEN_HASHLEN]);
int token_derive(const char *, const char *, char out[TOKEN_TEXTLEN + 1]);
void token_reference(int year, char *out, size_t outsz);

#endif /* !TOKEN_H */

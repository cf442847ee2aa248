/*
 * What the libFuzzer harnesses of tests/fuzz share: the entry point
 * libFuzzer calls (declared here, as -Wmissing-prototypes wants) and a
 * check that aborts, so that a broken property is a crash libFuzzer
 * keeps like any sanitizer report.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);
int LLVMFuzzerInitialize(int *, char ***);

/* Aborts with the failed property's text when cond is false. */
#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: property failed: %s\n",        \
				__FILE__, __LINE__, #cond);                    \
			abort();                                               \
		}                                                              \
	} while (0)

#endif /* !FUZZ_H */

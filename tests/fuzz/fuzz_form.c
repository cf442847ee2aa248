/*
 * The public application form's fields read from any urlencoded body,
 * as POST /apply reads them: strict urlencoded parsing, the field table
 * (trimming, normalising, each field's check), the checks across fields
 * and the view model the page renders in both languages.  Properties:
 * every value (given back as typed or normalised) is valid UTF-8, and one
 * without an error holds no control character but TAB, CR and LF.
 */
#include <string.h>

#include <json-c/json.h>

#include "apply.h"
#include "form.h"
#include "fuzz.h"
#include "i18n.h"
#include "kv.h"
#include "text.h"
#include "urlenc.h"

static struct i18n catalogs;
static const struct apply_today today = { 2026, 4, 1 };

/* Loads the message catalogs once, as corps-fcgi does at start-up. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];

	(void)argc;
	(void)argv;
	if (i18n_load(&catalogs, TEMPLATES_DIR, err, sizeof(err)) != 0) {
		fprintf(stderr, "fuzz_form: %s\n", err);
		abort();
	}
	return 0;
}

/* Checks what form_read kept in the fields it accepted. */
static void
check_values(const struct form *f)
{
	const char *v;
	size_t i;

	for (i = 0; i < f->n; i++) {
		v = form_value(f, i);
		FUZZ_CHECK(text_utf8_valid(v, strlen(v)));
		if (f->err[i] == NULL)
			FUZZ_CHECK(!text_has_control(v));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kvlist in;
	struct form f;
	int l;

	kv_init(&in);
	if (urlenc_parse((const char *)data, size, URLENC_STRICT, &in) == 0) {
		form_init(&f, apply_fields, AF__MAX);
		form_read(&f, &in);
		apply_check(&f, 18, &today);
		check_values(&f);
		for (l = 0; l < LANG__MAX; l++)
			json_object_put(form_view(&f, apply_groups,
						  APPLY_NGROUPS, &catalogs,
						  (enum lang)l));
		form_free(&f);
	}
	kv_free(&in);
	return 0;
}

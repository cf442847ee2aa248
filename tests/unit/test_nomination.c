/*
 * nomination: the ministries' form table (the public form's rows where
 * both ask the same), the checks across fields against a fixed "today",
 * and the length of the secondment period in months.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "kv.h"
#include "nomination.h"

static const struct apply_today today = { 2026, 4, 10 };

/* A complete, valid nomination (files are checked by the page). */
static const char *const base[][2] = {
	{ "family_kanji", "山田" },
	{ "given_kanji", "花子" },
	{ "family_kana", "ヤマダ" },
	{ "given_kana", "ハナコ" },
	{ "family_romaji", "YAMADA" },
	{ "given_romaji", "HANAKO" },
	{ "birth_date", "1985-04-01" },
	{ "department", "総合外交政策局" },
	{ "post", "課長補佐" },
	{ "grade", "7級" },
	{ "email", "hanako@mofa.example.jp" },
	{ "phone", "03-1234-5678" },
	{ "lang_en", "fluent" },
	{ "lang_other_name", "" },
	{ "operations", "pko" },
	{ "period_start", "2026-07-01" },
	{ "period_end", "2027-06-30" },
	{ "supervisor_name", "外務太郎" },
	{ "supervisor_title", "局長" },
	{ "officer_consent", "1" },
	{ "consent_date", "2026-04-01" },
	{ "declaration", "1" },
};

/*
 * Reads base with field name replaced by value (NULL: left out) into f
 * and runs the checks.
 */
static void
read_with(struct form *f, const char *name, const char *value)
{
	struct kvlist in;
	const char *v;
	size_t i;

	kv_init(&in);
	for (i = 0; i < sizeof(base) / sizeof(base[0]); i++) {
		v = strcmp(base[i][0], name) == 0 ? value : base[i][1];
		if (v != NULL)
			kv_add(&in, base[i][0], strlen(base[i][0]), v,
			       strlen(v));
	}
	form_init(f, nomination_fields(), NF__MAX);
	form_read(f, &in);
	nomination_check(f, 18, &today);
	kv_free(&in);
}

/* Returns the message of field i after reading base with name = value. */
static const char *
message_with(const char *name, const char *value, size_t i)
{
	struct form f;
	const char *e;

	read_with(&f, name, value);
	e = f.err[i];
	form_free(&f);
	return e;
}

static void
test_valid(void **state)
{
	struct form f;

	(void)state;
	read_with(&f, "", NULL);
	assert_int_equal(f.nerr, 0);
	assert_string_equal(form_value(&f, NF_PHONE), "0312345678");
	assert_string_equal(form_value(&f, NF_GRADE), "7級");
	form_free(&f);
}

/*
 * One field changed from the valid base, and the message expected at a
 * field (NULL: none).  What both forms ask is validated by the public
 * form's own rows.
 */
static const struct {
	const char *name, *value;
	enum nomination_field at;
	const char *message;
} cases[] = {
	{ "family_kana", "Yamada", NF_FAMILY_KANA, "err_kana" },
	{ "email", "nope", NF_EMAIL, "err_email" },
	{ "birth_date", "2015-01-01", NF_BIRTH_DATE, "err_too_young" },
	{ "lang_other_name", "タガログ語", NF_LANG_OTHER,
	  "err_lang_other_level" },
	{ "department", NULL, NF_DEPARTMENT, "err_required" },
	{ "officer_consent", NULL, NF_OFFICER_CONSENT, "err_consent" },
	{ "consent_date", NULL, NF_CONSENT_DATE, "err_required" },
	{ "declaration", NULL, NF_DECLARATION, "err_consent" },
	{ "operations", NULL, NF_OPERATIONS, "err_required_choice" },
	{ "period_end", "2026-07-01", NF_PERIOD_END, "err_period_order" },
	{ "period_end", "2026-06-01", NF_PERIOD_END, "err_period_order" },
	{ "period_end", "2031-07-01", NF_PERIOD_END, "err_period_long" },
	{ "period_end", "2031-06-30", NF_PERIOD_END, NULL },
	{ "period_end", "2026-02-30", NF_PERIOD_END, "err_date" },
	{ "period_start", "2026-04-09", NF_PERIOD_START, "err_start_past" },
	{ "period_start", "2026-04-10", NF_PERIOD_START, NULL },
	{ "consent_date", "2026-04-11", NF_CONSENT_DATE, "err_consent_future" },
	{ "consent_date", "2026-04-10", NF_CONSENT_DATE, NULL },
};

static void
test_messages(void **state)
{
	const char *e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		e = message_with(cases[i].name, cases[i].value, cases[i].at);
		if (cases[i].message == NULL)
			assert_null(e);
		else {
			assert_non_null(e);
			assert_string_equal(e, cases[i].message);
		}
	}
}

static void
test_shared_rows(void **state)
{
	const struct fdef *d = nomination_fields();

	(void)state;
	assert_ptr_equal(d[NF_FAMILY_KANA].check,
			 apply_fields[AF_FAMILY_KANA].check);
	assert_string_equal(d[NF_LANG_OTHER_NAME].name, "lang_other_name");
	assert_ptr_equal(d[NF_OPERATIONS].opts,
			 apply_fields[AF_OPERATIONS].opts);
	assert_string_equal(d[NF_DEPARTMENT].name, "department");
	assert_int_equal(d[NF_LETTER].type, FT_FILE);
}

static void
test_months(void **state)
{
	(void)state;
	assert_int_equal(nomination_months("2026-04-01", "2026-09-30"), 6);
	assert_int_equal(nomination_months("2026-04-01", "2026-10-01"), 7);
	assert_int_equal(nomination_months("2026-04-15", "2026-05-14"), 1);
	assert_int_equal(nomination_months("2026-04-15", "2026-05-15"), 2);
	assert_int_equal(nomination_months("2026-04-01", "2026-04-02"), 1);
	assert_int_equal(nomination_months("2026-01-31", "2026-02-28"), 1);
	assert_int_equal(nomination_months("2026-07-01", "2031-06-30"), 60);
	assert_int_equal(nomination_months("2026-07-01", "2031-07-01"), 61);
	assert_int_equal(nomination_months("x", "2026-01-01"), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_shared_rows),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_months),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

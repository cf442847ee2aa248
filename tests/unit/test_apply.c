/*
 * apply: the application form's table read from what applicants type,
 * the checks across fields (age, nationality, the other language, the
 * start date) against a fixed "today", the fieldset groups and the CV
 * check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "apply.h"
#include "buf.h"
#include "form.h"
#include "kv.h"

/* Today in the tests, and the dates around it. */
static const struct apply_today today = { 2026, 4, 10 };

/* A complete, valid application. */
static const char *const base[] = {
	"family_kanji",
	"山田",
	"given_kanji",
	"花子",
	"family_kana",
	"ヤマダ",
	"given_kana",
	"ハナコ",
	"family_romaji",
	"YAMADA",
	"given_romaji",
	"HANAKO",
	"birth_date",
	"1990-04-01",
	"nationality",
	"yes",
	"email",
	"hanako@example.jp",
	"phone",
	"090-1234-5678",
	"postcode",
	"100-0001",
	"prefecture",
	"13",
	"address",
	"千代田区千代田1-1",
	"lang_en",
	"working",
	"operations",
	"pko",
	"earliest_start",
	"2026-10-01",
	"max_months",
	"12",
	"emergency_name",
	"山田太郎",
	"emergency_relation",
	"父",
	"emergency_phone",
	"03-1234-5678",
	"privacy",
	"1",
	"declaration",
	"1",
};

/*
 * Reads base with the n pairs of kv in front (so that they win, kv_get
 * taking the first), and runs apply_check with min_age.
 */
static void
read_apply(struct form *f, const char *const *kv, size_t n, int min_age)
{
	struct kvlist l;
	size_t i;

	kv_init(&l);
	for (i = 0; i + 1 < n; i += 2)
		kv_add(&l, kv[i], strlen(kv[i]), kv[i + 1], strlen(kv[i + 1]));
	for (i = 0; i < sizeof(base) / sizeof(base[0]); i += 2)
		kv_add(&l, base[i], strlen(base[i]), base[i + 1],
		       strlen(base[i + 1]));
	form_init(f, apply_fields, AF__MAX);
	form_read(f, &l);
	apply_check(f, min_age, &today);
	kv_free(&l);
}

#define READ(f, ...)                                                           \
	do {                                                                   \
		static const char *const kv_[] = { __VA_ARGS__ };              \
		read_apply(f, kv_, sizeof(kv_) / sizeof(kv_[0]), 18);          \
	} while (0)

/* Fails with the name and message of every field that has one. */
static void
assert_no_errors(const struct form *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->err[i] != NULL)
			fail_msg("%s: %s (value \"%s\")", f->defs[i].name,
				 f->err[i], form_value(f, i));
	assert_int_equal(f->nerr, 0);
}

/* Asserts that field i alone is wrong, with key. */
static void
assert_only(const struct form *f, size_t i, const char *key)
{
	size_t k;

	for (k = 0; k < f->n; k++)
		if (k != i && f->err[k] != NULL)
			fail_msg("%s: unexpected %s", f->defs[k].name,
				 f->err[k]);
	if (f->err[i] == NULL)
		fail_msg("%s: no error, want %s", f->defs[i].name, key);
	assert_string_equal(f->err[i], key);
	assert_int_equal(f->nerr, 1);
}

/* Every field in exactly one group, the groups in table order. */
static void
test_groups(void **state)
{
	size_t g, next = 0;

	(void)state;
	for (g = 0; g < APPLY_NGROUPS; g++) {
		assert_non_null(apply_groups[g].legend);
		assert_int_equal(apply_groups[g].first, next);
		assert_true(apply_groups[g].count > 0);
		next += apply_groups[g].count;
	}
	assert_int_equal(next, AF__MAX);
}

/*
 * Every row has a name (a field left out of the table has none), names
 * are unique and fit the catalog keys form.c builds.
 */
static void
test_table(void **state)
{
	size_t i, k;

	(void)state;
	for (i = 0; i < AF__MAX; i++) {
		assert_non_null(apply_fields[i].name);
		assert_true(strlen(apply_fields[i].name) + 3 < 80);
		for (k = 0; k < i; k++)
			if (strcmp(apply_fields[i].name,
				   apply_fields[k].name) == 0)
				fail_msg("%s twice", apply_fields[i].name);
		if (apply_fields[i].type == FT_CHECKS)
			assert_true(apply_fields[i].nopts <= 32);
	}
}

static void
test_valid(void **state)
{
	struct form f;

	(void)state;
	read_apply(&f, NULL, 0, 18);
	assert_no_errors(&f);
	assert_string_equal(form_value(&f, AF_PHONE), "09012345678");
	assert_string_equal(form_value(&f, AF_POSTCODE), "1000001");
	assert_string_equal(form_value(&f, AF_LANG_EN), "working");
	assert_string_equal(form_value(&f, AF_LANG_FR), "");
	assert_string_equal(form_value(&f, AF_GENDER), "");
	assert_int_equal(f.mask[AF_OPERATIONS], 1);
	assert_int_equal(f.mask[AF_EXPERTISE], 0);
	form_free(&f);
}

/* Nothing sent: every required field says so, nothing else does. */
static void
test_empty(void **state)
{
	struct form f;
	struct kvlist l;
	size_t i;

	(void)state;
	kv_init(&l);
	form_init(&f, apply_fields, AF__MAX);
	form_read(&f, &l);
	apply_check(&f, 18, &today);
	for (i = 0; i < AF__MAX; i++) {
		if (apply_fields[i].required != (f.err[i] != NULL))
			fail_msg("%s: %s", apply_fields[i].name,
				 f.err[i] == NULL ? "no error" : f.err[i]);
	}
	assert_string_equal(f.err[AF_FAMILY_KANJI], "err_required");
	assert_string_equal(f.err[AF_NATIONALITY], "err_required_choice");
	assert_string_equal(f.err[AF_PREFECTURE], "err_required_choice");
	assert_string_equal(f.err[AF_OPERATIONS], "err_required_choice");
	assert_string_equal(f.err[AF_PRIVACY], "err_consent");
	form_free(&f);
	kv_free(&l);
}

/* What Japanese phones and IMEs type, normalised. */
static void
test_normalise(void **state)
{
	struct form f;

	(void)state;
	READ(&f, "phone", "０９０－１２３４－５６７８", "family_kana", "ﾔﾏﾀﾞ",
	     "given_kana", "はなこ", "family_romaji", "yamada", "given_romaji",
	     "  Hanako  ", "postcode", "〒１００ー０００１", "max_months",
	     "０７", "birth_date", "1990/4/1", "email",
	     "ＨＡＮＡＫＯ＠ＥＸＡＭＰＬＥ．ＪＰ", "emergency_phone",
	     "+81 3 1234 5678");
	assert_no_errors(&f);
	assert_string_equal(form_value(&f, AF_PHONE), "09012345678");
	assert_string_equal(form_value(&f, AF_FAMILY_KANA), "ヤマダ");
	assert_string_equal(form_value(&f, AF_GIVEN_KANA), "ハナコ");
	assert_string_equal(form_value(&f, AF_FAMILY_ROMAJI), "YAMADA");
	assert_string_equal(form_value(&f, AF_GIVEN_ROMAJI), "HANAKO");
	assert_string_equal(form_value(&f, AF_POSTCODE), "1000001");
	assert_string_equal(form_value(&f, AF_MAX_MONTHS), "7");
	assert_string_equal(form_value(&f, AF_BIRTH_DATE), "1990-04-01");
	assert_string_equal(form_value(&f, AF_EMAIL), "HANAKO@EXAMPLE.JP");
	assert_string_equal(form_value(&f, AF_EMERGENCY_PHONE), "+81312345678");
	form_free(&f);
}

/* Each field's own refusal, with the value given back as typed. */
static void
test_refused(void **state)
{
	static const struct {
		const char *name;
		const char *value;
		size_t field;
		const char *err;
	} c[] = {
		{ "family_kana", "山田", AF_FAMILY_KANA, "err_kana" },
		{ "family_romaji", "Yamada1", AF_FAMILY_ROMAJI, "err_romaji" },
		{ "family_romaji", "ヤマダ", AF_FAMILY_ROMAJI, "err_romaji" },
		{ "postcode", "100-00011", AF_POSTCODE, "err_postcode" },
		{ "prefecture", "48", AF_PREFECTURE, "err_choice" },
		{ "prefecture", "0", AF_PREFECTURE, "err_choice" },
		{ "gender", "x", AF_GENDER, "err_choice" },
		{ "lang_fr", "expert", AF_LANG_FR, "err_choice" },
		{ "nationality", "maybe", AF_NATIONALITY, "err_choice" },
		{ "max_months", "0", AF_MAX_MONTHS, "err_months" },
		{ "max_months", "61", AF_MAX_MONTHS, "err_months" },
		{ "max_months", "1.5", AF_MAX_MONTHS, "err_number" },
		{ "email", "hanako@", AF_EMAIL, "err_email" },
		{ "phone", "12345", AF_PHONE, "err_phone" },
		{ "birth_date", "1990-02-30", AF_BIRTH_DATE, "err_date" },
		{ "earliest_start", "tomorrow", AF_EARLIEST_START, "err_date" },
		{ "address", "千代田区\n千代田", AF_ADDRESS, "err_bad_char" },
		{ "privacy", "on", AF_PRIVACY, "err_choice" },
		{ "declaration", "", AF_DECLARATION, "err_consent" },
		{ "operations", "war", AF_OPERATIONS, "err_choice" },
		{ "expertise", "cooking", AF_EXPERTISE, "err_choice" },
	};
	struct form f;
	const char *kv[2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		kv[0] = c[i].name;
		kv[1] = c[i].value;
		read_apply(&f, kv, 2, 18);
		if (f.err[c[i].field] == NULL ||
		    strcmp(f.err[c[i].field], c[i].err) != 0)
			fail_msg("%s=\"%s\": %s, want %s", c[i].name,
				 c[i].value,
				 f.err[c[i].field] == NULL ? "no error"
							   : f.err[c[i].field],
				 c[i].err);
		assert_only(&f, c[i].field, c[i].err);
		if (apply_fields[c[i].field].type != FT_CHECKS)
			assert_string_equal(form_value(&f, c[i].field),
					    c[i].value);
		form_free(&f);
	}
}

/* 41 characters in a 40-character name: the cap, whatever the field. */
static void
test_name_too_long(void **state)
{
	static const char *const fields[] = {
		"family_kanji", "given_kanji",	 "family_kana",
		"given_kana",	"family_romaji", "given_romaji",
	};
	static const char *const long_ones[] = {
		"山田山田山田山田山田山田山田山田山田山田山田山田山田山田山田山"
		"田"
		"山田山田山田山田山",
		"花子花子花子花子花子花子花子花子花子花子花子花子花子花子花子花"
		"子"
		"花子花子花子花子花",
		"ヤマダヤマダヤマダヤマダヤマダヤマダヤマダヤマダヤマダヤマダヤ"
		"マダ"
		"ヤマダヤマダヤマ",
		"ハナコハナコハナコハナコハナコハナコハナコハナコハナコハナコハ"
		"ナコ"
		"ハナコハナコハナ",
		"YAMADAYAMADAYAMADAYAMADAYAMADAYAMADAYAMAD",
		"HANAKOHANAKOHANAKOHANAKOHANAKOHANAKOHANAK",
	};
	struct form f;
	const char *kv[2];
	struct buf forty;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		kv[0] = fields[i];
		kv[1] = long_ones[i];
		read_apply(&f, kv, 2, 18);
		assert_only(&f, AF_FAMILY_KANJI + i, "err_too_long");
		assert_int_equal(f.arg[AF_FAMILY_KANJI + i], 40);
		assert_string_equal(form_value(&f, AF_FAMILY_KANJI + i),
				    long_ones[i]);
		form_free(&f);

		/* Forty pass: the same text without its last character. */
		buf_init(&forty);
		buf_append(&forty, long_ones[i],
			   strlen(long_ones[i]) - (i < 4 ? 3 : 1));
		kv[1] = forty.ptr;
		read_apply(&f, kv, 2, 18);
		assert_no_errors(&f);
		assert_string_equal(form_value(&f, AF_FAMILY_KANJI + i),
				    forty.ptr);
		form_free(&f);
		buf_free(&forty);
	}
}

static void
test_nationality(void **state)
{
	struct form f;

	(void)state;
	READ(&f, "nationality", "no");
	assert_only(&f, AF_NATIONALITY, "err_nationality");
	assert_string_equal(form_value(&f, AF_NATIONALITY), "no");
	form_free(&f);
	READ(&f, "nationality", "");
	assert_only(&f, AF_NATIONALITY, "err_required_choice");
	form_free(&f);
}

/* Of age on the birthday itself, not the day before. */
static void
test_age(void **state)
{
	struct form f;

	(void)state;
	READ(&f, "birth_date", "2008-04-10");
	assert_no_errors(&f);
	form_free(&f);
	READ(&f, "birth_date", "2008-04-11");
	assert_only(&f, AF_BIRTH_DATE, "err_too_young");
	assert_int_equal(f.arg[AF_BIRTH_DATE], 18);
	assert_string_equal(form_value(&f, AF_BIRTH_DATE), "2008-04-11");
	form_free(&f);
	READ(&f, "birth_date", "2026-04-10");
	assert_only(&f, AF_BIRTH_DATE, "err_too_young");
	form_free(&f);
	READ(&f, "birth_date", "2026-04-11");
	assert_only(&f, AF_BIRTH_DATE, "err_birth_future");
	form_free(&f);
	READ(&f, "birth_date", "1900-01-01");
	assert_no_errors(&f);
	form_free(&f);
	/* A malformed date keeps its own message. */
	READ(&f, "birth_date", "2008-13-01");
	assert_only(&f, AF_BIRTH_DATE, "err_date");
	form_free(&f);
}

/* The minimum age is the configured one. */
static void
test_min_age(void **state)
{
	static const char *const kv[] = { "birth_date", "2006-04-11" };
	struct form f;

	(void)state;
	read_apply(&f, kv, 2, 20);
	assert_only(&f, AF_BIRTH_DATE, "err_too_young");
	assert_int_equal(f.arg[AF_BIRTH_DATE], 20);
	form_free(&f);
	read_apply(&f, kv, 2, 19);
	assert_no_errors(&f);
	form_free(&f);
	read_apply(&f, kv, 2, 0);
	assert_no_errors(&f);
	form_free(&f);
}

static void
test_other_language(void **state)
{
	struct form f;

	(void)state;
	READ(&f, "lang_other", "basic");
	assert_only(&f, AF_LANG_OTHER_NAME, "err_lang_other_name");
	form_free(&f);
	READ(&f, "lang_other_name", "スワヒリ語");
	assert_only(&f, AF_LANG_OTHER, "err_lang_other_level");
	form_free(&f);
	READ(&f, "lang_other", "fluent", "lang_other_name", "スワヒリ語");
	assert_no_errors(&f);
	assert_string_equal(form_value(&f, AF_LANG_OTHER_NAME), "スワヒリ語");
	form_free(&f);
	/* A wrong level keeps its own message. */
	READ(&f, "lang_other", "expert", "lang_other_name", "スワヒリ語");
	assert_only(&f, AF_LANG_OTHER, "err_choice");
	form_free(&f);
}

/* Today passes, yesterday does not, also across a month and a year. */
static void
test_earliest_start(void **state)
{
	static const struct {
		struct apply_today t;
		const char *yesterday, *today;
	} c[] = {
		{ { 2026, 4, 10 }, "2026-04-09", "2026-04-10" },
		{ { 2026, 5, 1 }, "2026-04-30", "2026-05-01" },
		{ { 2027, 1, 1 }, "2026-12-31", "2027-01-01" },
	};
	struct form f;
	struct kvlist l;
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		for (k = 0; k < 2; k++) {
			kv_init(&l);
			kv_add(&l, "earliest_start", 14,
			       k ? c[i].today : c[i].yesterday, 10);
			form_init(&f, apply_fields, AF__MAX);
			form_read(&f, &l);
			apply_check(&f, 18, &c[i].t);
			if (k)
				assert_null(f.err[AF_EARLIEST_START]);
			else
				assert_string_equal(f.err[AF_EARLIEST_START],
						    "err_start_past");
			form_free(&f);
			kv_free(&l);
		}
}

/* Typed start dates in other shapes compare as dates. */
static void
test_earliest_start_shapes(void **state)
{
	struct form f;

	(void)state;
	READ(&f, "earliest_start", "2026/4/9");
	assert_only(&f, AF_EARLIEST_START, "err_start_past");
	form_free(&f);
	READ(&f, "earliest_start", "2026.4.10");
	assert_no_errors(&f);
	assert_string_equal(form_value(&f, AF_EARLIEST_START), "2026-04-10");
	form_free(&f);
}

static void
test_cv(void **state)
{
	char *big;

	(void)state;
	assert_int_equal(apply_check_cv("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", 15),
			 0);
	assert_int_equal(apply_check_cv("%PDF-", 5), 0);
	assert_int_equal(apply_check_cv("%PDF", 4), -2);
	assert_int_equal(apply_check_cv("", 0), -2);
	assert_int_equal(apply_check_cv("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16),
			 -2);
	assert_int_equal(apply_check_cv("%pdf-1.7", 8), -2);
	assert_int_equal(apply_check_cv(" %PDF-1.7", 9), -2);
	big = calloc(1, APPLY_CV_MAX + 1);
	assert_non_null(big);
	memcpy(big, "%PDF-1.7", 8);
	assert_int_equal(apply_check_cv(big, APPLY_CV_MAX), 0);
	assert_int_equal(apply_check_cv(big, APPLY_CV_MAX + 1), -1);
	assert_int_equal(APPLY_CV_MAX, 5 * 1024 * 1024);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_normalise),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_name_too_long),
		cmocka_unit_test(test_nationality),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_min_age),
		cmocka_unit_test(test_other_language),
		cmocka_unit_test(test_earliest_start),
		cmocka_unit_test(test_earliest_start_shapes),
		cmocka_unit_test(test_cv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

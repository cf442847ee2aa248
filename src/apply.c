#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apply.h"
#include "jst.h"
#include "text.h"
#include "valid.h"

static const struct fopt gender_opts[] = {
	{ "female", "gender_female" },
	{ "male", "gender_male" },
	{ "other", "gender_other" },
	{ "unstated", "gender_unstated" },
};

static const struct fopt yesno_opts[] = {
	{ "yes", "yes" },
	{ "no", "no" },
};

const struct fopt level_opts[] = {
	{ "basic", "level_basic" },
	{ "working", "level_working" },
	{ "fluent", "level_fluent" },
	{ "native", "level_native" },
};

const struct fopt expertise_opts[] = {
	{ "election", "exp_election" },
	{ "civil_admin", "exp_civil_admin" },
	{ "logistics", "exp_logistics" },
	{ "engineering", "exp_engineering" },
	{ "medical", "exp_medical" },
	{ "legal", "exp_legal" },
	{ "police", "exp_police" },
	{ "comms_it", "exp_comms_it" },
	{ "interpretation", "exp_interpretation" },
	{ "relief", "exp_relief" },
	{ "other", "exp_other" },
};

const struct fopt operation_opts[] = {
	{ "pko", "op_pko" },
	{ "icops", "op_icops" },
	{ "relief", "op_relief" },
	{ "election", "op_election" },
};

#define P(n)                                                                   \
	{                                                                      \
#n, "pref_" #n                                                 \
	}
const struct fopt prefecture_opts[] = {
	P(1),  P(2),  P(3),  P(4),  P(5),  P(6),  P(7),	 P(8),	P(9),  P(10),
	P(11), P(12), P(13), P(14), P(15), P(16), P(17), P(18), P(19), P(20),
	P(21), P(22), P(23), P(24), P(25), P(26), P(27), P(28), P(29), P(30),
	P(31), P(32), P(33), P(34), P(35), P(36), P(37), P(38), P(39), P(40),
	P(41), P(42), P(43), P(44), P(45), P(46), P(47),
};
#undef P

/*
 * Returns the message for a validator's result: none, the length cap's
 * (a long name is not a wrong script), or key.
 */
static const char *
name_message(int rc, const char *key)
{
	if (rc == VALID_OK)
		return NULL;
	return rc == VALID_TOO_LONG ? "err_too_long" : key;
}

/* A name in katakana.  Returns NULL, or the message's key. */
static const char *
chk_kana(const char *in, struct buf *out)
{
	return name_message(valid_katakana_name(in, out), "err_kana");
}

/* A name in passport romaji.  Returns NULL, or the message's key. */
static const char *
chk_romaji(const char *in, struct buf *out)
{
	return name_message(valid_romaji(in, out), "err_romaji");
}

/* A Japanese postcode.  Returns NULL, or the message's key. */
static const char *
chk_postcode(const char *in, struct buf *out)
{
	return valid_postcode(in, out) == VALID_OK ? NULL : "err_postcode";
}

/* A period of availability: 1 to 60 months. */
static const char *
chk_months(const char *in, struct buf *out)
{
	int n = atoi(in);

	if (n < 1 || n > 60)
		return "err_months";
	buf_printf(out, "%d", n);
	return NULL;
}

/* A name in one script: required, at most VALID_NAME_MAX characters. */
#define NAME(n, ck, ac)                                                        \
	{                                                                      \
		.name = n, .type = FT_TEXT, .required = 1,                     \
		.maxlen = VALID_NAME_MAX, .check = ck, .autocomplete = ac      \
	}
/* A language's level, if any. */
#define LANG(n)                                                                \
	{                                                                      \
		.name = n, .type = FT_SELECT, FORM_OPTS(level_opts)            \
	}

const struct fdef apply_fields[AF__MAX] = {
	[AF_FAMILY_KANJI] = NAME("family_kanji", NULL, "family-name"),
	[AF_GIVEN_KANJI] = NAME("given_kanji", NULL, "given-name"),
	[AF_FAMILY_KANA] = NAME("family_kana", chk_kana, NULL),
	[AF_GIVEN_KANA] = NAME("given_kana", chk_kana, NULL),
	[AF_FAMILY_ROMAJI] = NAME("family_romaji", chk_romaji, NULL),
	[AF_GIVEN_ROMAJI] = NAME("given_romaji", chk_romaji, NULL),
	[AF_BIRTH_DATE] = { .name = "birth_date",
			    .type = FT_DATE,
			    .required = 1,
			    .maxlen = 10,
			    .autocomplete = "bday" },
	[AF_GENDER] = { .name = "gender",
			.type = FT_RADIO,
			FORM_OPTS(gender_opts) },
	[AF_NATIONALITY] = { .name = "nationality",
			     .type = FT_RADIO,
			     .required = 1,
			     FORM_OPTS(yesno_opts) },
	[AF_EMAIL] = { .name = "email",
		       .type = FT_EMAIL,
		       .required = 1,
		       .maxlen = 254,
		       .autocomplete = "email" },
	[AF_PHONE] = { .name = "phone",
		       .type = FT_TEL,
		       .required = 1,
		       .maxlen = 24,
		       .autocomplete = "tel" },
	[AF_POSTCODE] = { .name = "postcode",
			  .type = FT_TEXT,
			  .required = 1,
			  .maxlen = 10,
			  .check = chk_postcode,
			  .autocomplete = "postal-code",
			  .inputmode = "numeric" },
	[AF_PREFECTURE] = { .name = "prefecture",
			    .type = FT_SELECT,
			    .required = 1,
			    FORM_OPTS(prefecture_opts),
			    .autocomplete = "address-level1" },
	[AF_ADDRESS] = { .name = "address",
			 .type = FT_TEXT,
			 .required = 1,
			 .maxlen = 200,
			 .autocomplete = "street-address" },
	[AF_LANG_EN] = LANG("lang_en"),
	[AF_LANG_FR] = LANG("lang_fr"),
	[AF_LANG_ES] = LANG("lang_es"),
	[AF_LANG_AR] = LANG("lang_ar"),
	[AF_LANG_RU] = LANG("lang_ru"),
	[AF_LANG_ZH] = LANG("lang_zh"),
	[AF_LANG_OTHER] = LANG("lang_other"),
	[AF_LANG_OTHER_NAME] = { .name = "lang_other_name",
				 .type = FT_TEXT,
				 .maxlen = 40 },
	[AF_EXPERTISE] = { .name = "expertise",
			   .type = FT_CHECKS,
			   FORM_OPTS(expertise_opts) },
	[AF_EXPERIENCE_ABROAD] = { .name = "experience_abroad",
				   .type = FT_TEXTAREA,
				   .maxlen = 2000 },
	[AF_PEACE_EXPERIENCE] = { .name = "peace_experience",
				  .type = FT_TEXTAREA,
				  .maxlen = 2000 },
	[AF_OPERATIONS] = { .name = "operations",
			    .type = FT_CHECKS,
			    .required = 1,
			    FORM_OPTS(operation_opts) },
	[AF_EARLIEST_START] = { .name = "earliest_start",
				.type = FT_DATE,
				.required = 1,
				.maxlen = 10 },
	[AF_MAX_MONTHS] = { .name = "max_months",
			    .type = FT_NUMBER,
			    .required = 1,
			    .maxlen = 2,
			    .check = chk_months,
			    .inputmode = "numeric" },
	[AF_EMERGENCY_NAME] = { .name = "emergency_name",
				.type = FT_TEXT,
				.required = 1,
				.maxlen = 80 },
	[AF_EMERGENCY_RELATION] = { .name = "emergency_relation",
				    .type = FT_TEXT,
				    .required = 1,
				    .maxlen = 40 },
	[AF_EMERGENCY_PHONE] = { .name = "emergency_phone",
				 .type = FT_TEL,
				 .required = 1,
				 .maxlen = 24 },
	[AF_CV] = { .name = "cv", .type = FT_FILE },
	[AF_PRIVACY] = { .name = "privacy", .type = FT_CONSENT, .required = 1 },
	[AF_DECLARATION] = { .name = "declaration",
			     .type = FT_CONSENT,
			     .required = 1 },
};

_Static_assert(sizeof(expertise_opts) / sizeof(expertise_opts[0]) <= 32,
	       "options fit the mask");

/* A fieldset: its legend's key and its fields, first to last. */
#define GROUP(key, first, last)                                                \
	{                                                                      \
		key, first, (last) - (first) + 1                               \
	}

const struct fgroup apply_groups[APPLY_NGROUPS] = {
	GROUP("g_name", AF_FAMILY_KANJI, AF_GIVEN_ROMAJI),
	GROUP("g_personal", AF_BIRTH_DATE, AF_NATIONALITY),
	GROUP("g_contact", AF_EMAIL, AF_ADDRESS),
	GROUP("g_languages", AF_LANG_EN, AF_LANG_OTHER_NAME),
	GROUP("g_experience", AF_EXPERTISE, AF_PEACE_EXPERIENCE),
	GROUP("g_availability", AF_OPERATIONS, AF_MAX_MONTHS),
	GROUP("g_emergency", AF_EMERGENCY_NAME, AF_EMERGENCY_PHONE),
	GROUP("g_cv", AF_CV, AF_CV),
	GROUP("g_consent", AF_PRIVACY, AF_DECLARATION),
};

/* Returns the date of a valid "YYYY-MM-DD" value as y, m, d. */
static void
ymd(const struct buf *v, int *y, int *m, int *d)
{
	*y = *m = *d = 0;
	if (v->len == 10)
		sscanf(v->ptr, "%4d-%2d-%2d", y, m, d);
}

/*
 * The age limit, and a birth date not in the future, on the birth date
 * field i of any form (the ministries' nomination form shares it).
 */
void
apply_check_birth(struct form *f, size_t i, int min_age,
		  const struct apply_today *t)
{
	int y, m, d;

	if (f->err[i] != NULL)
		return;
	ymd(&f->val[i], &y, &m, &d);
	if (valid_age(y, m, d, t->y, t->m, t->d) < 0)
		form_error(f, i, "err_birth_future", 0);
	else if (valid_age(y, m, d, t->y, t->m, t->d) < min_age)
		form_error(f, i, "err_too_young", min_age);
}

/*
 * Another language needs both a name and a level: the fields level and
 * name of any form.
 */
void
apply_check_other_language(struct form *f, size_t level, size_t name)
{
	int has_level = f->val[level].len > 0;
	int has_name = f->val[name].len > 0;

	if (has_level && !has_name)
		form_error(f, name, "err_lang_other_name", 0);
	else if (has_name && !has_level && f->err[level] == NULL)
		form_error(f, level, "err_lang_other_level", 0);
}

/*
 * The checks that span fields or need the date: age, nationality, the
 * other language, a start date not in the past.
 */
void
apply_check(struct form *f, int min_age, const struct apply_today *t)
{
	char today[11];

	apply_check_birth(f, AF_BIRTH_DATE, min_age, t);
	if (f->err[AF_NATIONALITY] == NULL &&
	    strcmp(form_value(f, AF_NATIONALITY), "no") == 0)
		form_error(f, AF_NATIONALITY, "err_nationality", 0);
	apply_check_other_language(f, AF_LANG_OTHER, AF_LANG_OTHER_NAME);
	snprintf(today, sizeof(today), "%04d-%02d-%02d", t->y, t->m, t->d);
	if (f->err[AF_EARLIEST_START] == NULL &&
	    strcmp(form_value(f, AF_EARLIEST_START), today) < 0)
		form_error(f, AF_EARLIEST_START, "err_start_past", 0);
}

/*
 * Checks an uploaded CV: a PDF by its signature, at most 5 MB.  Returns
 * 0, -1 if too large, -2 if not a PDF.
 */
int
apply_check_cv(const char *data, size_t len)
{
	if (len > APPLY_CV_MAX)
		return -1;
	if (len < 5 || memcmp(data, "%PDF-", 5) != 0)
		return -2;
	return 0;
}

/* Today's date in Japan, where the office and nearly all applicants are. */
void
apply_today_jst(struct apply_today *t)
{
	struct tm tm;

	jst_now(&tm);
	t->y = tm.tm_year + 1900;
	t->m = tm.tm_mon + 1;
	t->d = tm.tm_mday;
}

/*
 * Returns the name to store for an uploaded file: the last path segment
 * of a clean UTF-8 file name of at most 200 characters, else fallback.
 * The result points into name or is fallback.
 */
const char *
apply_file_name(const char *name, const char *fallback)
{
	const char *slash;

	if ((slash = strrchr(name, '/')) != NULL)
		name = slash + 1;
	if ((slash = strrchr(name, '\\')) != NULL)
		name = slash + 1;
	return *name == '\0' || text_has_control(name) ||
		       !text_utf8_valid(name, strlen(name)) ||
		       text_utf8_len(name) > 200
		   ? fallback
		   : name;
}

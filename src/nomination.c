#include <stdio.h>
#include <string.h>

#include "nomination.h"

/*
 * The rows of the public form that the nomination form asks as they
 * are: the same names (so the same labels and hints), limits and
 * validators.
 */
static const struct {
	enum nomination_field nf;
	enum apply_field af;
} shared_rows[] = {
	{ NF_FAMILY_KANJI, AF_FAMILY_KANJI },
	{ NF_GIVEN_KANJI, AF_GIVEN_KANJI },
	{ NF_FAMILY_KANA, AF_FAMILY_KANA },
	{ NF_GIVEN_KANA, AF_GIVEN_KANA },
	{ NF_FAMILY_ROMAJI, AF_FAMILY_ROMAJI },
	{ NF_GIVEN_ROMAJI, AF_GIVEN_ROMAJI },
	{ NF_BIRTH_DATE, AF_BIRTH_DATE },
	{ NF_EMAIL, AF_EMAIL },
	{ NF_PHONE, AF_PHONE },
	{ NF_LANG_EN, AF_LANG_EN },
	{ NF_LANG_FR, AF_LANG_FR },
	{ NF_LANG_ES, AF_LANG_ES },
	{ NF_LANG_AR, AF_LANG_AR },
	{ NF_LANG_RU, AF_LANG_RU },
	{ NF_LANG_ZH, AF_LANG_ZH },
	{ NF_LANG_OTHER, AF_LANG_OTHER },
	{ NF_LANG_OTHER_NAME, AF_LANG_OTHER_NAME },
	{ NF_EXPERTISE, AF_EXPERTISE },
	{ NF_OPERATIONS, AF_OPERATIONS },
	{ NF_CV, AF_CV },
	{ NF_DECLARATION, AF_DECLARATION },
};

#define TEXT(n, max)                                                           \
	{                                                                      \
		.name = n, .type = FT_TEXT, .required = 1, .maxlen = max       \
	}
#define DATE(n)                                                                \
	{                                                                      \
		.name = n, .type = FT_DATE, .required = 1, .maxlen = 10        \
	}

/* The nomination's own rows; the shared ones are filled in from apply.c. */
static const struct fdef own_rows[NF__MAX] = {
	[NF_DEPARTMENT] = TEXT("department", 100),
	[NF_POST] = TEXT("post", 100),
	[NF_GRADE] = TEXT("grade", 100),
	[NF_PERIOD_START] = DATE("period_start"),
	[NF_PERIOD_END] = DATE("period_end"),
	[NF_SUPERVISOR_NAME] = TEXT("supervisor_name", 80),
	[NF_SUPERVISOR_TITLE] = TEXT("supervisor_title", 100),
	[NF_OFFICER_CONSENT] = { .name = "officer_consent",
				 .type = FT_CONSENT,
				 .required = 1 },
	[NF_CONSENT_DATE] = DATE("consent_date"),
	[NF_LETTER] = { .name = "letter", .type = FT_FILE, .required = 1 },
};

const struct fgroup nomination_groups[NOMINATION_NGROUPS] = {
	{ "g_name", NF_FAMILY_KANJI, 6 },
	{ "nomination_g_officer", NF_BIRTH_DATE, 4 },
	{ "g_contact", NF_EMAIL, 2 },
	{ "g_languages", NF_LANG_EN, 8 },
	{ "nomination_g_expertise", NF_EXPERTISE, 1 },
	{ "nomination_g_period", NF_OPERATIONS, 3 },
	{ "nomination_g_supervisor", NF_SUPERVISOR_NAME, 2 },
	{ "nomination_g_consent", NF_OFFICER_CONSENT, 2 },
	{ "nomination_g_files", NF_LETTER, 2 },
	{ "nomination_g_declaration", NF_DECLARATION, 1 },
};

/*
 * Returns the form's field table, built on first use from both tables
 * (a const initializer cannot copy the other file's rows).  Workers are
 * single-threaded.
 */
const struct fdef *
nomination_fields(void)
{
	static struct fdef defs[NF__MAX];
	size_t i;

	if (defs[0].name != NULL)
		return defs;
	memcpy(defs, own_rows, sizeof(defs));
	for (i = 0; i < sizeof(shared_rows) / sizeof(shared_rows[0]); i++)
		defs[shared_rows[i].nf] = apply_fields[shared_rows[i].af];
	return defs;
}

/*
 * Returns the length in whole months, rounded up, of the period from
 * start to end, both days included ("YYYY-MM-DD" each, end after start):
 * 1 April to 30 September is 6, to 1 October 7.  Returns 0 for a date it
 * cannot read.
 */
int
nomination_months(const char *start, const char *end)
{
	int sy, sm, sd, ey, em, ed, n;

	if (sscanf(start, "%4d-%2d-%2d", &sy, &sm, &sd) != 3 ||
	    sscanf(end, "%4d-%2d-%2d", &ey, &em, &ed) != 3)
		return 0;
	n = (ey - sy) * 12 + (em - sm);
	if (ed >= sd)
		n++;
	return n < 1 ? 1 : n;
}

/* The period: from today on, ending after it starts, at most 60 months. */
static void
check_period(struct form *f, const char *today)
{
	const char *start = form_value(f, NF_PERIOD_START);
	const char *end = form_value(f, NF_PERIOD_END);

	if (f->err[NF_PERIOD_START] == NULL && strcmp(start, today) < 0)
		form_error(f, NF_PERIOD_START, "err_start_past", 0);
	if (f->err[NF_PERIOD_START] != NULL || f->err[NF_PERIOD_END] != NULL)
		return;
	if (strcmp(end, start) <= 0)
		form_error(f, NF_PERIOD_END, "err_period_order", 0);
	else if (nomination_months(start, end) > NOMINATION_MONTHS_MAX)
		form_error(f, NF_PERIOD_END, "err_period_long",
			   NOMINATION_MONTHS_MAX);
}

/*
 * The checks that span fields or need the date: the officer's age, the
 * other language, the period, a consent not dated in the future.
 */
void
nomination_check(struct form *f, int min_age, const struct apply_today *t)
{
	char today[11];

	snprintf(today, sizeof(today), "%04d-%02d-%02d", t->y, t->m, t->d);
	apply_check_birth(f, NF_BIRTH_DATE, min_age, t);
	apply_check_other_language(f, NF_LANG_OTHER, NF_LANG_OTHER_NAME);
	check_period(f, today);
	if (f->err[NF_CONSENT_DATE] == NULL &&
	    strcmp(form_value(f, NF_CONSENT_DATE), today) > 0)
		form_error(f, NF_CONSENT_DATE, "err_consent_future", 0);
}

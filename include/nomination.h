/*
 * The ministries' nomination form: its field table and the checks that
 * span several fields.  What the public form also asks (names, date of
 * birth, contact, languages, expertise, operation types, CV, declaration)
 * uses the public form's own rows, so both validate alike;
 * page_nomination_new.c renders and stores it.
 */
#ifndef NOMINATION_H
#define NOMINATION_H

#include "apply.h"
#include "form.h"

/* Where a liaison's nominations are, one per id below. */
#define NOMINATION_PATH "/ministry/nominations"

enum nomination_field {
	NF_FAMILY_KANJI,
	NF_GIVEN_KANJI,
	NF_FAMILY_KANA,
	NF_GIVEN_KANA,
	NF_FAMILY_ROMAJI,
	NF_GIVEN_ROMAJI,
	NF_BIRTH_DATE,
	NF_DEPARTMENT,
	NF_POST,
	NF_GRADE,
	NF_EMAIL,
	NF_PHONE,
	NF_LANG_EN,
	NF_LANG_FR,
	NF_LANG_ES,
	NF_LANG_AR,
	NF_LANG_RU,
	NF_LANG_ZH,
	NF_LANG_OTHER,
	NF_LANG_OTHER_NAME,
	NF_EXPERTISE,
	NF_OPERATIONS,
	NF_PERIOD_START,
	NF_PERIOD_END,
	NF_SUPERVISOR_NAME,
	NF_SUPERVISOR_TITLE,
	NF_OFFICER_CONSENT,
	NF_CONSENT_DATE,
	NF_LETTER,
	NF_CV,
	NF_DECLARATION,
	NF__MAX
};

#define NOMINATION_NGROUPS    10
#define NOMINATION_MONTHS_MAX 60

extern const struct fgroup nomination_groups[NOMINATION_NGROUPS];

const struct fdef *nomination_fields(void);
void nomination_check(struct form *, int, const struct apply_today *);
int nomination_months(const char *, const char *);

#endif /* !NOMINATION_H */

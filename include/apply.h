/*
 * The public application form: its field table and the checks that span
 * several fields.  page_apply.c renders and stores it.
 */
#ifndef APPLY_H
#define APPLY_H

#include "form.h"

enum apply_field {
	AF_FAMILY_KANJI,
	AF_GIVEN_KANJI,
	AF_FAMILY_KANA,
	AF_GIVEN_KANA,
	AF_FAMILY_ROMAJI,
	AF_GIVEN_ROMAJI,
	AF_BIRTH_DATE,
	AF_GENDER,
	AF_NATIONALITY,
	AF_EMAIL,
	AF_PHONE,
	AF_POSTCODE,
	AF_PREFECTURE,
	AF_ADDRESS,
	AF_LANG_EN,
	AF_LANG_FR,
	AF_LANG_ES,
	AF_LANG_AR,
	AF_LANG_RU,
	AF_LANG_ZH,
	AF_LANG_OTHER,
	AF_LANG_OTHER_NAME,
	AF_EXPERTISE,
	AF_EXPERIENCE_ABROAD,
	AF_PEACE_EXPERIENCE,
	AF_OPERATIONS,
	AF_EARLIEST_START,
	AF_MAX_MONTHS,
	AF_EMERGENCY_NAME,
	AF_EMERGENCY_RELATION,
	AF_EMERGENCY_PHONE,
	AF_CV,
	AF_PRIVACY,
	AF_DECLARATION,
	AF__MAX
};

#define APPLY_CV_MAX  (5 * 1024 * 1024)
#define APPLY_NGROUPS 9

struct apply_today {
	int y, m, d;
};

extern const struct fdef apply_fields[AF__MAX];

/* The options of the choice fields, for the reviewer's filters too. */
#define APPLY_NEXPERTISE   11
#define APPLY_NOPERATIONS  4
#define APPLY_NPREFECTURES 47
extern const struct fopt expertise_opts[APPLY_NEXPERTISE];
#define APPLY_NLEVELS 4
extern const struct fopt level_opts[APPLY_NLEVELS];
extern const struct fopt operation_opts[APPLY_NOPERATIONS];
extern const struct fopt prefecture_opts[APPLY_NPREFECTURES];
extern const struct fgroup apply_groups[APPLY_NGROUPS];

void apply_check(struct form *, int, const struct apply_today *);
void apply_check_birth(struct form *, size_t, int, const struct apply_today *);
void apply_check_other_language(struct form *, size_t, size_t);
int apply_check_cv(const char *, size_t);
void apply_today_jst(struct apply_today *);
const char *apply_file_name(const char *, const char *);

#endif /* !APPLY_H */

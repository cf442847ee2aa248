/*
 * Message catalogs: every interface text, one JSON object per language
 * (templates/messages/LANG.json), loaded once at start-up.  Templates
 * reach a catalog as {{t.key}}; C code looks texts up with i18n_text.
 */
#ifndef I18N_H
#define I18N_H

#include <stddef.h>

struct json_object;

enum lang {
	LANG_JA, /* the default */
	LANG_EN,
	LANG__MAX
};

struct i18n {
	struct json_object *cat[LANG__MAX];
};

extern const char *const i18n_codes[LANG__MAX];

int i18n_load(struct i18n *, const char *, char *, size_t);
void i18n_free(struct i18n *);
const char *i18n_text(const struct i18n *, enum lang, const char *);
struct json_object *i18n_format(const struct i18n *, enum lang, const char *,
				int);
int i18n_lang(const char *, enum lang *);

#endif /* !I18N_H */

#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "i18n.h"

const char *const i18n_codes[LANG__MAX] = {
	[LANG_JA] = "ja",
	[LANG_EN] = "en",
};

/*
 * Loads every catalog from dir/messages.  A catalog must be an object of
 * strings holding every key of the Japanese one, so that no page can show
 * a missing text.  Returns 0, or -1 with a message in err.
 */
int
i18n_load(struct i18n *i, const char *dir, char *err, size_t errsz)
{
	char path[4096];
	size_t l;

	memset(i, 0, sizeof(*i));
	for (l = 0; l < LANG__MAX; l++) {
		snprintf(path, sizeof(path), "%s/messages/%s.json", dir,
			 i18n_codes[l]);
		i->cat[l] = json_object_from_file(path);
		if (!json_object_is_type(i->cat[l], json_type_object)) {
			/* json-c has an error to tell only when it read none.
			 */
			snprintf(err, errsz, "%s: not a JSON object: %s", path,
				 i->cat[l] == NULL
				     ? json_util_get_last_err()
				     : json_type_to_name(
					   json_object_get_type(i->cat[l])));
			i18n_free(i);
			return -1;
		}
	}
	json_object_object_foreach(i->cat[LANG_JA], key, val)
	{
		for (l = 0; l < LANG__MAX; l++) {
			if (json_object_is_type(val, json_type_string) &&
			    json_object_is_type(
				json_object_object_get(i->cat[l], key),
				json_type_string))
				continue;
			snprintf(err, errsz,
				 "catalog %s: \"%s\" is missing or "
				 "not a string",
				 i18n_codes[l], key);
			i18n_free(i);
			return -1;
		}
	}
	return 0;
}

void
i18n_free(struct i18n *i)
{
	size_t l;

	for (l = 0; l < LANG__MAX; l++) {
		json_object_put(i->cat[l]);
		i->cat[l] = NULL;
	}
}

/*
 * Returns the text for key in lang, or the key itself when the catalog
 * has none (shown rather than an empty page; i18n_load refuses catalogs
 * with gaps, so this only happens for keys built at run time).  The
 * catalog owns the string.
 */
const char *
i18n_text(const struct i18n *i, enum lang l, const char *key)
{
	struct json_object *v;

	if (json_object_object_get_ex(i->cat[l], key, &v))
		return json_object_get_string(v);
	return key;
}

/*
 * Returns the text for key with "{n}" replaced by n, as a new JSON
 * string that the caller owns.
 */
struct json_object *
i18n_format(const struct i18n *i, enum lang l, const char *key, int n)
{
	const char *m, *at;
	struct json_object *o;
	struct buf b;

	m = i18n_text(i, l, key);
	if ((at = strstr(m, "{n}")) == NULL)
		return json_object_new_string(m);
	buf_init(&b);
	buf_append(&b, m, (size_t)(at - m));
	buf_printf(&b, "%d%s", n, at + 3);
	o = json_object_new_string(b.ptr);
	buf_free(&b);
	return o;
}

/* Maps "ja" or "en" to a language.  Returns 0, or -1 if unknown. */
int
i18n_lang(const char *code, enum lang *out)
{
	size_t l;

	for (l = 0; l < LANG__MAX; l++)
		if (strcmp(code, i18n_codes[l]) == 0) {
			*out = (enum lang)l;
			return 0;
		}
	return -1;
}

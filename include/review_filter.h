/*
 * The reviewer's list filter (review_filter.c): one field table read
 * from the query string (or, for the bulk move, from the POSTed hidden
 * fields) into the parameters of the list statements (stmt_review_list.h),
 * and the list's URLs that carry it.
 */
#ifndef REVIEW_FILTER_H
#define REVIEW_FILTER_H

#include <stddef.h>

#include <libpq-fe.h>

#include "buf.h"
#include "form.h"
#include "ministry.h"
#include "stmt_review_list.h"

struct json_object;
struct kvlist;
struct req;

#define REVIEW_LIST_PATH "/review/applications"
#define REVIEW_SORTS	 3 /* sort orders: newest, oldest, kana */
#define REVIEW_SOURCES	 2 /* public, seconded */

/* The filter's fields; the first are the list's parameters of their name. */
enum rl_field {
	RL_STATUS = RLP_STATUS,
	RL_SOURCE = RLP_SOURCE,
	RL_MINISTRY = RLP_MINISTRY,
	RL_OPERATION = RLP_OPERATION,
	RL_EXPERTISE = RLP_EXPERTISE,
	RL_LANGUAGE = RLP_LANGUAGE,
	RL_PREFECTURE = RLP_PREFECTURE,
	RL_FROM = RLP_FROM,
	RL_TO = RLP_TO,
	RL_TRAINING = RLP_TRAINING,
	RL_Q,
	RL_SORT,
	RL__MAX
};

/* A filter read from a request, and the statement parameters it gives. */
struct review_filter {
	struct fdef defs[RL__MAX]; /* rl_fields with the ministries */
	struct ministries min;
	struct form f;
	struct buf terms[STMT_REVIEW_TERMS]; /* folded words of the free text */
	struct buf langs;		     /* the language at every level */
	const char *p[RLP__MAX];
	char cursor[24];
	int back; /* the cursor is "before": read backward */
	size_t sort;
};

extern const struct fopt review_source_opts[REVIEW_SOURCES];

int review_filter_init(struct req *, struct review_filter *);
void review_filter_free(struct review_filter *);
int review_filter_read(struct review_filter *, const struct kvlist *);
int review_filter_rows(const PGresult *);
const struct stmt_def *review_filter_stmt(const struct review_filter *, int);
void review_filter_url(struct buf *, const struct form *, int);
struct json_object *review_filter_url_view(const char *, const struct form *,
					   int, const char *, const char *);

#endif /* !REVIEW_FILTER_H */

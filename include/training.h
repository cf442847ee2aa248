/*
 * What the training pages share: a session's statuses and the changes
 * allowed between them, in one table that the database mirrors
 * (session_transitions, enforced by a trigger), and a list of sessions
 * as the pages show it (/training, a course's page, /teach).
 */
#ifndef TRAINING_H
#define TRAINING_H

#include <stddef.h>

#include <libpq-fe.h>

struct fopt;
struct json_object;
struct stmt_def;
struct req;

enum session_status { SS_SCHEDULED, SS_COMPLETED, SS_CANCELLED, SS__MAX };

extern const char *const session_status_names[SS__MAX];

int session_status_parse(const char *, enum session_status *);
int session_status_allowed(enum session_status, enum session_status);
void training_str(struct json_object *, const char *, const char *);
const char *training_title(const struct req *, const PGresult *, int, int);
struct json_object *training_sessions_view(struct req *, const PGresult *);
int training_sessions_put(struct req *, const struct stmt_def *, const char *,
			  const char *);
int training_session_load(struct req *, PGresult **);
void training_session_put(struct req *, const PGresult *);
int training_options(struct req *, const struct stmt_def *, PGresult **,
		     struct fopt **, size_t *);

#endif /* !TRAINING_H */

/*
 * The database: one libpq connection per worker, every statement of
 * every domain's table (stmt.h) prepared once per connection, and transparent
 * reconnection after an outage (the connection is re-opened and re-prepared on
 * the next request).
 */
#ifndef DB_H
#define DB_H

#include <stdio.h>

#include <libpq-fe.h>

#include "stmt.h"

enum db_status {
	DB_OK,
	DB_UNAVAILABLE, /* no connection, or a failure that passes: 503 */
	DB_ERROR /* the statement failed: logged, the caller answers 500 */
};

struct db;

#define DB_RUN_MAX 16 /* parameters of db_run */

/*
 * For a transaction whose statements take optional filters ($n IS NULL
 * OR ...): plans made for the values, so that an off filter folds away
 * and a state matches a partial index, never a generic plan of them all.
 */
#define DB_CUSTOM_PLANS "SET LOCAL plan_cache_mode = force_custom_plan"

/*
 * For a transaction whose statement stops early (a LIMIT over an index
 * walk) but is costed as if it read everything: the planner's cost would
 * start JIT compilation, which takes longer than the statement (600 ms
 * against 2 ms for the candidates of a position).
 */
#define DB_NO_JIT "SET LOCAL jit = off"

struct db *db_new(const char *);
void db_free(struct db *);
void db_rest(struct db *, int);
enum db_status db_connect(struct db *);
enum db_status db_exec(struct db *, const struct stmt_def *, int,
		       const char *const *, const int *, const int *,
		       PGresult **);
enum db_status db_tx(struct db *, const char *);
enum db_status db_end(struct db *, enum db_status, int);
void db_idle(struct db *);
enum db_status db_run(struct db *, const struct stmt_def *, PGresult **, int,
		      ...);
int db_http(enum db_status);
const char *db_refusal(const struct db *);
int db_check_statements(PGconn *, FILE *);
int db_start_check(const char *, const char *, char *, size_t);

#endif /* !DB_H */

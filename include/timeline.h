/*
 * A plan's timeline drawn on the server as SVG (issue 15): the plan's
 * period as the x axis, a row per position with its assignments as bars
 * (overlapping ones in lanes of their own), today's line, and a band for
 * every suspension.  No script, only presentation attributes (the CSP
 * allows no style attribute); the <svg> is an image named by its <title>
 * and described by its <desc>; the page puts the same facts in a table
 * beside it (templates/plan_timeline.mustache, timeline_view()).
 *
 * The contract for a page that shows it (GET /plans/{id}/timeline.svg,
 * the plan page):
 *   1. db_run(&stmt_timeline[STMT_TIMELINE_PLAN], &res, TLP__MAX, id,
 *      lang): one statement reads the plan, its suspensions, positions
 *      and assignments (stmt_timeline.h);
 *   2. timeline_read(res, &t): 0, or -1 when the plan does not exist
 *      (404); t points into res, so res outlives t;
 *   3. set t.id (a prefix of the SVG's ids, unique in the page) and the
 *      texts (timeline_texts() fills them from the catalog);
 *   4. timeline_svg(&buf, &t) appends one <svg> element, every text
 *      escaped inside it, so a template inserts it raw ({{{timeline}}});
 *      timeline_view(o, &t) adds the table alternative's model;
 *   5. timeline_free(&t), then PQclear(res).
 */
#ifndef TIMELINE_H
#define TIMELINE_H

#include <stddef.h>

#include <libpq-fe.h>

struct buf;
struct json_object;
struct req;

/* Days are counted from the plan's first day (0). */
struct timeline_bar {
	const char *id;	    /* the assignment's id */
	const char *label;  /* the person: reference and name, plain text */
	const char *starts; /* YYYY-MM-DD */
	const char *ends;
	const char *status; /* assignment_status */
	const char *status_text;
	int from, to; /* first and last day, inclusive */
};

struct timeline_row {
	const char *id;	   /* the position's id */
	const char *title; /* plain text */
	const char *starts, *ends;
	size_t first, n; /* its bars: bars[first .. first + n - 1] */
};

struct timeline_band {
	const char *starts, *ends; /* a suspension, from and until */
	int from, to;		   /* clamped to the period, inclusive */
};

struct timeline {
	const char *id;	   /* prefix of the SVG's ids: [a-z-] */
	const char *title; /* the plan's title, plain text */
	const char *starts, *ends;
	int days;		    /* days in the period, >= 1 */
	int today;		    /* outside 0 .. days - 1: no line */
	const char *text_title;	    /* "Timeline of" */
	const char *text_today;	    /* the line's label */
	const char *text_suspended; /* a band's label */
	const char *text_empty;	    /* a plan without positions */
	struct timeline_row *rows;
	size_t nrows;
	struct timeline_bar *bars;
	size_t nbars;
	struct timeline_band *bands;
	size_t nbands;
};

double timeline_x(int, int);
int timeline_read(const PGresult *, struct timeline *);
void timeline_texts(const struct req *, struct timeline *);
void timeline_svg(struct buf *, const struct timeline *);
void timeline_view(struct json_object *, const struct timeline *);
void timeline_free(struct timeline *);

#endif /* !TIMELINE_H */

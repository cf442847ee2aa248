#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <libpq-fe.h>

#include "buf.h"
#include "req.h"
#include "stmt_timeline.h"
#include "timeline.h"
#include "tmpl.h"
#include "view.h"

/* Geometry in SVG user units; the stylesheet scales the whole picture. */
#define LABEL_W	  220 /* room for the positions' titles */
#define PLOT_X	  (LABEL_W + 8)
#define PLOT_W	  720 /* the period's width */
#define RIGHT	  24
#define TOP	  40 /* room for the period's dates and today's label */
#define LANE	  14 /* one lane of bars */
#define BAR	  10
#define PAD	  6 /* above and below a row's lanes */
#define FONT	  11
#define INK	  "#1a1a1c"
#define GRID	  "#c8c8cc"
#define BAND_FILL "#f4c7c3"
#define TODAY_INK "#b3261e"

/* A bar's fill by assignment status; any other: the first. */
static const struct {
	const char *status, *fill;
} fills[] = {
	{ "proposed", "#8fb3de" },   { "confirmed", "#3d7cc9" },
	{ "dispatched", "#00418c" }, { "completed", "#6b6b70" },
	{ "terminated", "#b3261e" }, { "withdrawn", "#b0b0b5" },
};

/*
 * Returns the x of the start of day (0: the period's first) in a period
 * of days days (>= 1): the plot's left edge plus its share of the plot's
 * width, so that day days, the day after the period, is its right edge.
 * Pure: the unit test checks it against dates.
 */
double
timeline_x(int day, int days)
{
	if (days < 1)
		days = 1;
	return PLOT_X + (double)day * PLOT_W / days;
}

/*
 * Appends s escaped for XML text or an attribute value: the markup
 * characters as entities, and the C0 controls XML 1.0 does not allow
 * (any but tab, LF, CR) as spaces, so that the SVG stays well-formed
 * whatever a title holds.
 */
static void
svg_text(struct buf *out, const char *s)
{
	struct buf t;
	const char *p;

	buf_init(&t);
	for (p = s; *p != '\0'; p++)
		buf_putc(&t, ((unsigned char)*p < 0x20 && *p != '\t' &&
			      *p != '\n' && *p != '\r')
				 ? ' '
				 : *p);
	tmpl_escape(out, t.ptr != NULL ? t.ptr : "");
	buf_free(&t);
}

/* Returns the fill of a bar of status. */
static const char *
bar_fill(const char *status)
{
	size_t i;

	for (i = 0; i < sizeof(fills) / sizeof(fills[0]); i++)
		if (strcmp(fills[i].status, status) == 0)
			return fills[i].fill;
	return fills[0].fill;
}

/* Returns day clamped to 0 .. days. */
static int
clamp_day(int day, int days)
{
	return day < 0 ? 0 : day > days ? days : day;
}

/*
 * Puts each bar of row w in a lane: the first whose last bar ended before
 * it starts (bars come by start).  Fills lane[] (one per bar) and returns
 * the number of lanes, at least 1.
 */
static int
row_lanes(const struct timeline *t, const struct timeline_row *w, int *lane)
{
	int *end, n = 0, k;
	size_t i;

	end = xcalloc(w->n + 1, sizeof(*end));
	for (i = 0; i < w->n; i++) {
		const struct timeline_bar *b = &t->bars[w->first + i];

		for (k = 0; k < n && end[k] >= b->from; k++)
			;
		if (k == n)
			n++;
		end[k] = b->to;
		lane[i] = k;
	}
	free(end);
	return n > 0 ? n : 1;
}

/* Returns the height of row w: its lanes and padding. */
static int
row_height(int lanes)
{
	return PAD + lanes * LANE + PAD;
}

/* Appends a text element at x, y with anchor, fill and the text s. */
static void
label_at(struct buf *out, double x, int y, const char *anchor, const char *fill,
	 const char *s)
{
	buf_printf(out,
		   "<text x=\"%.1f\" y=\"%d\" font-size=\"%d\" fill=\"%s\" "
		   "text-anchor=\"%s\">",
		   x, y, FONT, fill, anchor);
	svg_text(out, s);
	buf_puts(out, "</text>\n");
}

/* Appends the bar b in lane of a row at y. */
static void
assignment_bar(struct buf *out, const struct timeline *t,
	       const struct timeline_bar *b, int y)
{
	int from = clamp_day(b->from, t->days),
	    to = clamp_day(b->to + 1, t->days);
	double x = timeline_x(from, t->days), w = timeline_x(to, t->days) - x;

	buf_puts(out, "<rect class=\"tl-bar tl-");
	svg_text(out, b->status);
	buf_puts(out, "\" data-assignment=\"");
	svg_text(out, b->id);
	buf_printf(out,
		   "\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
		   "fill=\"%s\"><title>",
		   x, y, w < 1 ? 1 : w, BAR, bar_fill(b->status));
	svg_text(out, b->label);
	buf_puts(out, ": ");
	svg_text(out, b->starts);
	buf_puts(out, " – ");
	svg_text(out, b->ends);
	buf_puts(out, " (");
	svg_text(out, b->status_text);
	buf_puts(out, ")</title></rect>\n");
}

/*
 * Appends row w at y: a rule above it, its title (clipped to the label
 * column, whole in its <title>) and its bars.  Returns its height.
 */
static int
row(struct buf *out, const struct timeline *t, const struct timeline_row *w,
    int y)
{
	int *lane = xcalloc(w->n + 1, sizeof(*lane));
	int lanes = row_lanes(t, w, lane), h = row_height(lanes);
	size_t i;

	buf_printf(out,
		   "<line x1=\"0\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"" GRID
		   "\" stroke-width=\"1\"/>\n",
		   y, PLOT_X + PLOT_W, y);
	buf_printf(out, "<g class=\"tl-position\" clip-path=\"url(#%s-clip)\">",
		   t->id);
	buf_printf(out, "<title>");
	svg_text(out, w->title);
	buf_puts(out, ": ");
	svg_text(out, w->starts);
	buf_puts(out, " – ");
	svg_text(out, w->ends);
	buf_puts(out, "</title>\n");
	label_at(out, 4, y + PAD + FONT, "start", INK, w->title);
	buf_puts(out, "</g>\n");
	for (i = 0; i < w->n; i++)
		assignment_bar(out, t, &t->bars[w->first + i],
			       y + PAD + lane[i] * LANE);
	free(lane);
	return h;
}

/* Appends the suspensions as bands from top to bottom behind the rows. */
static void
bands(struct buf *out, const struct timeline *t, int top, int bottom)
{
	const struct timeline_band *b;
	double x;
	size_t i;

	for (i = 0; i < t->nbands; i++) {
		b = &t->bands[i];
		x = timeline_x(b->from, t->days);
		buf_printf(out,
			   "<rect class=\"tl-suspension\" x=\"%.1f\" y=\"%d\" "
			   "width=\"%.1f\" height=\"%d\" fill=\"" BAND_FILL
			   "\"><title>",
			   x, top, timeline_x(b->to + 1, t->days) - x,
			   bottom - top);
		svg_text(out, t->text_suspended);
		buf_puts(out, ": ");
		svg_text(out, b->starts);
		buf_puts(out, " – ");
		svg_text(out, b->ends);
		buf_puts(out, "</title></rect>\n");
	}
}

/* Appends the axis (the period's first and last date) and today's line. */
static void
period_axis(struct buf *out, const struct timeline *t, int bottom)
{
	double x;

	label_at(out, PLOT_X, 14, "start", INK, t->starts);
	label_at(out, PLOT_X + PLOT_W, 14, "end", INK, t->ends);
	buf_printf(out,
		   "<rect class=\"tl-period\" x=\"%d\" y=\"%d\" width=\"%d\" "
		   "height=\"%d\" fill=\"none\" stroke=\"" GRID "\"/>\n",
		   PLOT_X, TOP, PLOT_W, bottom - TOP);
	if (t->today < 0 || t->today >= t->days)
		return;
	x = timeline_x(t->today, t->days);
	buf_printf(out,
		   "<line class=\"tl-today\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
		   "y2=\"%d\" stroke=\"" TODAY_INK "\" stroke-width=\"2\"/>\n",
		   x, TOP - 10, x, bottom);
	label_at(out, x, TOP - 14, x > PLOT_X + PLOT_W / 2 ? "end" : "start",
		 TODAY_INK, t->text_today);
}

/* Returns the height of the rows of t (a row for "no positions" too). */
static int
rows_height(const struct timeline *t)
{
	int *lane, h = 0;
	size_t i;

	if (t->nrows == 0)
		return row_height(1);
	for (i = 0; i < t->nrows; i++) {
		lane = xcalloc(t->rows[i].n + 1, sizeof(*lane));
		h += row_height(row_lanes(t, &t->rows[i], lane));
		free(lane);
	}
	return h;
}

/* Appends the <svg> start, its name and description and the clip path. */
static void
head(struct buf *out, const struct timeline *t, int w, int h)
{
	buf_printf(
	    out,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" "
	    "role=\"img\" aria-labelledby=\"%s-title\" "
	    "aria-describedby=\"%s-desc\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" font-family=\"sans-serif\">\n"
	    "<title id=\"%s-title\">",
	    t->id, t->id, w, h, w, h, t->id);
	svg_text(out, t->text_title);
	buf_puts(out, ": ");
	svg_text(out, t->title);
	buf_printf(out, "</title>\n<desc id=\"%s-desc\">", t->id);
	svg_text(out, t->starts);
	buf_puts(out, " – ");
	svg_text(out, t->ends);
	buf_printf(out,
		   "</desc>\n<defs><clipPath id=\"%s-clip\"><rect x=\"0\" "
		   "y=\"0\" width=\"%d\" height=\"%d\"/></clipPath></defs>\n",
		   t->id, LABEL_W, h);
}

/*
 * Appends t as one <svg> element to out (see timeline.h).  Every text
 * is escaped here, so the result may go into a page unescaped.
 */
void
timeline_svg(struct buf *out, const struct timeline *t)
{
	int w = PLOT_X + PLOT_W + RIGHT, bottom = TOP + rows_height(t), y;
	size_t i;

	head(out, t, w, bottom + PAD);
	bands(out, t, TOP, bottom);
	y = TOP;
	for (i = 0; i < t->nrows; i++)
		y += row(out, t, &t->rows[i], y);
	if (t->nrows == 0)
		label_at(out, 4, TOP + PAD + FONT, "start", INK, t->text_empty);
	period_axis(out, t, bottom);
	buf_puts(out, "</svg>");
}

/* Returns column c of row i of res as an int. */
static int
col_int(const PGresult *res, int i, int c)
{
	return atoi(PQgetvalue(res, i, c));
}

/* Adds row i of res, a suspension, to t's bands unless outside the period. */
static void
read_band(const PGresult *res, int i, struct timeline *t)
{
	struct timeline_band *b = &t->bands[t->nbands];

	b->from = col_int(res, i, TLC_FROM);
	b->to = col_int(res, i, TLC_TO);
	if (b->to < 0 || b->from >= t->days)
		return;
	b->from = clamp_day(b->from, t->days - 1);
	b->to = clamp_day(b->to, t->days - 1);
	b->starts = PQgetvalue(res, i, TLC_STARTS);
	b->ends = PQgetvalue(res, i, TLC_ENDS);
	t->nbands++;
}

/* Adds row i of res, an assignment, to t's bars and to its position's row. */
static void
read_bar(const PGresult *res, int i, struct timeline *t)
{
	struct timeline_bar *b = &t->bars[t->nbars];
	long k = strtol(PQgetvalue(res, i, TLC_ROW), NULL, 10) - 1;

	if (k < 0 || (size_t)k >= t->nrows)
		return;
	b->id = PQgetvalue(res, i, TLC_ID);
	b->label = PQgetvalue(res, i, TLC_LABEL);
	b->starts = PQgetvalue(res, i, TLC_STARTS);
	b->ends = PQgetvalue(res, i, TLC_ENDS);
	b->status = PQgetvalue(res, i, TLC_STATUS);
	b->status_text = b->status;
	b->from = col_int(res, i, TLC_FROM);
	b->to = col_int(res, i, TLC_TO);
	if (t->rows[k].n++ == 0)
		t->rows[k].first = t->nbars;
	t->nbars++;
}

/* Adds row i of res, a position, to t's rows. */
static void
read_row(const PGresult *res, int i, struct timeline *t)
{
	struct timeline_row *w = &t->rows[t->nrows++];

	w->id = PQgetvalue(res, i, TLC_ID);
	w->title = PQgetvalue(res, i, TLC_LABEL);
	w->starts = PQgetvalue(res, i, TLC_STARTS);
	w->ends = PQgetvalue(res, i, TLC_ENDS);
}

/*
 * Fills t from the rows of STMT_TIMELINE_PLAN (see timeline.h); its texts
 * stay unset (timeline_texts).  t points into res and owns its arrays
 * (timeline_free).  Returns 0, or -1 when res has no plan (nothing to
 * free then).
 */
int
timeline_read(const PGresult *res, struct timeline *t)
{
	int i, n = PQntuples(res);

	memset(t, 0, sizeof(*t));
	if (n < 1 || col_int(res, 0, TLC_KIND) != TLK_PLAN)
		return -1;
	t->title = PQgetvalue(res, 0, TLC_LABEL);
	t->starts = PQgetvalue(res, 0, TLC_STARTS);
	t->ends = PQgetvalue(res, 0, TLC_ENDS);
	t->days = col_int(res, 0, TLC_TO) + 1;
	t->today = col_int(res, 0, TLC_EXTRA);
	t->rows = xcalloc(n, sizeof(*t->rows));
	t->bars = xcalloc(n, sizeof(*t->bars));
	t->bands = xcalloc(n, sizeof(*t->bands));
	for (i = 1; i < n; i++)
		switch (col_int(res, i, TLC_KIND)) {
		case TLK_SUSPENSION:
			read_band(res, i, t);
			break;
		case TLK_POSITION:
			read_row(res, i, t);
			break;
		case TLK_ASSIGNMENT:
			read_bar(res, i, t);
			break;
		}
	return 0;
}

/* Sets t's texts, and its bars' statuses, from r's catalog. */
void
timeline_texts(const struct req *r, struct timeline *t)
{
	size_t i;

	t->text_title = req_text(r, "timeline_title");
	t->text_today = req_text(r, "timeline_today");
	t->text_suspended = req_text(r, "timeline_suspended");
	t->text_empty = req_text(r, "timeline_empty");
	for (i = 0; i < t->nbars; i++)
		t->bars[i].status_text =
		    req_code_text(r, "assign_status_", t->bars[i].status);
}

/* Returns the table alternative's model of row w's bars. */
static struct json_object *
lane_view(const struct timeline *t, const struct timeline_row *w)
{
	struct json_object *o = json_object_new_object(),
			   *a = json_object_new_array();
	const struct timeline_bar *b;
	size_t i;

	view_str(o, "title", w->title);
	view_str(o, "starts", w->starts);
	view_str(o, "ends", w->ends);
	for (i = 0; i < w->n; i++) {
		struct json_object *x = json_object_new_object();

		b = &t->bars[w->first + i];
		view_str(x, "label", b->label);
		view_str(x, "starts", b->starts);
		view_str(x, "ends", b->ends);
		view_str(x, "status_text", b->status_text);
		json_object_array_add(a, x);
	}
	view_bool(o, "none", w->n == 0);
	json_object_object_add(o, "assignments", a);
	return o;
}

/*
 * Adds "timeline" to the view o: the model of the table alternative
 * (templates/plan_timeline.mustache): the positions with their
 * assignments, and the suspensions.
 */
void
timeline_view(struct json_object *o, const struct timeline *t)
{
	struct json_object *v = json_object_new_object(),
			   *p = json_object_new_array(),
			   *s = json_object_new_array();
	size_t i;

	view_str(v, "id", t->id);
	for (i = 0; i < t->nrows; i++)
		json_object_array_add(p, lane_view(t, &t->rows[i]));
	for (i = 0; i < t->nbands; i++) {
		struct json_object *x = json_object_new_object();

		view_str(x, "starts", t->bands[i].starts);
		view_str(x, "ends", t->bands[i].ends);
		json_object_array_add(s, x);
	}
	json_object_object_add(v, "positions", p);
	view_bool(v, "has_positions", t->nrows > 0);
	json_object_object_add(v, "suspensions", s);
	view_bool(v, "has_suspensions", t->nbands > 0);
	json_object_object_add(o, "timeline", v);
}

/* Frees t's arrays (not the result it points into). */
void
timeline_free(struct timeline *t)
{
	free(t->rows);
	free(t->bars);
	free(t->bands);
	memset(t, 0, sizeof(*t));
}

/*
 * timeline: the plan's server-drawn SVG.  Days to x in proportion to the
 * period (its first day at the plot's left edge, the day after its last
 * at the right), overlapping bars in lanes of their own, texts escaped,
 * controls XML does not allow replaced, no line for a today outside the
 * period; the table alternative has a row per assignment and a
 * position without any, and lists the suspensions, all escaped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "buf.h"
#include "timeline.h"
#include "view.h"

/* A plan of 365 days with two positions; the first has three bars. */
static struct timeline_bar bars[] = {
	{ "1", "PC-1 <b>A</b>", "2027-01-01", "2027-03-31", "dispatched",
	  "Dispatched", 0, 89 },
	{ "2", "PC-2 B", "2027-02-01", "2027-04-30", "proposed", "Proposed", 31,
	  119 },
	{ "3", "PC-3 C", "2027-04-01", "2027-06-30", "confirmed", "Confirmed",
	  90, 180 },
};
static struct timeline_row rows[] = {
	{ "10", "Engineer & \"<script>\"", "2027-01-01", "2027-12-31", 0, 3 },
	{ "11", "Nurse\x01", "2027-01-01", "2027-12-31", 3, 0 },
};
static struct timeline_band band = { "2027-05-01", "2027-05-10", 120, 129 };

/* The timeline of the rows above, today on day today. */
static struct timeline
example(int today)
{
	struct timeline t = {
		.id = "tl",
		.title = "Plan <i>x</i>",
		.starts = "2027-01-01",
		.ends = "2027-12-31",
		.days = 365,
		.today = today,
		.text_title = "Timeline",
		.text_today = "Today",
		.text_suspended = "Suspended",
		.text_empty = "None",
		.rows = rows,
		.nrows = 2,
		.bars = bars,
		.nbars = 3,
		.bands = &band,
		.nbands = 1,
	};

	return t;
}

/* Renders the example into b, today on day today. */
static void
render(struct buf *b, int today)
{
	struct timeline t = example(today);

	buf_reset(b);
	timeline_svg(b, &t);
}

/* Returns the number value of attribute a after p, or -1 if none. */
static double
attr(const char *p, const char *a)
{
	char key[32];

	snprintf(key, sizeof(key), " %s=\"", a);
	p = strstr(p, key);
	return p == NULL ? -1 : strtod(p + strlen(key), NULL);
}

static void
test_x_of_days(void **state)
{
	(void)state;
	assert_true(timeline_x(0, 365) == timeline_x(0, 10));
	assert_true(timeline_x(365, 365) - timeline_x(0, 365) == 720.0);
	assert_true(timeline_x(73, 365) - timeline_x(0, 365) == 144.0);
	/* A period of no days cannot divide by zero. */
	assert_true(timeline_x(1, 0) == timeline_x(1, 1));
}

static void
test_bars_at_their_days(void **state)
{
	struct buf b;
	const char *p;
	double x0 = timeline_x(0, 365);

	(void)state;
	buf_init(&b);
	render(&b, 200);
	p = strstr(b.ptr, "data-assignment=\"2\"");
	assert_non_null(p);
	assert_true(attr(p, "x") - x0 < 720.0 * 31 / 365 + 0.06);
	assert_true(attr(p, "x") - x0 > 720.0 * 31 / 365 - 0.06);
	assert_true(attr(p, "width") > 720.0 * 89 / 365 - 0.1);
	assert_true(attr(p, "width") < 720.0 * 89 / 365 + 0.1);
	buf_free(&b);
}

/* Bars 1 and 2 overlap: two lanes; bar 3 starts after 1 ends: lane 1. */
static void
test_lanes(void **state)
{
	struct buf b;
	double y1, y2, y3;

	(void)state;
	buf_init(&b);
	render(&b, 200);
	y1 = attr(strstr(b.ptr, "data-assignment=\"1\""), "y");
	y2 = attr(strstr(b.ptr, "data-assignment=\"2\""), "y");
	y3 = attr(strstr(b.ptr, "data-assignment=\"3\""), "y");
	assert_true(y2 > y1);
	assert_true(y3 == y1);
	buf_free(&b);
}

static void
test_text_escaped(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b);
	render(&b, 200);
	assert_null(strstr(b.ptr, "<script>"));
	assert_null(strstr(b.ptr, "<b>"));
	assert_null(strstr(b.ptr, "<i>"));
	assert_null(strchr(b.ptr, '\x01'));
	assert_non_null(strstr(b.ptr, "Engineer &amp; &quot;&lt;script&gt;"));
	assert_non_null(strstr(b.ptr, "PC-1 &lt;b&gt;A&lt;/b&gt;"));
	assert_non_null(strstr(b.ptr, "Plan &lt;i&gt;x&lt;/i&gt;"));
	buf_free(&b);
}

static void
test_today_and_band(void **state)
{
	struct buf b;
	double x;

	(void)state;
	buf_init(&b);
	render(&b, 200);
	x = attr(strstr(b.ptr, "class=\"tl-today\""), "x1");
	assert_true(x > timeline_x(200, 365) - 0.06);
	assert_true(x < timeline_x(200, 365) + 0.06);
	assert_non_null(strstr(b.ptr, "class=\"tl-suspension\""));
	render(&b, 365);
	assert_null(strstr(b.ptr, "tl-today"));
	render(&b, -1);
	assert_null(strstr(b.ptr, "tl-today"));
	buf_free(&b);
}

/* Returns how many times needle occurs in s. */
static int
count(const char *s, const char *needle)
{
	int n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

static void
test_table_alternative(void **state)
{
	struct timeline t = example(200);
	struct json_object *o = json_object_new_object();
	struct views v;
	struct buf b;
	char err[512];

	(void)state;
	assert_int_equal(view_load(&v, TEMPLATES_DIR, err, sizeof(err)), 0);
	buf_init(&b);
	timeline_view(o, &t);
	view_render(&v, VIEW_PLAN_TIMELINE, o, &b);
	assert_int_equal(count(b.ptr, "<tr><th scope=\"row\">"), 4);
	assert_int_equal(count(b.ptr, "Engineer &amp; &quot;&lt;script&gt;"),
			 3);
	assert_non_null(strstr(b.ptr, "PC-1 &lt;b&gt;A&lt;/b&gt;"));
	assert_non_null(strstr(b.ptr, "<td colspan=\"3\">"));
	assert_non_null(strstr(b.ptr, "<li>2027-05-01 – 2027-05-10</li>"));
	assert_null(strstr(b.ptr, "<script>"));
	json_object_put(o);
	buf_free(&b);
	view_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x_of_days),
		cmocka_unit_test(test_bars_at_their_days),
		cmocka_unit_test(test_lanes),
		cmocka_unit_test(test_text_escaped),
		cmocka_unit_test(test_today_and_band),
		cmocka_unit_test(test_table_alternative),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

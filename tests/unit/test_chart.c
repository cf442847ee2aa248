/*
 * chart: the server-drawn SVG bar chart.  Heights in proportion to the
 * tallest bar, no division by zero without bars or with only zeros,
 * every text escaped, the accessible name wired up.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "chart.h"

/* Renders bars into b (reset first) with a label on every second bar. */
static void
render(struct buf *b, const struct chart_bar *bars, size_t n, const char *title)
{
	struct chart c = { "weekly", title, bars, n, 2 };

	buf_reset(b);
	chart_svg(b, &c);
}

/* Reads the heights of the bars, in order, into h.  Returns how many. */
static size_t
heights(const char *svg, long *h, size_t max)
{
	const char *p = svg;
	size_t n = 0;

	while ((p = strstr(p, "<rect class=\"chart-bar\"")) != NULL) {
		p = strstr(p, "height=\"");
		assert_non_null(p);
		assert_true(n < max);
		h[n++] = strtol(p + 8, NULL, 10);
	}
	return n;
}

static void
test_heights_scale_to_max(void **state)
{
	const struct chart_bar bars[] = {
		{ "a", 10 }, { "b", 5 }, { "c", 0 }, { "d", 1 }, { "e", 1000 },
	};
	struct buf b;
	long h[8];

	(void)state;
	buf_init(&b);
	render(&b, bars, 5, "t");
	assert_int_equal(heights(b.ptr, h, 8), 5);
	assert_int_equal(h[0], 2); /* 1.6 rounds to 2 */
	assert_int_equal(h[1], 1); /* 0.8 rounds to 1: non-zero stays visible */
	assert_int_equal(h[2], 0);
	assert_int_equal(h[3], 1);
	assert_int_equal(h[4], CHART_PLOT_HEIGHT);
	render(&b, bars, 2, "t");
	assert_int_equal(heights(b.ptr, h, 8), 2);
	assert_int_equal(h[0], CHART_PLOT_HEIGHT);
	assert_int_equal(h[1], CHART_PLOT_HEIGHT / 2);
	assert_non_null(strstr(b.ptr, ">10</text>")); /* the axis maximum */
	buf_free(&b);
}

static void
test_bar_height(void **state)
{
	(void)state;
	assert_int_equal(chart_bar_height(0, 0), 0);
	assert_int_equal(chart_bar_height(3, 0), 0);
	assert_int_equal(chart_bar_height(3, 3), CHART_PLOT_HEIGHT);
	assert_int_equal(chart_bar_height(1, 3), (CHART_PLOT_HEIGHT + 1) / 3);
	assert_int_equal(chart_bar_height(1, 1000000), 1);
	assert_int_equal(chart_bar_height(-1, 5), 0);
}

static void
test_no_bars(void **state)
{
	struct buf b;
	long h[1];

	(void)state;
	buf_init(&b);
	render(&b, NULL, 0, "empty");
	assert_int_equal(heights(b.ptr, h, 1), 0);
	assert_non_null(strstr(b.ptr, "<svg "));
	assert_non_null(strstr(b.ptr, "</svg>"));
	buf_free(&b);
}

static void
test_all_zero(void **state)
{
	struct chart_bar bars[26];
	struct buf b;
	long h[32];
	size_t i;

	(void)state;
	for (i = 0; i < 26; i++)
		bars[i] = (struct chart_bar){ "w", 0 };
	buf_init(&b);
	render(&b, bars, 26, "zeros");
	assert_int_equal(heights(b.ptr, h, 32), 26);
	for (i = 0; i < 26; i++)
		assert_int_equal(h[i], 0);
	/* Only the axis's "0": no maximum label when nothing was counted. */
	assert_non_null(strstr(b.ptr, ">0</text>"));
	assert_null(strstr(strstr(b.ptr, ">0</text>") + 1, ">0</text>"));
	buf_free(&b);
}

static void
test_labels_escaped(void **state)
{
	const struct chart_bar bars[] = { { "<script>&\"'", 3 } };
	struct buf b;

	(void)state;
	buf_init(&b);
	render(&b, bars, 1, "A & <B> \"C\"");
	assert_null(strstr(b.ptr, "<script>"));
	assert_non_null(strstr(
	    b.ptr, "<title id=\"weekly-title\">A &amp; &lt;B&gt; &quot;C&quot;"
		   "</title>"));
	assert_non_null(
	    strstr(b.ptr, "<title>&lt;script&gt;&amp;&quot;&#39;: 3</title>"));
	assert_non_null(
	    strstr(b.ptr, ">&lt;script&gt;&amp;&quot;&#39;</text>"));
	buf_free(&b);
}

static void
test_accessible_name(void **state)
{
	const struct chart_bar bars[] = { { "x", 1 } };
	struct buf b;

	(void)state;
	buf_init(&b);
	render(&b, bars, 1, "t");
	assert_non_null(strstr(b.ptr, "role=\"img\""));
	assert_non_null(strstr(b.ptr, "aria-labelledby=\"weekly-title\""));
	assert_null(strstr(b.ptr, "style="));
	assert_null(strstr(b.ptr, "<script"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heights_scale_to_max),
		cmocka_unit_test(test_bar_height),
		cmocka_unit_test(test_no_bars),
		cmocka_unit_test(test_all_zero),
		cmocka_unit_test(test_labels_escaped),
		cmocka_unit_test(test_accessible_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

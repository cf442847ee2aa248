/*
 * Bar charts as inline SVG, drawn on the server: no script, and only
 * presentation attributes (fill, width, ...), since the CSP allows no
 * style attribute.  The <svg> has role="img" and is named by its own
 * <title> through aria-labelledby; each bar carries a <title> with its
 * label and value.  A chart is a picture only: the page puts a table
 * with the same numbers beside it.
 */
#ifndef CHART_H
#define CHART_H

#include <stddef.h>

struct buf;

#define CHART_PLOT_HEIGHT 160 /* user units of the tallest bar */

struct chart_bar {
	const char *label; /* axis label and tooltip, plain text */
	long value;	   /* >= 0 */
};

struct chart {
	const char *id;	   /* prefix of its ids: [a-z-], unique in the page */
	const char *title; /* the accessible name, plain text */
	const struct chart_bar *bars;
	size_t n;
	size_t label_every; /* axis label under every k-th bar; 0: none */
};

long chart_bar_height(long, long);
void chart_svg(struct buf *, const struct chart *);

#endif /* !CHART_H */

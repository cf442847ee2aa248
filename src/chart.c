#include <stdio.h>

#include "buf.h"
#include "chart.h"
#include "tmpl.h"

/* Geometry in SVG user units; the stylesheet scales the whole picture. */
#define SLOT	 24 /* horizontal room of one bar */
#define BAR	 16 /* width of a bar */
#define LEFT	 40 /* room for the value axis labels */
#define TOP	 12 /* room above the tallest bar */
#define BOTTOM	 28 /* room for the labels under the bars */
#define FONT	 11
#define INK	 "#1a1a1c"
#define BAR_FILL "#00418c"

/*
 * Returns the height of a bar of value when the tallest is max: in
 * proportion, rounded, so that max gets CHART_PLOT_HEIGHT; any non-zero
 * value at least 1 so that it stays visible.  0 when max is 0.
 */
long
chart_bar_height(long value, long max)
{
	long h;

	if (max <= 0 || value <= 0)
		return 0;
	if (value >= max)
		return CHART_PLOT_HEIGHT;
	h = (value * CHART_PLOT_HEIGHT + max / 2) / max;
	return h < 1 ? 1 : h;
}

/* Appends a text element at x, y with anchor and the escaped text s. */
static void
text_at(struct buf *out, long x, long y, const char *anchor, const char *s)
{
	buf_printf(out,
		   "<text x=\"%ld\" y=\"%ld\" font-size=\"%d\" fill=\"" INK
		   "\" text-anchor=\"%s\">",
		   x, y, FONT, anchor);
	tmpl_escape(out, s);
	buf_puts(out, "</text>\n");
}

/* Appends the value axis: a base line and the labels 0 and max. */
static void
axis(struct buf *out, size_t n, long max)
{
	char num[24];
	long base = TOP + CHART_PLOT_HEIGHT;

	buf_printf(out,
		   "<line x1=\"%d\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" "
		   "stroke=\"" INK "\" stroke-width=\"1\"/>\n",
		   LEFT, base, LEFT + (long)n * SLOT, base);
	text_at(out, LEFT - 6, base, "end", "0");
	if (max > 0) {
		snprintf(num, sizeof(num), "%ld", max);
		text_at(out, LEFT - 6, TOP + FONT / 2, "end", num);
	}
}

/* Appends bar i of c (its tooltip too) and, if due, its axis label. */
static void
bar(struct buf *out, const struct chart *c, size_t i, long max)
{
	const struct chart_bar *b = &c->bars[i];
	long h = chart_bar_height(b->value, max);
	long x = LEFT + (long)i * SLOT + (SLOT - BAR) / 2;

	buf_printf(out,
		   "<rect class=\"chart-bar\" x=\"%ld\" y=\"%ld\" "
		   "width=\"%d\" height=\"%ld\" fill=\"" BAR_FILL "\"><title>",
		   x, (long)TOP + CHART_PLOT_HEIGHT - h, BAR, h);
	tmpl_escape(out, b->label);
	buf_printf(out, ": %ld</title></rect>\n", b->value);
	if (c->label_every > 0 && i % c->label_every == 0)
		text_at(out, x, TOP + CHART_PLOT_HEIGHT + FONT + 6, "start",
			b->label);
}

/*
 * Appends c as one <svg> element to out.  Every text is escaped here, so
 * the result may go into a page unescaped ({{{chart}}}).  No bars, or
 * only zeros, give an empty plot with its axis.
 */
void
chart_svg(struct buf *out, const struct chart *c)
{
	long max = 0, w = LEFT + (long)c->n * SLOT + SLOT,
	     h = TOP + CHART_PLOT_HEIGHT + BOTTOM;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->bars[i].value > max)
			max = c->bars[i].value;
	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" "
		   "role=\"img\" aria-labelledby=\"%s-title\" "
		   "viewBox=\"0 0 %ld %ld\" width=\"%ld\" height=\"%ld\">\n"
		   "<title id=\"%s-title\">",
		   c->id, w, h, w, h, c->id);
	tmpl_escape(out, c->title);
	buf_puts(out, "</title>\n");
	axis(out, c->n, max);
	for (i = 0; i < c->n; i++)
		bar(out, c, i, max);
	buf_puts(out, "</svg>");
}

/*
 * The layout's part of every view model: language, language switch and
 * the staff navigation (src/layout.c).
 */
#ifndef LAYOUT_H
#define LAYOUT_H

struct req;

void layout_lang(struct req *);
void layout_view(struct req *);

#endif /* !LAYOUT_H */

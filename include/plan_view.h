/*
 * What the plan pages (page_plan.c, page_plan_show.c,
 * page_plan_action.c) share: a plan's audited state, the country select,
 * and the plan's page, which an action that fails shows again with its
 * message.
 */
#ifndef PLAN_VIEW_H
#define PLAN_VIEW_H

struct json_object;
struct req;

int plan_state(struct req *, const char *, struct json_object **);
int plan_countries(struct req *, struct json_object *, const char *);
int plan_page(struct req *, int);
int plan_banner(struct req *, const char *);
void plan_forms_view(struct req *, struct json_object *);
int plan_dashboard_view(struct req *);

#endif /* !PLAN_VIEW_H */

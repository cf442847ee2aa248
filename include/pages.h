/*
 * Page functions, one per route and method (see the route table in
 * app.c).  Each returns the HTTP status; see req.h.
 */
#ifndef PAGES_H
#define PAGES_H

struct req;

int page_home_get(struct req *);
int page_apply_get(struct req *);
int page_apply_post(struct req *);
int page_receipt_get(struct req *);
int page_status_get(struct req *);
int page_status_post(struct req *);
int page_status_mail_post(struct req *);
int page_lost_link_get(struct req *);
int page_lost_link_post(struct req *);
int page_login_get(struct req *);
int page_login_post(struct req *);
int page_logout_post(struct req *);
int page_review_list_get(struct req *);
int page_review_csv_get(struct req *);
int page_review_screening_post(struct req *);
int page_dashboard_get(struct req *);
int page_admin_users_get(struct req *);
int page_admin_user_new_get(struct req *);
int page_admin_user_new_post(struct req *);
int page_admin_user_disable_post(struct req *);
int page_admin_user_password_get(struct req *);
int page_admin_user_password_post(struct req *);
int page_admin_audit_get(struct req *);
int page_admin_mail_get(struct req *);
int page_admin_mail_resend_post(struct req *);
int page_review_app_get(struct req *);
int page_review_cv_get(struct req *);
int page_review_note_post(struct req *);
int page_review_decision_post(struct req *);
int page_ministry_get(struct req *);
int page_ministry_csv_get(struct req *);
int page_nomination_new_get(struct req *);
int page_nomination_new_post(struct req *);
int page_nomination_get(struct req *);
int page_nomination_letter_get(struct req *);
int page_nomination_cv_get(struct req *);
int page_nomination_withdraw_post(struct req *);
int page_admin_ministries_get(struct req *);
int page_admin_ministry_new_get(struct req *);
int page_admin_ministry_new_post(struct req *);
int page_admin_ministry_edit_get(struct req *);
int page_admin_ministry_edit_post(struct req *);
int page_review_letter_get(struct req *);
int page_review_message_post(struct req *);

/* Enrolment in training (issue 14). */
int page_enrol_post(struct req *);
int page_enrol_remove_post(struct req *);
int page_status_training_post(struct req *);
int page_nomination_training_post(struct req *);

/* Positions, inquiries and assignments (issue 15). */
int page_position_new_get(struct req *);
int page_position_new_post(struct req *);
int page_position_get(struct req *);
int page_position_edit_get(struct req *);
int page_position_edit_post(struct req *);
int page_position_inquiries_post(struct req *);
int page_assignment_post(struct req *);
int page_assignment_status_post(struct req *);
int page_status_inquiry_post(struct req *);
int page_nomination_inquiry_post(struct req *);

#endif /* !PAGES_H */

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
int page_admin_user_enable_post(struct req *);
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

/* Implementation plans (issue 15). */
int page_plans_get(struct req *);
int page_plan_new_get(struct req *);
int page_plan_new_post(struct req *);
int page_plan_get(struct req *);
int page_plan_edit_get(struct req *);
int page_plan_edit_post(struct req *);
int page_plan_status_post(struct req *);
int page_plan_amend_post(struct req *);
int page_plan_principle_post(struct req *);
int page_plan_csv_get(struct req *);
int page_status_training_post(struct req *);
int page_nomination_training_post(struct req *);
/* Training (issue 14): courses, sessions, attendance, certificates. */
int page_training_get(struct req *);
int page_course_new_get(struct req *);
int page_course_new_post(struct req *);
int page_course_get(struct req *);
int page_course_edit_get(struct req *);
int page_course_edit_post(struct req *);
int page_course_retire_post(struct req *);
int page_course_delete_post(struct req *);
int page_session_new_get(struct req *);
int page_session_new_post(struct req *);
int page_session_get(struct req *);
int page_session_edit_get(struct req *);
int page_session_edit_post(struct req *);
int page_session_cancel_post(struct req *);
int page_session_complete_post(struct req *);
int page_session_attendance_get(struct req *);
int page_session_attendance_post(struct req *);
int page_session_sheet_get(struct req *);
int page_teach_get(struct req *);
int page_review_cert_post(struct req *);
int page_cert_evidence_get(struct req *);
/* Training (issue 14): who is due, what expires. */
int page_training_due_get(struct req *);
int page_training_expiring_get(struct req *);

/* Implementation plans (issue 15): the timeline. */
int page_plan_timeline_svg_get(struct req *);

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

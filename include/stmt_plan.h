/*
 * Implementation plans (page_plan*.c): the list, a plan with its
 * principles, positions, roster and history, and the changes a reviewer
 * makes to it.
 */
#ifndef STMT_PLAN_H
#define STMT_PLAN_H

#include "stmt.h"

enum stmt_plan_id {
	STMT_PLAN_LIST,
	STMT_PLAN_COUNTRIES,
	STMT_PLAN_INSERT,
	STMT_PLAN_STATE,
	STMT_PLAN_VIEW,
	STMT_PLAN_UPDATE,
	STMT_PLAN_STATUS,
	STMT_PLAN_AMEND,
	STMT_PLAN_OUTSIDE,
	STMT_PLAN_PRINCIPLES,
	STMT_PLAN_PRINCIPLE_STATE,
	STMT_PLAN_PRINCIPLE_SET,
	STMT_PLAN_POSITIONS,
	STMT_PLAN_ROSTER,
	STMT_PLAN_HISTORY,
	STMT_PLAN_LAPSED,
	STMT_PLAN_DEPLOYED,
	STMT_PLAN_OPEN_READY,
	STMT_PLAN_SUSPENDED,
	STMT_PLAN__MAX
};

extern const struct stmt_def stmt_plan[STMT_PLAN__MAX];

/* The parameters of STMT_PLAN_LIST: filters (NULL: off), keyset, lang. */
enum plan_list_param {
	PLP_STATUS,
	PLP_OPERATION,
	PLP_COUNTRY,
	PLP_FROM,
	PLP_TO,
	PLP_AFTER_START,
	PLP_AFTER_ID,
	PLP_LANG,
	PLP__MAX,
};

/* The columns of STMT_PLAN_LIST. */
enum plan_list_col {
	PLC_ID,
	PLC_TITLE,
	PLC_OPERATION,
	PLC_COUNTRY,
	PLC_STARTS,
	PLC_ENDS,
	PLC_STATUS,
	PLC__MAX,
};

/* The columns of STMT_PLAN_COUNTRIES (parameter: lang). */
enum plan_country_col { PCC_CODE, PCC_NAME, PCC__MAX };

/*
 * The parameters of STMT_PLAN_INSERT and, from PIP_TITLE_JA to
 * PIP_CHANGED_BY without operation and country (fixed once made), of
 * STMT_PLAN_UPDATE after the plan's id.
 */
enum plan_insert_param {
	PIP_TITLE_JA,
	PIP_TITLE_EN,
	PIP_OPERATION,
	PIP_COUNTRY,
	PIP_AREA,
	PIP_BASIS,
	PIP_BASIS_DETAIL,
	PIP_MANDATE_JA,
	PIP_MANDATE_EN,
	PIP_CABINET,
	PIP_STARTS,
	PIP_ENDS,
	PIP_CHANGED_BY,
	PIP__MAX,
};

/* The parameters of STMT_PLAN_UPDATE. */
enum plan_update_param {
	PUP_ID,
	PUP_TITLE_JA,
	PUP_TITLE_EN,
	PUP_AREA,
	PUP_BASIS,
	PUP_BASIS_DETAIL,
	PUP_MANDATE_JA,
	PUP_MANDATE_EN,
	PUP_CHANGED_BY,
	PUP__MAX,
};

/* The parameters of STMT_PLAN_STATUS. */
enum plan_status_param {
	PSP_ID,
	PSP_FROM,
	PSP_TO,
	PSP_BY,
	PSP_REASON,
	PSP__MAX
};

/* The parameters of STMT_PLAN_AMEND; STMT_PLAN_OUTSIDE takes the first
 * three and a language. */
enum plan_amend_param {
	PAP_ID,
	PAP_STARTS,
	PAP_ENDS,
	PAP_CABINET,
	PAP_BY,
	PAP_REASON,
	PAP__MAX,
};

/* The columns of STMT_PLAN_OUTSIDE. */
enum plan_outside_col {
	POC_KIND,
	POC_ID,
	POC_TITLE,
	POC_PERSON,
	POC_STARTS,
	POC_ENDS,
	POC__MAX,
};

/* The columns of STMT_PLAN_PRINCIPLES (parameters: plan, lang). */
enum plan_principle_col {
	PPC_NO,
	PPC_NAME,
	PPC_SATISFIED,
	PPC_CONFIRMED_ON,
	PPC_EVIDENCE,
	PPC_BY,
	PPC__MAX,
};

/* The parameters of STMT_PLAN_PRINCIPLE_SET; STATE takes the first two. */
enum plan_principle_param {
	PRP_PLAN,
	PRP_NO,
	PRP_SATISFIED,
	PRP_CONFIRMED_ON,
	PRP_EVIDENCE,
	PRP_BY,
	PRP__MAX,
};

/* The columns of STMT_PLAN_POSITIONS (parameters: plan, lang). */
enum plan_position_col {
	PPO_ID,
	PPO_TITLE,
	PPO_STATION,
	PPO_STARTS,
	PPO_ENDS,
	PPO_HEADCOUNT,
	PPO_FILLED,
	PPO__MAX,
};

/* The columns of STMT_PLAN_ROSTER (parameters: plan, lang). */
enum plan_roster_col {
	PRC_APPLICATION,
	PRC_REFERENCE,
	PRC_NAME,
	PRC_POSITION,
	PRC_STARTS,
	PRC_ENDS,
	PRC_STATUS,
	PRC__MAX,
};

/* The columns of STMT_PLAN_HISTORY (parameter: plan). */
enum plan_history_col {
	PHC_AT,
	PHC_BY,
	PHC_FROM,
	PHC_TO,
	PHC_OLD_PERIOD,
	PHC_NEW_PERIOD,
	PHC_CABINET,
	PHC_REASON,
	PHC__MAX,
};

/*
 * The columns of STMT_PLAN_LAPSED (parameters: plan, lang): the
 * principles that no longer hold, when the plan is suspended.
 */
enum plan_lapsed_col { PLA_NO, PLA_NAME, PLA_SINCE, PLA__MAX };

/*
 * The columns of STMT_PLAN_DEPLOYED (parameter: lang): people dispatched
 * now, per plan (kind 'plan') and per country (kind 'country', id and
 * title empty).
 */
enum plan_deployed_col {
	PDC_KIND,
	PDC_ID,
	PDC_TITLE,
	PDC_COUNTRY,
	PDC_COUNT,
	PDC__MAX,
};

/* The columns of STMT_PLAN_OPEN_READY: per operation type. */
enum plan_open_col { POR_OPERATION, POR_OPEN, POR_READY, POR__MAX };

/* The columns of STMT_PLAN_SUSPENDED (parameter: lang). */
enum plan_suspended_col { PSC_ID, PSC_TITLE, PSC_COUNTRY, PSC_SINCE, PSC__MAX };

#endif /* !STMT_PLAN_H */

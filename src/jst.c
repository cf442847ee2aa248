#include <time.h>

#include "jst.h"

#define JST_OFFSET (9 * 3600) /* seconds east of UTC */

/* Sets tm to the date and time in Japan at t. */
void
jst_at(time_t t, struct tm *tm)
{
	t += JST_OFFSET;
	gmtime_r(&t, tm);
}

/* Sets tm to the date and time now in Japan. */
void
jst_now(struct tm *tm)
{
	jst_at(time(NULL), tm);
}

/* Writes today's date in Japan as "YYYYMMDD" into day. */
void
jst_day(char day[9])
{
	struct tm tm;

	jst_now(&tm);
	strftime(day, 9, "%Y%m%d", &tm);
}

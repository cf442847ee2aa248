/*
 * Logging to stderr.  Request data is escaped so that a client cannot
 * forge log lines with control characters.
 */
#ifndef LOG_H
#define LOG_H

#include <stddef.h>

struct buf;

void log_escape(struct buf *, const char *, size_t);
void log_request(const char *reqid, const char *method, const char *path,
		 int status, double ms);
void log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif /* !LOG_H */

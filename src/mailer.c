/*
 * corps-mailer's work: one row of the outbox per transaction, sent over
 * SMTP with libcurl while the row is locked; see mailer.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libpq-fe.h>

#include "buf.h"
#include "config.h"
#include "log.h"
#include "mail.h"
#include "mailer.h"
#include "stmt_mail.h"

#define CHANNEL	 "corps_mail_outbox" /* the migration's NOTIFY */
#define IDLE_MIN 0.5 /* seconds: a due row is another mailer's */

/* What became of one row. */
enum outcome {
	OUT_SENT,
	OUT_RETRY,  /* temporary: due again after the backoff */
	OUT_FAILED, /* for good, with the reason */
};

/* What one step of the loop found. */
enum step {
	STEP_DONE, /* a row was handled: look for the next at once */
	STEP_IDLE, /* no row is due */
	STEP_DOWN, /* the database is unreachable */
};

struct mailer {
	const struct mailer_config *cfg;
	volatile sig_atomic_t *stop;
	sigset_t waitmask; /* the signals that stop us, unblocked in waits */
	struct mail mail;
	char envelope_from[256];
	PGconn *conn;
	CURL *curl;
};

/* Checks an address variable: a line break or a bad address is refused. */
static int
check_address(const char *name, const char *v, char *err, size_t errsz)
{
	char addr[256];

	if (strpbrk(v, "\r\n") == NULL &&
	    mail_address(v, addr, sizeof(addr)) == 0)
		return 0;
	snprintf(err, errsz,
		 "%s=\"%s\": expected one address, as a@example.jp or "
		 "Name <a@example.jp>",
		 name, v);
	return -1;
}

/* Reads the required string variable name into *out, or -1 with err. */
static int
env_required(const char *name, const char *what, const char **out, char *err,
	     size_t errsz)
{
	if ((*out = config_env_str(name, NULL)) != NULL)
		return 0;
	snprintf(err, errsz, "%s is not set (%s)", name, what);
	return -1;
}

/*
 * Checks CORPS_SMTP_URL, CORPS_SMTP_TLS, CORPS_SMTP_CAFILE (readable) and
 * the credentials.
 */
static int
load_smtp(struct mailer_config *cfg, char *err, size_t errsz)
{
	const char *tls;

	if (env_required("CORPS_SMTP_URL", "the relay, e.g. smtp://relay:25",
			 &cfg->smtp_url, err, errsz) != 0)
		return -1;
	if (strncmp(cfg->smtp_url, "smtp://", 7) != 0 &&
	    strncmp(cfg->smtp_url, "smtps://", 8) != 0) {
		snprintf(err, errsz,
			 "CORPS_SMTP_URL=\"%s\": expected smtp://HOST:PORT "
			 "or smtps://HOST:PORT",
			 cfg->smtp_url);
		return -1;
	}
	tls = config_env_str("CORPS_SMTP_TLS", "try");
	if (strcmp(tls, "try") != 0 && strcmp(tls, "require") != 0) {
		snprintf(err, errsz,
			 "CORPS_SMTP_TLS=\"%s\": expected try or require", tls);
		return -1;
	}
	cfg->tls_required = strcmp(tls, "require") == 0;
	cfg->smtp_cafile = config_env_str("CORPS_SMTP_CAFILE", NULL);
	if (cfg->smtp_cafile != NULL && access(cfg->smtp_cafile, R_OK) != 0) {
		snprintf(err, errsz, "CORPS_SMTP_CAFILE=\"%s\": %s",
			 cfg->smtp_cafile, strerror(errno));
		return -1;
	}
	cfg->smtp_user = config_env_str("CORPS_SMTP_USER", NULL);
	cfg->smtp_password = config_env_str("CORPS_SMTP_PASSWORD", NULL);
	if ((cfg->smtp_user == NULL) != (cfg->smtp_password == NULL)) {
		snprintf(err, errsz,
			 "CORPS_SMTP_USER and CORPS_SMTP_PASSWORD "
			 "go together: set both or neither");
		return -1;
	}
	return 0;
}

/* Checks CORPS_MAIL_FROM, CORPS_MAIL_REPLY_TO and CORPS_BASE_URL. */
static int
load_mail(struct mailer_config *cfg, char *err, size_t errsz)
{
	const char *url;
	size_t len;

	if (env_required("CORPS_MAIL_FROM", "the sender, e.g. Corps <a@b.jp>",
			 &cfg->from, err, errsz) != 0 ||
	    check_address("CORPS_MAIL_FROM", cfg->from, err, errsz) != 0)
		return -1;
	cfg->reply_to = config_env_str("CORPS_MAIL_REPLY_TO", NULL);
	if (cfg->reply_to != NULL &&
	    check_address("CORPS_MAIL_REPLY_TO", cfg->reply_to, err, errsz))
		return -1;
	if (env_required("CORPS_BASE_URL", "the site's address for links", &url,
			 err, errsz) != 0)
		return -1;
	if ((strncmp(url, "https://", 8) != 0 &&
	     strncmp(url, "http://", 7) != 0) ||
	    strpbrk(url, " \t\r\n") != NULL) {
		snprintf(err, errsz,
			 "CORPS_BASE_URL=\"%s\": expected an address such as "
			 "https://corps.example.jp",
			 url);
		return -1;
	}
	for (len = strlen(url); url[len - 1] == '/'; len--)
		;
	cfg->base_url = xstrndup(url, len);
	return 0;
}

/*
 * Fills cfg from the environment.  Returns 0, or -1 with a message for
 * the operator in err.  mailer_config_free releases it either way.
 */
int
mailer_config_load(struct mailer_config *cfg, char *err, size_t errsz)
{
	long v[5];

	memset(cfg, 0, sizeof(*cfg));
	if (env_required("CORPS_DB",
			 "a libpq conninfo string, e.g. "
			 "\"dbname=corps user=corps_mailer\"",
			 &cfg->db, err, errsz) != 0 ||
	    load_smtp(cfg, err, errsz) != 0 || load_mail(cfg, err, errsz) != 0)
		return -1;
	cfg->templates = config_env_str("CORPS_TEMPLATES", "templates");
	if (config_env_num("CORPS_MAIL_POLL", 10, 1, 3600, 30, &v[0], err,
			   errsz) ||
	    config_env_num("CORPS_MAIL_BACKOFF_MIN", 10, 1, 86400, 60, &v[1],
			   err, errsz) ||
	    config_env_num("CORPS_MAIL_BACKOFF_MAX", 10, v[1], 7 * 86400,
			   v[1] > 3600 ? v[1] : 3600, &v[2], err, errsz) ||
	    config_env_num("CORPS_SMTP_TIMEOUT", 10, 1, 600, 60, &v[3], err,
			   errsz) ||
	    config_env_num("CORPS_MAIL_GIVE_UP_HOURS", 10, 1, 24 * 365, 72,
			   &v[4], err, errsz))
		return -1;
	cfg->poll = (int)v[0];
	cfg->backoff_min = (int)v[1];
	cfg->backoff_max = (int)v[2];
	cfg->smtp_timeout = (int)v[3];
	cfg->give_up_hours = (int)v[4];
	return 0;
}

void
mailer_config_free(struct mailer_config *cfg)
{
	free(cfg->base_url);
	cfg->base_url = NULL;
}

/* Runs a statement without result; returns 0, or -1 (logged). */
static int
command(struct mailer *m, enum stmt_mail_id id, const char *sql, int n,
	const char *const *v)
{
	PGresult *res;
	int ok;

	res = sql != NULL ? PQexec(m->conn, sql)
			  : stmt_exec(m->conn, &stmt_mail[id], n, v);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		log_warnx("mailer: %s", PQerrorMessage(m->conn));
	PQclear(res);
	return ok ? 0 : -1;
}

/*
 * Waits until a signal or, with fd >= 0, until fd is readable, for at
 * most secs seconds.  The stop signals are blocked but here, so none is
 * lost between the caller's check of the flag and the wait.
 */
static void
wait_fd(struct mailer *m, int fd, double secs)
{
	struct timespec ts;
	fd_set rd;

	FD_ZERO(&rd);
	if (fd >= 0)
		FD_SET(fd, &rd);
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	if (pselect(fd + 1, &rd, NULL, NULL, &ts, &m->waitmask) == -1 &&
	    errno != EINTR)
		log_warnx("mailer: pselect: %s", strerror(errno));
}

/* Reads the Message-ID key.  Returns 0, or -1 (logged). */
static int
read_key(struct mailer *m)
{
	PGresult *res = stmt_exec(m->conn, &stmt_mail[STMT_MAIL_KEY], 0, NULL);
	unsigned char *key = NULL;
	size_t len = 0;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		key = PQunescapeBytea(
		    (const unsigned char *)PQgetvalue(res, 0, 0), &len);
	if (key != NULL && len == sizeof(m->mail.id_key))
		memcpy(m->mail.id_key, key, len);
	else
		log_warnx("mailer: no Message-ID key (mail_key: is the "
			  "database migrated?): %s",
			  PQerrorMessage(m->conn));
	PQfreemem(key);
	PQclear(res);
	return len == sizeof(m->mail.id_key) ? 0 : -1;
}

/*
 * Connects, listens on the channel and reads the key.  Returns 0, or -1
 * with the connection closed (logged when it was up before: one line per
 * outage).
 */
static int
db_open(struct mailer *m, int *was_up)
{
	if (m->conn != NULL)
		return 0;
	m->conn = PQconnectdb(m->cfg->db);
	if (PQstatus(m->conn) == CONNECTION_OK &&
	    command(m, 0, "LISTEN " CHANNEL, 0, NULL) == 0 &&
	    read_key(m) == 0) {
		*was_up = 1;
		return 0;
	}
	if (*was_up)
		log_warnx("mailer: database unavailable, retrying every %d s: "
			  "%s",
			  m->cfg->poll, PQerrorMessage(m->conn));
	*was_up = 0;
	PQfinish(m->conn);
	m->conn = NULL;
	return -1;
}

/* A message being uploaded by libcurl's read callback. */
struct upload {
	const char *p;
	size_t left;
};

static size_t
upload_read(char *dst, size_t size, size_t nitems, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nitems < u->left ? size * nitems : u->left;

	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* Sets the options of one SMTP transaction on m->curl. */
static void
smtp_setup(struct mailer *m, struct curl_slist *rcpt, struct upload *u,
	   char *errbuf)
{
	CURL *c = m->curl;

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, m->cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_USE_SSL,
			 m->cfg->tls_required ? (long)CURLUSESSL_ALL
					      : (long)CURLUSESSL_TRY);
	/* The relay's certificate is verified (libcurl's default). */
	if (m->cfg->smtp_cafile != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, m->cfg->smtp_cafile);
	if (m->cfg->smtp_user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, m->cfg->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, m->cfg->smtp_password);
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, m->envelope_from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_read);
	curl_easy_setopt(c, CURLOPT_READDATA, u);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)m->cfg->smtp_timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
}

/*
 * Sends msg to the row's recipient.  Returns OUT_SENT, OUT_FAILED for a
 * permanent refusal (a 5xx reply, but for a refused login: that is the
 * relay's configuration, not the row) or OUT_RETRY, with the reason (no
 * address: libcurl's messages name only the reply code) in err.
 */
static enum outcome
smtp_send(struct mailer *m, const char *recipient, const struct buf *msg,
	  char *err, size_t errsz)
{
	char errbuf[CURL_ERROR_SIZE] = "";
	struct upload u = { msg->ptr, msg->len };
	struct curl_slist *rcpt;
	long code = 0;
	CURLcode rc;

	rcpt = curl_slist_append(NULL, recipient);
	smtp_setup(m, rcpt, &u, errbuf);
	rc = curl_easy_perform(m->curl);
	curl_easy_getinfo(m->curl, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(rcpt);
	if (rc == CURLE_OK)
		return OUT_SENT;
	snprintf(err, errsz, "SMTP %ld: %s", code,
		 errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc));
	return code >= 500 && code < 600 && rc != CURLE_LOGIN_DENIED
		   ? OUT_FAILED
		   : OUT_RETRY;
}

/*
 * Turns a temporary failure of a row pending for age seconds into a
 * failure for good once it is older than CORPS_MAIL_GIVE_UP_HOURS (a
 * relay answering 4xx for days would otherwise keep it pending forever,
 * and a notice that late is no longer news), the reason in err.
 * Returns the outcome.
 */
static enum outcome
give_up(const struct mailer *m, enum outcome o, const char *age, char *err,
	size_t errsz)
{
	char why[CURL_ERROR_SIZE + 64];

	if (o != OUT_RETRY || strtod(age, NULL) < m->cfg->give_up_hours * 3600.)
		return o;
	snprintf(why, sizeof(why), "given up after %d h pending: %s",
		 m->cfg->give_up_hours, err);
	snprintf(err, errsz, "%s", why);
	return OUT_FAILED;
}

/* Records the outcome of row id.  Returns 0, or -1 (logged). */
static int
record(struct mailer *m, const char *id, enum outcome o, const char *err)
{
	char lo[16], hi[16];
	const char *v[MRP__MAX] = { id, err, lo, hi };

	snprintf(lo, sizeof(lo), "%d", m->cfg->backoff_min);
	snprintf(hi, sizeof(hi), "%d", m->cfg->backoff_max);
	switch (o) {
	case OUT_SENT:
		return command(m, STMT_MAIL_SENT, NULL, 1, v);
	case OUT_RETRY:
		return command(m, STMT_MAIL_RETRY, NULL, MRP__MAX, v);
	case OUT_FAILED:
		break;
	}
	return command(m, STMT_MAIL_FAILED, NULL, MRP_BACKOFF_MIN, v);
}

/*
 * Builds and sends the row in res, then records its fate, in the
 * caller's transaction.  Logs the row's id and kind only.  Returns 0, or
 * -1 when the outcome could not be recorded.
 */
static int
deliver(struct mailer *m, PGresult *res)
{
	static const char *const said[] = {
		[OUT_SENT] = "sent",
		[OUT_RETRY] = "will be retried",
		[OUT_FAILED] = "failed for good",
	};
	struct mail_row row = {
		.id = PQgetvalue(res, 0, MTC_ID),
		.kind = PQgetvalue(res, 0, MTC_KIND),
		.lang = PQgetvalue(res, 0, MTC_LANG),
		.recipient = PQgetvalue(res, 0, MTC_RECIPIENT),
		.data = PQgetvalue(res, 0, MTC_DATA),
	};
	char err[CURL_ERROR_SIZE + 64] = "";
	enum outcome o = OUT_FAILED;
	struct buf msg;
	int rc;

	buf_init(&msg);
	if (mail_build(&m->mail, &row, time(NULL), &msg, err, sizeof(err)) ==
	    0) {
		o = smtp_send(m, row.recipient, &msg, err, sizeof(err));
		o = give_up(m, o, PQgetvalue(res, 0, MTC_AGE), err,
			    sizeof(err));
	}
	rc = record(m, row.id, o, err);
	if (o == OUT_SENT)
		log_info("mailer: outbox %s (%s) sent", row.id, row.kind);
	else
		log_warnx("mailer: outbox %s (%s) %s: %s", row.id, row.kind,
			  said[o], err);
	buf_free(&msg);
	return rc;
}

/*
 * Takes one due row and delivers it, in one transaction, so that a crash
 * loses nothing but may resend the row in flight.  Returns the step.
 */
static enum step
send_one(struct mailer *m)
{
	PGresult *res;
	enum step st = STEP_DOWN;

	if (command(m, 0, "BEGIN", 0, NULL) != 0)
		return STEP_DOWN;
	res = stmt_exec(m->conn, &stmt_mail[STMT_MAIL_TAKE], 0, NULL);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		log_warnx("mailer: %s", PQerrorMessage(m->conn));
	else if (PQntuples(res) == 0)
		st = STEP_IDLE;
	else if (deliver(m, res) == 0)
		st = STEP_DONE;
	PQclear(res);
	if (command(m, 0, st == STEP_DOWN ? "ROLLBACK" : "COMMIT", 0, NULL))
		st = STEP_DOWN;
	return st;
}

/*
 * Returns how long to wait for a notification: until the next pending
 * row is due (a retry), at most the poll interval.
 */
static double
idle_time(struct mailer *m)
{
	PGresult *res =
	    stmt_exec(m->conn, &stmt_mail[STMT_MAIL_NEXT_DUE], 0, NULL);
	double secs = m->cfg->poll;

	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    !PQgetisnull(res, 0, 0))
		secs = strtod(PQgetvalue(res, 0, 0), NULL);
	PQclear(res);
	if (secs < IDLE_MIN)
		secs = IDLE_MIN;
	return secs > m->cfg->poll ? m->cfg->poll : secs;
}

/*
 * Sleeps until a notification, the next due row or the poll interval,
 * whichever comes first.  Returns 0, or -1 when the connection is lost.
 */
static int
wait_work(struct mailer *m)
{
	PGnotify *n;

	wait_fd(m, PQsocket(m->conn), idle_time(m));
	if (PQconsumeInput(m->conn) == 0)
		return -1;
	while ((n = PQnotifies(m->conn)) != NULL)
		PQfreemem(n);
	return 0;
}

/*
 * Runs the handler of a stop signal that came while a row was sent: the
 * signals are blocked but here and in waits, so that a backlog of due
 * rows cannot keep the mailer from stopping after the row in flight.
 */
static void
take_signals(struct mailer *m)
{
	sigset_t old;

	sigprocmask(SIG_SETMASK, &m->waitmask, &old);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* The loop: until *stop, deliver what is due, then wait. */
static void
loop(struct mailer *m)
{
	int up = 1;
	enum step st = STEP_IDLE;

	while (!*m->stop) {
		if (db_open(m, &up) != 0) {
			wait_fd(m, -1, m->cfg->poll);
			continue;
		}
		while (!*m->stop && (st = send_one(m)) == STEP_DONE)
			take_signals(m);
		if (!*m->stop && (st == STEP_DOWN || wait_work(m) != 0)) {
			PQfinish(m->conn);
			m->conn = NULL;
		}
	}
}

/*
 * Runs the mailer until *stop is set (by SIGTERM or SIGINT, which the
 * caller blocks and whose handler sets it).  Returns the exit status: 0,
 * or 1 when the templates or libcurl cannot be set up (logged).
 */
int
mailer_run(const struct mailer_config *cfg, volatile sig_atomic_t *stop)
{
	struct mailer m;
	char err[512], addr[250];
	int rc = 1;

	memset(&m, 0, sizeof(m));
	m.cfg = cfg;
	m.stop = stop;
	sigprocmask(SIG_BLOCK, NULL, &m.waitmask);
	sigdelset(&m.waitmask, SIGTERM);
	sigdelset(&m.waitmask, SIGINT);
	m.mail.from = cfg->from;
	m.mail.reply_to = cfg->reply_to;
	m.mail.base_url = cfg->base_url;
	mail_address(cfg->from, addr, sizeof(addr));
	snprintf(m.envelope_from, sizeof(m.envelope_from), "<%s>", addr);
	if (mail_load(&m.mail, cfg->templates, err, sizeof(err)) != 0)
		log_warnx("mailer: %s", err);
	else if ((m.curl = curl_easy_init()) == NULL)
		log_warnx("mailer: cannot initialise libcurl");
	else {
		loop(&m);
		rc = 0;
	}
	curl_easy_cleanup(m.curl);
	PQfinish(m.conn);
	mail_free(&m.mail);
	return rc;
}

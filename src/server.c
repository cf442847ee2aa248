#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "app.h"
#include "buf.h"
#include "db.h"
#include "log.h"
#include "metrics.h"
#include "server.h"

/*
 * Seconds a worker reads the primary instead after its CORPS_DB_READ
 * connection failed: short enough that the standby is used again soon
 * after it is back, long enough that reviewers' pages do not each wait
 * for a connect_timeout while it is down.
 */
#define READ_DB_REST 10

static volatile sig_atomic_t got_term;

/* A worker's SIGTERM: stop after the request in progress. */
static void
on_term(int sig)
{
	(void)sig;
	got_term = 1;
}

static void
handle(int sig, void (*fn)(int))
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;
	sigaction(sig, &sa, NULL);
}

/*
 * Waits until the listening socket fd has a connection or a stop signal
 * came: the signals are unblocked only here, atomically (pselect).  Returns
 * 1 when a connection waits, 0 on a signal, -1 on an error.
 */
static int
wait_conn(int fd)
{
	fd_set rd;
	sigset_t open;
	int n;

	FD_ZERO(&rd);
	FD_SET(fd, &rd);
	sigemptyset(&open);
	if ((n = pselect(fd + 1, &rd, NULL, NULL, NULL, &open)) < 0)
		return errno == EINTR ? 0 : -1;
	return n > 0;
}

/*
 * A worker: one connection to the primary, one to CORPS_DB_READ if set
 * (the reviewers' read-only pages, app.c), one request at a time, until
 * SIGTERM.  SIGTERM is blocked but while the worker waits for a
 * connection, so it never cuts a request short, nor libfcgi between
 * accept() and the first bytes of a request: there libfcgi closed the
 * connection (a failed request) and then spun on the closed descriptor
 * until SIGKILL.  The socket is non-blocking (server_run): a worker that
 * another beat to the connection gets EAGAIN instead of sleeping in
 * accept() deaf to SIGTERM.  The price: every idle worker wakes for each
 * connection (select is not an exclusive wait, as accept() is), and all
 * but one go back to waiting.
 */
static void
worker(const struct app *a, int fd)
{
	FCGX_Request fr;
	struct db *db, *db_read = NULL;
	sigset_t term;
	int rc;

	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigaddset(&term, SIGINT);
	handle(SIGTERM, on_term);
	handle(SIGINT, on_term);
	handle(SIGHUP, SIG_IGN);
	handle(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_SETMASK, &term, NULL);
	db = db_new(a->cfg.db);
	(void)db_connect(db);
	if (a->cfg.db_read != NULL) {
		db_read = db_new(a->cfg.db_read);
		db_rest(db_read, READ_DB_REST);
	}
	FCGX_InitRequest(&fr, fd, 0);
	while (!got_term && (rc = wait_conn(fd)) >= 0) {
		if (rc == 0 || (rc = FCGX_Accept_r(&fr)) == -EAGAIN)
			continue;
		if (rc < 0)
			break;
		app_handle(a, db, db_read, &fr);
		FCGX_Finish_r(&fr);
	}
	FCGX_Free(&fr, 1);
	db_free(db);
	db_free(db_read);
	_exit(0);
}

/* Forks one worker.  Returns its pid, or -1. */
static pid_t
spawn(const struct app *a, int fd)
{
	pid_t pid;

	if ((pid = fork()) == -1) {
		log_warnx("fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		worker(a, fd);
	return pid;
}

/* Makes the listening socket fd non-blocking (worker).  Returns 0, -1. */
static int
nonblocking(int fd)
{
	int fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1) {
		fprintf(stderr, "corps-fcgi: fcntl: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* Opens the listening socket: CORPS_SOCKET, or fd 0 when unset. */
static int
open_socket(const struct config *cfg)
{
	int fd;

	if (cfg->socket == NULL)
		return 0;
	if ((fd = FCGX_OpenSocket(cfg->socket, 128)) < 0) {
		fprintf(stderr, "corps-fcgi: cannot listen on %s: %s\n",
			cfg->socket, strerror(errno));
		return -1;
	}
	/* FCGX_OpenSocket binds with the umask: set the mode ourselves. */
	if (chmod(cfg->socket, (mode_t)cfg->socket_mode) != 0) {
		fprintf(stderr, "corps-fcgi: chmod %s: %s\n", cfg->socket,
			strerror(errno));
		return -1;
	}
	return fd;
}

/*
 * Checks who may reach the listening socket fd.  libfcgi compares
 * FCGI_WEB_SERVER_ADDRS with IPv4 peers only and lets any other peer
 * through, the IPv4 clients of a dual-stack socket included (they arrive
 * as IPv6): with the list set, an IPv6 socket is refused rather than left
 * open.  On TCP without the list, a warning.  Returns 0, or -1 (exit 1).
 */
static int
check_peers(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	const char *addrs = getenv("FCGI_WEB_SERVER_ADDRS");
	int listed = addrs != NULL && *addrs != '\0';

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		return 0; /* not a socket: libfcgi's accept says so */
	if (ss.ss_family == AF_INET6 && listed) {
		fprintf(stderr, "corps-fcgi: FCGI_WEB_SERVER_ADDRS checks IPv4 "
				"clients only: listen on an IPv4 address\n");
		return -1;
	}
	if (ss.ss_family != AF_UNIX && !listed)
		log_warnx("on TCP without FCGI_WEB_SERVER_ADDRS: whoever "
			  "reaches the port is served");
	return 0;
}

struct pool {
	pid_t *pid; /* the current generation; 0 for a free slot */
	int n;
	pid_t *old; /* told to stop, not yet reaped */
	int nold;
};

/* Starts a worker in every free slot of the pool. */
static void
pool_fill(struct pool *p, const struct app *a, int fd)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (p->pid[i] == 0 && (p->pid[i] = spawn(a, fd)) == -1)
			p->pid[i] = 0;
}

/* Tells every worker of the current generation to stop. */
static void
pool_retire(struct pool *p)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (p->pid[i] > 0) {
			kill(p->pid[i], SIGTERM);
			p->old = xreallocarray(p->old, (size_t)p->nold + 1,
					       sizeof(pid_t));
			p->old[p->nold++] = p->pid[i];
			p->pid[i] = 0;
		}
}

/*
 * Reaps exited children.  A worker of the current pool that died is
 * logged and its slot freed for pool_fill; retired ones are forgotten.
 * Returns how many workers of the current pool died.
 */
static int
pool_reap(struct pool *p)
{
	pid_t pid;
	int i, st, died = 0;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (i = 0; i < p->n; i++)
			if (p->pid[i] == pid) {
				log_warnx("worker %ld died (status %d); "
					  "restarting it",
					  (long)pid, st);
				p->pid[i] = 0;
				metrics_worker_restart();
				died++;
			}
		for (i = 0; i < p->nold; i++)
			if (p->old[i] == pid)
				p->old[i--] = p->old[--p->nold];
	}
	return died;
}

/*
 * SIGHUP: re-reads templates and catalogs and replaces the workers.  The
 * new workers start before the old ones stop, so the socket never goes
 * unserved.  A bad template keeps the old set running.
 */
static void
reload(struct app *a, struct pool *p, int fd)
{
	struct app next;
	char err[512];

	next = *a;
	if (app_load(&next, err, sizeof(err)) != 0) {
		log_warnx("reload refused: %s", err);
		return;
	}
	pool_retire(p);
	app_free(a);
	*a = next;
	pool_fill(p, a, fd);
}

/*
 * The supervisor: starts the workers and keeps them alive until SIGTERM
 * or SIGINT, then stops them gracefully and waits for them.  Signals are
 * taken synchronously with sigtimedwait, so no handler races the loop.
 * Returns the exit code.
 */
int
server_run(struct app *a)
{
	struct pool p = { NULL, 0, NULL, 0 };
	sigset_t set;
	int fd, sig, stopping = 0;

	if ((fd = open_socket(&a->cfg)) < 0 || check_peers(fd) != 0 ||
	    nonblocking(fd) != 0)
		return 1;
	if (metrics_init(app_nroutes()) != 0)
		log_warnx("no shared memory: /metrics stays empty");
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	p.n = a->cfg.workers;
	p.pid = xcalloc((size_t)p.n, sizeof(pid_t));
	fprintf(stderr, "corps-fcgi: %d workers on %s\n", p.n,
		a->cfg.socket == NULL ? "fd 0" : a->cfg.socket);
	while (!stopping || p.nold > 0) {
		if (!stopping)
			pool_fill(&p, a, fd);
		sig = sigwaitinfo(&set, NULL);
		if (sig == SIGTERM || sig == SIGINT) {
			stopping = 1;
			pool_retire(&p);
		} else if (sig == SIGHUP && !stopping)
			reload(a, &p, fd);
		else if (sig == SIGCHLD && pool_reap(&p) > 0 && !stopping)
			sleep(1); /* a worker dying at once must not spin */
	}
	if (a->cfg.socket != NULL)
		unlink(a->cfg.socket);
	free(p.pid);
	free(p.old);
	return 0;
}

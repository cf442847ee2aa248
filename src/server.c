#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "app.h"
#include "buf.h"
#include "db.h"
#include "log.h"
#include "server.h"

static volatile sig_atomic_t got_term, got_hup, got_chld;

/*
 * Sets a flag and, in a worker, asks libfcgi to stop.  Installed without
 * SA_RESTART so that a blocked accept() returns EINTR at once.
 */
static void
on_signal(int sig)
{
	if (sig == SIGTERM || sig == SIGINT) {
		got_term = 1;
		FCGX_ShutdownPending();
	} else if (sig == SIGHUP)
		got_hup = 1;
	else if (sig == SIGCHLD)
		got_chld = 1;
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
 * A worker: one connection, one request at a time, until SIGTERM.  The
 * request in progress when the signal comes is finished first.
 */
static void
worker(const struct app *a, int fd)
{
	FCGX_Request fr;
	struct db *db;

	handle(SIGHUP, SIG_IGN);
	handle(SIGCHLD, SIG_DFL);
	db = db_new(a->cfg.db);
	(void)db_connect(db);
	FCGX_InitRequest(&fr, fd, 0);
	while (!got_term && FCGX_Accept_r(&fr) >= 0) {
		app_handle(a, db, &fr);
		FCGX_Finish_r(&fr);
	}
	FCGX_Free(&fr, 1);
	db_free(db);
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

struct pool {
	pid_t	*pid;	/* the current generation; 0 for a free slot */
	int	 n;
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

/* Sends sig to every worker of the pool and forgets them. */
static void
pool_signal(struct pool *p, int sig)
{
	int i;

	for (i = 0; i < p->n; i++)
		if (p->pid[i] > 0) {
			kill(p->pid[i], sig);
			p->pid[i] = 0;
		}
}

/*
 * Reaps exited children.  A worker of the current pool that died is
 * logged and its slot freed for pool_fill; old generations just go.
 * Returns how many workers of the current pool died.
 */
static int
pool_reap(struct pool *p)
{
	pid_t pid;
	int i, st, died = 0;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		for (i = 0; i < p->n; i++)
			if (p->pid[i] == pid) {
				log_warnx("worker %ld died (status %d); "
				    "restarting it", (long)pid, st);
				p->pid[i] = 0;
				died++;
			}
	return died;
}

/*
 * SIGHUP: re-reads templates and catalogs and replaces the workers.  The
 * new workers start before the old ones are told to stop, so the socket
 * never goes unserved.  A bad template keeps the old set running.
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
	pool_signal(p, SIGTERM);
	app_free(a);
	*a = next;
	pool_fill(p, a, fd);
}

/*
 * The supervisor: starts the workers and keeps them alive until SIGTERM,
 * then stops them gracefully and waits for them.  Returns the exit code.
 */
int
server_run(struct app *a)
{
	struct pool p;
	sigset_t block, none;
	int fd;

	if ((fd = open_socket(&a->cfg)) < 0)
		return 1;
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &none);
	handle(SIGTERM, on_signal);
	handle(SIGINT, on_signal);
	handle(SIGHUP, on_signal);
	handle(SIGCHLD, on_signal);
	p.n = a->cfg.workers;
	p.pid = xcalloc((size_t)p.n, sizeof(pid_t));
	fprintf(stderr, "corps-fcgi: %d workers on %s\n", p.n,
	    a->cfg.socket == NULL ? "fd 0" : a->cfg.socket);
	while (!got_term) {
		/* Workers inherit the mask: unblock in the child via spawn. */
		sigprocmask(SIG_SETMASK, &none, NULL);
		pool_fill(&p, a, fd);
		sigprocmask(SIG_BLOCK, &block, NULL);
		if (!got_term && !got_hup && !got_chld)
			sigsuspend(&none);
		if (got_chld) {
			got_chld = 0;
			/* A worker that dies at once must not spin the CPU. */
			if (pool_reap(&p) > 0 && !got_term)
				sleep(1);
		}
		if (got_hup) {
			got_hup = 0;
			reload(a, &p, fd);
		}
	}
	pool_signal(&p, SIGTERM);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	if (a->cfg.socket != NULL)
		unlink(a->cfg.socket);
	free(p.pid);
	return 0;
}

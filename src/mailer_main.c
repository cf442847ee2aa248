/*
 * corps-mailer: delivers the e-mail outbox (mail_outbox) over SMTP until
 * SIGTERM or SIGINT, which let the row in flight finish.  Configured by
 * the environment (README.md); refuses to start on a bad value, saying
 * which.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

#include "mailer.h"

static volatile sig_atomic_t stop;

static void
on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * Blocks SIGTERM and SIGINT (the mailer unblocks them only while it
 * waits) and sets their handler; ignores SIGPIPE (a relay that hangs up
 * is a failed send, not a death).
 */
static void
signals(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

int
main(void)
{
	struct mailer_config cfg;
	char err[512];
	int rc = 1;

	if (mailer_config_load(&cfg, err, sizeof(err)) != 0)
		fprintf(stderr, "corps-mailer: %s\n", err);
	else if (sodium_init() < 0 ||
		 curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		fprintf(stderr, "corps-mailer: cannot initialise libsodium "
				"or libcurl\n");
	else {
		signals();
		rc = mailer_run(&cfg, &stop);
		curl_global_cleanup();
	}
	mailer_config_free(&cfg);
	return rc;
}

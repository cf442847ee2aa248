#include <stdint.h>
#include <sys/mman.h>
#include <time.h>

#include "metrics.h"

#define STATUS_MIN 100
#define STATUS_MAX 600

/* The latency histogram's upper bounds, in seconds. */
static const double bounds[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
				 0.5,	1,    2.5,   5,	   10 };
#define NBOUNDS (sizeof(bounds) / sizeof(bounds[0]))

struct shared {
	uint64_t db_errors;
	uint64_t restarts;
	uint64_t hist[NBOUNDS + 1]; /* the last: +Inf */
	uint64_t sum_us;
	int64_t sampled_at; /* CLOCK_MONOTONIC seconds; 0: never */
	int64_t outbox_depth;
	int64_t outbox_age_ms;
	int nroutes;	     /* route index nroutes: no route matched */
	uint64_t requests[]; /* [nroutes + 1][STATUS_MAX - STATUS_MIN] */
};

static struct shared *m;

/*
 * Maps the shared block for nroutes routes; call before forking.
 * Returns 0, or -1 when mmap fails.
 */
int
metrics_init(int nroutes)
{
	size_t n = sizeof(*m) + (size_t)(nroutes + 1) *
				    (STATUS_MAX - STATUS_MIN) *
				    sizeof(uint64_t);
	void *p;

	p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED)
		return -1;
	m = p;
	m->nroutes = nroutes;
	return 0;
}

static void
add(uint64_t *p, uint64_t n)
{
	__atomic_fetch_add(p, n, __ATOMIC_RELAXED);
}

static uint64_t
get(const uint64_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* Counts one request of route (-1: none matched), status and duration. */
void
metrics_request(int route, int status, double secs)
{
	size_t b;

	if (m == NULL)
		return;
	if (route < 0 || route > m->nroutes)
		route = m->nroutes;
	if (status >= STATUS_MIN && status < STATUS_MAX)
		add(&m->requests[(size_t)route * (STATUS_MAX - STATUS_MIN) +
				 (size_t)(status - STATUS_MIN)],
		    1);
	for (b = 0; b < NBOUNDS && secs > bounds[b]; b++)
		;
	add(&m->hist[b], 1);
	add(&m->sum_us, (uint64_t)(secs * 1e6));
}

void
metrics_db_error(void)
{
	if (m != NULL)
		add(&m->db_errors, 1);
}

void
metrics_worker_restart(void)
{
	if (m != NULL)
		add(&m->restarts, 1);
}

static int64_t
now_secs(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec;
}

/*
 * True for the one worker that should sample the outbox now (none for
 * METRICS_SAMPLE_SECS after the last sample); it claims the turn.
 */
int
metrics_sample_due(void)
{
	int64_t last, now = now_secs();

	if (m == NULL)
		return 0;
	last = __atomic_load_n(&m->sampled_at, __ATOMIC_RELAXED);
	if (last != 0 && now - last < METRICS_SAMPLE_SECS)
		return 0;
	return __atomic_compare_exchange_n(&m->sampled_at, &last, now, 0,
					   __ATOMIC_RELAXED, __ATOMIC_RELAXED);
}

/* Stores a sample: pending mails and the oldest one's age in seconds. */
void
metrics_outbox(long depth, double age)
{
	if (m == NULL)
		return;
	__atomic_store_n(&m->outbox_depth, (int64_t)depth, __ATOMIC_RELAXED);
	__atomic_store_n(&m->outbox_age_ms, (int64_t)(age * 1000),
			 __ATOMIC_RELAXED);
	__atomic_store_n(&m->sampled_at, now_secs(), __ATOMIC_RELAXED);
}

/* Appends the request counters, labelled by route pattern and status. */
static void
write_requests(struct buf *out, const char *(*path)(int))
{
	int r, s;
	uint64_t n;

	buf_puts(out, "# HELP corps_http_requests_total Requests answered, "
		      "by route pattern and status.\n"
		      "# TYPE corps_http_requests_total counter\n");
	for (r = 0; r <= m->nroutes; r++)
		for (s = 0; s < STATUS_MAX - STATUS_MIN; s++)
			if ((n = get(&m->requests[(size_t)r * (STATUS_MAX -
							       STATUS_MIN) +
						  (size_t)s])) > 0)
				buf_printf(out,
					   "corps_http_requests_total{route=\""
					   "%s\",status=\"%d\"} %llu\n",
					   r < m->nroutes ? path(r) : "none",
					   s + STATUS_MIN,
					   (unsigned long long)n);
}

/* Appends the latency histogram (cumulative buckets). */
static void
write_histogram(struct buf *out)
{
	uint64_t c = 0;
	size_t b;

	buf_puts(out, "# HELP corps_http_request_duration_seconds Time from "
		      "accept to the response written.\n"
		      "# TYPE corps_http_request_duration_seconds histogram\n");
	for (b = 0; b <= NBOUNDS; b++) {
		c += get(&m->hist[b]);
		if (b < NBOUNDS)
			buf_printf(out,
				   "corps_http_request_duration_seconds_bucket"
				   "{le=\"%g\"} %llu\n",
				   bounds[b], (unsigned long long)c);
	}
	buf_printf(out,
		   "corps_http_request_duration_seconds_bucket{le=\"+Inf\"} "
		   "%llu\ncorps_http_request_duration_seconds_sum %.6f\n"
		   "corps_http_request_duration_seconds_count %llu\n",
		   (unsigned long long)c, (double)get(&m->sum_us) / 1e6,
		   (unsigned long long)c);
}

/*
 * Appends every metric in the Prometheus text format (version 0.0.4);
 * path(i) is route i's pattern.
 */
void
metrics_write(struct buf *out, const char *(*path)(int))
{
	int64_t at;

	if (m == NULL)
		return;
	write_requests(out, path);
	write_histogram(out);
	at = __atomic_load_n(&m->sampled_at, __ATOMIC_RELAXED);
	buf_printf(
	    out,
	    "# HELP corps_db_errors_total Statements that failed or "
	    "found no connection.\n# TYPE corps_db_errors_total counter\n"
	    "corps_db_errors_total %llu\n"
	    "# HELP corps_worker_restarts_total Workers that died and "
	    "were replaced.\n# TYPE corps_worker_restarts_total counter\n"
	    "corps_worker_restarts_total %llu\n"
	    "# HELP corps_outbox_pending Mails waiting in the outbox "
	    "(sampled).\n# TYPE corps_outbox_pending gauge\n"
	    "corps_outbox_pending %lld\n"
	    "# HELP corps_outbox_oldest_pending_seconds Age of the oldest "
	    "waiting mail (sampled).\n"
	    "# TYPE corps_outbox_oldest_pending_seconds gauge\n"
	    "corps_outbox_oldest_pending_seconds %.3f\n"
	    "# HELP corps_outbox_sample_age_seconds Age of the outbox "
	    "sample (-1: none yet).\n"
	    "# TYPE corps_outbox_sample_age_seconds gauge\n"
	    "corps_outbox_sample_age_seconds %lld\n",
	    (unsigned long long)get(&m->db_errors),
	    (unsigned long long)get(&m->restarts),
	    (long long)__atomic_load_n(&m->outbox_depth, __ATOMIC_RELAXED),
	    (double)__atomic_load_n(&m->outbox_age_ms, __ATOMIC_RELAXED) / 1000,
	    at == 0 ? -1LL : (long long)(now_secs() - at));
}

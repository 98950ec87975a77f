/* The server: the data folder, the policy in force (reloaded on SIGHUP),
 * the MHD daemon (poll, a thread pool, suspend/resume for
 * writes; started again with a reloaded TLS certificate on SIGHUP), each
 * thread's read connection, signals and the graceful stop (first-run
 * setup is firstrun.c):
 * stop accepting, finish the requests in flight, commit what the writer
 * holds, then close. */
#include "web/webInt.h"
#include "web/reportlink.h"
#include "revise/revise.h"
#include "notify/dispatch.h"
#include "notify/notify.h"
#include "render/manual.h"
#include "util/fs.h"
#include "util/timefmt.h"
#include "util/utf8.h"

#include <fcntl.h>
#include <malloc.h>
#include <netdb.h>
#include <signal.h>
#include <sodium.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_THREADS 4
#define STOP_WAIT_SECONDS 30
#define CONN_MAX 1000	     /* connections at once, all addresses */
#define CONN_PER_ADDR 64     /* from one address (an office behind NAT: 10 browsers of 6) */
#define CONN_IDLE_SECONDS 10 /* silence allowed in headers, bodies and keep-alive */
#define WEB_TLS_OLD_WAIT 600 /* a replaced daemon's connections may run this long */

/* ---- the policy ---- */

static struct web_policy *policy_load_any(const char *path, struct mo_err *e)
{
	struct web_policy *wp = calloc(1, sizeof(*wp));

	if (!wp) {
		mo_err_oom(e, NULL);
		return NULL;
	}
	pthread_mutex_init(&wp->lock, NULL);
	atomic_init(&wp->refs, 1);
	wp->loaded_at = time_now();
	if (fs_exists(path)) {
		snprintf(wp->source, sizeof(wp->source), "%s", path);
		mo_findings_init(&wp->findings, wp->source);
		wp->p = policy_load_file(path, &wp->findings);
	} else {
		snprintf(wp->source, sizeof(wp->source), "(built-in)");
		mo_findings_init(&wp->findings, wp->source);
		wp->p = policy_load_default(&wp->findings);
	}
	if (wp->p)
		policy_check(wp->p, &wp->findings);
	mo_findings_sort(&wp->findings);
	return wp;
}

static void policy_free_holder(struct web_policy *wp)
{
	policy_free(wp->p);
	mo_findings_release(&wp->findings);
	free(wp->manual_html);
	pthread_mutex_destroy(&wp->lock);
	free(wp);
}

static bool policy_usable(const struct web_policy *wp)
{
	return wp->p && !wp->findings.errors && !wp->findings.oom;
}

static void log_findings(const struct web_policy *wp)
{
	for (size_t i = 0; i < wp->findings.n; i++)
		mo_report(stderr, wp->findings.file, wp->findings.v[i].line, wp->findings.v[i].col,
			  wp->findings.v[i].severity, wp->findings.v[i].msg);
}

struct web_policy *web_policy_get(struct web_server *srv)
{
	struct web_policy *wp;

	pthread_mutex_lock(&srv->lock);
	wp = srv->pol;
	atomic_fetch_add(&wp->refs, 1);
	pthread_mutex_unlock(&srv->lock);
	return wp;
}

void web_policy_put(struct web_policy *wp)
{
	if (wp && atomic_fetch_sub(&wp->refs, 1) == 1)
		policy_free_holder(wp);
}

static const char *zone_of(const struct policy *p)
{
	return p && p->org.timezone ? p->org.timezone : "Asia/Tokyo";
}

int web_policy_reload(struct web_server *srv, struct mo_err *e)
{
	struct web_policy *wp = policy_load_any(srv->policy_path, e), *old;

	if (!wp)
		return -1;
	log_findings(wp);
	if (!policy_usable(wp)) {
		policy_free_holder(wp);
		return mo_err_set(e, srv->policy_path, 0, 0, "%s",
				  _("the policy has errors; the server keeps the one it had"));
	}
	old = web_policy_get(srv);
	/* The C library's time zone is process-wide: it is set once, before
	 * the threads start, and cannot change under them. */
	if (strcmp(zone_of(old->p), zone_of(wp->p)) != 0) {
		web_policy_put(old);
		policy_free_holder(wp);
		return mo_err_set(
			e, srv->policy_path, 0, 0, "%s",
			_("the time zone changed; restart the server to use the new policy"));
	}
	web_policy_put(old);
	pthread_mutex_lock(&srv->lock);
	old = srv->pol;
	srv->pol = wp;
	pthread_mutex_unlock(&srv->lock);
	web_policy_put(old);
	return 0;
}

/* 'sha256-…' of the text between <style> and </style>, for the CSP. */
static void style_hash(const char *html, char *out, size_t size)
{
	const char *a = strstr(html, "<style>"), *b;
	unsigned char d[crypto_hash_sha256_BYTES];
	char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES,
					   sodium_base64_VARIANT_ORIGINAL)];

	out[0] = '\0';
	if (!a)
		return;
	a += 7;
	b = strstr(a, "</style>");
	if (!b)
		return;
	crypto_hash_sha256(d, (const unsigned char *)a, (unsigned long long)(b - a));
	sodium_bin2base64(b64, sizeof(b64), d, sizeof(d), sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, size, "'sha256-%s'", b64);
}

const char *web_policy_manual(struct web_policy *wp, size_t *len, const char **csp)
{
	pthread_mutex_lock(&wp->lock);
	if (!wp->manual_html) {
		struct render_opts ro = {NULL};
		struct revise_render hist;
		struct buf b;
		struct mo_err e;
		char hash[80];
		int rc;

		buf_init(&b, 0);
		mo_err_clear(&e);
		char dir[sizeof(wp->source)], *slash;

		/* The cover's revision and 改訂履歴: the revisions beside the file. */
		snprintf(dir, sizeof(dir), "%s", wp->source);
		slash = strrchr(dir, '/');
		hist.revs = NULL;
		hist.rr = NULL;
		if (slash && wp->source[0] != '(') {
			*slash = '\0';
			revise_render_opts(dir, &ro, &hist);
		}
		rc = manual_write(wp->p, &ro, MANUAL_FULL, "html", &b, &e);
		revise_render_release(&hist);
		if (rc == 0 && !b.failed) {
			wp->manual_html = buf_detach(&b, &wp->manual_len);
			if (wp->manual_html) {
				style_hash(wp->manual_html, hash, sizeof(hash));
				snprintf(
					wp->manual_csp, sizeof(wp->manual_csp),
					"default-src 'none'; style-src %s; img-src data:; "
					"form-action 'none'; frame-ancestors 'self'; base-uri 'none'",
					hash[0] ? hash : "'none'");
			}
		}
		buf_release(&b);
	}
	pthread_mutex_unlock(&wp->lock);
	*len = wp->manual_len;
	*csp = wp->manual_csp;
	return wp->manual_html;
}

/* ---- read connections ---- */

struct store *web_reader(struct web_server *srv, struct mo_err *e)
{
	struct store *st = pthread_getspecific(srv->reader_key);

	if (st)
		return st;
	pthread_mutex_lock(&srv->readers_lock);
	if (srv->n_readers == MO_ARRAY_SIZE(srv->readers)) {
		pthread_mutex_unlock(&srv->readers_lock);
		mo_err_set(e, NULL, 0, 0, "too many threads");
		return NULL;
	}
	st = store_open(srv->db_path, 0, e);
	if (st) {
		srv->readers[srv->n_readers++] = st;
		pthread_setspecific(srv->reader_key, st);
	}
	pthread_mutex_unlock(&srv->readers_lock);
	return st;
}

/* ---- the daemon ---- */

/* Raises the soft limit of open files to want (or the hard limit) so the
 * connections allowed never run out of descriptors first. */
static void raise_file_limit(rlim_t want)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= want)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ? want : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

/* Parses "HOST:PORT" into host (size bytes) and port; -1 when malformed. */
static int web_parse_listen(const char *s, char *host, size_t size, unsigned *port)
{
	const char *colon;
	size_t hl;
	long v;
	char *end;

	if (!s || !*s)
		return -1;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':')
			return -1;
		hl = (size_t)(close - s - 1);
		colon = close + 1;
		s++;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		hl = (size_t)(colon - s);
	}
	if (hl >= size)
		return -1;
	memcpy(host, s, hl);
	host[hl] = '\0';
	errno = 0;
	v = strtol(colon + 1, &end, 10);
	if (errno || end == colon + 1 || *end || v < 0 || v > 65535)
		return -1;
	*port = (unsigned)v;
	return 0;
}

static int resolve(const char *host, unsigned port, struct sockaddr_storage *ss, bool *v6,
		   struct mo_err *e)
{
	struct addrinfo hints, *res = NULL;
	char ports[8];
	int rc;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(ports, sizeof(ports), "%u", port);
	rc = getaddrinfo(*host ? host : NULL, ports, &hints, &res);
	if (rc || !res)
		return mo_err_set(e, NULL, 0, 0, _("cannot use the address \"%s\": %s"), host,
				  gai_strerror(rc));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return 0;
}

/* libmicrohttpd's messages may quote what a client sent: one line, with
 * control characters and bytes that are not UTF-8 shown as '?', so a
 * client can neither forge log lines nor break the log's encoding. */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[1024];
	size_t i = 0, n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0'; /* libmicrohttpd ends its messages with one */
	while (msg[i]) {
		n = utf8_seq_len((const unsigned char *)msg + i);
		if (n == 0 || (n == 1 && ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7f))) {
			msg[i++] = '?';
			continue;
		}
		i += n;
	}
	fprintf(stderr, "moshimo: http: %s\n", msg);
}

static int paths(struct web_server *srv, const struct web_config *cfg, struct mo_err *e)
{
	snprintf(srv->data_dir, sizeof(srv->data_dir), "%s", cfg->data_dir);
	if (fs_join(srv->db_path, sizeof(srv->db_path), srv->data_dir, "moshimo.db") ||
	    fs_join(srv->policy_path, sizeof(srv->policy_path), srv->data_dir, "policy.yaml") ||
	    fs_join(srv->evidence_dir, sizeof(srv->evidence_dir), srv->data_dir, "evidence") ||
	    fs_join(srv->upload_dir, sizeof(srv->upload_dir), srv->data_dir, "uploads") ||
	    fs_join(srv->notify_path, sizeof(srv->notify_path), srv->data_dir, "notify.yaml"))
		return mo_err_set(e, NULL, 0, 0, "%s", _("the data folder path is too long"));
	if (fs_mkdirs(srv->data_dir, e) || fs_mkdirs(srv->evidence_dir, e) ||
	    fs_mkdirs(srv->upload_dir, e))
		return -1;
	return 0;
}

/* Starts a daemon: binding ss, or on listener (a reload: the socket the
 * running daemon listens on). */
static struct MHD_Daemon *start_daemon(struct web_server *srv, struct sockaddr_storage *ss,
				       MHD_socket listener, const char *cert, const char *key)
{
	/* Connections: one address (a flood, a slow sender) may hold only
	 * CONN_PER_ADDR of the CONN_MAX, and a connection that sends nothing
	 * for CONN_IDLE_SECONDS, in its headers or between requests, is
	 * closed; the rest keep being served. */
	struct MHD_OptionItem opts[] = {
		{MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, NULL},
		{ss ? MHD_OPTION_SOCK_ADDR : MHD_OPTION_LISTEN_SOCKET, (intptr_t)listener, ss},
		{MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)srv->mhd_threads, NULL},
		{MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)web_completed, srv},
		{MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)web_uri_log, srv},
		{MHD_OPTION_NOTIFY_CONNECTION, (intptr_t)web_conn_notify, srv},
		{MHD_OPTION_CONNECTION_TIMEOUT, CONN_IDLE_SECONDS, NULL},
		{MHD_OPTION_CONNECTION_LIMIT, CONN_MAX, NULL},
		{MHD_OPTION_PER_IP_CONNECTION_LIMIT, CONN_PER_ADDR, NULL},
		{MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, NULL},
		/* Without TLS the list ends here. */
		{srv->tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, (void *)key},
		{MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)cert},
		{MHD_OPTION_END, 0, NULL},
	};

	return MHD_start_daemon(srv->mhd_flags, 0, NULL, NULL, web_access, srv, MHD_OPTION_ARRAY,
				opts, MHD_OPTION_END);
}

static void free_pem(char *cert, char *key)
{
	if (key) {
		sodium_memzero(key, strlen(key));
		free(key);
	}
	free(cert);
}

static void stop_old(struct web_server *srv, size_t i)
{
	struct web_tls_old *o = &srv->tls_old[i];

	MHD_stop_daemon(o->daemon);
	close(o->listener);
	free_pem(o->cert, o->key);
	memmove(o, o + 1, (srv->n_tls_old - i - 1) * sizeof(*o));
	srv->n_tls_old--;
}

/* Stops the daemons a reload replaced whose connections have ended, or
 * that waited WEB_TLS_OLD_WAIT seconds; all of them when all is set. */
static void reap_old(struct web_server *srv, bool all)
{
	int64_t now = time_now();

	for (size_t i = srv->n_tls_old; i-- > 0;) {
		struct web_tls_old *o = &srv->tls_old[i];
		const union MHD_DaemonInfo *info =
			MHD_get_daemon_info(o->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

		if (all || (info && info->num_connections == 0) ||
		    now - o->since >= WEB_TLS_OLD_WAIT)
			stop_old(srv, i);
	}
}

/* SIGHUP with TLS: reads the certificate and key again and, when a daemon
 * starts with them (gnutls checks that they parse and that the key is the
 * certificate's), lets it take the listening socket; the old daemon
 * finishes its connections. On any error the old daemon keeps serving. */
static int tls_reload(struct web_server *srv, struct mo_err *e)
{
	const struct web_config *cfg = srv->cfg;
	char *cert = NULL, *key = NULL;
	struct MHD_Daemon *fresh;
	const union MHD_DaemonInfo *info;
	MHD_socket dup_fd, old_fd;
	int rc = -1;

	if (fs_read_file(cfg->tls_cert, 1 << 20, &cert, NULL, e) ||
	    fs_read_file(cfg->tls_key, 1 << 20, &key, NULL, e)) {
		char why[sizeof(e->msg)], file[sizeof(e->file)];

		snprintf(why, sizeof(why), "%s", e->msg);
		snprintf(file, sizeof(file), "%s", e->file);
		mo_err_set(e, file[0] ? file : NULL, 0, 0,
			   _("%s; the TLS certificate was not reloaded, the old one stays in use"),
			   why);
		goto out;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_LISTEN_FD);
	/* The new daemon gets a duplicate: a daemon that fails to start
	 * closes the socket it was given. */
	if (!info || info->listen_fd == MHD_INVALID_SOCKET ||
	    (dup_fd = fcntl(info->listen_fd, F_DUPFD_CLOEXEC, 0)) < 0) {
		mo_err_set(e, NULL, 0, 0, "%s",
			   _("cannot reload the TLS certificate: no listening socket"));
		goto out;
	}
	fresh = start_daemon(srv, NULL, dup_fd, cert, key);
	if (!fresh) {
		mo_err_set(e, cfg->tls_cert, 0, 0, "%s",
			   _("the new TLS certificate or key does not load (not PEM, or the key is "
			     "not the certificate's); the old certificate stays in use"));
		goto out;
	}
	if (srv->n_tls_old == WEB_TLS_OLD_MAX)
		/* Reloads faster than connections end: the oldest goes now. */
		stop_old(srv, 0);
	/* Both daemons accept on the socket until the old one lets it go;
	 * its descriptor is closed once it has stopped. */
	old_fd = MHD_quiesce_daemon(srv->daemon);
	if (old_fd == MHD_INVALID_SOCKET) {
		MHD_stop_daemon(fresh);
		mo_err_set(e, NULL, 0, 0, "%s",
			   _("cannot reload the TLS certificate: the server would not hand over "
			     "its socket; the old certificate stays in use"));
		goto out;
	}
	srv->tls_old[srv->n_tls_old++] =
		(struct web_tls_old){srv->daemon, old_fd, srv->tls_cert_pem, srv->tls_key_pem,
				     time_now()};
	srv->daemon = fresh;
	srv->tls_cert_pem = cert;
	srv->tls_key_pem = key;
	cert = key = NULL;
	rc = 0;
out:
	free_pem(cert, key);
	return rc;
}

static int wait_signals(struct web_server *srv, const sigset_t *set)
{
	for (;;) {
		struct timespec tick = {1, 0};
		int sig;
		struct mo_err e;

		/* Each second, the daemons a reload replaced that are done stop. */
		sig = sigtimedwait(set, NULL, &tick);
		if (srv->n_tls_old)
			reap_old(srv, false);
		if (sig < 0)
			continue;
		if (sig == SIGHUP) {
			struct mo_findings f;
			char *text = NULL;
			size_t len = 0;
			int rev = 0, rc;

			mo_err_clear(&e);
			mo_findings_init(&f, srv->policy_path);
			/* Through revise_save: a revision, the documents made again. */
			rc = web_policy_save_file(srv, "SIGHUP", &f, &text, &len, &rev, &e);
			if (rc > 0)
				mo_report_findings(stderr, &f);
			if (rc > 0)
				fprintf(stderr, "moshimo: %s\n",
					_("the policy has errors; the server keeps the one it had"));
			else if (rc < 0)
				mo_report_err(stderr, &e);
			else
				fprintf(stderr, "moshimo: %s\n", _("policy reloaded"));
			mo_findings_release(&f);
			free(text);
			if (!srv->tls)
				continue;
			mo_err_clear(&e);
			if (tls_reload(srv, &e))
				mo_report_err(stderr, &e);
			else
				fprintf(stderr, "moshimo: %s\n", _("TLS certificate reloaded"));
			continue;
		}
		if (sig == SIGTERM || sig == SIGINT)
			return sig;
	}
}

/* Stops taking requests, lets those in flight finish (their writes commit
 * through the writer), then stops the writer. */
static void drain(struct web_server *srv)
{
	struct timespec ts = {0, 5 * 1000 * 1000};
	int waited = 0;

	MHD_socket listener;

	atomic_store(&srv->stopping, true);
	/* The daemon hands the listening socket back: closing it refuses new
	 * connections at once. */
	listener = MHD_quiesce_daemon(srv->daemon);
	if (listener != MHD_INVALID_SOCKET) {
		/* After a certificate reload the daemons it replaced still
		 * hold the socket open (until they stop): shut it down. */
		if (srv->n_tls_old)
			shutdown(listener, SHUT_RDWR);
		close(listener);
	}
	/* Logins waiting for their throttle's time are answered now. */
	pwpool_stop(srv->pwpool);
	while (atomic_load(&srv->inflight) > 0 && waited < STOP_WAIT_SECONDS * 200) {
		nanosleep(&ts, NULL);
		waited++;
	}
	writer_stop(srv->writer);
	srv->writer = NULL;
	notify_dispatch_stop(srv->dispatch);
	srv->dispatch = NULL;
}

int web_serve(const struct web_config *cfg, struct mo_err *e)
{
	struct web_server *srv = calloc(1, sizeof(*srv));
	struct sockaddr_storage ss;
	struct web_firstrun setup;
	sigset_t set;
	char host[256], base[400], *cert = NULL, *key = NULL, zone_probe[MO_TIME_MAX];
	unsigned port;
	const union MHD_DaemonInfo *info;
	bool v6 = false;
	int rc = -1;
	FILE *out = cfg->out ? cfg->out : stdout;

	if (!srv)
		return mo_err_oom(e, NULL);
	/* The writer allocates and frees a lot per batch; giving memory back to
	 * the kernel after every batch (madvise, then page faults to get it
	 * again) cost a fifth of its time. Keep up to 64 MiB. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 8 << 20);
	srv->cfg = cfg;
	srv->started = time_now();
	pthread_mutex_init(&srv->lock, NULL);
	pthread_mutex_init(&srv->readers_lock, NULL);
	pthread_mutex_init(&srv->pwhash_lock, NULL);
	pthread_key_create(&srv->reader_key, NULL);
	atomic_init(&srv->inflight, 0);
	atomic_init(&srv->stopping, false);
	memset(&setup, 0, sizeof(setup));
	setup.srv = srv;

	/* Every thread started from here on inherits the mask: only the main
	 * thread takes the signals, in sigtimedwait. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (sodium_init() < 0) {
		mo_err_set(e, NULL, 0, 0, "libsodium cannot start");
		goto out;
	}
	if (web_parse_listen(cfg->listen, host, sizeof(host), &port)) {
		mo_err_set(e, NULL, 0, 0, _("--listen wants HOST:PORT, not \"%s\""), cfg->listen);
		goto out;
	}
	if (resolve(host, port, &ss, &v6, e) || paths(srv, cfg, e))
		goto out;
	if ((cfg->tls_cert != NULL) != (cfg->tls_key != NULL)) {
		mo_err_set(e, NULL, 0, 0, "%s", _("--tls-cert and --tls-key go together"));
		goto out;
	}
	if (cfg->tls_cert) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			mo_err_set(e, NULL, 0, 0, "%s", _("this libmicrohttpd has no TLS"));
			goto out;
		}
		if (fs_read_file(cfg->tls_cert, 1 << 20, &cert, NULL, e) ||
		    fs_read_file(cfg->tls_key, 1 << 20, &key, NULL, e))
			goto out;
		srv->tls = true;
	}
	srv->pol = policy_load_any(srv->policy_path, e);
	if (!srv->pol)
		goto out;
	if (!policy_usable(srv->pol)) {
		log_findings(srv->pol);
		mo_err_set(e, srv->policy_path, 0, 0, "%s",
			   _("the policy has errors; fix them first (moshimo check)"));
		goto out;
	}
	/* Sets the C library's time zone once, before any other thread. */
	time_format_zone(0, zone_of(srv->pol->p), false, zone_probe, sizeof(zone_probe));

	/* notify.yaml: errors stop the start, as the policy's do; none means
	 * nothing is sent (the report page says so and gives the numbers). */
	if (notify_conf_load(srv->notify_path, &srv->notify_owned, e) < 0)
		goto out;
	srv->notify = srv->notify_owned;
	srv->public_url = cfg->public_url;
	if (!srv->notify)
		fprintf(stderr, "moshimo: %s\n",
			_("no notify.yaml: moshimo sends no messages until one is configured"));
	srv->writer = writer_start(srv, e);
	if (!srv->writer)
		goto out;
	srv->pwpool = pwpool_start(e);
	if (!srv->pwpool)
		goto out;
	srv->dispatch = notify_dispatch_start(srv->db_path, srv->notify, e);
	if (!srv->dispatch)
		goto out;
	srv->escalator = escalator_start(srv, e);
	if (!srv->escalator)
		goto out;
	if (web_submit_sync(srv, srv->pol->p, "moshimo", web_firstrun_job, &setup, e))
		goto out;

	/* poll(), not epoll: libmicrohttpd 0.9.75 (Debian 12) aborts when
	 * MHD_quiesce_daemon() of an epoll thread pool races a worker taking
	 * the listening socket out of its set (daemon.c, "Failed to remove
	 * listen FD from epoll set"), and the stop and the certificate reload
	 * both quiesce. With poll() the workers are told through their ITC. */
	srv->mhd_flags = MHD_USE_POLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME |
			 MHD_USE_ERROR_LOG | MHD_USE_ITC | (v6 ? MHD_USE_IPv6 : 0) |
			 (srv->tls ? MHD_USE_TLS : 0);
	srv->mhd_threads = cfg->threads ? cfg->threads : DEFAULT_THREADS;
	/* Two descriptors a connection: its own and the header watch's. */
	raise_file_limit(2 * CONN_MAX + 256);
	srv->daemon = start_daemon(srv, &ss, MHD_INVALID_SOCKET, cert, key);
	srv->tls_cert_pem = cert;
	srv->tls_key_pem = key;
	cert = key = NULL;
	if (!srv->daemon) {
		mo_err_set(e, NULL, 0, 0, _("cannot listen on %s (in use, or not allowed)"),
			   cfg->listen);
		goto out;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (info)
		port = info->port;
	snprintf(base, sizeof(base), "%s://%s%s%s:%u/", srv->tls ? "https" : "http", v6 ? "[" : "",
		 *host ? host : "0.0.0.0", v6 ? "]" : "", port);
	{
		char link_base[400];

		/* the printed link: the public URL, or the LAN address, never 0.0.0.0 */
		web_link_base(srv, srv->pol->p, base, link_base, sizeof(link_base));
		(void)!snprintf(link_base + strlen(link_base),
				sizeof(link_base) - strlen(link_base), "/");
		web_firstrun_print(srv, &setup, link_base);
	}
	sodium_memzero(&setup, sizeof(setup));
	fprintf(out, "moshimo: listening on %s\n", base);
	fflush(out);

	wait_signals(srv, &set);
	fprintf(stderr, "moshimo: %s\n", _("stopping: finishing the requests in flight"));
	drain(srv);
	MHD_stop_daemon(srv->daemon);
	srv->daemon = NULL;
	reap_old(srv, true);
	fprintf(stderr, "moshimo: %s\n", _("stopped"));
	rc = 0;
out:
	if (srv->daemon) {
		atomic_store(&srv->stopping, true);
		MHD_stop_daemon(srv->daemon);
	}
	reap_old(srv, true);
	free_pem(srv->tls_cert_pem, srv->tls_key_pem);
	pwpool_free(srv->pwpool);
	escalator_stop(srv->escalator);
	writer_stop(srv->writer);
	notify_dispatch_stop(srv->dispatch);
	notify_conf_free(srv->notify_owned);
	for (size_t i = 0; i < srv->n_readers; i++)
		store_close(srv->readers[i]);
	if (srv->pol)
		web_policy_put(srv->pol);
	free_pem(cert, key);
	pthread_key_delete(srv->reader_key);
	sodium_memzero(srv->csrf_key, sizeof(srv->csrf_key));
	free(srv);
	return rc;
}

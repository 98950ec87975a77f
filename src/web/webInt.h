/* Inside web/: the server, the request a handler gets, the route table,
 * replies, who is asking (auth), the single writer, and the page writer.
 * MHD_* calls stay in web/ (STYLE.md); handlers see struct web_req. */
#ifndef MO_WEB_INT_H
#define MO_WEB_INT_H

#include "auth/auth.h"
#include "engine/engine.h"
#include "policy/policy.h"
#include "store/auth.h"
#include "util/buf.h"
#include "util/html.h"
#include "web/web.h"

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>

enum principal_kind {
	WHO_ANON,
	WHO_USER,  /* a session cookie */
	WHO_TOKEN, /* an API token */
	WHO_LINK,  /* the report link, no account */
};

/* Who is asking, as the dispatcher found out before the handler runs. */
struct principal {
	enum principal_kind kind;
	enum auth_role role;
	struct store_user user;		   /* WHO_USER */
	int64_t token_id;		   /* WHO_TOKEN */
	char id[48];			   /* "user:3", "token:5", "link": report_owners */
	char name[STORE_DISPLAY_MAX + 16]; /* recorded as who did it */
	char session[STORE_HASH_HEX];	   /* the session's hash (WHO_USER) */
	char csrf[80];			   /* the token forms must carry */
};

/* ---- The server (server.c) ---- */

/* The policy in force with what `check` said of it; requests hold a
 * reference so SIGHUP can replace it under them. */
struct web_policy {
	struct policy *p;
	struct mo_findings findings;
	char source[1024]; /* the file, or "(built-in)" */
	int64_t loaded_at;
	atomic_int refs;
	pthread_mutex_t lock; /* guards the cached renderings */
	char *manual_html;    /* the HTML manual, rendered on first use */
	size_t manual_len;
	char manual_csp[200]; /* its CSP: the hash of its <style> */
};

struct web_writer;
struct web_pwpool;

/* A daemon replaced by a certificate reload: it accepts nothing more and is
 * stopped once its connections end (or after WEB_TLS_OLD_WAIT seconds). */
struct web_tls_old {
	struct MHD_Daemon *daemon;
	int listener;	  /* its socket, closed after it stops */
	char *cert, *key; /* the PEM it was started with */
	int64_t since;
};

#define WEB_TLS_OLD_MAX 4

struct web_server {
	const struct web_config *cfg;
	char data_dir[1024];
	char db_path[1100];
	char policy_path[1100];
	char evidence_dir[1100];
	char upload_dir[1200];
	bool tls;
	struct MHD_Daemon *daemon;
	unsigned mhd_flags, mhd_threads;  /* how daemon was started (again on reload) */
	char *tls_cert_pem, *tls_key_pem; /* daemon's certificate and key */
	struct web_tls_old tls_old[WEB_TLS_OLD_MAX];
	size_t n_tls_old;
	pthread_mutex_t lock; /* guards pol and link_hash */
	struct web_policy *pol;
	char link_hash[STORE_HASH_HEX]; /* the report link's token hash, "" when none */
	unsigned char csrf_key[32];	/* the key of the forms' CSRF tokens */
	struct web_writer *writer;
	struct web_pwpool *pwpool; /* password hashing (pwpool.c) */
	pthread_key_t reader_key;  /* each HTTP thread's read connection */
	pthread_mutex_t readers_lock;
	struct store *readers[64]; /* every read connection, closed at the end */
	size_t n_readers;
	atomic_int inflight;  /* requests begun and not completed */
	atomic_size_t bodies; /* bytes of request bodies reserved (WEB_BODIES_MAX) */
	atomic_bool stopping;
	pthread_mutex_t pwhash_lock; /* argon2id runs one at a time (memory) */
	int64_t started;
	const struct notify_conf *notify; /* DATA/notify.yaml; NULL when absent */
	struct notify_conf *notify_owned;
	const char *public_url; /* --public-url; may be NULL */
	char notify_path[1100];
	struct notify_dispatch *dispatch; /* the outbox's sender thread */
	struct web_escalator *escalator;  /* the escalation tick's thread (escalate.c) */
};

/* The policy in force, with a reference the caller releases. */
struct web_policy *web_policy_get(struct web_server *srv);
void web_policy_put(struct web_policy *wp);
/* Loads the policy file (or the built-in one); keeps the old one and
 * returns -1 with the findings logged when the new one has errors. */
int web_policy_reload(struct web_server *srv, struct mo_err *e);
/* The HTML manual of wp (rendered once); NULL when it cannot be rendered. */
const char *web_policy_manual(struct web_policy *wp, size_t *len, const char **csp);

/* This thread's read connection (opened on first use); NULL with e set. */
struct store *web_reader(struct web_server *srv, struct mo_err *e);

/* ---- Requests (request.c) ---- */

#define WEB_FORM_MAX 96

struct form {
	size_t n;
	struct {
		char *key;
		char *value;
	} v[WEB_FORM_MAX];
};

struct upload {
	int fd;				       /* the temporary file, -1 when none */
#define UPLOAD_NAME_MAX 128		       /* a safe file name's bytes, NUL included */
	char dir[1250];			       /* its folder */
	char path[1250 + 1 + UPLOAD_NAME_MAX]; /* dir/name: never cut */
	char name[256]; /* the browser's file name, made safe (upload_name) */
	int64_t size;
	bool too_big;
};

typedef int (*web_job_fn)(struct engine *en, void *arg, struct mo_err *e);
struct web_req;
typedef int (*web_done_fn)(struct web_req *r, int rc, const struct mo_err *e);

/* One write: run by the writer inside the batch's transaction. */
struct web_job {
	web_job_fn fn;
	void *arg;
	const struct policy *p;
	char who[STORE_DISPLAY_MAX + 16];
	char login[STORE_NAME_MAX + 16]; /* "user:NAME", "token:ID", "link" */
	int rc;
	struct mo_err err;
	struct MHD_Connection *conn; /* resumed when done; NULL for sync */
	pthread_mutex_t *sync_lock;  /* sync jobs: signalled when done */
	pthread_cond_t *sync_cond;
	bool done;
	struct web_job *next;
};

enum req_state {
	REQ_NEW,
	REQ_BODY,
	REQ_WAITING, /* a job is with the writer, the connection suspended */
	REQ_REPLIED,
};

struct route;

struct web_req {
	struct web_server *srv;
	struct MHD_Connection *conn;
	const struct route *route;
	const char *method;
	char path[512];	    /* without the query */
	char log_path[160]; /* as the access log shows it */
	int64_t t0_ns;
	enum req_state state;
	struct web_policy *pol;
	const struct policy *p;
	struct principal who;
	/* from the route's pattern */
	int64_t id;	 /* {id} */
	int n;		 /* {n} */
	char token[256]; /* {token}: up to LINKTOKEN_MAX */
	/* body */
	struct buf body;
	size_t limit;
	size_t reserved; /* of srv->bodies */
	bool too_big;
	bool bad_body;
	bool multipart; /* the body is read as multipart/form-data (an upload) */
	struct form form;
	json_t *json;
	struct MHD_PostProcessor *pp;
	struct upload up;
	/* a write in progress */
	struct web_job job;
	void *arg;
	void (*arg_free)(void *arg);
	web_done_fn done;
	/* the reply */
	struct {
		const char *name; /* a literal */
		char value[512];
	} hdrs[4];
	size_t n_hdrs;
	unsigned status;
	size_t sent;
};

/* A query parameter or header; NULL when absent. */
const char *web_query(struct web_req *r, const char *key);
const char *web_header(struct web_req *r, const char *name);
/* A field of the form body; NULL when absent. */
const char *web_form(struct web_req *r, const char *key);
/* Every value of a repeated field, in order: how many were written. */
size_t web_form_all(struct web_req *r, const char *key, const char **out, size_t max);
/* Parses an application/x-www-form-urlencoded body into f (the strings are
 * malloc'd; form_release frees them). -1 when malformed or too many. */
int form_parse(const char *body, size_t len, struct form *f) MO_WUR;
void form_release(struct form *f);
/* A whole-number query parameter in [min, max]; def when absent; -1 when
 * present and not such a number. */
int web_query_long(struct web_req *r, const char *key, long min, long max, long def,
		   long *out) MO_WUR;
/* True when s is valid UTF-8 without control characters (newlines and
 * tabs allowed when multiline): what a person may type. */
bool web_text_ok(const char *s, bool multiline);
/* The client's address as text. */
void web_client_addr(struct web_req *r, char *out, size_t size);

/* ---- Replies (reply.c, headers.c) ---- */

enum reply_kind {
	REPLY_PAGE, /* our HTML: the strict CSP */
	REPLY_JSON,
	REPLY_TEXT,
	REPLY_DOC, /* a rendered document: its own CSP */
	REPLY_CSS,
	REPLY_DOWNLOAD, /* an attachment */
};

/* The security headers of every reply (headers.c). csp may be NULL for
 * the default of kind. */
void web_headers(struct web_req *r, struct MHD_Response *resp, enum reply_kind kind,
		 const char *csp);

/* Adds a header (name a literal) to the reply this request will send. */
void web_add_header(struct web_req *r, const char *name, const char *value);
/* Each queues one reply and returns 0, or -1 when MHD refused (then the
 * connection is closed). data is copied. */
int web_reply(struct web_req *r, unsigned status, enum reply_kind kind, const char *type,
	      const void *data, size_t len, const char *csp, const char *filename);
int web_reply_page(struct web_req *r, unsigned status, struct buf *page);
/* 200 with the open file fd (taken: closed in every case) of size bytes
 * as an attachment named filename (application/octet-stream). */
int web_reply_file(struct web_req *r, int fd, uint64_t size, const char *filename);
/* Takes ownership of j. */
int web_reply_json(struct web_req *r, unsigned status, json_t *j);
/* {"error":{"code","message"}} on API routes, an error page otherwise. */
int web_reply_error(struct web_req *r, unsigned status, const char *code, const char *message);
/* The reply for an error by its code (util/err.h's table): 4xx with its
 * message; 5xx with a fixed text and a request id, the message going to
 * the log under that id (never SQLite's words to a client). */
int web_reply_err(struct web_req *r, const struct mo_err *e);
/* The same for an error that can only be the machine's (a read that
 * failed): 5xx whatever e's code says. */
int web_reply_fail(struct web_req *r, const struct mo_err *e);
/* True when p is a path of this site and nothing a browser could read as
 * another: one "/" first, printable ASCII without spaces, backslashes,
 * quotes or angle brackets, shorter than 512 bytes. */
bool web_local_path(const char *p);
/* 303 See Other to a path of ours (web_local_path, else "/"). */
int web_redirect(struct web_req *r, const char *path);
/* A redirect to path built from fmt (numbers only in the arguments). */
int web_redirectf(struct web_req *r, const char *fmt, ...) MO_PRINTF(2, 3);

/* ---- Who is asking (auth.c) ---- */

#define WEB_SESSION_COOKIE "moshimo_session" /* "__Host-" before it under TLS */
#define WEB_DEVICE_COOKIE "moshimo_device"   /* this browser logged in before */
#define WEB_LOGIN_COOKIE "moshimo_login"     /* before a session: the login form's */
#define WEB_LOGIN_COOKIE_SECONDS (12 * 3600)
#define WEB_SESSION_SECONDS (12 * 3600)
#define WEB_LOGIN_WINDOW (15 * 60)
#define WEB_LOGIN_MAX_FAILURES 5       /* per user name */
#define WEB_LOGIN_MAX_ADDR_FAILURES 20 /* per address (an office shares one) */

/* Fills r->who from the session cookie, the Bearer token or the report
 * link in the path ({token}). 0, or -1 on a database error. */
int auth_identify(struct web_req *r, struct mo_err *e) MO_WUR;
/* True when the form's "csrf" field is the one r->who expects. */
bool auth_csrf_ok(struct web_req *r);
/* A new session for user u: the Set-Cookie value to send (with its
 * attributes) in cookie, the hash to store in hash. */
void auth_session_new(struct web_server *srv, char *cookie, size_t size, char hash[STORE_HASH_HEX]);
/* The Set-Cookie value that ends the session. */
void auth_session_clear(struct web_server *srv, char *cookie, size_t size);
/* The Set-Cookie value saying this browser logged in as user_id (signed,
 * 180 days): later, the right password from it gets through even while
 * the name is being attacked. */
void auth_device_new(struct web_server *srv, int64_t user_id, char *cookie, size_t size);
/* True when r carries a valid device cookie: its user and its own id. */
bool auth_device_check(struct web_req *r, int64_t *user_id, char *id, size_t size);
/* The login form's CSRF token: a MAC of the browser's pre-session cookie,
 * which is created (Set-Cookie added to r's reply) when it has none. */
void auth_login_csrf(struct web_req *r, char *out, size_t size);
/* True when token belongs to r's pre-session cookie (constant time). */
bool auth_login_csrf_ok(struct web_req *r, const char *token);
/* True when {token} of r's path is the report link in force. */
bool auth_link_valid(struct web_req *r);
/* The report link's path for token: "/r/TOKEN". */
void auth_link_path(const char *token, char *out, size_t size);

/* ---- First run (firstrun.c) ---- */

/* What the first start created: the secrets to print once, "" when that
 * thing existed already. */
struct web_firstrun {
	struct web_server *srv;
	char admin_password[32]; /* set when the admin was created now */
	char link_token[64];	 /* set when the report link was created now */
};

/* A writer job (arg: struct web_firstrun): loads or makes srv's CSRF key,
 * loads or makes the report link (srv->link_hash), creates the user "admin"
 * (must change the password) when there is no user, and purges expired
 * sessions. 0, or -1 with e set. */
int web_firstrun_job(struct engine *en, void *arg, struct mo_err *e) MO_WUR;
/* Prints what s created (the admin's password, the report link under base,
 * which ends in "/") to the server's output; nothing when nothing was. */
void web_firstrun_print(struct web_server *srv, const struct web_firstrun *s, const char *base);

/* ---- The writer (writer.c) ---- */

struct web_writer *writer_start(struct web_server *srv, struct mo_err *e);
/* Finishes every queued job, commits, and stops the thread. */
void writer_stop(struct web_writer *w);
/* The jobs queued and not yet taken into a batch (tests build a batch of
 * their choosing by holding the writer in a job until these are queued). */
size_t writer_pending(struct web_writer *w);
/* Queues fn(arg) for the next batch and suspends the request; when it has
 * been committed (or failed), done(r, rc, e) runs on an HTTP thread to
 * reply. arg_free (may be NULL) frees arg when the request ends. Returns
 * 0, or -1 when the writer is stopping (nothing was queued). */
int web_submit(struct web_req *r, web_job_fn fn, void *arg, void (*arg_free)(void *),
	       web_done_fn done) MO_WUR;
/* Runs fn(arg) through the writer and waits for its commit (startup, CLI-
 * like work on the main thread). */
int web_submit_sync(struct web_server *srv, const struct policy *p, const char *who, web_job_fn fn,
		    void *arg, struct mo_err *e) MO_WUR;

/* ---- Password hashing (pwpool.c) ---- */

struct web_pwpool *pwpool_start(struct mo_err *e);
/* Finishes every queued job (the delayed ones at once) and stops the
 * threads; later submits fail. pwpool_free also frees it. */
void pwpool_stop(struct web_pwpool *p);
void pwpool_free(struct web_pwpool *p);
/* Suspends r and runs fn(arg) on a hashing thread, not before delay_ms
 * from now; then done(r, fn's result, e) runs on an HTTP thread to reply.
 * arg_free (may be NULL) frees arg when the request ends. -1 when the
 * queue is full or the server stopping (nothing queued: reply 503). */
int web_pw_submit(struct web_req *r, int (*fn)(void *arg), void *arg, void (*arg_free)(void *),
		  int64_t delay_ms, web_done_fn done) MO_WUR;
/* Runs fn(arg) on a hashing thread and waits for it: fn's result, or -2
 * when the queue is full or the server stopping. */
int web_pw_run(struct web_server *srv, int (*fn)(void *arg), void *arg) MO_WUR;

/* ---- The escalation tick (escalate.c) ---- */

struct web_escalator *escalator_start(struct web_server *srv, struct mo_err *e);
/* Finishes the tick in progress and stops the thread. t may be NULL. */
void escalator_stop(struct web_escalator *t);

/* ---- Routes (routes.c) ---- */

typedef int (*web_handler)(struct web_req *r);

enum route_flags {
	RF_API = 1 << 0,	 /* JSON API: Bearer tokens, JSON errors */
	RF_JSON = 1 << 1,	 /* the body is application/json */
	RF_FORM = 1 << 2,	 /* the body is a urlencoded form with a CSRF token */
	RF_UPLOAD = 1 << 3,	 /* the body is multipart/form-data with a CSRF token */
	RF_PUBLIC = 1 << 4,	 /* no account needed (role is ignored) */
	RF_LINK = 1 << 5,	 /* also open with the report link in {token} */
	RF_ANON_FORM = 1 << 6,	 /* a form posted without a session (login) */
	RF_SECRET_PATH = 1 << 7, /* the path holds a secret: the log shows the pattern */
};

struct route {
	const char *method;
	const char *pattern; /* "/api/v1/incidents/{id}/steps/{n}" */
	web_handler fn;
	enum auth_role role;
	unsigned flags;
};

extern const struct route web_routes[];
extern const size_t web_routes_count;

#define WEB_BODY_MAX ((size_t)1 << 20) /* JSON */
#define WEB_FORM_BODY_MAX                                                                          \
	((size_t)16 << 10)			 /* a form (a urlencoded Japanese                  \
						    character takes 9 bytes) */
#define WEB_ANON_BODY_MAX ((size_t)4 << 10)	 /* the login form */
#define WEB_UPLOAD_MAX ((size_t)32 << 20)	 /* evidence files (to disk) */
#define WEB_UPLOAD_FIELDS_MAX ((size_t)64 << 10) /* an upload's other fields */
/* The bodies held in memory across all connections, reserved as each
 * request starts (its Content-Length, or its route's limit); beyond it
 * requests get 503 with Retry-After. */
#define WEB_BODIES_MAX ((size_t)32 << 20)

/* The MHD callbacks (dispatch.c). */
enum MHD_Result web_access(void *cls, struct MHD_Connection *conn, const char *url,
			   const char *method, const char *version, const char *upload_data,
			   size_t *upload_data_size, void **con_cls);
void web_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
		   enum MHD_RequestTerminationCode toe);
/* The route for r->path and r->method (filling r->id, r->n, r->token);
 * NULL with *wrong_method set and the methods that would do in allow when
 * only the method did not match. HEAD is served by the GET routes. */
const struct route *web_route_find(struct web_req *r, bool *wrong_method, char *allow, size_t size);
/* The post processor's iterator of an upload: the first file into a
 * folder of its own under r->srv->upload_dir (r->up), the other fields
 * into r->form. */
enum MHD_Result web_upload_iter(void *cls, enum MHD_ValueKind kind, const char *key,
				const char *filename, const char *content_type,
				const char *transfer_encoding, const char *data, uint64_t off,
				size_t size);
/* MHD_OPTION_NOTIFY_CONNECTION: the deadline for a connection's headers. */
void web_conn_notify(void *cls, struct MHD_Connection *conn, void **socket_context,
		     enum MHD_ConnectionNotificationCode code);
/* MHD_OPTION_URI_LOG_CALLBACK: sees the URL before it is decoded. */
void *web_uri_log(void *cls, const char *uri, struct MHD_Connection *conn);

/* ---- Pages (page.c) ---- */

/* The page's head, the header with the navigation for r->who, and <main>. */
void page_start(struct web_req *r, struct buf *b, const char *title);
/* The same, and the page reloads itself every seconds while open
 * (<meta http-equiv="refresh">: the CSP allows no script). */
void page_start_refresh(struct web_req *r, struct buf *b, const char *title, int seconds);
void page_end(struct web_req *r, struct buf *b);
/* <input type=hidden name=csrf> with r->who's token. */
void page_csrf(struct web_req *r, struct buf *b);
/* ` name="path"` for a path of ours built from fmt; the arguments must be
 * numbers or strings of ours (the value is escaped all the same). */
#define page_attr_path(b, name, ...) page_attr_path_((b), "" name "", __VA_ARGS__)
#define page_href(b, ...) page_attr_path_((b), "href", __VA_ARGS__)
#define page_action(b, ...) page_attr_path_((b), "action", __VA_ARGS__)
void page_attr_path_(struct buf *b, const char *name, const char *fmt, ...) MO_PRINTF(3, 4);
/* A number as text. */
void page_int(struct buf *b, long long v);
/* A time in the policy's zone ("2026-11-22 10:00"), "-" when none. */
void page_time(struct web_req *r, struct buf *b, int64_t t);
/* "INC-0012". */
void page_ref(struct buf *b, int64_t id);
/* <p class="flash"> for the message key in ?msg= (fixed texts only). */
void page_flash(struct web_req *r, struct buf *b);
/* An error next to the field id (<p id="ID-err">), and the attributes
 * that tie the field to it; nothing when msg is NULL. id is ours. */
void page_field_error(struct buf *b, const char *id, const char *msg);
void page_field_invalid(struct buf *b, const char *id, const char *msg);
/* typed (as a person types it, or a datetime-local value) in the
 * policy's zone as "2026-11-22T10:00"; false when it is no date. */
bool page_time_local(struct web_req *r, const char *typed, char *out, size_t size);
/* A date-and-time field: <input type=datetime-local> showing typed in the
 * policy's zone; a text field keeping typed as it was when it is no date;
 * msg (may be NULL) next to it. */
void page_datetime(struct web_req *r, struct buf *b, const char *id, const char *name,
		   const char *typed, const char *msg);
/* <div class="error"> with msg escaped. */
void page_error(struct buf *b, const char *msg);
/* <span class="lv lvN">レベルN</span>. */
void page_level(struct buf *b, int level);

/* The stylesheet (css.c). */
extern const char web_css[];
extern const size_t web_css_len;

/* ---- Notifications (pages_notify.c) ---- */

struct outbox_stats;
/* Whom the report incident id told, by the outbox, as a list; or the
 * 「通知の送り先が設定されていません」 box. Returns how many. */
size_t notify_told_html(struct web_req *r, struct buf *b, int64_t id);
/* The same as a JSON array (the API's 201). */
json_t *notify_told_json(struct web_req *r, int64_t id);
/* The outbox's counts now; -1 on a database error. */
int notify_stats(struct web_req *r, struct outbox_stats *s);
/* The dashboard's warning when messages are stuck or dead. */
void notify_dashboard_warning(struct web_req *r, struct buf *b);
/* Admin's section: pending, failed (再送) and recent messages. */
void notify_admin_section(struct web_req *r, struct buf *b);
int page_admin_outbox_retry(struct web_req *r);

/* ---- Acknowledgement (pages_ack.c) ---- */

int page_ack(struct web_req *r);
int page_ack_post(struct web_req *r);
int page_incident_ack(struct web_req *r);
/* The incident page's 「連絡と確認」: who was told, who acknowledged, the
 * next escalation, the 「対応します」 button. */
void page_ack_block(struct web_req *r, struct buf *b, struct store *st, const struct inc *inc);
/* The dashboard's table of who has and has not acknowledged, per open incident. */
void page_ack_dashboard(struct web_req *r, struct buf *b, struct store *st,
			const struct inc_summary_list *open);

/* ---- Handlers ---- */

int api_healthz(struct web_req *r);
int api_policy(struct web_req *r);
int api_incident_create(struct web_req *r);
int api_incident_get(struct web_req *r);
int api_incident_list(struct web_req *r);
int api_incident_patch(struct web_req *r);
int api_incident_step(struct web_req *r);
int api_incident_note(struct web_req *r);
int api_search(struct web_req *r);

/* 疎通確認 (pages_verify.c): the link's page and its POST, and Admin's
 * section (called by page_admin) with its 「疎通確認を送る」. */
int page_verify(struct web_req *r);
int page_verify_post(struct web_req *r);
int page_admin_contacts_verify(struct web_req *r);
void page_admin_contacts(struct web_req *r, struct buf *b);

/* The reporter's follow-up page (pages_followup.c) and its forms; the
 * report's result is it with ?new=1. */
#define WEB_FOLLOWUP_PURPOSE "followup" /* the signed link's purpose */
int page_followup(struct web_req *r);
int page_followup_note(struct web_req *r);
int page_followup_evidence(struct web_req *r);
/* The report's number, owner, whom it told, and the policy's do/don't
 * and self-help for it (pages_report.c). */
void report_guidance(struct web_req *r, struct buf *b, const struct inc *inc);

int page_css(struct web_req *r);
int page_login(struct web_req *r);
int page_login_post(struct web_req *r);
int page_logout(struct web_req *r);
int page_account(struct web_req *r);
int page_account_post(struct web_req *r);
int page_dashboard(struct web_req *r);
int page_report(struct web_req *r);
int page_report_post(struct web_req *r);
int page_incident(struct web_req *r);
int page_incident_fields(struct web_req *r);
int page_incident_step(struct web_req *r);
int page_incident_note(struct web_req *r);
int page_incident_level(struct web_req *r);
int page_incident_status(struct web_req *r);
int page_incident_close(struct web_req *r);
int page_incident_category(struct web_req *r);
int page_incident_dismiss(struct web_req *r);
int page_incident_reopen(struct web_req *r);
int page_incident_decision(struct web_req *r);
int page_incident_evidence(struct web_req *r);
/* pages_bcp.c: /incidents/ID/bcp, the business continuity board, and its
 * forms for a system's state, the damage survey and the staff. */
int page_bcp(struct web_req *r);
int page_bcp_state(struct web_req *r);
int page_bcp_survey(struct web_req *r);
int page_bcp_staff(struct web_req *r);
/* The incident page's one link line to the board, for a responder, when
 * the board applies (a disaster, or a state recorded); nothing otherwise. */
void page_bcp_link(struct web_req *r, struct buf *b, struct store *st, const struct inc *inc);
/* pages_filings.c: /incidents/ID/filings, drafts, done and waive. */
int page_filings(struct web_req *r);
/* A list row's 「届出期限: …（速報）」 (red and 期限超過 once past); nothing
 * when due is MO_TIME_NONE. kind: the filing's id, may be NULL. */
void page_filing_due(struct web_req *r, struct buf *b, int64_t due, const char *kind, int64_t now);
/* The incident page's one line: its next legal filing deadline and a link
 * to its filings page; nothing when no legal filing is due. */
void page_filing_next(struct web_req *r, struct buf *b, struct store *st, const struct inc *inc,
		      int64_t now);
int page_filing_draft(struct web_req *r);
int page_filing_done(struct web_req *r);
int page_filing_waive(struct web_req *r);
int page_filing_substitute(struct web_req *r);
/* pages_drills.c: /drills (訓練), a drill's report and end; the banner of a
 * drill incident's page (nothing for another incident). */
int page_drills(struct web_req *r);
int page_drill_start(struct web_req *r);
int page_drill(struct web_req *r);
int page_drill_end(struct web_req *r);
int page_drill_download(struct web_req *r);
void drill_banner(struct web_req *r, struct buf *b, struct store *st, int64_t id);
/* The dashboard's line for the drills running (a link to /drills); nothing when none. */
void drill_dashboard_notice(struct web_req *r, struct buf *b, struct store *st);
/* GET /api/v1/incidents/{id}/filings: engine_filing_json. */
int api_filings(struct web_req *r);
int page_incident_export(struct web_req *r);
int page_incident_evidence_get(struct web_req *r);
int page_manual(struct web_req *r);
int page_manual_document(struct web_req *r);
int page_manual_download(struct web_req *r);
int page_search(struct web_req *r);
int page_admin(struct web_req *r);
int page_admin_user_add(struct web_req *r);
int page_admin_user_edit(struct web_req *r);
int page_admin_link(struct web_req *r);
int page_admin_token_add(struct web_req *r);
int page_admin_token_revoke(struct web_req *r);
int page_admin_reload(struct web_req *r);
/* The YAML editor and the reload through revise_save (pages_policy_edit.c). */
int page_policy_edit(struct web_req *r);
int page_policy_edit_post(struct web_req *r);
int page_policy_reload(struct web_req *r);
/* DATA/policy.yaml (edited on the server) saved through revise_save as who
 * and taken by the server: 0; 1 refused (findings in f, the server keeps
 * its policy); -1 with e set. *text (malloc'd, the caller frees) is what
 * was read. SIGHUP and Admin's reload. */
int web_policy_save_file(struct web_server *srv, const char *who, struct mo_findings *f,
			 char **text, size_t *len, int *rev, struct mo_err *e);
/* Findings as a table by line, each error with its lines of text (text may
 * be NULL: positions only). */
void page_policy_findings(struct buf *b, const struct mo_findings *f, const char *text, size_t len);
/* The revisions, their diff, restoring one (pages_revisions.c). */
int page_revisions(struct web_req *r);
int page_revision_restore(struct web_req *r);
/* Records the manual's review (POST /admin/review). */
int page_review_post(struct web_req *r);
/* The dashboard's box when the manual's review is due (nothing otherwise). */
void page_review_notice(struct web_req *r, struct buf *b);

/* Shared by the incident pages and the API (access.c): whether r->who may
 * see incident id (a reporter only their own). 0 yes, 1 no (reply sent),
 * -1 error (reply sent). */
int web_incident_visible(struct web_req *r, int64_t id);

#endif

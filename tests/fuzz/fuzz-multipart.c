/* libFuzzer target: any bytes as the body of a multipart/form-data upload,
 * sent over a socket pair to a real libmicrohttpd daemon whose handler
 * runs the server's upload iterator (web_upload_iter) under its post
 * processor: fields go to the form, the first file into a folder of its
 * own under a scratch uploads folder. Nothing may crash, leak, write
 * outside that folder, or keep a file name that is not whole UTF-8 of at
 * most 127 bytes. The boundary is "XyZ". */
#include "web/webInt.h"
#include "util/utf8.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct MHD_Daemon *daemon_;
static struct web_server srv;

static bool name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 127 || strchr(s, '/') || s[0] == '.')
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t k = utf8_seq_len(p);

		if (!k)
			return false;
		p += k;
	}
	return true;
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *conn, const char *url,
				 const char *method, const char *version, const char *upload_data,
				 size_t *upload_data_size, void **con_cls)
{
	struct web_req *r = *con_cls;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	(void)cls;
	(void)url;
	(void)method;
	(void)version;
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return MHD_NO;
		r->srv = &srv;
		r->conn = conn;
		r->up.fd = -1;
		*con_cls = r;
		r->pp = MHD_create_post_processor(conn, 64 * 1024, web_upload_iter, r);
		if (!r->pp)
			r->bad_body = true;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (r->pp && !r->bad_body &&
		    MHD_post_process(r->pp, upload_data, *upload_data_size) != MHD_YES)
			r->bad_body = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (r->up.path[0]) {
		size_t n = strlen(srv.upload_dir);

		if (strncmp(r->up.path, srv.upload_dir, n) != 0 || r->up.path[n] != '/' ||
		    strstr(r->up.path + n, "/..") || !name_ok(r->up.name))
			__builtin_trap();
	}
	resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	ret = MHD_queue_response(conn, r->bad_body ? 400 : 200, resp);
	MHD_destroy_response(resp);
	return ret;
}

static void completed_cb(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct web_req *r = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (!r)
		return;
	if (r->pp)
		MHD_destroy_post_processor(r->pp);
	if (r->up.fd >= 0)
		close(r->up.fd);
	if (r->up.path[0])
		unlink(r->up.path);
	if (r->up.dir[0])
		rmdir(r->up.dir);
	form_release(&r->form);
	free(r);
	*con_cls = NULL;
}

static void teardown(void)
{
	if (daemon_)
		MHD_stop_daemon(daemon_);
	rmdir(srv.upload_dir);
}

static int setup(void)
{
	char dir[] = "/tmp/moshimo-fuzz-XXXXXX";

	if (!mkdtemp(dir))
		return -1;
	snprintf(srv.upload_dir, sizeof(srv.upload_dir), "%s", dir);
	daemon_ = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, access_cb, NULL,
				   MHD_OPTION_NOTIFY_COMPLETED, completed_cb, NULL,
				   MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)5, MHD_OPTION_END);
	atexit(teardown);
	return daemon_ ? 0 : -1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready = 0;
	struct sockaddr_in sa;
	char head[256];
	size_t hl, sent = 0;
	int sv[2];

	if (!ready)
		ready = setup() == 0 ? 1 : -1;
	if (ready < 0 || size > 65536)
		return 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return 0;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	if (MHD_add_connection(daemon_, sv[0], (struct sockaddr *)&sa, sizeof(sa)) != MHD_YES) {
		close(sv[1]);
		return 0;
	}
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	hl = (size_t)snprintf(head, sizeof(head),
			      "POST /u HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
			      "Content-Type: multipart/form-data; boundary=XyZ\r\n"
			      "Content-Length: %zu\r\n\r\n",
			      size);
	for (int spins = 0; spins < 20000; spins++) {
		char buf[4096];
		ssize_t n;

		if (sent < hl + size) {
			const char *p = sent < hl ? head + sent : (const char *)data + (sent - hl);
			size_t left = sent < hl ? hl - sent : size - (sent - hl);

			n = write(sv[1], p, left);
			if (n > 0)
				sent += (size_t)n;
		}
		MHD_run(daemon_);
		n = read(sv[1], buf, sizeof(buf));
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK))
			break;
	}
	close(sv[1]);
	MHD_run(daemon_);
	return 0;
}

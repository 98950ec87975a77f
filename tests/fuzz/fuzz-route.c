/* libFuzzer target: any method and path through the route matcher
 * (web_route_find over the real route table): a route found matches its
 * method, {id} and {n} are in range, {token} holds only token characters,
 * and nothing crashes. The first byte picks the method. (wrong_method may
 * be set when an earlier route matched the path with another method.) */
#include "web/webInt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const methods[] = {"GET", "HEAD", "POST", "PATCH", "PUT", "DELETE"};
	struct web_req *r;
	const struct route *rt;
	char allow[64];
	bool wrong;

	if (!size)
		return 0;
	r = calloc(1, sizeof(*r));
	if (!r)
		return 0;
	r->method = methods[data[0] % (sizeof(methods) / sizeof(methods[0]))];
	size--;
	data++;
	if (size >= sizeof(r->path))
		size = sizeof(r->path) - 1;
	memcpy(r->path, data, size);
	r->path[size] = '\0';
	rt = web_route_find(r, &wrong, allow, sizeof(allow));
	if (rt) {
		const char *m = strcmp(r->method, "HEAD") == 0 ? "GET" : r->method;

		if (strcmp(rt->method, m) != 0)
			__builtin_trap();
		if (strstr(rt->pattern, "{id}") && r->id <= 0)
			__builtin_trap();
		if (strstr(rt->pattern, "{n}") && (r->n < 1 || r->n > 9999))
			__builtin_trap();
		for (const char *c = r->token; *c; c++)
			if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
			      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_' || *c == '.'))
				__builtin_trap();
	} else if (wrong && !allow[0]) {
		__builtin_trap();
	}
	free(r);
	return 0;
}

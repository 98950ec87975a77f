/* libFuzzer target: any bytes given to the incident JSON reader
 * (engine_report_parse, what `moshimo report` and POST /api/v1/incidents
 * read) must give an incident or an error naming the key, never a crash, a
 * read past the input or a leak. A parsed incident is triaged too, as the
 * report command does next. */
#include "engine/engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct policy *p;
	struct inc inc;
	struct mo_err e;

	if (!p) {
		struct mo_findings f;

		mo_findings_init(&f, "(built-in)");
		p = policy_load_default(&f);
		mo_findings_release(&f);
		if (!p)
			__builtin_trap();
	}
	mo_err_clear(&e);
	/* The bytes as they are: no NUL after them, so ASan sees any overread. */
	if (engine_report_parse(p, (const char *)data, size, "fuzz.json", 1795000000, &inc, &e) ==
	    0) {
		struct triage t;

		(void)engine_triage(p, &inc, &t, &e);
		(void)engine_personal_data(&inc);
	} else if (!e.msg[0]) {
		__builtin_trap(); /* an error must say what is wrong */
	}
	inc_release(&inc);
	return 0;
}

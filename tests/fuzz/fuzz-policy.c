/* libFuzzer target: any bytes given to the policy loader, the checker and
 * the renderers must give findings or a document, never a crash or a leak. */
#include "policy/policy.h"
#include "render/manual.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mo_findings f;
	struct policy *p;

	mo_findings_init(&f, "fuzz.yaml");
	p = policy_load((const char *)data, size, "fuzz.yaml", &f);
	if (p) {
		policy_check(p, &f);
		if (!f.errors) {
			static const char *const formats[] = {"md", "html"};

			for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
				struct render_opts o = {NULL};
				struct buf out;
				struct mo_err e;

				buf_init(&out, 0);
				mo_err_clear(&e);
				(void)manual_write(p, &o, MANUAL_FULL, formats[i], &out, &e);
				buf_release(&out);
			}
		}
	}
	mo_findings_release(&f);
	policy_free(p);
	return 0;
}

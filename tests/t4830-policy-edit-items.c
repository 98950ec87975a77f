/* policy/edit.c: mappings added to, replaced in and removed from a YAML
 * sequence, and pairs set in a mapping, keeping every comment and line
 * outside what changed; the result reads back with the values written. */
#include "testutil.h"
#include "policy/policy.h"
#include "policy/setup.h"

static const char doc[] = "# head\n"
			  "people:\n"
			  "  # the first\n"
			  "  - id: a\n"
			  "    name: 山田 太郎 # owner\n"
			  "    roles: [chief]\n"
			  "  # before b\n"
			  "  - id: b\n"
			  "    name: b\n"
			  "    roles:\n"
			  "      - manager\n"
			  "    note: keep\n"
			  "# after people\n"
			  "escalation:\n"
			  "- level: 1\n"
			  "  steps:\n"
			  "    - notify: [sysadmin]\n"
			  "systems: []\n"
			  "bcp:\n"
			  "  systems:\n"
			  "    - id: sales\n"
			  "      name: x\n"
			  "  tail: end\n";

static char *apply(struct ydoc *d, struct yedits *ed)
{
	struct buf out;
	struct mo_err e;

	buf_init(&out, 0);
	if (yedits_apply(d, ed, &out, &e)) {
		fprintf(stderr, "apply: %s\n", e.msg);
		fail();
	}
	return buf_detach(&out, NULL);
}

static char *item_text(const struct ypair *v, size_t n, bool item)
{
	struct buf b;

	buf_init(&b, 0);
	assert_int_equal(item ? yaml_block_item(v, n, &b) : yaml_block_mapping(v, n, &b), 0);
	return buf_detach(&b, NULL);
}

static void test_block_text(void **state)
{
	static const char *const roles[] = {"manager", "a, b"};
	static const char *const lines[] = {"電源を切らない (記録が消えます)", "#x"};
	struct ypair steps[] = {{.key = "after", .kind = YP_PLAIN, .value = "15m"},
				{.key = "notify", .kind = YP_LIST, .list = roles, .n = 1}};
	char *step = item_text(steps, 2, true);
	struct ypair v[] = {
		{.key = "level", .kind = YP_PLAIN, .value = "2"},
		{.key = "name", .kind = YP_SCALAR, .value = "true"},
		{.key = "roles", .kind = YP_LIST, .list = roles, .n = 2},
		{.key = "dont", .kind = YP_LIST, .list = lines, .n = 2, .block = true},
		{.key = "none", .kind = YP_LIST, .n = 0},
		{.key = "steps", .kind = YP_BLOCK, .value = step},
	};
	char *t;

	(void)state;
	assert_string_equal(step, "- after: 15m\n  notify: [manager]\n");
	t = item_text(v, MO_ARRAY_SIZE(v), false);
	assert_string_equal(t, "level: 2\n"
			       "name: \"true\"\n"
			       "roles: [manager, \"a, b\"]\n"
			       "dont:\n"
			       "  - 電源を切らない (記録が消えます)\n"
			       "  - \"#x\"\n"
			       "none: []\n"
			       "steps:\n"
			       "  - after: 15m\n"
			       "    notify: [manager]\n");
	free(t);
	free(step);
}

static void test_add_replace_remove(void **state)
{
	static const char *const roles[] = {"sysadmin", "first_responder"};
	struct ypair c[] = {{.key = "id", .kind = YP_SCALAR, .value = "c"},
			    {.key = "name", .kind = YP_SCALAR, .value = "鈴木: 花子"},
			    {.key = "roles", .kind = YP_LIST, .list = roles, .n = 2},
			    {.key = "phone", .kind = YP_SCALAR, .value = "090-1111-2222"}};
	struct ypair a2[] = {{.key = "id", .kind = YP_SCALAR, .value = "a"},
			     {.key = "name", .kind = YP_SCALAR, .value = "山田 一郎"},
			     {.key = "roles", .kind = YP_LIST, .list = roles, .n = 1}};
	struct ypair sys[] = {{.key = "id", .kind = YP_SCALAR, .value = "mail"},
			      {.key = "tier", .kind = YP_SCALAR, .value = "b"}};
	struct ypair lvl[] = {{.key = "level", .kind = YP_PLAIN, .value = "1"},
			      {.key = "rounds", .kind = YP_PLAIN, .value = "2"}};
	char *tc = item_text(c, 4, false), *ta = item_text(a2, 3, false),
	     *ts = item_text(sys, 2, false), *tl = item_text(lvl, 2, false), *out;
	struct ydoc d, d2;
	struct yedits ed = {0};
	struct mo_err e;

	(void)state;
	assert_int_equal(ydoc_parse(&d, doc, strlen(doc), &e), 0);
	assert_int_equal(yedits_add_item(&ed, &d, ydoc_find(&d, "people"), tc), 0);
	assert_int_equal(yedits_set_item(&ed, &d, ydoc_find(&d, "people[id=a]"), ta), 0);
	assert_int_equal(yedits_add_item(&ed, &d, ydoc_find(&d, "systems"), ts), 0);
	assert_int_equal(yedits_set_item(&ed, &d, ydoc_find(&d, "escalation[0]"), tl), 0);
	assert_int_equal(yedits_drop_item_in(&ed, &d, ydoc_find(&d, "bcp.systems"), 0), 0);
	out = apply(&d, &ed);
	assert_string_equal(out, "# head\n"
				 "people:\n"
				 "  # the first\n"
				 "  - id: a\n"
				 "    name: 山田 一郎\n"
				 "    roles: [sysadmin]\n"
				 "  # before b\n"
				 "  - id: b\n"
				 "    name: b\n"
				 "    roles:\n"
				 "      - manager\n"
				 "    note: keep\n"
				 "  - id: c\n"
				 "    name: \"鈴木: 花子\"\n"
				 "    roles: [sysadmin, first_responder]\n"
				 "    phone: 090-1111-2222\n"
				 "# after people\n"
				 "escalation:\n"
				 "- level: 1\n"
				 "  rounds: 2\n"
				 "systems:\n"
				 "  - id: mail\n"
				 "    tier: b\n"
				 "bcp:\n"
				 "  systems: []\n"
				 "  tail: end\n");
	assert_int_equal(ydoc_parse(&d2, out, strlen(out), &e), 0);
	assert_int_equal(ydoc_find(&d2, "people")->n, 3);
	assert_string_equal(ydoc_find(&d2, "people[id=c].name")->str, "鈴木: 花子");
	assert_int_equal(ydoc_find(&d2, "people[id=c].roles")->n, 2);
	assert_string_equal(ydoc_find(&d2, "systems[0].tier")->str, "b");
	assert_int_equal(ydoc_find(&d2, "bcp.systems")->n, 0);
	ydoc_release(&d2);
	free(out);
	yedits_release(&ed);
	ydoc_release(&d);
	free(tc);
	free(ta);
	free(ts);
	free(tl);
}

static void test_remove_middle_and_fields(void **state)
{
	static const char *const lines[] = {"一つ目", "二つ目"};
	struct ypair f[] = {{.key = "name", .kind = YP_SCALAR, .value = "B"},
			    {.key = "note", .kind = YP_SCALAR, .value = "", .optional = true},
			    {.key = "phone", .kind = YP_SCALAR, .value = "03-1234-5678"},
			    {.key = "roles", .kind = YP_LIST, .list = lines, .n = 2, .block = true},
			    {.key = "email", .kind = YP_SCALAR, .value = "", .optional = true}};
	struct ydoc d, d2;
	struct yedits ed = {0};
	struct mo_err e;
	char *out;

	(void)state;
	assert_int_equal(ydoc_parse(&d, doc, strlen(doc), &e), 0);
	assert_int_equal(yedits_drop_item_in(&ed, &d, ydoc_find(&d, "people"), 0), 0);
	assert_int_equal(yedits_set_fields(&ed, &d, ydoc_find(&d, "people[id=b]"), f,
					   MO_ARRAY_SIZE(f)),
			 0);
	out = apply(&d, &ed);
	/* comments stay, even the removed item's own */
	assert_non_null(strstr(out, "# head\npeople:\n  # the first\n  # before b\n"
				    "  - id: b\n"
				    "    name: B\n"
				    "    roles:\n"
				    "      - 一つ目\n"
				    "      - 二つ目\n"
				    "    phone: 03-1234-5678\n"
				    "# after people\n"));
	assert_null(strstr(out, "note"));
	assert_null(strstr(out, "山田"));
	assert_int_equal(ydoc_parse(&d2, out, strlen(out), &e), 0);
	assert_int_equal(ydoc_find(&d2, "people")->n, 1);
	ydoc_release(&d2);
	free(out);
	yedits_release(&ed);
	/* the id (the pair that carries "- ") cannot be removed by emptying it */
	{
		struct ypair id = {.key = "id", .kind = YP_SCALAR, .value = "", .optional = true};

		assert_int_equal(yedits_set_fields(&ed, &d, ydoc_find(&d, "people[id=a]"), &id, 1),
				 -1);
		yedits_release(&ed);
	}
	/* not a sequence, not a mapping, a flow sequence with items: refused */
	assert_int_equal(yedits_add_item(&ed, &d, ydoc_find(&d, "people[id=a].name"), "x: y\n"),
			 -1);
	assert_int_equal(yedits_add_item(&ed, &d, ydoc_find(&d, "people[id=a].roles"), "x: y\n"),
			 -1);
	assert_int_equal(yedits_set_item(&ed, &d, ydoc_find(&d, "people"), "x: y\n"), -1);
	assert_int_equal(yedits_drop_item_in(&ed, &d, ydoc_find(&d, "people"), 5), -1);
	assert_int_equal(ed.n, 0);
	ydoc_release(&d);
}

/* On the template: a new person added and one removed, a level's chain
 * replaced; the result loads and passes the checks as before. */
static void test_template(void **state)
{
	static const char *const roles[] = {"sales_head"};
	struct ypair c[] = {{.key = "id", .kind = YP_SCALAR, .value = "person_new"},
			    {.key = "name", .kind = YP_SCALAR, .value = "新人 次郎"},
			    {.key = "roles", .kind = YP_LIST, .list = roles, .n = 1},
			    {.key = "phone", .kind = YP_SCALAR, .value = "090-1234-5678"}};
	struct ydoc d;
	struct yedits ed = {0};
	struct mo_err e;
	struct mo_findings f;
	struct policy *p;
	char *t = item_text(c, 4, false), *out;
	const struct ynode *people;
	size_t del = 0;

	(void)state;
	assert_int_equal(ydoc_parse(&d, policy_default_yaml, policy_default_yaml_len, &e), 0);
	people = ydoc_find(&d, "people");
	for (size_t i = 0; i < people->n; i++)
		if (strcmp(ynode_get(people->kid[i], "id")->str, "sales_manager") == 0)
			del = i;
	assert_int_equal(yedits_drop_item_in(&ed, &d, people, del), 0);
	assert_int_equal(yedits_add_item(&ed, &d, people, t), 0);
	out = apply(&d, &ed);
	/* the comment after people: is still there, right after the new item */
	assert_non_null(strstr(out, "    phone: 090-1234-5678\n\n# 疎通確認"));
	mo_findings_init(&f, "policy.yaml");
	p = policy_load(out, strlen(out), "policy.yaml", &f);
	assert_non_null(p);
	policy_check(p, &f);
	for (size_t i = 0; i < f.n; i++)
		if (f.v[i].severity == MO_ERROR)
			fprintf(stderr, "%d: %s\n", f.v[i].line, f.v[i].msg);
	assert_int_equal(f.errors, 0);
	assert_string_equal(p->people[p->n_people - 1].name, "新人 次郎");
	policy_free(p);
	mo_findings_release(&f);
	free(out);
	free(t);
	yedits_release(&ed);
	ydoc_release(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_block_text),
		cmocka_unit_test(test_add_replace_remove),
		cmocka_unit_test(test_remove_middle_and_fields),
		cmocka_unit_test(test_template),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

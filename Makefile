# moshimo — build, test, run. `make run` and `make test` install what is
# missing (scripts/deps.sh) before they build.

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
CC ?= cc
FUZZ_SECONDS ?= 60

PKGS := yaml-0.1 jansson sqlite3 libsodium pangocairo cairo libqrencode libmicrohttpd libcurl \
	libarchive gmime-3.0
LOCALEDIR := $(PREFIX)/share/locale
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# Warnings are errors for development and CI (a git checkout, make test);
# a build from a release tarball or a package (WERROR=) still builds when
# another compiler warns differently.
WERROR ?= $(if $(wildcard .git),-Werror,)
WARN := -Wall -Wextra $(WERROR) -Wformat=2 -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wpointer-arith -Wvla -Wundef
CFLAGS ?= -O2 -g
# Hardening, as Debian's dpkg-buildflags would add it; _FORTIFY_SOURCE needs
# an optimised build.
HARDEN := -fstack-protector-strong
ifeq ($(findstring -O0,$(CFLAGS)),)
HARDEN += -D_FORTIFY_SOURCE=2
endif
HARDEN_LDFLAGS := -Wl,-z,relro,-z,now
ALL_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(WARN) $(HARDEN) $(CPPFLAGS) $(CFLAGS) -Isrc \
	-DMOSHIMO_VERSION='"$(VERSION)"' -DLOCALEDIR='"$(LOCALEDIR)"' \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
ALL_LDFLAGS := $(HARDEN_LDFLAGS) $(LDFLAGS)
LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lunistring -lm -lpthread

ifeq ($(SANITIZE),1)
ALL_CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDSAN := -fsanitize=address,undefined
endif
# ThreadSanitizer (make tsan): the server's threads, the writer, the pools.
ifeq ($(SANITIZE),thread)
ALL_CFLAGS += -fsanitize=thread -fno-omit-frame-pointer
LDSAN := -fsanitize=thread
endif

SRCS := $(shell find src -name '*.c' ! -name main.c | sort)
OBJS := $(SRCS:%.c=$(BUILD)/%.o) $(BUILD)/gen/policy_default.o $(BUILD)/gen/holidays_jp.o
MAIN_OBJ := $(BUILD)/src/main.o
BIN := $(BUILD)/moshimo

TEST_SRCS := $(sort $(wildcard tests/t[0-9]*.c))
TEST_BINS := $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
PO := $(wildcard po/*.po)
MOS := $(PO:po/%.po=$(BUILD)/locale/%/LC_MESSAGES/moshimo.mo)

.PHONY: all deps run test check coverage sanitize tsan fuzz fuzz-build install uninstall deb clean po format format-check FORCE bench bench-pdf bench-wave2

all: $(BIN) $(MOS) $(BUILD)/moshimo.1

# moshimo(1), generated from the command table (src/cli/manpage.c).
$(BUILD)/moshimo.1: $(BIN)
	LC_ALL=C.UTF-8 LANGUAGE= $(BIN) help --man > $@.tmp && mv $@.tmp $@

deps:
	@sh scripts/deps.sh

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) -O2 -o $@ $<

DEFAULT_POLICY ?= data/policy.yaml

$(BUILD)/gen/policy_default.c: $(DEFAULT_POLICY) $(BUILD)/tools/embed
	@mkdir -p $(@D)
	$(BUILD)/tools/embed $< $@ policy_default_yaml

$(BUILD)/gen/policy_default.o: $(BUILD)/gen/policy_default.c
	$(CC) -std=c11 $(CFLAGS) -c -o $@ $<

# Japanese public holidays for business hours (policy/hours.c).
$(BUILD)/gen/holidays_jp.c: data/holidays-jp.txt $(BUILD)/tools/embed
	@mkdir -p $(@D)
	$(BUILD)/tools/embed $< $@ holidays_jp_txt

$(BUILD)/gen/holidays_jp.o: $(BUILD)/gen/holidays_jp.c
	$(CC) -std=c11 $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: %.c $(BUILD)/flags.stamp
	@mkdir -p $(@D)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(BIN): $(OBJS) $(MAIN_OBJ)
	@echo "  LINK    $@"
	@$(CC) $(LDSAN) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/tests/%: tests/%.c $(OBJS)
	@mkdir -p $(@D)
	@echo "  TEST    $@"
	@$(CC) $(ALL_CFLAGS) $(LDSAN) $(ALL_LDFLAGS) -Itests -o $@ $< $(OBJS) $(LIBS) -lcmocka

$(BUILD)/locale/%/LC_MESSAGES/moshimo.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

# The catalogs' folder is compiled in: rebuild i18n.o when PREFIX changes.
$(BUILD)/paths.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(LOCALEDIR)' | cmp -s - $@ || echo '$(LOCALEDIR)' > $@
$(BUILD)/src/util/i18n.o: $(BUILD)/paths.stamp
# Everything is rebuilt when the compiler flags change (CFLAGS, WERROR, …).
$(BUILD)/flags.stamp: FORCE
	@mkdir -p $(@D)
	@echo '$(CC) $(ALL_CFLAGS)' | cmp -s - $@ || echo '$(CC) $(ALL_CFLAGS)' > $@
FORCE:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# Test drivers the shell tests run (not tests themselves).
TEST_TOOLS := $(BUILD)/tests/tools/notify-send
$(BUILD)/tests/tools/notify-send: tests/notify-send.c $(OBJS)
	@mkdir -p $(@D)
	@echo "  TOOL    $@"
	@$(CC) $(ALL_CFLAGS) $(LDSAN) -Itests -o $@ $< $(OBJS) $(LIBS)

# Runs every test of this build: the cmocka programs and the shell tests.
check: all $(TEST_BINS) $(TEST_TOOLS)
	@BUILD=$(BUILD) sh tests/run.sh

run: deps all
	@sh scripts/run.sh $(BUILD)/moshimo

# The normal build's tests, the same tests under ASan+UBSan, and a short fuzz.
test: deps
	@rm -f build/test-counts build-san/test-counts build-fuzz/test-counts build-tsan/test-counts
	@$(MAKE) --no-print-directory format-check
	@$(MAKE) --no-print-directory WERROR=-Werror all
	@$(MAKE) --no-print-directory WERROR=-Werror check
	@$(MAKE) --no-print-directory WERROR=-Werror BUILD=build-san SANITIZE=1 check
	@$(MAKE) --no-print-directory WERROR=-Werror tsan
	@$(MAKE) --no-print-directory -j2 fuzz-build
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=8
	@sh tests/total.sh build build-san build-tsan build-fuzz

sanitize:
	@$(MAKE) --no-print-directory BUILD=build-san SANITIZE=1 check

# The tests that run the server's threads, under ThreadSanitizer (build-tsan):
# the writer's batches, concurrent requests, a stop under load. A race
# stops the program (halt_on_error), so the test fails.
TSAN_TESTS := build-tsan/tests/t6000-web-writer tests/t6100-web-api.sh \
	tests/t6130-web-sigterm.sh tests/t6150-web-flood.sh
tsan:
	@$(MAKE) --no-print-directory BUILD=build-tsan SANITIZE=thread -j2 all \
		$(filter build-tsan/%,$(TSAN_TESTS))
	@BUILD=build-tsan TSAN_OPTIONS=$${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1} \
		sh tests/run.sh $(TSAN_TESTS)

# Line and branch coverage of the normal build's tests (build-cov, gcovr):
# a measure, not a gate, so a test that fails at -O0 does not stop it.
coverage:
	@DEPS_EXTRA=gcovr sh scripts/deps.sh
	@rm -rf build-cov
	@$(MAKE) --no-print-directory BUILD=build-cov WERROR= CFLAGS='-O0 -g --coverage' \
		LDFLAGS=--coverage check || true
	@gcovr --root . --object-directory build-cov --filter src/ --print-summary \
		--txt build-cov/coverage.txt

# The manual and the card to PDF, median of 5 runs (bench/README.md).
bench-pdf: all
	@sh bench/bench-pdf.sh $(BIN)

# Saving the policy, a report by mail, a filing draft: medians of 5 (bench/README.md).
bench-wave2: all
	@sh bench/bench-wave2.sh $(BIN)

# Fuzzing (libFuzzer): every parser has tests/fuzz/fuzz-NAME.c and a seed
# corpus tests/fuzz/corpus-NAME/; NAME:MAXLEN below. The sources are compiled
# once for every target (build-fuzz/obj); `fuzz` runs each for FUZZ_SECONDS
# (tests/fuzz/run.sh), and a crash input stays in build-fuzz/.
FUZZERS := policy:65536 notify-conf:65536 report:65536 time:256 archive:262144 \
	form:16384 multipart:16384 route:16384 mail:65536
FUZZ_NAMES := $(foreach f,$(FUZZERS),$(firstword $(subst :, ,$(f))))
FUZZ_BINS := $(FUZZ_NAMES:%=build-fuzz/fuzz-%)
FUZZ_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -g -O1 -Isrc \
	-fsanitize=fuzzer-no-link,address,undefined -DMOSHIMO_VERSION='"fuzz"' \
	-DLOCALEDIR='"$(LOCALEDIR)"' $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
FUZZ_GEN := $(BUILD)/gen/policy_default.c $(BUILD)/gen/holidays_jp.c
FUZZ_OBJS := $(SRCS:%.c=build-fuzz/obj/%.o) $(FUZZ_GEN:$(BUILD)/gen/%.c=build-fuzz/obj/gen/%.o)

build-fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  FUZZCC  $<"
	@clang $(FUZZ_CFLAGS) -c -o $@ $<

build-fuzz/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(@D)
	@clang $(FUZZ_CFLAGS) -c -o $@ $<

build-fuzz/fuzz-%: tests/fuzz/fuzz-%.c $(FUZZ_OBJS)
	@echo "  FUZZ    $@"
	@clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) $(LIBS)

# Kept between runs (make would delete them as intermediates).
.SECONDARY: $(FUZZ_OBJS)

fuzz-build: $(FUZZ_BINS)

fuzz: $(FUZZ_BINS)
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZERS)

# The store and engine at scale (bench/README.md): BENCH_ARGS="-n 100000".
BENCH_ARGS ?=
$(BUILD)/bench/bench-store: bench/bench-store.c $(OBJS)
	@mkdir -p $(@D)
	@echo "  BENCH   $@"
	@$(CC) $(ALL_CFLAGS) $(LDSAN) $(ALL_LDFLAGS) -o $@ $< $(OBJS) $(LIBS)

bench: $(BUILD)/bench/bench-store
	@$(BUILD)/bench/bench-store $(BENCH_ARGS)

MANDIR ?= $(PREFIX)/share/man
LIBEXECDIR ?= $(PREFIX)/libexec
# Debian 12 keeps units in /lib/systemd/system (debian/rules says so).
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
UNITS := moshimo.service moshimo-backup.service moshimo-backup.timer moshimo-backup-failed.service
# moshimo.service's RootDirectory=: empty folders, the mount points of the
# host paths the unit binds into it (dist/systemd/moshimo.service).
UNIT_ROOT := $(LIBEXECDIR)/moshimo/root
UNIT_ROOT_DIRS := bin lib lib64 usr etc dev proc sys run tmp var/tmp var/lib/moshimo \
	var/cache/moshimo var/cache/fontconfig
# What `make install` puts in place, one path a line: `make uninstall`
# removes exactly these (and the folders it made, when they are empty).
INSTALLED = $(PREFIX)/bin/moshimo \
	$(foreach mo,$(MOS),$(LOCALEDIR)/$(word 2,$(subst /, ,$(mo:$(BUILD)/%=%)))/LC_MESSAGES/moshimo.mo) \
	$(MANDIR)/man1/moshimo.1 $(LIBEXECDIR)/moshimo/moshimo-backup \
	$(UNITS:%=$(SYSTEMDUNITDIR)/%)

# The units name /usr/bin and /usr/libexec; under another PREFIX they are
# rewritten to where the files went.
UNIT_SED := -e 's|/usr/bin/moshimo|$(PREFIX)/bin/moshimo|g' \
	-e 's|/usr/libexec/moshimo/|$(LIBEXECDIR)/moshimo/|g'

install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/moshimo
	@for mo in $(MOS); do \
		lang=$$(echo $$mo | sed 's|.*/locale/\([^/]*\)/.*|\1|'); \
		install -d $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES; \
		install -m 0644 $$mo $(DESTDIR)$(LOCALEDIR)/$$lang/LC_MESSAGES/moshimo.mo; \
	done
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(LIBEXECDIR)/moshimo $(DESTDIR)$(SYSTEMDUNITDIR)
	install -m 0644 $(BUILD)/moshimo.1 $(DESTDIR)$(MANDIR)/man1/moshimo.1
	sed $(UNIT_SED) dist/moshimo-backup > $(DESTDIR)$(LIBEXECDIR)/moshimo/moshimo-backup
	chmod 0755 $(DESTDIR)$(LIBEXECDIR)/moshimo/moshimo-backup
	@for u in $(UNITS); do \
		echo "sed dist/systemd/$$u > $(DESTDIR)$(SYSTEMDUNITDIR)/$$u"; \
		sed $(UNIT_SED) dist/systemd/$$u > $(DESTDIR)$(SYSTEMDUNITDIR)/$$u && \
		chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$$u || exit 1; \
	done
	@for d in $(UNIT_ROOT_DIRS); do install -d -m 0755 $(DESTDIR)$(UNIT_ROOT)/$$d || exit 1; done

uninstall:
	@for f in $(INSTALLED); do \
		if [ -e "$(DESTDIR)$$f" ]; then echo "rm $(DESTDIR)$$f"; rm -f "$(DESTDIR)$$f"; fi; \
	done
	-@for d in $(UNIT_ROOT_DIRS) var/lib var/cache var ''; do rmdir "$(DESTDIR)$(UNIT_ROOT)/$$d" 2>/dev/null; done; true
	-@rmdir "$(DESTDIR)$(LIBEXECDIR)/moshimo" 2>/dev/null || true

# The Debian package (debian/), unsigned; dpkg-buildpackage writes to the
# parent folder, the files are moved to $(BUILD)/deb/.
deb:
	dpkg-buildpackage -us -uc -b
	@mkdir -p $(BUILD)/deb
	@for f in ../moshimo_$(VERSION)_* ../moshimo-dbgsym_$(VERSION)_*; do \
		[ -e "$$f" ] && mv -f "$$f" $(BUILD)/deb/ || true; \
	done
	@ls $(BUILD)/deb/*.deb

# Refreshes po/moshimo.pot and merges it into the catalogs.
po:
	xgettext --from-code=UTF-8 -k_ -kN_ -kN_PLURAL:1,2 -c -o po/moshimo.pot $(shell find src -name '*.c' | sort)
	@for po in $(PO); do msgmerge -q -U --backup=none $$po po/moshimo.pot; done

FORMAT_SRCS = $(shell find src tests tools -name '*.[ch]' | sort)

# Formats the tree by .clang-format; format-check fails on any file that differs.
format:
	clang-format -i $(FORMAT_SRCS)

format-check:
	@bad=0; for f in $(FORMAT_SRCS); do \
		clang-format --style=file $$f | cmp -s - $$f || { echo "format: $$f differs (make format)" >&2; bad=1; }; \
	done; exit $$bad

clean:
	rm -rf build build-san build-tsan build-fuzz build-deb

# tenant_guard: PGXS build of the extension, plus the project's entry points.
#
#   make deps     install every Debian package the build, the tests and the demo need (root),
#                 Node.js and npm included: on a Debian 12 root with only git and make, it is
#                 all that make demo and make test need (make test-fresh-root checks that)
#   make          build the extension (PGXS) ; make cli builds the CLI and the tests (CMake)
#   make install  install the extension into the PostgreSQL found by PG_CONFIG
#   make test     every suite: GoogleTest, pg_regress + isolation, drills (standby, restore),
#                 checker golden and differential cases, the real histories of ../shared/corpus
#                 (make test-history), tenant-guard audit against live databases (make audit),
#                 SARIF schema, the HTML report in Chromium, the CI integrations (docs/ci.md),
#                 META.json and the PGXN archive (make pgxn), the Debian packages (make
#                 test-packages), make test-matrix and make test-fresh-root
#   make test-matrix   the extension (pg_regress, isolation, drills) and the checker (golden
#                 cases) on PostgreSQL 17 and 18, in fresh Debian 13 and testing roots (part of
#                 make test; the rest of make test runs on the host's PostgreSQL 15)
#   make demo     a throwaway cluster showing the guard, sealing and the checker end to end
#   make bench    the benchmarks (see bench/README.md)
#   make deb      the Debian packages, in build-deb/ (see docs/install.md); make test-packages
#                 installs them into a fresh Debian 12 root and tries them (part of make test)
#   make deb-matrix   the Debian packages for Debian 13 (PostgreSQL 17) and testing (18), each
#                 built in a root of that release, in build-deb-matrix/SUITE/ (not part of make test)
#   make test-fresh-root   make deps, make demo and make test, on a clone of HEAD, in a fresh
#                 Debian 12 root that has only git and make (part of make test)
#   make static   the self-contained tenant-guard for x86-64 Linux, built fully static in a fresh
#                 Debian root (build-static/; docs/install.md); make npm, its npm package;
#                 make test-static runs both in a Debian 11 root and a Node project (part of make test)

PG_CONFIG ?= pg_config
BUILD_DIR ?= build

EXTENSION = tenant_guard
# The version lives in VERSION alone (one line, readable from any shell): CMake reads it too, and
# tests/unit/version_test.cpp fails when a file that must spell it (the control file,
# META.json, debian/changelog, the SQL script's name, the man page) says otherwise.
EXTVERSION := $(shell cat $(dir $(firstword $(MAKEFILE_LIST)))VERSION)
MODULE_big = tenant_guard
DATA = sql/tenant_guard--$(EXTVERSION).sql
OBJS = $(patsubst %.cpp,%.o,$(sort $(wildcard extension/*.cpp core/*.cpp)))

# PostgreSQL headers are system headers to us: their warnings are not ours to fix.
PG_CPPFLAGS = -isystem $(shell $(PG_CONFIG) --includedir-server) -Icore
# PostgreSQL 16 and later build extensions with -Wshadow=compatible-local: so does 15 here, so that
# every supported version sees the same warnings (make test-matrix allows none).
PG_CXXFLAGS = -std=c++17 -Wall -Wextra -Wno-unused-parameter -Wshadow=compatible-local
# PGXS links with gcc. The version script exports only _PG_init, the magic block and the SQL
# entry points: everything else, libstdc++ inlines included, stays local to the library.
SHLIB_LINK = -lstdc++ -lcrypto -Wl,--version-script=$(CURDIR)/extension/exports.map

# Debian's PGXS would build JIT bitcode with clang and without PG_CXXFLAGS, which fails on C++17.
override with_llvm = no

# On a fresh machine make deps runs before there is a pg_config; everything else needs it.
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)
ifneq ($(PGXS),)
include $(PGXS)
else ifneq ($(filter-out deps,$(or $(MAKECMDGOALS),all)),)
$(error $(PG_CONFIG) not found: run make deps first (as root), or set PG_CONFIG)
endif

$(OBJS): $(wildcard core/*.h extension/*.h)

# The SARIF schema and browser tests fetch their npm packages over HTTPS (ca-certificates);
# dpkg-buildpackage (make deb) wants build-essential; libpq is tenant-guard audit's; curl is how
# the GitHub Action downloads the static binary (tests/ci).
DEB_PACKAGES = postgresql-15 postgresql-server-dev-15 postgresql-contrib-15 libpg-query-dev libpq-dev \
	libssl-dev libgtest-dev libgmock-dev libbenchmark-dev cmake g++ make pkg-config \
	libcli11-dev libtomlplusplus-dev nlohmann-json3-dev openssl procps \
	clang libclang-rt-14-dev python3 python3-cryptography time chromium git pre-commit python3-yaml \
	debhelper dpkg-dev build-essential postgresql-server-dev-all debootstrap \
	ca-certificates curl
# Node.js and npm from Debian, where the machine has no npm yet: a Node.js installed from
# elsewhere (NodeSource's nodejs bundles npm) conflicts with Debian's npm package.
NODE_PACKAGES = $(if $(shell command -v npm 2>/dev/null),,nodejs npm)

.PHONY: deps cli unit regress drills golden differential test-history audit sarif report-browser docs-screenshot ci-integrations test \
	test-long demo bench test-sanitize fuzz dist pgxn deb test-packages test-fresh-root test-matrix deb-matrix \
	static npm test-static release-checksum

FUZZ_SECONDS ?= 60

deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEB_PACKAGES) $(NODE_PACKAGES)

# CLI_TARGETS: only these CMake targets (make test-matrix builds tenant-guard alone).
cli:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD_DIR) -j2 $(if $(CLI_TARGETS),--target $(CLI_TARGETS))

# GoogleTest suites and the checker's golden cases (tests/golden), through ctest.
unit: cli
	cd $(BUILD_DIR) && ctest --output-on-failure

regress: all cli
	TENANT_GUARD_CLI=$(CURDIR)/$(BUILD_DIR)/tenant-guard regress/run.sh

golden: cli
	tests/golden/run.sh $(CURDIR)/$(BUILD_DIR)/tenant-guard

differential: all cli
	tests/differential/run.sh $(CURDIR)/$(BUILD_DIR)/tenant-guard

# The real Supabase and Prisma histories of ../shared/corpus, read in place (skipped, and said
# so, where that folder is missing): the guard and the checker agree file by file.
test-history: all cli
	tests/history/run.sh $(CURDIR)/$(BUILD_DIR)/tenant-guard

# `tenant-guard audit` on live databases, with and without the extension, against the guard.
audit: all cli
	tests/audit/run.sh $(CURDIR)/$(BUILD_DIR)/tenant-guard

# The checker's SARIF against the official SARIF 2.1.0 schema (Node.js and npm).
sarif: cli
	tests/sarif/run.sh $(CURDIR)/$(BUILD_DIR)/tenant-guard

# The HTML isolation report, from migrations and from a database, in headless Chromium.
report-browser: all cli
	tests/report/run.sh $(CURDIR)/$(BUILD_DIR)/tenant-guard

# Renews the screenshot in docs/guard.md from the same run.
docs-screenshot: all cli
	tests/report/run.sh $(CURDIR)/$(BUILD_DIR)/tenant-guard $(CURDIR)/docs/images/isolation-report.png

drills: all cli
	@set -e; for drill in tests/drills/*_test.sh; do echo "== $$drill"; $$drill; done

# The pre-commit hooks, the GitHub Action and the shell recipe of docs/ci.md, each run here.
ci-integrations: cli
	@set -e; for test in tests/ci/*_test.sh; do echo "== $$test"; $$test $(CURDIR)/$(BUILD_DIR)/tenant-guard; done

# TEST_FRESH_ROOT=no leaves test-fresh-root out, TEST_MATRIX=no test-matrix, TEST_STATIC=no
# test-static: the fresh root's own make test runs so, as it must not build those roots again
# within itself.
TEST_FRESH_ROOT ?= yes
TEST_MATRIX ?= yes
TEST_STATIC ?= yes
test: unit regress drills differential test-history audit sarif report-browser ci-integrations pgxn \
	test-packages $(if $(filter yes,$(TEST_STATIC)),test-static) $(if $(filter yes,$(TEST_MATRIX)),test-matrix) \
	$(if $(filter yes,$(TEST_FRESH_ROOT)),test-fresh-root)
	@echo "make test: every suite passed"

# Minutes, not seconds: the load drill (DURATION=60 by default).
test-long: all cli
	@set -e; for drill in tests/long/*_test.sh; do echo "== $$drill"; $$drill; done

demo: all cli
	TENANT_GUARD_CLI=$(CURDIR)/$(BUILD_DIR)/tenant-guard examples/demo.sh

bench: all cli
	bench/run.sh $(CURDIR)/$(BUILD_DIR)

# core/ and the CLI under ASan and UBSan: the GoogleTest suites and the checker's golden cases.
test-sanitize:
	cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=Debug -DTENANT_GUARD_SANITIZE=ON >/dev/null
	cmake --build build-sanitize -j2
	cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure
	tests/golden/run.sh $(CURDIR)/build-sanitize/tenant-guard
	@# The whole corpus under ASan, UBSan and LeakSanitizer (a sanitizer report exits 99; 2 is
	@# the corpus's genuine syntax errors).
	if [ -d ../shared/corpus ]; then \
		ASAN_OPTIONS=detect_leaks=1:exitcode=99 LSAN_OPTIONS=exitcode=99 UBSAN_OPTIONS=exitcode=99 \
			build-sanitize/tenant-guard check --fail-on never ../shared/corpus/*/ >/dev/null; \
		status=$$?; [ $$status -le 2 ] || exit $$status; echo "corpus: clean under ASan, UBSan and LSan"; fi

# The PGXN archive: the tree as committed, under tenant_guard-<version>/, written to DIST_DIR.
DIST_DIR ?= .
dist:
	git archive --format zip --prefix=$(EXTENSION)-$(EXTVERSION)/ -o $(DIST_DIR)/$(EXTENSION)-$(EXTVERSION).zip HEAD

# META.json against the PGXN Meta Spec and the tree, and the archive of make dist (tests/pgxn).
pgxn:
	tests/pgxn/run.sh

# Every libFuzzer target for FUZZ_SECONDS each, from tests/fuzz/seeds and ../shared/corpus.
fuzz:
	CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTENANT_GUARD_FUZZ=ON >/dev/null
	cmake --build build-fuzz -j2
	tests/fuzz/run.sh $(CURDIR)/build-fuzz $(FUZZ_SECONDS)

# Debian packages, built from a copy of the working tree (uncommitted edits included, ignored
# files not) so that this tree's build products neither get in nor get touched. The .debs land
# in $(DEB_BUILD_DIR)/.
DEB_BUILD_DIR ?= build-deb
deb:
	rm -rf $(DEB_BUILD_DIR)/src
	rm -f $(DEB_BUILD_DIR)/*.deb $(DEB_BUILD_DIR)/*.buildinfo $(DEB_BUILD_DIR)/*.changes
	mkdir -p $(DEB_BUILD_DIR)/src
	git ls-files -z --cached --others --exclude-standard \
		| tar --null --files-from=- --ignore-failed-read -cf - | tar -xf - -C $(DEB_BUILD_DIR)/src
	cd $(DEB_BUILD_DIR)/src && dpkg-buildpackage -b -us -uc -j$$(nproc)

# Installs the packages into a clean Debian 12 root, uses them, and purges them; first, how such
# roots find the host's Debian mirror (tests/lib/apt_mirror.sh).
test-packages: deb
	tests/packaging/apt_mirror_test.sh
	tests/packaging/install_test.sh $(abspath $(DEB_BUILD_DIR))

# The README's promise on a new machine: a fresh Debian 12 root with only git and make runs make
# deps, make demo and make test on a clone of HEAD (uncommitted changes are not in it). That make
# test runs with TEST_FRESH_ROOT=no but with test-packages, which builds its root inside this one
# from the same cached base system (tests/lib/debian_root.sh). The root and logs: build-fresh-root/.
test-fresh-root:
	tests/fresh_root/run.sh $(CURDIR)/build-fresh-root

# The Debian packages for Debian 13 (PostgreSQL 17) and testing (18), each built in a root of
# that release from a copy of the working tree, then installed and tried in a clean one
# (tests/packaging/deb_matrix.sh): build-deb-matrix/SUITE/. Not part of make test (make deb is).
deb-matrix:
	tests/packaging/deb_matrix.sh $(CURDIR)/build-deb-matrix $(MATRIX_VERSIONS)

# PostgreSQL 17 and 18, each in a fresh root of the Debian release that ships it, from a copy of
# the working tree as make deb takes it: the extension built without a warning, pg_regress, the
# isolation specs, the drills, the CLI and the golden cases (tests/matrix/run.sh). The roots and
# logs: build-matrix/. MATRIX_VERSIONS picks some of them.
MATRIX_VERSIONS ?= 17 18
test-matrix:
	tests/matrix/run.sh $(CURDIR)/build-matrix $(MATRIX_VERSIONS)

# The self-contained tenant-guard for x86-64 Linux (docs/install.md): linked fully static in a
# fresh Debian root of STATIC_SUITE, whose libpg_query sets the grammar it parses (bookworm:
# PostgreSQL 15; trixie: 17; forky: 18), without audit (no libpq). Writes
# $(STATIC_DIR)/tenant-guard-VERSION-x86_64-linux, its .sha256 and THIRD-PARTY-NOTICES.txt.
STATIC_SUITE ?= bookworm
STATIC_DIR ?= build-static
STATIC_BINARY = $(STATIC_DIR)/tenant-guard-$(EXTVERSION)-x86_64-linux
static:
	packaging/static_binary.sh $(abspath $(STATIC_DIR)) $(STATIC_SUITE)

# The npm package of that binary: $(STATIC_DIR)/tenant-guard-VERSION.tgz (integrations/npm/).
npm: static
	packaging/npm_package.sh $(STATIC_BINARY) $(STATIC_DIR)

# The static binary in a Debian 11 root, the npm tarball installed offline into an empty Node
# project, and the GitHub Action installing the static binary as its release asset: each
# checks ../shared/corpus/usebasejump__basejump and must give the host build's output.
test-static: npm cli
	tests/static/debian11_test.sh $(STATIC_BINARY) $(BUILD_DIR)/tenant-guard $(STATIC_DIR)/debian11
	tests/static/npm_test.sh $(STATIC_DIR)/tenant-guard-$(EXTVERSION).tgz $(BUILD_DIR)/tenant-guard
	tests/ci/github_action_test.sh $(STATIC_BINARY)

# A release (docs/install.md): the line of integrations/release-checksums.txt that lets the
# GitHub Action run this version's static binary, written from the one make static built.
release-checksum:
	@test -f $(STATIC_BINARY) || { echo "$(STATIC_BINARY) is missing: make static first" >&2; exit 2; }
	sed -i '/  $(notdir $(STATIC_BINARY))$$/d' integrations/release-checksums.txt
	cd $(STATIC_DIR) && sha256sum $(notdir $(STATIC_BINARY)) >>$(CURDIR)/integrations/release-checksums.txt

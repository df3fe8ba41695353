# kabinet — terminal personal account for a microfinance lender.
# Plain make; flags from pkg-config; objects out of tree in $(BUILDDIR).
#   make            build everything
#   make deps       install the Debian packages it needs (root; else say which)
#   make check      build and run every test (no package installation)
#   make check-deb  build the Debian packages and test them in a fresh root
#   make demo       sandbox + daemon + TUI with a demo borrower
#   make SANITIZE=1 ASan + UBSan build (use with check)
#   make SANITIZE=thread  ThreadSanitizer build in build-tsan (use with check)
#   make bench      benchmarks;  make fuzz  longer fuzz runs
#   make install PREFIX=/usr DESTDIR=...

# The one place the version is written; the programs get it as KB_VERSION.
VERSION	= 0.1.0
PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
MANPREFIX ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
DATADIR	?= $(PREFIX)/share/kabinet
# kabinetd reads $(SYSCONFDIR)/kabinet/kabinetd.conf before the user's.
SYSCONFDIR ?= /etc
USERUNITDIR ?= $(PREFIX)/lib/systemd/user
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
DESTDIR	?=

ifeq ($(SANITIZE),thread)
BUILDDIR ?= build-tsan
endif
BUILDDIR ?= build
B	:= $(BUILDDIR)

CC	?= cc
PKG_CONFIG ?= pkg-config
CFLAGS	?= -O2 -g
WARN	= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	  -Wformat=2 -Wwrite-strings -Wpointer-arith -Wno-format-nonliteral
ifeq ($(CI),true)
WERROR	?= -Werror
endif
ifeq ($(SANITIZE),1)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer \
	   -fno-sanitize-recover=undefined
endif
ifeq ($(SANITIZE),thread)
SANFLAGS = -fsanitize=thread -fno-omit-frame-pointer
endif
CPPFLAGS += -Iinclude -D_GNU_SOURCE -DKB_VERSION='"$(VERSION)"' \
	    -DLOCALEDIR='"$(LOCALEDIR)"' -DSYSCONFDIR='"$(SYSCONFDIR)"'
ALLCFLAGS = -std=gnu11 $(WARN) $(WERROR) $(SANFLAGS) $(CFLAGS) -MMD -MP
LDFLAGS	+= $(SANFLAGS)

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1))
pc_libs   = $(shell $(PKG_CONFIG) --libs $(1))

LIB_PKGS	= jansson
DAEMON_PKGS	= jansson glib-2.0 gio-2.0 gio-unix-2.0 libsecret-1 libcurl gnutls
TUI_PKGS	= jansson ncursesw libqrencode gnutls pangocairo cairo-pdf \
		  fontconfig
SANDBOX_PKGS	= jansson libmicrohttpd sqlite3 gnutls libcrypt

LIB_SRC		= $(wildcard lib/*.c)
DAEMON_SRC	= $(wildcard daemon/*.c)
TUI_SRC		= $(wildcard tui/*.c)
SANDBOX_SRC	= $(wildcard sandbox/*.c)
UNIT_SRC	= $(wildcard tests/unit/test_*.c)
TOOLS_SRC	= $(wildcard tests/tools/*.c)

LIB_OBJ		= $(LIB_SRC:%.c=$(B)/%.o)
DAEMON_OBJ	= $(DAEMON_SRC:%.c=$(B)/%.o)
TUI_OBJ		= $(TUI_SRC:%.c=$(B)/%.o)
SANDBOX_OBJ	= $(SANDBOX_SRC:%.c=$(B)/%.o)
# Every module but main() is linkable into unit tests.
DAEMON_MODS	= $(filter-out $(B)/daemon/kabinetd.o,$(DAEMON_OBJ))
TUI_MODS	= $(filter-out $(B)/tui/main.o,$(TUI_OBJ))
SANDBOX_MODS	= $(filter-out $(B)/sandbox/main.o,$(SANDBOX_OBJ))

LIBKB	= $(B)/libkabinet.a
PROGS	= $(B)/kabinet $(B)/kabinetd $(B)/kabinet-sandbox
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TOOLS_BIN = $(TOOLS_SRC:tests/tools/%.c=$(B)/tests/tools/%)
MO	= $(B)/locale/ru/LC_MESSAGES/kabinet.mo
# bash and zsh completion, made from `kabinet --help` (tools/completion.sh).
COMPLETION = $(B)/completion/kabinet $(B)/completion/_kabinet

.PHONY: all deps check check-deb unit demo bench fuzz faults install uninstall clean pot \
	update-po print-version FORCE
# A recipe that fails leaves no half-written target behind.
.DELETE_ON_ERROR:

all: $(PROGS) $(MO) $(COMPLETION)

$(B)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) $(call pc_cflags,$(LIB_PKGS)) -fPIC -c -o $@ $<
$(B)/daemon/%.o: daemon/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) $(call pc_cflags,$(DAEMON_PKGS)) -c -o $@ $<
$(B)/tui/%.o: tui/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) $(call pc_cflags,$(TUI_PKGS)) -c -o $@ $<
$(B)/sandbox/%.o: sandbox/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) $(call pc_cflags,$(SANDBOX_PKGS)) -c -o $@ $<

# The version and install paths are compiled in (-DKB_VERSION, -DLOCALEDIR,
# -DSYSCONFDIR): objects are rebuilt when they change, so `make && make
# install PREFIX=/usr` installs programs that look in /usr, not /usr/local
# (git's GIT-CFLAGS).
KB_PATHS = $(VERSION) $(LOCALEDIR) $(SYSCONFDIR)
$(B)/PATHS: FORCE
	@mkdir -p $(@D)
	@echo '$(KB_PATHS)' | cmp -s - $@ || echo '$(KB_PATHS)' >$@
$(LIB_OBJ) $(DAEMON_OBJ) $(TUI_OBJ) $(SANDBOX_OBJ) $(UNIT_BIN:%=%.o): $(B)/PATHS
FORCE:

$(LIBKB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/kabinetd: $(DAEMON_OBJ) $(LIBKB)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(DAEMON_PKGS))
$(B)/kabinet: $(TUI_OBJ) $(LIBKB)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(TUI_PKGS))
$(B)/kabinet-sandbox: $(SANDBOX_OBJ) $(LIBKB)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,$(SANDBOX_PKGS))

# Unit tests: tests/unit/test_NAME.c; test_daemon_* link the daemon's
# modules, test_tui_* the TUI's, test_sandbox_* the sandbox's.
$(B)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Idaemon -Itui -Isandbox $(ALLCFLAGS) \
	  $(call pc_cflags,cmocka $(DAEMON_PKGS) $(TUI_PKGS) $(SANDBOX_PKGS)) -c -o $@ $<
$(B)/tests/test_daemon_%: $(B)/tests/test_daemon_%.o $(DAEMON_MODS) $(LIBKB)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,cmocka $(DAEMON_PKGS))
$(B)/tests/test_tui_%: $(B)/tests/test_tui_%.o $(TUI_MODS) $(LIBKB)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,cmocka $(TUI_PKGS))
$(B)/tests/test_sandbox_%: $(B)/tests/test_sandbox_%.o $(SANDBOX_MODS) $(LIBKB)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,cmocka $(SANDBOX_PKGS))
$(B)/tests/test_%: $(B)/tests/test_%.o $(LIBKB)
	$(CC) $(LDFLAGS) -o $@ $^ $(call pc_libs,cmocka $(LIB_PKGS))

# Test tools (JSON-RPC client, bench driver, ...): one .c each; notifyd
# (a desktop notification server on the session bus) links GIO.
$(B)/tests/tools/notifyd: tests/tools/notifyd.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) $(call pc_cflags,jansson gio-2.0) $(LDFLAGS) \
	  -o $@ $< $(call pc_libs,jansson gio-2.0)
$(B)/tests/tools/%: tests/tools/%.c $(LIBKB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALLCFLAGS) $(call pc_cflags,$(LIB_PKGS)) $(LDFLAGS) \
	  -o $@ $< $(LIBKB) $(call pc_libs,$(LIB_PKGS)) -lm

$(MO): po/ru.po
	@mkdir -p $(@D)
	msgfmt --check -o $@ $<

$(B)/completion/kabinet.help: $(B)/kabinet
	@mkdir -p $(@D)
	LC_ALL=C LANGUAGE= $(B)/kabinet --help >$@
$(B)/completion/kabinet: $(B)/completion/kabinet.help tools/completion.sh
	sh tools/completion.sh bash <$< >$@
$(B)/completion/_kabinet: $(B)/completion/kabinet.help tools/completion.sh
	sh tools/completion.sh zsh <$< >$@

pot:
	xgettext --keyword=_ --keyword=N_ --keyword=P_:1,2 --from-code=UTF-8 \
	  --package-name=kabinet --package-version=$(VERSION) \
	  -o po/kabinet.pot $(wildcard include/kabinet/*.h) \
	  $(sort $(LIB_SRC) $(DAEMON_SRC) $(TUI_SRC) \
	  $(SANDBOX_SRC))
update-po: pot
	msgmerge --update --backup=none po/ru.po po/kabinet.pot

deps:
	@sh tools/deps.sh

print-version:
	@echo $(VERSION)

unit: $(UNIT_BIN) $(TOOLS_BIN)

# check first makes sure the Debian packages are there (as root it installs
# them; otherwise it prints the apt-get line and stops; where there is no
# dpkg it names what to install and goes on), then builds in a sub-make, so
# that pkg-config runs after the packages exist.
check: deps
	@$(MAKE) --no-print-directory all unit
	@sh tests/run.sh "$(B)"

# The Debian packages, built and installed into a fresh root (as root;
# slow, so not part of check; .ci/run runs both).
check-deb:
	@sh tools/deps.sh deb
	@sh tests/deb/run.sh "$(B)"

demo: deps
	@$(MAKE) --no-print-directory all $(B)/tests/tools/totp
	@sh tools/demo.sh "$(B)"

bench: deps
	@$(MAKE) --no-print-directory all
	@sh tests/bench/run.sh "$(B)"

# Each target at most FUZZ_SECONDS; FUZZ_RUNS executions in all.
FUZZ_SECONDS ?= 300
FUZZ_RUNS ?= 10000000
fuzz: deps
	@sh tests/fuzz/run.sh "$(B)" $(FUZZ_SECONDS) $(FUZZ_RUNS)

# The money-under-faults scripts (t0712-t0729) with FAULT_RUNS kills an
# operation (make check runs 4); KB_SEED=N replays a sequence.
FAULT_RUNS ?= 50
faults: deps
	@$(MAKE) --no-print-directory all unit
	@KB_FAULT_RUNS=$(FAULT_RUNS) KB_TESTS=-faults- sh tests/run.sh "$(B)"

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1 \
	  $(DESTDIR)$(MANPREFIX)/man7 $(DESTDIR)$(MANPREFIX)/man8 \
	  $(DESTDIR)$(LOCALEDIR)/ru/LC_MESSAGES $(DESTDIR)$(USERUNITDIR) \
	  $(DESTDIR)$(DATADIR) $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(PROGS) $(DESTDIR)$(BINDIR)
	install -m 644 man/*.1 $(DESTDIR)$(MANPREFIX)/man1
	install -m 644 man/*.7 $(DESTDIR)$(MANPREFIX)/man7
	install -m 644 man/*.8 $(DESTDIR)$(MANPREFIX)/man8
	install -m 644 $(MO) $(DESTDIR)$(LOCALEDIR)/ru/LC_MESSAGES/kabinet.mo
	sed 's|@BINDIR@|$(BINDIR)|g' systemd/kabinetd.service.in > \
	  $(DESTDIR)$(USERUNITDIR)/kabinetd.service
	install -m 644 systemd/kabinetd.socket $(DESTDIR)$(USERUNITDIR)
	install -m 644 doc/openapi.yaml $(DESTDIR)$(DATADIR)
	install -m 644 $(B)/completion/kabinet $(DESTDIR)$(BASHCOMPDIR)/kabinet
	install -m 644 $(B)/completion/_kabinet $(DESTDIR)$(ZSHCOMPDIR)/_kabinet

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,kabinet kabinetd kabinet-sandbox)
	rm -f $(DESTDIR)$(USERUNITDIR)/kabinetd.service $(DESTDIR)$(USERUNITDIR)/kabinetd.socket
	rm -f $(addprefix $(DESTDIR)$(MANPREFIX)/man1/,$(notdir $(wildcard man/*.1))) \
	  $(addprefix $(DESTDIR)$(MANPREFIX)/man7/,$(notdir $(wildcard man/*.7))) \
	  $(addprefix $(DESTDIR)$(MANPREFIX)/man8/,$(notdir $(wildcard man/*.8)))
	rm -f $(DESTDIR)$(LOCALEDIR)/ru/LC_MESSAGES/kabinet.mo \
	  $(DESTDIR)$(DATADIR)/openapi.yaml $(DESTDIR)$(BASHCOMPDIR)/kabinet \
	  $(DESTDIR)$(ZSHCOMPDIR)/_kabinet
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf $(B)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# flowq - build, test, bench.  `make` builds ./flowq; `make check` runs every
# test, then the same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
CC      ?= cc
OPT     ?= -O3
CFLAGS  ?= $(OPT) -g
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
ifdef WERROR
WARN    += -Werror
endif
CPPFLAGS += -Iinclude -Isrc -D_GNU_SOURCE
STD     := -std=c11
LDLIBS  := -ldeflate -lisal -lz -lpcre2-8 -lpthread -lm

BUILD   ?= build
LIB_SRC := $(sort $(filter-out src/cli/%,$(shell find src -name '*.c')))
CLI_SRC := $(sort $(wildcard src/cli/*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_OBJ := $(UNIT_SRC:%.c=$(BUILD)/%.o)

.PHONY: all check check-quick check-asan check-duckdb bench bench-sweep demo fuzz deps clean

all: flowq

flowq: $(BUILD)/flowq
	cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/flowq: $(CLI_OBJ) $(BUILD)/libflowq.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libflowq.a $(LDLIBS)

$(BUILD)/libflowq.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(STD) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<

# The unit test runner: every TEST(name) in tests/unit/*.c is collected.
$(BUILD)/tests/unit/list.h: $(UNIT_SRC)
	@mkdir -p $(dir $@)
	sed -n 's/^TEST(\([a-zA-Z0-9_]*\)).*/T(\1)/p' $(UNIT_SRC) > $@.tmp && mv $@.tmp $@

$(BUILD)/tests/unit/runner.o: $(BUILD)/tests/unit/list.h
$(BUILD)/tests/unit/runner.o: CPPFLAGS += -I$(BUILD)/tests/unit

$(BUILD)/unit: $(UNIT_OBJ) $(BUILD)/libflowq.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(UNIT_OBJ) $(BUILD)/libflowq.a $(LDLIBS)

check: deps-quiet
	$(MAKE) WERROR=1 all $(BUILD)/unit
	tools/check.sh ./$(BUILD)/flowq ./$(BUILD)/unit
	$(MAKE) check-asan

check-quick: all $(BUILD)/unit
	tools/check.sh ./$(BUILD)/flowq ./$(BUILD)/unit

# The same suite under ASan + UBSan, in its own build tree.
check-asan:
	$(MAKE) BUILD=build-asan WERROR=1 OPT=-O1 \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
	  LDFLAGS="-fsanitize=address,undefined" build-asan/flowq build-asan/unit
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  FLOWQ_SANITIZED=1 tools/check.sh ./build-asan/flowq ./build-asan/unit

check-duckdb: all
	tools/check-duckdb.sh

bench: all
	bench/run.sh

bench-sweep: all
	bench/sweep.sh

demo: deps all
	tools/demo.sh

fuzz:
	tools/fuzz.sh $(FUZZ_SECONDS)

deps:
	tools/deps.sh

deps-quiet:
	@tools/deps.sh --quiet

clean:
	rm -rf build build-asan build-fuzz flowq

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_OBJ:.o=.d)

# The two commands of the README: `make run` and `make test`. Both install missing
# Debian packages (scripts/install-deps), configure and build as needed.
BUILD ?= build
JOBS ?= $(shell nproc)
RUN_REPLICATES ?= 4
OUT ?= out

.PHONY: all deps build run serve test test-cluster bench sanitize sanitize-build sanitize-asan \
  sanitize-asan-build sanitize-tsan sanitize-tsan-build fuzz-build fuzz-smoke fuzz clean

all: build

deps:
	@bash scripts/install-deps

# Ninja (scripts/install-deps) schedules every compilation of every target on the free cores,
# where Make waits for a library to be finished before compiling the files that link it. A
# build folder configured earlier keeps its generator (CMake refuses to switch).
generator = $(if $(wildcard $(1)/CMakeCache.txt),,$(if $(shell command -v ninja),-G Ninja))

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) $(call generator,$(BUILD)) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p $(OUT)
	./$(BUILD)/spipsim run scenarios/baseline-france.toml --replicates $(RUN_REPLICATES) \
	  --out $(OUT)/baseline-france.h5
	@echo "results: $(OUT)/baseline-france.h5"
	./$(BUILD)/spipsim report $(OUT)/baseline-france.h5 --out $(OUT)/baseline-france-report
	@echo "report: $(OUT)/baseline-france-report/report.html"

# The web workbench (docs/workbench.md): your scenarios, jobs and results go in WORKSPACE.
WORKSPACE ?= spipsim-workspace
PORT ?= 8080
serve: build
	./$(BUILD)/spipsim serve --workspace $(WORKSPACE) --port $(PORT)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# docs/cluster.md's sbatch scripts on a one-node Slurm started for the occasion (as root;
# installs slurm-wlm and munge when missing). See tests/cluster/run.sh.
test-cluster: build
	@bash scripts/install-deps --cluster
	bash tests/cluster/run.sh $(BUILD)

bench: build
	./$(BUILD)/bench/bench_event_queue --benchmark_min_time=0.2
	./$(BUILD)/bench/bench_phold
	./$(BUILD)/bench/bench_baseline --benchmark_filter='scale_pct:100/years:10/threads:1/'

# Sanitizer builds of the engine, model, params and stats tests: address + undefined
# behaviour in $(BUILD)-asan, thread in $(BUILD)-tsan. TSAN runs the tests that use threads
# (windowed executor, thread invariance of the model): Debian's oneTBB is not instrumented,
# so sim/engine/thread_sanitizer.hpp tells TSAN the fork and join edges TBB guarantees, and
# .ci/tsan.supp covers only TBB's own internal bookkeeping (see the file).
# SANITIZE_ASAN_TARGETS and SANITIZE_ASAN_TESTS (a ctest -R regex) narrow the ASan+UBSan
# run; .ci/run uses a subset to keep CI short.
SANITIZE_ASAN_TARGETS ?= test_unit_engine test_unit_model test_validation_model \
  test_regression_model test_unit_params test_unit_stats
SANITIZE_ASAN_TESTS ?= .
SANITIZE_TSAN_TESTS ?= WindowedExecutor|ThreadCountDoesNotChangeTheOutput
# -O1, as the ASan and TSAN documentation advise: half the compile time of -O2 (measured on a
# model batch: 24 CPU-s against 50 with -g1 and -g), and the tests themselves are short.
SANITIZE_BUILD_TYPE = -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -DNDEBUG" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -DNDEBUG"
sanitize: sanitize-asan sanitize-tsan
# The builds alone (.ci/run compiles them in the background during make test-cluster).
sanitize-build: sanitize-asan-build sanitize-tsan-build

sanitize-asan-build: deps
	cmake -S . -B $(BUILD)-asan $(call generator,$(BUILD)-asan) $(SANITIZE_BUILD_TYPE) -DSPIPSIM_SANITIZE=address,undefined
	cmake --build $(BUILD)-asan -j $(JOBS) --target $(SANITIZE_ASAN_TARGETS)

sanitize-asan: sanitize-asan-build
	cd $(BUILD)-asan && UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -R '$(SANITIZE_ASAN_TESTS)' \
	  -L 'unit|validation|regression' -E 'NOT_BUILT|Python|python'

sanitize-tsan-build: deps
	cmake -S . -B $(BUILD)-tsan $(call generator,$(BUILD)-tsan) $(SANITIZE_BUILD_TYPE) -DSPIPSIM_SANITIZE=thread
	cmake --build $(BUILD)-tsan -j $(JOBS) --target test_unit_engine test_regression_model

sanitize-tsan: sanitize-tsan-build
	cd $(BUILD)-tsan && TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/.ci/tsan.supp" \
	  ctest --output-on-failure -j 1 -R '$(SANITIZE_TSAN_TESTS)' -E NOT_BUILT

# libFuzzer harnesses of every reader that takes a user's file (tests/fuzz/README.md), in
# $(BUILD)-fuzz with clang-14, ASan and UBSan. `make fuzz-smoke` runs each for
# FUZZ_SMOKE_SECONDS (CI), JOBS harnesses at a time; `make fuzz` for FUZZ_SECONDS each (default one hour); the corpus
# grows between runs. scripts/fuzz prints executions, coverage and time per harness.
FUZZ_HARNESSES = fuzz_scenario fuzz_sweep_design fuzz_study_file fuzz_results_file fuzz_task_journal fuzz_calibration_journal
FUZZ_SMOKE_SECONDS ?= 30
FUZZ_SECONDS ?= 3600
# fuzz-build needs nothing from $(BUILD) (.ci/run compiles it in the background while
# $(BUILD) is tested); the runs need $(BUILD)/spipsim to write the seeds (tests/fuzz/make-seeds).
fuzz-build: deps
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(BUILD)-fuzz $(call generator,$(BUILD)-fuzz) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DSPIPSIM_FUZZ=ON -DSPIPSIM_MPI=OFF -DBUILD_TESTING=OFF
	cmake --build $(BUILD)-fuzz -j $(JOBS) --target $(FUZZ_HARNESSES)

fuzz-smoke: build fuzz-build
	FUZZ_BUILD=$(BUILD)-fuzz SPIPSIM=$(BUILD)/spipsim FUZZ_JOBS=$(JOBS) scripts/fuzz $(FUZZ_SMOKE_SECONDS)

fuzz: build fuzz-build
	FUZZ_BUILD=$(BUILD)-fuzz SPIPSIM=$(BUILD)/spipsim scripts/fuzz $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(BUILD)-asan $(BUILD)-tsan $(BUILD)-fuzz

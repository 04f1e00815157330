# The two commands of the README: `make run` and `make test`. Both install missing
# Debian packages (scripts/install-deps), configure and build as needed.
BUILD ?= build
JOBS ?= $(shell nproc)
RUN_REPLICATES ?= 4
OUT ?= out

.PHONY: all deps build run test bench sanitize clean

all: build

deps:
	@bash scripts/install-deps

$(BUILD)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p $(OUT)
	./$(BUILD)/spipsim run scenarios/baseline-france.toml --replicates $(RUN_REPLICATES) \
	  --out $(OUT)/baseline-france.h5
	@echo "results: $(OUT)/baseline-france.h5"
	./$(BUILD)/spipsim report $(OUT)/baseline-france.h5 --out $(OUT)/baseline-france-report
	@echo "report: $(OUT)/baseline-france-report/report.html"

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	./$(BUILD)/bench/bench_event_queue --benchmark_min_time=0.2
	./$(BUILD)/bench/bench_phold
	./$(BUILD)/bench/bench_baseline --benchmark_filter='scale_pct:100/years:10/threads:1/'

# Address and undefined-behaviour sanitizers over the engine, model, params and stats tests.
# (Thread sanitizer reports false races inside Debian's uninstrumented oneTBB.)
sanitize: deps
	cmake -S . -B $(BUILD)-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPIPSIM_SANITIZE=address,undefined
	cmake --build $(BUILD)-asan -j $(JOBS) --target test_unit_engine test_unit_model \
	  test_validation_model test_regression_model test_unit_params test_unit_stats
	cd $(BUILD)-asan && UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -R '^(?!.*NOT_BUILT)' -L 'unit|validation|regression' -E 'Python|python'

clean:
	rm -rf $(BUILD) $(BUILD)-asan

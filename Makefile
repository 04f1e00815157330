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

sanitize: deps
	cmake -S . -B $(BUILD)-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSPIPSIM_SANITIZE=thread
	cmake --build $(BUILD)-tsan -j $(JOBS)
	cd $(BUILD)-tsan && ctest --output-on-failure -L unit

clean:
	rm -rf $(BUILD) $(BUILD)-tsan

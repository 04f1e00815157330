#pragma once
// A 64-bit fingerprint of a replicate's results: FNV-1a over every field of every person
// and monthly record. Any change to the model's numbers changes it; the regression test
// (tests/regression/model/small_site_fingerprint_test.cpp) pins it for small-site and
// bench_baseline prints it for the national run, so that a change meant to be
// results-preserving can be checked on the large run too.
#include <cstdint>

#include "sim/model/replicate_output.hpp"

namespace spipsim::model {

std::uint64_t output_fingerprint(const ReplicateOutput& out);

}  // namespace spipsim::model

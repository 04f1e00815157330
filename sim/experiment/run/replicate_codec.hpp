#pragma once
// A replicate's output as bytes and back, so that MPI ranks can send whole replicates of
// `run` and `compare` to rank 0. Same-build, same-platform only (raw little-endian
// records); it is a wire format between the ranks of one job, never a file format.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "sim/model/replicate_output.hpp"

namespace spipsim::experiment {

std::vector<unsigned char> encode_replicate(const model::ReplicateOutput& output);

// The same bytes handed to `write` piece by piece, in order, never held whole: how a
// finished replicate is stored for a resume without a second copy of its records in memory
// (app/replicate_store.cpp).
using ByteWriter = std::function<void(const unsigned char* data, std::size_t size)>;
void encode_replicate(const model::ReplicateOutput& output, const ByteWriter& write);

// Throws std::runtime_error when the bytes are cut short or have bytes left over.
model::ReplicateOutput decode_replicate(const std::vector<unsigned char>& bytes);

}  // namespace spipsim::experiment

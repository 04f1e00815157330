#pragma once
// The shard files of `run --shard i/n` and `compare --shard i/n` (layout in
// docs/hdf5-schema.md, "Shard files of run and compare"), and how `merge` reads them back.
//
// A results file is computed from every replicate at once (pooled Kaplan-Meier curves,
// intervals over replicates), so a slice cannot hold a part of it: it holds the raw outputs
// of the replicates it owns (experiment/run/shard.hpp: replicate r when r % n == i - 1), as
// the bytes of run/replicate_codec packed into int64 words, with their byte count and hash.
// `merge` decodes them and writes the results file (or comparison file) exactly as the
// unsharded command would have, so its bytes outside /manifest are the same. The codec is
// same-build only: the build is part of the fingerprint, and merge refuses shards of
// another build than its own.
//
//   /manifest                    the base's manifest (kind "run_shard" or "compare_shard"),
//                                plus shard_index, shard_count, fingerprint, person_table
//   /shard/scenarios             one row per scenario: name, description, scenario_text,
//                                start date (base first)
//   /shard/outputs/scenario_<s>/replicate_<r>   column "words"; attributes bytes, hash
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "sim/experiment/run/run_info.hpp"
#include "sim/experiment/run/shard.hpp"
#include "sim/model/replicate_output.hpp"

namespace spipsim::io {
class H5FileReader;
}

namespace spipsim::experiment {

inline constexpr const char* kRunShardKind = "run_shard";
inline constexpr const char* kCompareShardKind = "compare_shard";

// What a shard says of the job it belongs to.
struct ReplicateShardHeader {
  std::string kind;                // kRunShardKind or kCompareShardKind
  std::vector<RunInfo> scenarios;  // base first; replicates, seed, years as run
  Shard shard;
  bool person_table = false;  // `run --person-table`: the merged file has /persons
  // Of the job, not of the slice: the same in every slice of one job, and different when
  // the kind, a scenario as resolved, the seed, replicates, years, person table or build
  // differ.
  std::uint64_t fingerprint = 0;
  std::string build;  // "spipsim <version> (git <revision>)" of the build that wrote it
};

// The fingerprint of a job (see ReplicateShardHeader::fingerprint), with this build.
std::uint64_t replicate_job_fingerprint(const std::string& kind,
                                        const std::vector<RunInfo>& scenarios, bool person_table);

// This build, as ReplicateShardHeader::build spells it.
std::string this_build();

// Writes the slice: outputs[s][r] for every scenario s and every replicate r the slice owns
// (the others are not read). `command_line` and `threads` go to the manifest. Atomic, like
// every results file; `cancelled` is polled before the commit. Throws io::IoError or
// Interrupted; no file then.
void write_replicate_shard(const std::filesystem::path& path, const std::string& kind,
                           const std::vector<RunInfo>& scenarios, const Shard& shard,
                           bool person_table,
                           const std::vector<std::vector<model::ReplicateOutput>>& outputs,
                           const std::function<bool()>& cancelled = {});

// Reads what a shard says of its job. Throws std::runtime_error naming the file when it is
// not a complete shard of run or compare.
ReplicateShardHeader read_replicate_shard_header(const io::H5FileReader& reader);

// Replicate `replicate` of scenario `scenario`, decoded. Throws std::runtime_error naming
// the file and the replicate when it is missing or its bytes do not match their hash.
model::ReplicateOutput read_shard_replicate(const io::H5FileReader& reader, std::size_t scenario,
                                            std::uint32_t replicate);

}  // namespace spipsim::experiment

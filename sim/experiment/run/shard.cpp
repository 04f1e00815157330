#include "sim/experiment/run/shard.hpp"

#include <charconv>

namespace spipsim::experiment {

std::optional<Shard> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::uint64_t i = 0, n = 0;
  const char* begin = text.data();
  auto [end_i, ec_i] = std::from_chars(begin, begin + slash, i);
  auto [end_n, ec_n] = std::from_chars(begin + slash + 1, begin + text.size(), n);
  if (ec_i != std::errc() || ec_n != std::errc() || end_i != begin + slash ||
      end_n != begin + text.size() || n == 0 || i == 0 || i > n)
    return std::nullopt;
  return Shard{i - 1, n};
}

std::string shard_suffix(const Shard& shard) {
  return ".shard-" + std::to_string(shard.index + 1) + "-of-" + std::to_string(shard.count);
}

}  // namespace spipsim::experiment

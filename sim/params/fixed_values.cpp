#include "sim/params/fixed_values.hpp"

#include "sim/params/did_you_mean.hpp"
#include "sim/params/toml_value_check.hpp"

namespace spipsim::params {
namespace {

struct FixedWalk {
  TomlDocument& doc;
  const std::filesystem::path& base_dir;
  const FixedRefusal& refused;
  std::vector<std::string_view> names;
  std::vector<std::pair<ParamId, Value>> values;

  // Nesting is bounded by the document reader, so this recursion is too.
  void walk(const toml::table& table, const std::string& prefix) {
    for (auto&& [key, node] : table) {
      const std::string name =
          prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
      const std::optional<ParamId> id = find_param(name);
      if (node.is_table() && !id) {
        walk(*node.as_table(), name);
        continue;
      }
      if (!id) {
        doc.add(key.source(), "set." + name, "unknown parameter",
                unknown_parameter_hint(name, names));
        continue;
      }
      if (refused) {
        if (auto why = refused(*id)) {
          doc.add(key.source(), "set." + name, why->first, why->second);
          continue;
        }
      }
      ValueCheck check = check_toml_value(parameter_table()[index_of(*id)], node, base_dir);
      if (!check.value) {
        doc.add(node.source(), "set." + name, check.rule, check.hint);
        continue;
      }
      values.emplace_back(*id, *check.value);
    }
  }
};

}  // namespace

std::vector<std::pair<ParamId, Value>> read_fixed_values(TomlDocument& doc,
                                                         const toml::table& root,
                                                         const std::filesystem::path& base_dir,
                                                         const FixedRefusal& refused) {
  FixedWalk walk{doc, base_dir, refused, parameter_names(parameter_table()), {}};
  if (const auto* table =
          doc.table(root, "set", Need::Optional, "", "write [set] then e.g. run.years = 4"))
    walk.walk(*table, "");
  return std::move(walk.values);
}

}  // namespace spipsim::params

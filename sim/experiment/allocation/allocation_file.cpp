#include "sim/experiment/allocation/allocation_file.hpp"

#include "sim/params/toml.hpp"

#include <cmath>
#include <set>
#include <utility>

#include "sim/params/diagnostic.hpp"
#include "sim/params/did_you_mean.hpp"
#include "sim/params/fixed_values.hpp"
#include "sim/params/toml_document.hpp"
#include "sim/params/value_text.hpp"

namespace spipsim::experiment {
namespace {

namespace fs = std::filesystem;
using params::Diagnostic;

constexpr double kMaxPosts = 100000;

const std::vector<std::string_view> kKeys = {
    "description", "scenario",     "posts",        "budget_eur",   "post_cost_eur",
    "step",        "sites",        "replicates",   "seed",         "objective",
    "min_per_site", "max_per_site", "workload_cap", "method",       "screen",
    "set"};
const std::vector<std::string_view> kMethods = {"one_at_a_time", "simultaneous"};
const std::vector<std::string_view> kObjectives = {"reconvictions_avoided", "reintegrated_12m",
                                                   "cost"};

bool contains(const std::vector<std::string_view>& list, std::string_view key) {
  for (std::string_view k : list)
    if (k == key) return true;
  return false;
}

class AllocationReader {
 public:
  // The one document reader: a regular file of bounded size, nesting bounded, toml++ guarded.
  explicit AllocationReader(const fs::path& file) : doc_(file, file.string(), "allocation file") {}

  AllocationFile read(const fs::path& file) {
    if (!doc_.ok()) throw params::ScenarioError(doc_.take_problems());
    AllocationFile a;
    std::error_code ec;
    a.path = fs::absolute(file, ec);
    a.name = file.stem().string();
    a.text = doc_.text();
    const toml::table& root = doc_.root();
    const fs::path base_dir = a.path.parent_path();
    for (auto&& [key, node] : root)
      if (!contains(kKeys, key.str()))
        add(key.source(), std::string(key.str()), "unknown key",
            params::did_you_mean(key.str(), kKeys));

    if (const toml::node* d = root.get("description")) {
      if (const auto* s = d->as_string()) a.description = s->get();
      else add(d->source(), "description", "expected a string");
    }
    read_scenario(root, a, base_dir);
    read_posts(root, a);
    if (auto k = integer(root, "step", 1, kMaxPosts)) a.step = std::uint32_t(*k);
    read_sites(root, a);
    if (auto r = integer(root, "replicates", 2, 10000)) a.replicates = std::uint32_t(*r);
    if (auto s = integer(root, "seed", 0, 9007199254740991.0)) a.seed = std::uint64_t(*s);
    read_objective(root, a);
    if (auto m = integer(root, "min_per_site", 0, kMaxPosts)) a.min_per_site = std::uint32_t(*m);
    if (auto m = integer(root, "max_per_site", 1, kMaxPosts)) a.max_per_site = std::uint32_t(*m);
    if (a.max_per_site && *a.max_per_site < a.min_per_site)
      add(root.get("max_per_site")->source(), "max_per_site",
          "must be at least min_per_site (" + std::to_string(a.min_per_site) + ")");
    if (const toml::node* n = root.get("workload_cap")) {
      const std::optional<double> v = n->value<double>();
      if (!v || !(*v > 0.0))
        add(n->source(), "workload_cap", "expected a positive number of cases per officer");
      else
        a.workload_cap = *v;
    }
    read_method(root, a);
    a.fixed = params::read_fixed_values(doc_, root, base_dir, [](params::ParamId id) {
      return id == params::ParamId::staffing_added_posts
                 ? std::optional(std::pair<std::string, std::string>(
                       "is what the allocation decides",
                       "put existing posts in the scenario, not in [set]"))
                 : std::nullopt;
    });
    if (!doc_.problems().empty()) throw params::ScenarioError(doc_.take_problems());
    return a;
  }

 private:
  void add(const toml::source_region& where, std::string key, std::string rule,
           std::string hint = "") {
    doc_.add(where, std::move(key), std::move(rule), std::move(hint));
  }

  std::optional<double> integer(const toml::table& t, std::string_view key, double lo, double hi) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    const auto* i = n->as_integer();
    if (!i) {
      add(n->source(), std::string(key), "expected an integer");
      return std::nullopt;
    }
    const double v = static_cast<double>(i->get());
    if (v < lo || v > hi) {
      add(n->source(), std::string(key),
          "must be between " + params::format_number(lo) + " and " + params::format_number(hi));
      return std::nullopt;
    }
    return v;
  }

  std::optional<double> positive(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    const std::optional<double> v = n->value<double>();
    if (!v || !(*v > 0.0) || !std::isfinite(*v)) {
      add(n->source(), std::string(key), "expected a positive number of EUR");
      return std::nullopt;
    }
    return v;
  }

  void read_scenario(const toml::table& root, AllocationFile& a, const fs::path& base_dir) {
    const toml::node* s = root.get("scenario");
    if (!s) {
      add({}, "scenario", "missing", "name the scenario the posts are added to");
      return;
    }
    const auto* text = s->as_string();
    if (!text) {
      add(s->source(), "scenario", "expected a string (a scenario file)");
      return;
    }
    std::error_code ec;
    a.scenario = (base_dir / text->get()).lexically_normal();
    if (!fs::is_regular_file(a.scenario, ec))
      add(s->source(), "scenario", "no scenario file at " + a.scenario.string(),
          "the path is relative to the allocation file");
  }

  // Either posts, or budget_eur with post_cost_eur: never both, never neither.
  void read_posts(const toml::table& root, AllocationFile& a) {
    const auto posts = integer(root, "posts", 1, kMaxPosts);
    a.budget_eur = positive(root, "budget_eur");
    a.post_cost_eur = positive(root, "post_cost_eur");
    const toml::node* p = root.get("posts");
    const toml::node* b = root.get("budget_eur");
    if (p && b) {
      add(b->source(), "budget_eur", "give posts or budget_eur, not both");
      return;
    }
    if (posts) {
      a.posts = std::uint32_t(*posts);
      return;
    }
    if (b && !root.get("post_cost_eur")) {
      add(b->source(), "post_cost_eur", "missing", "a budget needs the yearly cost of one post");
      return;
    }
    if (a.budget_eur && a.post_cost_eur) {
      const double n = std::floor(*a.budget_eur / *a.post_cost_eur);
      if (n < 1 || n > kMaxPosts)
        add(b->source(), "budget_eur",
            "buys " + params::format_number(n) + " posts; must buy between 1 and " +
                params::format_number(kMaxPosts));
      else
        a.posts = std::uint32_t(n);
      return;
    }
    if (!p && !b) add({}, "posts", "missing", "give posts = N, or budget_eur and post_cost_eur");
  }

  void read_sites(const toml::table& root, AllocationFile& a) {
    const toml::node* n = root.get("sites");
    if (!n) return;
    const auto* array = n->as_array();
    if (!array || array->empty()) {
      add(n->source(), "sites", "expected a non-empty list of département codes, e.g. [\"21\"]");
      return;
    }
    std::set<std::string> seen;
    for (const toml::node& item : *array) {
      const auto* s = item.as_string();
      if (!s) {
        add(item.source(), "sites", "expected a département code as a string, e.g. \"2A\"");
        continue;
      }
      if (!seen.insert(s->get()).second) {
        add(item.source(), "sites", "'" + s->get() + "' is listed twice");
        continue;
      }
      a.sites.push_back(s->get());
    }
  }

  void read_objective(const toml::table& root, AllocationFile& a) {
    const toml::node* n = root.get("objective");
    if (!n) return;
    const auto* s = n->as_string();
    const std::string name = s ? s->get() : "";
    if (name == "reconvictions_avoided") a.objective = AllocationObjective::ReconvictionsAvoided;
    else if (name == "reintegrated_12m") a.objective = AllocationObjective::Reintegrated12m;
    else if (name == "cost") a.objective = AllocationObjective::Cost;
    else
      add(n->source(), "objective",
          "expected one of reconvictions_avoided, reintegrated_12m, cost",
          s ? params::did_you_mean(name, kObjectives) : "");
  }

  // method, and screen (simultaneous only: one-at-a-time measures every candidate exactly).
  void read_method(const toml::table& root, AllocationFile& a) {
    if (const toml::node* n = root.get("method")) {
      const auto* s = n->as_string();
      const std::string name = s ? s->get() : "";
      if (name == "one_at_a_time") a.method = AllocationMethod::OneAtATime;
      else if (name == "simultaneous") a.method = AllocationMethod::Simultaneous;
      else
        add(n->source(), "method", "expected one of one_at_a_time, simultaneous",
            s ? params::did_you_mean(name, kMethods) : "");
    }
    if (auto m = integer(root, "screen", 1, kMaxPosts)) {
      a.screen = std::uint32_t(*m);
      if (a.method != AllocationMethod::Simultaneous)
        add(root.get("screen")->source(), "screen", "needs method = \"simultaneous\"",
            "one_at_a_time already measures every candidate exactly");
    }
  }

  params::TomlDocument doc_;
};

}  // namespace

std::string_view objective_name(AllocationObjective objective) {
  switch (objective) {
    case AllocationObjective::ReconvictionsAvoided:
      return "reconvictions_avoided";
    case AllocationObjective::Reintegrated12m:
      return "reintegrated_12m";
    case AllocationObjective::Cost:
      return "cost";
  }
  return "unknown";
}

std::string_view method_name(AllocationMethod method) {
  return method == AllocationMethod::Simultaneous ? "simultaneous" : "one_at_a_time";
}

AllocationFile load_allocation_file(const fs::path& file) {
  return AllocationReader(file).read(file);
}

}  // namespace spipsim::experiment

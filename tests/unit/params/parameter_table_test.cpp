// The built-in table is checked row by row, so a bad edit of parameters.def fails here with
// the parameter's name; Parameters is checked on the small test table.
#include "sim/params/parameter_table.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "params_test_support.hpp"
#include "sim/engine/sim_time.hpp"
#include "sim/params/parameters.hpp"

namespace spipsim::params {
namespace {

using namespace test_support;

bool is_bare_key(std::string_view part) {
  if (part.empty()) return false;
  for (char c : part)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

TEST(ParameterTable, EveryRowIsConsistent) {
  constexpr double kExactIntegers = 9007199254740992.0;  // 2^53: integers are stored as double
  std::set<std::string_view> names;
  for (const ParameterSpec& spec : parameter_table()) {
    SCOPED_TRACE(std::string(spec.name));
    EXPECT_TRUE(names.insert(spec.name).second) << "duplicate name";
    EXPECT_FALSE(section_of(spec.name).empty()) << "name needs a section: section.key";
    std::string_view rest = spec.name;
    for (std::size_t dot; (dot = rest.find('.')) != std::string_view::npos;
         rest.remove_prefix(dot + 1))
      EXPECT_TRUE(is_bare_key(rest.substr(0, dot))) << "use A-Z a-z 0-9 _ - between dots";
    EXPECT_TRUE(is_bare_key(rest)) << "use A-Z a-z 0-9 _ - between dots";
    EXPECT_FALSE(spec.description.empty());
    EXPECT_FALSE(spec.source.empty()) << "cite a source or write \"assumption\"";
    if (spec.unit == "path") {
      EXPECT_EQ(spec.kind, Kind::Text) << "only Text can be a path";
    }
    switch (spec.kind) {
      case Kind::Integer:
        EXPECT_EQ(spec.default_value, std::floor(spec.default_value));
        EXPECT_GE(spec.min, -kExactIntegers);
        EXPECT_LE(spec.max, kExactIntegers);
        [[fallthrough]];
      case Kind::Real:
        EXPECT_LE(spec.min, spec.default_value);
        EXPECT_LE(spec.default_value, spec.max);
        break;
      case Kind::Boolean:
        EXPECT_TRUE(spec.default_value == 0.0 || spec.default_value == 1.0);
        break;
      case Kind::Choice: {
        auto choices = choice_names(spec);
        EXPECT_GE(choices.size(), 2u);
        for (std::string_view c : choices) EXPECT_FALSE(c.empty()) << "empty choice";
        EXPECT_EQ(spec.default_value, std::floor(spec.default_value));
        EXPECT_LT(spec.default_value, static_cast<double>(choices.size()));
        break;
      }
      case Kind::Date: {
        std::chrono::year_month_day date{};
        EXPECT_TRUE(engine::parse_iso_date(std::string(spec.default_text), date));
        break;
      }
      case Kind::Text:
        break;
    }
  }
  // "a.b" and "a.b.c" cannot both exist: TOML cannot make a.b both a value and a table.
  for (std::string_view name : names) {
    auto next = names.upper_bound(name);
    if (next != names.end()) {
      EXPECT_FALSE(next->starts_with(std::string(name) + "."))
          << name << " is a prefix of " << *next;
    }
  }
}

TEST(ParameterTable, FindParamFindsEveryRowByName) {
  auto table = parameter_table();
  ASSERT_EQ(table.size(), index_of(ParamId::count_));
  for (std::size_t i = 0; i < table.size(); ++i)
    EXPECT_EQ(find_param(table[i].name), static_cast<ParamId>(i));
  EXPECT_FALSE(find_param("no.such_parameter"));
  EXPECT_EQ(find_param("staffing.officer_scale", kTestTable), id(kOfficerScale));
}

TEST(Parameters, DefaultsComeFromTheTable) {
  EXPECT_EQ(Parameters(), Parameters::defaults());
  EXPECT_EQ(Parameters::defaults().size(), parameter_table().size());

  Parameters p = Parameters::defaults(kTestTable);
  EXPECT_EQ(p.date(id(kStartDate)),
            std::chrono::year_month_day(std::chrono::year(2025), std::chrono::January,
                                        std::chrono::day(1)));
  EXPECT_EQ(p.text(id(kStartDate)), "2025-01-01");
  EXPECT_EQ(p.real(id(kYears)), 10.0);
  EXPECT_EQ(p.integer(id(kSeed)), 1);
  EXPECT_EQ(p.choice(id(kPolicy)), 0u);
  EXPECT_EQ(p.choice_name(id(kPolicy)), "round_robin");
  EXPECT_FALSE(p.flag(id(kReminders)));
  EXPECT_EQ(p.text(id(kDepartements)), "data/departements.csv");
  EXPECT_NE(p, Parameters::defaults()) << "different tables are different parameters";
}

TEST(Parameters, SetReplacesOneValue) {
  Parameters p = Parameters::defaults(kTestTable);
  p.set(id(kOfficerScale), Value{1.5, {}});
  p.set(id(kPolicy), Value{2.0, {}});
  p.set(id(kLabel), Value{0.0, "reform"});
  p.set(id(kStartDate), date_value(std::chrono::year_month_day(
                            std::chrono::year(2030), std::chrono::March, std::chrono::day(31))));
  EXPECT_EQ(p.real(id(kOfficerScale)), 1.5);
  EXPECT_EQ(p.choice_name(id(kPolicy)), "risk_points");
  EXPECT_EQ(p.text(id(kLabel)), "reform");
  EXPECT_EQ(p.text(id(kStartDate)), "2030-03-31");
  EXPECT_EQ(date_value(p.date(id(kStartDate))), p.value(id(kStartDate)));
  EXPECT_EQ(p.real(id(kYears)), 10.0);
}

}  // namespace
}  // namespace spipsim::params

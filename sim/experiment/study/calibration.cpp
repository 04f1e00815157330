#include "sim/experiment/study/calibration.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <sstream>

#include "sim/engine/content_hash.hpp"
#include "sim/experiment/run/interrupted.hpp"
#include "sim/experiment/run/journal.hpp"
#include "sim/io/run_manifest.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/params/value_text.hpp"

namespace spipsim::experiment {
namespace {

namespace fs = std::filesystem;

double logistic(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

std::string exact(double v) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string short_number(double v, int digits = 4) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  return buf;
}

std::string key_of(const std::vector<double>& z) {
  std::string key;
  for (double v : z) {
    if (!key.empty()) key += ';';
    key += exact(v);
  }
  return key;
}

// A number of a journal record as exact() wrote it (a subnormal, "inf" and "nan" included);
// nullopt for anything else. std::stod threw std::out_of_range, which is no runtime_error,
// on "1e999" and on subnormals, so a journal holding one stopped every resume (seen while
// writing tests/fuzz/fuzz_calibration_journal.cpp, whose regression-* seeds hold such
// records); now a subnormal is read and anything else ends the journal there.
std::optional<double> journal_number(const std::string& text) {
  if (text.empty() || std::isspace(static_cast<unsigned char>(text.front()))) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || (errno == ERANGE && std::abs(v) > 1))
    return std::nullopt;
  return v;
}

std::optional<std::size_t> journal_count(const std::string& text) {
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, sep);) parts.push_back(part);
  return parts;
}

fs::path start_afresh(fs::path path, bool restart) {
  std::error_code ec;
  if (restart) fs::remove(path, ec);
  return path;
}

// The evaluations of a calibration, in the journal of run/journal.hpp (kind "calib";
// fingerprint: journal_identity(); sizes: free parameters and targets). One record per
// evaluation: the line "eval<TAB>key<TAB>objective<TAB>distance<TAB>penalty<TAB>targets",
// numbers in exact decimal, so that a journal can be read with `strings`.
class EvaluationJournal {
 public:
  EvaluationJournal(fs::path path, const std::string& identity, const StudyFile& study,
                    bool restart)
      : study_(study),
        journal_(start_afresh(std::move(path), restart),
                 JournalIdentity{"calib", std::stoull(identity, nullptr, 16),
                                 study.parameters.size(), study.targets.size()},
                 "was written for another calibration (file, targets, scenario or seed "
                 "differ); delete it, or run with --restart",
                 [this](std::span<const unsigned char> record) {
                   return read_line(std::string(record.begin(), record.end()));
                 }) {}

  const CalibrationEvaluation* find(const std::string& key) const {
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : &it->second;
  }

  void record(const std::string& key, const CalibrationEvaluation& e) {
    std::string line = "eval\t";
    for (const std::string& field : {key, exact(e.objective), exact(e.distance), exact(e.penalty)})
      line.append(field).append("\t");
    for (std::size_t i = 0; i < e.results.size(); ++i) {
      const auto& s = e.results[i].simulated;
      if (i) line += ';';
      line.append(exact(s.mean)).append(",").append(exact(s.lo)).append(",");
      line.append(exact(s.hi)).append(",").append(std::to_string(s.n));
    }
    journal_.append(std::span(reinterpret_cast<const unsigned char*>(line.data()), line.size()));
    entries_[key] = e;
  }

 private:
  bool read_line(const std::string& line) {
    auto fields = split(line, '\t');
    if (fields.size() != 6 || fields[0] != "eval") return false;
    CalibrationEvaluation e;
    const auto objective = journal_number(fields[2]), distance = journal_number(fields[3]),
               penalty = journal_number(fields[4]);
    if (!objective || !distance || !penalty) return false;
    e.objective = *objective;
    e.distance = *distance;
    e.penalty = *penalty;
    auto targets = split(fields[5], ';');
    if (targets.size() != study_.targets.size()) return false;
    for (std::size_t i = 0; i < targets.size(); ++i) {
      auto v = split(targets[i], ',');
      if (v.size() != 4) return false;
      const auto mean = journal_number(v[0]), lo = journal_number(v[1]), hi = journal_number(v[2]);
      const auto n = journal_count(v[3]);
      if (!mean || !lo || !hi || !n) return false;
      TargetResult r{study_.targets[i], {}, {}};
      r.simulated.mean = *mean;
      r.simulated.lo = *lo;
      r.simulated.hi = *hi;
      r.simulated.n = *n;
      e.results.push_back(std::move(r));
    }
    e.from_journal = true;
    entries_[fields[1]] = std::move(e);
    return true;
  }

  const StudyFile& study_;
  std::map<std::string, CalibrationEvaluation> entries_;
  Journal journal_;
};

class Search {
 public:
  Search(const StudyFile& study, const CalibrationOptions& options, EvaluationJournal& journal)
      : study_(study), options_(options), journal_(journal) {}

  std::vector<double> theta_of(const std::vector<double>& z) const {
    std::vector<double> theta;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const FreeParameter& p = study_.parameters[i];
      theta.push_back(p.lower + (p.upper - p.lower) * logistic(z[i]));
    }
    return theta;
  }

  double z_of(double theta, const FreeParameter& p) const {
    double u = (theta - p.lower) / (p.upper - p.lower);
    return std::log(u / (1 - u));
  }

  double evaluate(const std::vector<double>& z) {
    if (result_.evaluations >= study_.budget) throw BudgetSpent{};
    const std::string key = key_of(z);
    CalibrationEvaluation e;
    if (const CalibrationEvaluation* known = journal_.find(key)) {
      e = *known;
      e.theta = theta_of(z);
    } else {
      if (options_.cancelled && options_.cancelled()) throw Interrupted();
      e.theta = theta_of(z);
      params::Scenario scenario = study_.scenario;
      for (std::size_t i = 0; i < e.theta.size(); ++i)
        scenario.values.set(study_.parameters[i].id, params::Value{e.theta[i], {}});
      EvaluationOptions eval{study_.replicates, study_.seed, options_.threads, options_.cancelled};
      e.results = evaluate_targets(scenario, study_.targets, eval);
      e.distance = target_distance(e.results);
      e.penalty = 0;
      for (std::size_t i = 0; i < e.theta.size(); ++i) {
        const FreeParameter& p = study_.parameters[i];
        double d = (e.theta[i] - p.prior_mean) / p.prior_sd;
        e.penalty += d * d;
      }
      e.objective = e.distance + e.penalty;
      journal_.record(key, e);
      ++result_.simulated;
    }
    ++result_.evaluations;
    if (result_.evaluations == 1 || e.objective < result_.best.objective) result_.best = e;
    if (options_.progress) options_.progress(result_.evaluations, e, result_.best.objective);
    return e.objective;
  }

  CalibrationResult run() {
    const std::size_t n = study_.parameters.size();
    std::vector<double> start;
    for (const FreeParameter& p : study_.parameters) start.push_back(z_of(p.start, p));
    try {
      nelder_mead(start, n);
    } catch (const BudgetSpent&) {
    }
    return result_;
  }

 private:
  struct BudgetSpent {};

  // Nelder-Mead with the standard coefficients (reflection 1, expansion 2, contraction 1/2,
  // shrink 1/2). The initial simplex steps each coordinate by half a prior sd, mapped to z.
  void nelder_mead(const std::vector<double>& start, std::size_t n) {
    std::vector<std::vector<double>> x(n + 1, start);
    for (std::size_t i = 0; i < n; ++i) {
      const FreeParameter& p = study_.parameters[i];
      double up = std::min(p.start + 0.5 * p.prior_sd, p.lower + 0.95 * (p.upper - p.lower));
      double step = z_of(up, p) - start[i];
      x[i + 1][i] += std::abs(step) > 0.05 ? step : 0.5;
    }
    std::vector<double> f;
    for (const auto& v : x) f.push_back(evaluate(v));
    for (;;) {
      std::vector<std::size_t> order(n + 1);
      std::iota(order.begin(), order.end(), 0);
      std::sort(order.begin(), order.end(), [&](auto a, auto b) { return f[a] < f[b]; });
      auto best = order.front(), worst = order.back(), second = order[n - 1];
      double size = 0;
      for (const auto& v : x)
        for (std::size_t i = 0; i < n; ++i) size = std::max(size, std::abs(v[i] - x[best][i]));
      if (f[worst] - f[best] < 1e-3 * (1 + std::abs(f[best])) && size < 1e-2) {
        result_.converged = true;
        return;
      }
      std::vector<double> centre(n, 0.0);
      for (std::size_t k : order)
        if (k != worst)
          for (std::size_t i = 0; i < n; ++i) centre[i] += x[k][i] / double(n);
      auto along = [&](double t) {
        std::vector<double> p(n);
        for (std::size_t i = 0; i < n; ++i) p[i] = centre[i] + t * (x[worst][i] - centre[i]);
        return p;
      };
      auto reflected = along(-1.0);
      double fr = evaluate(reflected);
      if (fr < f[best]) {
        auto expanded = along(-2.0);
        double fe = evaluate(expanded);
        if (fe < fr)
          x[worst] = expanded, f[worst] = fe;
        else
          x[worst] = reflected, f[worst] = fr;
        continue;
      }
      if (fr < f[second]) {
        x[worst] = reflected, f[worst] = fr;
        continue;
      }
      bool outside = fr < f[worst];
      auto contracted = along(outside ? -0.5 : 0.5);
      double fc = evaluate(contracted);
      if (fc < std::min(fr, f[worst])) {
        x[worst] = contracted, f[worst] = fc;
        continue;
      }
      for (std::size_t k : order) {
        if (k == best) continue;
        for (std::size_t i = 0; i < n; ++i) x[k][i] = x[best][i] + 0.5 * (x[k][i] - x[best][i]);
        f[k] = evaluate(x[k]);
      }
    }
  }

  const StudyFile& study_;
  const CalibrationOptions& options_;
  EvaluationJournal& journal_;
  CalibrationResult result_;
};

std::string utc_now() {
  auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buf;
}

std::string relative_to(const fs::path& to, const fs::path& from_dir) {
  return to.lexically_relative(from_dir).generic_string();
}

}  // namespace

std::string text_hash(const std::string& text) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(
                    engine::ContentHash().bytes(text.data(), text.size()).value()));
  return buf;
}

namespace {

// What a journal's evaluations depend on: the scenario as resolved (with the reduced
// configuration), seed, replicates, parameters and targets. Not the budget, the output or the
// descriptions, so a calibration stopped by its budget resumes with a larger one.
std::string journal_identity(const StudyFile& study) {
  std::ostringstream id;
  id << study.scenario.resolved_toml() << "\nseed " << study.seed << " replicates "
     << study.replicates << "\n";
  for (const FreeParameter& p : study.parameters)
    id << p.name << " " << exact(p.lower) << " " << exact(p.upper) << " " << exact(p.prior_mean)
       << " " << exact(p.prior_sd) << " " << exact(p.start) << "\n";
  for (const Target& t : study.targets)
    id << t.metric->name << " " << exact(t.value) << " " << exact(t.tolerance) << " "
       << exact(t.weight) << "\n";
  return text_hash(id.str());
}

}  // namespace

CalibrationResult calibrate(const StudyFile& study, const CalibrationOptions& options) {
  const std::string identity = journal_identity(study);
  fs::path journal_path = options.journal;
  if (journal_path.empty()) journal_path = fs::path(study.output_path.string() + ".journal");
  EvaluationJournal journal(journal_path, identity, study, options.restart);
  return Search(study, options, journal).run();
}

std::string targets_table(const std::vector<TargetResult>& results) {
  std::ostringstream out;
  char line[256];
  std::snprintf(line, sizeof line, "%-38s %12s  %-22s %10s %9s  %s\n", "target", "simulated",
                "95% interval", "published", "tolerance", "");
  out << line;
  int inside = 0;
  for (const TargetResult& r : results) {
    const auto& s = r.simulated;
    bool share = r.target.metric->unit == "share";
    auto f = [&](double v) { return share ? short_number(100 * v, 3) + "%" : short_number(v, 4); };
    std::string interval = std::string("[").append(f(s.lo)).append(", ").append(f(s.hi)) + "]";
    std::string tolerance = std::string("+-").append(f(r.target.tolerance));
    std::snprintf(line, sizeof line, "%-38s %12s  %-22s %10s %9s  %s\n",
                  std::string(r.target.metric->name).c_str(), f(s.mean).c_str(), interval.c_str(),
                  f(r.target.value).c_str(), tolerance.c_str(), r.inside() ? "inside" : "OUTSIDE");
    out << line;
    inside += r.inside();
  }
  out << inside << " of " << results.size() << " targets inside their tolerance\n";
  return out.str();
}

void write_fitted_scenario(const StudyFile& study, const CalibrationResult& result,
                           const std::string& command_line) {
  const fs::path dir = study.output_path.parent_path();
  std::ostringstream out;
  out << "# Written by `" << command_line << "`: do not edit by hand, re-run it.\n"
      << "# spipsim " << io::spipsim_version() << " (git " << io::git_revision() << "), "
      << utc_now() << "\n"
      << "# Calibration file: " << relative_to(study.path, dir) << "\n"
      << "# Targets: " << relative_to(study.targets_path, dir) << " (FNV-1a "
      << text_hash(study.targets_text) << ")\n"
      << "# Seed " << study.seed << ", " << study.replicates
      << " replicates per evaluation, budget " << study.budget << ", " << result.evaluations
      << " evaluations used" << (result.converged ? " (converged)" : " (budget spent)") << "\n";
  out << "# Reduced configuration while fitting:";
  if (study.reduced.empty()) out << " none";
  for (const ScenarioOverride& o : study.reduced) out << " " << o.name << " = " << o.value_text;
  out << "\n# Objective at the fit " << short_number(result.best.objective) << " = target distance "
      << short_number(result.best.distance) << " + prior penalty "
      << short_number(result.best.penalty) << "\n# Targets at the fit (reduced configuration):\n";
  for (const TargetResult& r : result.best.results)
    out << "#   " << r.target.metric->name << " " << short_number(r.simulated.mean) << " ["
        << short_number(r.simulated.lo) << ", " << short_number(r.simulated.hi) << "], target "
        << short_number(r.target.value) << " ± " << short_number(r.target.tolerance)
        << (r.inside() ? "" : "  OUTSIDE") << "\n";
  const std::string& text = study.output_description;
  if (text.find("\"\"\"") == std::string::npos && text.find('\\') == std::string::npos)
    out << "description = \"\"\"\n" << text << (text.ends_with('\n') ? "" : "\n") << "\"\"\"\n";
  else
    out << "description = " << params::toml_quoted(text) << "\n";
  out << "extends = " << params::toml_quoted(relative_to(study.scenario_path, dir)) << "\n";
  std::map<std::string, std::vector<std::size_t>> sections;
  for (std::size_t i = 0; i < study.parameters.size(); ++i) {
    const std::string& name = study.parameters[i].name;
    sections[name.substr(0, name.rfind('.'))].push_back(i);
  }
  for (const auto& [section, indices] : sections) {
    out << "\n[" << section << "]\n";
    for (std::size_t i : indices) {
      const FreeParameter& p = study.parameters[i];
      std::string value = short_number(result.best.theta[i], 5);
      if (value.find_first_of(".e") == std::string::npos) value += ".0";
      out << p.name.substr(p.name.rfind('.') + 1) << " = " << value << "  # fitted; prior N("
          << short_number(p.prior_mean) << ", " << short_number(p.prior_sd) << "^2) in ["
          << short_number(p.lower) << ", " << short_number(p.upper) << "]\n";
    }
  }
  fs::path tmp = study.output_path;
  tmp += ".tmp";
  {
    std::ofstream file(tmp, std::ios::trunc);
    file << out.str();
    if (!file) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, study.output_path);
}

}  // namespace spipsim::experiment

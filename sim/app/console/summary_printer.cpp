#include "sim/app/console/summary_printer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iomanip>

namespace spipsim::experiment {

// Digits by magnitude: enough to compare scenarios, not so many that noise looks like
// signal. Large figures (costs) get thousands separators.
std::string format_value(double value, bool share) {
  if (!std::isfinite(value)) return "n/a";
  char buffer[64];
  if (share) {
    std::snprintf(buffer, sizeof buffer, "%.1f%%", value * 100.0);
    return buffer;
  }
  if (value == 0.0) return "0";
  double magnitude = std::fabs(value);
  if (magnitude < 10.0) {
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return buffer;
  }
  if (magnitude < 100.0) {
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
  }
  std::snprintf(buffer, sizeof buffer, "%.0f", value);
  std::string_view digits = buffer;
  std::string grouped;
  if (digits.front() == '-') {
    grouped += '-';
    digits.remove_prefix(1);
  }
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return grouped;
}

namespace {

std::string format_interval(const stats::Interval& interval, bool share) {
  // One replicate gives the degenerate [mean, mean]: no interval, not a certain one.
  if (interval.n < 2 || !std::isfinite(interval.lo) || !std::isfinite(interval.hi)) return "[-, -]";
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
  std::string text = "[";
  text += format_value(interval.lo, share);
  text += ", ";
  text += format_value(interval.hi, share);
  text += "]";
  return text;
}

// Scenario descriptions are TOML multi-line strings; the table shows them as one line.
std::string one_line(std::string_view text) {
  std::string line;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !line.empty();
      continue;
    }
    if (space) line += ' ';
    space = false;
    line += c;
  }
  return line;
}

std::string years_text(double years) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", years);
  return buffer;
}

}  // namespace

void print_summary(std::ostream& out, const RunInfo& run, const RunSummary& summary) {
  out << run.scenario;
  if (std::string description = one_line(run.description); !description.empty())
    out << " - " << description;
  out << "\nreplicates " << run.replicates << "   seed " << run.seed << "   years "
      << years_text(run.years) << "\n";

  struct Row {
    std::string label, mean, interval, unit;
  };
  std::size_t label_width = 0, mean_width = 0, interval_width = 0;
  std::vector<std::pair<HeadlineGroup, Row>> rows;
  for (const Headline& h : summary.headlines) {
    bool share = is_share(h);
    Row row{h.label, format_value(h.interval.mean, share), format_interval(h.interval, share),
            share ? "%" : h.unit};
    label_width = std::max(label_width, row.label.size());
    mean_width = std::max(mean_width, row.mean.size());
    interval_width = std::max(interval_width, row.interval.size());
    rows.emplace_back(h.group, std::move(row));
  }

  for (auto group : {HeadlineGroup::Recidivism, HeadlineGroup::Reintegration,
                     HeadlineGroup::Workload, HeadlineGroup::Costs}) {
    bool header_done = false;
    for (const auto& [row_group, row] : rows) {
      if (row_group != group) continue;
      if (!header_done) {
        out << "\n" << group_name(group) << "\n";
        header_done = true;
      }
      out << "  " << std::left << std::setw(static_cast<int>(label_width)) << row.label << "  "
          << std::right << std::setw(static_cast<int>(mean_width)) << row.mean << "  " << std::left
          << std::setw(static_cast<int>(interval_width)) << row.interval << "  " << row.unit
          << "\n";
    }
  }
  out.flush();
}

std::string json_string(std::string_view text) {
  std::string json = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        json += "\\\"";
        break;
      case '\\':
        json += "\\\\";
        break;
      case '\b':
        json += "\\b";
        break;
      case '\f':
        json += "\\f";
        break;
      case '\n':
        json += "\\n";
        break;
      case '\r':
        json += "\\r";
        break;
      case '\t':
        json += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
          json += buffer;
        } else {
          json += c;
        }
    }
  }
  return json + "\"";
}

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[64];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (error != std::errc()) return "null";
  return std::string(buffer, end);
}

void print_summary_json(std::ostream& out, const RunInfo& run, const RunSummary& summary) {
  out << "{\n  \"scenario\": " << json_string(run.scenario)
      << ",\n  \"description\": " << json_string(run.description)
      << ",\n  \"replicates\": " << run.replicates << ",\n  \"seed\": " << run.seed
      << ",\n  \"years\": " << json_number(run.years) << ",\n  \"headlines\": {";
  const char* separator = "\n";
  for (const Headline& h : summary.headlines) {
    const stats::Interval& i = h.interval;
    out << separator << "    " << json_string(h.name) << ": {\"mean\": " << json_number(i.mean)
        << ", \"lo\": " << json_number(i.lo) << ", \"hi\": " << json_number(i.hi)
        << ", \"sd\": " << json_number(i.sd) << ", \"n\": " << i.n
        << ", \"unit\": " << json_string(h.unit) << ", \"label\": " << json_string(h.label)
        << ", \"group\": " << json_string(group_name(h.group)) << "}";
    separator = ",\n";
  }
  out << "\n  }\n}\n";
  out.flush();
}

}  // namespace spipsim::experiment

#include "sim/experiment/run/replicate_codec.hpp"

#include <array>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace spipsim::experiment {
namespace {

static_assert(std::is_trivially_copyable_v<model::PersonRecord>);
static_assert(std::is_trivially_copyable_v<model::MonthlySiteRecord>);

class Writer {
 public:
  explicit Writer(const ByteWriter& write) : write_(write) {}
  template <class T>
  void value(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    write_(reinterpret_cast<const unsigned char*>(&v), sizeof(T));
  }
  template <class T>
  void array(const std::vector<T>& items) {
    value(static_cast<std::uint64_t>(items.size()));
    write_(reinterpret_cast<const unsigned char*>(items.data()), items.size() * sizeof(T));
  }
  void text(const std::string& s) { array(std::vector<char>(s.begin(), s.end())); }

 private:
  const ByteWriter& write_;
};

class Reader {
 public:
  explicit Reader(const std::vector<unsigned char>& bytes) : bytes_(bytes) {}
  template <class T>
  T value() {
    T v;
    take(&v, sizeof(T));
    return v;
  }
  template <class T>
  std::vector<T> array() {
    const auto n = value<std::uint64_t>();
    if (n > (bytes_.size() - at_) / sizeof(T))
      throw std::runtime_error("replicate bytes cut short");
    std::vector<T> items(n);
    take(items.data(), n * sizeof(T));
    return items;
  }
  std::string text() {
    const std::vector<char> chars = array<char>();
    return std::string(chars.begin(), chars.end());
  }
  bool done() const { return at_ == bytes_.size(); }

 private:
  void take(void* out, std::size_t n) {
    if (n > bytes_.size() - at_) throw std::runtime_error("replicate bytes cut short");
    std::memcpy(out, bytes_.data() + at_, n);
    at_ += n;
  }
  const std::vector<unsigned char>& bytes_;
  std::size_t at_ = 0;
};

// The replicate's totals, in wire order: one list for the writer and the reader.
template <class Output>
auto totals(Output& o) {
  return std::array{&o.cost_officers_eur,     &o.cost_prison_eur,
                    &o.cost_community_eur,    &o.cost_electronic_monitoring_eur,
                    &o.cost_semi_liberte_eur, &o.cost_partners_eur,
                    &o.cost_digital_eur,      &o.cost_training_eur,
                    &o.cost_insertion_eur,    &o.cost_placement_exterieur_eur,
                    &o.cost_conditional_release_eur, &o.cost_tig_eur,
                    &o.years,                 &o.wall_seconds,
                    &o.coverage,              &o.coverage_detained,
                    &o.coverage_community};
}

}  // namespace

std::vector<unsigned char> encode_replicate(const model::ReplicateOutput& o) {
  // Sized once, at least: grown by doubling, a 1x replicate's 170 MB would pass through a
  // copy from 128 to 256 MB at the end of every replicate (bench/README.md, "Session 6").
  std::size_t size = 4096 + o.persons.size() * sizeof(model::PersonRecord) +
                     o.monthly.size() * sizeof(model::MonthlySiteRecord);
  for (const model::SiteInfo& s : o.sites)
    size += sizeof(s) + s.code.size() + s.name.size() + s.region.size() + s.disp.size();
  for (const auto& month : o.officer_caseloads_by_month)
    size += sizeof(std::uint64_t) + month.size() * sizeof(month.front());
  std::vector<unsigned char> bytes;
  bytes.reserve(size);
  encode_replicate(o, [&bytes](const unsigned char* data, std::size_t n) {
    bytes.insert(bytes.end(), data, data + n);
  });
  return bytes;
}

void encode_replicate(const model::ReplicateOutput& o, const ByteWriter& write) {
  Writer w(write);
  w.value(o.replicate);
  w.value(o.seed);
  w.value(o.months);
  w.value(static_cast<std::uint64_t>(o.sites.size()));
  for (const model::SiteInfo& s : o.sites) {
    w.text(s.code);
    w.text(s.name);
    w.text(s.region);
    w.value(s.population);
    w.value(s.unemployment_rate);
    w.value(s.initial_officers);
    w.value(s.detained_share);
    w.value(s.community_share);
    w.value(s.pour_peine_share);
    w.value(s.antennas);
    w.text(s.disp);
    w.value(s.area_km2);
    w.value(s.travel_hours_per_contact);
  }
  w.array(o.persons);
  w.array(o.monthly);
  w.value(static_cast<std::uint64_t>(o.officer_caseloads_by_month.size()));
  for (const auto& month : o.officer_caseloads_by_month) w.array(month);
  for (const double* total : totals(o)) w.value(*total);
  w.value(o.events);
}

model::ReplicateOutput decode_replicate(const std::vector<unsigned char>& bytes) {
  Reader r(bytes);
  model::ReplicateOutput o;
  o.replicate = r.value<std::uint32_t>();
  o.seed = r.value<std::uint64_t>();
  o.months = r.value<int>();
  const auto sites = r.value<std::uint64_t>();
  for (std::uint64_t i = 0; i < sites && i < bytes.size(); ++i) {
    model::SiteInfo s;
    s.code = r.text();
    s.name = r.text();
    s.region = r.text();
    s.population = r.value<double>();
    s.unemployment_rate = r.value<double>();
    s.initial_officers = r.value<double>();
    s.detained_share = r.value<double>();
    s.community_share = r.value<double>();
    s.pour_peine_share = r.value<double>();
    s.antennas = r.value<int>();
    s.disp = r.text();
    s.area_km2 = r.value<double>();
    s.travel_hours_per_contact = r.value<double>();
    o.sites.push_back(std::move(s));
  }
  o.persons = r.array<model::PersonRecord>();
  o.monthly = r.array<model::MonthlySiteRecord>();
  const auto months = r.value<std::uint64_t>();
  for (std::uint64_t i = 0; i < months && i < bytes.size(); ++i)
    o.officer_caseloads_by_month.push_back(r.array<std::uint16_t>());
  for (double* total : totals(o)) *total = r.value<double>();
  o.events = r.value<std::uint64_t>();
  if (!r.done()) throw std::runtime_error("replicate bytes: unexpected bytes at the end");
  return o;
}

}  // namespace spipsim::experiment

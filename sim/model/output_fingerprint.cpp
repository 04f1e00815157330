#include "sim/model/output_fingerprint.hpp"

#include <bit>
#include <cmath>
#include <cstddef>
#include <limits>
#include <type_traits>

namespace spipsim::model {
namespace {

// FNV-1a over the bytes of each field value, one field at a time: struct padding never
// enters the hash, and NaNs are hashed as one canonical NaN.
class Fnv1a {
 public:
  template <class T>
  void add(T value) {
    if constexpr (std::is_enum_v<T>) {
      add(static_cast<std::underlying_type_t<T>>(value));
    } else if constexpr (std::is_same_v<T, bool>) {
      add(std::uint8_t(value ? 1 : 0));
    } else if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(value)) value = std::numeric_limits<T>::quiet_NaN();
      add(std::bit_cast<std::conditional_t<sizeof(T) == 8, std::uint64_t, std::uint32_t>>(value));
    } else {
      static_assert(std::is_integral_v<T>);
      for (std::size_t i = 0; i < sizeof(T); ++i) {  // little-endian byte order, always
        hash_ ^= std::uint8_t(std::make_unsigned_t<T>(value) >> (8 * i));
        hash_ *= 1099511628211ull;
      }
    }
  }
  template <class T, std::size_t N>
  void add(const T (&values)[N]) {
    for (const T& v : values) add(v);
  }
  std::uint64_t value() const { return hash_; }

 private:
  std::uint64_t hash_ = 14695981039346656037ull;
};

void add(Fnv1a& h, const PersonRecord& r) {
  h.add(r.id), h.add(r.site), h.add(r.sex), h.add(r.risk_tier), h.add(r.origin);
  h.add(r.release_type), h.add(r.prior_convictions), h.add(r.age_at_entry);
  h.add(r.age_at_index), h.add(r.entry_day), h.add(r.index_day), h.add(r.measure_start_day);
  h.add(r.measure_end_day), h.add(r.days_to_reconviction), h.add(r.reconvicted);
  h.add(r.days_to_reimprisonment), h.add(r.reimprisoned), h.add(r.employed_6m);
  h.add(r.housed_6m), h.add(r.employed_12m), h.add(r.housed_12m), h.add(r.reintegrated_12m);
  h.add(r.needs_at_entry), h.add(r.custody_days), h.add(r.sentence_days);
  h.add(r.days_to_job), h.add(r.job_at_release);
}

void add(Fnv1a& h, const MonthlySiteRecord& m) {
  h.add(m.month), h.add(m.site), h.add(m.officers), h.add(m.detained), h.add(m.supervised);
  h.add(m.unsupervised_followup), h.add(m.entries_prison), h.add(m.entries_community);
  h.add(m.releases), h.add(m.releases_supervised), h.add(m.reconvictions), h.add(m.revocations);
  h.add(m.technical_violations), h.add(m.contacts_due), h.add(m.contacts_delivered);
  h.add(m.contacts_missed), h.add(m.assessments), h.add(m.assessment_wait_days_sum);
  h.add(m.unallocated), h.add(m.hours_contacts), h.add(m.hours_assessment), h.add(m.hours_admin);
  h.add(m.hours_reports), h.add(m.partner_queue), h.add(m.partner_started);
  h.add(m.partner_wait_days_sum), h.add(m.employed), h.add(m.housed), h.add(m.prison_days);
  h.add(m.community_days), h.add(m.electronic_monitoring_days), h.add(m.semi_liberte_days);
  h.add(m.officer_years), h.add(m.partner_services), h.add(m.cost_officers_eur);
  h.add(m.cost_prison_eur), h.add(m.cost_community_eur), h.add(m.cost_electronic_monitoring_eur);
  h.add(m.cost_semi_liberte_eur), h.add(m.cost_partners_eur), h.add(m.cost_digital_eur);
  h.add(m.cost_training_eur), h.add(m.cost_insertion_eur);
  h.add(m.detained_pretrial), h.add(m.pretrial_entries), h.add(m.pretrial_released);
  h.add(m.ab_initio), h.add(m.releases_lsc_by_right), h.add(m.tig_started), h.add(m.tig_unserved);
  h.add(m.hours_investigation), h.add(m.pretrial_days), h.add(m.placement_exterieur_days);
  h.add(m.conditional_release_days), h.add(m.tig_days), h.add(m.cost_placement_exterieur_eur);
  h.add(m.cost_conditional_release_eur), h.add(m.cost_tig_eur);
  h.add(m.quota_dwellings_let), h.add(m.partner_gave_up);
  h.add(m.posts_funded), h.add(m.officers_in_post), h.add(m.officers_in_training);
  h.add(m.officers_community), h.add(m.officers_quit), h.add(m.officers_arrived);
  h.add(m.releases_sent_home);
  h.add(m.cross_border_jobs), h.add(m.cross_border_dwellings), h.add(m.hours_travel);
}

}  // namespace

std::uint64_t output_fingerprint(const ReplicateOutput& out) {
  Fnv1a h;
  h.add(std::uint64_t(out.persons.size()));
  for (const PersonRecord& r : out.persons) add(h, r);
  h.add(std::uint64_t(out.monthly.size()));
  for (const MonthlySiteRecord& m : out.monthly) add(h, m);
  return h.value();
}


}  // namespace spipsim::model

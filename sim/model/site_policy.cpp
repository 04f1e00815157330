// Policy levers applied to a site: staffing, training, specialisation, partner capacity,
// reserved jobs and housing quotas. Called at construction and at every dated change of the
// scenario's timeline (each site applies the same change to its own copy of the parameters).
#include <cmath>

#include "sim/model/purposes.hpp"
#include "sim/model/site.hpp"
#include "sim/model/site_officers.hpp"
#include "sim/model/world.hpp"

namespace spipsim::model {

using params::ParamId;

void Site::on(const PolicyChange& e) {
  queue_all_release_decisions();  // their days come from the parameters in force until now
  for (const auto& [id, value] : scenario_.timeline[e.index].sets) params_.set(id, value);
  apply_policy();
}

void Site::apply_policy() {
  hazard_ = HazardModel(params_);
  set_contact_intervals();
  apply_staffing();

  // Training: an officer is selected while the draw is below the share. Officers trained
  // when the run starts practise from day 0; one selected by a timeline change (or hired
  // later) takes the course and reaches practice after training.lag_days.
  double rnr = param(ParamId::training_rnr_share);
  bool initial = events_ == 0;  // called from the constructor, before any event
  int n_community = 0;
  for (Officer& o : officers_) {
    bool selected = o.training_draw < rnr;
    if (selected && !o.trained) {
      o.trained = true;
      o.trained_since = initial ? now_ - param(ParamId::training_lag_days) : now_;
      o.course_hours_left = initial ? 0.0 : param(ParamId::training_course_hours);
    } else if (!selected && o.trained) {
      o.trained = false;
      o.trained_since = kNaN;
      o.course_hours_left = 0;
    }
    update_practice(o);
    if (o.active && !o.closed) ++n_community;
  }
  int specialists =
      int(std::ceil(param(ParamId::allocation_high_risk_officer_share) * n_community));
  for (Officer& o : officers_) {
    o.specialist = false;
    if (o.active && !o.closed && specialists > 0) {
      o.specialist = true;
      --specialists;
    }
  }

  const auto& t = world_.territory(index_);
  double pop_scale = param(ParamId::world_population_scale);
  for (int k = 0; k < kPartnerTypes; ++k)
    partners_[k].set_capacity(partner_capacity(params_, PartnerType(k), t.population, pop_scale));
  double detained = param(ParamId::entries_stock_detained) * entry_scale(Origin::Prison);
  workshops_.set_capacity(
      int(std::lround(param(ParamId::prison_workshop_places_per_100) * detained / 100.0)));
  int reserved = int(std::lround(param(ParamId::insertion_reserved_jobs_per_100k) * t.population /
                                 1e5 * pop_scale));
  reserved_jobs_free_ += reserved - reserved_jobs_total_;
  reserved_jobs_total_ = reserved;
  if (!quota_chain_running_) schedule_quota_dwelling();
  for (int k = 0; k < kPartnerTypes; ++k) start_next_services(PartnerType(k));
  apply_route_policy();  // TIG host places (site_routes.cpp)
}

// RNR practice reaching an officer's contacts: none before training.lag_days after
// selection, then full with coaching, or fading as exp(-time / training.fade_days) without.
// A surveillance-only service checks compliance and practises no RNR, trained or not.
// A change of tenths refreshes the hazards of the officer's supervised cases.
void Site::update_practice(Officer& off) {
  double practice = 0;
  if (off.trained && !params_.flag(ParamId::contact_surveillance_only)) {
    double since = now_ - off.trained_since - param(ParamId::training_lag_days);
    if (since >= 0)
      practice = param(ParamId::training_coaching_hours_per_month) > 0
                     ? 1.0
                     : std::exp(-since / param(ParamId::training_fade_days));
  }
  auto tenths = std::uint8_t(practice * 10.0 + 1e-6);
  if (tenths == off.practice_tenths) return;
  off.practice_tenths = tenths;
  refresh_caseload(off);
}

void Site::refresh_caseload(const Officer& off) {
  for (std::uint32_t s : off.caseload)
    if (people_.status[s] == Status::Supervised) refresh_hazard(s);
}

// Staffing levers: a national share (default), a ratio to the expected caseload, or an
// absolute count for named sites; officer_scale multiplies the first two.
int Site::closed_officers_wanted() const {
  double total = param(ParamId::staffing_cpip_national) * param(ParamId::staffing_officer_scale) *
                 entry_scale(Origin::Prison);
  return std::max(1, int(std::lround(total * param(ParamId::staffing_closed_share))));
}

int Site::community_officers_wanted() const {
  // Checked before the run (check_site_officers), so parsing cannot fail here.
  for (const SiteOfficers& listed :
       parse_site_officers(params_.text(ParamId::staffing_site_officers)))
    if (listed.code == world_.territory(index_).code) return std::max(1, listed.officers);
  double scale = param(ParamId::staffing_officer_scale);
  double ratio = param(ParamId::staffing_cases_per_officer);
  if (ratio > 0)
    return std::max(
        1, int(std::ceil(param(ParamId::entries_stock_community) * entry_scale(Origin::Community) /
                         ratio * scale)));
  // The community share of the national officers follows the community caseload.
  double total = param(ParamId::staffing_cpip_national) * scale * entry_scale(Origin::Community) *
                 (1 - param(ParamId::staffing_closed_share));
  return std::max(1, int(std::lround(total)));
}

// Adds officers (reactivating former posts first) or removes the last ones, whose cases are
// transferred to the remaining officers by the allocation policy.
void Site::set_officer_count(int community, int closed) {
  for (bool is_closed : {false, true}) {
    int target = is_closed ? closed : community;
    int active = 0;
    for (const Officer& o : officers_) active += (o.active && o.closed == is_closed);
    for (Officer& o : officers_) {
      if (active >= target) break;
      if (!o.active && o.closed == is_closed) {
        o.active = true;
        ++active;
      }
    }
    while (active < target) {
      Officer o;
      o.closed = is_closed;
      engine::RandomStream rng(frame_.seed, frame_.replicate, kPurposeOfficer,
                               (std::uint64_t(index_) << 16) | officers_.size());
      o.training_draw = rng.uniform();
      // A post created by the monthly workforce step (after construction) is a recruit: selected
      // for RNR training by the same draw as in apply_policy, it takes the course and practises
      // after training.lag_days, as apply_policy's comment says of officers hired later.
      if (events_ != 0 && o.training_draw < param(ParamId::training_rnr_share)) {
        o.trained = true;
        o.trained_since = now_;
        o.course_hours_left = param(ParamId::training_course_hours);
      }
      officers_.push_back(std::move(o));
      ++active;
    }
    std::vector<std::uint32_t> moved;
    for (std::size_t k = officers_.size(); k-- > 0 && active > target;) {
      Officer& o = officers_[k];
      if (!o.active || o.closed != is_closed) continue;
      o.active = false;
      --active;
      moved.insert(moved.end(), o.caseload.begin(), o.caseload.end());
      o.assessments.clear();
    }
    for (std::uint32_t s : moved) allocate(s);
  }
}

}  // namespace spipsim::model

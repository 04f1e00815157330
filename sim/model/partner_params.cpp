#include "sim/model/partner_params.hpp"

#include <algorithm>
#include <cmath>

namespace spipsim::model {

using params::ParamId;

PartnerParams partner_params(PartnerType t) {
  switch (t) {
    case PartnerType::Employment:
      return {ParamId::partners_employment_places_per_100k,
              ParamId::partners_employment_service_days, ParamId::partners_employment_success,
              ParamId::partners_employment_cost_eur, ParamId::coordination_employment_agreement};
    case PartnerType::Housing:
      return {ParamId::partners_housing_places_per_100k, ParamId::partners_housing_service_days,
              ParamId::partners_housing_success, ParamId::partners_housing_cost_eur,
              ParamId::coordination_housing_agreement};
    case PartnerType::Health:
      return {ParamId::partners_health_places_per_100k, ParamId::partners_health_service_days,
              ParamId::partners_health_success, ParamId::partners_health_cost_eur,
              ParamId::coordination_health_agreement};
    case PartnerType::Rights:
      return {ParamId::partners_rights_places_per_100k, ParamId::partners_rights_service_days,
              ParamId::partners_rights_success, ParamId::partners_rights_cost_eur,
              ParamId::coordination_rights_agreement};
    default:
      return {ParamId::partners_training_places_per_100k, ParamId::partners_training_service_days,
              ParamId::partners_training_success, ParamId::partners_training_cost_eur,
              ParamId::coordination_training_agreement};
  }
}

int partner_capacity(const params::Parameters& p, PartnerType t, double population, double scale) {
  double places = p.real(partner_params(t).places) * population / 1e5 * scale;
  return places <= 0 ? 0 : std::max(1, int(std::lround(places)));
}

}  // namespace spipsim::model

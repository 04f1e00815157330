#pragma once
// The parameters of each partner type, in one place: the needs work, the partners'
// capacity and the world graph's agreement edges all read them through this table.
#include "sim/model/replicate_output.hpp"
#include "sim/params/parameters.hpp"

namespace spipsim::model {

struct PartnerParams {
  params::ParamId places, service_days, success, cost, agreement;
};

PartnerParams partner_params(PartnerType type);

// Places a partner of this type serves at once in a territory (at least 1 when any).
int partner_capacity(const params::Parameters& p, PartnerType type, double population,
                     double scale);

}  // namespace spipsim::model

#pragma once
// Why the model draws random numbers: each purpose is its own family of streams, so adding
// a draw for one purpose never shifts the numbers of another (common random numbers).
#include "sim/engine/random_stream.hpp"

namespace spipsim::model {

// Blocks (two uniforms each) reserved for one call of a person's or site's counter stream.
inline constexpr std::uint32_t kBlocksPerDraw = 8;

enum ModelPurpose : engine::Purpose {
  kPurposeArrivalPrison = engine::kFirstModelPurpose,  // entity: site; block: arrival count
  kPurposeArrivalCommunity,
  kPurposeAttributes,  // entity: person; drawn once at creation
  kPurposeThreshold,   // entity: person; block: recidivism episode
  kPurposeSentence,    // entity: person; block: custody episode
  kPurposePerson,      // entity: person; block: the person's own draw counter
  kPurposeSite,        // entity: site; block: the site's draw counter
  kPurposeStock,       // entity: site; the initial stock
  kPurposeOfficer,     // entity: site * 65536 + officer
  kPurposeHome,        // entity: person; drawn once at prison entry (site_geography.cpp)
  kPurposeWorkforce,   // entity: site * 2 + pool; block: month step (site_workforce.cpp)
};

}  // namespace spipsim::model

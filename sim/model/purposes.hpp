#pragma once
// Why the model draws random numbers: each purpose is its own family of streams, so adding
// a draw for one purpose never shifts the numbers of another (common random numbers).
#include "sim/engine/random_stream.hpp"

namespace spipsim::model {

// Blocks (two uniforms each) reserved for one call of a person's or site's counter stream.
inline constexpr std::uint32_t kBlocksPerDraw = 8;

// The legal route of one sentence draws each decision from its own blocks, so a decision
// keeps its numbers whatever the decisions before it (common random numbers across rules).
inline constexpr std::uint32_t kRouteBlocks = 32;
enum RouteDecision : std::uint32_t {
  kRoutePretrial = 0,    // remand or not, its length, its outcome
  kRouteAbInitio = 4,    // aménagement before incarceration, and its measure
  kRouteCommunity = 8,   // which community sentence, its length
  kRouteReview = 12,     // aménagement at the review, and its measure
  kRouteLsc = 16,        // exclusion from the LSC by right, and its measure
  kRouteSsj = 20,        // suivi socio-judiciaire
  kRouteTig = 24,        // TIG service time
};

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
  kPurposeContact,     // entity: person; block: plan week (attendance, remote, breaches)
  kPurposeRoute,       // entity: person; block: sentence number x kRouteBlocks + decision
  kPurposeHome,        // entity: person; drawn once at prison entry (site_geography.cpp)
  kPurposeWorkforce,   // entity: site * 2 + pool; block: month step (site_workforce.cpp)
  kPurposeCommuting,   // entity: site; block: the site's cross-border draw counter
  kPurposeMarketMonth,  // entity: month << 17 | market << 16 | site (site_markets.cpp)
};

}  // namespace spipsim::model

#pragma once
// staffing.site_officers: "code:officers,..." (e.g. "21:35,75:300"), absolute community
// officers for named sites. One parser for the scenario check and for the sites.
#include <string>
#include <vector>

namespace spipsim::model {

struct SiteOfficers {
  std::string code;
  int officers = 0;
};

// Throws std::invalid_argument naming the first item that is not "code:digits".
std::vector<SiteOfficers> parse_site_officers(const std::string& text);

}  // namespace spipsim::model

#include "sim/model/site_officers.hpp"

#include <algorithm>
#include <stdexcept>

namespace spipsim::model {

std::vector<SiteOfficers> parse_site_officers(const std::string& text) {
  std::vector<SiteOfficers> out;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t end = std::min(text.find(',', at), text.size());
    std::string item = text.substr(at, end - at);
    std::size_t colon = item.find(':');
    std::string count = colon == std::string::npos ? "" : item.substr(colon + 1);
    bool digits =
        !count.empty() && count.size() < 7 &&
        std::all_of(count.begin(), count.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (colon == 0 || !digits)
      throw std::invalid_argument("'" + item + "' is not 'code:officers' (e.g. '21:35,75:300')");
    out.push_back({item.substr(0, colon), std::stoi(count)});
    at = end + 1;
  }
  return out;
}

}  // namespace spipsim::model

#pragma once
// The term of a prison sentence, one function for every new sentence (first entries, the
// initial stock, reconvictions): two classes, each with a lognormal term (docs/model.md,
// "Sentences"). A short sentence is served in a maison d'arrêt, a long one in an
// établissement pour peine of the DISP (site_geography.cpp, commit_to_prison).
#include <cstdint>

#include "sim/engine/random_stream.hpp"
#include "sim/params/parameters.hpp"

namespace spipsim::model {

// Short: maison d'arrêt (with the remand prisoners and the centres de semi-liberté); long:
// établissement pour peine (centre de détention, maison centrale, centre national
// d'évaluation).
enum class SentenceClass : std::uint8_t { Short, Long };
inline constexpr int kSentenceClasses = 2;

// The entries.prison_* parameters of the two classes.
struct SentenceMix {
  double long_share = 0;                  // of new sentences
  double short_mean = 1, short_cv = 1;    // term, days
  double long_mean = 1, long_cv = 1;
  double long_pour_peine = 1;             // share of long sentences served in one
};
SentenceMix sentence_mix(const params::Parameters& p);

struct PrisonSentence {
  double days = 0;
  SentenceClass cls = SentenceClass::Short;
  bool pour_peine = false;  // served in an établissement pour peine (only a long one can be)
};

// Draws the class (long with probability `long_probability`: the mix's long share for a
// reconviction, a site's own share for an entrant, see Site::prison_intake), whether a long
// one is served in an établissement pour peine (probability `pour_peine_probability`: the
// mix's long_pour_peine, or a site's own) and then the term. `in_stock`: a sentence already running at day 0, drawn length-biased (a term of
// lognormal(m, cv) is held in a stock in proportion to its length, which gives a lognormal
// of mean m·(1 + cv²) and the same cv), so the initial stock starts at the mix's steady state.
PrisonSentence draw_prison_sentence(engine::RandomStream& rng, const SentenceMix& mix,
                                    double long_probability, double pour_peine_probability,
                                    bool in_stock = false);

// The long class's share of the detained stock if every term were served in full:
// p·L / (p·L + (1 − p)·S). Splits the initial stock between the two kinds of prison.
double long_share_of_stock(const SentenceMix& mix);

}  // namespace spipsim::model

#include "sim/model/prison_sentence.hpp"

#include "sim/engine/distributions.hpp"

namespace spipsim::model {

using params::ParamId;

SentenceMix sentence_mix(const params::Parameters& p) {
  return {p.real(ParamId::entries_prison_long_share),
          p.real(ParamId::entries_prison_sentence_mean_days),
          p.real(ParamId::entries_prison_sentence_cv),
          p.real(ParamId::entries_prison_long_sentence_mean_days),
          p.real(ParamId::entries_prison_long_sentence_cv),
          p.real(ParamId::entries_prison_long_pour_peine_share)};
}

PrisonSentence draw_prison_sentence(engine::RandomStream& rng, const SentenceMix& mix,
                                    double long_probability, double pour_peine_probability,
                                    bool in_stock) {
  // The class and the prison draws always take one number each, so the term's draws do not
  // depend on their probabilities (common random numbers between scenarios that change them).
  bool long_term = rng.uniform() < long_probability;
  bool pour_peine = rng.uniform() < pour_peine_probability && long_term;
  double mean = long_term ? mix.long_mean : mix.short_mean;
  double cv = long_term ? mix.long_cv : mix.short_cv;
  if (in_stock) mean *= 1 + cv * cv;
  return {engine::lognormal_mean_cv(rng, mean, cv),
          long_term ? SentenceClass::Long : SentenceClass::Short, pour_peine};
}

double long_share_of_stock(const SentenceMix& mix) {
  double held_long = mix.long_share * mix.long_mean;
  double held = held_long + (1 - mix.long_share) * mix.short_mean;
  return held > 0 ? held_long / held : 0.0;
}

}  // namespace spipsim::model

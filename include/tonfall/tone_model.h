// ToneModel: a learnt signal for sentences that carry a tone problem no
// pattern names. A logistic regression over a sentence's words, word pairs
// and word triples, hashed into buckets (tools/train_tonsignal.py trains it
// on the labelled snippet sets). A rule with `model:` reports the sentences
// it scores above its threshold (rules/README.md).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/error.h"

namespace tonfall {

class ToneModel {
 public:
  // Reads a model file: "buckets N", "bias X", "threshold X", "check LOGIT
  // SENTENCE" (the trainer's own logit of a sentence in match-view spelling,
  // which load() verifies, so that the features here and there cannot drift
  // apart) and "w BUCKET WEIGHT" lines; '#' starts a comment.
  static Expected<ToneModel> load(const std::string& path);

  // The probability that `sentence` (match-view text) carries a tone problem.
  double score(std::string_view sentence) const;
  double logit(std::string_view sentence) const;
  bool flags(std::string_view sentence) const { return score(sentence) > threshold_; }
  double threshold() const { return threshold_; }

 private:
  ToneModel() = default;  // only load() makes one: scoring needs the buckets
  std::vector<float> weights_;
  double bias_ = 0;
  double threshold_ = 1;
};

}  // namespace tonfall

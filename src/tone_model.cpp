#include "tonfall/tone_model.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

#include "tonfall/normalize.h"

namespace tonfall {

namespace {

constexpr std::uint64_t kFnvOffset = 0xCBF29CE484222325ULL;
constexpr std::uint64_t kFnvPrime = 0x100000001B3ULL;

std::uint64_t fnv1a(std::uint64_t h, std::string_view bytes) {
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

// The trainer's tokens of `text` (tools/train_tonsignal.py: runs of letters
// and ASCII digits in lower case, and each "!" and "?"), written one after
// another into `out`, each ending at the offset `ends` records.
void tokenize(std::string_view text, std::string& out, std::vector<std::size_t>& ends) {
  out.clear();
  ends.clear();
  bool in_word = false;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto length = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    // Letters (Python's str.isalpha: the general category L) and ASCII digits.
    const bool word = c >= 0 && (c < 0x80 ? std::isalnum(c) != 0 : u_isalpha(c) != 0);
    if (word) {
      // Lower case one for one (Python's lower() where it gives one character).
      if (c < 0x80) out += static_cast<char>(std::tolower(c));
      else append_utf8(out, static_cast<char32_t>(c == 0x130 ? c : u_tolower(c)));
      in_word = true;
      continue;
    }
    if (in_word) ends.push_back(out.size());
    in_word = false;
    if (c == '!' || c == '?') {
      out += static_cast<char>(c);
      ends.push_back(out.size());
    }
  }
  if (in_word) ends.push_back(out.size());
}

}  // namespace

Expected<ToneModel> ToneModel::load(const std::string& path) {
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{path, 0, 0, std::string("cannot read the model: ") + std::strerror(errno)};
  std::ostringstream buffer;  // read in blocks, not character by character
  buffer << in.rdbuf();
  const std::string bytes = std::move(buffer).str();
  ToneModel model;
  std::vector<std::pair<double, std::string_view>> checks;
  bool has_bias = false;
  bool has_threshold = false;
  std::size_t number = 0;
  for (std::size_t at = 0; at < bytes.size();) {
    const std::size_t eol = std::min(bytes.find('\n', at), bytes.size());
    const std::string_view line(bytes.data() + at, eol - at);
    at = eol + 1;
    ++number;
    auto bad = [&](const std::string& why) { return Error{path, number, 1, "invalid model: " + why}; };
    if (line.empty() || line[0] == '#') continue;
    const std::size_t space = std::min(line.find(' '), line.size());
    const std::string_view key = line.substr(0, space);
    std::string_view rest = line.substr(std::min(space + 1, line.size()));
    // The next number of `rest`, and `rest` after it and its space.
    auto next = [&](auto& value) {
      const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
      if (error != std::errc()) return false;
      rest.remove_prefix(static_cast<std::size_t>(end - rest.data()));
      if (!rest.empty() && rest.front() != ' ') return false;
      if (!rest.empty()) rest.remove_prefix(1);
      return true;
    };
    if (key == "buckets") {
      std::size_t buckets = 0;
      if (!model.weights_.empty()) return bad("'buckets' given twice");
      if (!next(buckets) || buckets == 0 || buckets > (std::size_t{1} << 24) || (buckets & (buckets - 1)))
        return bad("'buckets' must be a power of two up to 2^24");
      model.weights_.assign(buckets, 0.0F);
    } else if (key == "bias" || key == "threshold") {
      double value = 0;
      if (!next(value) || !std::isfinite(value)) return bad("'" + std::string(key) + "' needs a number");
      (key == "bias" ? model.bias_ : model.threshold_) = value;
      (key == "bias" ? has_bias : has_threshold) = true;
    } else if (key == "check") {
      double score = 0;
      if (!next(score) || rest.empty()) return bad("'check' needs a logit and a sentence");
      checks.emplace_back(score, rest);
    } else if (key == "w") {
      std::size_t bucket = 0;
      float weight = 0;
      if (model.weights_.empty()) return bad("'buckets' must come before the weights");
      if (!next(bucket) || !next(weight) || bucket >= model.weights_.size() || !std::isfinite(weight))
        return bad("a weight needs a bucket below 'buckets' and a number");
      model.weights_[bucket] = weight;
    } else {
      return bad("unknown line '" + std::string(key) + "'");
    }
  }
  if (model.weights_.empty() || !has_bias || !has_threshold)
    return Error{path, 0, 0, "invalid model: it needs 'buckets', 'bias' and 'threshold'"};
  // The weights are floats here: a lost or misplaced feature moves a logit
  // by at least the smallest weight kept (0.1), rounding by far less.
  for (const auto& [expected, sentence] : checks) {
    if (std::abs(model.logit(sentence) - expected) > 5e-4)
      return Error{path, 0, 0, "invalid model: it scores '" + std::string(sentence) + "' other than its trainer did"};
  }
  return model;
}

double ToneModel::score(std::string_view sentence) const { return 1 / (1 + std::exp(-logit(sentence))); }

double ToneModel::logit(std::string_view sentence) const {
  thread_local std::string text;
  thread_local std::vector<std::size_t> ends;
  thread_local std::vector<std::uint32_t> buckets;
  tokenize(sentence, text, ends);
  buckets.clear();
  const std::uint64_t mask = weights_.size() - 1;
  auto word = [&](std::size_t k) {
    const std::size_t begin = k == 0 ? 0 : ends[k - 1];
    return std::string_view(text).substr(begin, ends[k] - begin);
  };
  // "u:w1", "b:w1 w2" and "t:w1 w2 w3", hashed as the trainer hashes them.
  static const std::uint64_t unigram = fnv1a(kFnvOffset, "u:");
  static const std::uint64_t bigram = fnv1a(kFnvOffset, "b:");
  static const std::uint64_t trigram = fnv1a(kFnvOffset, "t:");
  for (std::size_t k = 0; k < ends.size(); ++k) {
    buckets.push_back(static_cast<std::uint32_t>(fnv1a(unigram, word(k)) & mask));
    if (k + 1 < ends.size()) {
      const std::uint64_t pair = fnv1a(fnv1a(bigram, word(k)), " ");
      buckets.push_back(static_cast<std::uint32_t>(fnv1a(pair, word(k + 1)) & mask));
    }
    if (k + 2 < ends.size()) {
      const std::uint64_t triple = fnv1a(fnv1a(fnv1a(fnv1a(trigram, word(k)), " "), word(k + 1)), " ");
      buckets.push_back(static_cast<std::uint32_t>(fnv1a(triple, word(k + 2)) & mask));
    }
  }
  std::sort(buckets.begin(), buckets.end());
  buckets.erase(std::unique(buckets.begin(), buckets.end()), buckets.end());
  double z = bias_;
  for (const std::uint32_t bucket : buckets) z += weights_[bucket];
  return std::clamp(z, -30.0, 30.0);
}

}  // namespace tonfall

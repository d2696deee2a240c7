#include "tonfall/vocabulary.h"

#include <algorithm>
#include <numeric>

namespace tonfall {

namespace {

bool is_lower_ascii(char c) { return c >= 'a' && c <= 'z'; }

// Lengths of the UTF-8 sequences of ä, ö, ü and ß, which a class name may use.
std::size_t umlaut_length(std::string_view s) {
  for (std::string_view u : {"ä", "ö", "ü", "ß"})
    if (s.substr(0, u.size()) == u) return u.size();
  return 0;
}

// The length of a class name at the start of `s`, 0 if there is none.
std::size_t name_length(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (is_lower_ascii(c) || (i > 0 && ((c >= '0' && c <= '9') || c == '-' || c == '_'))) {
      ++i;
    } else if (std::size_t u = umlaut_length(s.substr(i))) {
      i += u;
    } else {
      break;
    }
  }
  return i;
}

bool is_quantifier_start(std::string_view rest) {
  if (rest.empty()) return false;
  if (rest[0] == '?' || rest[0] == '*' || rest[0] == '+') return true;
  return rest[0] == '{' && rest.size() > 1 && rest[1] >= '0' && rest[1] <= '9';
}

struct Expander {
  const Vocabulary& vocabulary;
  std::vector<std::string_view> active;  // classes being expanded, to find cycles

  Expected<std::string> expand(std::string_view pattern) {
    std::string out;
    bool in_class = false;
    for (std::size_t i = 0; i < pattern.size();) {
      const char c = pattern[i];
      if (pattern.substr(i, 2) == R"(\Q)") {
        // Quoted text is literal up to \E, blanks included.
        const std::size_t end = pattern.find(R"(\E)", i);
        const std::size_t stop = end == std::string_view::npos ? pattern.size() : end + 2;
        out.append(pattern.substr(i, stop - i));
        i = stop;
        continue;
      }
      if (c == '\\' && i + 1 < pattern.size()) {
        out.append(pattern.substr(i, 2));
        i += 2;
        continue;
      }
      if (in_class) {
        // A ']' right after '[' or '[^' is a member, not the end.
        if (c == ']') in_class = false;
        out += c;
        ++i;
        continue;
      }
      if (c == '[') {
        in_class = true;
        out += c;
        ++i;
        if (i < pattern.size() && pattern[i] == '^') out += pattern[i++];
        if (i < pattern.size() && pattern[i] == ']') out += pattern[i++];
        continue;
      }
      if (c == ' ') {
        while (i < pattern.size() && pattern[i] == ' ') ++i;
        out += is_quantifier_start(pattern.substr(i)) ? R"(\s)" : R"(\s+)";
        continue;
      }
      if (c == '{') {
        const std::size_t length = name_length(pattern.substr(i + 1));
        if (length > 0 && i + 1 + length < pattern.size() && pattern[i + 1 + length] == '}') {
          Expected<std::string> word_class = expand_class(pattern.substr(i + 1, length));
          if (!word_class) return word_class;
          out += word_class.value();
          i += length + 2;
          continue;
        }
      }
      out += c;
      ++i;
    }
    if (in_class) return Error{"", 0, 0, "character class '[' is not closed"};
    return out;
  }

  Expected<std::string> expand_class(std::string_view name) {
    const auto found = vocabulary.find(name);
    if (found == vocabulary.end())
      return Error{"", 0, 0, "unknown word class {" + std::string(name) + "}"};
    if (std::find(active.begin(), active.end(), name) != active.end())
      return Error{"", 0, 0, "word class {" + std::string(name) + "} uses itself"};
    active.push_back(name);
    std::string out = "(?:";
    for (std::size_t k = 0; k < found->second.size(); ++k) {
      Expected<std::string> entry = expand(found->second[k]);
      if (!entry) return entry;
      if (k > 0) out += '|';
      out += entry.value();
    }
    out += ')';
    active.pop_back();
    return out;
  }
};

}  // namespace

bool is_word_class_name(std::string_view name) {
  return !name.empty() && name_length(name) == name.size();
}

Expected<std::string> expand_pattern(std::string_view pattern, const Vocabulary& vocabulary) {
  return Expander{vocabulary, {}}.expand(pattern);
}

std::size_t class_end(std::string_view pattern, std::size_t i) {
  const std::size_t n = pattern.size();
  std::size_t j = i + 1;
  if (j < n && pattern[j] == '^') ++j;
  if (j < n && pattern[j] == ']') ++j;  // a leading ] is a literal
  for (; j < n && pattern[j] != ']'; ++j) {
    if (pattern[j] == '\\') {
      ++j;
    } else if (pattern[j] == '[' && j + 1 < n && pattern[j + 1] == ':') {
      const std::size_t close = pattern.find(":]", j + 2);
      if (close != std::string_view::npos) j = close + 1;
    }
  }
  return std::min(j, n);
}

namespace {

// The last position of the escape, quotation (\Q…\E) or character class that
// starts at pattern[i]; i itself for any other character.
std::size_t token_end(std::string_view pattern, std::size_t i) {
  const std::size_t n = pattern.size();
  if (pattern[i] == '[') return class_end(pattern, i);
  if (pattern[i] != '\\' || i + 1 >= n) return i;
  if (pattern[i + 1] != 'Q') return i + 1;
  const std::size_t end = pattern.find("\\E", i + 2);
  return end == std::string_view::npos ? n - 1 : end + 1;
}

}  // namespace

std::size_t group_end(std::string_view pattern, std::size_t i) {
  int depth = 0;
  for (; i < pattern.size(); i = token_end(pattern, i) + 1) {
    if (pattern[i] == '(') {
      ++depth;
    } else if (pattern[i] == ')' && --depth == 0) {
      return i;
    }
  }
  return pattern.size();
}

namespace {

// The top-level structure of a pattern: where its alternatives are divided
// (each `|` outside groups and character classes) and whether a group that
// opens at its start closes only at its end.
struct TopLevel {
  std::vector<std::size_t> bars;
  bool one_group = false;
};

TopLevel top_level(std::string_view pattern) {
  TopLevel out;
  int depth = 0;
  bool closed_early = false;
  const std::size_t n = pattern.size();
  for (std::size_t i = 0; i < n; i = token_end(pattern, i) + 1) {
    const char c = pattern[i];
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (--depth == 0 && i + 1 < n) closed_early = true;
    } else if (c == '|' && depth == 0) {
      out.bars.push_back(i);
    }
  }
  out.one_group = n > 0 && pattern[0] == '(' && pattern[n - 1] == ')' && !closed_early;
  return out;
}

std::vector<std::string_view> split(std::string_view pattern, const std::vector<std::size_t>& bars) {
  std::vector<std::string_view> alternatives;
  std::size_t begin = 0;
  for (const std::size_t bar : bars) {
    alternatives.push_back(pattern.substr(begin, bar - begin));
    begin = bar + 1;
  }
  alternatives.push_back(pattern.substr(begin));
  return alternatives;
}

}  // namespace

std::vector<std::string_view> top_level_alternatives(std::string_view pattern) {
  const TopLevel outer = top_level(pattern);
  if (!outer.bars.empty() || !outer.one_group || pattern.substr(0, 3) != "(?:")
    return split(pattern, outer.bars);
  // One group around everything, as a word class expands: "(?:a|b)".
  const std::string_view inner = pattern.substr(3, pattern.size() - 4);
  const TopLevel within = top_level(inner);
  return within.bars.empty() ? std::vector<std::string_view>{pattern} : split(inner, within.bars);
}

Expected<std::string> clause_pattern(const std::vector<std::string>& parts) {
  if (parts.size() < 2 || parts.size() > 4)
    return Error{"", 0, 0, "a clause pattern needs 2 to 4 parts"};
  for (const std::string& part : parts) {
    if (part.find("(?P<") != std::string::npos || part.find("(?<") != std::string::npos)
      return Error{"", 0, 0, "a clause part cannot have a named group"};
  }
  std::vector<std::size_t> order(parts.size());
  std::iota(order.begin(), order.end(), 0);
  std::string out = "(?:";
  bool first = true;
  do {
    out += first ? "" : "|";
    first = false;
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (k > 0) out += kClauseGap;
      out += "(?:" + parts[order[k]] + ")";
    }
  } while (std::next_permutation(order.begin(), order.end()));
  out += ')';
  return out;
}

}  // namespace tonfall

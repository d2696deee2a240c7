#include "tonfall/literals.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <new>
#include <optional>
#include <stdexcept>

#include "tonfall/normalize.h"
#include "tonfall/bytes.h"

namespace tonfall {

namespace {

bool is_blank(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// The blank an escape letter stands for: \n, \t, \r, \f, \v.
std::optional<char32_t> blank_escape(char letter) {
  switch (letter) {
    case 'n': return U'\n';
    case 't': return U'\t';
    case 'r': return U'\r';
    case 'f': return U'\f';
    case 'v': return U'\v';
    default: return std::nullopt;
  }
}

// A folded code point as UTF-8, or nothing when RE2's case folding would
// match characters that fold_text does not map onto it (ÿ and Ÿ, µ and μ, or
// any cased letter beyond Latin-1): such a character is "any character".
std::optional<std::string> folded_char(char32_t c) {
  if (is_blank(c)) return " ";
  if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  else if (c >= 0xC0 && c <= 0xDE && c != 0xD7) c += 0x20;
  else if (c == 0xDF || c == 0x1E9E) return "ss";  // ß, ẞ: the match view spells them ss
  else if (c == 0x17F) c = 's';    // ſ
  else if (c == 0x212A) c = 'k';   // Kelvin sign
  else if (c == 0x212B) c = 0xE5;  // Ångström sign
  else if (c == 0xB5 || c == 0xFF) return std::nullopt;
  else if (c >= 0x100 && u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_CASED)) return std::nullopt;
  std::string out;
  append_utf8(out, c);
  return out;
}

// The code point at `at` (U+FFFD for a bad sequence); moves `at` past it.
char32_t decode_utf8(std::string_view text, std::size_t& at) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  auto index = static_cast<int32_t>(at);
  UChar32 c;
  U8_NEXT(bytes, index, static_cast<int32_t>(text.size()), c);
  at = static_cast<std::size_t>(index);
  return c < 0 ? 0xFFFD : static_cast<char32_t>(c);
}

// After "\x" at regex[at]: the code point of "41" or "{41}"; moves `at`
// past it. Nothing when it is not one.
std::optional<char32_t> hex_value(std::string_view regex, std::size_t& at) {
  std::size_t digits = at;
  std::size_t end = at + 2;
  if (at < regex.size() && regex[at] == '{') {
    digits = at + 1;
    end = regex.find('}', digits);
    if (end == std::string_view::npos) return std::nullopt;
    at = end + 1;
  } else {
    if (end > regex.size()) return std::nullopt;
    at = end;
  }
  char32_t value = 0;
  for (const char h : regex.substr(digits, end - digits)) {
    const int digit = h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
    if (digit < 0 || value > 0x10FFFF / 16) return std::nullopt;
    value = value * 16 + static_cast<char32_t>(digit);
  }
  if (value > 0x10FFFF) return std::nullopt;
  return value;
}

// Strings shorter than this are in nearly every text and make poor filters.
constexpr std::size_t kMinLiteralChars = 3;

// Beyond this many alternatives a node's exact strings are given up.
constexpr std::size_t kMaxExactStrings = 16;

std::size_t char_count(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

using Clause = std::vector<std::string>;

// a + b as fold_text would give it: blanks where they meet are one.
std::string join(std::string_view a, std::string_view b) {
  if (!a.empty() && !b.empty() && a.back() == ' ' && b.front() == ' ') b.remove_prefix(1);
  std::string out(a);
  out += b;
  return out;
}

// True if `s` is rare enough in prose to filter on: three characters or
// more, or fewer that are rare anyway: a character beyond the Basic
// Multilingual Plane (an emoji, four bytes of UTF-8) or a run of sentence
// marks („?!“, „!!“).
bool is_rare(std::string_view s) {
  if (char_count(s) >= kMinLiteralChars) return true;
  if (std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0xF0; })) return true;
  return s.size() >= 2 && s.find_first_not_of("!?") == std::string_view::npos;
}

bool is_useful(const Clause& clause) {
  return !clause.empty() && std::all_of(clause.begin(), clause.end(), [](const std::string& s) { return is_rare(s); });
}

void sort_unique(Clause& strings) {
  std::sort(strings.begin(), strings.end());
  strings.erase(std::unique(strings.begin(), strings.end()), strings.end());
}

// Removes the strings of a clause that contain another of its strings: where
// " sofort" occurs, "sofort" does too, so the clause {" sofort", "sofort"} is
// {"sofort"}, and the scanner looks for one string instead of two.
void drop_superstrings(Clause& clause) {
  Clause kept;
  for (const std::string& s : clause) {
    const bool redundant = std::any_of(clause.begin(), clause.end(), [&](const std::string& other) {
      return other.size() < s.size() && s.find(other) != std::string::npos;
    });
    if (!redundant) kept.push_back(s);
  }
  clause = std::move(kept);
}

// What the analysis knows of a piece of a regex: when `exact`, the piece
// matches exactly one of `strings`; in any case each of `clauses` is needed.
struct Info {
  bool exact = false;
  Clause strings;
  std::vector<Clause> clauses;

  static Info any() { return {}; }
  static Info exactly(Clause strings) {
    sort_unique(strings);
    return Info{true, std::move(strings), {}};
  }
  static Info empty() { return exactly({""}); }
};

// How well `s` filters: its length in characters, or 0 for the words found
// in most paragraphs of German prose (measured on bench/corpus: each is in
// 15 % to 77 % of them). A clause is as weak as its weakest string: one of
// these in a clause makes it hold almost everywhere.
std::size_t filter_strength(std::string_view s) {
  static constexpr std::string_view kEverywhere[] = {
      "ich", "ein", "der", "die", "das", "den", "ist", "und", "eine", "nicht", "man", "sie",
      "sei", "sich", "auf", "aus", "wir", "wie", "mit", "von", "sein", "was", "wer", "wenn"};
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (std::find(std::begin(kEverywhere), std::end(kEverywhere), s) != std::end(kEverywhere)) return 0;
  return char_count(s);
}

// The clause that best stands for `info` on its own: its exact strings, or
// its clause whose weakest string filters best (then the fewest strings).
std::optional<Clause> best_clause(const Info& info) {
  if (info.exact) return is_useful(info.strings) ? std::optional<Clause>(info.strings) : std::nullopt;
  const Clause* best = nullptr;
  std::size_t best_shortest = 0;
  for (const Clause& clause : info.clauses) {
    std::size_t shortest = SIZE_MAX;
    for (const std::string& s : clause) shortest = std::min(shortest, filter_strength(s));
    if (!best || shortest > best_shortest ||
        (shortest == best_shortest && clause.size() < best->size())) {
      best = &clause;
      best_shortest = shortest;
    }
  }
  return best ? std::optional<Clause>(*best) : std::nullopt;
}

// A recursive-descent reader of RE2 syntax that computes Info bottom-up.
class Analyzer {
 public:
  explicit Analyzer(std::string_view regex) : re_(regex) {}

  Info whole() {
    Info info = alternation();
    while (pos_ < re_.size()) {  // an unbalanced ")": read on, knowing less
      ++pos_;
      info = concatenate({std::move(info), alternation()});
    }
    return info;
  }

 private:
  std::string_view re_;
  std::size_t pos_ = 0;

  bool at_end() const { return pos_ >= re_.size(); }
  char peek() const { return re_[pos_]; }

  Info alternation() {
    std::vector<Info> branches{concatenation()};
    while (!at_end() && peek() == '|') {
      ++pos_;
      branches.push_back(concatenation());
    }
    if (branches.size() == 1) return std::move(branches[0]);
    Clause all;
    bool exact = true;
    for (const Info& branch : branches) {
      exact = exact && branch.exact;
      if (exact) all.insert(all.end(), branch.strings.begin(), branch.strings.end());
    }
    sort_unique(all);
    if (exact && all.size() <= kMaxExactStrings) return Info::exactly(std::move(all));
    // One clause that every branch implies: the union of their best clauses.
    Clause either;
    for (const Info& branch : branches) {
      std::optional<Clause> clause = best_clause(branch);
      if (!clause) return Info::any();
      either.insert(either.end(), clause->begin(), clause->end());
    }
    sort_unique(either);
    Info info;
    info.clauses.push_back(std::move(either));
    return info;
  }

  Info concatenation() {
    std::vector<Info> items;
    while (!at_end() && peek() != '|' && peek() != ')') {
      if (std::string run = literal_run(); !run.empty()) {
        items.push_back(Info::exactly({std::move(run)}));
      } else if (re_.substr(pos_, 2) == "\\Q") {
        quoted(items);
      } else {
        items.push_back(quantified(atom()));
      }
    }
    return concatenate(std::move(items));
  }

  // \Q...\E: literal characters; a quantifier after \E applies to the last.
  void quoted(std::vector<Info>& items) {
    const std::size_t begin = pos_ + 2;
    const std::size_t end = re_.find("\\E", begin);
    const std::string_view text = re_.substr(begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
    pos_ = end == std::string_view::npos ? re_.size() : end + 2;
    for (std::size_t at = 0; at < text.size();) {
      Info one = literal(decode_utf8(text, at));
      items.push_back(at < text.size() ? std::move(one) : quantified(std::move(one)));
    }
  }

  static bool is_plain(char c) { return std::strchr("\\[](){}|.^$*+?", c) == nullptr; }

  // A run of plain characters that no quantifier follows, folded: most of a
  // pattern's text, read without an Info per character.
  std::string literal_run() {
    std::string run;
    while (!at_end() && is_plain(peek())) {
      std::size_t next = pos_;
      const char32_t c = decode_utf8(re_, next);
      if (next < re_.size() && std::strchr("*+?{", re_[next]) != nullptr) break;
      std::optional<std::string> folded = folded_char(c);
      if (!folded) break;
      run = join(run, *folded);
      pos_ = next;
    }
    return run;
  }

  // Exact neighbours multiply into longer strings ("bei " x {mir, uns}); the
  // run of them ends at a piece that is not exact, or when it grows too
  // large, and becomes a clause.
  static Info concatenate(std::vector<Info> items) {
    Info result;
    Clause run{""};
    bool all_exact = true;
    auto flush = [&] {
      if (is_useful(run)) result.clauses.push_back(run);
      run = {""};
    };
    for (Info& item : items) {
      if (item.exact && run.size() * item.strings.size() <= kMaxExactStrings) {
        Clause product;
        for (const std::string& a : run)
          for (const std::string& b : item.strings) product.push_back(join(a, b));
        run = std::move(product);
      } else if (item.exact) {
        all_exact = false;
        flush();
        run = item.strings;
      } else {
        all_exact = false;
        flush();
        for (Clause& clause : item.clauses) result.clauses.push_back(std::move(clause));
      }
    }
    if (all_exact) return Info::exactly(std::move(run));
    flush();
    return result;
  }

  Info quantified(Info item) {
    if (at_end()) return item;
    std::size_t min = 1, max = 1;
    const char c = peek();
    if (c == '*') min = 0, max = SIZE_MAX, ++pos_;
    else if (c == '+') max = SIZE_MAX, ++pos_;
    else if (c == '?') min = 0, ++pos_;
    else if (const std::optional<CountedRepetition> counted = counted_repetition_at(re_, pos_)) {
      min = counted->min, max = counted->max;
      pos_ += counted->length;
    } else {
      return item;
    }
    if (!at_end() && peek() == '?') ++pos_;  // lazy: the same strings
    if (item.exact && item.strings == Clause{" "}) {
      // Blanks, any number of them: one blank in folded text.
      return min == 0 ? Info::exactly({"", " "}) : std::move(item);
    }
    if (min == 0) {
      if (max == 1 && item.exact) {
        item.strings.push_back("");
        return Info::exactly(std::move(item.strings));
      }
      return Info::any();
    }
    if (min == 1 && max == 1) return item;
    Info info;
    info.clauses = std::move(item.clauses);
    if (item.exact && is_useful(item.strings)) info.clauses.push_back(std::move(item.strings));
    return info;
  }


  char32_t next_char() {
    std::size_t at = pos_;
    const char32_t c = decode_utf8(re_, at);
    pos_ = at;
    return c;
  }

  static Info literal(char32_t c) {
    std::optional<std::string> folded = folded_char(c);
    return folded ? Info::exactly({*folded}) : Info::any();
  }

  // \x41 or \x{41}; pos_ is after the "x".
  std::optional<char32_t> hex_escape() { return hex_value(re_, pos_); }

  // After "\p" or "\P": skips the class name.
  void skip_unicode_class() {
    if (at_end()) return;
    if (peek() == '{') {
      const std::size_t close = re_.find('}', pos_);
      pos_ = close == std::string_view::npos ? re_.size() : close + 1;
    } else {
      ++pos_;
    }
  }

  Info escape() {
    ++pos_;  // the backslash
    if (at_end()) return Info::any();
    const char c = re_[pos_++];
    switch (c) {
      case 'b': case 'B': case 'A': case 'z': return Info::empty();
      case 's': return Info::exactly({" "});
      case 'p': case 'P': skip_unicode_class(); return Info::any();
      case 'x': {
        const std::optional<char32_t> value = hex_escape();
        return value ? literal(*value) : Info::any();
      }
      case 'n': case 't': case 'r': case 'f': case 'v': return literal(*blank_escape(c));
      case 'a': return literal('\a');
      default:
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
          return Info::any();  // \d \s \w \C, octal and the like
        --pos_;
        return literal(next_char());
    }
  }

  // [...]: the folded characters of a small class, else any.
  Info char_class() {
    ++pos_;  // "["
    bool known = true;
    if (!at_end() && peek() == '^') known = false, ++pos_;
    Clause chars;
    auto add_range = [&](char32_t low, char32_t high) {
      if (high < low || high - low >= kMaxExactStrings) {
        known = false;
        return;
      }
      for (char32_t c = low; c <= high; ++c) {
        std::optional<std::string> folded = folded_char(c);
        if (!folded) known = false;
        else chars.push_back(*folded);
      }
    };
    bool first = true;
    while (!at_end() && (peek() != ']' || first)) {
      first = false;
      std::optional<char32_t> low;
      if (re_.substr(pos_, 2) == "[:") {
        const std::size_t close = re_.find(":]", pos_ + 2);
        pos_ = close == std::string_view::npos ? re_.size() : close + 2;
        known = false;
        continue;
      }
      if (peek() == '\\') {
        ++pos_;
        if (at_end()) break;
        const char c = re_[pos_++];
        if (c == 'x') low = hex_escape();
        else if (c == 'p' || c == 'P') skip_unicode_class();
        else if (c == 's') {
          chars.push_back(" ");  // any blank: one space in folded text
          continue;
        } else if (const std::optional<char32_t> blank = blank_escape(c)) low = *blank;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
          // \d, \s, \n and the like
        } else {
          --pos_;
          low = next_char();
        }
        if (!low) {
          known = false;
          continue;
        }
      } else {
        low = next_char();
      }
      char32_t high = *low;
      if (pos_ + 1 < re_.size() && peek() == '-' && re_[pos_ + 1] != ']') {
        ++pos_;
        if (peek() == '\\') {
          ++pos_;
          if (!at_end() && peek() == 'x') {
            ++pos_;
            const std::optional<char32_t> value = hex_escape();
            if (!value) known = false;
            high = value.value_or(*low);
          } else {
            high = next_char();
          }
        } else {
          high = next_char();
        }
      }
      add_range(*low, high);
    }
    if (!at_end()) ++pos_;  // "]"
    sort_unique(chars);
    if (!known || chars.empty() || chars.size() > kMaxExactStrings) return Info::any();
    return Info::exactly(std::move(chars));
  }

  Info group() {
    ++pos_;  // "("
    if (!at_end() && peek() == '?') {
      // (?:...), (?P<name>...), (?i:...) or a flag group (?i) that changes
      // the flags of the enclosing group: case does not matter here.
      std::size_t i = pos_ + 1;
      if (i < re_.size() && (re_[i] == 'P' || re_[i] == '<')) {  // (?P<name> or (?<name>
        const std::size_t close = re_.find('>', i);
        pos_ = close == std::string_view::npos ? re_.size() : close + 1;
      } else {
        while (i < re_.size() && re_[i] != ':' && re_[i] != ')') ++i;
        if (i < re_.size() && re_[i] == ')') {
          pos_ = i + 1;
          return Info::empty();
        }
        pos_ = std::min(i + 1, re_.size());
      }
    }
    Info inner = alternation();
    if (!at_end() && peek() == ')') ++pos_;
    return inner;
  }

  Info atom() {
    switch (peek()) {
      case '(': return group();
      case '[': return char_class();
      case '\\': return escape();
      case '.': ++pos_; return Info::any();
      case '^': case '$': ++pos_; return Info::empty();
      default: return literal(next_char());
    }
  }
};

}  // namespace

std::string fold_text(std::string_view text) {
  // No folding lengthens the text (ß and ẞ give two bytes for two or three),
  // so the result is written in place and cut to size at the end.
  std::string folded(text.size(), '\0');
  char* out = folded.data();
  char* const first = out;
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80 && !is_blank(c)) {
      *out++ = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    } else if (is_blank(c)) {
      if (out == first || out[-1] != ' ') *out++ = ' ';
    } else if (c == 0xC3 && i + 1 < n && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
      const auto next = static_cast<unsigned char>(text[i + 1]);
      if (next == 0x9F) {  // ß, as the match view spells it
        *out++ = 's';
        *out++ = 's';
      } else {
        *out++ = '\xC3';
        *out++ = static_cast<char>(next >= 0x80 && next <= 0x9E && next != 0x97 ? next + 0x20 : next);
      }
      ++i;
    } else if (c == 0xC5 && i + 1 < n && text[i + 1] == '\xBF') {  // ſ
      *out++ = 's';
      ++i;
    } else if (c == 0xE1 && text.substr(i, 3) == "\xE1\xBA\x9E") {  // ẞ, as the match view spells it
      *out++ = 's';
      *out++ = 's';
      i += 2;
    } else if (c == 0xE2 && text.substr(i, 3) == "\xE2\x84\xAA") {  // Kelvin sign
      *out++ = 'k';
      i += 2;
    } else if (c == 0xE2 && text.substr(i, 3) == "\xE2\x84\xAB") {  // Ångström sign
      *out++ = '\xC3';
      *out++ = '\xA5';
      i += 2;
    } else {
      *out++ = static_cast<char>(c);
    }
  }
  folded.resize(static_cast<std::size_t>(out - first));
  return folded;
}

LiteralCondition required_literals(std::string_view regex) {
  Info info = Analyzer(regex).whole();
  LiteralCondition condition;
  if (info.exact) {
    if (is_useful(info.strings)) condition.clauses.push_back(std::move(info.strings));
  } else {
    condition.clauses = std::move(info.clauses);
  }
  for (Clause& clause : condition.clauses) {
    sort_unique(clause);
    drop_superstrings(clause);
  }
  std::sort(condition.clauses.begin(), condition.clauses.end());
  condition.clauses.erase(std::unique(condition.clauses.begin(), condition.clauses.end()),
                          condition.clauses.end());
  return condition;
}

std::optional<CountedRepetition> counted_repetition_at(std::string_view regex, std::size_t i) {
  if (i >= regex.size() || regex[i] != '{') return std::nullopt;
  std::size_t at = i + 1;
  auto number = [&](std::size_t& value) {
    const std::size_t start = at;
    value = 0;
    while (at < regex.size() && regex[at] >= '0' && regex[at] <= '9' && at - start < 6)
      value = value * 10 + static_cast<std::size_t>(regex[at++] - '0');
    return at > start;
  };
  CountedRepetition counted{};
  if (!number(counted.min)) return std::nullopt;
  counted.max = counted.min;
  if (at < regex.size() && regex[at] == ',') {
    ++at;
    if (!number(counted.max)) counted.max = SIZE_MAX;
  }
  if (at >= regex.size() || regex[at] != '}') return std::nullopt;
  counted.length = at + 1 - i;
  return counted;
}

namespace {

// The sentence marks a pattern may match, as bits of kMarks.
constexpr std::string_view kMarks = ".!?";
constexpr unsigned kAllMarks = 0b111;

unsigned mark_bits(char32_t low, char32_t high) {
  unsigned bits = 0;
  for (std::size_t k = 0; k < kMarks.size(); ++k)
    if (low <= static_cast<char32_t>(kMarks[k]) && static_cast<char32_t>(kMarks[k]) <= high) bits |= 1u << k;
  return bits;
}

// After "\p" or "\P" at regex[at]: the class name; moves `at` past it.
std::string_view unicode_class_name(std::string_view regex, std::size_t& at) {
  if (at >= regex.size()) return {};
  if (regex[at] != '{') return regex.substr(at++, 1);
  const std::size_t close = regex.find('}', at);
  if (close == std::string_view::npos) {
    at = regex.size();
    return {};
  }
  const std::string_view name = regex.substr(at + 1, close - at - 1);
  at = close + 1;
  return name;
}

// True if \p{name} holds no punctuation: letters, marks, numbers, separators.
bool is_wordlike_class(std::string_view name) {
  if (name.starts_with('^')) return false;
  return !name.empty() && std::string_view("LMNZ").find(name[0]) != std::string_view::npos &&
         (name.size() <= 2 || name == "Latin");
}

// The marks an escape at regex[at] (the backslash) matches; moves `at` past
// it.
unsigned escape_marks(std::string_view regex, std::size_t& at) {
  ++at;
  if (at >= regex.size()) return 0;
  const char c = regex[at++];
  switch (c) {
    case 'p': return is_wordlike_class(unicode_class_name(regex, at)) ? 0 : kAllMarks;
    case 'P': unicode_class_name(regex, at); return kAllMarks;
    case 'x': {
      const std::optional<char32_t> value = hex_value(regex, at);
      return value ? mark_bits(*value, *value) : kAllMarks;
    }
    case 'd': case 's': case 'w': case 'b': case 'B': case 'A': case 'z':
    case 'n': case 't': case 'r': case 'f': case 'v': case 'a':
      return 0;
    default:
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return kAllMarks;
      return mark_bits(static_cast<unsigned char>(c), static_cast<unsigned char>(c));
  }
}

// A character of a class at regex[at], or nothing for a class escape (\d,
// \pL, \W), whose marks go to `listed`; moves `at` past it.
std::optional<char32_t> class_char(std::string_view regex, std::size_t& at, unsigned& listed) {
  if (regex[at] != '\\') return decode_utf8(regex, at);
  if (at + 1 >= regex.size()) {
    at = regex.size();
    return std::nullopt;
  }
  const char letter = regex[at + 1];
  if (letter == 'x') {
    at += 2;
    const std::optional<char32_t> value = hex_value(regex, at);
    if (!value) listed = kAllMarks;  // not a readable value: be safe
    return value.value_or(U'.');
  }
  if (const std::optional<char32_t> blank = blank_escape(letter)) {
    at += 2;
    return *blank;
  }
  if (std::isalnum(static_cast<unsigned char>(letter))) {
    listed |= escape_marks(regex, at);  // \d \s \w none, \W \S \D \P all, \p by its name
    return std::nullopt;
  }
  at += 2;
  return static_cast<unsigned char>(letter);  // \. \- \] and the like
}

// The marks a class "[...]" at regex[at] matches; moves `at` past it.
unsigned class_marks(std::string_view regex, std::size_t& at) {
  ++at;  // "["
  const bool negated = at < regex.size() && regex[at] == '^';
  if (negated) ++at;
  unsigned listed = 0;  // the marks its members name
  for (bool first = true; at < regex.size() && (regex[at] != ']' || first); first = false) {
    if (regex.substr(at, 2) == "[:") {
      const std::size_t close = regex.find(":]", at + 2);
      if (close == std::string_view::npos) return kAllMarks;
      const std::string_view name = regex.substr(at + 2, close - at - 2);
      at = close + 2;
      const bool wordlike = name == "alpha" || name == "alnum" || name == "digit" || name == "lower" ||
                            name == "upper" || name == "space" || name == "blank" || name == "word";
      if (!wordlike) listed = kAllMarks;
      continue;
    }
    const std::optional<char32_t> low = class_char(regex, at, listed);
    if (!low) continue;
    char32_t high = *low;
    if (at + 1 < regex.size() && regex[at] == '-' && regex[at + 1] != ']') {
      ++at;
      const std::optional<char32_t> upper = class_char(regex, at, listed);
      if (!upper) return kAllMarks;
      high = *upper;
    }
    listed |= mark_bits(*low, high);
  }
  if (at >= regex.size()) return kAllMarks;
  ++at;  // "]"
  return negated ? kAllMarks & ~listed : listed;
}

}  // namespace

bool may_match_sentence_mark(std::string_view regex) {
  for (std::size_t at = 0; at < regex.size();) {
    const char c = regex[at];
    if (regex.substr(at, 2) == "\\Q") {
      const std::size_t end = regex.find("\\E", at + 2);
      const std::string_view quoted = regex.substr(at + 2, end == std::string_view::npos ? end : end - at - 2);
      if (quoted.find_first_of(kMarks) != std::string_view::npos) return true;
      at = end == std::string_view::npos ? regex.size() : end + 2;
    } else if (c == '\\') {
      if (escape_marks(regex, at) != 0) return true;
    } else if (c == '[') {
      if (class_marks(regex, at) != 0) return true;
    } else if (c == '.' || c == '!') {
      return true;
    } else {
      ++at;  // "?" is a quantifier or opens a group's flags; other bytes are no marks
    }
  }
  return false;
}

bool condition_holds(const LiteralCondition& condition, std::string_view folded) {
  return std::all_of(condition.clauses.begin(), condition.clauses.end(), [&](const auto& clause) {
    return std::any_of(clause.begin(), clause.end(),
                       [&](const std::string& literal) { return folded.find(literal) != std::string_view::npos; });
  });
}

BytePairs::BytePairs(std::string_view text) {
  for (std::size_t i = 1; i < text.size(); ++i) {
    const std::uint32_t pair = static_cast<unsigned char>(text[i - 1]) << 8 | static_cast<unsigned char>(text[i]);
    const std::uint32_t bit = (pair * 0x9E3779B1u) >> 23;  // 9 bits
    bits_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
  }
}

ConditionTest::ConditionTest(const LiteralCondition& condition) : condition_(&condition) {
  for (const auto& clause : condition.clauses) {
    pairs_.emplace_back();
    for (const std::string& literal : clause) pairs_.back().emplace_back(literal);
  }
}

bool ConditionTest::holds(std::string_view folded, const BytePairs& pairs) const {
  for (std::size_t c = 0; c < pairs_.size(); ++c) {
    const std::vector<std::string>& literals = condition_->clauses[c];
    bool any = false;
    for (std::size_t k = 0; k < literals.size() && !any; ++k)
      any = pairs.may_contain(pairs_[c][k]) && folded.find(literals[k]) != std::string_view::npos;
    if (!any) return false;
  }
  return true;
}

LiteralScanner::LiteralScanner(const std::vector<std::string_view>& literals) {
  // Bytes that occur in no literal share class 0.
  for (const std::string_view literal : literals)
    for (const char c : literal) {
      std::uint8_t& cls = byte_class_[static_cast<unsigned char>(c)];
      if (cls == 0) cls = static_cast<std::uint8_t>(++classes_);
    }
  ++classes_;
  // The trie, in the order its states arise. Literals are distinct, so at
  // most one ends at each state.
  std::vector<std::uint32_t> ends(1, kNone);  // the literal ending at each state
  std::vector<std::uint32_t> first_child(1, kNone), next_sibling(1, kNone);
  std::vector<std::uint8_t> edge_class(1, 0);
  std::fill(std::begin(root_child_), std::end(root_child_), kNone);
  // The trie as it grows; the member trie_child() reads the finished tables.
  auto child_of = [&](std::uint32_t state, std::uint8_t cls) {
    if (state == 0) return root_child_[cls];
    for (std::uint32_t child = first_child[state]; child != kNone; child = next_sibling[child])
      if (edge_class[child] == cls) return child;
    return kNone;
  };
  for (std::uint32_t id = 0; id < literals.size(); ++id) {
    if (literals[id].empty()) continue;
    std::uint32_t state = 0;
    for (const char c : literals[id]) {
      const std::uint8_t cls = byte_class_[static_cast<unsigned char>(c)];
      std::uint32_t child = child_of(state, cls);
      if (child == kNone) {
        child = static_cast<std::uint32_t>(ends.size());
        ends.push_back(kNone);
        first_child.push_back(kNone);
        next_sibling.push_back(first_child[state]);
        edge_class.push_back(cls);
        first_child[state] = child;
        if (state == 0) root_child_[cls] = child;
      }
      state = child;
    }
    ends[state] = id;
  }
  if (ends.size() >= kEndsLiteral) throw std::length_error("too many literals for the scanner");
  // Renumbered breadth first: the shallow states, where a scan spends most
  // of its time, share the first pages of the transition table.
  const std::size_t states = ends.size();
  std::vector<std::uint32_t> order{0};
  order.reserve(states);
  for (std::size_t k = 0; k < order.size(); ++k)
    for (std::uint32_t child = first_child[order[k]]; child != kNone; child = next_sibling[child])
      order.push_back(child);
  std::vector<std::uint32_t> renumbered(states);
  for (std::uint32_t k = 0; k < states; ++k) renumbered[order[k]] = k;
  auto renumber = [&](std::uint32_t state) { return state == kNone ? kNone : renumbered[state]; };
  {
    std::vector<std::uint32_t> first(states), next(states), end(states);
    std::vector<std::uint8_t> edge(states);
    for (std::uint32_t k = 0; k < states; ++k) {
      first[k] = renumber(first_child[order[k]]);
      next[k] = renumber(next_sibling[order[k]]);
      edge[k] = edge_class[order[k]];
      end[k] = ends[order[k]];
    }
    first_child = std::move(first);
    next_sibling = std::move(next);
    edge_class = std::move(edge);
    ends = std::move(end);
  }
  for (std::uint32_t& child : root_child_) child = renumber(child);
  // Failure links and output chains, in breadth-first order: each needs
  // those of shorter strings.
  std::vector<std::uint32_t> failure(states, 0), first_output(states, kNone);
  std::vector<Output> outputs;
  for (std::uint32_t state = 0; state < states; ++state) {
    for (std::uint32_t child = first_child[state]; child != kNone; child = next_sibling[child]) {
      if (state == 0) continue;
      std::uint32_t fallback = failure[state];
      while (child_of(fallback, edge_class[child]) == kNone && fallback != 0) fallback = failure[fallback];
      const std::uint32_t target = child_of(fallback, edge_class[child]);
      failure[child] = target == kNone ? 0 : target;
    }
    if (state == 0) continue;
    first_output[state] = first_output[failure[state]];
    if (ends[state] != kNone) {
      outputs.push_back({ends[state], first_output[state]});
      first_output[state] = static_cast<std::uint32_t>(outputs.size() - 1);
    }
  }
  first_child_ = bytes::Array(std::move(first_child));
  next_sibling_ = bytes::Array(std::move(next_sibling));
  edge_class_ = bytes::Array(std::move(edge_class));
  failure_ = bytes::Array(std::move(failure));
  first_output_ = bytes::Array(std::move(first_output));
  outputs_ = bytes::Array(std::move(outputs));
  allocate_rows();
}

void LiteralScanner::allocate_rows() {
  const std::size_t states = failure_.size();
  if (states * (classes_ + 1) >= kEndsLiteral) throw std::length_error("too many literals for the scanner");
  row_of_.reset(static_cast<std::uint32_t*>(std::calloc(states, sizeof(std::uint32_t))));
  rows_.reset(static_cast<std::uint32_t*>(std::calloc(states * (classes_ + 1), sizeof(std::uint32_t))));
  if (!row_of_ || !rows_) throw std::bad_alloc();
  rows_used_ = std::make_unique<std::atomic<std::uint32_t>>(0);
}

std::string LiteralScanner::to_bytes() const {
  std::string out;
  const std::uint32_t header[] = {classes_};
  bytes::append_array(out, header, 1);
  bytes::append_array(out, byte_class_, 256);
  bytes::append_array(out, root_child_, 256);
  bytes::append_array(out, first_child_.data(), first_child_.size());
  bytes::append_array(out, next_sibling_.data(), next_sibling_.size());
  bytes::append_array(out, edge_class_.data(), edge_class_.size());
  bytes::append_array(out, failure_.data(), failure_.size());
  bytes::append_array(out, first_output_.data(), first_output_.size());
  bytes::append_array(out, outputs_.data(), outputs_.size());
  return out;
}

std::optional<LiteralScanner> LiteralScanner::from_bytes(std::string_view in, std::size_t literal_count) {
  LiteralScanner scanner;
  std::span<const std::uint32_t> header, root_child;
  std::span<const std::uint8_t> byte_class;
  if (!bytes::read_array(in, header) || !bytes::read_array(in, byte_class) || !bytes::read_array(in, root_child) ||
      !bytes::read_array(in, scanner.first_child_) || !bytes::read_array(in, scanner.next_sibling_) ||
      !bytes::read_array(in, scanner.edge_class_) || !bytes::read_array(in, scanner.failure_) ||
      !bytes::read_array(in, scanner.first_output_) || !bytes::read_array(in, scanner.outputs_) || !in.empty())
    return std::nullopt;
  const std::size_t states = scanner.failure_.size();
  if (header.size() != 1 || byte_class.size() != 256 || root_child.size() != 256 || states == 0 ||
      states >= kEndsLiteral || scanner.first_child_.size() != states || scanner.next_sibling_.size() != states ||
      scanner.edge_class_.size() != states || scanner.first_output_.size() != states)
    return std::nullopt;
  scanner.classes_ = header[0];
  if (scanner.classes_ == 0 || scanner.classes_ > 256) return std::nullopt;
  for (std::size_t b = 0; b < 256; ++b) {
    if (byte_class[b] >= scanner.classes_) return std::nullopt;
    scanner.byte_class_[b] = byte_class[b];
    if (root_child[b] != kNone && (root_child[b] == 0 || root_child[b] >= states)) return std::nullopt;
    scanner.root_child_[b] = root_child[b];
  }
  // Children and siblings come after their state in breadth-first order,
  // failure links before it, and each output's next one before it.
  auto later = [&](std::uint32_t link, std::uint32_t state) { return link == kNone || (link > state && link < states); };
  if (scanner.failure_[0] != 0) return std::nullopt;
  for (std::uint32_t state = 0; state < states; ++state) {
    if (!later(scanner.first_child_[state], state) || !later(scanner.next_sibling_[state], state) ||
        scanner.edge_class_[state] >= scanner.classes_ || (state > 0 && scanner.failure_[state] >= state) ||
        (scanner.first_output_[state] != kNone && scanner.first_output_[state] >= scanner.outputs_.size()))
      return std::nullopt;
  }
  for (std::uint32_t k = 0; k < scanner.outputs_.size(); ++k) {
    const Output& output = scanner.outputs_[k];
    if (output.literal >= literal_count || (output.next != kNone && output.next >= k)) return std::nullopt;
  }
  scanner.allocate_rows();
  return scanner;
}

std::uint32_t LiteralScanner::trie_child(std::uint32_t state, std::uint8_t cls) const {
  if (state == 0) return root_child_[cls];
  for (std::uint32_t child = first_child_[state]; child != kNone; child = next_sibling_[child])
    if (edge_class_[child] == cls) return child;
  return kNone;
}

std::uint32_t LiteralScanner::row_for(std::uint32_t state) const {
  std::atomic_ref<std::uint32_t> row(row_of_.get()[state]);
  std::uint32_t current = row.load(std::memory_order_acquire);
  // Claim the state first, then take a row: each state takes at most one, so
  // the pool never runs out. A thread that finds the state claimed by
  // another does without the row this once.
  if (current == 0 && row.compare_exchange_strong(current, kClaimed, std::memory_order_acq_rel)) {
    const std::uint32_t fresh = rows_used_->fetch_add(1, std::memory_order_relaxed) * (classes_ + 1);
    rows_.get()[fresh + classes_] = state;
    row.store(fresh + 1, std::memory_order_release);
    return fresh;
  }
  return current == kClaimed ? kNone : current - 1;
}

std::uint32_t LiteralScanner::step(std::uint32_t state, std::uint8_t cls) const {
  const std::uint32_t row = load(row_of_.get()[state]);
  if (row != 0 && row != kClaimed) {
    if (const std::uint32_t known = load(rows_.get()[row - 1 + cls]); known != 0)
      return rows_.get()[(known & ~kEndsLiteral) - 1 + classes_] | (known & kEndsLiteral);
  }
  return resolve(state, cls);
}

// The transition the full automaton would have: the trie's edge, else the
// failure state's transition (the root's is the root).
std::uint32_t LiteralScanner::resolve(std::uint32_t state, std::uint8_t cls) const {
  std::uint32_t target = trie_child(state, cls);
  if (target == kNone) target = state == 0 ? 0 : step(failure_[state], cls) & ~kEndsLiteral;
  const std::uint32_t ends = first_output_[target] != kNone ? kEndsLiteral : 0;
  const std::uint32_t row = row_for(state), target_row = row_for(target);
  if (row != kNone && target_row != kNone)
    std::atomic_ref<std::uint32_t>(rows_.get()[row + cls])
        .store((target_row + 1) | ends, std::memory_order_release);
  return target | ends;
}

}  // namespace tonfall

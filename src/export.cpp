#include "tonfall/export.h"

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "tonfall/normalize.h"
#include "tonfall/segment.h"

namespace tonfall {
namespace {

// Start and end of the text in JavaScript whatever the flags (prh adds "m").
constexpr const char* kJsTextStart = "(?<![^])";
constexpr const char* kJsTextEnd = "(?![^])";

// Word characters as in segment.cpp's is_word_char, for JavaScript lookarounds.
constexpr std::string_view kJsWordChar = R"([\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\u200C\u200D])";

// A code point as a JavaScript escape that means the same with and without
// the u flag (prh compiles each pattern both ways): \uXXXX.
std::string js_escape(char32_t c) {
  if (c > 0xFFFF) {
    const char32_t v = c - 0x10000;
    return fmt::format("\\u{:04X}\\u{:04X}", static_cast<std::uint32_t>(0xD800 + (v >> 10)),
                       static_cast<std::uint32_t>(0xDC00 + (v & 0x3FF)));
  }
  return fmt::format("\\u{:04X}", static_cast<std::uint32_t>(c));
}

// `\x{HH}` escapes as JavaScript `\uXXXX`.
std::string js_hex_escapes(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::size_t close =
        text.substr(i, 3) == R"(\x{)" ? text.find('}', i) : std::string_view::npos;
    if (close != std::string_view::npos) {
      out += js_escape(static_cast<char32_t>(
          std::stoul(std::string(text.substr(i + 3, close - i - 3)), nullptr, 16)));
      i = close;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The other cases of `c` that RE2's case folding treats as equal (ß and ẞ too).
std::vector<char32_t> other_cases(char32_t c) {
  std::vector<char32_t> out;
  const auto cp = static_cast<UChar32>(c);
  for (UChar32 other : {u_tolower(cp), u_toupper(cp), u_totitle(cp)}) {
    if (other != cp && std::find(out.begin(), out.end(), static_cast<char32_t>(other)) == out.end())
      out.push_back(static_cast<char32_t>(other));
  }
  if (c == U'ß') out.push_back(U'ẞ');
  if (c == U'ẞ' && std::find(out.begin(), out.end(), U'ß') == out.end()) out.push_back(U'ß');
  return out;
}

// One pass over an RE2 pattern that writes its equivalent in a dialect;
// the state of the pass (position, flags in scope, groups seen) lives here.
class PatternTranslator {
 public:
  PatternTranslator(ExportDialect dialect, std::string_view pattern, bool case_insensitive)
      : dialect_(dialect), p_(pattern) {
    flags_.push_back(Flags{case_insensitive, false, false});
  }

  // The translated pattern, or an error message.
  Expected<std::string> run() {
    while (i_ < p_.size() && error_.empty()) step();
    if (!error_.empty()) return Error{{}, 0, 0, error_};
    return out_;
  }

  // Capturing groups in order: their names ("" for unnamed ones).
  const std::vector<std::string>& groups() const { return groups_; }

 private:
  struct Flags {
    bool i;  // case-insensitive
    bool m;  // ^ and $ at line ends
    bool s;  // . matches \n
  };

  bool js() const { return dialect_ == ExportDialect::prh; }
  Flags& flags() { return flags_.back(); }

  char32_t decode(std::size_t& at) const {
    const auto* bytes = reinterpret_cast<const uint8_t*>(p_.data());
    auto index = static_cast<int32_t>(at);
    UChar32 c;
    U8_NEXT(bytes, index, static_cast<int32_t>(p_.size()), c);
    at = static_cast<std::size_t>(index);
    return c < 0 ? U'\uFFFD' : static_cast<char32_t>(c);
  }

  // `\xHH` or `\x{HHHH}` at `at` (the backslash): the code point and the end.
  bool hex_escape(std::size_t at, char32_t& cp, std::size_t& end) const {
    if (at + 2 >= p_.size() || p_[at + 1] != 'x') return false;
    std::size_t first = at + 2;
    std::size_t last;
    if (p_[first] == '{') {
      last = p_.find('}', first);
      if (last == std::string_view::npos) return false;
      ++first;
      end = last + 1;
    } else {
      last = std::min(first + 2, p_.size());
      end = last;
    }
    if (last == first) return false;
    cp = 0;
    for (std::size_t k = first; k < last; ++k) {
      if (!std::isxdigit(static_cast<unsigned char>(p_[k]))) return false;
      cp = cp * 16 + static_cast<char32_t>(std::stoi(std::string(1, p_[k]), nullptr, 16));
    }
    return true;
  }

  // A literal punctuation character escaped for the dialect, outside a class.
  void escaped_punct(char c, bool in_class) {
    static constexpr std::string_view kRustMeta = R"(\.+*?()|[]{}^$#&-~)";
    static constexpr std::string_view kJsSyntax = R"(^$\.*+?()[]{}|/)";
    bool keep = true;
    if (dialect_ == ExportDialect::rg) keep = kRustMeta.find(c) != std::string_view::npos;
    if (js()) keep = kJsSyntax.find(c) != std::string_view::npos || (in_class && c == '-');
    if (keep) out_ += '\\';
    out_ += c;
  }

  // `\p{name}` (or `\P{name}`), adapted to the dialect and the case mode.
  std::string property(bool negated, std::string name, bool in_class) {
    if (flags().i && (name == "Lu" || name == "Ll" || name == "Lt")) {
      // RE2 folds case in classes too: any cased letter. ripgrep 13 lacks \p{LC}.
      if (dialect_ == ExportDialect::rg && !negated) {
        const std::string cased = R"(\p{Lu}\p{Ll}\p{Lt})";
        return in_class ? cased : "[" + cased + "]";
      }
      name = dialect_ == ExportDialect::grep ? "L&" : "LC";
    }
    return std::string(negated ? R"(\P{)" : R"(\p{)") + name + "}";
  }

  // Parses `\p...` at i_ (pointing at the backslash); returns false and sets
  // the name when it is not the letter class.
  std::string parse_property_name(bool& negated) {
    negated = p_[i_ + 1] == 'P';
    std::size_t at = i_ + 2;
    std::string name;
    if (at < p_.size() && p_[at] == '{') {
      const std::size_t close = p_.find('}', at);
      if (close == std::string_view::npos) {
        error_ = "unterminated \\p{";
        return {};
      }
      name = std::string(p_.substr(at + 1, close - at - 1));
      at = close + 1;
    } else if (at < p_.size()) {
      name = std::string(1, p_[at]);
      ++at;
    }
    if (!name.empty() && name[0] == '^') {  // \p{^Greek}
      negated = !negated;
      name.erase(0, 1);
    }
    i_ = at;
    return name;
  }

  std::string letter_ranges() const {
    return js() ? js_hex_escapes(kLetterRanges) : std::string(kLetterRanges);
  }

  void boundary(bool word) {
    if (dialect_ == ExportDialect::grep) {
      out_ += word ? R"(\b)" : R"(\B)";
    } else if (dialect_ == ExportDialect::rg) {
      out_ += word ? R"((?-u:\b))" : R"((?-u:\B))";
    } else {
      const std::string w(kJsWordChar);
      const std::string at_boundary = "(?<=" + w + ")(?!" + w + ")|(?<!" + w + ")(?=" + w + ")";
      const std::string inside = "(?<=" + w + ")(?=" + w + ")|(?<!" + w + ")(?!" + w + ")";
      out_ += "(?:" + (word ? at_boundary : inside) + ")";
    }
  }

  void literal(char32_t c) {
    if (js() && flags().i) {
      const std::vector<char32_t> others = other_cases(c);
      if (!others.empty()) {
        out_ += '[';
        append_utf8(out_, c);
        for (char32_t other : others) append_utf8(out_, other);
        out_ += ']';
        return;
      }
    }
    if (c < 0x80 && std::string_view(R"(\.+*?()|[]{}^$#&-~/)").find(static_cast<char>(c)) !=
                        std::string_view::npos) {
      escaped_punct(static_cast<char>(c), false);
      return;
    }
    append_utf8(out_, c);
  }

  // A `{` at i_: a repetition `{n}`, `{n,}`, `{n,m}` (copied) or a literal.
  void brace() {
    std::size_t at = i_ + 1;
    const std::size_t digits = at;
    while (at < p_.size() && std::isdigit(static_cast<unsigned char>(p_[at]))) ++at;
    bool repetition = at > digits;
    if (repetition && at < p_.size() && p_[at] == ',') {
      ++at;
      while (at < p_.size() && std::isdigit(static_cast<unsigned char>(p_[at]))) ++at;
    }
    repetition = repetition && at < p_.size() && p_[at] == '}';
    if (repetition) {
      out_.append(p_.substr(i_, at + 1 - i_));
      i_ = at + 1;
    } else {
      literal(U'{');
      ++i_;
    }
  }

  void group_open() {
    if (i_ + 1 >= p_.size() || p_[i_ + 1] != '?') {
      groups_.emplace_back();
      flags_.push_back(flags());
      out_ += '(';
      ++i_;
      return;
    }
    const std::string_view rest = p_.substr(i_ + 2);
    if (rest.starts_with("P<") ||
        (rest.starts_with("<") && !rest.starts_with("<=") && !rest.starts_with("<!"))) {
      const std::size_t name_at = i_ + 2 + (rest[0] == 'P' ? 2 : 1);
      const std::size_t close = p_.find('>', name_at);
      if (close == std::string_view::npos) {
        error_ = "unterminated group name";
        return;
      }
      groups_.emplace_back(p_.substr(name_at, close - name_at));
      flags_.push_back(flags());
      out_ += '(';
      i_ = close + 1;
      return;
    }
    // (?flags) or (?flags:...)
    std::size_t at = i_ + 2;
    Flags changed = flags();
    bool on = true;
    for (; at < p_.size() && p_[at] != ')' && p_[at] != ':'; ++at) {
      switch (p_[at]) {
        case '-':
          on = false;
          break;
        case 'i':
          changed.i = on;
          break;
        case 'm':
          changed.m = on;
          break;
        case 's':
          changed.s = on;
          break;
        case 'U':
          if (js()) error_ = "(?U) has no JavaScript equivalent";
          break;
        default:
          error_ = std::string("unsupported group (?") + p_[at] + " (not RE2 syntax)";
          return;
      }
    }
    if (at >= p_.size()) {
      error_ = "unterminated group";
      return;
    }
    const std::string_view spec = p_.substr(i_, at + 1 - i_);
    if (p_[at] == ':') {
      flags_.push_back(changed);
      out_ += js() ? std::string_view("(?:") : spec;
    } else {
      flags() = changed;
      if (!js()) out_ += spec;
    }
    i_ = at + 1;
  }

  void char_class() {
    std::string body;             // translated members
    std::vector<char32_t> extra;  // other cases of literal letters (JavaScript)
    std::string extra_ranges;     // other cases of ASCII letter ranges (JavaScript)
    std::size_t at = i_ + 1;
    std::string open = "[";
    if (at < p_.size() && p_[at] == '^') {
      open += '^';
      ++at;
    }
    bool first = true;
    char32_t previous = 0;  // the last literal, for ranges
    bool range_pending = false;
    for (; at < p_.size() && (first || p_[at] != ']'); first = false) {
      const char c = p_[at];
      if (c == '\\' && at + 1 < p_.size()) {
        const char n = p_[at + 1];
        if (n == 'p' || n == 'P') {
          i_ = at;
          bool negated = false;
          const std::string name = parse_property_name(negated);
          at = i_;
          if (name == "L" && !negated)
            body += letter_ranges();
          else
            body += property(negated, name, true);
          previous = 0;
          continue;
        }
        char32_t cp = 0;
        std::size_t end = 0;
        if (n == 'x' && hex_escape(at, cp, end)) {
          if (js() && cp > 0xFFFF) {
            // Without the u flag, which prh does not always set, a class sees
            // the two halves of a surrogate pair as two characters.
            error_ = "a character beyond U+FFFF in a character class";
            return;
          }
          if (js())
            body += js_escape(cp);
          else
            body.append(p_.substr(at, end - at));
          at = end;
          if (js() && flags().i && !range_pending) {
            for (char32_t other : other_cases(cp)) extra.push_back(other);
          }
          previous = range_pending ? 0 : cp;
          range_pending = false;
          continue;
        }
        if (std::isalnum(static_cast<unsigned char>(n))) {
          body += c;
          body += n;
          at += 2;
          previous = 0;
          continue;
        }
        // an escaped punctuation character
        std::swap(out_, body);
        escaped_punct(n, true);
        std::swap(out_, body);
        at += 2;
        previous = static_cast<char32_t>(n);
        continue;
      }
      if (c == '[' && at + 1 < p_.size() && p_[at + 1] == ':') {
        const std::size_t close = p_.find(":]", at + 2);
        if (close == std::string_view::npos) {
          error_ = "unterminated [:class:]";
          return;
        }
        const std::string_view name = p_.substr(at + 2, close - at - 2);
        if (js()) {
          if (name == "alpha")
            body += R"(\p{Alphabetic})";
          else if (name == "digit")
            body += "0-9";
          else if (name == "space")
            body += R"(\s)";
          else if (name == "alnum")
            body += R"(\p{Alphabetic}0-9)";
          else if (name == "upper")
            body += "A-Z";
          else if (name == "lower")
            body += "a-z";
          else
            error_ = "[:" + std::string(name) + ":] has no JavaScript equivalent here";
        } else {
          body.append(p_.substr(at, close + 2 - at));
        }
        at = close + 2;
        previous = 0;
        continue;
      }
      if (c == '-' && previous != 0 && at + 1 < p_.size() && p_[at + 1] != ']') {
        body += '-';
        range_pending = true;
        ++at;
        continue;
      }
      const char32_t ch = decode(at);
      if ((ch == U'[' && dialect_ != ExportDialect::grep) || (ch == U']' && first) ||
          (js() && (ch == U'/' || ch == U'-'))) {
        body += '\\';
      }
      append_utf8(body, ch);
      if (js() && flags().i) {
        if (range_pending) {
          const bool lower = previous >= U'a' && previous <= U'z' && ch >= U'a' && ch <= U'z';
          const bool upper = previous >= U'A' && previous <= U'Z' && ch >= U'A' && ch <= U'Z';
          if (lower || upper) {
            const int shift = lower ? -32 : 32;
            extra_ranges += static_cast<char>(static_cast<int>(previous) + shift);
            extra_ranges += '-';
            extra_ranges += static_cast<char>(static_cast<int>(ch) + shift);
          }
        } else {
          for (char32_t other : other_cases(ch)) extra.push_back(other);
        }
      }
      previous = range_pending ? 0 : ch;
      range_pending = false;
    }
    if (at >= p_.size()) {
      error_ = "unterminated character class";
      return;
    }
    out_ += open;
    out_ += body;
    for (char32_t other : extra) append_utf8(out_, other);
    out_ += extra_ranges;
    out_ += ']';
    i_ = at + 1;
  }

  void step() {
    const char c = p_[i_];
    if (c == '\\' && i_ + 1 < p_.size()) {
      const char n = p_[i_ + 1];
      char32_t hex_cp = 0;
      std::size_t hex_end = 0;
      if (n == 'p' || n == 'P') {
        bool negated = false;
        const std::string name = parse_property_name(negated);
        if (name == "L")
          out_ += std::string(negated ? "[^" : "[") + letter_ranges() + "]";
        else
          out_ += property(negated, name, false);
      } else if (n == 'b' || n == 'B') {
        boundary(n == 'b');
        i_ += 2;
      } else if (n == 'Q') {
        const std::size_t end = p_.find(R"(\E)", i_ + 2);
        std::size_t at = i_ + 2;
        const std::size_t stop = end == std::string_view::npos ? p_.size() : end;
        while (at < stop) literal(decode(at));
        i_ = end == std::string_view::npos ? p_.size() : end + 2;
      } else if (n == 'x' && js() && hex_escape(i_, hex_cp, hex_end)) {
        if (flags().i && !other_cases(hex_cp).empty())
          literal(hex_cp);
        else
          out_ += js_escape(hex_cp);
        i_ = hex_end;
      } else if (n == 'n' && dialect_ == ExportDialect::rg) {
        // ripgrep refuses a pattern with a line end unless the whole search is
        // multiline; line by line it could never match.
        error_ = "a line end (\\n) outside a character class: ripgrep matches line by line";
        i_ += 2;
      } else if (n == 'A' && js()) {
        out_ += kJsTextStart;
        i_ += 2;
      } else if (n == 'z' && js()) {
        out_ += kJsTextEnd;
        i_ += 2;
      } else if (std::isalnum(static_cast<unsigned char>(n))) {
        out_ += c;
        out_ += n;
        i_ += 2;
      } else if (static_cast<unsigned char>(n) >= 0x80) {
        ++i_;
        literal(decode(i_));
      } else {
        escaped_punct(n, false);
        i_ += 2;
      }
      return;
    }
    switch (c) {
      case '[':
        char_class();
        return;
      case '(':
        group_open();
        return;
      case ')':
        if (flags_.size() > 1) flags_.pop_back();
        out_ += ')';
        ++i_;
        return;
      case '{':
        brace();
        return;
      case '}':
      case ']':
        literal(static_cast<char32_t>(c));
        ++i_;
        return;
      case '^':
        out_ += !js() ? "^" : flags().m ? R"((?<![^\n]))" : kJsTextStart;
        ++i_;
        return;
      case '$':
        out_ += !js() ? "$" : flags().m ? R"((?![^\n]))" : kJsTextEnd;
        ++i_;
        return;
      case '.':
        out_ += js() ? (flags().s ? "[^]" : R"([^\n])") : ".";
        ++i_;
        return;
      case '*':
      case '+':
      case '?':
      case '|':
        out_ += c;
        ++i_;
        return;
      default:
        literal(decode(i_));
    }
  }

  ExportDialect dialect_;
  std::string_view p_;
  std::size_t i_ = 0;
  std::string out_;
  std::vector<Flags> flags_;
  std::vector<std::string> groups_;
  std::string error_;
};

// A YAML single-quoted scalar.
std::string yaml_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    if (c == '\n') {
      out += ' ';
      continue;
    }
    out += c;
  }
  return out + "'";
}

// A suggestion for prh's `expected`: ${name} and ${N} as $k of the exported
// pattern, where `groups` lists the exported groups (names or "").
std::string prh_expected(const std::string& suggestion, const std::vector<std::string>& groups) {
  std::string out;
  for (std::size_t i = 0; i < suggestion.size(); ++i) {
    if (suggestion[i] == '$' && i + 1 < suggestion.size() && suggestion[i + 1] == '{') {
      const std::size_t close = suggestion.find('}', i + 2);
      if (close != std::string::npos) {
        const std::string name = suggestion.substr(i + 2, close - i - 2);
        const bool numeric = !name.empty() && std::all_of(name.begin(), name.end(), ::isdigit);
        std::size_t number = 0;
        if (numeric) {
          number = std::stoul(name);
        } else {
          const auto it = std::find(groups.begin(), groups.end(), name);
          if (it != groups.end()) number = static_cast<std::size_t>(it - groups.begin()) + 1;
        }
        if (number > 0) out += "$" + std::to_string(number);
        i = close;
        continue;
      }
    }
    out += suggestion[i];
  }
  return out;
}

}  // namespace

std::optional<ExportDialect> parse_export_dialect(std::string_view name) {
  if (name == "grep") return ExportDialect::grep;
  if (name == "rg") return ExportDialect::rg;
  if (name == "prh") return ExportDialect::prh;
  return std::nullopt;
}

Expected<ExportedPattern> translate_pattern(std::string_view pattern, ExportDialect dialect,
                                            bool case_insensitive) {
  PatternTranslator translator(dialect, pattern, case_insensitive);
  Expected<std::string> regex = translator.run();
  if (!regex) return regex.error();
  return ExportedPattern{std::move(*regex), translator.groups()};
}

PatternExport export_patterns(std::span<const Rule* const> rules, ExportDialect dialect) {
  PatternExport out;
  if (dialect == ExportDialect::prh) {
    out.text = fmt::format(
        "# prh dictionary generated by `tonfall rules export --patterns --dialect prh`.\n"
        "# Approximates the tonfall rules: no exceptions (unless, unless_paragraph),\n"
        "# no document scope, no normalization or masking. prh compiles each pattern\n"
        "# with the flags gmu.\n"
        "version: 1\nrules:\n");
  }
  for (const Rule* rule : rules) {
    for (const Pattern& pattern : rule->patterns) {
      Expected<ExportedPattern> exported =
          translate_pattern(pattern.text, dialect, !rule->case_sensitive);
      if (!exported) {
        out.skipped.push_back(SkippedPattern{rule, &pattern, exported.error().message});
        continue;
      }
      const std::string& regex = exported->regex;
      switch (dialect) {
        case ExportDialect::grep:
          out.text += fmt::format("(*UCP)(?{}:{})\n", rule->case_sensitive ? "" : "i", regex);
          break;
        case ExportDialect::rg:
          out.text += fmt::format("(?{}:{})\n", rule->case_sensitive ? "" : "i", regex);
          break;
        case ExportDialect::prh: {
          const std::string expected =
              rule->suggestions.empty() ? "[" + rule->id + "]"
                                        : prh_expected(rule->suggestions.front(), exported->groups);
          out.text += fmt::format("  - expected: {}\n    pattern: {}\n    prh: {}\n",
                                  yaml_quote(expected), yaml_quote("/" + regex + "/"),
                                  yaml_quote(rule->message + " [" + rule->id + "]"));
          break;
        }
      }
      ++out.exported;
    }
  }
  return out;
}

}  // namespace tonfall

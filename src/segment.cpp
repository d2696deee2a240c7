#include "tonfall/segment.h"

#include <re2/re2.h>

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cctype>

namespace tonfall {

bool is_word_char(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
  const auto cp = static_cast<UChar32>(c);
  return u_hasBinaryProperty(cp, UCHAR_ALPHABETIC) ||
         (U_GET_GC_MASK(cp) & (U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) != 0 ||
         u_hasBinaryProperty(cp, UCHAR_JOIN_CONTROL);
}

namespace {

bool word_char_before(std::string_view text, std::size_t offset) {
  if (offset == 0) return false;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t index = static_cast<int32_t>(offset);
  UChar32 c;
  U8_PREV(bytes, 0, index, c);
  return c >= 0 && is_word_char(static_cast<char32_t>(c));
}

bool word_char_at(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return false;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t index = static_cast<int32_t>(offset);
  UChar32 c;
  U8_NEXT(bytes, index, static_cast<int32_t>(text.size()), c);
  return c >= 0 && is_word_char(static_cast<char32_t>(c));
}

}  // namespace

bool is_word_boundary(std::string_view text, std::size_t offset) {
  return word_char_before(text, offset) != word_char_at(text, offset);
}

std::size_t next_code_point_offset(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return text.size();
  ++offset;
  while (offset < text.size() && (static_cast<unsigned char>(text[offset]) & 0xC0) == 0x80)
    ++offset;
  return offset;
}

namespace {

// True if a break at `at` would cut a German date in two: ICU ends a
// sentence after the ordinal's full stop in „am 2. Mai“.
bool inside_date(std::string_view text, std::size_t at) {
  static constexpr std::string_view kMonths[] = {"Januar", "Jan.", "Februar", "Feb.", "März", "Mär.",
                                                 "April", "Apr.", "Mai", "Juni", "Juli", "August",
                                                 "Aug.", "September", "Sept.", "Sep.", "Oktober", "Okt.",
                                                 "November", "Nov.", "Dezember", "Dez."};
  std::size_t before = at;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) --before;
  if (before < 2 || text[before - 1] != '.') return false;
  std::size_t digits = 0;
  while (digits < 3 && before - 1 > digits && std::isdigit(static_cast<unsigned char>(text[before - 2 - digits])))
    ++digits;
  if (digits == 0 || digits > 2) return false;
  const std::string_view after = text.substr(at);
  return std::any_of(std::begin(kMonths), std::end(kMonths), [&](std::string_view month) {
    if (!after.starts_with(month)) return false;
    // „Mai“ but not „Mais“; an abbreviation ends in its own full stop
    return after.size() == month.size() || month.back() == '.' ||
           !std::isalpha(static_cast<unsigned char>(after[month.size()]));
  });
}

}  // namespace

SentenceIndex::SentenceIndex(std::string_view text) : text_(text) {}
SentenceIndex::~SentenceIndex() = default;

const std::vector<std::size_t>& SentenceIndex::starts() {
  if (computed_) return starts_;
  computed_ = true;
  starts_.push_back(0);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> breaker(
      icu::BreakIterator::createSentenceInstance(icu::Locale::getGerman(), status));
  UText* utext = utext_openUTF8(nullptr, text_.data(), static_cast<int64_t>(text_.size()), &status);
  if (U_FAILURE(status) || !breaker) {
    utext_close(utext);
    return starts_;  // without ICU data the whole text is one sentence
  }
  breaker->setText(utext, status);
  // UTF-8 UText reports native indices: byte offsets into text_.
  for (int32_t boundary = breaker->next(); boundary != icu::BreakIterator::DONE;
       boundary = breaker->next()) {
    const auto at = static_cast<std::size_t>(boundary);
    if (at < text_.size() && !inside_date(text_, at)) starts_.push_back(at);
  }
  breaker.reset();
  utext_close(utext);
  return starts_;
}

std::pair<std::size_t, std::size_t> SentenceIndex::sentence_at(std::size_t offset) {
  const std::vector<std::size_t>& all = starts();
  auto next = std::upper_bound(all.begin(), all.end(), offset);
  const std::size_t begin = *(next - 1);
  const std::size_t end = next == all.end() ? text_.size() : *next;
  return {begin, end};
}

bool opens_with_salutation(std::string_view line) {
  static const RE2 salutation(
      R"((?i)^[ \t]*(?:hallo|hallöchen|hi|hey|hej|huhu|moin|servus|salut|liebe[rs]?|sehr geehrte[rs]?|guten (?:tag|morgen|abend)|grü(?:ß|ss) gott|grüezi)\b)");
  return RE2::PartialMatch(re2::StringPiece(line.data(), line.size()), salutation);
}

std::size_t salutation_length(std::string_view text) {
  if (!opens_with_salutation(text)) return 0;
  const std::size_t comma = text.substr(0, 81).find_first_of(",.!?\n");
  if (comma == std::string_view::npos || text[comma] != ',') return 0;
  std::size_t end = comma + 1;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  return end;
}

bool after_salutation_comma(std::string_view text, std::size_t offset) {
  std::size_t at = offset;
  while (at > 0 && text[at - 1] == ' ') --at;
  if (at == 0 || text[at - 1] != ',') return false;
  const std::size_t line = text.rfind('\n', at - 1);
  const std::size_t from = line == std::string_view::npos ? 0 : line + 1;
  // A mark inside a placeholder („Hallo {{customer.name}},“) ends nothing.
  int depth = 0;
  for (const char c : text.substr(from, at - 1 - from)) {
    depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
    if (depth <= 0 && (c == '.' || c == '!' || c == '?' || c == ',')) return false;
  }
  return true;
}

namespace {

// True if `text` opens with a letter in lower case.
bool starts_lower(std::string_view text) {
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
  return u_islower(c);
}

}  // namespace

bool starts_sentence(std::string_view text, std::size_t offset) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(offset);
  int newlines = 0;
  while (i > 0) {
    UChar32 c;
    U8_PREV(bytes, 0, i, c);
    switch (c) {
      case 0xFEFF:  // a BOM
        return true;
      case '\n':
        if (++newlines == 2) return true;
        continue;
      case ' ': case '\t': case '\r': case '"': case '\'': case '(': case 0x201E: case 0x201C:
      case 0x201A: case 0x2018: case 0x00AB: case 0x00BB: case 0x00A0:
        continue;
      case '.':
        // A date or an ordinal („vom 12.03. wird“, „am 3. Mai“) ends no
        // sentence before a word in lower case.
        return !(i > 0 && text[static_cast<std::size_t>(i) - 1] >= '0' && text[static_cast<std::size_t>(i) - 1] <= '9' &&
                 offset < text.size() && starts_lower(text.substr(offset)));
      case '!': case '?':
        return true;
      default:
        return false;
    }
  }
  return true;
}

std::size_t natural_cut(std::string_view text, std::size_t limit) {
  const std::string_view head = text.substr(0, limit);
  // A blank line: a line end, blanks, a line end.
  for (std::size_t at = head.rfind('\n'); at != std::string_view::npos && at > 0;
       at = head.rfind('\n', at - 1)) {
    std::size_t before = at;
    while (before > 0 && (head[before - 1] == ' ' || head[before - 1] == '\t' || head[before - 1] == '\r'))
      --before;
    if (before > 0 && head[before - 1] == '\n') return at + 1;
  }
  for (std::size_t i = head.size(); i-- > 1;) {
    if ((head[i] == ' ' || head[i] == '\n') && (head[i - 1] == '.' || head[i - 1] == '!' || head[i - 1] == '?'))
      return i + 1;
  }
  for (const char* separators : {"\n", " \t"}) {
    const std::size_t at = head.find_last_of(separators);
    if (at != std::string_view::npos) return at + 1;
  }
  std::size_t cut = head.size();
  while (cut > 1 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// True if `line` (without its line end) is a salutation: a greeting word,
// then a name or nothing, and a comma at the end.
bool is_salutation(std::string_view line) {
  static constexpr std::string_view kGreetings[] = {
      "Hallo",      "Hallöchen",   "Hi",          "Hey",       "Hej",       "Huhu",
      "Moin",       "Servus",      "Liebe",       "Lieber",    "Liebes",    "Sehr geehrte",
      "Guten Tag",  "Guten Morgen", "Guten Abend", "Grüß Gott", "Grüezi",   "Werte"};
  const std::size_t first = line.find_first_not_of(" \t");
  const std::size_t last = line.find_last_not_of(" \t\r");
  if (first == std::string_view::npos || line[last] != ',' || last - first > 100) return false;
  const std::string_view trimmed = line.substr(first, last - first + 1);
  return std::any_of(std::begin(kGreetings), std::end(kGreetings), [&](std::string_view greeting) {
    return trimmed.substr(0, greeting.size()) == greeting && trimmed.size() > greeting.size() &&
           !is_ascii_letter(trimmed[greeting.size()]) && static_cast<unsigned char>(trimmed[greeting.size()]) < 0x80;
  });
}

// Upper-cases the letter at view[at] if its capital has the same length.
void upper_in_place(std::string& view, std::size_t at) {
  const auto c = static_cast<unsigned char>(view[at]);
  if (c >= 'a' && c <= 'z') {
    view[at] = static_cast<char>(c - 'a' + 'A');
  } else if (c == 0xC3 && at + 1 < view.size()) {
    // ä ö ü: U+00E4, U+00F6, U+00FC, capitals 0x20 lower
    const auto next = static_cast<unsigned char>(view[at + 1]);
    if (next == 0xA4 || next == 0xB6 || next == 0xBC) view[at + 1] = static_cast<char>(next - 0x20);
  }
}

}  // namespace

void capitalize_after_salutation(std::string& view) {
  static constexpr std::string_view kStayLower[] = {"sie", "ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres", "ihnen"};
  bool after_salutation = false;
  for (std::size_t begin = 0; begin < view.size();) {
    const std::size_t newline = view.find('\n', begin);
    const std::size_t end = newline == std::string::npos ? view.size() : newline;
    const std::string_view line = std::string_view(view).substr(begin, end - begin);
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos) {
      if (after_salutation) {
        std::size_t word_end = first;
        while (word_end < line.size() && (is_ascii_letter(line[word_end]) || static_cast<unsigned char>(line[word_end]) >= 0x80))
          ++word_end;
        const std::string_view word = line.substr(first, word_end - first);
        if (std::find(std::begin(kStayLower), std::end(kStayLower), word) == std::end(kStayLower))
          upper_in_place(view, begin + first);
      }
      after_salutation = is_salutation(line);
    }
    begin = end + 1;
  }
}

namespace {

std::string map_first(std::string_view text, UChar32 (*map)(UChar32)) {
  if (text.empty()) return {};
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
  if (c < 0) return std::string(text);
  std::string out;
  icu::UnicodeString(map(c)).toUTF8String(out);
  out.append(text.substr(static_cast<std::size_t>(i)));
  return out;
}

}  // namespace

std::string upper_first(std::string_view text) { return map_first(text, u_toupper); }

std::string lower_first(std::string_view text) { return map_first(text, u_tolower); }

}  // namespace tonfall

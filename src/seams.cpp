#include "tonfall/seams.h"

#include <algorithm>
#include <array>
#include <map>
#include <set>

namespace tonfall {

namespace {

bool is_letter(unsigned char c) { return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The words of `text` as runs of letters; bytes of other letters (umlauts)
// join a word, so „dürfen“ never yields „d“.
std::vector<std::string_view> words_of(std::string_view text) {
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < text.size();) {
    if (!is_letter(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_letter(static_cast<unsigned char>(text[end]))) ++end;
    words.push_back(text.substr(i, end - i));
    i = end;
  }
  return words;
}

std::size_t count(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Sentence starts in lower case: a letter a–z (or an umlaut) right after
// ". ", "! " or "? ", or at the start of the text.
std::size_t lower_case_starts(std::string_view text) {
  std::size_t n = 0;
  auto lower_at = [&](std::size_t i) {
    if (i >= text.size()) return false;
    const char c = text[i];
    return (c >= 'a' && c <= 'z') || text.substr(i, 2) == "ä" || text.substr(i, 2) == "ö" ||
           text.substr(i, 2) == "ü";
  };
  if (lower_at(0)) ++n;
  for (std::size_t i = 0; i + 2 < text.size(); ++i) {
    if ((text[i] == '.' || text[i] == '!' || text[i] == '?') && text[i + 1] == ' ' && lower_at(i + 2)) {
      // "z. B. das", "d. h. wir": an abbreviation is no sentence end.
      const bool abbreviation = i >= 2 && text[i - 2] == ' ' && is_letter(static_cast<unsigned char>(text[i - 1]));
      const bool one_letter = i == 1 && is_letter(static_cast<unsigned char>(text[0]));
      if (!abbreviation && !one_letter) ++n;
    }
  }
  return n;
}

// Equal but for the case of the first letter: „Ich ich“.
bool same_word(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && lower(a[0]) == lower(b[0]) && a.substr(1) == b.substr(1);
}

std::size_t doubled_words(std::string_view text) {
  const std::vector<std::string_view> words = words_of(text);
  std::size_t n = 0;
  for (std::size_t i = 1; i < words.size(); ++i) {
    // Only words next to each other with one blank between them.
    const std::size_t gap = static_cast<std::size_t>(words[i].data() - (words[i - 1].data() + words[i - 1].size()));
    if (gap == 1 && words[i].data()[-1] == ' ' && same_word(words[i], words[i - 1])) ++n;
  }
  return n;
}

// The numbers of `text` (digit runs with their inner . , : /), with how often
// each occurs.
std::map<std::string_view, std::size_t> numbers_of(std::string_view text) {
  std::map<std::string_view, std::size_t> numbers;
  for (std::size_t i = 0; i < text.size();) {
    if (!is_digit(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() &&
           (is_digit(text[end]) || ((text[end] == '.' || text[end] == ',' || text[end] == ':' || text[end] == '/') &&
                                    end + 1 < text.size() && is_digit(text[end + 1]))))
      ++end;
    ++numbers[text.substr(i, end - i)];
    i = end;
  }
  return numbers;
}

}  // namespace

AddressWords count_address_words(std::string_view text) {
  static const std::set<std::string_view> kFamiliar = {"du",    "Du",    "dich",  "Dich",  "dir",   "Dir",
                                                       "dein",  "Dein",  "deine", "Deine", "deinen", "Deinen",
                                                       "deinem", "Deinem", "deiner", "Deiner", "deines", "Deines"};
  static const std::set<std::string_view> kPolite = {"Sie",    "Ihnen",  "Ihr",    "Ihre",
                                                     "Ihren",  "Ihrem",  "Ihrer",  "Ihres"};
  AddressWords words;
  for (const std::string_view word : words_of(text)) {
    words.familiar += kFamiliar.count(word);
    words.polite += kPolite.count(word);
  }
  return words;
}

std::vector<std::string> seam_problems(std::string_view before, std::string_view after) {
  std::vector<std::string> problems;
  struct Mark {
    std::string_view text;
    const char* name;
  };
  static constexpr std::array<Mark, 11> kMarks = {{
      {"  ", "doubled blank"},
      {" ,", "blank before a comma"},
      {" .", "blank before a full stop"},
      {" !", "blank before !"},
      {" ?", "blank before ?"},
      {" :", "blank before a colon"},
      {":,", "\":,\""},
      {",,", "\",,\""},
      {",.", "\",.\""},
      {".,", "\".,\""},
      {"..", "\"..\""},
  }};
  for (const Mark& mark : kMarks)
    if (count(after, mark.text) > count(before, mark.text)) problems.emplace_back(mark.name);
  if (lower_case_starts(after) > lower_case_starts(before)) problems.emplace_back("sentence starts in lower case");
  if (doubled_words(after) > doubled_words(before)) problems.emplace_back("word doubled");
  const AddressWords was = count_address_words(before);
  const AddressWords is = count_address_words(after);
  if (is.familiar > 0 && is.polite > 0 && (was.familiar == 0 || was.polite == 0))
    problems.emplace_back("du/Sie mix created");
  const auto kept = numbers_of(after);
  for (const auto& [number, times] : numbers_of(before)) {
    const auto found = kept.find(number);
    if (found == kept.end() || found->second < times) problems.push_back("number lost: " + std::string(number));
  }
  return problems;
}

}  // namespace tonfall

// Segmenter: word and sentence structure of a match view.
//
// Word boundaries follow Unicode (UTS #18, simple word boundaries): a word
// character is a letter, a combining mark, a decimal digit or a connector such
// as "_". This is the meaning of `\b` in tonfall's rules; RE2's own `\b` only
// knows ASCII and would find "ärger" inside "verärgert".
// Sentences follow ICU's German sentence rules; a line end always ends one.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tonfall {

// What `\pL` stands for in rules and masks, as the body of an RE2 class: the
// letters of the Latin, Greek and Cyrillic scripts. RE2 compiles the full
// Unicode letter class, case-folded, into a program so large that a pack with
// a few hundred `\pL` took half a second to load; these ranges keep start-up
// in milliseconds and cover what German customer-service text contains.
inline constexpr std::string_view kLetterRanges =
    R"(A-Za-z\x{AA}\x{B5}\x{BA}\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}\x{370}-\x{3FF}\x{400}-\x{52F}\x{1E00}-\x{1EFF}\x{1E9E})";

// True for a Unicode word character (see above).
bool is_word_char(char32_t c);

// True if byte offset `offset` of the UTF-8 `text` lies between a word
// character and a non-word character (the text's edges count as non-word).
// `offset` must be a code point boundary and <= text.size().
bool is_word_boundary(std::string_view text, std::size_t offset);

// The offset of the code point after the one starting at `offset`.
std::size_t next_code_point_offset(std::string_view text, std::size_t offset);

// True for the marks that end a sentence: „.“, „!“ and „?“.
inline bool is_sentence_mark(char c) { return c == '.' || c == '!' || c == '?'; }

// True if `line` opens with a salutation („Hallo“, „Sehr geehrte“, „Guten Tag“ …).
bool opens_with_salutation(std::string_view line);

// The length of the salutation that opens `text` („Hallo Frau Berg, “, „Guten
// Tag {{name}}, “), with its comma and the blanks after it; 0 if none does.
// The sentence after it is the writer's, and may go or change on its own.
std::size_t salutation_length(std::string_view text);

// True if `offset` follows the comma of a line's salutation („Hallo Jana, “):
// a comma, then blanks, with no sentence mark or other comma on the line
// before it (outside a placeholder).
bool after_salutation_comma(std::string_view text, std::size_t offset);

// True if `offset` in `text` starts a sentence, judged the way a writer
// would: only blanks and opening quotes lie between it and the start of the
// text, a . ! or ?, or an empty line. (After "Sehr geehrte Frau Abel," the
// next line goes on in lower case; after a date's or an ordinal's dot, a
// word in lower case goes on with its sentence.)
bool starts_sentence(std::string_view text, std::size_t offset);

// Where to cut `text`, of which more may follow, so that its first part ends
// at a natural break no later than `limit` (at most text.size()): after the last blank line, else after the
// last sentence end (. ! or ? before a blank or line end), else after the last
// line end, else after the last blank, else at the last code point boundary.
// Greater than 0 when `limit` is.
std::size_t natural_cut(std::string_view text, std::size_t limit);

// Upper-cases, in the match view `view`, the first letter of the line after a
// salutation („Hallo Frau Berg,“, „Liebe Jana,“; blank lines between count
// too). German goes on in lower case there, yet a reader hears a sentence
// start, and the rules know one by its capital („Vergessen Sie nicht …“).
// „sie“ and „ihr…“ stay: in capitals they would turn into the polite
// address. Only letters whose capital has the same length in UTF-8 change,
// so offsets stay valid.
void capitalize_after_salutation(std::string& view);

// `text` with its first code point upper-cased.
std::string upper_first(std::string_view text);

// `text` with its first code point lower-cased.
std::string lower_first(std::string_view text);

// Sentence spans of a text, found lazily: texts whose rules never ask pay
// nothing. Not copyable; keeps a view of the text, which must outlive it.
class SentenceIndex {
 public:
  explicit SentenceIndex(std::string_view text);
  ~SentenceIndex();
  SentenceIndex(const SentenceIndex&) = delete;
  SentenceIndex& operator=(const SentenceIndex&) = delete;

  // The half-open byte span of the sentence containing `offset`.
  std::pair<std::size_t, std::size_t> sentence_at(std::size_t offset);

  // All sentence starts, ascending; the first is 0.
  const std::vector<std::size_t>& starts();

 private:
  std::string_view text_;
  std::vector<std::size_t> starts_;
  bool computed_ = false;
};

}  // namespace tonfall

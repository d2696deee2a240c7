// Normalizer: turns the original bytes of an input into the "match view" that
// rules run on, and keeps the way back.
//
// The match view is the text in NFC, without a byte order mark, with
// typography folded so that a rule author writes plain ASCII punctuation:
// ’ ‘ ‚ -> ', „ “ ” » « -> ", NBSP and the other fixed-width spaces -> space,
// ‐ ‑ -> -, … -> ..., ß ẞ -> ss SS (the Swiss spelling, so that one rule
// matches both), soft hyphen and zero-width characters removed. Line ends
// are kept as they are. Every position in the view maps back to a byte offset
// in the original, so findings and rewrites always refer to the original bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/error.h"

namespace tonfall {

// Maps byte offsets of the match view to byte offsets of the original input.
// The map is a sequence of pieces. A verbatim piece is a copy, so offsets
// inside it map one to one; any other piece (a normalized or folded character,
// a removed BOM or zero-width character) maps as a whole: a span may start or
// end at its edges, never inside it.
class OffsetMap {
 public:
  // Appends the next piece: `view_length` bytes of the view stand for the next
  // `original_length` bytes of the original.
  void append(std::size_t view_length, std::size_t original_length, bool verbatim);

  // The original offset where a span starting at view offset `view_offset`
  // starts. Characters removed from the view just before it are not included.
  // Requires view_offset <= view_size().
  std::size_t to_original_begin(std::size_t view_offset) const;

  // The original offset where a span ending at view offset `view_offset` ends
  // (exclusive). Characters removed from the view just after it are not
  // included. Requires view_offset <= view_size().
  std::size_t to_original_end(std::size_t view_offset) const;

  std::size_t view_size() const { return view_size_; }
  std::size_t original_size() const { return original_size_; }

 private:
  struct Piece {
    std::size_t view_begin;
    std::size_t original_begin;
    std::size_t view_length;
    std::size_t original_length;
    bool verbatim;
  };
  std::vector<Piece> pieces_;
  std::size_t view_size_ = 0;
  std::size_t original_size_ = 0;
};

// The match view of one input and its map back to the original.
struct NormalizedText {
  std::string view;
  OffsetMap map;
  std::size_t bom_length = 0;  // 3 when the original starts with a UTF-8 BOM
};

// Validates `original` as UTF-8 and builds its match view. Fails with
// "invalid UTF-8 at byte N" (N 0-based, into `original`) or "NUL byte at byte
// N" (text drafts never contain NUL; such a file is binary); the returned
// Error has no path, the caller knows it.
Expected<NormalizedText> normalize(std::string_view original);

// The error normalize() would report for `original`, without building a view:
// invalid UTF-8 or a NUL byte. nullopt for valid text. Byte offsets in the
// message count from `first_offset`: where `original` starts in its input.
std::optional<Error> find_invalid_text(std::string_view original, std::size_t first_offset = 0);

// The number of Unicode code points in the NFC form of `original`, which must
// be valid UTF-8. Columns are counted this way, so an NFD draft reports the
// same columns as its NFC twin.
std::size_t nfc_length(std::string_view original);

// UTF-16 code units of `text`: one per code point, two above U+FFFF. A byte
// that is not UTF-8 counts as one unit, as a character of a single-byte
// charset (a Latin-1 e-mail part) does.
std::size_t utf16_length(std::string_view text);

// Appends code point `c` (a Unicode scalar value) to `out` in UTF-8.
void append_utf8(std::string& out, char32_t c);

// `text` with each invalid UTF-8 sequence, and each NUL, replaced by U+FFFD:
// for bytes that must be shown or serialized but may be in any encoding
// (file system paths, a bad line of input).
std::string valid_utf8(std::string_view text);

// True if `text` (valid UTF-8) is in NFC.
bool is_nfc(std::string_view text);

// `text` (valid UTF-8) in NFD, for writing into a draft that is stored in NFD.
std::string to_nfd(std::string_view text);

}  // namespace tonfall

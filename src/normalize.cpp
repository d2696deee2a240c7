#include "tonfall/normalize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <stdexcept>

namespace tonfall {

void OffsetMap::append(std::size_t view_length, std::size_t original_length, bool verbatim) {
  if (view_length == 0 && original_length == 0) return;
  if (verbatim && !pieces_.empty() && pieces_.back().verbatim) {
    pieces_.back().view_length += view_length;
    pieces_.back().original_length += original_length;
  } else {
    pieces_.push_back({view_size_, original_size_, view_length, original_length, verbatim});
  }
  view_size_ += view_length;
  original_size_ += original_length;
}

std::size_t OffsetMap::to_original_begin(std::size_t view_offset) const {
  // The first piece that covers the view byte at view_offset; pieces of
  // length zero (removed characters) cover nothing and are passed over.
  auto it = std::upper_bound(pieces_.begin(), pieces_.end(), view_offset,
                             [](std::size_t offset, const Piece& piece) {
                               return offset < piece.view_begin + piece.view_length;
                             });
  if (it == pieces_.end()) return original_size_;
  if (it->verbatim) return it->original_begin + (view_offset - it->view_begin);
  return it->original_begin;
}

std::size_t OffsetMap::to_original_end(std::size_t view_offset) const {
  // The last piece that covers the view byte just before view_offset.
  auto it = std::lower_bound(
      pieces_.begin(), pieces_.end(), view_offset,
      [](const Piece& piece, std::size_t offset) { return piece.view_begin < offset; });
  if (it == pieces_.begin()) return 0;  // an empty span at the very start
  --it;
  if (it->verbatim) return it->original_begin + (view_offset - it->view_begin);
  return it->original_begin + it->original_length;
}

namespace {

const icu::Normalizer2& nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* instance = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFC data is missing");
  return *instance;
}

// The match-view replacement of a code point, or nullptr to keep it.
const char* typography_fold(UChar32 c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x2039:
    case 0x203A:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
      return "\"";
    case 0x00A0:
    case 0x2002:
    case 0x2003:
    case 0x2004:
    case 0x2005:
    case 0x2006:
    case 0x2007:
    case 0x2008:
    case 0x2009:
    case 0x200A:
    case 0x202F:
      return " ";
    case 0x2010:
    case 0x2011:
      return "-";
    case 0x2026:
      return "...";
    // ß as ss, the Swiss spelling: a rule written with either spelling
    // matches both (the engine reads a rule's ß as ss too).
    case 0x00DF:
      return "ss";
    case 0x1E9E:
      return "SS";
    case 0x00AD:
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
      return "";
    default:
      return nullptr;
  }
}

// Decodes the code point at `i`, or returns a negative value for ill-formed
// UTF-8 (including surrogates and overlong forms). Advances `i`.
UChar32 next_code_point(std::string_view text, std::size_t& i) {
  UChar32 c;
  int32_t index = static_cast<int32_t>(i);
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), index, static_cast<int32_t>(text.size()),
          c);
  i = static_cast<std::size_t>(index);
  return c;
}

}  // namespace

Expected<NormalizedText> normalize(std::string_view original) {
  if (original.size() > static_cast<std::size_t>(INT32_MAX))
    return Error{{}, 0, 0, "input larger than 2 GiB"};
  const icu::Normalizer2& normalizer = nfc();
  NormalizedText result;
  result.view.reserve(original.size());
  const std::size_t n = original.size();
  std::size_t i = 0;
  if (original.substr(0, 3) == "\xEF\xBB\xBF") {
    result.bom_length = 3;
    result.map.append(0, 3, false);
    i = 3;
  }
  while (i < n) {
    // Fast path: a run of ASCII is copied. Its last character stays out of the
    // run when a non-ASCII character follows, which may be a combining mark.
    std::size_t run_end = i;
    while (run_end < n && static_cast<unsigned char>(original[run_end]) < 0x80) {
      if (original[run_end] == '\0')
        return Error{{}, 0, 0, "NUL byte at byte " + std::to_string(run_end) + " (binary file?)"};
      ++run_end;
    }
    if (run_end < n && run_end > i) --run_end;
    if (run_end > i) {
      result.view.append(original.substr(i, run_end - i));
      result.map.append(run_end - i, run_end - i, true);
      i = run_end;
      continue;
    }
    // A chunk: one code point and the code points that may combine with it.
    const std::size_t chunk_begin = i;
    UChar32 first = next_code_point(original, i);
    if (first < 0) return Error{{}, 0, 0, "invalid UTF-8 at byte " + std::to_string(chunk_begin)};
    bool single = true;
    while (i < n) {
      std::size_t next = i;
      UChar32 c = next_code_point(original, next);
      if (c < 0) return Error{{}, 0, 0, "invalid UTF-8 at byte " + std::to_string(i)};
      if (normalizer.hasBoundaryBefore(c)) break;
      single = false;
      i = next;
    }
    const std::string_view chunk = original.substr(chunk_begin, i - chunk_begin);
    if (single) {
      if (const char* folded = typography_fold(first)) {
        const std::string_view replacement(folded);
        result.view.append(replacement);
        result.map.append(replacement.size(), chunk.size(), false);
        continue;
      }
      if (u_getIntPropertyValue(first, UCHAR_NFC_QUICK_CHECK) == UNORM_YES) {
        result.view.append(chunk);
        result.map.append(chunk.size(), chunk.size(), true);
        continue;
      }
    }
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString normalized =
        normalizer.normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(
                                 chunk.data(), static_cast<int32_t>(chunk.size()))),
                             status);
    std::string replacement;
    for (int32_t k = 0; k < normalized.length();) {
      const UChar32 c = normalized.char32At(k);
      k += U16_LENGTH(c);
      if (const char* folded = typography_fold(c)) {
        replacement += folded;
      } else {
        icu::UnicodeString(c).toUTF8String(replacement);
      }
    }
    result.view.append(replacement);
    result.map.append(replacement.size(), chunk.size(), replacement == chunk);
  }
  return result;
}

std::optional<Error> find_invalid_text(std::string_view original, std::size_t first_offset) {
  for (std::size_t i = 0; i < original.size();) {
    const auto byte = static_cast<unsigned char>(original[i]);
    if (byte == 0) return Error{{}, 0, 0, "NUL byte at byte " + std::to_string(first_offset + i) + " (binary file?)"};
    if (byte < 0x80) {
      ++i;
      continue;
    }
    const std::size_t at = i;
    if (next_code_point(original, i) < 0) return Error{{}, 0, 0, "invalid UTF-8 at byte " + std::to_string(first_offset + at)};
  }
  return std::nullopt;
}

std::size_t nfc_length(std::string_view original) {
  bool ascii = std::all_of(original.begin(), original.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return original.size();
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(original.data(), static_cast<int32_t>(original.size())));
  const icu::UnicodeString normalized = nfc().normalize(text, status);
  return static_cast<std::size_t>(normalized.countChar32());
}

namespace {

icu::UnicodeString to_unicode(std::string_view text) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
}

}  // namespace

std::size_t utf16_length(std::string_view text) {
  std::size_t units = 0;
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const auto size = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < size;) {
    const int32_t begin = i;
    UChar32 c;
    U8_NEXT(bytes, i, size, c);
    if (c < 0) i = begin + 1;
    units += c > 0xFFFF ? 2 : 1;
  }
  return units;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    if (next_code_point(text, i) <= 0)
      out += "\xEF\xBF\xBD";
    else
      out.append(text.substr(start, i - start));
  }
  return out;
}

bool is_nfc(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  return nfc().isNormalized(to_unicode(text), status);
}

std::string to_nfd(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFD data is missing");
  std::string out;
  nfd->normalize(to_unicode(text), status).toUTF8String(out);
  return out;
}

}  // namespace tonfall

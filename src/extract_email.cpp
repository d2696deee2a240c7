// E-mail drafts (RFC 5322 header, MIME body) as an input format: the Subject
// and the text of the body, decoded and converted to UTF-8, with a map back
// into the bytes of the .eml file wherever the encoding allows one.
//
// How the way back is kept: a part's body is first decoded from its transfer
// encoding into "raw" bytes in the part's charset. Each stretch of raw bytes
// remembers where in the file it came from (a RawText unit): a literal unit
// is a copy of file bytes (7bit, 8bit, the plain text between =XX escapes),
// any other unit stands for its file bytes as a whole (one =XX escape, one
// RFC 2047 B-word). The raw bytes are then converted to UTF-8 character by
// character; a character maps to the file bytes of the units it came from,
// and only a UTF-8 character copied from a literal unit maps verbatim.
#include <unicode/ucnv.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <functional>
#include <cctype>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tonfall/extract.h"

namespace tonfall {

namespace {

// Nested multiparts deeper than this are not looked into (a hostile input
// must not exhaust the stack).
constexpr int kMaxMultipartDepth = 16;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view text) {
  const std::size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end + 1 - begin);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// --- Decoded bytes that remember their origin ----------------------------

// Bytes decoded from a transfer encoding, in the charset of their part, and
// where each stretch of them came from in the file.
struct RawText {
  struct Unit {
    std::size_t raw_end;  // the unit holds bytes [previous unit's raw_end, raw_end)
    std::size_t source_begin;
    std::size_t source_end;
    bool literal;  // a copy of the file bytes [source_begin, source_end)
  };
  std::string bytes;
  std::vector<Unit> units;

  std::size_t raw_begin_of(std::size_t unit) const {
    return unit == 0 ? 0 : units[unit - 1].raw_end;
  }

  // Appends file bytes `copy` found at `source_begin`.
  void add_literal(std::size_t source_begin, std::string_view copy) {
    if (copy.empty()) return;
    bytes.append(copy);
    if (!units.empty() && units.back().literal && units.back().source_end == source_begin) {
      units.back().raw_end = bytes.size();
      units.back().source_end += copy.size();
      return;
    }
    units.push_back({bytes.size(), source_begin, source_begin + copy.size(), true});
  }

  // Appends `decoded`, which the file bytes [source_begin, source_end) encode.
  void add_decoded(std::string_view decoded, std::size_t source_begin, std::size_t source_end) {
    if (decoded.empty()) return;
    bytes.append(decoded);
    units.push_back({bytes.size(), source_begin, source_end, false});
  }
};

// Appends to an OffsetMap in file coordinates: skipped file bytes become
// removed pieces, neighbouring verbatim pieces are joined.
class MapBuilder {
 public:
  explicit MapBuilder(OffsetMap& map) : map_(map) {}

  // `view_length` bytes of text stand for the file bytes [source_begin,
  // source_end). Sources must come in file order.
  void add(std::size_t view_length, std::size_t source_begin, std::size_t source_end,
           bool verbatim) {
    source_begin = std::max(source_begin, mapped_to_);
    source_end = std::max(source_end, source_begin);
    if (source_begin > mapped_to_) {
      flush();
      map_.append(0, source_begin - mapped_to_, false);
    }
    if (verbatim) {
      pending_verbatim_ += view_length;
    } else {
      flush();
      map_.append(view_length, source_end - source_begin, false);
    }
    mapped_to_ = source_end;
  }

  void flush() {
    if (pending_verbatim_ > 0) map_.append(pending_verbatim_, pending_verbatim_, true);
    pending_verbatim_ = 0;
  }

 private:
  OffsetMap& map_;
  std::size_t mapped_to_ = 0;
  std::size_t pending_verbatim_ = 0;
};

// One character of the raw bytes: raw bytes [raw_begin, raw_end), as UTF-8.
struct Character {
  std::size_t raw_begin;
  std::size_t raw_end;
  std::string_view utf8;
};

bool is_utf8_charset(std::string_view charset) {
  return charset.empty() || charset == "utf-8" || charset == "utf8" || charset == "us-ascii" ||
         charset == "ascii";
}

// Where the raw byte at `raw` came from in the file.
std::size_t source_of(const RawText& raw, std::size_t raw_offset) {
  auto it =
      std::upper_bound(raw.units.begin(), raw.units.end(), raw_offset,
                       [](std::size_t r, const RawText::Unit& unit) { return r < unit.raw_end; });
  if (it == raw.units.end()) return raw.units.empty() ? 0 : raw.units.back().source_end;
  const std::size_t unit = static_cast<std::size_t>(it - raw.units.begin());
  return it->literal ? it->source_begin + (raw_offset - raw.raw_begin_of(unit)) : it->source_begin;
}

// Calls `each` with the characters of `raw` in `charset` (lower-case), in
// order, one at a time: a part of tens of megabytes must not become a vector
// of its characters. UTF-8 must be valid (an error ends the calls, and the
// caller drops the part); other charsets go through ICU, which substitutes
// what it cannot convert.
std::optional<Error> for_each_character(const RawText& raw, const std::string& charset, std::string_view where,
                                        const std::function<void(const Character&)>& each) {
  const std::string& bytes = raw.bytes;
  if (is_utf8_charset(charset)) {
    const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
    const auto length = static_cast<int32_t>(bytes.size());
    for (int32_t i = 0; i < length;) {
      const int32_t begin = i;
      UChar32 c;
      U8_NEXT(data, i, length, c);
      if (c < 0) {
        return Error{{},
                     0,
                     0,
                     "invalid UTF-8 at byte " + std::to_string(source_of(raw, static_cast<std::size_t>(begin))) +
                         " in the e-mail " + std::string(where)};
      }
      each({static_cast<std::size_t>(begin), static_cast<std::size_t>(i),
            std::string_view(bytes).substr(static_cast<std::size_t>(begin), static_cast<std::size_t>(i - begin))});
    }
    return std::nullopt;
  }

  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> converter(ucnv_open(charset.c_str(), &status),
                                                               ucnv_close);
  if (U_FAILURE(status))
    return Error{
        {}, 0, 0, "unknown charset \"" + charset + "\" in the e-mail " + std::string(where)};
  // Every byte yields at most two UTF-16 units in the charsets ICU knows.
  std::vector<UChar> units(bytes.size() * 2 + 16);
  std::vector<int32_t> offsets(units.size(), -1);
  UChar* target = units.data();
  const char* source = bytes.data();
  ucnv_toUnicode(converter.get(), &target, units.data() + units.size(), &source,
                 bytes.data() + bytes.size(), offsets.data(), true, &status);
  if (U_FAILURE(status))
    return Error{{}, 0, 0, "cannot convert the e-mail " + std::string(where) + " from " + charset};
  const auto count = static_cast<int32_t>(target - units.data());
  // A character ends where the next begins, the last at the end of the
  // bytes: each is handed on once the next one's start is known.
  std::size_t previous_begin = 0;
  std::optional<std::size_t> pending_begin;
  char pending[4];
  int32_t pending_length = 0;
  for (int32_t i = 0; i <= count;) {
    std::size_t raw_begin = bytes.size();
    char buffer[4];
    int32_t written = 0;
    if (i < count) {
      const int32_t begin = i;
      UChar32 c;
      U16_NEXT(units.data(), i, count, c);
      if (U_IS_SURROGATE(c)) c = 0xFFFD;
      raw_begin = offsets[static_cast<std::size_t>(begin)] < 0
                      ? previous_begin
                      : static_cast<std::size_t>(offsets[static_cast<std::size_t>(begin)]);
      raw_begin = std::max(raw_begin, previous_begin);
      previous_begin = raw_begin;
      U8_APPEND_UNSAFE(reinterpret_cast<uint8_t*>(buffer), written, c);
    } else {
      ++i;  // past the end: only the pending character is left
    }
    if (pending_begin)
      each({*pending_begin, raw_begin, std::string_view(pending, static_cast<std::size_t>(pending_length))});
    pending_begin = raw_begin;
    std::copy(buffer, buffer + written, pending);
    pending_length = written;
  }
  return std::nullopt;
}

// Converts `raw` (in `charset`) to UTF-8, appended to `text`, and its way
// back into the file to `map`. A character that ends inside a non-literal
// unit is joined with the next, so that a unit always maps as a whole.
std::optional<Error> append_converted(const RawText& raw, const std::string& charset,
                                      std::string_view where, std::string& text, MapBuilder& map) {
  std::size_t unit = 0;
  bool in_group = false;
  bool group_verbatim = true;
  std::size_t group_source_begin = 0;
  std::size_t group_view_length = 0;
  std::optional<Error> error = for_each_character(raw, charset, where, [&](const Character& character) {
    if (character.raw_end == character.raw_begin) {
      // One of several characters from the same bytes: it joins the next.
      if (!in_group) {
        in_group = true;
        group_source_begin = source_of(raw, character.raw_begin);
        group_view_length = 0;
      }
      group_verbatim = false;
      text += character.utf8;
      group_view_length += character.utf8.size();
      return;
    }
    while (raw.units[unit].raw_end <= character.raw_begin) ++unit;
    const RawText::Unit& first = raw.units[unit];
    const std::size_t source_begin =
        first.literal ? first.source_begin + (character.raw_begin - raw.raw_begin_of(unit))
                      : first.source_begin;
    std::size_t last_index = unit;
    while (raw.units[last_index].raw_end < character.raw_end) ++last_index;
    const RawText::Unit& last = raw.units[last_index];
    const bool can_cut = last.literal || character.raw_end == last.raw_end;
    const std::size_t source_end =
        last.literal ? last.source_begin + (character.raw_end - raw.raw_begin_of(last_index))
                     : last.source_end;
    const bool verbatim =
        last_index == unit && first.literal &&
        character.utf8 == std::string_view(raw.bytes).substr(
                              character.raw_begin, character.raw_end - character.raw_begin);
    if (!in_group) {
      in_group = true;
      group_source_begin = source_begin;
      group_verbatim = verbatim;
      group_view_length = 0;
    } else {
      group_verbatim = group_verbatim && verbatim;
    }
    text += character.utf8;
    group_view_length += character.utf8.size();
    if (can_cut) {
      map.add(group_view_length, group_source_begin, source_end, group_verbatim);
      in_group = false;
      group_view_length = 0;
    }
  });
  if (error) return error;
  if (in_group && group_view_length > 0) {
    const std::size_t end = raw.units.empty() ? group_source_begin : raw.units.back().source_end;
    map.add(group_view_length, group_source_begin, end, false);
  }
  return std::nullopt;
}

// --- Transfer encodings -----------------------------------------------------

// The bytes of a quoted-printable body at [begin, end) of `input`: =XX
// escapes decode to one byte each, soft line breaks ("=" before a line end)
// disappear, everything else (also a malformed "=") is taken literally.
RawText decode_quoted_printable(std::string_view input, std::size_t begin, std::size_t end) {
  RawText raw;
  std::size_t literal_from = begin;
  for (std::size_t i = begin; i < end;) {
    if (input[i] != '=') {
      ++i;
      continue;
    }
    raw.add_literal(literal_from, input.substr(literal_from, i - literal_from));
    std::size_t after = i + 1;
    while (after < end && (input[after] == ' ' || input[after] == '\t')) ++after;
    if (after < end && (input[after] == '\n' ||
                        (input[after] == '\r' && after + 1 < end && input[after + 1] == '\n'))) {
      i = literal_from = after + (input[after] == '\r' ? 2 : 1);  // a soft line break
      continue;
    }
    if (after == end) {  // "=" at the very end of the body
      i = literal_from = end;
      continue;
    }
    const int high = i + 2 < end ? hex_value(input[i + 1]) : -1;
    const int low = i + 2 < end ? hex_value(input[i + 2]) : -1;
    if (high >= 0 && low >= 0) {
      raw.add_decoded(std::string(1, static_cast<char>(high * 16 + low)), i, i + 3);
      i = literal_from = i + 3;
    } else {
      literal_from = i;
      ++i;
    }
  }
  raw.add_literal(literal_from, input.substr(literal_from, end - literal_from));
  return raw;
}

// The bytes base64 `encoded` stands for; characters outside the alphabet
// (line ends) are skipped, decoding stops at "=".
std::string decode_base64(std::string_view encoded) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : encoded) {
    int value;
    if (c >= 'A' && c <= 'Z')
      value = c - 'A';
    else if (c >= 'a' && c <= 'z')
      value = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      value = c - '0' + 52;
    else if (c == '+')
      value = 62;
    else if (c == '/')
      value = 63;
    else if (c == '=')
      break;
    else
      continue;
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// --- Header fields ------------------------------------------------------------

struct HeaderField {
  std::string name;         // lower-case
  std::size_t value_begin;  // after the colon
  std::size_t value_end;    // before the line end that ends the field
};

// A MIME entity: its header fields and where its body is.
struct Entity {
  std::vector<HeaderField> fields;
  std::size_t body_begin;
  std::size_t body_end;
};

// The end of the line starting at or containing `at` (the offset of its '\n',
// or `end`).
std::size_t line_end(std::string_view input, std::size_t at, std::size_t end) {
  const std::size_t newline = input.find('\n', at);
  return newline == std::string_view::npos || newline >= end ? end : newline;
}

// True if the line at `at` looks like a header field ("Name: value").
bool looks_like_field(std::string_view input, std::size_t at, std::size_t end) {
  std::size_t i = at;
  while (i < end && input[i] > ' ' && input[i] < 0x7F && input[i] != ':') ++i;
  return i > at && i < end && input[i] == ':';
}

// Parses the entity at [begin, end): header fields up to the first empty
// line, then the body. An entity that does not start with a header field
// (or with the empty line of no fields) is all body.
Entity parse_entity(std::string_view input, std::size_t begin, std::size_t end) {
  Entity entity{{}, begin, end};
  std::size_t at = begin;
  if (!looks_like_field(input, at, end) && !(at < end && (input[at] == '\n' || input[at] == '\r')))
    return entity;
  while (at < end) {
    const std::size_t eol = line_end(input, at, end);
    const std::size_t content_end = eol > at && input[eol - 1] == '\r' ? eol - 1 : eol;
    if (content_end == at) {  // the empty line: the body follows
      entity.body_begin = std::min(end, eol + 1);
      return entity;
    }
    if ((input[at] == ' ' || input[at] == '\t') && !entity.fields.empty()) {
      entity.fields.back().value_end = content_end;  // a folded continuation
    } else if (looks_like_field(input, at, end)) {
      const std::size_t colon = input.find(':', at);
      entity.fields.push_back({lower(input.substr(at, colon - at)), colon + 1, content_end});
    }
    at = eol + 1;
  }
  entity.body_begin = end;  // headers only
  return entity;
}

// A header field's value with folding undone (line ends removed).
std::string unfolded(std::string_view input, const HeaderField& field) {
  std::string value;
  for (std::size_t i = field.value_begin; i < field.value_end; ++i) {
    if (input[i] != '\r' && input[i] != '\n') value += input[i];
  }
  return value;
}

const HeaderField* find_field(const Entity& entity, std::string_view name) {
  for (const HeaderField& field : entity.fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

// A structured header value: "type/subtype; name=value; name=\"value\"".
struct HeaderValue {
  std::string value;                                            // lower-case
  std::vector<std::pair<std::string, std::string>> parameters;  // names lower-case

  std::string parameter(std::string_view name) const {
    for (const auto& [key, value] : parameters) {
      if (key == name) return value;
    }
    return {};
  }
};

HeaderValue parse_header_value(std::string_view text) {
  HeaderValue parsed;
  std::size_t semicolon = text.find(';');
  parsed.value = lower(trim(text.substr(0, semicolon)));
  while (semicolon != std::string_view::npos) {
    std::size_t at = semicolon + 1;
    const std::size_t equals = text.find('=', at);
    if (equals == std::string_view::npos) break;
    std::string name = lower(trim(text.substr(at, equals - at)));
    at = equals + 1;
    while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
    std::string value;
    if (at < text.size() && text[at] == '"') {
      for (++at; at < text.size() && text[at] != '"'; ++at) {
        if (text[at] == '\\' && at + 1 < text.size()) ++at;
        value += text[at];
      }
      semicolon = text.find(';', at);
    } else {
      semicolon = text.find(';', at);
      value = std::string(
          trim(text.substr(at, semicolon == std::string_view::npos ? semicolon : semicolon - at)));
    }
    parsed.parameters.emplace_back(std::move(name), std::move(value));
  }
  return parsed;
}

HeaderValue header_value(std::string_view input, const Entity& entity, std::string_view name) {
  const HeaderField* field = find_field(entity, name);
  return field ? parse_header_value(unfolded(input, *field)) : HeaderValue{};
}

// --- Subject: RFC 2047 encoded-words -------------------------------------------

// Converts the Subject's value: literal text is UTF-8 (RFC 6532), folding
// line ends disappear, each encoded-word "=?charset?Q|B?text?=" is decoded
// and converted; white space between two encoded-words disappears. A Q-word
// maps character by character (its frame "=?charset?Q?" and "?=" is outside
// every span), a B-word as a whole, frame included.
Expected<Extract> extract_subject(std::string_view input, const HeaderField& field) {
  Extract extract;
  MapBuilder map(extract.to_input);
  std::size_t at = field.value_begin;
  while (at < field.value_end && (input[at] == ' ' || input[at] == '\t')) ++at;
  RawText literal;  // the UTF-8 text before the next encoded-word
  bool after_encoded_word = false;
  std::size_t pending_blank_begin = std::string_view::npos;
  auto flush_literal = [&]() -> std::optional<Error> {
    std::optional<Error> error = append_converted(literal, "utf-8", "Subject", extract.text, map);
    literal = RawText{};
    return error;
  };
  while (at < field.value_end) {
    const char c = input[at];
    if (c == '\r' || c == '\n') {  // folding: the line end goes, the blank stays
      ++at;
      continue;
    }
    if (c == ' ' || c == '\t') {
      if (pending_blank_begin == std::string_view::npos) pending_blank_begin = at;
      ++at;
      continue;
    }
    // An encoded-word?
    bool decoded_word = false;
    if (c == '=' && at + 1 < field.value_end && input[at + 1] == '?') {
      const std::size_t charset_end = input.find('?', at + 2);
      const std::size_t encoding_end =
          charset_end == std::string_view::npos ? charset_end : charset_end + 2;
      const std::size_t close = encoding_end == std::string_view::npos ||
                                        encoding_end >= field.value_end ||
                                        input[encoding_end] != '?'
                                    ? std::string_view::npos
                                    : input.find("?=", encoding_end + 1);
      if (close != std::string_view::npos && close < field.value_end) {
        std::string charset = lower(input.substr(at + 2, charset_end - at - 2));
        charset = charset.substr(0, charset.find('*'));  // RFC 2231 language suffix
        const char encoding =
            static_cast<char>(std::toupper(static_cast<unsigned char>(input[charset_end + 1])));
        const std::size_t text_begin = encoding_end + 1;
        RawText word;
        if (encoding == 'Q') {
          for (std::size_t i = text_begin; i < close; ++i) {
            if (input[i] == '_') {
              word.add_decoded(" ", i, i + 1);
            } else if (input[i] == '=' && i + 2 < close + 1 && hex_value(input[i + 1]) >= 0 &&
                       hex_value(input[i + 2]) >= 0) {
              word.add_decoded(std::string(1, static_cast<char>(hex_value(input[i + 1]) * 16 +
                                                                hex_value(input[i + 2]))),
                               i, i + 3);
              i += 2;
            } else {
              word.add_literal(i, input.substr(i, 1));
            }
          }
        } else if (encoding == 'B') {
          word.add_decoded(decode_base64(input.substr(text_begin, close - text_begin)), at,
                           close + 2);
        }
        if (encoding == 'Q' || encoding == 'B') {
          decoded_word = true;
          // Blanks between two encoded-words are not part of the text.
          if (!after_encoded_word && pending_blank_begin != std::string_view::npos)
            literal.add_literal(pending_blank_begin,
                                input.substr(pending_blank_begin, at - pending_blank_begin));
          if (auto error = flush_literal()) return *error;
          if (auto error = append_converted(word, charset, "Subject", extract.text, map))
            return *error;
          after_encoded_word = true;
          pending_blank_begin = std::string_view::npos;
          at = close + 2;
        }
      }
    }
    if (!decoded_word) {
      if (pending_blank_begin != std::string_view::npos) {
        literal.add_literal(pending_blank_begin,
                            input.substr(pending_blank_begin, at - pending_blank_begin));
        pending_blank_begin = std::string_view::npos;
      }
      literal.add_literal(at, input.substr(at, 1));
      after_encoded_word = false;
      ++at;
    }
  }
  if (auto error = flush_literal()) return *error;
  map.flush();
  return extract;
}

// --- Body -------------------------------------------------------------------------

// A text part chosen for linting.
struct TextPart {
  Entity entity;
  bool html;
};

bool is_attachment(std::string_view input, const Entity& entity) {
  return header_value(input, entity, "content-disposition").value == "attachment";
}

// The parts between the delimiter lines "--boundary" of a multipart body.
std::vector<Entity> split_multipart(std::string_view input, const Entity& entity,
                                    const std::string& boundary) {
  std::vector<Entity> parts;
  if (boundary.empty()) return parts;
  const std::string delimiter = "--" + boundary;
  std::size_t part_begin = std::string_view::npos;
  for (std::size_t at = entity.body_begin; at < entity.body_end;) {
    const std::size_t eol = line_end(input, at, entity.body_end);
    if (input.compare(at, delimiter.size(), delimiter) == 0 &&
        trim(input.substr(at + delimiter.size(), eol - at - delimiter.size()))
                .find_first_not_of('-') == std::string_view::npos) {
      const bool closing = input.compare(at + delimiter.size(), 2, "--") == 0;
      if (part_begin != std::string_view::npos) {
        // The line end before the delimiter belongs to the delimiter.
        std::size_t part_end = at;
        if (part_end > part_begin && input[part_end - 1] == '\n') --part_end;
        if (part_end > part_begin && input[part_end - 1] == '\r') --part_end;
        parts.push_back(parse_entity(input, part_begin, std::max(part_begin, part_end)));
      }
      if (closing) break;
      part_begin = std::min(entity.body_end, eol + 1);
    }
    at = eol + 1;
  }
  return parts;
}

// False if a multipart nests deeper than kMaxMultipartDepth: its parts are
// not read.
bool collect_text_parts(std::string_view input, const Entity& entity, int depth,
                        std::vector<TextPart>& out) {
  const HeaderValue type = header_value(input, entity, "content-type");
  const std::string& mime_type = type.value.empty() ? std::string("text/plain") : type.value;
  if (mime_type.rfind("multipart/", 0) == 0) {
    if (depth >= kMaxMultipartDepth) return false;
    std::vector<Entity> parts = split_multipart(input, entity, type.parameter("boundary"));
    if (mime_type == "multipart/alternative") {
      // One alternative: plain text, else HTML, else the first that nests.
      const Entity* chosen = nullptr;
      for (const char* wanted : {"text/plain", "text/html", "multipart/"}) {
        for (const Entity& part : parts) {
          const std::string part_type = header_value(input, part, "content-type").value;
          if (!chosen && !is_attachment(input, part) &&
              (part_type.empty() ? std::string("text/plain") : part_type).rfind(wanted, 0) == 0)
            chosen = &part;
        }
      }
      return !chosen || collect_text_parts(input, *chosen, depth + 1, out);
    }
    bool complete = true;
    for (const Entity& part : parts) complete = collect_text_parts(input, part, depth + 1, out) && complete;
    return complete;
  }
  if (is_attachment(input, entity)) return true;
  if (mime_type == "text/plain") out.push_back({entity, false});
  if (mime_type == "text/html") out.push_back({entity, true});
  return true;
}

// Re-maps an HTML extract of `part` (text + map into the file) so that it
// maps into the file directly, one piece per character.
Extract html_of(const Extract& part, std::string_view input, bool maps_to_input) {
  Expected<std::vector<Extract>> html = extract_prose(part.text, InputFormat::html);
  Extract out = std::move(html.value().front());
  if (!maps_to_input) return out;
  Extract mapped;
  mapped.text = out.text;
  MapBuilder map(mapped.to_input);
  const auto* data = reinterpret_cast<const uint8_t*>(out.text.data());
  const auto length = static_cast<int32_t>(out.text.size());
  for (int32_t i = 0; i < length;) {
    const int32_t begin = i;
    UChar32 c;
    U8_NEXT(data, i, length, c);
    const std::size_t part_begin = out.to_input.to_original_begin(static_cast<std::size_t>(begin));
    const std::size_t part_end =
        std::max(part_begin, out.to_input.to_original_end(static_cast<std::size_t>(i)));
    const std::size_t source_begin = part.to_input.to_original_begin(part_begin);
    const std::size_t source_end = std::max(source_begin, part.to_input.to_original_end(part_end));
    const std::string_view character(out.text.data() + begin, static_cast<std::size_t>(i - begin));
    map.add(character.size(), source_begin, source_end,
            input.substr(source_begin, source_end - source_begin) == character);
  }
  map.flush();
  return mapped;
}

Expected<Extract> extract_text_part(std::string_view input, const TextPart& part,
                                    bool single_plain_part) {
  const Entity& entity = part.entity;
  const std::string charset =
      lower(header_value(input, entity, "content-type").parameter("charset"));
  const std::string encoding = header_value(input, entity, "content-transfer-encoding").value;
  RawText raw;
  bool maps_to_input = true;
  if (encoding == "quoted-printable") {
    raw = decode_quoted_printable(input, entity.body_begin, entity.body_end);
  } else if (encoding == "base64") {
    maps_to_input = false;
    raw.add_decoded(
        decode_base64(input.substr(entity.body_begin, entity.body_end - entity.body_begin)),
        entity.body_begin, entity.body_end);
  } else {  // 7bit, 8bit, binary, or none
    raw.add_literal(entity.body_begin,
                    input.substr(entity.body_begin, entity.body_end - entity.body_begin));
  }
  Extract extract;
  MapBuilder map(extract.to_input);
  if (auto error = append_converted(raw, charset, maps_to_input ? "body" : "body (base64)",
                                    extract.text, map))
    return *error;
  map.flush();
  if (part.html) extract = html_of(extract, input, maps_to_input);
  extract.maps_to_input = maps_to_input;
  // Only a lone plain part in UTF-8, copied as it is, can be rewritten in place:
  // elsewhere a new wording would need encoding, or would leave the other
  // alternative of the draft unchanged.
  extract.rewritable = single_plain_part && !part.html && is_utf8_charset(charset) &&
                       encoding != "quoted-printable" && encoding != "base64";
  return extract;
}

// NUL in the Subject or a decoded part means binary data, not a draft.
std::optional<Error> find_nul(const Extract& extract) {
  const std::size_t nul = extract.text.find('\0');
  if (nul == std::string::npos) return std::nullopt;
  const std::size_t at = extract.maps_to_input ? extract.to_input.to_original_begin(nul) : nul;
  return Error{{},
               0,
               0,
               "NUL byte at byte " + std::to_string(at) + " in the e-mail" +
                   (extract.maps_to_input ? "" : " (base64-decoded part)")};
}

}  // namespace

// True if the field's value breaks a line other than by folding (a line
// end followed by a blank): a bare CR inside a word is dropped when the value
// is read, so the text no longer maps onto the bytes one to one.
bool has_bare_line_break(std::string_view input, const HeaderField& field) {
  for (std::size_t i = field.value_begin; i < field.value_end; ++i) {
    if (input[i] != '\r' && input[i] != '\n') continue;
    std::size_t next = i + 1;
    if (input[i] == '\r' && next < field.value_end && input[next] == '\n') ++next;
    if (next >= field.value_end || (input[next] != ' ' && input[next] != '\t')) return true;
    i = next;
  }
  return false;
}

Expected<std::vector<Extract>> extract_email(std::string_view input) {
  std::vector<Extract> extracts;
  const Entity message = parse_entity(input, 0, input.size());
  if (const HeaderField* subject = find_field(message, "subject")) {
    Expected<Extract> extract = extract_subject(input, *subject);
    if (!extract) return extract.error();
    if (auto nul = find_nul(extract.value())) return *nul;
    extracts.push_back(std::move(extract.value()));
    // An encoded Subject changes only with care; a plain one like the body,
    // unless a bare line break inside it makes the map to the bytes uneven.
    extracts.back().rewritable =
        unfolded(input, *subject).find("=?") == std::string::npos && !has_bare_line_break(input, *subject);
  }
  std::vector<TextPart> parts;
  if (!collect_text_parts(input, message, 0, parts)) {
    return Error{{}, 0, 0, "multipart parts nested more than " + std::to_string(kMaxMultipartDepth) +
                               " levels deep: the e-mail was not checked"};
  }
  const bool single_plain_part =
      parts.size() == 1 &&
      header_value(input, message, "content-type").value.rfind("multipart/", 0) != 0;
  for (const TextPart& part : parts) {
    Expected<Extract> extract = extract_text_part(input, part, single_plain_part);
    if (!extract) return extract.error();
    if (auto nul = find_nul(extract.value())) return *nul;
    extracts.push_back(std::move(extract.value()));
  }
  return extracts;
}

}  // namespace tonfall

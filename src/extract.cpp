#include "tonfall/extract.h"

#include "tonfall/library.h"

#include <md4c.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <unicode/unistr.h>

namespace tonfall {

std::optional<InputFormat> parse_input_format(std::string_view name) {
  if (name == "text") return InputFormat::text;
  if (name == "markdown" || name == "md") return InputFormat::markdown;
  if (name == "html") return InputFormat::html;
  if (name == "email" || name == "eml") return InputFormat::email;
  if (name == "json") return InputFormat::json;
  if (name == "yaml" || name == "yml") return InputFormat::yaml;
  if (name == "csv") return InputFormat::csv;
  return std::nullopt;
}

InputFormat input_format_for(std::string_view path) {
  const std::size_t dot = path.rfind('.');
  if (dot == std::string_view::npos || path.find('/', dot) != std::string_view::npos) return InputFormat::text;
  std::string ext(path.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == "md" || ext == "markdown") return InputFormat::markdown;
  if (ext == "html" || ext == "htm") return InputFormat::html;
  if (ext == "eml") return InputFormat::email;
  if (ext == "json") return InputFormat::json;
  if (ext == "yaml" || ext == "yml") return InputFormat::yaml;
  if (ext == "csv") return InputFormat::csv;
  return InputFormat::text;
}

namespace {

// What each input byte becomes in the extract.
enum class Role : unsigned char { markup, prose, filler };

// Builds the extract from per-byte roles: prose is copied, filler becomes
// kFiller, markup is dropped; line ends are always kept.
Extract from_roles(std::string_view input, const std::vector<Role>& roles) {
  auto role_at = [&](std::size_t k) { return input[k] == '\n' ? Role::prose : roles[k]; };
  Extract extract;
  extract.text.reserve(input.size());
  for (std::size_t i = 0, end; i < input.size(); i = end) {
    const Role role = role_at(i);
    for (end = i + 1; end < input.size() && role_at(end) == role;) ++end;
    const std::size_t length = end - i;
    switch (role) {
      case Role::prose:
        extract.text.append(input.substr(i, length));
        extract.to_input.append(length, length, true);
        break;
      case Role::filler:
        extract.text.append(length, kFiller);
        extract.to_input.append(length, length, false);
        break;
      case Role::markup:
        extract.to_input.append(0, length, false);
        break;
    }
  }
  return extract;
}

// --- Markdown, parsed by md4c ---------------------------------------------

struct MarkdownState {
  const char* base;
  std::size_t size;
  std::vector<Role>* roles;
};

int on_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* userdata) {
  auto& state = *static_cast<MarkdownState*>(userdata);
  // md4c hands out pointers into the document for the text it reports; a
  // pointer elsewhere (a replacement such as "\n" for breaks) is not prose.
  if (text < state.base || text + size > state.base + state.size) return 0;
  const auto begin = static_cast<std::size_t>(text - state.base);
  Role role;
  switch (type) {
    case MD_TEXT_NORMAL:
    case MD_TEXT_ENTITY:
      role = Role::prose;
      break;
    case MD_TEXT_CODE:
    case MD_TEXT_HTML:
    case MD_TEXT_LATEXMATH:
      role = Role::filler;
      break;
    default:
      return 0;
  }
  std::fill_n(state.roles->begin() + static_cast<std::ptrdiff_t>(begin), size, role);
  return 0;
}


Extract extract_markdown(std::string_view input) {
  std::vector<Role> roles(input.size(), Role::markup);
  // YAML front matter ("---" ... "---" at the very start) is not prose.
  std::size_t body = 0;
  if (input.substr(0, 4) == "---\n" || input.substr(0, 5) == "---\r\n") {
    const std::size_t close = input.find("\n---", 3);
    if (close != std::string_view::npos) {
      const std::size_t line_end = input.find('\n', close + 4);
      body = line_end == std::string_view::npos ? input.size() : line_end + 1;
      std::fill_n(roles.begin(), body, Role::filler);
    }
  }
  MD_PARSER parser{};
  parser.flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS;
  parser.enter_block = [](MD_BLOCKTYPE, void*, void*) { return 0; };
  parser.leave_block = [](MD_BLOCKTYPE, void*, void*) { return 0; };
  parser.enter_span = [](MD_SPANTYPE, void*, void*) { return 0; };
  parser.leave_span = [](MD_SPANTYPE, void*, void*) { return 0; };
  parser.text = on_text;
  MarkdownState state{input.data(), input.size(), &roles};
  md_parse(input.data() + body, static_cast<MD_SIZE>(input.size() - body), &parser, &state);
  return from_roles(input, roles);
}

// --- HTML, tokenized by hand ------------------------------------------------

bool starts_with_ci(std::string_view text, std::size_t at, std::string_view prefix) {
  if (text.size() - at < prefix.size()) return false;
  for (std::size_t k = 0; k < prefix.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(text[at + k])) != prefix[k]) return false;
  }
  return true;
}

// Tags after which the text reads as a new line.
bool is_block_tag(std::string_view name) {
  static constexpr std::array<std::string_view, 24> kBlocks = {
      "p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
      "tr", "td", "th", "table", "blockquote", "pre", "hr", "section", "article", "header", "footer", "title"};
  return std::find(kBlocks.begin(), kBlocks.end(), name) != kBlocks.end();
}

// The UTF-8 text of an entity body ("uuml", "#252", "#xFC"), or nullopt.
std::optional<std::string> decode_entity(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"},     {"lt", "<"},      {"gt", ">"},      {"quot", "\""},  {"apos", "'"},
      {"nbsp", "\xC2\xA0"}, {"auml", "ä"}, {"ouml", "ö"},    {"uuml", "ü"},   {"Auml", "Ä"},
      {"Ouml", "Ö"},    {"Uuml", "Ü"},    {"szlig", "ß"},   {"euro", "€"},   {"hellip", "…"},
      {"ndash", "–"},   {"mdash", "—"},   {"laquo", "«"},   {"raquo", "»"},  {"bdquo", "„"},
      {"ldquo", "“"},   {"rdquo", "”"},   {"lsquo", "‘"},   {"rsquo", "’"},  {"sbquo", "‚"},
      {"shy", "\xC2\xAD"}, {"copy", "©"}, {"reg", "®"},     {"eacute", "é"}, {"egrave", "è"}};
  for (const auto& [entity, text] : kNamed) {
    if (name == entity) return std::string(text);
  }
  if (name.size() < 2 || name[0] != '#') return std::nullopt;
  const bool hex = name[1] == 'x' || name[1] == 'X';
  const std::string digits(name.substr(hex ? 2 : 1));
  if (digits.empty() || digits.size() > 7) return std::nullopt;
  char* end = nullptr;
  const long code = std::strtol(digits.c_str(), &end, hex ? 16 : 10);
  if (*end != '\0' || code <= 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return std::nullopt;
  std::string out;
  icu::UnicodeString(static_cast<UChar32>(code)).toUTF8String(out);
  return out;
}

Extract extract_html(std::string_view input) {
  Extract extract;
  const std::size_t n = input.size();
  std::size_t i = 0;
  std::size_t prose_begin = 0;
  auto flush_prose = [&](std::size_t end) {
    if (end > prose_begin) {
      extract.text.append(input.substr(prose_begin, end - prose_begin));
      extract.to_input.append(end - prose_begin, end - prose_begin, true);
    }
  };
  // A stretch that is not prose: filler keeps its length and line ends.
  auto hide = [&](std::size_t begin, std::size_t end) {
    for (std::size_t k = begin; k < end;) {
      const std::size_t newline = input.find('\n', k);
      const std::size_t stop = std::min(end, newline == std::string_view::npos ? end : newline);
      if (stop > k) {
        extract.text.append(stop - k, kFiller);
        extract.to_input.append(stop - k, stop - k, false);
      }
      if (stop < end) {
        extract.text += '\n';
        extract.to_input.append(1, 1, true);
      }
      k = stop + 1;
    }
  };
  while (i < n) {
    const char c = input[i];
    if (c == '<') {
      flush_prose(i);
      std::size_t end;
      if (input.substr(i, 4) == "<!--") {
        const std::size_t close = input.find("-->", i + 4);
        end = close == std::string_view::npos ? n : close + 3;
        hide(i, end);
      } else if (starts_with_ci(input, i, "<script") || starts_with_ci(input, i, "<style")) {
        const std::string_view closing = starts_with_ci(input, i, "<script") ? "</script" : "</style";
        std::size_t close = i + 1;
        while (close < n && !starts_with_ci(input, close, closing)) ++close;
        const std::size_t gt = input.find('>', close);
        end = gt == std::string_view::npos ? n : gt + 1;
        hide(i, end);
      } else {
        const std::size_t gt = input.find('>', i);
        end = gt == std::string_view::npos ? n : gt + 1;
        std::size_t name_begin = i + 1 + (i + 1 < n && input[i + 1] == '/');
        std::size_t name_end = name_begin;
        while (name_end < end && std::isalnum(static_cast<unsigned char>(input[name_end]))) ++name_end;
        std::string name(input.substr(name_begin, name_end - name_begin));
        std::transform(name.begin(), name.end(), name.begin(), [](unsigned char ch) { return std::tolower(ch); });
        // A block tag reads as a line end; an inline tag disappears.
        const bool block = is_block_tag(name);
        extract.text.append(block ? "\n" : "");
        extract.to_input.append(block ? 1 : 0, end - i, false);
      }
      i = prose_begin = end;
    } else if (c == '&') {
      // An entity is short: the ';' is looked for nearby only, so that a
      // text of many '&' costs a pass, not a search to the end for each.
      const std::size_t near = input.substr(i + 1, 10).find(';');
      const std::size_t semicolon = near == std::string_view::npos ? near : i + 1 + near;
      std::optional<std::string> decoded;
      if (semicolon != std::string_view::npos) decoded = decode_entity(input.substr(i + 1, semicolon - i - 1));
      if (decoded) {
        flush_prose(i);
        extract.text.append(*decoded);
        extract.to_input.append(decoded->size(), semicolon + 1 - i, false);
        i = prose_begin = semicolon + 1;
      } else {
        ++i;
      }
    } else {
      ++i;
    }
  }
  flush_prose(n);
  return extract;
}

}  // namespace

Expected<std::vector<Extract>> extract_prose(std::string_view input, InputFormat format,
                                             const ExtractOptions& options) {
  std::vector<Extract> extracts;
  switch (format) {
    case InputFormat::markdown:
      extracts.push_back(extract_markdown(input));
      break;
    case InputFormat::html:
      extracts.push_back(extract_html(input));
      break;
    case InputFormat::email:
      return extract_email(input);
    case InputFormat::json:
      return extract_json(input, options);
    case InputFormat::yaml:
      return extract_yaml(input, options);
    case InputFormat::csv:
      return extract_csv(input, options);
    case InputFormat::text:
      extracts.push_back(Extract{std::string(input), {}, {}, true});
      extracts.back().to_input.append(input.size(), input.size(), true);
      break;
  }
  return extracts;
}

}  // namespace tonfall

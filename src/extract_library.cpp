// Canned-response libraries: JSON (own position-aware scanner), YAML
// (yaml-cpp plus a scan of the file from each scalar's mark) and CSV
// (RFC 4180), each selected string mapped back into the file.
#include <unicode/utf8.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "tonfall/normalize.h"
#include "tonfall/library.h"

namespace tonfall {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// One piece of a map from a decoded string to the file: `view_length` bytes
// of the string stand for `original_length` bytes of the file.
struct Piece {
  std::size_t view_length;
  std::size_t original_length;
  bool verbatim;
};

// A decoded string and how it lies in the file: its content starts at file
// offset `begin` and `pieces` cover it from there.
struct MappedString {
  std::string text;
  std::size_t begin = 0;
  std::vector<Piece> pieces;

  void copy(std::string_view bytes) {
    text += bytes;
    add(bytes.size(), bytes.size(), true);
  }
  void decode(std::string_view out, std::size_t consumed) {
    text += out;
    add(out.size(), consumed, false);
  }
  void add(std::size_t view_length, std::size_t original_length, bool verbatim) {
    if (view_length == 0 && original_length == 0) return;
    if (verbatim && !pieces.empty() && pieces.back().verbatim) {
      pieces.back().view_length += view_length;
      pieces.back().original_length += original_length;
    } else {
      pieces.push_back({view_length, original_length, verbatim});
    }
  }
  OffsetMap map_from_zero() const {
    OffsetMap map;
    for (const Piece& piece : pieces) map.append(piece.view_length, piece.original_length, piece.verbatim);
    return map;
  }
};

// An Error at byte `offset` of `input`: 1-based line and column (code points,
// a BOM not counted).
Error error_at(std::string_view input, std::size_t offset, std::string message) {
  offset = std::min(offset, input.size());
  std::size_t line = 1;
  std::size_t line_start = input.substr(0, 3) == kBom ? 3 : 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (input[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  std::size_t column = 1;
  for (std::size_t i = std::min(line_start, offset); i < offset; ++i)
    if ((static_cast<unsigned char>(input[i]) & 0xC0) != 0x80) ++column;
  return Error{{}, line, column, std::move(message)};
}


int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The value of `digits` hex digits at `at`, or -1.
long read_hex(std::string_view input, std::size_t at, std::size_t digits) {
  if (at + digits > input.size()) return -1;
  long value = 0;
  for (std::size_t k = 0; k < digits; ++k) {
    const int digit = hex_value(input[at + k]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

// --- The document tree shared by JSON and YAML ------------------------------

struct Node {
  enum class Kind { object, array, string, scalar } kind = Kind::scalar;
  std::string value;       // string: decoded; scalar: as written
  std::size_t mark = 0;    // file offset of the node's first byte
  MappedString mapped;     // JSON strings: the decoded text and its map
  struct Member;  // not pair<string, Node>: clang 14 rejects it while Node is incomplete
  std::vector<Member> members;
  std::vector<Node> items;
};

struct Node::Member {
  Member(std::string name, Node node) : first(std::move(name)), second(std::move(node)) {}
  std::string first;
  Node second;
};

// --- JSON ---------------------------------------------------------------------

class JsonScanner {
 public:
  explicit JsonScanner(std::string_view input) : in_(input) {}

  Expected<Node> parse() {
    if (in_.substr(0, 3) == kBom) pos_ = 3;
    Node root;
    skip_space();
    if (!value(root, 0)) return *error_;
    skip_space();
    if (pos_ < in_.size()) return error_at(in_, pos_, "invalid JSON: unexpected text after the document");
    return root;
  }

 private:
  static constexpr int kMaxDepth = 512;

  bool fail(std::size_t at, std::string message) {
    if (!error_) error_ = error_at(in_, at, "invalid JSON: " + std::move(message));
    return false;
  }

  void skip_space() {
    while (pos_ < in_.size() && (in_[pos_] == ' ' || in_[pos_] == '\t' || in_[pos_] == '\n' || in_[pos_] == '\r'))
      ++pos_;
  }

  bool value(Node& out, int depth) {
    if (depth > kMaxDepth) return fail(pos_, "nested too deeply");
    if (pos_ >= in_.size()) return fail(pos_, "unexpected end of input, expected a value");
    out.mark = pos_;
    const char c = in_[pos_];
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == '"') {
      out.kind = Node::Kind::string;
      if (!string(out.mapped)) return false;
      out.value = out.mapped.text;
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return number(out);
    for (std::string_view literal : {"true", "false", "null"}) {
      if (in_.substr(pos_, literal.size()) == literal) {
        out.value = literal;
        pos_ += literal.size();
        return true;
      }
    }
    return fail(pos_, "unexpected character, expected a value");
  }

  bool object(Node& out, int depth) {
    out.kind = Node::Kind::object;
    ++pos_;
    skip_space();
    if (pos_ < in_.size() && in_[pos_] == '}') return ++pos_, true;
    for (;;) {
      skip_space();
      if (pos_ >= in_.size() || in_[pos_] != '"') return fail(pos_, "expected a member name in quotes");
      MappedString key;
      if (!string(key)) return false;
      skip_space();
      if (pos_ >= in_.size() || in_[pos_] != ':') return fail(pos_, "expected ':' after a member name");
      ++pos_;
      skip_space();
      out.members.emplace_back(std::move(key.text), Node{});
      if (!value(out.members.back().second, depth + 1)) return false;
      skip_space();
      if (pos_ < in_.size() && in_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < in_.size() && in_[pos_] == '}') return ++pos_, true;
      return fail(pos_, "expected ',' or '}' in an object");
    }
  }

  bool array(Node& out, int depth) {
    out.kind = Node::Kind::array;
    ++pos_;
    skip_space();
    if (pos_ < in_.size() && in_[pos_] == ']') return ++pos_, true;
    for (;;) {
      skip_space();
      out.items.emplace_back();
      if (!value(out.items.back(), depth + 1)) return false;
      skip_space();
      if (pos_ < in_.size() && in_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < in_.size() && in_[pos_] == ']') return ++pos_, true;
      return fail(pos_, "expected ',' or ']' in an array");
    }
  }

  bool number(Node& out) {
    const std::size_t begin = pos_;
    auto digits = [&] {
      const std::size_t from = pos_;
      while (pos_ < in_.size() && in_[pos_] >= '0' && in_[pos_] <= '9') ++pos_;
      return pos_ > from;
    };
    if (in_[pos_] == '-') ++pos_;
    if (pos_ < in_.size() && in_[pos_] == '0') {
      ++pos_;
    } else if (!digits()) {
      return fail(pos_, "invalid number");
    }
    if (pos_ < in_.size() && in_[pos_] == '.') {
      ++pos_;
      if (!digits()) return fail(pos_, "invalid number: digits expected after '.'");
    }
    if (pos_ < in_.size() && (in_[pos_] == 'e' || in_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < in_.size() && (in_[pos_] == '+' || in_[pos_] == '-')) ++pos_;
      if (!digits()) return fail(pos_, "invalid number: digits expected in the exponent");
    }
    out.value = std::string(in_.substr(begin, pos_ - begin));
    return true;
  }

  // A string at pos_ (the opening quote), decoded into `out` with its map.
  bool string(MappedString& out) {
    const std::size_t open = pos_;
    out.begin = ++pos_;
    std::size_t run = pos_;
    auto flush = [&] {
      if (pos_ > run) out.copy(in_.substr(run, pos_ - run));
    };
    while (pos_ < in_.size()) {
      const auto c = static_cast<unsigned char>(in_[pos_]);
      if (c == '"') {
        flush();
        ++pos_;
        return true;
      }
      if (c < 0x20) return fail(pos_, "control character in a string (write it as an escape such as \\n)");
      if (c != '\\') {
        ++pos_;
        continue;
      }
      flush();
      if (!escape(out)) return false;
      run = pos_;
    }
    return fail(open, "unterminated string");
  }

  // An escape at pos_ (the backslash).
  bool escape(MappedString& out) {
    const std::size_t at = pos_;
    if (at + 1 >= in_.size()) return fail(at, "unterminated string");
    const char e = in_[at + 1];
    static constexpr std::array<std::pair<char, char>, 8> kSimple = {
        {{'"', '"'}, {'\\', '\\'}, {'/', '/'}, {'b', '\b'}, {'f', '\f'}, {'n', '\n'}, {'r', '\r'}, {'t', '\t'}}};
    for (const auto& [name, decoded] : kSimple) {
      if (e == name) {
        out.decode(std::string(1, decoded), 2);
        pos_ += 2;
        return true;
      }
    }
    if (e != 'u') return fail(at, std::string("invalid escape \\") + e);
    long code = read_hex(in_, at + 2, 4);
    if (code < 0) return fail(at, "invalid \\u escape: four hex digits expected");
    std::size_t consumed = 6;
    if (code >= 0xDC00 && code <= 0xDFFF) return fail(at, "invalid \\u escape: lone low surrogate");
    if (code >= 0xD800 && code <= 0xDBFF) {
      const long low = in_.substr(at + 6, 2) == "\\u" ? read_hex(in_, at + 8, 4) : -1;
      if (low < 0xDC00 || low > 0xDFFF) return fail(at, "invalid \\u escape: high surrogate without its low surrogate");
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
      consumed = 12;
    }
    std::string decoded;
    if (code == 0)
      decoded = std::string(1, kFiller);  // NUL is never prose
    else
      append_utf8(decoded, static_cast<char32_t>(code));
    out.decode(decoded, consumed);
    pos_ += consumed;
    return true;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  std::optional<Error> error_;
};

// --- Selecting fields ---------------------------------------------------------

struct Segment {
  std::string name;  // member name or array index
  bool any = false;  // "*"
  std::optional<std::pair<std::string, std::string>> filter;  // [key=value]
};

struct FieldSpec {
  std::string text;  // as given, for messages
  bool html = false;
  bool all = false;  // no field given: every string
  std::vector<Segment> segments;
};

std::string unescape_pointer(std::string_view token) {
  std::string out;
  for (std::size_t i = 0; i < token.size(); ++i) {
    if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
      out += token[i + 1] == '0' ? '~' : '/';
      ++i;
    } else {
      out += token[i];
    }
  }
  return out;
}

std::string escape_pointer(std::string_view token) {
  std::string out;
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

// Splits an "html:" prefix off a field.
std::pair<bool, std::string_view> html_prefix(std::string_view field) {
  if (field.substr(0, 5) == "html:") return {true, field.substr(5)};
  return {false, field};
}

Expected<FieldSpec> parse_pointer(std::string_view field) {
  FieldSpec spec;
  spec.text = std::string(field);
  auto [html, pointer] = html_prefix(field);
  spec.html = html;
  if (pointer.empty()) return spec;  // the whole document
  if (pointer[0] != '/')
    return Error{{}, 0, 0, "--field " + spec.text + ": a JSON Pointer starts with '/', e.g. /macros/*/title"};
  std::size_t at = 1;
  for (;;) {
    const std::size_t slash = pointer.find('/', at);
    std::string_view token = pointer.substr(at, slash == std::string_view::npos ? std::string_view::npos : slash - at);
    Segment segment;
    if (!token.empty() && token.back() == ']') {
      const std::size_t open = token.rfind('[');
      const std::size_t equals = open == std::string_view::npos ? open : token.find('=', open);
      if (open == std::string_view::npos || equals == std::string_view::npos)
        return Error{{}, 0, 0, "--field " + spec.text + ": a filter reads [key=value]"};
      segment.filter = {unescape_pointer(token.substr(open + 1, equals - open - 1)),
                        unescape_pointer(token.substr(equals + 1, token.size() - equals - 2))};
      token = token.substr(0, open);
    }
    segment.any = token == "*";
    segment.name = unescape_pointer(token);
    spec.segments.push_back(std::move(segment));
    if (slash == std::string_view::npos) break;
    at = slash + 1;
  }
  return spec;
}

// A selected string: the node, the entry it belongs to, whether it is HTML.
struct Selected {
  const Node* node;
  std::string entry;
  bool html;
};

// The label of an object for Extract::entry: its id, title or name.
std::optional<std::string> entry_label(const Node& object) {
  for (std::string_view key : {"id", "title", "name"}) {
    for (const auto& [name, value] : object.members) {
      if (name == key && (value.kind == Node::Kind::string || value.kind == Node::Kind::scalar) &&
          !value.value.empty())
        return value.value;
    }
  }
  return std::nullopt;
}

bool ends_with_html(std::string_view name) {
  return name.size() >= 5 && name.substr(name.size() - 5) == "_html";
}

bool passes(const Node& node, const Segment& segment) {
  if (!segment.filter) return true;
  if (node.kind != Node::Kind::object) return false;
  for (const auto& [name, value] : node.members) {
    if (name == segment.filter->first && value.kind != Node::Kind::object && value.kind != Node::Kind::array)
      return value.value == segment.filter->second;
  }
  return false;
}

class Selector {
 public:
  explicit Selector(std::vector<Selected>& out) : out_(out) {}

  void select(const Node& root, const FieldSpec& spec) {
    spec_ = &spec;
    pointer_.clear();
    entries_.clear();
    walk(root, 0, "");
  }

 private:
  void walk(const Node& node, std::size_t depth, std::string_view member) {
    const bool pushed = node.kind == Node::Kind::object && push_entry(node);
    if (node.kind == Node::Kind::string) {
      if (spec_->all || depth == spec_->segments.size()) {
        out_.push_back({&node, entries_.empty() ? (pointer_.empty() ? "/" : pointer_) : entries_.back(),
                        spec_->html || ends_with_html(member)});
      }
    } else if (spec_->all || depth < spec_->segments.size()) {
      const Segment* segment = spec_->all ? nullptr : &spec_->segments[depth];
      const std::size_t length = pointer_.size();
      if (node.kind == Node::Kind::object) {
        for (const auto& [name, child] : node.members) {
          if (segment && ((!segment->any && segment->name != name) || !passes(child, *segment))) continue;
          pointer_ += '/' + escape_pointer(name);
          walk(child, depth + 1, name);
          pointer_.resize(length);
        }
      } else if (node.kind == Node::Kind::array) {
        for (std::size_t i = 0; i < node.items.size(); ++i) {
          const std::string index = std::to_string(i);
          if (segment && ((!segment->any && segment->name != index) || !passes(node.items[i], *segment)))
            continue;
          pointer_ += '/' + index;
          walk(node.items[i], depth + 1, member);
          pointer_.resize(length);
        }
      }
    }
    if (pushed) entries_.pop_back();
  }

  bool push_entry(const Node& object) {
    std::optional<std::string> label = entry_label(object);
    if (!label) return false;
    entries_.push_back(std::move(*label));
    return true;
  }

  std::vector<Selected>& out_;
  const FieldSpec* spec_ = nullptr;
  std::string pointer_;
  std::vector<std::string> entries_;
};

// The selected strings of `root` for `fields`, in file order, each once.
Expected<std::vector<Selected>> select_strings(const Node& root, const std::vector<std::string>& fields) {
  std::vector<FieldSpec> specs;
  if (fields.empty()) {
    specs.push_back(FieldSpec{"", false, true, {}});
  }
  for (const std::string& field : fields) {
    Expected<FieldSpec> spec = parse_pointer(field);
    if (!spec) return spec.error();
    specs.push_back(std::move(spec.value()));
  }
  std::vector<Selected> selected;
  Selector selector(selected);
  for (const FieldSpec& spec : specs) selector.select(root, spec);
  std::stable_sort(selected.begin(), selected.end(),
                   [](const Selected& a, const Selected& b) { return a.node->mark < b.node->mark; });
  selected.erase(std::unique(selected.begin(), selected.end(),
                             [](const Selected& a, const Selected& b) { return a.node->mark == b.node->mark; }),
                 selected.end());
  // Fields asked for that select nothing would pass a CI gate unchecked.
  if (!fields.empty() && selected.empty()) {
    std::string names;
    for (const std::string& field : fields) names += (names.empty() ? "" : ", ") + field;
    return Error{{}, 0, 0, "no text in this file at the fields asked for (" + names +
                               "): nothing was checked; see --field, or --preset for a help-desk export"};
  }
  return selected;
}

// --- From a mapped string to an Extract --------------------------------------

// The pieces of `inner` (a map from a text of `inner_size` bytes into a
// string) followed through `outer` (a map from that string into the file),
// found by probing both maps byte by byte: a byte that maps to exactly one
// byte is verbatim; bytes that share their start are one piece; what lies
// between is removed.
std::vector<Piece> compose(const OffsetMap& inner, std::size_t inner_size, const OffsetMap& outer) {
  std::vector<Piece> pieces;
  auto begin_of = [&](std::size_t k) { return outer.to_original_begin(inner.to_original_begin(k)); };
  auto end_of = [&](std::size_t k) { return outer.to_original_end(inner.to_original_end(k)); };
  std::size_t file_pos = 0;
  for (std::size_t k = 0; k < inner_size;) {
    const std::size_t begin = std::max(begin_of(k), file_pos);
    if (begin > file_pos) pieces.push_back({0, begin - file_pos, false});
    std::size_t next = k + 1;
    while (next < inner_size && begin_of(next) == begin) ++next;
    const std::size_t end = std::max(end_of(next), begin);
    const bool verbatim = next == k + 1 && end == begin + 1;
    pieces.push_back({next - k, end - begin, verbatim});
    file_pos = end;
    k = next;
  }
  if (outer.original_size() > file_pos) pieces.push_back({0, outer.original_size() - file_pos, false});
  return pieces;
}

Extract to_extract(const MappedString& string, std::string entry, bool html) {
  Extract extract;
  extract.entry = std::move(entry);
  // A replacement would have to be escaped for the library's syntax (a quote
  // in JSON, ": " in a YAML plain scalar); until fix can do that, findings in
  // libraries are reported, never fixed.
  extract.rewritable = false;
  extract.to_input.append(0, string.begin, false);
  if (!html) {
    extract.text = string.text;
    for (const Piece& piece : string.pieces)
      extract.to_input.append(piece.view_length, piece.original_length, piece.verbatim);
    return extract;
  }
  Expected<std::vector<Extract>> inner = extract_prose(string.text, InputFormat::html);
  Extract& prose = inner.value().front();
  extract.text = std::move(prose.text);
  for (const Piece& piece : compose(prose.to_input, extract.text.size(), string.map_from_zero()))
    extract.to_input.append(piece.view_length, piece.original_length, piece.verbatim);
  return extract;
}

// --- YAML -----------------------------------------------------------------------

enum class ScalarStyle { plain, single_quoted, double_quoted, literal, folded };

bool is_break(std::string_view in, std::size_t at) {
  return at < in.size() && (in[at] == '\n' || in[at] == '\r');
}

std::size_t break_length(std::string_view in, std::size_t at) {
  if (at >= in.size()) return 0;
  if (in[at] == '\n') return 1;
  if (in[at] == '\r') return in.substr(at, 2) == "\r\n" ? 2 : 1;
  return 0;
}

// Rebuilds how the scalar `value` starting at file offset `mark` lies in the
// file, driven by the value: every byte of it must be accounted for by the
// file's bytes, or nullopt.
class YamlScalarMapper {
 public:
  YamlScalarMapper(std::string_view input, std::string_view value) : in_(input), value_(value) {}

  std::optional<MappedString> map(std::size_t mark) {
    if (mark >= in_.size()) return std::nullopt;
    const char c = in_[mark];
    pos_ = mark;
    if (c == '"' || c == '\'') {
      style_ = c == '"' ? ScalarStyle::double_quoted : ScalarStyle::single_quoted;
      ++pos_;
    } else if (c == '|' || c == '>') {
      style_ = c == '|' ? ScalarStyle::literal : ScalarStyle::folded;
      if (!block_header(mark)) return std::nullopt;
    } else {
      style_ = ScalarStyle::plain;
    }
    out_.begin = pos_;
    if (block()) skip_indentation();
    while (out_.text.size() < value_.size()) {
      if (!step()) return std::nullopt;
    }
    if (out_.text != value_) return std::nullopt;
    return std::move(out_);
  }

 private:
  bool block() const { return style_ == ScalarStyle::literal || style_ == ScalarStyle::folded; }
  bool flow() const { return !block(); }

  // After `|` or `>`: indicators, an optional comment, the line break; then
  // the indentation of the content.
  bool block_header(std::size_t mark) {
    ++pos_;
    std::size_t explicit_indent = 0;
    while (pos_ < in_.size() && (in_[pos_] == '+' || in_[pos_] == '-' || (in_[pos_] >= '1' && in_[pos_] <= '9'))) {
      if (in_[pos_] >= '1' && in_[pos_] <= '9') explicit_indent = static_cast<std::size_t>(in_[pos_] - '0');
      ++pos_;
    }
    while (pos_ < in_.size() && !is_break(in_, pos_)) ++pos_;  // blanks, a comment
    pos_ += break_length(in_, pos_);
    if (explicit_indent != 0) {
      // Relative to the indentation of the line holding the header.
      std::size_t line_start = in_.rfind('\n', mark);
      line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
      std::size_t parent = 0;
      while (in_[line_start + parent] == ' ') ++parent;
      indent_ = parent + explicit_indent;
      return true;
    }
    // Auto-detected: the indentation of the first line that is not blank.
    for (std::size_t at = pos_; at < in_.size();) {
      std::size_t spaces = 0;
      while (at + spaces < in_.size() && in_[at + spaces] == ' ') ++spaces;
      if (at + spaces >= in_.size()) break;
      if (!is_break(in_, at + spaces)) {
        indent_ = spaces;
        return true;
      }
      at += spaces + break_length(in_, at + spaces);
    }
    indent_ = 0;
    return true;
  }

  // At a line start inside a block scalar: drops up to indent_ spaces.
  void skip_indentation() {
    std::size_t spaces = 0;
    while (spaces < indent_ && pos_ + spaces < in_.size() && in_[pos_ + spaces] == ' ') ++spaces;
    out_.add(0, spaces, false);
    pos_ += spaces;
  }

  // True when only blanks follow `at` up to the line end.
  bool blank_to_line_end(std::size_t at) const {
    while (at < in_.size() && (in_[at] == ' ' || in_[at] == '\t')) ++at;
    return at >= in_.size() || is_break(in_, at);
  }

  // Accounts for the next bytes of the file.
  bool step() {
    if (pos_ >= in_.size()) return false;
    const char c = in_[pos_];
    const std::string_view rest = value_.substr(out_.text.size());
    if (is_break(in_, pos_) || (flow() && (c == ' ' || c == '\t') && blank_to_line_end(pos_)))
      return line_break(rest);
    if (style_ == ScalarStyle::double_quoted && c == '\\') return dq_escape(rest);
    if (style_ == ScalarStyle::single_quoted && c == '\'') {
      if (in_.substr(pos_, 2) != "''" || rest[0] != '\'') return false;
      out_.decode("'", 2);
      pos_ += 2;
      return true;
    }
    if (c != rest[0]) return false;
    out_.copy(in_.substr(pos_, 1));
    ++pos_;
    return true;
  }

  // A line break (with a flow scalar's trailing blanks before it), the blank
  // lines after it and the next line's indentation: folded into a space or
  // kept as line breaks, as `rest` says.
  bool line_break(std::string_view rest) {
    const std::size_t from = pos_;
    while (pos_ < in_.size() && (in_[pos_] == ' ' || in_[pos_] == '\t')) ++pos_;  // trailing blanks (flow)
    std::size_t breaks = 0;
    while (is_break(in_, pos_)) {
      pos_ += break_length(in_, pos_);
      ++breaks;
      // The next line: blank lines count as further breaks.
      std::size_t blanks = 0;
      if (flow()) {
        while (pos_ + blanks < in_.size() && (in_[pos_ + blanks] == ' ' || in_[pos_ + blanks] == '\t')) ++blanks;
      } else {
        while (pos_ + blanks < in_.size() && in_[pos_ + blanks] == ' ' &&
               (blanks < indent_ || blank_to_line_end(pos_ + blanks)))
          ++blanks;
      }
      pos_ += blanks;
    }
    std::vector<std::string> candidates;
    if (style_ == ScalarStyle::literal) {
      candidates.push_back(std::string(breaks, '\n'));
    } else if (style_ == ScalarStyle::folded) {
      candidates.push_back(std::string(breaks, '\n'));
      candidates.push_back(breaks == 1 ? " " : std::string(breaks - 1, '\n'));
    } else {
      candidates.push_back(breaks == 1 ? " " : std::string(breaks - 1, '\n'));
    }
    for (const std::string& candidate : candidates) {
      if (rest.substr(0, candidate.size()) == candidate ||
          (rest.size() < candidate.size() && candidate.substr(0, rest.size()) == rest)) {
        const std::size_t length = std::min(candidate.size(), rest.size());
        out_.decode(rest.substr(0, length), pos_ - from);
        return true;
      }
    }
    return false;
  }

  bool dq_escape(std::string_view rest) {
    const std::size_t at = pos_;
    if (at + 1 >= in_.size()) return false;
    const char e = in_[at + 1];
    if (is_break(in_, at + 1)) {
      // An escaped line break: the break and the next line's blanks vanish.
      pos_ = at + 1 + break_length(in_, at + 1);
      while (pos_ < in_.size() && (in_[pos_] == ' ' || in_[pos_] == '\t')) ++pos_;
      out_.add(0, pos_ - at, false);
      return true;
    }
    static const std::map<char, std::string> kSimple = {
        {'0', std::string(1, kFiller)}, {'a', "\a"}, {'b', "\b"}, {'t', "\t"}, {'\t', "\t"},
        {'n', "\n"}, {'v', "\v"}, {'f', "\f"}, {'r', "\r"}, {'e', "\x1B"}, {' ', " "}, {'"', "\""},
        {'/', "/"}, {'\\', "\\"}, {'N', "\xC2\x85"}, {'_', "\xC2\xA0"}, {'L', "\xE2\x80\xA8"},
        {'P', "\xE2\x80\xA9"}};
    std::string decoded;
    std::size_t consumed = 2;
    if (auto it = kSimple.find(e); it != kSimple.end()) {
      decoded = it->second;
      if (e == '0') decoded = std::string(1, '\0');  // yaml-cpp's value has NUL
    } else if (e == 'x' || e == 'u' || e == 'U') {
      const std::size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      const long code = read_hex(in_, at + 2, digits);
      if (code < 0 || code > 0x10FFFF) return false;
      append_utf8(decoded, static_cast<char32_t>(code));
      consumed += digits;
    } else {
      return false;
    }
    if (rest.substr(0, decoded.size()) != decoded) return false;
    out_.decode(decoded, consumed);
    pos_ = at + consumed;
    return true;
  }

  std::string_view in_;
  std::string_view value_;
  ScalarStyle style_ = ScalarStyle::plain;
  std::size_t pos_ = 0;
  std::size_t indent_ = 0;
  MappedString out_;
};

// yaml-cpp 0.7 decodes the escapes \N and \_ to the single bytes 0x85 and
// 0xA0, which are not UTF-8. The input is UTF-8, so such a byte comes from
// them: this writes them as U+0085 and U+00A0.
std::string repair_yaml_escapes(const std::string& value) {
  if (!find_invalid_text(value)) return value;
  std::string out;
  const auto* bytes = reinterpret_cast<const uint8_t*>(value.data());
  const auto size = static_cast<int32_t>(value.size());
  for (int32_t i = 0; i < size;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(bytes, i, size, c);
    if (c < 0) {
      i = at + 1;
      append_utf8(out, bytes[at]);  // 0x85 or 0xA0, as a code point
    } else {
      out.append(value, static_cast<std::size_t>(at), static_cast<std::size_t>(i - at));
    }
  }
  return out;
}

// How much of a YAML library may be written out: aliases may repeat what the
// file holds, within reason (an alias bomb, nine aliases of nine aliases nine
// levels deep, is 387 million values from 300 bytes), and an alias inside its
// own anchor (`a: &a [*a]`) must not recurse without end.
struct YamlBudget {
  std::size_t values;
  std::size_t bytes;  // of the scalars written out
  static constexpr int kMaxDepth = 500;  // as deep as yaml-cpp parses
};

// yaml-cpp's tree as a Node tree; scalars keep their value and mark. Nothing
// once the budget is spent.
std::optional<Node> from_yaml(const YAML::Node& yaml, YamlBudget& budget, int depth = 0) {
  if (budget.values == 0 || depth > YamlBudget::kMaxDepth) return std::nullopt;
  --budget.values;
  Node node;
  const YAML::Mark mark = yaml.Mark();
  node.mark = mark.pos < 0 ? 0 : static_cast<std::size_t>(mark.pos);
  if (yaml.IsMap()) {
    node.kind = Node::Kind::object;
    for (const auto& pair : yaml) {
      if (!pair.first.IsScalar()) continue;
      std::optional<Node> value = from_yaml(pair.second, budget, depth + 1);
      if (!value) return std::nullopt;
      node.members.emplace_back(repair_yaml_escapes(pair.first.Scalar()), std::move(*value));
    }
  } else if (yaml.IsSequence()) {
    node.kind = Node::Kind::array;
    for (const auto& item : yaml) {
      std::optional<Node> value = from_yaml(item, budget, depth + 1);
      if (!value) return std::nullopt;
      node.items.push_back(std::move(*value));
    }
  } else if (yaml.IsScalar()) {
    if (yaml.Scalar().size() > budget.bytes) return std::nullopt;
    budget.bytes -= yaml.Scalar().size();
    node.kind = Node::Kind::string;
    node.value = repair_yaml_escapes(yaml.Scalar());
  }
  return node;
}

// --- CSV ------------------------------------------------------------------------

class CsvScanner {
 public:
  explicit CsvScanner(std::string_view input) : in_(input) {}

  Expected<std::vector<std::vector<MappedString>>> parse() {
    if (in_.substr(0, 3) == kBom) pos_ = 3;
    delimiter_ = detect_delimiter();
    std::vector<std::vector<MappedString>> records;
    while (pos_ < in_.size()) {
      std::vector<MappedString> record;
      for (;;) {
        MappedString field;
        if (!this->field(field)) return *error_;
        record.push_back(std::move(field));
        if (pos_ < in_.size() && in_[pos_] == delimiter_) {
          ++pos_;
          continue;
        }
        pos_ += break_length(in_, pos_);
        break;
      }
      // A line with nothing on it is no record.
      if (record.size() == 1 && record[0].text.empty()) continue;
      records.push_back(std::move(record));
    }
    return records;
  }

 private:
  char detect_delimiter() const {
    std::array<std::size_t, 3> counts{};
    static constexpr std::array<char, 3> kDelimiters = {',', ';', '\t'};
    bool quoted = false;
    for (std::size_t at = pos_; at < in_.size(); ++at) {
      const char c = in_[at];
      if (c == '"') quoted = !quoted;
      if (quoted) continue;
      if (c == '\n' || c == '\r') break;
      for (std::size_t k = 0; k < kDelimiters.size(); ++k) counts[k] += c == kDelimiters[k];
    }
    std::size_t best = 0;
    for (std::size_t k = 1; k < counts.size(); ++k)
      if (counts[k] > counts[best]) best = k;
    return kDelimiters[best];
  }

  bool field(MappedString& out) {
    if (pos_ < in_.size() && in_[pos_] == '"') {
      const std::size_t open = pos_;
      out.begin = ++pos_;
      std::size_t run = pos_;
      for (;;) {
        if (pos_ >= in_.size()) {
          error_ = error_at(in_, open, "invalid CSV: unclosed quote");
          return false;
        }
        if (in_[pos_] != '"') {
          ++pos_;
          continue;
        }
        if (pos_ > run) out.copy(in_.substr(run, pos_ - run));
        if (in_.substr(pos_, 2) == "\"\"") {
          out.decode("\"", 2);
          pos_ += 2;
          run = pos_;
          continue;
        }
        ++pos_;  // the closing quote
        if (pos_ < in_.size() && in_[pos_] != delimiter_ && !is_break(in_, pos_)) {
          error_ = error_at(in_, pos_, std::string("invalid CSV: '") + delimiter_ + "' or a line end expected after a closing quote");
          return false;
        }
        return true;
      }
    }
    out.begin = pos_;
    const std::size_t begin = pos_;
    while (pos_ < in_.size() && in_[pos_] != delimiter_ && !is_break(in_, pos_)) ++pos_;
    out.copy(in_.substr(begin, pos_ - begin));
    return true;
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  char delimiter_ = ',';
  std::optional<Error> error_;
};

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

Expected<std::vector<Extract>> extract_json(std::string_view input, const ExtractOptions& options) {
  Expected<Node> root = JsonScanner(input).parse();
  if (!root) return root.error();
  Expected<std::vector<Selected>> selected = select_strings(root.value(), options.fields);
  if (!selected) return selected.error();
  std::vector<Extract> extracts;
  for (const Selected& item : selected.value())
    extracts.push_back(to_extract(item.node->mapped, item.entry, item.html));
  return extracts;
}

Expected<std::vector<Extract>> extract_yaml(std::string_view input, const ExtractOptions& options) {
  YAML::Node yaml;
  try {
    yaml = YAML::Load(std::string(input));
  } catch (const YAML::Exception& e) {
    return yaml_error({}, e);
  }
  YamlBudget budget{4 * input.size() + 100'000, 4 * input.size() + (1 << 20)};
  const std::optional<Node> root = from_yaml(yaml, budget);
  if (!root) return Error{{}, 0, 0, "invalid YAML: its aliases expand to far more than the file holds"};
  Expected<std::vector<Selected>> selected = select_strings(*root, options.fields);
  if (!selected) return selected.error();
  // yaml-cpp's marks do not count a BOM.
  const std::size_t bom = input.substr(0, 3) == kBom ? 3 : 0;
  std::vector<Extract> extracts;
  for (const Selected& item : selected.value()) {
    const Node& node = *item.node;
    if (node.value.empty()) continue;
    const std::size_t mark = node.mark + bom;
    std::optional<MappedString> mapped = YamlScalarMapper(input, node.value).map(mark);
    if (!mapped) {
      // Approximate: the whole value stands for the rest of the scalar's
      // first line.
      MappedString whole;
      whole.begin = std::min(mark, input.size());
      const std::size_t line_end = std::min(input.find('\n', whole.begin), input.size());
      whole.decode(node.value, line_end - whole.begin);
      mapped = std::move(whole);
    }
    // yaml-cpp decodes "\0" to NUL; NUL is never prose.
    std::replace(mapped->text.begin(), mapped->text.end(), '\0', kFiller);
    extracts.push_back(to_extract(*mapped, item.entry, item.html));
  }
  return extracts;
}

Expected<std::vector<Extract>> extract_csv(std::string_view input, const ExtractOptions& options) {
  Expected<std::vector<std::vector<MappedString>>> records = CsvScanner(input).parse();
  if (!records) return records.error();
  std::vector<Extract> extracts;
  if (records->empty()) return extracts;
  const std::vector<MappedString>& header = records->front();
  // The columns to lint, with whether each is HTML.
  std::vector<std::pair<std::size_t, bool>> columns;
  if (options.fields.empty()) {
    for (std::size_t c = 0; c < header.size(); ++c) columns.emplace_back(c, ends_with_html(header[c].text));
  }
  for (const std::string& field : options.fields) {
    auto [html, name] = html_prefix(field);
    auto it = std::find_if(header.begin(), header.end(), [&wanted = name](const MappedString& h) { return h.text == wanted; });
    if (it == header.end()) {
      std::string names;
      for (const MappedString& h : header) names += (names.empty() ? "" : ", ") + h.text;
      return Error{{}, 0, 0, "--field " + field + ": no such column (the columns are: " + names + ")"};
    }
    columns.emplace_back(static_cast<std::size_t>(it - header.begin()), html || ends_with_html(name));
  }
  std::sort(columns.begin(), columns.end());
  columns.erase(std::unique(columns.begin(), columns.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                columns.end());
  std::optional<std::size_t> label_column;
  for (std::string_view key : {"id", "title", "name"}) {
    for (std::size_t c = 0; c < header.size() && !label_column; ++c)
      if (lower(header[c].text) == key) label_column = c;
    if (label_column) break;
  }
  for (std::size_t r = 1; r < records->size(); ++r) {
    const std::vector<MappedString>& record = (*records)[r];
    std::string entry = "row " + std::to_string(r);
    if (label_column && *label_column < record.size() && !record[*label_column].text.empty())
      entry = record[*label_column].text;
    for (const auto& [column, html] : columns) {
      if (column >= record.size() || record[column].text.empty()) continue;
      extracts.push_back(to_extract(record[column], entry, html));
    }
  }
  return extracts;
}

std::optional<std::vector<std::string>> preset_fields(std::string_view name) {
  if (name == "zendesk") {
    std::vector<std::string> fields;
    for (std::string_view root : {"/macros/*", "/macro"}) {
      const std::string actions = std::string(root) + "/actions/*";
      fields.push_back(actions + "[field=comment_value]/value");
      fields.push_back(actions + "[field=comment_value]/value/1");  // ["channel:all", "text"]
      fields.push_back("html:" + actions + "[field=comment_value_html]/value");
    }
    return fields;
  }
  if (name == "freshdesk") {
    return std::vector<std::string>{"html:/*/content_html", "html:/canned_responses/*/content_html",
                                    "html:/content_html"};
  }
  return std::nullopt;
}

const std::vector<std::string>& preset_names() {
  static const std::vector<std::string> kNames = {"zendesk", "freshdesk"};
  return kNames;
}

}  // namespace tonfall

#include "tonfall/suppress.h"

#include <algorithm>
#include <limits>

namespace tonfall {
namespace {

constexpr std::string_view kNextLine = "tonfall-disable-next-line";
constexpr std::string_view kDisable = "tonfall-disable";
constexpr std::string_view kEnable = "tonfall-enable";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Reads a directive from `body`, which starts at `body_offset` of the input
// and is the inside of one comment. Returns false when the comment holds none.
bool parse_directive(std::string_view body, std::size_t body_offset, Suppression& out) {
  std::size_t at = 0;
  while (at < body.size() && (is_blank(body[at]) || body[at] == '\n')) ++at;
  const std::string_view rest = body.substr(at);
  std::string_view keyword;
  if (rest.starts_with(kNextLine)) {
    keyword = kNextLine;
    out.kind = Suppression::Kind::next_line;
  } else if (rest.starts_with(kDisable)) {
    keyword = kDisable;
    out.kind = Suppression::Kind::disable;
  } else if (rest.starts_with(kEnable)) {
    keyword = kEnable;
    out.kind = Suppression::Kind::enable;
  } else {
    return false;
  }
  const std::size_t keyword_at = at;
  at += keyword.size();
  // "tonfall-disable-next-lines" or "tonfall-enabled" are not directives.
  if (at < body.size() && !is_blank(body[at]) && body[at] != '\n') return false;
  out.names.clear();
  while (at < body.size()) {
    while (at < body.size() && (is_blank(body[at]) || body[at] == ',')) ++at;
    if (at >= body.size() || body[at] == '\n') break;
    // "--" starts a reason: "tonfall-disable-next-line x -- why".
    if (body.substr(at).starts_with("--")) break;
    const std::size_t begin = at;
    while (at < body.size() && !is_blank(body[at]) && body[at] != ',' && body[at] != '\n') ++at;
    out.names.push_back({std::string(body.substr(begin, at - begin)), body_offset + begin, at - begin, false});
  }
  if (out.names.empty())
    out.names.push_back({std::string(), body_offset + keyword_at, keyword.size(), false});
  return true;
}

void parse_html_comments(std::string_view input, std::vector<Suppression>& out) {
  for (std::size_t open = input.find("<!--"); open != std::string_view::npos;
       open = input.find("<!--", open + 4)) {
    const std::size_t close = input.find("-->", open + 4);
    const std::size_t end = close == std::string_view::npos ? input.size() : close + 3;
    const std::size_t body_begin = open + 4;
    const std::size_t body_end = close == std::string_view::npos ? input.size() : close;
    Suppression suppression{Suppression::Kind::next_line, open, end, {}};
    if (parse_directive(input.substr(body_begin, body_end - body_begin), body_begin, suppression))
      out.push_back(std::move(suppression));
    if (close == std::string_view::npos) break;
    open = close;
  }
}

void parse_line_comments(std::string_view input, std::vector<Suppression>& out) {
  std::size_t line_begin = 0;
  while (line_begin < input.size()) {
    std::size_t line_end = input.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = input.size();
    std::size_t at = line_begin;
    if (at == 0 && input.starts_with("\xEF\xBB\xBF")) at = 3;
    while (at < line_end && is_blank(input[at])) ++at;
    std::size_t body = std::string_view::npos;
    if (at < line_end && input[at] == '#') body = at + 1;
    else if (input.substr(at, std::min<std::size_t>(2, line_end - at)) == "//") body = at + 2;
    if (body != std::string_view::npos) {
      std::size_t end = line_end;
      if (end > body && input[end - 1] == '\r') --end;
      Suppression suppression{Suppression::Kind::next_line, at, end, {}};
      if (parse_directive(input.substr(body, end - body), body, suppression))
        out.push_back(std::move(suppression));
    }
    line_begin = line_end + 1;
  }
}

bool names_rule(const SuppressionName& name, const Rule& rule) {
  return name.name.empty() || name.name == rule.id || name.name == rule.category;
}

}  // namespace

std::vector<Suppression> parse_suppressions(std::string_view input, InputFormat format) {
  std::vector<Suppression> out;
  if (input.find("tonfall-") == std::string_view::npos) return out;
  const bool markup = format == InputFormat::markdown || format == InputFormat::html;
  if (markup || format == InputFormat::email) parse_html_comments(input, out);
  if (!markup) parse_line_comments(input, out);
  std::sort(out.begin(), out.end(), [](const Suppression& a, const Suppression& b) {
    return a.comment_begin < b.comment_begin;
  });
  return out;
}

const Rule& unused_suppression_rule() {
  static const Rule rule = [] {
    Rule r;
    r.id = "tonfall.unbenutzte-unterdrueckung";
    r.severity = Severity::info;
    r.category = "tonfall";
    r.message =
        "Diese Unterdrückung greift nicht: Hier meldet die genannte Regel nichts. Entfernen "
        "Sie den Kommentar, damit er künftige Befunde nicht verdeckt.";
    r.rationale =
        "Eine Unterdrückung, die nichts unterdrückt, ist veraltet oder vertippt. Bleibt sie "
        "stehen, verschluckt sie später womöglich einen echten Befund.";
    r.file = "<tonfall>";
    return r;
  }();
  return rule;
}

Suppressions::Suppressions(std::string_view input, InputFormat format)
    : input_(input), directives_(parse_suppressions(input, format)) {
  if (directives_.empty()) return;
  const LineIndex lines(input, bom_length());
  constexpr std::size_t kEnd = std::numeric_limits<std::size_t>::max();
  for (std::size_t i = 0; i < directives_.size(); ++i) {
    Suppression& directive = directives_[i];
    if (directive.kind == Suppression::Kind::next_line) {
      const std::size_t line = lines.line_of(directive.comment_end > 0 ? directive.comment_end - 1 : 0);
      const std::size_t begin = line < lines.line_of(input.size()) ? lines.line_start(line + 1) : input.size();
      const std::size_t end =
          line + 1 < lines.line_of(input.size()) ? lines.line_start(line + 2) : input.size();
      for (SuppressionName& name : directive.names) covers_.push_back({begin, end, &name});
    } else if (directive.kind == Suppression::Kind::disable) {
      for (SuppressionName& name : directive.names) {
        std::size_t end = kEnd;
        for (std::size_t j = i + 1; j < directives_.size() && end == kEnd; ++j) {
          if (directives_[j].kind != Suppression::Kind::enable) continue;
          for (const SuppressionName& other : directives_[j].names) {
            if (other.name == name.name || other.name.empty()) {
              end = directives_[j].comment_begin;
              break;
            }
          }
        }
        covers_.push_back({directive.comment_end, end, &name});
      }
    }
  }
}

std::size_t Suppressions::bom_length() const { return input_.starts_with("\xEF\xBB\xBF") ? 3 : 0; }

void Suppressions::filter(std::vector<Finding>& findings) {
  if (directives_.empty()) return;
  std::erase_if(findings, [&](const Finding& finding) {
    if (finding.in_decoded_text) return false;
    bool drop = false;
    for (const Suppression& directive : directives_) {
      if (finding.offset < directive.comment_end && directive.comment_begin < finding.offset + finding.length)
        drop = true;  // inside the directive itself
    }
    for (Cover& cover : covers_) {
      if (finding.offset >= cover.begin && finding.offset < cover.end && names_rule(*cover.name, *finding.rule)) {
        cover.name->used = true;
        drop = true;
      }
    }
    return drop;
  });
}

void Suppressions::add_unused(std::vector<Finding>& findings, const Rule* unused_rule) const {
  if (!unused_rule || directives_.empty()) return;
  const std::size_t bom = bom_length();
  const LineIndex lines(input_, bom);
  const std::size_t had = findings.size();
  std::size_t utf16 = 0;
  std::size_t counted_to = bom;
  for (const Suppression& directive : directives_) {
    if (directive.kind == Suppression::Kind::enable) continue;
    for (const SuppressionName& name : directive.names) {
      if (name.used) continue;
      utf16 += utf16_length(input_.substr(counted_to, name.offset - counted_to));
      counted_to = name.offset;
      const std::size_t end = name.offset + name.length;
      findings.push_back(Finding{unused_rule, name.offset, name.length,
                                 lines.line_of(name.offset), lines.column_of(name.offset),
                                 lines.line_of(end), lines.column_of(end), utf16,
                                 utf16_length(input_.substr(name.offset, name.length)),
                                 std::string(input_.substr(name.offset, name.length)),
                                 {}, true, {}, false, std::nullopt});
    }
  }
  if (findings.size() > had) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
      return a.offset < b.offset;
    });
  }
}

void apply_suppressions(std::string_view input, InputFormat format, std::vector<Finding>& findings,
                        const Rule* unused_rule) {
  Suppressions suppressions(input, format);
  suppressions.filter(findings);
  suppressions.add_unused(findings, unused_rule);
}

}  // namespace tonfall

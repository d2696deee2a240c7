#include "tonfall/mask.h"

#include <re2/re2.h>

#include <algorithm>
#include <string>

#include "tonfall/segment.h"

namespace tonfall {
namespace {

// Bounded repetitions such as [^\n]{0,200} would blow up RE2's program size;
// the patterns below stay on one line with plain stars instead.
const RE2::Options& quiet() {
  static const RE2::Options options = [] {
    RE2::Options o;
    o.set_log_errors(false);
    return o;
  }();
  return options;
}

// Placeholders of the common template languages. `%` needs a conversion
// letter right after it (no space flag), so "50 % der Kosten" stays text.
// Letters are those of kLetterRanges: the full Unicode classes made this
// one pattern cost more start-up than a whole small pack.
const RE2& placeholder_pattern() {
  static const RE2 pattern = [] {
    const std::string letters(kLetterRanges);
    return RE2(R"(\{\{[^{}\n]*\}\})"                                       // {{ticket.requester.name}}
               R"(|\{%[^\n]*?%\})"                                         // {% if x %}
               R"(|\$?\{[)" + letters + "_][" + letters + R"(0-9_.\-]*\})"  // {order_id}, ${name}
               R"(|%(?:\d+\$)?[-+0#]*\d*(?:\.\d+)?[sdifuxXeEgGc@])"            // %s, %1$d, %.2f
               R"(|%\([)" + letters + "_][" + letters + R"(0-9_]*\)[sdif])"   // %(name)s
               R"(|%[A-Z][A-Z0-9_]*%)"                                       // %NAME%
               R"(|\[[)" + letters + "][" + letters + R"(0-9 _.\-]*\])",     // [Name], [Vorname Nachname]
               quiet());
  }();
  return pattern;
}

// Whole lines that belong to the quoted history of an e-mail reply.
const RE2& quote_line_pattern() {
  static const RE2 pattern(R"((?m)^[ \t]*>[^\n]*)", quiet());
  return pattern;
}

// A header line that introduces quoted history; it and everything quoted
// below it are history. "Am 12.03.2026 um 10:14 schrieb Sabine <...>:".
const RE2& attribution_pattern() {
  static const RE2 pattern(R"((?m)^[ \t]*(?:Am|On) [^\n]+(?:schrieb|wrote)[^\n]*:[ \t]*\r?$)",
                           quiet());
  return pattern;
}

// Everything after this line is forwarded history, not the writer's text.
const RE2& forwarded_history_pattern() {
  static const RE2 pattern(
      R"((?m)^[ \t]*-{2,}[ \t]*(?:Urspr\x{00FC}ngliche Nachricht|Original Message)[ \t]*-{2,})",
      quiet());
  return pattern;
}

// The signature delimiter "-- " (many mail programs drop the blank).
const RE2& signature_pattern() {
  static const RE2 pattern(R"((?m)^-- ?\r?$)", quiet());
  return pattern;
}

// A signature is short: a "--" line with more than this many lines after it
// is a separator in the text, not a signature.
constexpr std::size_t kMaxSignatureLines = 12;

void add_all(const RE2& pattern, std::string_view view, MaskedRegion::Kind kind,
             std::vector<MaskedRegion>& regions) {
  re2::StringPiece input(view.data(), view.size());
  re2::StringPiece match;
  std::size_t position = 0;
  while (position <= view.size() &&
         pattern.Match(input, position, view.size(), RE2::UNANCHORED, &match, 1)) {
    const std::size_t begin = static_cast<std::size_t>(match.data() - view.data());
    const std::size_t end = begin + match.size();
    if (end > begin) regions.push_back({begin, end, kind});
    position = end > begin ? end : end + 1;
  }
}

}  // namespace

std::vector<MaskedRegion> find_masked_regions(std::string_view view,
                                              std::span<const re2::RE2* const> extra_placeholders) {
  std::vector<MaskedRegion> regions;
  for (const RE2* pattern : extra_placeholders)
    add_all(*pattern, view, MaskedRegion::Kind::placeholder, regions);
  const bool may_have_placeholder = view.find_first_of("{%[") != std::string_view::npos;
  if (may_have_placeholder)
    add_all(placeholder_pattern(), view, MaskedRegion::Kind::placeholder, regions);
  if (view.find('>') != std::string_view::npos)
    add_all(quote_line_pattern(), view, MaskedRegion::Kind::quoted, regions);
  add_all(attribution_pattern(), view, MaskedRegion::Kind::quoted, regions);
  for (std::size_t at = view.find('\x1A'); at != std::string_view::npos; at = view.find('\x1A', at)) {
    const std::size_t end = std::min(view.size(), view.find_first_not_of('\x1A', at));
    regions.push_back({at, end, MaskedRegion::Kind::markup});
    at = end;
  }

  const re2::StringPiece text(view.data(), view.size());
  re2::StringPiece line;
  if (view.find("--") != std::string_view::npos) {
    if (forwarded_history_pattern().Match(text, 0, view.size(), RE2::UNANCHORED, &line, 1)) {
      regions.push_back({static_cast<std::size_t>(line.data() - view.data()), view.size(),
                         MaskedRegion::Kind::quoted});
    }
    // Only the last lines can start a signature: the first delimiter there
    // is the one.
    std::size_t tail = view.size();
    for (std::size_t newlines = 0; tail > 0; --tail) {
      if (view[tail - 1] == '\n' && ++newlines > kMaxSignatureLines) break;
    }
    if (signature_pattern().Match(text, tail, view.size(), RE2::UNANCHORED, &line, 1))
      regions.push_back({static_cast<std::size_t>(line.data() - view.data()), view.size(), MaskedRegion::Kind::signature});
  }

  // Sort and merge, so that lookups can bisect and regions never overlap.
  std::sort(regions.begin(), regions.end(),
            [](const MaskedRegion& a, const MaskedRegion& b) { return a.begin < b.begin; });
  std::vector<MaskedRegion> merged;
  for (const MaskedRegion& region : regions) {
    if (!merged.empty() && region.begin < merged.back().end) {
      merged.back().end = std::max(merged.back().end, region.end);
    } else {
      merged.push_back(region);
    }
  }
  return merged;
}

void blank_masked_regions(std::string& view, const std::vector<MaskedRegion>& regions) {
  for (const MaskedRegion& region : regions) {
    for (std::size_t i = region.begin; i < region.end; ++i) {
      if (view[i] != '\n' && view[i] != '\r') view[i] = '\x1A';
    }
  }
}

bool overlaps_masked_region(const std::vector<MaskedRegion>& regions, std::size_t begin,
                            std::size_t end) {
  // The first region that ends after `begin` is the only candidate.
  auto it = std::upper_bound(
      regions.begin(), regions.end(), begin,
      [](std::size_t offset, const MaskedRegion& region) { return offset < region.end; });
  return it != regions.end() && it->begin < end;
}

}  // namespace tonfall

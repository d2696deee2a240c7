#include "tonfall/finding.h"

#include <re2/re2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "tonfall/segment.h"

namespace tonfall {

LineIndex::LineIndex(std::string_view original, std::size_t bom_length)
    : original_(original), utf16_from_{bom_length, 0} {
  starts_.push_back(bom_length);
  for (std::size_t i = bom_length; i < original.size(); ++i) {
    if (original[i] == '\n') starts_.push_back(i + 1);
  }
}

std::size_t LineIndex::line_of(std::size_t offset) const {
  return static_cast<std::size_t>(std::upper_bound(starts_.begin(), starts_.end(), offset) -
                                  starts_.begin());
}

const LineIndex::Checkpoint* LineIndex::checkpoint_before(std::size_t offset) const {
  const auto after = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), offset,
                                      [](std::size_t at, const Checkpoint& c) { return at < c.offset; });
  return after == checkpoints_.begin() ? nullptr : &*std::prev(after);
}

LineIndex::Checkpoint LineIndex::count_towards(Checkpoint from, std::size_t offset) const {
  const std::size_t line_start = starts_[line_of(from.offset) - 1];
  while (offset - from.offset > kCheckpointBytes) {
    // An ASCII byte starts a character that NFC joins to nothing before it:
    // counts split there add up exactly.
    std::size_t next = from.offset + kCheckpointBytes;
    while (next < offset && static_cast<unsigned char>(original_[next]) >= 0x80) ++next;
    if (next >= offset || starts_[line_of(next) - 1] != line_start) break;
    const std::string_view part = original_.substr(from.offset, next - from.offset);
    from = {next, from.column + nfc_length(part), from.utf16 + utf16_length(part)};
    if (checkpoints_.empty() || checkpoints_.back().offset < next) checkpoints_.push_back(from);
  }
  return from;
}

std::size_t LineIndex::column_of(std::size_t offset) const {
  const std::size_t start = starts_[line_of(offset) - 1];
  // Counting on from an earlier place on the line is exact where a new
  // character begins there (NFC joins nothing across it), as at the ends of
  // a span. The last two places are kept: the later of them that fits is
  // counted on from, the earlier gives way to the new one.
  Counted from{start, 0};
  if (const Checkpoint* near = checkpoint_before(offset); near && near->offset >= start)
    from = {near->offset, near->column};
  for (const Counted& known : column_from_)
    if (known.offset >= from.offset && known.offset <= offset) from = known;
  if (offset - from.offset > kCheckpointBytes) {
    // Far to go: through checkpoints, which need the UTF-16 count there too.
    const Checkpoint* near = checkpoint_before(from.offset);
    Checkpoint known = near && near->offset >= start && near->offset == from.offset
                           ? *near
                           : Checkpoint{from.offset, from.count, utf16_offset(from.offset)};
    known = count_towards(known, offset);
    from = {known.offset, known.column};
  }
  const std::size_t count = from.count + nfc_length(original_.substr(from.offset, offset - from.offset));
  Counted& earlier = column_from_[0].offset < column_from_[1].offset ? column_from_[0] : column_from_[1];
  earlier = {offset, count};
  return count + 1;
}

std::size_t LineIndex::utf16_offset(std::size_t offset) const {
  if (utf16_from_.offset > offset) {
    const Checkpoint* near = checkpoint_before(offset);
    utf16_from_ = near ? Counted{near->offset, near->utf16} : Counted{starts_.front(), 0};
  }
  utf16_from_.count += utf16_length(original_.substr(utf16_from_.offset, offset - utf16_from_.offset));
  utf16_from_.offset = offset;
  return utf16_from_.count;
}

DecodedLine line_around(std::string_view text, std::size_t span_begin, std::size_t span_length) {
  const std::size_t window_begin = span_begin > kShownContext ? span_begin - kShownContext : 0;
  std::size_t begin = window_begin;
  const std::size_t newline_before = text.substr(window_begin, span_begin - window_begin).rfind('\n');
  if (newline_before != std::string_view::npos) begin = window_begin + newline_before + 1;
  while (begin < span_begin && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80) ++begin;

  const std::string_view after = text.substr(span_begin, std::min(span_length, kShownContext) + kShownContext);
  const std::size_t newline_after = after.find('\n');
  std::size_t end = span_begin + (newline_after == std::string_view::npos ? after.size() : newline_after);
  if (newline_after != std::string_view::npos && end > begin && text[end - 1] == '\r') --end;
  while (end > span_begin && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  const std::size_t span_end = std::min(end, span_begin + span_length);
  return DecodedLine{std::string(text.substr(begin, end - begin)), span_begin - begin, span_end - begin};
}

bool LineIndex::is_utf8(std::size_t line) const {
  if (utf8_.empty()) utf8_.assign(starts_.size(), -1);
  std::int8_t& known = utf8_[line - 1];
  if (known < 0) known = find_invalid_text(line_text(line)) ? 0 : 1;
  return known == 1;
}

std::string_view LineIndex::line_text(std::size_t line) const {
  const std::size_t start = starts_[line - 1];
  std::size_t end = line < starts_.size() ? starts_[line] - 1 : original_.size();
  if (end > start && original_[end - 1] == '\r' && line < starts_.size()) --end;
  return original_.substr(start, end - start);
}

namespace {

// Suggestions are written as inside a sentence. They begin upper-case where
// the span does: at a sentence start, or where the writer began a line or a
// noun with a capital. The polite Sie/Ihnen/Ihr is capitalized anywhere and
// says nothing about the position.
bool needs_capital(std::string_view original, std::size_t begin) {
  if (starts_sentence(original, begin)) return true;
  const std::string_view rest = original.substr(begin);
  // The first word; bytes of non-ASCII characters (umlauts, ß) count as letters.
  std::size_t word_end = 0;
  while (word_end < rest.size() && is_word_char(static_cast<unsigned char>(rest[word_end]) >= 0x80
                                                    ? U'a'
                                                    : static_cast<char32_t>(rest[word_end])))
    ++word_end;
  const std::string_view word = rest.substr(0, word_end);
  // The polite address is capitalised anywhere: „Sie“, „Ihnen“, „Ihr…“ („Ihrerseits“).
  if (word == "Sie" || word == "Ihnen" || word.starts_with("Ihr")) return false;
  return !word.empty() && upper_first(word) == word;
}

// The first offset of `linted` whose character starts at or after
// `original_offset` of the input (to_original_begin never decreases).
std::size_t linted_offset_at(std::size_t original_offset, std::string_view linted,
                             const OffsetMap& to_input) {
  std::size_t low = 0;
  std::size_t high = linted.size();
  while (low < high) {
    const std::size_t middle = low + (high - low) / 2;
    if (to_input.to_original_begin(middle) < original_offset)
      low = middle + 1;
    else
      high = middle;
  }
  return low;
}

// `line` as the extractor decoded it, when its bytes in the input are not
// UTF-8; the span [linted_begin, linted_end) of `linted` marked on it.
std::optional<DecodedLine> decode_line(std::size_t line, std::size_t linted_begin,
                                       std::size_t linted_end, std::string_view linted,
                                       const OffsetMap& to_input, const LineIndex& lines) {
  if (lines.is_utf8(line)) return std::nullopt;
  const std::string_view bytes = lines.line_text(line);
  const std::size_t from = linted_offset_at(lines.line_start(line), linted, to_input);
  const std::size_t to =
      std::max(from, linted_offset_at(lines.line_start(line) + bytes.size(), linted, to_input));
  return DecodedLine{std::string(linted.substr(from, to - from)),
                     std::clamp(linted_begin, from, to) - from,
                     std::clamp(linted_end, from, to) - from};
}

// True when the span before `end` ends in a word and the text goes on in
// lower case (or with a comma) in the same sentence: the span held the place
// before the verb. („Tja – da kann …“ sets its word off: „da“ leads itself.)
// True if `begin` goes on after a salutation and its comma („Hallo Jana,
// leider …“, also on the next line): a sentence starts there, in lower case.
bool after_salutation(std::string_view original, std::size_t begin) {
  std::size_t at = begin;
  while (at > 0 && std::string_view(" \t\r\n").find(original[at - 1]) != std::string_view::npos) --at;
  if (!after_salutation_comma(original, at)) return false;
  const std::size_t line = original.rfind('\n', at - 1);
  const std::size_t from = line == std::string_view::npos ? 0 : line + 1;
  return opens_with_salutation(original.substr(from, at - from));
}

bool verb_would_lead(std::string_view original, std::size_t begin, std::size_t end) {
  std::size_t last = end;
  while (last > begin && (original[last - 1] == ' ' || original[last - 1] == '\t')) --last;
  const std::string_view kept = original.substr(0, last);
  if (last == begin || kept.ends_with(",") || kept.ends_with(";") || kept.ends_with(":") ||
      kept.ends_with("-") || kept.ends_with("–") || kept.ends_with("—"))
    return false;
  while (end < original.size() && (original[end] == ' ' || original[end] == '\t')) ++end;
  if (end >= original.size()) return false;
  const char c = original[end];
  const std::string_view next = original.substr(end, 2);
  return c == ',' || (c >= 'a' && c <= 'z') || next == "ä" || next == "ö" || next == "ü";
}

// True when the span [begin, end) holds the first place of a main clause
// after „und“, „aber“, „oder“, „denn“ or „sondern“, or after a comma that
// ends a main clause, and a verb and its subject follow it („… und leider
// kann ich erst …“, „…, trotzdem haben wir …“): without it, the verb would
// lead. After a clause that opens with „wenn“, „weil“ … the verb leads anyway.
bool heads_joined_clause(std::string_view original, std::size_t begin, std::size_t end) {
  static const RE2 conjunction(R"((?:^|[\s,])(?:und|aber|oder|denn|sondern)[ \t]+$)");
  static const RE2 comma(R"(,[ \t]*$)");
  static const RE2 fronted_clause(
      R"((?i)(?:^|[.!?:;\n])[ \t]*(?:wenn|falls|sofern|sobald|solange|da|weil|ob|als|nachdem|bevor|obwohl|damit|dass|während|seit|seitdem|indem|soweit)\b[^.!?:;\n]*$)");
  static const RE2 verb_then_subject(R"(^[ \t]*[a-zäöüß]+[ \t]+(?:ich|wir|du|er|sie|es|man|ihr|Sie)\b)");
  const std::size_t from = begin > 12 ? begin - 12 : 0;
  const std::string_view before = original.substr(from, begin - from);
  const std::size_t sentence_from = begin > 160 ? begin - 160 : 0;
  const bool joined = RE2::PartialMatch(before, conjunction) ||
                      (RE2::PartialMatch(before, comma) &&
                       !RE2::PartialMatch(original.substr(sentence_from, begin - sentence_from), fronted_clause));
  return joined &&
         RE2::PartialMatch(original.substr(end, std::min<std::size_t>(original.size() - end, 40)), verb_then_subject);
}

// True when `original` has no letter outside [begin, end): deleting the
// span would leave no text („Spannend.“ as the whole reply).
bool holds_all_words(std::string_view original, std::size_t begin, std::size_t end) {
  auto has_letter = [](std::string_view part) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(part.data());
    const auto length = static_cast<int32_t>(part.size());
    for (int32_t i = 0; i < length;) {
      UChar32 c;
      U8_NEXT(bytes, i, length, c);
      if (c >= 0 && u_isalpha(c)) return true;
    }
    return false;
  };
  return !has_letter(original.substr(0, begin)) && !has_letter(original.substr(end));
}

}  // namespace

std::vector<Finding> locate_findings(const std::vector<Hit>& hits, const NormalizedText& text,
                                     std::string_view linted, const OffsetMap* to_input,
                                     std::string_view original, const LineIndex& lines) {
  std::vector<Finding> findings;
  findings.reserve(hits.size());
  for (const Hit& hit : hits) {
    const std::size_t linted_begin = text.map.to_original_begin(hit.view_begin);
    const std::size_t linted_end = std::max(linted_begin, text.map.to_original_end(hit.view_end));
    const std::size_t begin = to_input ? to_input->to_original_begin(linted_begin) : linted_begin;
    const std::size_t end = to_input ? std::max(begin, to_input->to_original_end(linted_end)) : linted_end;
    const std::string_view span = original.substr(begin, end - begin);
    std::vector<std::string> suggestions = hit.suggestions;
    const bool capital = needs_capital(original, begin);
    if (capital)
      for (std::string& suggestion : suggestions) suggestion = upper_first(suggestion);
    // Deleting the first word of „Leider ist das Paket …“ leaves „Ist das
    // Paket …“: the verb first, a question; so it does after a salutation
    // („Hallo Jana, leider ist …“). Deleting all the words leaves no text.
    // Neither deletion is a rewrite.
    const auto is_deletion = [](const std::string& suggestion) { return suggestion.empty(); };
    const bool heads_sentence = capital || after_salutation(original, begin);
    if (std::any_of(suggestions.begin(), suggestions.end(), is_deletion) &&
        ((heads_sentence && verb_would_lead(original, begin, end)) || heads_joined_clause(original, begin, end) ||
         holds_all_words(original, begin, end)))
      std::erase_if(suggestions, is_deletion);
    const std::string_view linted_span = linted.substr(linted_begin, linted_end - linted_begin);
    Finding finding{hit.rule, begin, end - begin, lines.line_of(begin), lines.column_of(begin),
                    lines.line_of(end), lines.column_of(end), lines.utf16_offset(begin), utf16_length(span),
                    std::string(span), std::move(suggestions), span == linted_span, {}, false,
                    std::nullopt, hit.quoted, hit.auto_fix};
    if (to_input) {
      // Bytes in another charset are shown as the extractor decoded them.
      if (find_invalid_text(span)) finding.text = std::string(linted_span);
      finding.decoded_line =
          decode_line(finding.line, linted_begin, linted_end, linted, *to_input, lines);
    }
    findings.push_back(std::move(finding));
  }
  return findings;
}

void keep_one_per_problem(std::vector<Finding>& findings) {
  auto mergeable = [](const Finding& f) { return f.rule->scope == Scope::text && !f.rule->gather_paragraph; };
  auto same_problem = [](const Finding& a, const Finding& b) {
    if (a.entry != b.entry || a.in_decoded_text != b.in_decoded_text) return false;
    const std::size_t begin = std::max(a.offset, b.offset);
    const std::size_t end = std::min(a.offset + a.length, b.offset + b.length);
    return end > begin && 2 * (end - begin) >= std::min(a.length, b.length);
  };
  auto better = [](const Finding& a, const Finding& b) {
    if (a.severity() != b.severity()) return a.severity() > b.severity();
    if (a.suggestions.empty() != b.suggestions.empty()) return !a.suggestions.empty();
    // Of two replacements, the one `fix` may apply on its own.
    if (!a.suggestions.empty() && a.auto_fix != b.auto_fix) return a.auto_fix;
    if (a.length != b.length) return a.length > b.length;
    return a.rule->id < b.rule->id;
  };
  std::vector<std::size_t> order(findings.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return findings[a].offset < findings[b].offset; });
  std::vector<bool> dropped(findings.size(), false);
  std::vector<std::size_t> open;  // kept findings that may still overlap what follows
  for (const std::size_t k : order) {
    Finding& current = findings[k];
    if (!mergeable(current)) continue;
    std::erase_if(open, [&](std::size_t j) {
      return dropped[j] || findings[j].offset + findings[j].length <= current.offset;
    });
    for (const std::size_t j : open) {
      if (!same_problem(findings[j], current)) continue;
      Finding& winner = better(current, findings[j]) ? current : findings[j];
      const std::size_t loser = &winner == &current ? j : k;
      // A replacement is only given up for another replacement.
      if (!findings[loser].suggestions.empty() && winner.suggestions.empty()) continue;
      dropped[loser] = true;
      if (loser == k) break;
    }
    if (!dropped[k]) open.push_back(k);
  }
  std::size_t kept = 0;
  for (std::size_t k = 0; k < findings.size(); ++k) {
    if (dropped[k]) continue;
    if (kept != k) findings[kept] = std::move(findings[k]);
    ++kept;
  }
  findings.resize(kept);
}

}  // namespace tonfall

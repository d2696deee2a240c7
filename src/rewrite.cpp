#include "tonfall/rewrite.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "tonfall/segment.h"
#include <unicode/utf8.h>

#include <fcntl.h>
#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>

#include "tonfall/mask.h"
#include "tonfall/normalize.h"

namespace tonfall {

namespace {

// `text` without blanks at its ends and with runs of blanks made one: an
// empty optional group in a suggestion ("${prefix}") must not leave a gap.
std::string squeeze_blanks(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// True for a word that opens a sentence in capitals only because of its place
// there: an article, pronoun, particle or conjunction, which goes on in lower
// case after a salutation's comma. Nouns and the polite „Sie“, „Ihr…“ keep
// their capital.
bool goes_on_in_lower_case(std::string_view word) {
  static const std::set<std::string_view> words = {
      "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einen", "Einem", "Einer", "Wir", "Ich",
      "Bitte", "Dein", "Deine", "Deinen", "Deinem", "Deiner", "Es", "Er", "Man", "Hier", "Da", "Dort",
      "Gern", "Gerne", "Heute", "Morgen", "Jetzt", "Gleich", "Sobald", "Danke", "Vielen", "Unser",
      "Unsere", "Unseren", "Unserem", "Mein", "Meine", "Schon", "Leider", "Natürlich", "Dann", "So",
      "Wenn", "Falls", "Damit", "Ab", "Am", "Im", "In", "Zur", "Zum", "Bei", "Mit", "Nach", "Für",
      "Auf", "Diese", "Dieser", "Dieses", "Du", "Dir", "Dich", "Können", "Kannst", "Könnten", "Würden"};
  if (words.contains(word)) return true;
  // Adjectives and adverbs by their endings („Realistisch ist Dienstag“),
  // long enough not to be a noun such as „Tisch“.
  for (const std::string_view ending : {"isch", "lich", "erweise"})
    if (word.size() >= ending.size() + 4 && word.ends_with(ending) && !word.ends_with("eisch")) return true;
  return false;
}

// True if original[begin, end), blanks after it aside, ends a sentence or a
// lead-in („zur Info:“).
bool ends_lead_in(std::string_view original, std::size_t begin, std::size_t end) {
  while (end > begin && original[end - 1] == ' ') --end;
  return end > begin && (is_sentence_mark(original[end - 1]) || original[end - 1] == ':');
}

// Fills in `edit.after` and widens the span where the seams need it.
void fit_seams(Edit& edit, std::string_view original, std::size_t earliest_begin,
               std::string_view suggestion) {
  const std::size_t n = original.size();
  std::size_t begin = edit.offset;
  std::size_t end = edit.offset + edit.length;
  const bool sentence_start = starts_sentence(original, begin);
  std::string after = squeeze_blanks(suggestion);
  if (after.empty()) {
    if (sentence_start) {
      // "Tja – da kann …" -> "Da kann …": take the blanks and the next letter.
      while (end < n && original[end] == ' ') ++end;
      int32_t next = static_cast<int32_t>(end);
      UChar32 c = -1;
      if (end < n) U8_NEXT(reinterpret_cast<const uint8_t*>(original.data()), next, static_cast<int32_t>(n), c);
      if (c >= 0 && u_islower(c)) {
        icu::UnicodeString(u_toupper(c)).toUTF8String(after);
        end = static_cast<std::size_t>(next);
      } else if (end == n || original[end] == '\n' || original[end] == '\r') {
        // The last sentence of its line goes: "Danke. Wir hoffen, …" -> "Danke."
        while (begin > earliest_begin && original[begin - 1] == ' ') --begin;
        if (begin == 0 || original[begin - 1] == '\n') {
          // ... and was all the line said: the line goes, and of the blank
          // lines around it one stays.
          const auto line_break = [&](std::size_t at) {
            return at < n && original[at] == '\n' ? 1 : at + 1 < n && original[at] == '\r' && original[at + 1] == '\n' ? 2 : 0;
          };
          if (const std::size_t own = line_break(end); own > 0) {
            end += own;
            const bool blank_before = begin >= 2 && original[begin - 2] == '\n';
            if (blank_before || begin == 0) end += line_break(end);
          } else if (begin > earliest_begin) {
            --begin;
            if (begin > earliest_begin && original[begin - 1] == '\r') --begin;
          }
        }
      }
    } else if (after_salutation_comma(original, begin) && ends_lead_in(original, begin, end)) {
      // „Hallo Jana, Ihre Zufriedenheit liegt uns am Herzen. Die Karte ist
      // unterwegs.“ -> „Hallo Jana, die Karte ist unterwegs.“; so after „zur Info:“.
      while (end < n && original[end] == ' ') ++end;
      const std::size_t word_end = original.find_first_of(" ,.!?\n", end);
      const std::string_view word = original.substr(end, (word_end == std::string_view::npos ? n : word_end) - end);
      if (goes_on_in_lower_case(word)) {
        after = lower_first(word);
        end += word.size();
      }
    } else if (begin > earliest_begin && original[begin - 1] == ' ') {
      --begin;
    } else if (end < n && original[end] == ' ') {
      ++end;
    }
  } else {
    if (is_sentence_mark(after.back()) && end < n && is_sentence_mark(original[end])) {
      // The writer's "!" stays ("… weiterhelfen!"); where either side asks a
      // question, the replacement's own mark says which it is now.
      std::size_t marks_end = end;
      while (marks_end < n && is_sentence_mark(original[marks_end])) ++marks_end;
      const std::string_view marks = original.substr(end, marks_end - end);
      if (after.back() == '?' || marks.find('?') != std::string_view::npos)
        end = marks_end;
      else
        after.pop_back();
    }
  }
  const std::string_view before = original.substr(edit.offset, edit.length);
  if (!is_nfc(before)) after = to_nfd(after);
  edit.offset = begin;
  edit.length = end - begin;
  edit.before = std::string(original.substr(begin, end - begin));
  edit.after = std::move(after);
}

// Replacements written into HTML must not open tags or entities.
std::string escape_html(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

}  // namespace

namespace {

// The placeholders of `replacement` (as the masker finds them) that do not
// occur in `original`.
std::vector<std::string> placeholders_not_in(std::string_view replacement, std::string_view original) {
  std::vector<std::string> out;
  for (const MaskedRegion& region : find_masked_regions(replacement)) {
    if (region.kind != MaskedRegion::Kind::placeholder) continue;
    const std::string placeholder(replacement.substr(region.begin, region.end - region.begin));
    if (original.find(placeholder) == std::string_view::npos) out.push_back(placeholder);
  }
  return out;
}

}  // namespace

Edit make_edit(const Finding& finding, std::string_view replacement, std::string_view original,
               std::size_t earliest_begin) {
  Edit edit{finding.rule, finding.offset, finding.length, finding.line, finding.column, {}, {}, {}};
  fit_seams(edit, original, earliest_begin, replacement);
  edit.new_placeholders = placeholders_not_in(edit.after, original);
  return edit;
}

std::string with_replacement(const Finding& finding, std::string_view replacement, std::string_view original) {
  return apply_edits(original, {make_edit(finding, replacement, original, 0)});
}

std::string sentence_with_replacement(const Finding& finding, std::string_view replacement,
                                      std::string_view original) {
  const Edit edit = make_edit(finding, replacement, original, 0);
  auto ends_sentence = [&](std::size_t i) {  // a sentence ends after original[i]
    return original[i] == '\n' ||
           (is_sentence_mark(original[i]) && (i + 1 == original.size() || original[i + 1] == ' ' || original[i + 1] == '\n'));
  };
  std::size_t begin = edit.offset;
  while (begin > 0 && !ends_sentence(begin - 1)) --begin;
  while (begin < edit.offset && (original[begin] == ' ' || original[begin] == '\n')) ++begin;
  const std::size_t edit_end = edit.offset + edit.length;
  std::size_t end = edit_end;
  if (edit.length == 0 || !ends_sentence(edit_end - 1)) {
    while (end < original.size() && original[end] != '\n' && original[end] != '\r')
      if (ends_sentence(end++)) break;
  }
  return std::string(original.substr(begin, edit.offset - begin)) + edit.after +
         std::string(original.substr(edit_end, end - edit_end));
}


namespace {

// Words of `text`: runs of letters (any letter beyond ASCII counts).
std::size_t word_count(std::string_view text) {
  std::size_t words = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool letter = std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
    words += letter && !in_word ? 1 : 0;
    in_word = letter;
  }
  return words;
}

// True if `text`, blanks and what closes a line aside („🙏“), ends with a
// sentence mark: a deletion of it takes a whole sentence.
bool ends_sentence(std::string_view text) {
  const std::size_t last = text.find_last_of(".!?");
  return last != std::string_view::npos &&
         text.find_first_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", last) ==
             std::string_view::npos;
}

}  // namespace

std::vector<Edit> plan_edits(const std::vector<Finding>& findings, std::string_view original,
                             const RuleFilter& allowed, NewPlaceholders placeholders) {
  std::vector<const Finding*> candidates;
  for (const Finding& finding : findings) {
    const Rule& rule = *finding.rule;
    if (finding.auto_fix && finding.verbatim && !finding.quoted && !finding.suggestions.empty() &&
        (!allowed || allowed(rule)))
      candidates.push_back(&finding);
  }
  std::sort(candidates.begin(), candidates.end(), [](const Finding* a, const Finding* b) {
    if (a->offset != b->offset) return a->offset < b->offset;
    if (a->severity() != b->severity()) return a->severity() > b->severity();
    if (a->length != b->length) return a->length > b->length;
    return a->rule->id < b->rule->id;
  });
  std::vector<Edit> edits;
  std::size_t covered_until = 0;
  for (const Finding* finding : candidates) {
    if (finding->offset < covered_until) continue;
    Edit edit = make_edit(*finding, finding->suggestions.front(), original, covered_until);
    if (!edits.empty() && edit.offset < covered_until) continue;
    if (placeholders == NewPlaceholders::hold && !edit.new_placeholders.empty()) continue;
    covered_until = edit.offset + edit.length;
    edits.push_back(std::move(edit));
  }
  // Each sentence that goes was checked against the words beside it, not
  // against the others that go too: where all of them going leaves no reply,
  // none goes, and the writer decides.
  constexpr std::size_t kReplyWords = 4;
  if (word_count(apply_edits(original, edits)) < std::min(kReplyWords, word_count(original)))
    std::erase_if(edits, [](const Edit& edit) { return edit.after.empty() && ends_sentence(edit.before); });
  // A mocking sentence goes only with the mockery around it: „Klar, wir
  // schalten das ganze Netz um. Sonst noch Wünsche?“ without its second
  // sentence reads as a promise.
  auto applied = [&](const Finding& finding) {
    return std::any_of(edits.begin(), edits.end(), [&](const Edit& edit) {
      return edit.offset <= finding.offset && finding.offset + finding.length <= edit.offset + edit.length;
    });
  };
  std::erase_if(edits, [&](const Edit& edit) {
    return edit.rule->drop_sentence && std::any_of(findings.begin(), findings.end(), [&](const Finding& other) {
             return other.rule->category == edit.rule->category && !other.quoted && !applied(other);
           });
  });
  return edits;
}

std::string apply_edits(std::string_view original, const std::vector<Edit>& edits) {
  std::string out;
  out.reserve(original.size());
  std::size_t at = 0;
  for (const Edit& edit : edits) {
    out.append(original.substr(at, edit.offset - at));
    out.append(edit.after);
    at = edit.offset + edit.length;
  }
  out.append(original.substr(at));
  return out;
}

namespace {

// One fix can open the way for another: turning a sentence into the
// draft's address form („Bitte beachten Sie, dass …“ → „Bitte beachte,
// dass …“) lets a rule whose finding overlapped it apply next. `fix` goes
// on until nothing more applies, at most this often, so that fixing the
// result again changes nothing.
constexpr int kFixRounds = 3;

// The edits of `original` that make what `earlier` (edits of `original`,
// giving `middle`) and then `later` (edits of `middle`) make together.
// Edits of both rounds that overlap become one, named after the rule of the
// one that starts first.
std::vector<Edit> compose(std::string_view original, const std::vector<Edit>& earlier, std::string_view middle,
                          const std::vector<Edit>& later) {
  // Where each earlier edit lies in `middle`.
  struct Placed {
    std::size_t begin, end;  // in middle
    const Edit* edit;
  };
  std::vector<Placed> placed;
  std::ptrdiff_t shift = 0;
  for (const Edit& edit : earlier) {
    const std::size_t begin = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(edit.offset) + shift);
    placed.push_back({begin, begin + edit.after.size(), &edit});
    shift += static_cast<std::ptrdiff_t>(edit.after.size()) - static_cast<std::ptrdiff_t>(edit.length);
  }
  // A position of `middle` in `original`: inside an earlier edit, that
  // edit's start (or end, for the end of a range).
  auto to_original = [&](std::size_t at, bool is_end) {
    std::ptrdiff_t before = 0;
    for (const Placed& p : placed) {
      if (is_end ? (p.begin < at && at <= p.end) : (p.begin <= at && at < p.end))
        return is_end ? p.edit->offset + p.edit->length : p.edit->offset;
      if (p.end > at || (is_end && p.end == at)) break;
      before += static_cast<std::ptrdiff_t>(p.edit->after.size()) - static_cast<std::ptrdiff_t>(p.edit->length);
    }
    return static_cast<std::size_t>(static_cast<std::ptrdiff_t>(at) - before);
  };
  struct Region {
    std::size_t begin, end;  // in original
    const Rule* rule;
  };
  std::vector<Region> regions;
  for (const Edit& edit : earlier) regions.push_back({edit.offset, edit.offset + edit.length, edit.rule});
  for (const Edit& edit : later)
    regions.push_back({to_original(edit.offset, false), to_original(edit.offset + edit.length, true), edit.rule});
  std::stable_sort(regions.begin(), regions.end(), [](const Region& a, const Region& b) { return a.begin < b.begin; });
  std::vector<Region> merged;
  for (const Region& region : regions) {
    if (!merged.empty() && (region.begin < merged.back().end ||
                            (region.begin == merged.back().end && region.begin == merged.back().begin)))
      merged.back().end = std::max(merged.back().end, region.end);
    else
      merged.push_back(region);
  }
  // Each merged region's text: its stretch of `middle` with the later edits
  // inside it applied.
  auto to_middle = [&](std::size_t at) {
    std::ptrdiff_t before = 0;
    for (const Edit& edit : earlier) {
      if (edit.offset + edit.length > at) break;
      before += static_cast<std::ptrdiff_t>(edit.after.size()) - static_cast<std::ptrdiff_t>(edit.length);
    }
    return static_cast<std::size_t>(static_cast<std::ptrdiff_t>(at) + before);
  };
  std::vector<Edit> out;
  std::size_t line = 1, line_start = 0, counted = 0;
  for (const Region& region : merged) {
    const std::size_t from = to_middle(region.begin), to = to_middle(region.end);
    std::string after;
    std::size_t at = from;
    for (const Edit& edit : later) {
      if (edit.offset < from || edit.offset + edit.length > to) continue;
      after.append(middle.substr(at, edit.offset - at));
      after.append(edit.after);
      at = edit.offset + edit.length;
    }
    after.append(middle.substr(at, to - at));
    for (; counted < region.begin; ++counted)
      if (original[counted] == '\n') {
        ++line;
        line_start = counted + 1;
      }
    Edit edit{region.rule, region.begin, region.end - region.begin, line, region.begin - line_start + 1,
              std::string(original.substr(region.begin, region.end - region.begin)), std::move(after), {}};
    edit.new_placeholders = placeholders_not_in(edit.after, original);
    out.push_back(std::move(edit));
  }
  return out;
}

}  // namespace

FixResult fix_source(Source source, const Engine& engine, const RuleFilter& allowed,
                     InputFormat format, const LintSettings& settings, NewPlaceholders placeholders,
                     const ExtractOptions& extract) {
  FixResult result;
  result.path = source.path;
  FileResult checked = check_source(std::move(source), engine, format, extract, settings);
  result.original = std::move(checked.original);
  if (checked.error) {
    result.error = checked.error;
    return result;
  }
  result.text = result.original;
  for (int round = 0; round < kFixRounds; ++round) {
    std::vector<Edit> edits = plan_edits(checked.findings, result.text, allowed, placeholders);
    if (edits.empty()) break;
    if (format == InputFormat::html)
      for (Edit& edit : edits) edit.after = escape_html(edit.after);
    std::string fixed = apply_edits(result.text, edits);
    result.applied = round == 0 ? std::move(edits) : compose(result.original, result.applied, result.text, edits);
    result.text = std::move(fixed);
    checked = check_source(Source{result.path, result.text}, engine, format, extract, settings);
  }
  for (const Edit& edit : result.applied)
    for (const std::string& placeholder : edit.new_placeholders)
      if (std::find(result.new_placeholders.begin(), result.new_placeholders.end(), placeholder) ==
          result.new_placeholders.end())
        result.new_placeholders.push_back(placeholder);
  result.remaining = std::move(checked.findings);
  return result;
}

void fix_text_in_pieces(const std::string& path, std::string_view text, const Engine& engine,
                        const RuleFilter& allowed, const LintSettings& settings, NewPlaceholders placeholders,
                        const std::function<void(FixResult&&)>& deliver) {
  if (std::optional<Error> invalid = find_invalid_text(text)) {
    invalid->path = path;
    FixResult failed{path, {}, {}, {}, {}, {}, std::move(invalid)};
    return deliver(std::move(failed));
  }
  PieceStart original_start, fixed_start;
  while (true) {
    const std::string_view piece = text.substr(0, piece_end(text, text.size() <= 2 * kPieceSize));
    FixResult result = fix_source(Source{path, std::string(piece)}, engine, allowed, InputFormat::text, settings,
                                  placeholders);
    if (result.error) return deliver(std::move(result));
    for (Edit& edit : result.applied) {
      if (edit.line == 1) edit.column += original_start.column - 1;
      edit.line += original_start.line - 1;
      edit.offset += original_start.offset;
    }
    for (Finding& finding : result.remaining) place_in_whole(finding, result.text, fixed_start);
    original_start.advance(piece);
    fixed_start.advance(result.text);
    text.remove_prefix(piece.size());
    result.more = !text.empty();
    deliver(std::move(result));
    if (text.empty()) return;
  }
}

namespace {

// The lines of `text`, each with its line end; the last may lack one.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t newline = text.find('\n', start);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

void append_line(std::string& out, char mark, std::string_view line) {
  out += mark;
  out.append(line);
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

std::string range(std::size_t first, std::size_t count) {
  // Unified diff ranges: 1-based start, and a zero-length range names the line before.
  const std::size_t start = count == 0 ? first : first + 1;
  return count == 1 ? std::to_string(start) : std::to_string(start) + "," + std::to_string(count);
}

}  // namespace

std::string unified_diff(const std::string& path, std::string_view before, std::string_view after) {
  if (before == after) return {};
  const std::vector<std::string_view> old_lines = split_lines(before);
  const std::vector<std::string_view> new_lines = split_lines(after);
  constexpr std::size_t kContext = 3;

  // Changed blocks as [old_begin, old_end) / [new_begin, new_end). With equal
  // line counts (fixes rarely join lines) each differing line is a block; else
  // one block between the common head and tail.
  struct Block {
    std::size_t old_begin, old_end, new_begin, new_end;
  };
  std::vector<Block> blocks;
  if (old_lines.size() == new_lines.size()) {
    for (std::size_t i = 0; i < old_lines.size(); ++i) {
      if (old_lines[i] != new_lines[i]) blocks.push_back({i, i + 1, i, i + 1});
    }
  } else {
    std::size_t head = 0;
    while (head < old_lines.size() && head < new_lines.size() && old_lines[head] == new_lines[head]) ++head;
    std::size_t tail = 0;
    while (tail < old_lines.size() - head && tail < new_lines.size() - head &&
           old_lines[old_lines.size() - 1 - tail] == new_lines[new_lines.size() - 1 - tail])
      ++tail;
    blocks.push_back({head, old_lines.size() - tail, head, new_lines.size() - tail});
  }

  std::string out = "--- " + path + "\n+++ " + path + "\n";
  for (std::size_t b = 0; b < blocks.size();) {
    // Merge blocks whose contexts touch into one hunk.
    std::size_t last = b;
    while (last + 1 < blocks.size() && blocks[last + 1].old_begin <= blocks[last].old_end + 2 * kContext) ++last;
    const std::size_t old_first = blocks[b].old_begin >= kContext ? blocks[b].old_begin - kContext : 0;
    const std::size_t new_first = blocks[b].new_begin - (blocks[b].old_begin - old_first);
    const std::size_t old_stop = std::min(old_lines.size(), blocks[last].old_end + kContext);
    const std::size_t new_stop = blocks[last].new_end + (old_stop - blocks[last].old_end);
    out += "@@ -" + range(old_first, old_stop - old_first) + " +" + range(new_first, new_stop - new_first) + " @@\n";
    std::size_t old_at = old_first;
    for (std::size_t k = b; k <= last; ++k) {
      for (; old_at < blocks[k].old_begin; ++old_at) append_line(out, ' ', old_lines[old_at]);
      for (std::size_t i = blocks[k].old_begin; i < blocks[k].old_end; ++i) append_line(out, '-', old_lines[i]);
      for (std::size_t i = blocks[k].new_begin; i < blocks[k].new_end; ++i) append_line(out, '+', new_lines[i]);
      old_at = blocks[k].old_end;
    }
    for (; old_at < old_stop; ++old_at) append_line(out, ' ', old_lines[old_at]);
    b = last + 1;
  }
  return out;
}

namespace {

// Removes temporaries named `prefix`XXXXXX that a killed run left behind:
// this user's regular files older than ten minutes (a younger one may belong
// to a run still going).
void remove_stale_temporaries(const std::string& prefix) {
  std::string pattern;
  for (const char c : prefix) {
    if (c == '[' || c == ']' || c == '*' || c == '?' || c == '\\') pattern += '\\';
    pattern += c;
  }
  glob_t found{};
  if (glob((pattern + "??????").c_str(), GLOB_NOSORT, nullptr, &found) == 0) {
    const std::time_t now = std::time(nullptr);
    for (std::size_t i = 0; i < found.gl_pathc; ++i) {
      struct stat status {};
      if (lstat(found.gl_pathv[i], &status) == 0 && S_ISREG(status.st_mode) && status.st_uid == geteuid() &&
          now - status.st_mtime > 600)
        unlink(found.gl_pathv[i]);
    }
  }
  globfree(&found);
}

}  // namespace

std::optional<Error> write_file_atomically(const std::string& path, std::string_view bytes,
                                           const FileStamp& read_as) {
  auto refusal = [&](const std::string& why) { return Error{path, 0, 0, why + "; the file is unchanged"}; };
  auto failure = [&](const std::string& what) { return refusal(what + ": " + std::strerror(errno)); };
  char resolved[PATH_MAX];
  if (!realpath(path.c_str(), resolved)) return failure("cannot resolve");
  const std::string target = resolved;
  struct stat status {};
  if (stat(target.c_str(), &status) != 0) return failure("cannot stat");
  if (stamp_file(target) != read_as) return refusal("changed while it was being fixed (run fix again)");
  if ((status.st_mode & 0222) == 0 || access(target.c_str(), W_OK) != 0) return refusal("is read-only");
  if (status.st_nlink > 1) {
    return refusal("has " + std::to_string(status.st_nlink) + " hard links, which replacing it would split");
  }
  const std::size_t slash = target.rfind('/');
  const std::string prefix = target.substr(0, slash + 1) + "." + target.substr(slash + 1) + ".tonfall-";
  remove_stale_temporaries(prefix);
  std::string temporary = prefix + "XXXXXX";
  const int fd = mkstemp(temporary.data());
  if (fd < 0) return failure("cannot create a temporary file beside it");
  // The owner first: fchown clears set-user-ID and set-group-ID bits, which
  // fchmod then restores.
  struct stat written_status {};
  if ((fchown(fd, status.st_uid, status.st_gid) != 0 && errno != EPERM) || fstat(fd, &written_status) != 0 ||
      written_status.st_uid != status.st_uid || written_status.st_gid != status.st_gid) {
    ::close(fd);
    unlink(temporary.c_str());
    return refusal("belongs to another user or group, which a rewritten file cannot keep");
  }
  bool ok = true;
  for (std::size_t written = 0; ok && written < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<std::size_t>(n);
  }
  ok = ok && fchmod(fd, status.st_mode & 07777) == 0 && fsync(fd) == 0;
  int error_number = ok ? 0 : errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    error_number = errno;
  }
  // Once more just before the rename: writing took time.
  if (ok && stamp_file(target) != read_as) {
    unlink(temporary.c_str());
    return refusal("changed while it was being fixed (run fix again)");
  }
  if (ok && rename(temporary.c_str(), target.c_str()) != 0) {
    ok = false;
    error_number = errno;
  }
  if (!ok) {
    unlink(temporary.c_str());
    errno = error_number;
    return failure("cannot write");
  }
  // Make the rename itself durable.
  const int dir = open(target.substr(0, slash + 1).c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    fsync(dir);
    ::close(dir);
  }
  return std::nullopt;
}

}  // namespace tonfall

#include "tonfall/check.h"

#include <re2/re2.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <mutex>
#include <numeric>
#include <sstream>
#include <system_error>
#include <thread>

#include "tonfall/extract.h"
#include "tonfall/mask.h"
#include "tonfall/normalize.h"
#include "tonfall/seams.h"
#include "tonfall/segment.h"
#include "tonfall/suppress.h"

namespace tonfall {

namespace {

// True if `view` greets by first name and says no more of its form: „Hallo
// Jana, keine Sorge, die Karte ist unterwegs.“ may go on with du or Sie.
// Without a greeting, or after „Frau …“, „Herr …“, „Sehr geehrte …“ or
// „Guten Tag“, a text speaks Sie.
bool form_left_open(std::string_view view) {
  const std::size_t greeting = salutation_length(view);
  if (greeting == 0) return false;
  static const RE2 polite_greeting(R"((?i)\b(?:frau|herrn?|damen|geehrte[rs]?|guten (?:tag|morgen|abend)|grü(?:ß|ss) gott)\b)");
  if (RE2::PartialMatch(re2::StringPiece(view.data(), greeting), polite_greeting)) return false;
  const AddressWords words = count_address_words(view);
  return words.familiar == 0 && words.polite == 0;
}

// Where the form is left open, the suggestions that would bring in Sie or
// du (those with a du twin) go after those that need neither, so that no
// replacement decides it for the writer.
void unaddressed_first(Hit& hit) {
  if (hit.suggestions_du.empty()) return;
  std::vector<std::size_t> order(hit.suggestions.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_partition(order.begin(), order.end(), [&](std::size_t k) { return hit.suggestions_du[k].empty(); });
  std::vector<std::string> suggestions, suggestions_du;
  for (const std::size_t k : order) {
    suggestions.push_back(std::move(hit.suggestions[k]));
    suggestions_du.push_back(std::move(hit.suggestions_du[k]));
  }
  hit.suggestions = std::move(suggestions);
  hit.suggestions_du = std::move(suggestions_du);
}

// Lints `linted` (which `to_input` maps into `original`; none: it is the
// original) and returns the findings in `original`'s coordinates. `lines`
// indexes `original`, once for all the texts taken from it.
Expected<std::vector<Finding>> lint(std::string_view linted, const OffsetMap* to_input,
                                    std::string_view original, const LineIndex& lines,
                                    const Engine& engine, const LintSettings& settings) {
  Expected<NormalizedText> text = normalize(linted);
  if (!text) return text.error();
  const std::vector<MaskedRegion> masked = find_masked_regions(text->view, settings.placeholders);
  blank_masked_regions(text->view, masked);
  capitalize_after_salutation(text->view);
  std::vector<Hit> hits = engine.run(*text, masked, linted);
  // The text's own form is worked out only when a hit has a du form to offer.
  const bool has_du_forms =
      std::any_of(hits.begin(), hits.end(), [](const Hit& hit) { return !hit.suggestions_du.empty(); });
  if (has_du_forms && !settings.address && form_left_open(text->view)) {
    for (Hit& hit : hits) unaddressed_first(hit);
  } else if (has_du_forms && settings.address.value_or(address_of(text->view)) == Address::du) {
    for (Hit& hit : hits)
      for (std::size_t k = 0; k < hit.suggestions_du.size(); ++k)
        if (!hit.suggestions_du[k].empty()) hit.suggestions[k] = std::move(hit.suggestions_du[k]);
  }
  return locate_findings(hits, *text, linted, to_input, original, lines);
}

std::size_t bom_length(std::string_view original) {
  return original.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
}

// Lints one text taken from `original` (unless the settings ignore its
// entry) and appends its findings, in `original`'s coordinates, to `into`.
std::optional<Error> lint_extract(const Extract& extract, std::string_view original, const LineIndex& lines,
                                  const Engine& engine, const LintSettings& settings, std::vector<Finding>& into) {
  const auto& ignored = settings.ignore_entries;
  if (!extract.entry.empty() && std::find(ignored.begin(), ignored.end(), extract.entry) != ignored.end())
    return std::nullopt;
  Expected<std::vector<Finding>> findings =
      extract.maps_to_input
          ? lint(extract.text, &extract.to_input, original, lines, engine, settings)
          : lint(extract.text, nullptr, extract.text, LineIndex(extract.text, bom_length(extract.text)), engine,
                 settings);
  if (!findings) return findings.error();
  for (Finding& finding : findings.value()) {
    finding.entry = extract.entry;
    finding.in_decoded_text = !extract.maps_to_input;
    finding.verbatim = finding.verbatim && extract.maps_to_input && extract.rewritable;
    into.push_back(std::move(finding));
  }
  return std::nullopt;
}

}  // namespace

Address address_of(std::string_view view) {
  const AddressWords words = count_address_words(view);
  return words.familiar > words.polite ? Address::du : Address::sie;
}

FileResult check_source(Source source, const Engine& engine, InputFormat format,
                        const ExtractOptions& options, const LintSettings& settings) {
  FileResult result{std::move(source.path), std::move(source.bytes), {}, std::nullopt};
  auto fail = [&](Error error) {
    error.path = result.path;
    result.error = std::move(error);
    result.findings.clear();
    return std::move(result);
  };
  if (format == InputFormat::text) {
    // Plain text is linted as it is, without a copy.
    const LineIndex lines(result.original, bom_length(result.original));
    Expected<std::vector<Finding>> findings =
        lint(result.original, nullptr, result.original, lines, engine, settings);
    if (!findings) return fail(findings.error());
    result.findings = std::move(findings.value());
    apply_suppressions(result.original, format, result.findings, settings.unused_suppression);
    if (settings.one_per_problem) keep_one_per_problem(result.findings);
    return result;
  }
  // An e-mail need not be UTF-8 as a whole (a latin1 part); its extractor
  // converts each part and reports invalid text itself.
  if (format != InputFormat::email) {
    if (auto invalid = find_invalid_text(result.original)) return fail(*invalid);
  }
  Expected<std::vector<Extract>> extracts = extract_prose(result.original, format, options);
  if (!extracts) return fail(extracts.error());
  const LineIndex lines(result.original, bom_length(result.original));
  for (const Extract& extract : extracts.value())
    if (std::optional<Error> error = lint_extract(extract, result.original, lines, engine, settings, result.findings))
      return fail(*error);
  // Directives are found in the input's bytes, which an e-mail need not keep
  // in UTF-8.
  if (format != InputFormat::email || !find_invalid_text(result.original))
    apply_suppressions(result.original, format, result.findings, settings.unused_suppression);
  if (settings.one_per_problem) keep_one_per_problem(result.findings);
  return result;
}

namespace fs = std::filesystem;

namespace {

// Lints one piece of a streamed text and appends its findings to `findings`,
// in the whole text's coordinates.
std::optional<Error> check_piece(std::string_view piece, const PieceStart& start, const Engine& engine,
                                 const LintSettings& settings, std::vector<Finding>& findings) {
  // The whole file was validated before the first piece (find_invalid_text_in).
  Expected<std::vector<Finding>> found =
      lint(piece, nullptr, piece, LineIndex(piece, bom_length(piece)), engine, settings);
  if (!found) return found.error();
  apply_suppressions(piece, InputFormat::text, found.value(), settings.unused_suppression);
  if (settings.one_per_problem) keep_one_per_problem(found.value());
  for (Finding& finding : found.value()) {
    place_in_whole(finding, piece, start);
    findings.push_back(std::move(finding));
  }
  return std::nullopt;
}

// The error of the first invalid UTF-8 sequence or NUL byte in `in`, read in
// pieces; nullopt when the text is valid.
std::optional<Error> find_invalid_text_in(std::istream& in) {
  std::string buffer;
  std::vector<char> chunk(kPieceSize);
  std::size_t offset = 0;
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    buffer.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    // Keep a sequence the chunk cut short for the next round.
    std::size_t complete = buffer.size();
    if (in) {
      std::size_t lead = buffer.size();
      while (lead > 0 && buffer.size() - lead < 4 &&
             (static_cast<unsigned char>(buffer[lead - 1]) & 0xC0) == 0x80)
        --lead;
      if (lead > 0 && static_cast<unsigned char>(buffer[lead - 1]) >= 0xC0) complete = lead - 1;
    }
    if (auto invalid = find_invalid_text(std::string_view(buffer).substr(0, complete), offset))
      return invalid;
    offset += complete;
    buffer.erase(0, complete);
  }
  return std::nullopt;
}

// Checks the text `in` (seekable: it is read twice) piece by piece, under the
// name `path`, on up to `jobs` threads; `unchanged` tells whether the text is
// still the one that was opened. Results are delivered in text order.
void check_stream_in_pieces(const std::string& path, std::istream& in, const std::function<bool()>& unchanged,
                            const Engine& engine, const LintSettings& settings, unsigned jobs,
                            const std::function<void(FileResult&&)>& deliver) {
  auto fail = [&](Error error) {
    error.path = path;
    deliver(FileResult{path, {}, {}, std::move(error)});
  };
  // The text is read twice (checked for valid text, then piece by piece): a
  // change meanwhile (an appended log line, a truncation) would put errors
  // and findings in the wrong places or cut the report short, so it is
  // noticed and said.
  auto changed = [&] {
    return Error{path, 0, 0, "changed while it was being checked; what was reported of it may be incomplete or "
                             "misplaced: check it again"};
  };
  // A file with invalid text gets an error and no findings, as when it is
  // read whole: so look at all of it before reporting anything.
  if (std::optional<Error> invalid = find_invalid_text_in(in)) return fail(unchanged() ? *invalid : changed());
  if (in.bad()) return fail(Error{path, 0, 0, std::string("cannot read: ") + std::strerror(errno)});
  in.clear();
  in.seekg(0);

  // A piece's result: its findings, or the error that ends the text.
  struct Checked {
    FileResult result;
    std::optional<Error> error;
  };
  auto check = [&engine, &settings, &path](const std::shared_ptr<const std::string>& piece, PieceStart start,
                                           bool more, std::size_t end) {
    Checked checked{FileResult{path, {}, {}, std::nullopt, more, end}, std::nullopt};
    checked.error = check_piece(*piece, start, engine, settings, checked.result.findings);
    return checked;
  };
  // Pieces in work, oldest first. While `jobs` are out, the oldest is waited
  // for and delivered before the next is read, so memory stays at a few
  // pieces whatever the text's size.
  std::deque<std::future<Checked>> in_work;
  auto deliver_oldest = [&] {
    Checked checked = in_work.front().get();
    in_work.pop_front();
    if (checked.error) {
      fail(*checked.error);
      return false;
    }
    deliver(std::move(checked.result));
    return true;
  };
  std::string buffer;
  std::vector<char> chunk(kPieceSize);
  PieceStart start;
  bool at_end = false;
  for (bool more = true; more;) {
    while (!at_end && buffer.size() < 2 * kPieceSize) {
      in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      buffer.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
      at_end = !in;
    }
    if (in.bad() || !unchanged()) {
      // The pieces read before are reported, as one thread would have.
      while (!in_work.empty())
        if (!deliver_oldest()) return;
      return fail(in.bad() ? Error{path, 0, 0, std::string("cannot read: ") + std::strerror(errno)} : changed());
    }
    const std::size_t cut = piece_end(buffer, at_end);
    const auto piece = std::make_shared<const std::string>(buffer.substr(0, cut));
    more = cut < buffer.size() || !at_end;
    const PieceStart piece_start = start;
    start.advance(*piece);
    buffer.erase(0, cut);
    const std::size_t end = start.offset;
    std::future<Checked> future;
    if (jobs > 1) {
      try {
        future = std::async(std::launch::async, check, piece, piece_start, more, end);
      } catch (const std::system_error&) {
        // No thread to be had (a process limit): this thread checks it.
      }
    }
    if (!future.valid()) {
      std::promise<Checked> now;
      now.set_value(check(piece, piece_start, more, end));
      future = now.get_future();
    }
    in_work.push_back(std::move(future));
    while (in_work.size() >= jobs || (!more && !in_work.empty()))
      if (!deliver_oldest()) {
        in_work.clear();
        return;
      }
  }
}

// A large library is reported in batches of about this many findings.
constexpr std::size_t kFindingsPerBatch = 4096;

// Checks a large canned-response library entry by entry and hands `deliver`
// its findings in batches (FileResult::more on all but the last): memory
// holds one batch of findings, not all of them. Each finding carries its
// line cut around it (decoded_line), as the pieces of a plain text do, so a
// report need not keep the file. Findings of one entry never overlap
// another's, so one-per-problem works batch by batch; suppressions are
// worked out for the whole file first, and unused names come last.
void check_library_in_batches(Source source, const Engine& engine, InputFormat format,
                              const ExtractOptions& options, const LintSettings& settings,
                              const std::function<void(FileResult&&)>& deliver) {
  const std::string& path = source.path;
  const std::string_view original = source.bytes;
  auto fail = [&](Error error) {
    error.path = path;
    deliver(FileResult{path, {}, {}, std::move(error)});
  };
  if (auto invalid = find_invalid_text(original)) return fail(*invalid);
  Expected<std::vector<Extract>> extracts = extract_prose(original, format, options);
  if (!extracts) return fail(extracts.error());
  const LineIndex lines(original, bom_length(original));
  Suppressions suppressions(original, format);
  std::vector<Finding> batch;
  auto send = [&](bool last, std::size_t checked_bytes) {
    suppressions.filter(batch);
    if (last) suppressions.add_unused(batch, settings.unused_suppression);
    if (settings.one_per_problem) keep_one_per_problem(batch);
    for (Finding& finding : batch)
      if (!finding.decoded_line && !finding.in_decoded_text)
        finding.decoded_line = line_around(original, finding.offset, finding.length);
    deliver(FileResult{path, {}, std::move(batch), std::nullopt, !last, checked_bytes});
    batch.clear();
  };
  for (const Extract& extract : extracts.value()) {
    if (std::optional<Error> error = lint_extract(extract, original, lines, engine, settings, batch))
      return fail(*error);
    if (batch.size() >= kFindingsPerBatch)
      send(false, extract.maps_to_input ? extract.to_input.to_original_end(extract.text.size()) : 0);
  }
  send(true, original.size());
}

// Whether `path` is a plain-text file large enough to be streamed.
bool streams(const std::string& path, InputFormat format) {
  std::error_code ec;
  if (format != InputFormat::text || path == "-" || !fs::is_regular_file(path, ec)) return false;
  const auto size = fs::file_size(path, ec);
  return !ec && size > 2 * kPieceSize;
}

// Reads and checks one input; a streamed one is delivered piece by piece.
// `piece_jobs`: the threads a streamed input may use for its pieces.
void read_and_check(const std::string& path, CheckSetup setup, std::optional<InputFormat> format,
                    const ExtractOptions& extract, unsigned piece_jobs,
                    const std::function<void(FileResult&&)>& deliver) {
  static const LintSettings kNoSettings;
  const LintSettings& settings = setup.settings ? *setup.settings : kNoSettings;
  const InputFormat input_format = format.value_or(input_format_for(path));
  if (streams(path, input_format)) {
    check_text_file_in_pieces(path, *setup.engine, settings, deliver, piece_jobs);
    return;
  }
  Expected<Source> source = read_source(path);
  if (!source) return deliver(FileResult{path, {}, {}, source.error()});
  if ((input_format == InputFormat::json || input_format == InputFormat::yaml || input_format == InputFormat::csv) &&
      source->bytes.size() > 2 * kPieceSize) {
    check_library_in_batches(std::move(source.value()), *setup.engine, input_format, extract, settings, deliver);
    return;
  }
  if (path == "-" && input_format == InputFormat::text && source->bytes.size() > 2 * kPieceSize) {
    // Standard input cannot be read twice: it is kept whole, but checked in
    // pieces like a large file, so that the rest of the memory stays bounded.
    std::istringstream in(std::move(source->bytes));
    check_stream_in_pieces(path, in, [] { return true; }, *setup.engine, settings, piece_jobs, deliver);
    return;
  }
  deliver(check_source(std::move(source.value()), *setup.engine, input_format, extract, settings));
}

}  // namespace


void PieceStart::advance(std::string_view piece) {
  // Line 1 starts after a BOM, and UTF-16 offsets count from there.
  const bool bom = offset == 0 && piece.rfind("\xEF\xBB\xBF", 0) == 0;
  const std::string_view text = bom ? piece.substr(3) : piece;
  const std::size_t last_line_end = text.rfind('\n');
  column = last_line_end == std::string_view::npos ? column + nfc_length(text)
                                                   : 1 + nfc_length(text.substr(last_line_end + 1));
  line += static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  utf16 += utf16_length(text);
  offset += piece.size();
}

std::size_t piece_end(std::string_view buffer, bool at_end) {
  std::size_t cut = at_end || buffer.size() <= kPieceSize ? buffer.size() : natural_cut(buffer, kPieceSize);
  while (buffer.compare(cut, 3, "\xEF\xBB\xBF") == 0) cut += 3;
  return cut;
}

void place_in_whole(Finding& finding, std::string_view piece, const PieceStart& start) {
  finding.decoded_line = line_around(piece, finding.offset, finding.length);
  if (finding.line == 1) finding.column += start.column - 1;
  if (finding.end_line == 1) finding.end_column += start.column - 1;
  finding.line += start.line - 1;
  finding.end_line += start.line - 1;
  finding.offset += start.offset;
  finding.utf16_offset += start.utf16;
}

void check_text_file_in_pieces(const std::string& path, const Engine& engine, const LintSettings& settings,
                               const std::function<void(FileResult&&)>& deliver, unsigned jobs) {
  const std::optional<FileStamp> opened = stamp_file(path);
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    deliver(FileResult{path, {}, {}, Error{path, 0, 0, std::string("cannot open: ") + std::strerror(errno)}});
    return;
  }
  check_stream_in_pieces(path, in, [&] { return stamp_file(path) == opened; }, engine, settings, jobs, deliver);
}

void check_paths(const std::vector<std::string>& paths, const Engine& engine, unsigned jobs,
                 std::optional<InputFormat> format, const std::function<void(FileResult&&)>& deliver,
                 const ExtractOptions& extract) {
  check_paths(paths, [&engine](std::size_t) { return CheckSetup{&engine, nullptr}; }, jobs, format,
              deliver, extract);
}

void check_paths(const std::vector<std::string>& paths,
                 const std::function<CheckSetup(std::size_t)>& setup_for, unsigned jobs,
                 std::optional<InputFormat> format, const std::function<void(FileResult&&)>& deliver,
                 const ExtractOptions& extract) {
  jobs = std::max(jobs, 1u);
  // Threads beyond one per input go to the pieces of large ones.
  const unsigned piece_jobs =
      std::max<unsigned>(1, jobs / static_cast<unsigned>(std::clamp<std::size_t>(paths.size(), 1, jobs)));
  jobs = std::clamp<unsigned>(jobs, 1, static_cast<unsigned>(std::max<std::size_t>(paths.size(), 1)));
  auto one_by_one = [&] {
    for (std::size_t i = 0; i < paths.size(); ++i)
      read_and_check(paths[i], setup_for(i), format, extract, piece_jobs, deliver);
  };
  if (jobs == 1) return one_by_one();
  // Workers take the next path by index and queue its results (one, or the
  // pieces of a streamed input) in its slot; the calling thread delivers the
  // slots in order.
  std::vector<std::deque<FileResult>> slots(paths.size());
  std::atomic<std::size_t> next{0};
  // The slot the calling thread waits for: only its results wake it, which
  // spares a wake-up per file.
  std::atomic<std::size_t> wanted{0};
  std::mutex mutex;
  std::condition_variable ready;
  std::vector<std::thread> workers;
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < paths.size();) {
      read_and_check(paths[i], setup_for(i), format, extract, piece_jobs, [&, i](FileResult&& result) {
        {
          const std::lock_guard<std::mutex> lock(mutex);
          slots[i].push_back(std::move(result));
        }
        if (wanted.load() == i) ready.notify_one();
      });
    }
  };
  // Under a process limit fewer threads start than were asked for: the work
  // is shared among those that did, or done here.
  for (unsigned w = 0; w < jobs; ++w) {
    try {
      workers.emplace_back(work);
    } catch (const std::system_error&) {
      break;
    }
  }
  if (workers.empty()) return one_by_one();
  for (std::size_t i = 0; i < paths.size(); ++i) {
    wanted.store(i);
    for (bool more = true; more;) {
      std::unique_lock<std::mutex> lock(mutex);
      ready.wait(lock, [&] { return !slots[i].empty(); });
      FileResult result = std::move(slots[i].front());
      slots[i].pop_front();
      lock.unlock();
      more = result.more;
      deliver(std::move(result));
    }
  }
  for (std::thread& worker : workers) worker.join();
}

}  // namespace tonfall

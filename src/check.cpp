#include "tonfall/check.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "tonfall/extract.h"
#include "tonfall/mask.h"
#include "tonfall/normalize.h"
#include "tonfall/suppress.h"

namespace tonfall {

namespace {

// Lints `linted` (which `to_input` maps into `original`; none: it is the
// original) and returns the findings in `original`'s coordinates.
Expected<std::vector<Finding>> lint(std::string_view linted, const OffsetMap* to_input,
                                    std::string_view original, const Engine& engine,
                                    const LintSettings& settings) {
  Expected<NormalizedText> text = normalize(linted);
  if (!text) return text.error();
  const std::vector<MaskedRegion> masked = find_masked_regions(text->view, settings.placeholders);
  blank_masked_regions(text->view, masked);
  const std::vector<Hit> hits = engine.run(*text, masked, linted);
  const std::size_t bom = original.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  const LineIndex lines(original, bom);
  return locate_findings(hits, *text, linted, to_input, original, lines);
}

}  // namespace

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
    Expected<std::vector<Finding>> findings =
        lint(result.original, nullptr, result.original, engine, settings);
    if (!findings) return fail(findings.error());
    result.findings = std::move(findings.value());
    apply_suppressions(result.original, format, result.findings, settings.unused_suppression);
    return result;
  }
  // An e-mail need not be UTF-8 as a whole (a latin1 part); its extractor
  // converts each part and reports invalid text itself.
  if (format != InputFormat::email) {
    if (auto invalid = find_invalid_text(result.original)) return fail(*invalid);
  }
  Expected<std::vector<Extract>> extracts = extract_prose(result.original, format, options);
  if (!extracts) return fail(extracts.error());
  const auto& ignored = settings.ignore_entries;
  for (const Extract& extract : extracts.value()) {
    if (!extract.entry.empty() &&
        std::find(ignored.begin(), ignored.end(), extract.entry) != ignored.end())
      continue;
    Expected<std::vector<Finding>> findings =
        extract.maps_to_input ? lint(extract.text, &extract.to_input, result.original, engine, settings)
                              : lint(extract.text, nullptr, extract.text, engine, settings);
    if (!findings) return fail(findings.error());
    for (Finding& finding : findings.value()) {
      finding.entry = extract.entry;
      finding.in_decoded_text = !extract.maps_to_input;
      finding.verbatim = finding.verbatim && extract.maps_to_input && extract.rewritable;
      result.findings.push_back(std::move(finding));
    }
  }
  // Directives are found in the input's bytes, which an e-mail need not keep
  // in UTF-8.
  if (format != InputFormat::email || !find_invalid_text(result.original))
    apply_suppressions(result.original, format, result.findings, settings.unused_suppression);
  return result;
}

namespace {

FileResult read_and_check(const std::string& path, CheckSetup setup,
                          std::optional<InputFormat> format, const ExtractOptions& extract) {
  Expected<Source> source = read_source(path);
  if (!source) return FileResult{path, {}, {}, source.error()};
  static const LintSettings kNoSettings;
  return check_source(std::move(source.value()), *setup.engine,
                      format.value_or(input_format_for(path)), extract,
                      setup.settings ? *setup.settings : kNoSettings);
}

}  // namespace

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
  jobs = std::clamp<unsigned>(jobs, 1, static_cast<unsigned>(std::max<std::size_t>(paths.size(), 1)));
  if (jobs == 1) {
    for (std::size_t i = 0; i < paths.size(); ++i)
      deliver(read_and_check(paths[i], setup_for(i), format, extract));
    return;
  }
  // Workers take the next path by index and park the result in its slot; the
  // calling thread delivers the slots in order.
  std::vector<std::optional<FileResult>> slots(paths.size());
  std::atomic<std::size_t> next{0};
  std::mutex mutex;
  std::condition_variable ready;
  std::vector<std::thread> workers;
  for (unsigned w = 0; w < jobs; ++w) {
    workers.emplace_back([&] {
      for (std::size_t i; (i = next.fetch_add(1)) < paths.size();) {
        FileResult result = read_and_check(paths[i], setup_for(i), format, extract);
        const std::lock_guard<std::mutex> lock(mutex);
        slots[i] = std::move(result);
        ready.notify_one();
      }
    });
  }
  for (std::size_t i = 0; i < paths.size(); ++i) {
    std::unique_lock<std::mutex> lock(mutex);
    ready.wait(lock, [&] { return slots[i].has_value(); });
    FileResult result = std::move(*slots[i]);
    slots[i].reset();
    lock.unlock();
    deliver(std::move(result));
  }
  for (std::thread& worker : workers) worker.join();
}

}  // namespace tonfall

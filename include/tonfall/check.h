// Check: the whole lint pipeline for one input, wiring the stages together:
// Source -> normalize -> mask -> Engine -> findings.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tonfall/engine.h"
#include "tonfall/error.h"
#include "tonfall/extract.h"
#include "tonfall/finding.h"
#include "tonfall/source.h"

namespace tonfall {

struct FileResult {
  std::string path;
  std::string original;           // the input's bytes, for showing source lines
  std::vector<Finding> findings;  // sorted by position
  std::optional<Error> error;     // set when the input could not be checked
};

// Checks one input, read as `format`. Invalid input (bad UTF-8, NUL bytes)
// gives a result with `error` set and no findings; it never throws for bad
// input.
FileResult check_source(Source source, const Engine& engine,
                        InputFormat format = InputFormat::text, const ExtractOptions& options = {});

// Reads and checks each of `paths` ("-" is standard input) as `format`, or as
// its extension suggests when `format` is empty, on up to `jobs` threads, and hands the results to `deliver` on the calling thread, in the
// order of `paths`, each as soon as it and all before it are done. A file
// that cannot be read gives a result with `error` set.
void check_paths(const std::vector<std::string>& paths, const Engine& engine, unsigned jobs,
                 std::optional<InputFormat> format, const std::function<void(FileResult&&)>& deliver);

}  // namespace tonfall

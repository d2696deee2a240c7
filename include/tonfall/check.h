// Check: the whole lint pipeline for one input, wiring the stages together:
// Source -> normalize -> mask -> Engine -> findings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tonfall/engine.h"
#include "tonfall/error.h"
#include "tonfall/finding.h"
#include "tonfall/source.h"

namespace tonfall {

struct FileResult {
  std::string path;
  std::string original;           // the input's bytes, for showing source lines
  std::vector<Finding> findings;  // sorted by position
  std::optional<Error> error;     // set when the input could not be checked
};

// Checks one input. Invalid input (bad UTF-8, NUL bytes) gives a result with
// `error` set and no findings; it never throws for bad input.
FileResult check_source(Source source, const Engine& engine);

}  // namespace tonfall

#include "tonfall/check.h"

#include "tonfall/mask.h"
#include "tonfall/normalize.h"

namespace tonfall {

FileResult check_source(Source source, const Engine& engine) {
  FileResult result{std::move(source.path), std::move(source.bytes), {}, std::nullopt};
  Expected<NormalizedText> text = normalize(result.original);
  if (!text) {
    Error error = text.error();
    error.path = result.path;
    result.error = std::move(error);
    return result;
  }
  const std::vector<MaskedRegion> masked = find_masked_regions(text->view);
  blank_masked_regions(text->view, masked);
  const std::vector<Hit> hits = engine.run(*text, masked, result.original);
  const LineIndex lines(result.original, text->bom_length);
  result.findings = locate_findings(hits, *text, result.original, lines);
  return result;
}

}  // namespace tonfall

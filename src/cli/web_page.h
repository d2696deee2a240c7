// The page tonfall serve shows writers at / (src/cli/web/), compiled into the
// binary so that it needs no files beside it and nothing from the internet.
#pragma once

#include <span>
#include <string_view>

namespace tonfall::cli {

struct WebFile {
  std::string_view path;  // as requested: "/", "/tonfall.js", …
  std::string_view type;  // the Content-Type it is served with
  std::string_view content;
};

std::span<const WebFile> web_files();

}  // namespace tonfall::cli

// Fuzzes the rule-pack loader and the engine's pattern compiler: the input is
// written to a temporary pack file and loaded; a pack that loads is compiled
// and run over a short text. Nothing may crash; errors are values.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "tonfall/engine.h"
#include "tonfall/mask.h"
#include "tonfall/normalize.h"
#include "tonfall/rules.h"

namespace {

const std::string& pack_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    return std::string(dir && *dir ? dir : "/tmp") + "/tonfall-rules-fuzz-" +
           std::to_string(getpid()) + ".yaml";
  }();
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = pack_path();
  if (FILE* file = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, file);
    std::fclose(file);
  } else {
    return 0;
  }
  auto pack = tonfall::load_pack_file(path);
  std::remove(path.c_str());
  if (!pack) {
    (void)pack.error().to_string();
    return 0;
  }
  std::vector<const tonfall::Rule*> rules;
  for (const tonfall::Rule& rule : pack->rules) rules.push_back(&rule);
  auto engine = tonfall::Engine::compile(rules);
  if (!engine) return 0;
  auto text = tonfall::normalize("Da sind Sie bei mir verkehrt. Sie müssen das unterschreiben.\n");
  if (!text) return 0;
  const std::vector<tonfall::MaskedRegion> masked;
  (void)engine->run(text.value(), masked, "Da sind Sie bei mir verkehrt. Sie müssen das unterschreiben.\n");
  return 0;
}

#include "tonfall/tone_model.h"

#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace tonfall;

namespace {

// A model file with `body`, removed again at the end of the test.
struct ModelFile {
  explicit ModelFile(const std::string& body) {
    static int count = 0;
    path = (std::filesystem::temp_directory_path() /
            ("tonfall-model-" + std::to_string(getpid()) + "-" + std::to_string(count++)))
               .string();
    std::ofstream(path) << body;
  }
  ~ModelFile() { std::remove(path.c_str()); }
  std::string path;
};

}  // namespace

TEST_CASE("the bundled tone model loads and agrees with its trainer", "[tone_model]") {
  // load() checks the trainer's own scores of its check sentences.
  Expected<ToneModel> model = ToneModel::load(std::string(TONFALL_RULES_DIR) + "/tonsignal.model");
  REQUIRE(model);
  CHECK(model->threshold() > 0.5);
  CHECK(model->flags("Irgendwann muss ja mal Schluss sein mit den Sonderwünschen."));
  CHECK_FALSE(model->flags("Ich habe die Gutschrift über 24,90 Euro heute veranlasst."));
}

TEST_CASE("a tone model scores hashed words, pairs and triples", "[tone_model]") {
  // Without weights the score is the bias alone; case and marks other than
  // ! and ? do not change the words.
  ModelFile file("buckets 16\nbias 0\nthreshold 0.5\n");
  Expected<ToneModel> model = ToneModel::load(file.path);
  REQUIRE(model);
  CHECK(model->score("Irgendein Satz.") == Approx(0.5));
  CHECK(model->score("IRGENDEIN satz") == Approx(model->score("irgendein Satz.")));
}

TEST_CASE("a damaged tone model is an error naming its line", "[tone_model]") {
  const char* bodies[] = {"buckets 12\n", "w 3 0.5\n", "buckets 16\nw 16 0.5\n", "buckets 16\nbias nan\n",
                          "buckets 16\nsomething 1\n", "bias 1\n"};
  for (const char* body : bodies) {
    ModelFile file(body);
    Expected<ToneModel> model = ToneModel::load(file.path);
    INFO(body);
    REQUIRE_FALSE(model);
    CHECK(model.error().message.find("invalid model") == 0);
  }
  // A check sentence the model scores otherwise than its trainer: features drifted apart.
  ModelFile drifted("buckets 16\nbias 0\ncheck 0.9 Ein Satz.\n");
  Expected<ToneModel> model = ToneModel::load(drifted.path);
  REQUIRE_FALSE(model);
  CHECK(model.error().message.find("other than its trainer did") != std::string::npos);
}

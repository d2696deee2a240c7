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

TEST_CASE("a tone model reads words in lower case and the marks ! and ?", "[tone_model]") {
  // A weight in every bucket: a sentence's score tells which buckets its
  // words, pairs and triples fall in.
  std::string body = "buckets 16\nbias 0\nthreshold 0.5\n";
  for (int k = 0; k < 16; ++k) body += "w " + std::to_string(k) + " " + std::to_string(0.1 * (k + 1)) + "\n";
  ModelFile file(body);
  Expected<ToneModel> model = ToneModel::load(file.path);
  REQUIRE(model);
  CHECK(model->logit("ÜBER den Zaun.") == Approx(model->logit("über den zaun")));
  CHECK(model->logit("über den Zaun") != Approx(model->logit("über den Zaun?")));
  CHECK(model->logit("über den Zaun") != Approx(model->logit("unter den Zaun")));
  // Other marks, blanks and masked placeholders (\x1A) only separate words.
  CHECK(model->logit("über, den – Zaun \x1A\x1A") == Approx(model->logit("über den Zaun")));
}

TEST_CASE("a damaged tone model is an error naming its line", "[tone_model]") {
  const char* bodies[] = {"buckets 12\n",
                          "w 3 0.5\n",
                          "buckets 16\nbias 0\nthreshold 0.5\nw 16 0.5\n",
                          "buckets 16\nbias nan\nthreshold 0.5\n",
                          "buckets 16\nbias 0\nthreshold 0.5\nsomething 1\n",
                          "buckets 16\nthreshold 0.5\n",
                          "buckets 16\nbias 0\nthreshold 0.5\nbuckets 16\n"};
  for (const char* body : bodies) {
    ModelFile file(body);
    Expected<ToneModel> model = ToneModel::load(file.path);
    INFO(body);
    REQUIRE_FALSE(model);
    CHECK(model.error().message.find("invalid model") == 0);
  }
  // A check sentence the model scores otherwise than its trainer: features drifted apart.
  ModelFile drifted("buckets 16\nbias 0\nthreshold 0.5\ncheck 0.9 Ein Satz.\n");
  Expected<ToneModel> model = ToneModel::load(drifted.path);
  REQUIRE_FALSE(model);
  CHECK(model.error().message.find("other than its trainer did") != std::string::npos);
}

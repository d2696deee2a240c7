#include "tonfall/mask.h"

#include <catch2/catch.hpp>

using tonfall::find_masked_regions;
using tonfall::MaskedRegion;

namespace {

std::vector<std::string> masked_texts(const std::string& view) {
  std::vector<std::string> out;
  for (const MaskedRegion& region : find_masked_regions(view)) {
    out.push_back(view.substr(region.begin, region.end - region.begin));
  }
  return out;
}

}  // namespace

TEST_CASE("Template placeholders are masked") {
  CHECK(masked_texts("Hallo {{ticket.requester.first_name}}, danke!") ==
        std::vector<std::string>{"{{ticket.requester.first_name}}"});
  CHECK(masked_texts("Ihre Bestellung {order_id} ist da.") ==
        std::vector<std::string>{"{order_id}"});
  CHECK(masked_texts("Guten Tag %s, Ihr Paket %1$d") == std::vector<std::string>{"%s", "%1$d"});
  CHECK(masked_texts("Sehr geehrte/r [Name],") == std::vector<std::string>{"[Name]"});
  CHECK(masked_texts("Hallo ${vorname}!") == std::vector<std::string>{"${vorname}"});
  CHECK(masked_texts("{% if vip %}Danke{% endif %}") ==
        std::vector<std::string>{"{% if vip %}", "{% endif %}"});
}

TEST_CASE("Percent signs in prose are not placeholders") {
  CHECK(masked_texts("Wir erstatten 50 % der Kosten.").empty());
  CHECK(masked_texts("Die Police deckt 100 % ab.").empty());
}

TEST_CASE("Quoted history and signatures are masked") {
  const std::string view =
      "Danke!\n\nAm 12.03.2026 um 10:14 schrieb Sabine <s@example.org>:\n> Das ist leider "
      "ärgerlich!!!\n";
  const auto texts = masked_texts(view);
  REQUIRE(texts.size() == 2);
  CHECK(texts[0].rfind("Am 12.03.2026", 0) == 0);
  CHECK(texts[1] == "> Das ist leider ärgerlich!!!");

  const std::string signed_view = "Gruß\n-- \nLeider nie erreichbar GmbH\n";
  const auto signature = find_masked_regions(signed_view);
  REQUIRE(signature.size() == 1);
  CHECK(signature[0].kind == MaskedRegion::Kind::signature);
  CHECK(signature[0].end == signed_view.size());

  const std::string outlook = "Danke\n-----Ursprüngliche Nachricht-----\nVon: x\nSie haben Unrecht";
  const auto history = find_masked_regions(outlook);
  REQUIRE(history.size() == 1);
  CHECK(history[0].begin == outlook.find("-----"));
}

TEST_CASE("Blanking keeps the length and the line ends") {
  std::string view = "A {{x}}\n> q\r\nB";
  const auto regions = find_masked_regions(view);
  tonfall::blank_masked_regions(view, regions);
  CHECK(view == "A \x1A\x1A\x1A\x1A\x1A\n\x1A\x1A\x1A\r\nB");
  CHECK(tonfall::overlaps_masked_region(regions, 0, 3));
  CHECK_FALSE(tonfall::overlaps_masked_region(regions, 0, 2));
}

TEST_CASE("A -- line far from the end is a separator, not a signature") {
  std::string view = "Erster Teil\n--\n";
  for (int i = 0; i < 20; ++i) view += "Zeile\n";
  CHECK(find_masked_regions(view).empty());
}

TEST_CASE("The extract stage's filler is masked") {
  const auto regions = find_masked_regions("Text \x1A\x1A\x1A mehr");
  REQUIRE(regions.size() == 1);
  CHECK(regions[0].kind == MaskedRegion::Kind::markup);
  CHECK(regions[0].begin == 5);
  CHECK(regions[0].end == 8);
}

#include "tonfall/normalize.h"

#include <catch2/catch.hpp>

using tonfall::normalize;

namespace {

// The original bytes covered by view span [begin, end).
std::string original_span(const std::string& original, const tonfall::NormalizedText& text,
                          std::size_t begin, std::size_t end) {
  const std::size_t first = text.map.to_original_begin(begin);
  const std::size_t last = text.map.to_original_end(end);
  return original.substr(first, last - first);
}

}  // namespace

TEST_CASE("ASCII text is its own view and maps one to one") {
  const std::string original = "Guten Tag, Frau Abel.\n";
  auto text = normalize(original);
  REQUIRE(text.ok());
  CHECK(text->view == original);
  CHECK(text->map.to_original_begin(6) == 6);
  CHECK(text->map.to_original_end(original.size()) == original.size());
}

TEST_CASE("NFD input is composed in the view and maps back to the decomposed bytes") {
  const std::string original =
      "Ihr A\xCC\x88rger ist verst\xC3\xA4ndlich";  // A + U+0308, then precomposed ä
  auto text = normalize(original);
  REQUIRE(text.ok());
  CHECK(text->view == "Ihr \xC3\x84rger ist verst\xC3\xA4ndlich");
  const std::size_t word = text->view.find("\xC3\x84rger");
  CHECK(original_span(original, *text, word, word + 6) == "A\xCC\x88rger");
  // After the composed character, offsets shift by one byte.
  const std::size_t ist = text->view.find("ist");
  CHECK(text->map.to_original_begin(ist) == original.find("ist"));
}

TEST_CASE("A BOM is not part of the view but offsets count it") {
  const std::string original = "\xEF\xBB\xBFNein, wir haben geschlossen.";
  auto text = normalize(original);
  REQUIRE(text.ok());
  CHECK(text->bom_length == 3);
  CHECK(text->view == "Nein, wir haben geschlossen.");
  CHECK(text->map.to_original_begin(0) == 3);
  CHECK(original_span(original, *text, 0, 4) == "Nein");
}

TEST_CASE("CRLF line ends are kept") {
  const std::string original = "Hallo,\r\nja, aber.\r\n";
  auto text = normalize(original);
  REQUIRE(text.ok());
  CHECK(text->view == original);
}

TEST_CASE("Typography is folded for matching, spans still cover the original characters") {
  // „Nein“ with NBSP, a soft hyphen in Firmen\xC2\xADpolitik and a right single quote.
  const std::string original =
      "\xE2\x80\x9ENein\xE2\x80\x9C,\xC2\xA0"
      "Firmen\xC2\xADpolitik gibt\xE2\x80\x99s";
  auto text = normalize(original);
  REQUIRE(text.ok());
  CHECK(text->view == "\"Nein\", Firmenpolitik gibt's");
  const std::size_t word = text->view.find("Firmenpolitik");
  CHECK(original_span(original, *text, word, word + 13) == "Firmen\xC2\xADpolitik");
  // The quote marks map as whole characters.
  CHECK(original_span(original, *text, 0, 1) == "\xE2\x80\x9E");
  CHECK(original_span(original, *text, 1, 5) == "Nein");
}

TEST_CASE("Removed characters at the edge of a span stay outside it") {
  const std::string original =
      "ab\xE2\x80\x8B"
      "cd";  // zero-width space between
  auto text = normalize(original);
  REQUIRE(text.ok());
  CHECK(text->view == "abcd");
  CHECK(original_span(original, *text, 0, 2) == "ab");
  CHECK(original_span(original, *text, 2, 4) == "cd");
  CHECK(original_span(original, *text, 0, 4) == original);
}

TEST_CASE("Mixed input: BOM, NFD, NBSP and CRLF together") {
  const std::string original =
      "\xEF\xBB\xBFSehr geehrte Frau Mu\xCC\x88ller,\r\nes tut mir\xC2\xA0leid.";
  auto text = normalize(original);
  REQUIRE(text.ok());
  CHECK(text->view == "Sehr geehrte Frau M\xC3\xBCller,\r\nes tut mir leid.");
  const std::size_t name = text->view.find("M\xC3\xBCller");
  CHECK(original_span(original, *text, name, name + 7) == "Mu\xCC\x88ller");
  const std::size_t leid = text->view.find("leid");
  CHECK(original_span(original, *text, leid - 4, leid + 4) == "mir\xC2\xA0leid");
}

TEST_CASE("Invalid UTF-8 is reported with its byte offset") {
  auto truncated = normalize(std::string("Gr\xC3", 3));
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().message == "invalid UTF-8 at byte 2");
  auto latin1 = normalize(
      "Gr\xFC\xDF"
      "e");
  REQUIRE_FALSE(latin1.ok());
  CHECK(latin1.error().message == "invalid UTF-8 at byte 2");
  auto surrogate = normalize("ab\xED\xA0\x80");
  REQUIRE_FALSE(surrogate.ok());
  CHECK(surrogate.error().message == "invalid UTF-8 at byte 2");
}

TEST_CASE("NUL bytes mark a binary file") {
  auto text = normalize(std::string("ab\0cd", 5));
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().message.rfind("NUL byte at byte 2", 0) == 0);
}

TEST_CASE("Columns count NFC code points") {
  CHECK(tonfall::nfc_length("A\xCC\x88rger") == 5);
  CHECK(tonfall::nfc_length("\xC3\x84rger") == 5);
  CHECK(tonfall::nfc_length("abc") == 3);
}

#include <catch2/catch.hpp>
#include <string>

#include "tonfall/check.h"
#include "tonfall/engine.h"
#include "tonfall/extract.h"

using tonfall::Extract;
using tonfall::extract_email;

namespace {

std::vector<Extract> extracts_of(const std::string& eml) {
  auto result = extract_email(eml);
  REQUIRE(result.ok());
  return result.value();
}

// The bytes of `eml` that the first occurrence of `needle` in `extract.text`
// maps to.
std::string source_of(const Extract& extract, const std::string& eml, const std::string& needle) {
  const std::size_t at = extract.text.find(needle);
  REQUIRE(at != std::string::npos);
  const std::size_t begin = extract.to_input.to_original_begin(at);
  const std::size_t end = extract.to_input.to_original_end(at + needle.size());
  return eml.substr(begin, end - begin);
}

}  // namespace

TEST_CASE("E-mail: .eml files and the format name select the e-mail reader") {
  CHECK(tonfall::input_format_for("drafts/antwort.eml") == tonfall::InputFormat::email);
  CHECK(tonfall::input_format_for("ANTWORT.EML") == tonfall::InputFormat::email);
  CHECK(tonfall::parse_input_format("email") == tonfall::InputFormat::email);
  CHECK(tonfall::parse_input_format("eml") == tonfall::InputFormat::email);
}

TEST_CASE("E-mail: an 8bit UTF-8 body maps verbatim, headers other than Subject are skipped") {
  const std::string eml =
      "From: Kundenservice <service@example.de>\r\nTo: a@example.de\r\nSubject: Ihre Anfrage\r\n"
      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
      "Ihr Ärger ist verständlich.\r\n";
  const auto extracts = extracts_of(eml);
  REQUIRE(extracts.size() == 2);
  CHECK(extracts[0].text == "Ihre Anfrage");
  CHECK(source_of(extracts[0], eml, "Anfrage") == "Anfrage");
  CHECK(extracts[0].to_input.to_original_begin(0) == eml.find("Ihre Anfrage"));
  CHECK(extracts[1].text == "Ihr Ärger ist verständlich.\r\n");
  CHECK(extracts[1].to_input.to_original_begin(extracts[1].text.find("Ärger")) ==
        eml.find("Ärger"));
  CHECK(extracts[1].maps_to_input);
  CHECK(extracts[1].rewritable);
  CHECK(extracts[0].text.find("service@") == std::string::npos);
}

TEST_CASE(
    "E-mail: quoted-printable ISO-8859-1 decodes =XX and soft line breaks, mapping back to them") {
  const std::string eml =
      "Subject: x\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
      "Ihr =C4rger tut uns leid, wir k=FCmmern uns dar=\r\num.\r\n";
  const auto extracts = extracts_of(eml);
  REQUIRE(extracts.size() == 2);
  const Extract& body = extracts[1];
  CHECK(body.text == "Ihr Ärger tut uns leid, wir kümmern uns darum.\r\n");
  CHECK(source_of(body, eml, "Ärger") == "=C4rger");
  CHECK(source_of(body, eml, "kümmern") == "k=FCmmern");
  // A word across a soft line break maps to both halves and the break.
  CHECK(source_of(body, eml, "darum") == "dar=\r\num");
  CHECK(source_of(body, eml, "tut uns") == "tut uns");
  CHECK(body.maps_to_input);
  CHECK_FALSE(body.rewritable);
}

TEST_CASE("E-mail: quoted-printable UTF-8 maps a multi-byte character to all its escapes") {
  const std::string eml =
      "Content-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: Quoted-Printable\n\n"
      "Ihr =C3=84rger, =E2=80=9Eeigentlich=E2=80=9C.\n";
  const auto extracts = extracts_of(eml);
  REQUIRE(extracts.size() == 1);
  CHECK(extracts[0].text == "Ihr Ärger, „eigentlich“.\n");
  CHECK(source_of(extracts[0], eml, "Ärger") == "=C3=84rger");
  CHECK(source_of(extracts[0], eml, "„") == "=E2=80=9E");
}

TEST_CASE("E-mail: 8bit windows-1252 and ISO-8859-15 convert one byte to one character") {
  const std::string cp1252 =
      "Content-Type: text/plain; charset=windows-1252\nContent-Transfer-Encoding: 8bit\n\n"
      "\x84\xC4rger\x93 kostet 5 \x80.\n";
  auto extracts = extracts_of(cp1252);
  REQUIRE(extracts.size() == 1);
  CHECK(extracts[0].text == "„Ärger“ kostet 5 €.\n");
  CHECK(source_of(extracts[0], cp1252, "Ärger") == "\xC4rger");
  CHECK(source_of(extracts[0], cp1252, "€") == "\x80");

  const std::string latin9 =
      "Content-Type: text/plain; charset=iso-8859-15\nContent-Transfer-Encoding: 8bit\n\n5 \xA4\n";
  extracts = extracts_of(latin9);
  CHECK(extracts[0].text == "5 €\n");
  const std::string latin1 =
      "Content-Type: text/plain; charset=latin1\n\nGr\xFC\xDF"
      "e\n";
  CHECK(extracts_of(latin1)[0].text == "Grüße\n");
}

TEST_CASE("E-mail: invalid UTF-8 in a part that declares UTF-8 is an error naming the byte") {
  const std::string eml = "Subject: ok\nContent-Type: text/plain; charset=utf-8\n\nIhr \xC4rger\n";
  const auto result = extract_email(eml);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message ==
        "invalid UTF-8 at byte " + std::to_string(eml.find('\xC4')) + " in the e-mail body");
}

TEST_CASE("E-mail: a NUL byte is an error naming its byte in the file") {
  SECTION("in the body") {
    const std::string eml = std::string("Subject: ok\n\nIhr \0rger\n", 23);
    const auto result = extract_email(eml);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message == "NUL byte at byte 17 in the e-mail");
  }
  SECTION("in the Subject, also as an encoded-word") {
    const std::string literal = std::string("Subject: Lie\0ferung\n\nText\n", 26);
    auto result = extract_email(literal);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message == "NUL byte at byte 12 in the e-mail");
    const std::string encoded = "Subject: Ihr =?utf-8?Q?=00?=\n\nText\n";
    result = extract_email(encoded);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message ==
          "NUL byte at byte " + std::to_string(encoded.find("=00")) + " in the e-mail");
  }
}

TEST_CASE("E-mail: an unknown charset is an error") {
  const auto result = extract_email("Content-Type: text/plain; charset=x-klingonisch\n\nHallo\n");
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message.find("x-klingonisch") != std::string::npos);
}

TEST_CASE("E-mail: a base64 part is decoded and does not map into the file") {
  // "Ihr Ärger\n" in UTF-8.
  const std::string eml =
      "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: "
      "base64\n\nSWhyIMOEcmdlcgo=\n";
  const auto extracts = extracts_of(eml);
  REQUIRE(extracts.size() == 1);
  CHECK(extracts[0].text == "Ihr Ärger\n");
  CHECK_FALSE(extracts[0].maps_to_input);
  CHECK_FALSE(extracts[0].rewritable);
}

TEST_CASE("E-mail: RFC 2047 encoded-words in the Subject") {
  SECTION("Q-encoding maps character by character, the frame to nothing") {
    const std::string eml = "Subject: Re: =?UTF-8?Q?Ihr_=C3=84rger_mit_uns?=\n\nText\n";
    const auto extracts = extracts_of(eml);
    REQUIRE(extracts.size() == 2);
    CHECK(extracts[0].text == "Re: Ihr Ärger mit uns");
    CHECK(source_of(extracts[0], eml, "Ärger") == "=C3=84rger");
    CHECK(source_of(extracts[0], eml, "Re:") == "Re:");
    CHECK(source_of(extracts[0], eml, "Ihr Ärger mit uns") == "Ihr_=C3=84rger_mit_uns");
    CHECK_FALSE(extracts[0].rewritable);
  }
  SECTION("B-encoding maps the whole word; blanks between words disappear") {
    // "Ärger" in ISO-8859-1, then " mit" in UTF-8.
    const std::string eml =
        "Subject: =?ISO-8859-1?B?xHJnZXI=?=\r\n =?utf-8?q?_mit?= uns\r\n\r\nText\r\n";
    const auto extracts = extracts_of(eml);
    CHECK(extracts[0].text == "Ärger mit uns");
    CHECK(source_of(extracts[0], eml, "Ärger") == "=?ISO-8859-1?B?xHJnZXI=?=");
  }
  SECTION("a folded plain Subject is unfolded") {
    const std::string eml = "Subject: Ihr\r\n Anliegen\r\n\r\nText\r\n";
    const auto extracts = extracts_of(eml);
    CHECK(extracts[0].text == "Ihr Anliegen");
    CHECK(source_of(extracts[0], eml, "Anliegen") == "Anliegen");
  }
}

TEST_CASE("E-mail: multipart/alternative lints the text/plain part only") {
  const std::string eml =
      "Subject: s\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=\"b1\"\n\n"
      "preamble\n--b1\nContent-Type: text/html; charset=utf-8\n\n<p>HTML &Auml;rger</p>\n"
      "--b1\nContent-Type: text/plain; charset=utf-8\n\nPlain Ärger\n--b1--\nepilogue\n";
  const auto extracts = extracts_of(eml);
  REQUIRE(extracts.size() == 2);
  CHECK(extracts[1].text == "Plain Ärger");
  CHECK(source_of(extracts[1], eml, "Ärger") == "Ärger");
  CHECK_FALSE(extracts[1].rewritable);
}

TEST_CASE("E-mail: an HTML-only mail is read as HTML prose, mapped into the file") {
  const std::string eml =
      "Content-Type: multipart/mixed; boundary=outer\n\n--outer\n"
      "Content-Type: multipart/alternative; boundary=inner\n\n--inner\n"
      "Content-Type: text/html; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\n"
      "<p>Ihr &Auml;rger, k=FCrzlich <b>behoben</b>.</p>\n--inner--\n"
      "--outer\nContent-Type: text/plain\nContent-Disposition: attachment; "
      "filename=a.txt\n\nAnhang Ärger\n"
      "--outer\nContent-Type: image/png\nContent-Transfer-Encoding: "
      "base64\n\niVBORw0KGgo=\n--outer--\n";
  const auto extracts = extracts_of(eml);
  REQUIRE(extracts.size() == 1);
  CHECK(extracts[0].text.find("Ihr Ärger, kürzlich behoben.") != std::string::npos);
  CHECK(source_of(extracts[0], eml, "Ärger") == "&Auml;rger");
  CHECK(source_of(extracts[0], eml, "kürzlich behoben") == "k=FCrzlich <b>behoben");
  CHECK(extracts[0].text.find("Anhang") == std::string::npos);
}

TEST_CASE("E-mail: a file without header fields is all body") {
  const auto extracts = extracts_of("Guten Tag,\n\nIhr Anliegen.\n");
  REQUIRE(extracts.size() == 1);
  CHECK(extracts[0].text == "Guten Tag,\n\nIhr Anliegen.\n");
}

namespace {

// An engine with one rule that flags the word "Ärger".
const tonfall::Engine& aerger_engine() {
  static const tonfall::Rule rule = [] {
    tonfall::Rule r;
    r.id = "test.aerger";
    r.category = "test";
    r.patterns = {{"\\bärger\\b", {}}};
    return r;
  }();
  static const tonfall::Engine engine = std::move(tonfall::Engine::compile({&rule}).value());
  return engine;
}

tonfall::FileResult check_email(const std::string& eml) {
  return tonfall::check_source(tonfall::Source{"t.eml", eml}, aerger_engine(),
                               tonfall::InputFormat::email);
}

}  // namespace

TEST_CASE("E-mail: a finding in an 8bit Latin-1 part carries its text and line decoded") {
  const std::string eml =
      "Subject: Ihre Anfrage\r\n"
      "Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
      "Gr\xFC\xDF Gott, Ihr \xC4rger ist verst\xE4ndlich.\r\n";
  const tonfall::FileResult result = check_email(eml);
  REQUIRE(result.findings.size() == 1);
  const tonfall::Finding& finding = result.findings[0];
  CHECK(finding.offset == eml.find("\xC4rger"));
  CHECK(finding.length == 5);
  CHECK(finding.text == "Ärger");  // the file's bytes are Latin-1, the text is UTF-8
  CHECK(finding.column == 16);
  CHECK(finding.utf16_offset == finding.offset);  // one unit per Latin-1 byte
  REQUIRE(finding.decoded_line.has_value());
  const tonfall::DecodedLine& line = *finding.decoded_line;
  CHECK(line.text == "Grüß Gott, Ihr Ärger ist verständlich.");
  CHECK(line.text.substr(line.span_begin, line.span_end - line.span_begin) == "Ärger");
}

TEST_CASE("E-mail: a finding in a UTF-8 part keeps the file's bytes and no decoded line") {
  const tonfall::FileResult result = check_email(
      "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: "
      "quoted-printable\r\n\r\n"
      "Ihr =C3=84rger ist verst=C3=A4ndlich.\r\n");
  REQUIRE(result.findings.size() == 1);
  CHECK(result.findings[0].text == "=C3=84rger");
  CHECK_FALSE(result.findings[0].decoded_line.has_value());
}

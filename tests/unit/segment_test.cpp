#include "tonfall/segment.h"

#include <catch2/catch.hpp>

using tonfall::after_salutation_comma;
using tonfall::capitalize_after_salutation;
using tonfall::is_word_boundary;
using tonfall::natural_cut;

TEST_CASE("Word boundaries know umlauts and ß") {
  const std::string text = "verärgert";
  const std::size_t a = text.find("\xC3\xA4");  // ä
  CHECK_FALSE(is_word_boundary(text, a));       // between r and ä: inside the word
  CHECK(is_word_boundary(text, 0));
  CHECK(is_word_boundary(text, text.size()));
  const std::string gross = "großartig";
  CHECK_FALSE(is_word_boundary(gross, gross.find("artig")));
  const std::string words = "groß, ärger";
  CHECK(is_word_boundary(words, words.find(',')));
  CHECK(is_word_boundary(words, words.find("\xC3\xA4")));
}

TEST_CASE("Combining marks are word characters") {
  const std::string nfd = "A\xCC\x88rger";  // A + combining diaeresis
  CHECK_FALSE(is_word_boundary(nfd, 1));
}

TEST_CASE("Sentences end at sentence punctuation and at line ends") {
  const std::string text = "Das geht nicht. Ja, aber warum?\nGruß";
  tonfall::SentenceIndex sentences(text);
  const auto first = sentences.sentence_at(3);
  CHECK(text.substr(first.first, first.second - first.first) == "Das geht nicht. ");
  const auto second = sentences.sentence_at(text.find("aber"));
  CHECK(text.substr(second.first, second.second - second.first) == "Ja, aber warum?\n");
  const auto third = sentences.sentence_at(text.size() - 1);
  CHECK(text.substr(third.first) == "Gruß");
}

TEST_CASE("A date's ordinal does not end a sentence; a number at a sentence end does") {
  const std::string text = "Die Mahnung vom 2. Mai ist hinfällig. Danke!";
  tonfall::SentenceIndex sentences(text);
  const auto first = sentences.sentence_at(text.find("hinfällig"));
  CHECK(text.substr(first.first, first.second - first.first) == "Die Mahnung vom 2. Mai ist hinfällig. ");
  const std::string total = "Die Summe ist 12345. Mai und Juni sind frei.";
  tonfall::SentenceIndex other(total);
  CHECK(other.sentence_at(total.find("Juni")).first == total.find("Mai"));
  const std::string date = "Ihr Einspruch vom 12.03. wird bestätigt. Danke.";
  CHECK_FALSE(tonfall::starts_sentence(date, date.find("wird")));
  CHECK(tonfall::starts_sentence(date, date.find("Danke")));
}

TEST_CASE("natural_cut prefers a blank line, then a sentence end, a line end, a blank") {
  CHECK(natural_cut("Eins.\n\nZwei. Drei", 14) == 7);
  CHECK(natural_cut("Eins. Zwei drei vier", 18) == 6);
  CHECK(natural_cut("eins\nzwei drei vier", 18) == 5);
  CHECK(natural_cut("eins zwei drei", 12) == 10);
  // No break at all: the last character boundary, never inside "ü".
  CHECK(natural_cut("aaaaü", 5) == 4);
  CHECK(natural_cut("aaaaaa", 3) == 3);
}

TEST_CASE("The line after a salutation starts with a capital in the match view") {
  auto capitalized = [](std::string view) {
    capitalize_after_salutation(view);
    return view;
  };
  CHECK(capitalized("Hallo Frau Berg,\nvergessen Sie nicht …") == "Hallo Frau Berg,\nVergessen Sie nicht …");
  CHECK(capitalized("Liebe Jana,\n\n  über deine Nachricht …") == "Liebe Jana,\n\n  Über deine Nachricht …");
  CHECK(capitalized("Hallo \x1A\x1A\x1A,\r\nbitte …") == "Hallo \x1A\x1A\x1A,\r\nBitte …");
  // „sie“ and „ihr…“ would turn into the polite address; ß has no capital of its length.
  CHECK(capitalized("Hallo Tom,\nsie hat angerufen.") == "Hallo Tom,\nsie hat angerufen.");
  CHECK(capitalized("Hallo Tom,\nihre Nummer …") == "Hallo Tom,\nihre Nummer …");
  // no salutation: no comma at the end, a word that only begins like a greeting, a later line
  CHECK(capitalized("Hallo Frau Berg\nvergessen Sie …") == "Hallo Frau Berg\nvergessen Sie …");
  CHECK(capitalized("Hiermit, wie besprochen,\nbitte …") == "Hiermit, wie besprochen,\nbitte …");
  CHECK(capitalized("Hallo Jana,\ndanke.\nbitte …") == "Hallo Jana,\nDanke.\nbitte …");
}

TEST_CASE("A salutation's comma is found on any line of the text") {
  const std::string first = "Hallo Jan, das Abo läuft.";
  CHECK(after_salutation_comma(first, first.find("das")));
  const std::string later = "Danke.\n\nHallo Jan, das Abo läuft. Bis bald, dein Team";
  CHECK(after_salutation_comma(later, later.find("das")));
  CHECK_FALSE(after_salutation_comma(later, later.find("dein")));  // a sentence mark before the comma
  CHECK_FALSE(after_salutation_comma(later, later.find("Abo")));   // no comma before it
  const std::string placeholder = "Hallo {{customer.name}}, wir schicken Ersatz.";
  CHECK(after_salutation_comma(placeholder, placeholder.find("wir")));  // its dot ends no sentence
}

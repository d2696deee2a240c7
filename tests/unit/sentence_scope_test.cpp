#include "tonfall/sentence_scope.h"

#include <catch2/catch.hpp>

#include <string>

#include "tonfall/segment.h"

using namespace tonfall;

namespace {

// The text of whole_sentence() around `match` in `text`, or "-" for none.
std::string sentence_around(const std::string& text, const std::string& match,
                            SentenceRest rest = SentenceRest::no_fact) {
  SentenceIndex sentences(text);
  const std::size_t begin = text.find(match);
  auto span = whole_sentence(text, begin, begin + match.size(), sentences, rest);
  return span ? text.substr(span->first, span->second - span->first) : "-";
}

// The text closing_clause() replaces around `match`, then " -> " and what
// stands in its place; "-" for none.
std::string clause_around(const std::string& text, const std::string& match) {
  SentenceIndex sentences(text);
  const std::size_t begin = text.find(match);
  auto clause = closing_clause(text, begin, begin + match.size(), sentences);
  return clause ? text.substr(clause->begin, clause->end - clause->begin) + " -> " + clause->replacement : "-";
}

// The same for opening_lead().
std::string lead_around(const std::string& text, const std::string& match) {
  SentenceIndex sentences(text);
  const std::size_t begin = text.find(match);
  auto lead = opening_lead(text, begin, begin + match.size(), sentences);
  return lead ? text.substr(lead->begin, lead->end - lead->begin) + " -> " + lead->replacement : "-";
}

}  // namespace

TEST_CASE("whole_sentence takes a sentence that holds nothing but the match") {
  CHECK(sentence_around("Die Karte ist unterwegs. Vielen Dank für Ihr Verständnis!", "Dank für Ihr Verständnis") ==
        "Vielen Dank für Ihr Verständnis!");
  CHECK(sentence_around("Hallo Jana, wir bitten um Verständnis. Die Karte kommt.", "bitten um Verständnis") ==
        "wir bitten um Verständnis.");
  CHECK(sentence_around("Wir tun unser Bestes! 🙏\nGrüße", "tun unser Bestes") == "Wir tun unser Bestes! 🙏");
  // a fact beside the match, a number, or a question it answers keep the sentence
  CHECK(sentence_around("Danke für Ihr Verständnis, die Filiale öffnet wieder.", "Danke für Ihr Verständnis") == "-");
  CHECK(sentence_around("Danke für Ihr Verständnis bis zum 3. Mai.", "Danke für Ihr Verständnis") == "-");
  CHECK(sentence_around("Der Akku ist schwächer? Total überraschend!", "Total überraschend") == "-");
  // nor may it go when the next sentence points back at it
  CHECK(sentence_around("Wer zu spät kommt, muss warten. Das gilt auch für dich.", "Wer zu spät kommt, muss warten") ==
        "-");
  CHECK(sentence_around("Wer zu spät kommt, muss warten. Deshalb bitte früh da sein.", "Wer zu spät kommt, muss warten") ==
        "-");
}

TEST_CASE("whole_sentence takes a mocking sentence with any words but a number") {
  const std::string text = "Oh nein, ein Kratzer, da ist das Sofa natürlich unbrauchbar. Wir schicken einen Stift.";
  CHECK(sentence_around(text, "da ist das Sofa natürlich unbrauchbar") == "-");
  CHECK(sentence_around(text, "da ist das Sofa natürlich unbrauchbar", SentenceRest::no_number) ==
        "Oh nein, ein Kratzer, da ist das Sofa natürlich unbrauchbar.");
  CHECK(sentence_around("Vier Versuche in 2 Minuten, stark. Das Fach ist gesperrt.", "stark",
                        SentenceRest::no_number) == "-");
  CHECK(sentence_around("Geht das schneller? Klar, wir beamen es rüber.", "wir beamen es rüber",
                        SentenceRest::no_number) == "-");
  CHECK(sentence_around("Klar, wir schalten das Netz um. Sonst noch Wünsche? Der Techniker kommt.", "Sonst noch Wünsche",
                        SentenceRest::no_number) == "-");
  // nor where the next sentence points back at it
  CHECK(sentence_around("Klar, alles unsere Schuld. Wir prüfen dein Foto trotzdem.", "alles unsere Schuld",
                        SentenceRest::no_number) == "-");
  CHECK(sentence_around("Glückwunsch, geschafft. Die neue kommt per Post.", "Glückwunsch, geschafft",
                        SentenceRest::no_number) == "-");
  CHECK(sentence_around("Glückwunsch, geschafft. Die neue Karte kommt per Post.", "Glückwunsch, geschafft",
                        SentenceRest::no_number) == "Glückwunsch, geschafft.");
  // nor where a pronoun after it stands for one of its nouns
  CHECK(sentence_around("Klar, das Paket hat sich in Luft aufgelöst. Laut App wurde es am 12. übergeben.",
                        "hat sich in Luft aufgelöst", SentenceRest::no_number) == "-");
  CHECK(sentence_around("Klar, das Paket hat sich in Luft aufgelöst. Laut App hat dein Nachbar sie.",
                        "hat sich in Luft aufgelöst", SentenceRest::no_number) == "-");
  CHECK(sentence_around("Klar, das Paket hat sich in Luft aufgelöst. Laut App liegt das Paket beim Nachbarn.",
                        "hat sich in Luft aufgelöst", SentenceRest::no_number) ==
        "Klar, das Paket hat sich in Luft aufgelöst.");
}

TEST_CASE("closing_clause drops a tag only where the sentence before it stands alone") {
  CHECK(clause_around("Die Karte ist gesperrt, da bist du selbst schuld.", "da bist du selbst schuld") ==
        ", da bist du selbst schuld -> ");
  CHECK(clause_around("Dann ist deine Nummer weg, das wäre doch schade, oder?", "wäre doch schade, oder?") ==
        ", das wäre doch schade, oder? -> .");
  // an open „wenn …“, a complement, an embedded clause, a number, no verb: none
  CHECK(clause_around("Wenn du absagst, wirst du dir das nie verzeihen.", "wirst du dir das nie verzeihen") == "-");
  CHECK(clause_around("Die Förderung läuft aus; wenn Sie nicht unterschreiben, werden Sie es bereuen.",
                      "werden Sie es bereuen") == "-");
  // … also after a salutation
  CHECK(clause_around("Hi Mia, sobald das Paket bei DHL ist, haben wir mit der Zustellung nichts mehr zu tun.",
                      "haben wir mit der Zustellung nichts mehr zu tun") == "-");
  CHECK(clause_around("Hallo Tim, die Karte ist gesperrt, da bist du selbst schuld.", "da bist du selbst schuld") ==
        ", da bist du selbst schuld -> ");
  // the writer's offer of help stays, however it is put
  CHECK(clause_around("Hey, das Menü ist selbsterklärend, aber für dich mach ich's gern Schritt für Schritt.",
                      "aber für dich mach ich's gern") == "-");
  CHECK(clause_around("Du weißt, was auf dem Spiel steht.", "was auf dem Spiel steht") == "-");
  // a condition or question with its verb first waits for the clause after it; a request does not
  CHECK(clause_around("Hören wir bis Montag nichts, ist das Thema für uns erledigt.", "für uns erledigt") == "-");
  CHECK(clause_around("Prüfen Sie den Zählerstand, bevor Sie uns noch einmal schreiben.",
                      "bevor Sie uns noch einmal schreiben") == ", bevor Sie uns noch einmal schreiben -> ");
  CHECK(clause_around("Ein Hund, der Kabel frisst, kommt ja ständig vor.", "kommt ja ständig vor") == "-");
  CHECK(clause_around("Schade, dass du gehst – verzichtest du auf 4.000 Filme?", "verzichtest du auf 4.000 Filme?") == "-");
  CHECK(clause_around("Stau vor Weihnachten – gab es ja noch nie.", "gab es ja noch nie") == "-");
  CHECK(clause_around("Ein Koffer mit 31 Kilo bei 23 erlaubten – da warst du ja fast punktgenau.",
                      "da warst du ja fast punktgenau") == "-");
  // a relative clause after an indefinite noun says which one is meant
  CHECK(clause_around("Die Karte ging an eine Adresse, die von dir falsch eingetippt war.", "falsch eingetippt war") ==
        "-");
  CHECK(clause_around("Der Schaden kommt vom Sturz, den Sie ja selbst gemeldet hatten.", "ja selbst gemeldet hatten") ==
        ", den Sie ja selbst gemeldet hatten -> ");
  // a clause that names who helps is a fact; one that only denies it goes
  CHECK(clause_around("Die Fliesen sind aus dem Baumarkt, da ist der Baumarkt Ihr Ansprechpartner.",
                      "da ist der Baumarkt Ihr Ansprechpartner") == "-");
  CHECK(clause_around("Fragen Sie bitte beim Hersteller, wir sind da der falsche Ansprechpartner.",
                      "wir sind da der falsche Ansprechpartner") == ", wir sind da der falsche Ansprechpartner -> ");
  // „not our job“ goes only where what stays sends the customer elsewhere
  CHECK(clause_around("Klären Sie das bitte mit der Apotheke, das ist nicht unsere Aufgabe.",
                      "das ist nicht unsere Aufgabe") == ", das ist nicht unsere Aufgabe -> ");
  CHECK(clause_around("Rückerstattungen laufen über PayPal, da bist du bei uns falsch.", "da bist du bei uns falsch") ==
        "-");
  // what happens after a deadline is a fact when it names a thing
  CHECK(clause_around("Das Angebot gilt nur noch heute, danach zahlen Sie den vollen Preis.",
                      "danach zahlen Sie den vollen Preis") == "-");
  CHECK(clause_around("Entscheiden Sie sich heute, bevor der Preis steigt.", "bevor der Preis steigt") == "-");
  CHECK(clause_around("Das Angebot gilt nur noch heute, danach ist es weg.", "danach ist es weg") ==
        ", danach ist es weg -> ");
  // a fronted „was …“ after a dash waits for its main clause
  CHECK(clause_around("Die Leitung ist in Ordnung – was dahinter passiert, ist nicht unsere Baustelle.",
                      "ist nicht unsere Baustelle") == "-");
}

TEST_CASE("words_beside counts the words around a span up to the number wanted") {
  const std::string text = "Ihre Anfrage ist uns wichtig. Wir melden uns.";
  CHECK_FALSE(words_beside(text, {0, 29}, 4));
  CHECK(words_beside(text, {0, 29}, 3));
}

TEST_CASE("opening_lead drops a lead-in up to its colon when the match is all it says") {
  CHECK(lead_around("Für Laien ist das schwer, deshalb ganz einfach für Sie: Ihr Tarif rechnet nach Verbrauch ab.",
                    "Für Laien ist das schwer") == "Für Laien ist das schwer, deshalb ganz einfach für Sie:  -> ");
  // the word after the colon opens the sentence now; a salutation stays
  CHECK(lead_around("Hallo Tom, falls es dir nicht klar war: der Button speichert.", "falls es dir nicht klar war") ==
        "falls es dir nicht klar war: d -> D");
  CHECK(lead_around("Zu deiner Info, also für dich: Über den Button speicherst du.", "Zu deiner Info") ==
        "Zu deiner Info, also für dich:  -> ");
  // a thing named beside the match, a colon before it, or no clause after it: none
  CHECK(lead_around("Zu Ihrer Rechnung, falls Sie es nicht wussten: Die Gebühr gilt für alle.",
                    "falls Sie es nicht wussten") == "-");
  CHECK(lead_around("Kleiner Hinweis: Es heißt nicht Kündigung, sondern Widerruf.", "Es heißt nicht") == "-");
  CHECK(lead_around("Nur damit das klar ist: 14 Tage.", "Nur damit das klar ist") == "-");
  CHECK(lead_around("Nur heute: Wer jetzt bucht, spart zehn Prozent.", "Nur heute") == "-");
  CHECK(lead_around("Nur damit das klar ist. Die Frist läuft.", "Nur damit das klar ist") == "-");
}

#include "tonfall/clause.h"

#include <catch2/catch.hpp>

using namespace tonfall;

namespace {

std::string turned(std::string_view clause) { return main_clause(clause).value_or("<none>"); }

}  // namespace

TEST_CASE("A verb-final clause in main-clause order") {
  CHECK(turned("die Frist am Freitag endet") == "die Frist endet am Freitag");
  CHECK(turned("Pfandflaschen nicht in den Restmüll gehören") == "Pfandflaschen gehören nicht in den Restmüll");
  CHECK(turned("das Passwort nach dem fünften Fehlversuch gesperrt ist") ==
        "das Passwort ist nach dem fünften Fehlversuch gesperrt");
  CHECK(turned("Sie kommen") == "Sie kommen");
  CHECK(turned("der Akku nach zwei Jahren schwächer wird") == "der Akku wird nach zwei Jahren schwächer");
  CHECK(turned("das nicht geht") == "das geht nicht");
  CHECK(turned("grobe Fahrlässigkeit nicht mitversichert ist") == "grobe Fahrlässigkeit ist nicht mitversichert");
  CHECK(turned("Herr Yilmaz Ihnen am Montag schreibt") == "Herr Yilmaz schreibt Ihnen am Montag");
  CHECK(turned("der Personalausweis persönlich abgeholt werden muss") ==
        "der Personalausweis muss persönlich abgeholt werden");
  CHECK(turned("die Option nur 4,99 € im Monat kostet") == "die Option kostet nur 4,99 € im Monat");
}

TEST_CASE("A separable verb splits where its prefix is certain") {
  CHECK(turned("der Techniker morgen vorbeikommt") == "der Techniker kommt morgen vorbei");
  CHECK(turned("Ihr Paket heute ankommt") == "Ihr Paket kommt heute an");
  CHECK(turned("Medikamente nur mit Rezept rausgehen") == "Medikamente gehen nur mit Rezept raus");
  CHECK(turned("wir Ihnen den Betrag gutschreiben") == "wir schreiben Ihnen den Betrag gut");
  CHECK(turned("die Kasse das Attest anerkennt") == "die Kasse erkennt das Attest an");
  CHECK(turned("wir den Betrag überweisen") == "wir überweisen den Betrag");   // über-: not separated
  CHECK(turned("der Vertrag beide Tarife beinhaltet") == "der Vertrag beinhaltet beide Tarife");
  CHECK(turned("die Kollegin die Anfrage beantwortet") == "die Kollegin beantwortet die Anfrage");
  CHECK(turned("Sie uns wieder antworten") == "Sie antworten uns wieder");
  CHECK_FALSE(main_clause("wir das Formular durchsehen"));  // durch-: either way
  CHECK_FALSE(main_clause("wir uns einigen"));              // ein-igen or einig-en?
}

TEST_CASE("A clause whose subject is the reader as a polite request") {
  auto request = [](std::string_view clause) { return polite_request(clause).value_or("<none>"); };
  CHECK(request("Sie die Unterlagen bis spätestens Montag nachreichen") ==
        "bitte reichen Sie die Unterlagen bis spätestens Montag nach");
  CHECK(request("Sie uns die Fotos schicken könnten") == "bitte schicken Sie uns die Fotos");
  CHECK(request("Sie uns eine Bewertung hinterlassen würden") == "bitte hinterlassen Sie uns eine Bewertung");
  CHECK(request("Sie pünktlich zum Termin erscheinen") == "bitte erscheinen Sie pünktlich zum Termin");
  CHECK(request("Sie morgen pünktlich sind") == "bitte seien Sie morgen pünktlich");
  CHECK(request("du uns noch einen Screenshot schickst") == "bitte schick uns noch einen Screenshot");
  CHECK(request("du dich bis Freitag meldest") == "bitte melde dich bis Freitag");
  CHECK(request("du das Formular ausfüllen würdest") == "bitte füll das Formular aus");
  CHECK(request("Sie müssen das Formular bis Freitag ausfüllen") == "bitte füllen Sie das Formular bis Freitag aus");
  CHECK(request("Sie haben den Artikel originalverpackt zurückzusenden") ==
        "bitte senden Sie den Artikel originalverpackt zurück");
  CHECK(request("du hast pünktlich zu erscheinen") == "bitte erschein pünktlich");
  CHECK(request("du musst dich bis Montag anmelden") == "bitte melde dich bis Montag an");
  CHECK_FALSE(polite_request("Sie müssen nichts weiter tun"));     // no order at all
  CHECK_FALSE(polite_request("Sie haben nichts zu befürchten"));
  CHECK_FALSE(polite_request("Sie müssen leider warten"));
  CHECK_FALSE(polite_request("du hast die Versandkosten selbst zu tragen"));  // a cost, not a request
  CHECK_FALSE(polite_request("Sie haben Anspruch auf Erstattung"));
  CHECK_FALSE(polite_request("wir Ihnen weiterhelfen könnten"));  // not the reader
  CHECK_FALSE(polite_request("Sie die Rechnung bezahlt haben"));   // done already
  CHECK_FALSE(polite_request("Sie gestern angerufen werden"));
  CHECK_FALSE(polite_request("Sie kommen und bezahlen"));
}

TEST_CASE("Nothing where the order cannot be told for certain") {
  CHECK_FALSE(main_clause("morgen der Techniker kommt"));              // no subject first
  CHECK_FALSE(main_clause("Ihnen die Rechnung zugeht"));               // an object first
  CHECK_FALSE(main_clause("die Rechnung Ihres Anbieters Fehler enthält"));  // where does the subject end?
  CHECK_FALSE(main_clause("die Rechnung der Kundin Fehler enthält"));  // „der“ may be a dative
  CHECK_FALSE(main_clause("die Lieferung von Amazon morgen kommt"));
  CHECK_FALSE(main_clause("Sie und Ihr Mann kommen"));                // two subjects
  CHECK_FALSE(main_clause("Fahren ohne gültigen Fahrschein eine Ordnungswidrigkeit darstellt"));  // a bare noun takes its phrase
  CHECK_FALSE(main_clause("das Paket kommt und die Rechnung folgt"));  // two clauses
  CHECK_FALSE(main_clause("das Paket, das Sie bestellt haben, kommt")); // a clause inside
  CHECK_FALSE(main_clause("die Frist am 15"));                         // no verb at the end
  CHECK_FALSE(main_clause("Sie das wissen, wenn Sie kommen"));
  CHECK_FALSE(main_clause("kommt"));
}

TEST_CASE("A hedged statement about something coming becomes a forecast") {
  auto forecast = [](std::string_view clause) { return expected_event(clause).value_or("<none>"); };
  CHECK(forecast("das Paket kommt morgen") == "das Paket kommt voraussichtlich morgen");
  CHECK(forecast("Das Ersatzteil ist am Montag da") == "Das Ersatzteil ist voraussichtlich am Montag da");
  CHECK(forecast("der Techniker meldet sich morgen bei Ihnen") ==
        "der Techniker meldet sich voraussichtlich morgen bei Ihnen");  // after the pronoun that clings to the verb
  CHECK(forecast("die Reparatur dauert eine Woche") == "die Reparatur dauert voraussichtlich eine Woche");
  CHECK(forecast("die Reparatur Ihres Wagens dauert eine Woche") ==
        "die Reparatur Ihres Wagens dauert voraussichtlich eine Woche");  // the genitive belongs to the subject
  CHECK(forecast("deine Erstattung dauert so zwei Wochen") == "deine Erstattung dauert voraussichtlich etwa zwei Wochen");
  CHECK(forecast("Wir liefern ihn bis Ende Mai") == "Wir liefern ihn voraussichtlich bis Ende Mai");
  // The verb-final clause after „dass“ is put in order first: ${fakt:hauptsatz:voraussichtlich}.
  CHECK(forecast(main_clause("die Überweisung morgen ankommt").value()) ==
        "die Überweisung kommt voraussichtlich morgen an");
}

TEST_CASE("No forecast for the past, for no time ahead or for what hedges already") {
  CHECK_FALSE(expected_event("das Paket wurde gestern verschickt"));
  CHECK_FALSE(expected_event("das Paket ist seit Montag unterwegs"));
  CHECK_FALSE(expected_event("das liegt am Browser"));                  // no time ahead
  CHECK_FALSE(expected_event("das Paket könnte morgen kommen"));        // hedged by its verb
  CHECK_FALSE(expected_event("das Paket kommt vielleicht morgen"));     // hedged otherwise
  CHECK_FALSE(expected_event("die Lieferung kam letzte Woche"));
  CHECK_FALSE(expected_event("die Rechnung der Kundin kommt morgen"));  // not plainly subject, verb, rest
  CHECK_FALSE(expected_event("das Paket kommt morgen, die Rechnung später"));
  CHECK_FALSE(expected_event("es kommt"));
}

TEST_CASE("An order with something else in front becomes a request in the same order") {
  auto request = [](std::string_view clause) { return fronted_request(clause).value_or("<none>"); };
  CHECK(request("müssen Sie uns in jedem Fall per Post zusenden") == "senden Sie uns bitte in jedem Fall per Post zu");
  CHECK(request("musst du bis Mittwoch unterschrieben zurückschicken") ==
        "schickst du bitte bis Mittwoch unterschrieben zurück");
  CHECK(request("müssen Sie mir Ihre E-Mail-Adresse geben") == "geben Sie mir bitte Ihre E-Mail-Adresse");
  CHECK(request("müssen Sie sie freischalten") == "schalten Sie sie bitte frei");  // the pronoun clings to the verb
  CHECK(request("müssen Sie um 8 Uhr da sein") == "sind Sie bitte um 8 Uhr da");
  // „haben … zu“ orders as „müssen“ does
  CHECK(request("haben Sie uns bis zum 31. Dezember mitzuteilen") == "teilen Sie uns bitte bis zum 31. Dezember mit");
  CHECK(request("haben Sie pünktlich um 8 Uhr zu erscheinen") == "erscheinen Sie bitte pünktlich um 8 Uhr");
  CHECK(request("hast du das Formular einzureichen") == "reichst du bitte das Formular ein");
  CHECK_FALSE(fronted_request("haben Sie die Kosten selbst zu tragen"));  // a burden
  CHECK_FALSE(fronted_request("haben Sie das Formular eingereicht"));    // no zu-infinitive
  CHECK_FALSE(fronted_request("müssen Sie selbst tragen"));             // a burden, no request
  CHECK_FALSE(fronted_request("müssen Sie nicht mehr einreichen"));     // no order at all
  CHECK_FALSE(fronted_request("musst du zwingend jemanden zu Hause haben"));
  CHECK_FALSE(fronted_request("müssen Sie bis Freitag eingereicht haben"));  // the perfect
  CHECK_FALSE(fronted_request("müssen wir das prüfen"));                // not the reader
  CHECK_FALSE(fronted_request("müssen Sie das Formular, das Sie haben, ausfüllen"));
}

TEST_CASE("A passive about the company's service is said in the active voice") {
  auto active = [](std::string_view clause) { return active_voice(clause).value_or("<none>"); };
  CHECK(active("Die Rechnung wird heute geprüft") == "wir prüfen die Rechnung heute");
  CHECK(active("Ihr Antrag wurde an die Fachabteilung weitergeleitet") ==
        "wir haben Ihren Antrag an die Fachabteilung weitergeleitet");
  CHECK(active("Ihr Anliegen wird schnellstmöglich bearbeitet") == "wir bearbeiten Ihr Anliegen schnellstmöglich");
  CHECK(active("der neue Vertrag wurde heute bestätigt") == "wir haben den neuen Vertrag heute bestätigt");
  CHECK(active("die Buchung wird morgen storniert") == "wir stornieren die Buchung morgen");
  CHECK_FALSE(active_voice("die Ware wurde beschädigt zurückgeschickt"));   // what the customer may have done
  CHECK_FALSE(active_voice("die Rechnung wurde nicht geprüft"));
  CHECK_FALSE(active_voice("die Unterlagen werden von der Kasse geprüft"));  // someone else acts
  CHECK_FALSE(active_voice("Ihr Problem wird geprüft"));                     // gender unknown: Ihr or Ihren?
  CHECK_FALSE(active_voice("es wird geprüft"));                              // no subject to turn
  CHECK_FALSE(active_voice("die Rechnung wird geprüft sein"));
}

TEST_CASE("A clause after a lead-in gets its subject back in first place") {
  auto turned_v2 = [](std::string_view clause) { return verb_second(clause).value_or("<none>"); };
  CHECK(turned_v2("ist die Praxis mittwochnachmittags geschlossen") == "die Praxis ist mittwochnachmittags geschlossen");
  CHECK(turned_v2("beträgt die Lieferzeit bis zu 14 Werktage") == "die Lieferzeit beträgt bis zu 14 Werktage");
  CHECK(turned_v2("gilt das Angebot nur online") == "das Angebot gilt nur online");
  CHECK(turned_v2("liegt es am Router") == "es liegt am Router");
  CHECK(turned_v2("wird der Beitrag am 15. abgebucht") == "der Beitrag wird am 15. abgebucht");
  CHECK(turned_v2("können Sie den Vertrag online kündigen") == "Sie können den Vertrag online kündigen");
  CHECK_FALSE(verb_second("ist Ihnen das sicher bekannt"));      // no subject first after the verb
  CHECK_FALSE(verb_second("die Frist ist abgelaufen"));           // no verb first
  CHECK(turned_v2("ist die Rechnung des Händlers falsch") == "die Rechnung des Händlers ist falsch");  // a genitive goes along
  CHECK_FALSE(verb_second("ist die Rechnung des Herrn Weber falsch"));  // where does the subject end?
  CHECK_FALSE(verb_second("ist die Frist, die Sie kennen, vorbei"));
}

TEST_CASE("A clause for a lead-in must open with its finite verb") {
  CHECK(verb_first("geht das nur schriftlich") == "geht das nur schriftlich");
  CHECK(verb_first("beträgt die Frist 14 Tage") == "beträgt die Frist 14 Tage");
  CHECK_FALSE(verb_first("kündigen geht nur schriftlich"));  // a second verb: the first is the subject
  CHECK_FALSE(verb_first("die Frist ist abgelaufen"));
}

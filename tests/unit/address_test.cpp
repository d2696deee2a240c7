#include "tonfall/address.h"

#include <catch2/catch.hpp>

using namespace tonfall;

namespace {

std::string to_du(std::string_view text) { return readdress(text, Address::du).value_or("<none>"); }
std::string to_sie(std::string_view text) { return readdress(text, Address::sie).value_or("<none>"); }

}  // namespace

TEST_CASE("Verb forms between Sie and du, regular, strong and irregular") {
  CHECK(du_form("können") == "kannst");
  CHECK(du_form("sind") == "bist");
  CHECK(du_form("erhalten") == "erhältst");
  CHECK(du_form("übernehmen") == "übernimmst");
  CHECK(du_form("warten") == "wartest");
  CHECK(du_form("öffnen") == "öffnest");
  CHECK(du_form("schicken") == "schickst");
  CHECK(du_form("ändern") == "änderst");
  CHECK(du_form("reisen") == "reist");
  CHECK(du_form("beantragen") == "beantragst");  // weak, though it ends like „tragen“
  CHECK(du_form("bestellten") == "bestelltest");
  CHECK(du_form("ausschalten") == "ausschaltest");  // ends like „halten“, is no „halten“
  CHECK(du_form("vorhaben") == "vorhast");
  CHECK(du_form("rechnen") == "rechnest");
  CHECK_FALSE(du_form("gut"));

  CHECK(sie_form("kannst") == "können");
  CHECK(sie_form("erhältst") == "erhalten");
  CHECK(sie_form("gibst") == "geben");
  CHECK(sie_form("wartest") == "warten");
  CHECK(sie_form("änderst") == "ändern");
  CHECK(sie_form("bekommst") == "bekommen");
  CHECK(sie_form("freust") == "freuen");
  CHECK(sie_form("heißt") == "heißen");
  CHECK_FALSE(sie_form("reist"));  // reis-t or rei-st: not sure
  CHECK_FALSE(sie_form("gut"));
}

TEST_CASE("Sie becomes du: pronouns, possessives, the verb of the reader, imperatives") {
  CHECK(to_du("Ihre Bestellung ist unterwegs und kommt morgen an") == "deine Bestellung ist unterwegs und kommt morgen an");
  CHECK(to_du("die Rechnung schicken wir Ihnen per Mail") == "die Rechnung schicken wir dir per Mail");
  CHECK(to_du("Können Sie mir bitte die Bestellnummer schicken") == "kannst du mir bitte die Bestellnummer schicken");
  CHECK(to_du("Sie können ihn ab 16 Uhr abholen") == "du kannst ihn ab 16 Uhr abholen");
  CHECK(to_du("Wenn Sie die Reparatur wünschen, bestätigen Sie bitte den Kostenvoranschlag. Bei Fragen melden Sie sich gern") ==
        "Wenn du die Reparatur wünschst, bestätige bitte den Kostenvoranschlag. Bei Fragen meldest du dich gern");
  CHECK(to_du("Melden Sie sich gern, wenn Sie noch Fragen haben") == "melde dich gern, wenn du noch Fragen hast");
  CHECK(to_du("Wir informieren Sie, sobald das Paket da ist") == "Wir informieren dich, sobald das Paket da ist");
  CHECK(to_du("Vielen Dank für Ihre Geduld, der Kurs startet am Montag") == "Vielen Dank für deine Geduld, der Kurs startet am Montag");
  CHECK(to_du("Das Team ruft Sie morgen an") == "Das Team ruft dich morgen an");
  CHECK(to_du("Wir kümmern uns um Ihren Schaden und Ihre Fragen") == "Wir kümmern uns um deinen Schaden und deine Fragen");
  CHECK(to_du("Bitte melden Sie sich morgen bei uns") == "Bitte melde dich morgen bei uns");
  CHECK(to_du("Hallo Jana, melden Sie sich gern, wenn Sie Fragen haben.") ==
        "Hallo Jana, melde dich gern, wenn du Fragen hast.");
  // after a condition a request word marks the imperative; without one the verb stays the reader's
  CHECK(to_du("Sollten Sie Fragen haben, melden Sie sich gern.") == "solltest du Fragen haben, melde dich gern.");
  CHECK(to_du("Falls Sie Fragen haben, sprechen Sie uns einfach an.") == "Falls du Fragen hast, sprich uns einfach an.");
  CHECK(to_du("Wenn Sie bis 12 Uhr bestellen, erhalten Sie die Ware morgen.") ==
        "Wenn du bis 12 Uhr bestellst, erhältst du die Ware morgen.");
  CHECK(to_du("Zögern Sie nicht, uns anzurufen.") == "zögere nicht, uns anzurufen.");
  CHECK(to_du("Sollten Sie nichts erhalten haben, melde dich bitte.") == "solltest du nichts erhalten haben, melde dich bitte.");
  CHECK(to_du("Haben Sie Fragen dazu, antworte einfach.") == "hast du Fragen dazu, antworte einfach.");
  CHECK(to_du("Wir informieren Sie, sobald Sie zu Hause sind.") == "Wir informieren dich, sobald du zu Hause bist.");
  CHECK(to_du("Wie möchten Sie den Betrag überweisen?") == "Wie möchtest du den Betrag überweisen?");
}

TEST_CASE("Sie stays unturned where the clause leaves its role open") {
  CHECK_FALSE(readdress("Die Techniker können Sie morgen anrufen", Address::du));  // who calls whom?
  CHECK_FALSE(readdress("Sie ist zufrieden", Address::du));                         // she
  CHECK_FALSE(readdress("Sie können sich das überlegen und sich melden", Address::du));  // dir and dich
  CHECK_FALSE(readdress("Ihr habt gewonnen", Address::du));                         // the plural
  CHECK_FALSE(readdress("Bitte schauen Sie sich das Video an", Address::du));        // sich: an- or umschauen?
  CHECK_FALSE(readdress("Wenn Sie Fragen haben oder Hilfe brauchen", Address::du));  // both verbs or none
  CHECK_FALSE(readdress("Wir freuen uns, Sie begrüßen zu dürfen", Address::du));     // an infinitive
  CHECK_FALSE(readdress("Wir bitten Sie, sich zu melden", Address::du));
  CHECK_FALSE(readdress("Versichern Sie sich, dass alles passt", Address::du));      // dich or dir
}

TEST_CASE("du becomes Sie: pronouns, possessives, the verb of the reader, imperatives") {
  CHECK(to_sie("deine Unterlagen sind vollständig und werden jetzt geprüft") == "Ihre Unterlagen sind vollständig und werden jetzt geprüft");
  CHECK(to_sie("du kannst die Rechnung jetzt im Portal herunterladen") == "Sie können die Rechnung jetzt im Portal herunterladen");
  // A changed first word comes in lower case: the rewriter fits it to its place.
  CHECK(to_sie("Melde dich gern, falls noch was fehlt") == "melden Sie sich gern, falls noch was fehlt");
  CHECK(to_sie("Kannst du mir noch die Etage sagen?") == "können Sie mir noch die Etage sagen?");
  CHECK(to_sie("wir melden uns bei dir, sobald du den Antrag abgeschickt hast") ==
        "wir melden uns bei Ihnen, sobald Sie den Antrag abgeschickt haben");
  CHECK(to_sie("Wir haben dich angerufen") == "Wir haben Sie angerufen");
  CHECK(to_sie("wir haben deinen Antrag und deine Unterlagen") == "wir haben Ihren Antrag und Ihre Unterlagen");
  CHECK(to_sie("Du kannst dir das Video ansehen") == "Sie können sich das Video ansehen");
  CHECK(to_sie("Bitte schick uns ein Foto") == "Bitte schicken Sie uns ein Foto");
  CHECK(to_sie("meld dich einfach, falls was dazwischenkommt") == "melden Sie sich einfach, falls was dazwischenkommt");
  CHECK(to_sie("wir melden uns bei dir") == "wir melden uns bei Ihnen");
  CHECK(to_sie("Melde dich gern und schick uns ein Foto") == "melden Sie sich gern und schicken Sie uns ein Foto");
  CHECK(to_sie("Fülle bitte das Formular aus") == "füllen Sie bitte das Formular aus");
  CHECK(to_sie("Wenn du noch Unterlagen hast, lade sie bitte hoch.") == "Wenn Sie noch Unterlagen haben, laden Sie sie bitte hoch.");
  CHECK(to_sie("Sag mal, wie geht es dir?") == "sagen Sie mal, wie geht es Ihnen?");
  CHECK(to_sie("Wir haben dich gestern angerufen") == "Wir haben Sie gestern angerufen");
  CHECK(to_sie("Ohne dich geht es nicht") == "Ohne Sie geht es nicht");  // a preposition, no imperative
  // A verb in the third person with its subject after it: no imperative.
  CHECK(to_sie("Wenn du magst, geht das auch online.") == "Wenn Sie mögen, geht das auch online.");
  CHECK(to_sie("Falls du noch Fragen hast, hilft dir das Team gern.") ==
        "Falls Sie noch Fragen haben, hilft Ihnen das Team gern.");
  CHECK_FALSE(readdress("dich einfach, falls was ist", Address::sie));  // whose „dich“?
}

TEST_CASE("Text already in the wanted form stays as it is") {
  CHECK(to_du("danke für deine Nachricht") == "danke für deine Nachricht");
  CHECK(to_sie("Sie können die Karte abholen") == "Sie können die Karte abholen");
  CHECK(to_du("Das lässt sich ändern") == "Das lässt sich ändern");
}

TEST_CASE("du_imperative forms the du imperative of an infinitive") {
  CHECK(du_imperative("schicken") == "schick");
  CHECK(du_imperative("Füllen") == "füll");
  CHECK(du_imperative("warten") == "warte");
  CHECK(du_imperative("senden") == "sende");
  CHECK(du_imperative("öffnen") == "öffne");
  CHECK(du_imperative("zeichnen") == "zeichne");
  CHECK(du_imperative("kommen") == "komm");
  CHECK(du_imperative("aktualisieren") == "aktualisiere");
  CHECK(du_imperative("ändern") == "ändere");
  CHECK(du_imperative("sammeln") == "sammle");
  CHECK(du_imperative("geben") == "gib");
  CHECK(du_imperative("vergessen") == "vergiss");
  CHECK(du_imperative("übernehmen") == "übernimm");
  CHECK(du_imperative("lesen") == "lies");
  CHECK(du_imperative("sein") == "sei");
  CHECK(du_imperative("überweisen") == "überweise");
  CHECK(du_imperative("lassen") == "lass");
  CHECK(du_imperative("bestätigen") == "bestätige");
  CHECK(du_imperative("Rechnung") == "Rechnung");
}

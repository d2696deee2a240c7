#include "tonfall/seams.h"

#include <catch2/catch.hpp>

using tonfall::count_address_words;
using tonfall::seam_problems;

namespace {
using Problems = std::vector<std::string>;
}

TEST_CASE("A clean rewrite has no seam problems") {
  CHECK(seam_problems("Sie müssen das Formular bis 12.03. schicken.",
                      "Bitte schicken Sie das Formular bis 12.03.") == Problems{});
  // What the text had before is no problem of the rewrite.
  CHECK(seam_problems("Hallo  Jana , danke.", "Hallo  Jana , gern.") == Problems{});
}

TEST_CASE("Seams: blanks, piled marks and doubled words") {
  CHECK(seam_problems("Das ist ok.", "Das ist  ok.") == Problems{"doubled blank"});
  CHECK(seam_problems("Das ist ok, danke.", "Das ist ok , danke.") == Problems{"blank before a comma"});
  CHECK(seam_problems("Kurz: wie aufwendig?", "Kurz:, wie aufwendig?") == Problems{"\":,\""});
  CHECK(seam_problems("Ich kläre das.", "Ich ich kläre das.") == Problems{"word doubled"});
}

TEST_CASE("Seams: a sentence that starts in lower case, abbreviations aside") {
  CHECK(seam_problems("Danke. Wir melden uns.", "Danke. wir melden uns.") ==
        Problems{"sentence starts in lower case"});
  CHECK(seam_problems("Danke.", "danke.") == Problems{"sentence starts in lower case"});
  CHECK(seam_problems("Das geht, z. B. per Mail.", "Das geht gern, z. B. per Mail.") == Problems{});
}

TEST_CASE("Seams: a du/Sie mix only when the rewrite brings it") {
  CHECK(seam_problems("Melde dich, wenn du Fragen hast.", "Melden Sie sich, wenn du Fragen hast.") ==
        Problems{"du/Sie mix created"});
  CHECK(seam_problems("Sie und du.", "Sie und du, gern.") == Problems{});
  CHECK(count_address_words("Schick mir dein Foto, dann melde ich mich bei dir.").familiar == 2);
  CHECK(count_address_words("Die Kunden und sie selbst").polite == 0);
}

TEST_CASE("Seams: every number of the text stays") {
  CHECK(seam_problems("Die Gebühr von 15,90 € ist bis 03.04.2026 fällig.", "Die Pauschale ist bis 03.04.2026 fällig.") ==
        Problems{"number lost: 15,90"});
  // A number that occurs twice must occur twice after.
  CHECK(seam_problems("Zimmer 12 und 12 Nächte.", "Zimmer 12 und einige Nächte.") == Problems{"number lost: 12"});
}

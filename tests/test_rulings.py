"""The taxonomy's borderline rulings on a clause's labels: a scale threshold is a cap, not a commercial ban; a use policy
bound by reference is a use-case limit."""

from __future__ import annotations

from licensecheck import analyze
from licensecheck.corpus import load_corpus
from licensecheck.licensedb import load_license
from licensecheck.rulings import ruled_in, ruled_out

CAP = ("\n\nAn organisation that has more than 500 employees (counting all of its affiliates) may use the Software only after "
       "obtaining a separate commercial licence from Marrowind Labs.")


def test_no_annotated_commercial_ban_is_ruled_out() -> None:
    bans = [example for example in load_corpus() if "commercial-ban" in example.labels]
    assert len(bans) > 300  # licenses and team-written clauses, with thresholds among them
    assert [example.ref for example in bans if ruled_out(["commercial-ban", "user-count-cap"], example.text)] == []


def test_a_threshold_above_which_a_commercial_licence_is_needed_is_a_cap(classifier) -> None:
    edited = load_license("mit").text.rstrip() + CAP
    result = analyze(edited, classifier=classifier)
    [change] = [change for change in result.changes if change.kind == "added"]
    assert "user-count-cap" in change.labels and "commercial-ban" not in change.labels
    assert result.verdict == "not-open"


def test_a_threshold_beside_an_outright_commercial_ban_keeps_both(classifier) -> None:
    text = ("1. Grant. You may use the Software for non-commercial research only.\n\n2. Scale. An organisation with more than "
            "500 employees may not use the Software for non-commercial research either, unless it buys a separate licence.")
    assert ruled_out(["commercial-ban", "user-count-cap"], text.split("\n\n")[1]) == set()
    result = analyze(text, classifier=classifier)
    assert "commercial-ban" in result.blocking_labels and result.verdict == "not-open"


def test_a_clause_binding_the_use_to_a_use_policy_at_a_url_is_a_use_case_limit_with_its_url(classifier) -> None:
    mit = load_license("mit").text.rstrip()
    clause = ("Your use of the Software must conform to the Marrowind Responsible Use Policy at "
              "https://marrowind.example/responsible-use, which forms part of this licence.")
    result = analyze(mit + "\n\n" + clause, classifier=classifier)
    assert "use-case-limit" in result.blocking_labels and result.verdict == "not-open"
    assert ruled_in([], clause) == {"use-case-limit"}
    assert ruled_in([], "Nothing in this licence makes the Responsible Use Policy binding on you.") == set()


def test_every_annotated_clause_that_binds_the_use_to_a_use_policy_restricts() -> None:
    binding = [example for example in load_corpus() if "use-case-limit" in ruled_in([], example.text)]
    assert len(binding) > 20
    assert [example.ref for example in binding if not set(example.labels) & {"use-case-limit", "pass-through"}] == []


def test_no_annotated_commercial_ban_is_ruled_out_as_commercial_use_counted_in() -> None:
    bans = [example for example in load_corpus() if "commercial-ban" in example.labels]
    assert [example.ref for example in bans if ruled_out(["commercial-ban"], example.text)] == []


def test_licenses_that_count_commercial_use_in_carry_no_commercial_ban_and_a_paid_commercial_use_keeps_it(classifier) -> None:
    for key in ("dl-de-by-2-0-en", "qualcomm-turing"):  # "may, for commercial and non-commercial use"; "free for commercial and non-commercial use"
        result = analyze(load_license(key).text, classifier=classifier)
        assert "commercial-ban" not in result.blocking_labels, key
    irfanview = analyze(load_license("irfanview-eula").text, classifier=classifier)  # "for commercial purposes, please register and purchase it"
    assert "commercial-ban" in irfanview.blocking_labels
    grant = ("1. Grant. Subject to these Terms, Tansy Vale grants You a non-exclusive, limited licence to run and share the Model for any "
             "lawful purpose, including commercial purposes.\n\n2. Attribution. You must keep this notice with every copy.\n")
    assert "commercial-ban" not in analyze(grant, classifier=classifier).blocking_labels


def test_a_cap_on_liability_is_no_user_cap(classifier) -> None:
    for key in ("helix", "activestate-komodo-edit"):  # "TOTAL LIABILITY ... SHALL NOT EXCEED FIVE DOLLARS ($5.00)"
        result = analyze(load_license(key).text, classifier=classifier)
        capped = [clause for clause in result.clauses if "LIAB" in clause.clause.text.upper() and "EXCEED" in clause.clause.text.upper()]
        assert capped and not [clause.id for clause in capped if "user-count-cap" in {item.label for item in clause.labels}], key


def test_an_address_is_no_territorial_exclusion_and_a_place_that_restricts_stays(classifier) -> None:
    result = analyze(load_license("google-maps-tos-2019-11-21").text, classifier=classifier)
    [entity] = [clause for clause in result.clauses if "70 Pasir Panjang Road" in clause.clause.text]
    assert "territorial" not in {item.label for item in entity.labels}
    assert ruled_out(["territorial"], "You may not use the Model in France; our office is at 9 Saltcote Road, Rye.") == set()


def test_no_annotated_revocation_is_ruled_out_as_the_licensor_improving_its_model() -> None:
    revocations = [example for example in load_corpus() if "revocation" in example.labels]
    assert len(revocations) > 200  # mandatory and automatic updates among them ("download and install them for you")
    assert [example.ref for example in revocations if ruled_out(["revocation"], example.text)] == []


def test_a_licensor_free_to_update_its_model_revokes_nothing_but_a_pushed_update_does() -> None:
    broadleaf = " ".join(load_license("broadleaf-fair-use").text.split())
    maintenance = broadleaf[broadleaf.index("Broadleaf is under no obligation"):].split(".")[0] + "."
    assert ruled_out(["revocation"], maintenance) == {"revocation"}
    assert ruled_out(["revocation"], "Kestrel Labs may update the Model from time to time, but is not obliged to do so.") == {"revocation"}
    for pushed in ("Microsoft may need to update your system to provide you with updates.",
                   "The Licensor may update the Model remotely and disable features of copies running on your servers.",
                   "We may update these Terms at any time, and the updated Terms bind you from their publication."):
        assert ruled_out(["revocation"], pushed) == set(), pushed


def test_the_revocation_and_pass_through_rulings_give_their_label_to_annotated_clauses_only() -> None:
    examples = load_corpus()
    for label, least in (("revocation", 40), ("pass-through", 20)):
        given = [example for example in examples if label in ruled_in([], example.text)]
        wrong = [example.text[:80] for example in given if label not in example.labels]
        assert len(given) >= least and len(wrong) <= len(given) // 20, (label, len(given), wrong)


def test_termination_at_will_is_revocation_and_termination_for_breach_or_by_the_licensee_is_not(classifier) -> None:
    def revocation_clauses(key: str) -> list[str]:
        result = analyze(load_license(key).text, classifier=classifier)
        return [" ".join(clause.clause.text.split()) for clause in result.clauses if "revocation" in {item.label for item in clause.labels}]

    intel = revocation_clauses("intel-microcode")  # "... may terminate this license at any time if Licensee is in breach" is not
    assert any("for any reason with thirty (30) days' notice" in text for text in intel) and not any("in breach" in text for text in intel)
    assert any(text.startswith("RealNetworks may terminate this License at any time") for text in revocation_clauses("helix"))
    for text in ("You may terminate this Agreement at any time by destroying all copies of the Software.",
                 "Either party may terminate this Agreement at any time on thirty days' written notice.",
                 "We may terminate this Licence at any time if you breach it.",
                 "This Agreement will terminate automatically at any time you fail to comply with it."):
        assert ruled_in([], text) == set(), text


def test_a_duty_to_make_end_users_comply_with_the_terms_is_pass_through(classifier) -> None:
    result = analyze(load_license("google-apis-tos-2021").text, classifier=classifier)
    [duty] = [clause for clause in result.clauses if "You will require your end users to comply" in clause.clause.text]
    assert "pass-through" in {item.label for item in duty.labels}
    assert ruled_in([], "You need not require your end users to comply with these terms.") == set()

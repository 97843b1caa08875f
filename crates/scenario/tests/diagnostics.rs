//! Data-driven diagnostics tests: a minimal bad input goes in, and a snapshot of the
//! rendered diagnostics (exactly what `armistice check` prints) comes out.
//!
//! Snapshots live in `testdata/diagnostics/`, each holding the input and its rendering.
//! To accept changed output, run with `INSTA_UPDATE=always` and review the diff.

use std::collections::BTreeMap;

use armistice_scenario::anchor;
use armistice_scenario::validate::{validate, validate_questions, Corpus};
use armistice_scenario::{overlay, render};

/// The smallest scenario the cases build on: two actors and one issue.
const BASE: &str = r#"[scenario]
id = "t"
title = "T"
as_of = 2025-01-01

[[actor]]
id = "a"
capability = 1

[[actor]]
id = "b"
capability = 1

[[issue]]
id = "x"
status_quo = 50
"#;

/// A campaign between `a` and `b` with one front, for campaign and lever cases.
const CAMPAIGN: &str = r#"
[campaign]
sides = ["a", "b"]

[[campaign.front]]
id = "f"
value = 1
control = 0.5

[campaign.side.a]
cost = 0.01

[campaign.side.b]
cost = 0.01
"#;

struct Files(BTreeMap<String, String>);

impl Corpus for Files {
    fn source_text(&self, path: &str) -> Option<String> {
        self.0.get(path).cloned()
    }
}

fn rendered(text: &str, corpus: Option<&dyn Corpus>) -> String {
    let (scenario, diags) = validate("case.toml", text, corpus);
    let errors = diags.iter().any(|d| d.is_error());
    // The scenario is returned exactly when there is no error.
    assert_eq!(scenario.is_some(), !errors, "{diags:?}");
    assert!(!diags.is_empty(), "expected at least one diagnostic for:\n{text}");
    format!("{text}\n---\n{}", render("case.toml", text, &diags))
}

/// Snapshots the diagnostics of `BASE` followed by `extra`.
fn check(name: &str, extra: &str) {
    snapshot(name, rendered(&format!("{BASE}{extra}"), None));
}

fn snapshot(name: &str, out: String) {
    insta::with_settings!({
        snapshot_path => "../../../testdata/diagnostics",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name, out);
    });
}

#[test]
fn toml_syntax_error() {
    snapshot("toml_syntax_error", rendered("[scenario\nid = \"t\"\n", None));
}

#[test]
fn duplicate_toml_key() {
    snapshot("duplicate_toml_key", rendered("[scenario]\nid = \"t\"\nid = \"u\"\n", None));
}

#[test]
fn missing_scenario_table() {
    snapshot("missing_scenario_table", rendered("[[actor]]\nid = \"a\"\ncapability = 1\n", None));
}

#[test]
fn unknown_key_with_did_you_mean() {
    check(
        "unknown_key",
        "\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = 10\nsalince = 50\n",
    );
}

#[test]
fn unknown_table() {
    check("unknown_table", "\n[[actors]]\nid = \"c\"\n");
}

#[test]
fn missing_required_key() {
    check("missing_required_key", "\n[[actor]]\nid = \"c\"\nname = \"C\"\n");
}

#[test]
fn wrong_type() {
    check("wrong_type", "\n[[actor]]\nid = \"c\"\ncapability = \"high\"\n");
}

#[test]
fn section_not_an_array_of_tables() {
    check("section_not_array", "\n[question]\nid = \"q\"\n");
}

#[test]
fn invalid_id() {
    check("invalid_id", "\n[[actor]]\nid = \"Red Army\"\ncapability = 1\n");
}

#[test]
fn unknown_actor_id() {
    check(
        "unknown_actor",
        "\n[[stance]]\nactor = \"aa\"\nissue = \"x\"\nposition = 10\nsalience = 50\n",
    );
}

#[test]
fn unknown_issue_id() {
    check(
        "unknown_issue",
        "\n[[stance]]\nactor = \"a\"\nissue = \"border\"\nposition = 10\nsalience = 50\n",
    );
}

#[test]
fn duplicate_actor_id() {
    check("duplicate_actor", "\n[[actor]]\nid = \"a\"\ncapability = 2\n");
}

#[test]
fn duplicate_stance() {
    check(
        "duplicate_stance",
        "\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = 10\nsalience = 50\n\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = 20\nsalience = 50\n",
    );
}

#[test]
fn position_out_of_range() {
    check(
        "position_out_of_range",
        "\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = 120\nsalience = 50\n",
    );
}

#[test]
fn salience_out_of_range() {
    check(
        "salience_out_of_range",
        "\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = 10\nsalience = -5\n",
    );
}

#[test]
fn negative_capability() {
    check("negative_capability", "\n[[actor]]\nid = \"c\"\ncapability = -3\n");
}

#[test]
fn not_a_finite_number() {
    check("not_finite", "\n[[actor]]\nid = \"c\"\ncapability = nan\n");
}

#[test]
fn invalid_choice_with_did_you_mean() {
    check("invalid_role", "\n[[actor]]\nid = \"c\"\ncapability = 1\nroles = [\"vetoo\"]\n");
}

#[test]
fn normal_sd_not_positive() {
    check("normal_sd", "\n[[actor]]\nid = \"c\"\ncapability = { normal = [10, 0] }\n");
}

#[test]
fn triangular_out_of_order() {
    check(
        "triangular_order",
        "\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = { triangular = [40, 20, 60] }\nsalience = 50\n",
    );
}

#[test]
fn beta_parameter_not_positive() {
    check(
        "beta_parameter",
        "\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = { beta = [0, 2] }\nsalience = 50\n",
    );
}

#[test]
fn beta_on_unbounded_key() {
    check("beta_unbounded", "\n[[actor]]\nid = \"c\"\ncapability = { beta = [2, 2] }\n");
}

#[test]
fn uniform_ends_out_of_order() {
    check(
        "uniform_order",
        "\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = 10\nsalience = { uniform = [70, 70] }\n",
    );
}

#[test]
fn distribution_end_outside_range() {
    check(
        "distribution_outside_range",
        "\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = { triangular = [80, 90, 110] }\nsalience = 50\n",
    );
}

#[test]
fn distribution_wrong_arity() {
    check("distribution_arity", "\n[[actor]]\nid = \"c\"\ncapability = { normal = [10] }\n");
}

#[test]
fn unknown_distribution_name() {
    check("unknown_distribution", "\n[[actor]]\nid = \"c\"\ncapability = { normall = [10, 2] }\n");
}

#[test]
fn salience_sum_above_100_in_a_group() {
    check(
        "salience_sum_warning",
        "group = \"g\"\n\n[[issue]]\nid = \"y\"\nstatus_quo = 50\ngroup = \"g\"\n\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = 10\nsalience = 70\n\n[[stance]]\nactor = \"a\"\nissue = \"y\"\nposition = 10\nsalience = 60\n",
    );
}

#[test]
fn red_line_outside_the_scale() {
    check(
        "red_line_outside",
        "\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = 10\nsalience = 50\nred_line = 140\n",
    );
}

#[test]
fn red_line_equal_to_position() {
    check(
        "red_line_equal",
        "\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = 30\nsalience = 50\nred_line = 30\n",
    );
}

const HASH: &str = "9f2c3e4d5b6a79808f9e0d1c2b3a49586f7e8d9c0b1a2938475665748392a1b0";

#[test]
fn anchor_to_an_undeclared_source() {
    check(
        "missing_source",
        &format!("why = \"s\"\nevidence = [{{ source = \"s1\", at = 0, len = 5, sha256 = \"{HASH}\" }}]\n"),
    );
}

#[test]
fn malformed_sha256() {
    check(
        "malformed_sha256",
        "\n[[source]]\nid = \"s1\"\ntitle = \"S\"\npath = \"s1.txt\"\n\n[[actor]]\nid = \"c\"\ncapability = 1\nevidence = [{ source = \"s1\", at = 0, len = 5, sha256 = \"9f2c\" }]\n",
    );
}

/// A scenario citing "talks resumed" in `s1.txt`, and the anchor found in `original`.
fn cited(original: &str) -> String {
    let anchor::Found::Once(l) = anchor::find(original, "talks resumed") else {
        panic!("the words occur once in the test source")
    };
    format!(
        "{BASE}\n[[source]]\nid = \"s1\"\ntitle = \"S\"\npath = \"s1.txt\"\n\n[[actor]]\nid = \"c\"\ncapability = 1\nevidence = [{{ source = \"s1\", at = {}, len = {}, sha256 = \"{}\" }}]\n",
        l.at,
        l.len,
        hex::encode(l.sha256)
    )
}

fn corpus(text: &str) -> Files {
    Files(BTreeMap::from([("s1.txt".to_string(), text.to_string())]))
}

#[test]
fn broken_anchor() {
    let text = cited("The talks resumed in May.");
    let files = corpus("The talks stalled in May.");
    snapshot("broken_anchor", rendered(&text, Some(&files)));
}

#[test]
fn moved_anchor_is_a_warning() {
    let text = cited("The talks resumed in May.");
    let files = corpus("After a pause, the talks resumed in May.");
    snapshot("moved_anchor", rendered(&text, Some(&files)));
}

#[test]
fn exact_anchor_is_clean() {
    let text = cited("The talks resumed in May.");
    let files = corpus("The  TALKS\nresumed in May.");
    let (s, diags) = validate("case.toml", &text, Some(&files));
    assert!(diags.is_empty(), "{diags:?}");
    assert!(s.is_some());
}

#[test]
fn source_file_not_in_corpus() {
    let text = cited("The talks resumed in May.");
    let files = Files(BTreeMap::new());
    snapshot("source_not_in_corpus", rendered(&text, Some(&files)));
}

#[test]
fn bad_date() {
    snapshot("bad_date", rendered(&BASE.replace("2025-01-01", "2025-02-30"), None));
}

#[test]
fn quoted_date() {
    snapshot("quoted_date", rendered(&BASE.replace("2025-01-01", "\"2025-01-01\""), None));
}

#[test]
fn event_outside_the_window() {
    check("event_outside_window", "\n[[event]]\ndate = 2031-01-01\nname = \"Far future\"\n");
}

#[test]
fn marker_event_with_participants() {
    check(
        "marker_with_participants",
        "\n[[event]]\ndate = 2025-03-01\nname = \"Summit\"\nparticipants = [\"a\"]\n",
    );
}

#[test]
fn lever_trigger_with_two_forms() {
    check(
        "trigger_two_forms",
        "\n[[lever]]\nid = \"l\"\nactor = \"a\"\ntrigger = { date = 2025-03-01, refuses = \"b\" }\neffect = [{ bargaining_weight = \"a\", add = 1 }]\n",
    );
}

#[test]
fn lever_trigger_with_no_form() {
    check(
        "trigger_no_form",
        "\n[[lever]]\nid = \"l\"\nactor = \"a\"\ntrigger = { refused = \"b\" }\neffect = [{ bargaining_weight = \"a\", add = 1 }]\n",
    );
}

#[test]
fn effect_with_two_changes() {
    check(
        "effect_two_changes",
        "\n[[lever]]\nid = \"l\"\nactor = \"a\"\ntrigger = { date = 2025-03-01 }\neffect = [{ bargaining_weight = \"a\", add = 1, scale = 2 }]\n",
    );
}

#[test]
fn effect_on_a_non_side() {
    check(
        "effect_not_a_side",
        &format!(
            "\n[[actor]]\nid = \"p\"\ncapability = 1\n\n[[lever]]\nid = \"l\"\nactor = \"a\"\ntrigger = {{ date = 2025-03-01 }}\neffect = [{{ strength = \"p\", scale = 2 }}]\n{CAMPAIGN}"
        ),
    );
}

#[test]
fn agreement_with_no_issues() {
    check(
        "agreement_no_issues",
        "\n[[agreement]]\nid = \"deal\"\nclass = \"partial\"\nissues = []\nveto = [\"a\"]\n",
    );
}

#[test]
fn unknown_agreement_in_a_question() {
    check(
        "question_unknown_agreement",
        "\n[[agreement]]\nid = \"ceasefire\"\nclass = \"ceasefire\"\nissues = [\"x\"]\nveto = [\"a\"]\n\n[[question]]\nid = \"q\"\ntext = \"Q?\"\nclose = 2025-12-31\nwhen = { signed = \"ceasfire\" }\n",
    );
}

#[test]
fn settled_range_out_of_order() {
    check(
        "question_within_order",
        "\n[[question]]\nid = \"q\"\ntext = \"Q?\"\nclose = 2025-12-31\nwhen = { settled = \"x\", within = [60, 40] }\n",
    );
}

#[test]
fn campaign_sides_not_two() {
    check("campaign_sides_not_two", "\n[campaign]\nsides = [\"a\"]\n");
}

#[test]
fn campaign_sides_the_same() {
    check("campaign_sides_same", "\n[campaign]\nsides = [\"a\", \"a\"]\n");
}

#[test]
fn campaign_missing_side_table() {
    check(
        "campaign_missing_side",
        "\n[campaign]\nsides = [\"a\", \"b\"]\n\n[campaign.side.a]\ncost = 0.01\n",
    );
}

#[test]
fn campaign_season_not_twelve() {
    check(
        "campaign_season",
        &CAMPAIGN.replace("sides = [\"a\", \"b\"]", "sides = [\"a\", \"b\"]\nseason = [1, 1, 1]"),
    );
}

#[test]
fn front_commitment_over_one() {
    check(
        "front_commitment",
        &CAMPAIGN.replace("control = 0.5", "control = 0.5\ncommitment = [1, 0.5]\n\n[[campaign.front]]\nid = \"g\"\nvalue = 1\ncontrol = 0.5\ncommitment = [0.5, 0.5]"),
    );
}

#[test]
fn unknown_model_table() {
    check("unknown_model", "\n[models.nsh]\nrounds = 3\n");
}

#[test]
fn many_problems_at_once() {
    check(
        "many_problems",
        "\n[[actor]]\nid = \"c\"\ncapability = -1\nrole = [\"veto\"]\n\n[[stance]]\nactor = \"z\"\nissue = \"x\"\nposition = 200\n",
    );
}

#[test]
fn questions_file_problems() {
    let (s, diags) = validate("base.toml", BASE, None);
    assert!(diags.is_empty(), "{diags:?}");
    let s = s.expect("valid");
    let q = "[[question]]\nid = \"q\"\ntext = \"Lever?\"\nclose = 2025-06-01\nwhen = { lever = \"sanctions\" }\n\n[scenario]\nid = \"x\"\n";
    let (qs, diags) = validate_questions("questions.toml", q, &s);
    assert!(qs.is_empty());
    snapshot("questions_file", format!("{q}\n---\n{}", render("questions.toml", q, &diags)));
}

#[test]
fn overlay_problems() {
    let res = overlay::apply_overlay(
        BASE,
        "o.toml",
        "[overlay]\nid = \"o\"\n\n[[actor]]\nname = \"no id\"\n\n[[stance]]\nactor = \"a\"\n",
    );
    let diags = res.expect_err("overlay errors");
    let o = "[overlay]\nid = \"o\"\n\n[[actor]]\nname = \"no id\"\n\n[[stance]]\nactor = \"a\"\n";
    snapshot("overlay", format!("{o}\n---\n{}", render("o.toml", o, &diags)));
}

#[test]
fn expiry_on_a_ceasefire_is_a_warning() {
    check(
        "expiry_not_partial",
        "\n[[agreement]]\nid = \"cf\"\nclass = \"ceasefire\"\nissues = [\"x\"]\nveto = [\"a\"]\nexpiry = 4\n",
    );
}

#[test]
fn actor_that_is_its_own_patron() {
    check("patron_of_itself", "\n[[actor]]\nid = \"c\"\ncapability = 1\npatron_of = [\"c\"]\n");
}

#[test]
fn predicate_date_outside_the_window() {
    check(
        "predicate_date_outside_window",
        "\n[[question]]\nid = \"q\"\ntext = \"Q?\"\nclose = 2025-12-31\nwhen = { talks = [\"a\", \"b\"], level = \"leaders\", by = 2030-01-01 }\n",
    );
}

#[test]
fn talks_predicate_with_no_actors() {
    check(
        "question_talks_empty",
        "\n[[question]]\nid = \"q\"\ntext = \"Q?\"\nclose = 2025-12-31\nwhen = { talks = [] }\n",
    );
}

#[test]
fn control_trigger_without_a_threshold() {
    check(
        "trigger_no_threshold",
        &format!(
            "\n[[lever]]\nid = \"l\"\nactor = \"a\"\ntrigger = {{ front = \"f\", side = \"a\" }}\neffect = [{{ violations = true, add = 0.1 }}]\n{CAMPAIGN}"
        ),
    );
}

#[test]
fn side_table_for_a_non_side() {
    check("side_not_a_side", &format!("{CAMPAIGN}\n[campaign.side.c]\ncost = 1\n"));
}

#[test]
fn question_file_repeats_a_scenario_question() {
    let base = format!("{BASE}\n[[question]]\nid = \"q\"\ntext = \"Talks?\"\nclose = 2025-06-01\nwhen = {{ talks = [\"a\", \"b\"] }}\n");
    let s = validate("base.toml", &base, None).0.expect("valid");
    let q = "[[question]]\nid = \"q\"\ntext = \"Talks again?\"\nclose = 2025-09-01\nwhen = { talks = [\"a\"] }\n";
    let (qs, diags) = validate_questions("questions.toml", q, &s);
    assert!(qs.is_empty());
    snapshot("questions_duplicate", format!("{q}\n---\n{}", render("questions.toml", q, &diags)));
}

#[test]
fn uncertain_position_reaching_past_its_red_line() {
    check(
        "red_line_crossed_by_position",
        "\n[[stance]]\nactor = \"a\"\nissue = \"x\"\nposition = { uniform = [20, 60] }\nsalience = 50\nred_line = 30\n",
    );
}

#[test]
fn agreement_with_no_veto_players() {
    check(
        "agreement_no_veto",
        "\n[[agreement]]\nid = \"deal\"\nclass = \"partial\"\nissues = [\"x\"]\n",
    );
}

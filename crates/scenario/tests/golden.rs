//! Golden scenarios: every file in `testdata/scenarios/` validates with no diagnostics.

use std::path::Path;

use armistice_scenario::types::Role;
use armistice_scenario::{render, validate};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn golden_scenarios_validate_cleanly() {
    let dir = root().join("testdata/scenarios");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("testdata/scenarios exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    names.sort();
    assert!(names.len() >= 2, "expected golden scenarios in {}", dir.display());
    for path in names {
        let text = std::fs::read_to_string(&path).expect("readable");
        let name = path.display().to_string();
        let (scenario, diags) = validate(&name, &text, None);
        assert!(diags.is_empty(), "{}", render(&name, &text, &diags));
        assert!(scenario.is_some(), "{name}");
    }
}

#[test]
fn illustrative_scenario_is_sensible() {
    let text =
        std::fs::read_to_string(root().join("scenarios/illustrative.toml")).expect("readable");
    let (scenario, diags) = validate("illustrative.toml", &text, None);
    assert!(diags.is_empty(), "{}", render("illustrative.toml", &text, &diags));
    let s = scenario.expect("valid");
    assert!((3..=5).contains(&s.actors.len()));
    assert!((4..=6).contains(&s.issues.len()));
    let c = s.campaign.as_ref().expect("a campaign");
    assert_eq!(c.fronts.len(), 2);
    assert_eq!(s.levers.len(), 2);
    assert_eq!(s.agreements.len(), 3);
    assert_eq!(s.questions.len(), 3);
    assert_eq!(s.channels.len(), 1);
    // Stances are sorted by (actor, issue) and params carry stable paths.
    assert!(s.stances.windows(2).all(|w| (w[0].actor, w[0].issue) < (w[1].actor, w[1].issue)));
    let paths: Vec<&str> = s.params.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"actor.oster.capability"), "{paths:?}");
    assert!(paths.contains(&"stance.varnia.valley.red_line"), "{paths:?}");
    assert!(paths.contains(&"campaign.side.oster.cost"), "{paths:?}");
    // The ceasefire and the settlement name the two belligerents as their veto players,
    // narrower than the three actors with the veto role.
    let belligerents = vec![s.actor_by_id("varnia").unwrap(), s.actor_by_id("oster").unwrap()];
    assert_eq!(s.agreements[1].veto, belligerents);
    assert_eq!(s.agreements[2].veto, belligerents);
    assert_eq!(s.actors.iter().filter(|a| a.roles.contains(&Role::Veto)).count(), 3);
}

#[test]
fn the_golden_copy_of_the_illustrative_scenario_is_current() {
    let a = std::fs::read_to_string(root().join("scenarios/illustrative.toml")).expect("readable");
    let b = std::fs::read_to_string(root().join("testdata/scenarios/illustrative.toml"))
        .expect("readable");
    assert!(a == b, "copy scenarios/illustrative.toml to testdata/scenarios/");
}

#[test]
fn instance_of_the_illustrative_scenario() {
    use armistice_scenario::dist::Draw;
    use armistice_scenario::instance::{Instance, Side};

    let text =
        std::fs::read_to_string(root().join("scenarios/illustrative.toml")).expect("readable");
    let s = validate("illustrative.toml", &text, None).0.expect("valid");
    let inst = Instance::new(&s, &Draw::central(&s.params), 3);
    assert_eq!(inst.rng_seed, 3);
    let vetoes: Vec<bool> = inst.actors.iter().map(|a| a.veto).collect();
    assert_eq!(vetoes, [true, true, true, false]);
    // Oster's capability is triangular [30, 35, 45]: its mean is the central value.
    assert!((inst.actors[1].capability - 110.0 / 3.0).abs() < 1e-12);
    let valley = s.issue_by_id("valley").expect("valley").idx();
    let on_valley: Vec<usize> = inst.stances[valley].iter().map(|x| x.actor).collect();
    assert_eq!(on_valley, [0, 1, 2, 3]);
    let varnia = inst.stances[valley][0].red_line.expect("red line");
    assert_eq!((varnia.value, varnia.accept), (55.0, Side::Above));
    let oster = inst.stances[valley][1].red_line.expect("red line");
    assert_eq!((oster.value, oster.accept), (70.0, Side::Below));
    // A sampled draw moves uncertain numbers but never the red line's side.
    for run in 0..20 {
        let draw = Draw::sample(&s.params, 7, run);
        let inst = Instance::new(&s, &draw, run);
        let r = inst.stances[valley][0].red_line.expect("red line");
        assert!((50.0..=60.0).contains(&r.value) && r.accept == Side::Above);
    }
}

#[test]
fn an_agreement_without_veto_needs_every_actor_with_the_veto_role() {
    let text = r#"
[scenario]
id = "t"
title = "T"
as_of = 2025-01-01

[[actor]]
id = "a"
capability = 1
roles = ["veto"]

[[actor]]
id = "b"
capability = 1

[[actor]]
id = "c"
capability = 1
roles = ["mediator", "veto"]

[[issue]]
id = "x"
status_quo = 50

[[agreement]]
id = "deal"
class = "partial"
issues = ["x"]
"#;
    let (s, diags) = validate("t.toml", text, None);
    let s = s.unwrap_or_else(|| panic!("{}", render("t.toml", text, &diags)));
    let ids: Vec<&str> =
        s.agreements[0].veto.iter().map(|a| s.actors[a.idx()].id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
}

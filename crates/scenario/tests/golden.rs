//! Golden scenarios: every file in `testdata/scenarios/` validates with no diagnostics.

use std::path::Path;

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
    // The ceasefire's veto defaults to every actor with the veto role.
    assert_eq!(s.agreements[1].veto.len(), 3);
}

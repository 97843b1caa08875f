//! Importer tests over KTAB's shipped files (copied to `testdata/ktab`) and malformed rows.

use armistice_import::{csv_table, ktab_csv, ktab_xml, to_toml, ImportDiagnostic};

fn testdata(name: &str) -> String {
    let path = format!("{}/../../testdata/ktab/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("failed to read {path}: {e}"))
}

fn render(diags: Vec<ImportDiagnostic>) -> String {
    diags
        .iter()
        .map(|d| match &d.hint {
            Some(h) => format!("{}:{}: {} (hint: {h})", d.line, d.column, d.message),
            None => format!("{}:{}: {}", d.line, d.column, d.message),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

const CSVS: [(&str, usize, usize); 9] = [
    ("dummyData_3Dim.csv", 7, 3),
    ("dummyData_3Dim-no-final-comma.csv", 7, 3),
    ("dummyData_6Dim.csv", 27, 6),
    ("dummyData-a040.csv", 40, 1),
    ("dummyData-a080.csv", 80, 1),
    ("dummyData-a160.csv", 160, 1),
    ("SOE-Policy.csv", 26, 1),
    ("SOE-Competitive.csv", 34, 1),
    ("SOE-Pol-Comp.csv", 13, 2),
];

#[test]
fn every_ktab_csv_imports_and_writes_valid_toml() {
    for (file, n_actors, n_dims) in CSVS {
        let scenario =
            ktab_csv(&testdata(file), file).unwrap_or_else(|d| panic!("{file}: {}", render(d)));
        assert_eq!((scenario.actors.len(), scenario.issues.len()), (n_actors, n_dims), "{file}");
        assert_eq!(scenario.stances.len(), n_actors * n_dims, "{file}");
        let text = to_toml(&scenario);
        let value: toml::Value = text.parse().unwrap_or_else(|e| panic!("{file}: {e}\n{text}"));
        assert_eq!(value["actor"].as_array().map(|a| a.len()), Some(n_actors));
        assert_eq!(value["models"]["smp"]["victory_prob"].as_str(), Some("linear"));
    }
}

#[test]
fn ktab_csv_quirks() {
    let s = ktab_csv(&testdata("dummyData_3Dim.csv"), "dir/dummyData_3Dim.csv").unwrap();
    assert_eq!(s.id, "dummydata_3dim");
    assert_eq!(s.title, "DummyData_3Dim");
    assert_eq!(s.actors[0].id, "sactor_00");
    assert_eq!(s.actors[0].capability, 102.543);
    assert_eq!(
        s.issues.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        ["pstn1", "pstn2", "pstn3"]
    );
    assert!(s.issues.iter().all(|i| i.group.as_deref() == Some("ktab") && i.status_quo_derived));
    // CRLF line ends and extra header fields.
    let six = ktab_csv(&testdata("dummyData_6Dim.csv"), "dummyData_6Dim.csv").unwrap();
    assert_eq!(six.issues[0].name, "Dim0 Position");
    // Quoted field with a comma, `$$` for a comma.
    let text = "\"Toy, quoted\",d$$e,3,1,\nA,x,1,10,50,\nB,y,2,20,50,\nC,z,3,30,50,\n";
    let text = text.replacen("\nA", "\nActor,Desc,Power,Pos,Sal\nA", 1);
    let s = ktab_csv(&text, "toy.csv").unwrap();
    assert_eq!((s.title.as_str(), s.description.as_str()), ("Toy, quoted", "d,e"));
    // Status quo: capability × salience weighted mean of 10, 20, 30 with weights 1, 2, 3.
    assert!((s.issues[0].status_quo - (10.0 + 40.0 + 90.0) / 6.0).abs() < 1e-12);
}

fn bad_csv(rows: &str) -> String {
    render(
        ktab_csv(&format!("Toy,Desc,3,2,\nActor,Desc,Power,P1,S1,P2,S2,\n{rows}"), "toy.csv")
            .unwrap_err(),
    )
}

#[test]
fn ktab_csv_diagnostics() {
    insta::assert_snapshot!(bad_csv("A,,10,20,50,30,40\nB,,abc,20,50,30,40\nC,,5,20,50,30,40\n"), @r#"
        4:4: capability `abc` is not a number
        "#);
    insta::assert_snapshot!(bad_csv("A,,10,120,50,30,40\nB,,-2,20,50,30,40\nC,,5,20,50,30\n"), @r#"
        3:7: position 120 is outside 0–100
        4:4: capability -2 is not positive (hint: capability must be a number above 0)
        5:12: actor row has 6 fields, expected 7 (hint: each actor row is `name, description, capability` then a position and a salience per dimension)
        "#);
    insta::assert_snapshot!(bad_csv("A,,10,20,70,30,40\nB,,1,x,50,30,y\n"), @r#"
        5:1: row 1 announces 3 actors but the file has 2 actor rows (hint: make the count in row 1 match the actor rows)
        3:10: the saliences of `A` sum to 110, more than 100 (hint: KTAB requires each actor's saliences to sum to at most 100)
        4:6: position `x` is not a number
        4:14: salience `y` is not a number
        "#);
    insta::assert_snapshot!(render(ktab_csv("Toy,Desc,three,2\n", "t.csv").unwrap_err()), @r#"
        1:10: expected the number of actors in field 3 (hint: row 1 is `scenario name, description, number of actors, number of dimensions`)
        "#);
    insta::assert_snapshot!(render(ktab_csv("Toy,Desc,3,2\nActor,Desc,Power,P1,S1\n", "t.csv").unwrap_err()), @r#"
        2:1: the header row has 5 fields, expected 7 (hint: after `name, description, capability` comes a position and a salience header per dimension)
        3:1: row 1 announces 3 actors but the file has 0 actor rows (hint: make the count in row 1 match the actor rows)
        "#);
    insta::assert_snapshot!(render(ktab_csv("", "t.csv").unwrap_err()), @r#"
        1:1: the file is empty (hint: expected a KTAB SMP CSV file)
        "#);
}

#[test]
fn ktab_xml_files() {
    // No IdealAdjustment: loads with the identity adjustment and a note.
    let s = ktab_xml(&testdata("dummyData_3Dim.xml"), "dummyData_3Dim.xml").unwrap();
    assert_eq!(s.actors.len(), 7);
    let smp = s.smp.as_ref().unwrap();
    assert!(smp.accommodation.is_empty() && smp.seed.is_some());
    assert!(s.notes.iter().any(|n| n.contains("IdealAdjustment")));
    // KTAB's newest smpExample.xml has an empty coordinate.
    insta::assert_snapshot!(render(ktab_xml(&testdata("smpExample.xml"), "smpExample.xml").unwrap_err()), @r#"
        32:9: `dCoord` is empty (hint: expected a number in 0–100)
        "#);
    // The multi-prop branch's copy loads, with all nine parameters and the adjustments.
    let s = ktab_xml(&testdata("multi-prop-branch/smpExample.xml"), "smpExample.xml").unwrap();
    let smp = s.smp.as_ref().unwrap();
    let get = |k: &str| smp.options.iter().find(|(key, _)| *key == k).map(|(_, v)| v.as_str());
    assert_eq!(get("pce"), Some("markov_incentive"));
    assert_eq!(get("transitions"), Some("stochastic"));
    assert_eq!(get("voting_rule"), Some("prop_cbc"));
    assert!(smp.accommodation.contains(&(1, 0, 0.07)));
    let text = to_toml(&s);
    assert!(text.contains("[[models.smp.accommodation]]"), "{text}");
    text.parse::<toml::Value>().unwrap();
}

#[test]
fn ktab_xml_tolerates_xsd_spellings() {
    let text = testdata("multi-prop-branch/smpExample.xml")
        .replace("<VotingRule>PropCbc</VotingRule>", "<VotingRule>Proportional</VotingRule>")
        .replace("<BigRAdjust>OneThird</BigRAdjust>", "<BigRAdjust>No</BigRAdjust>");
    let s = ktab_xml(&text, "x.xml").unwrap();
    let smp = s.smp.as_ref().unwrap();
    assert!(smp.options.contains(&("voting_rule", "prop".to_string())));
    assert!(smp.options.contains(&("risk_adjust", "none".to_string())));
    assert_eq!(s.notes.iter().filter(|n| n.contains("XSD spelling")).count(), 2);
    let bad = text.replace("<PCEModel>MarkovIncentive</PCEModel>", "<PCEModel>Markov</PCEModel>");
    insta::assert_snapshot!(render(ktab_xml(&bad, "x.xml").unwrap_err()), @r#"
        9:5: unknown PCEModel `Markov` (hint: expected one of Conditional, MarkovIncentive, MarkovUniform)
        "#);
    insta::assert_snapshot!(render(ktab_xml("<Scenario><name>x</name>", "x.xml").unwrap_err()), @r#"
        1:25: the document ends inside an element
        "#);
}

#[test]
fn csv_table_reads_a_long_table() {
    let text = "Issue,ACTOR,position,Salience,capability,status_quo,Outcome\r\n\
                border,A,90,80,60,50,45\n\
                border,B,10,70,40,50,\n\
                \"trade, tariffs\",A,30,20,60,,\n";
    let s = csv_table(text, "toy.csv").unwrap();
    assert_eq!(s.actors.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(s.issues[0].outcome, Some(45.0));
    assert_eq!((s.issues[0].status_quo, s.issues[0].status_quo_derived), (50.0, false));
    assert_eq!((s.issues[1].id.as_str(), s.issues[1].status_quo), ("trade_tariffs", 30.0));
    let toml_text = to_toml(&s);
    assert!(toml_text.contains("outcome = 45.0"), "{toml_text}");
    toml_text.parse::<toml::Value>().unwrap();
}

#[test]
fn csv_table_diagnostics() {
    let check = |body: &str| {
        render(
            csv_table(
                &format!("issue,actor,position,salience,capability,status_quo\n{body}"),
                "t.csv",
            )
            .unwrap_err(),
        )
    };
    insta::assert_snapshot!(check("x,A,50,50,10,50\nx,B,50,50,10,40\ny,A,20,20,12,\n"), @r#"
        3:14: status_quo 40 of `x` differs from 50 on line 2 (hint: an issue's status_quo must be the same on all its rows)
        4:11: capability 12 of `A` differs from 10 on line 2 (hint: an actor's capability must be the same on all its rows)
        "#);
    insta::assert_snapshot!(check("x,A,150,50,10,\nx,,50,nope,10,\nx,C,50\n"), @r#"
        2:5: position 150 is outside 0–100
        3:7: salience `nope` is not a number
        3:3: the actor name is empty
        4:5: the row has 3 fields, expected 6
        "#);
    insta::assert_snapshot!(check("x,A,50,50,10,\nx,A,60,50,10,\n"), @r#"
        3:1: a second row for actor `A` on issue `x`
        "#);
    insta::assert_snapshot!(render(csv_table("actor,position,salience\nA,1,2\n", "t.csv").unwrap_err()), @r#"
        1:1: the header lacks `issue`, `capability` (hint: expected columns issue, actor, position, salience, capability, optionally status_quo and outcome)
        "#);
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "",
        "\u{feff}",
        ",,,,\n,,,,",
        "\"unterminated,1,2,3\nA",
        "é,ü,3,1\nx,y,z,p,s\nα,β,γ,δ,ε\n",
        "T,D,99999999999999999999,1\n",
        "T,D,3,100000\n",
        "\r\r\r",
        "<Scenario><Actors><Actor><Position><dCoord>é</dCoord></Position></Actor></Actors></Scenario>",
        "<a></b>",
        "<?xml version=\"1.0\"?>",
        "issue,actor,position,salience,capability\n\"a\"\"b\",c,1,2,3\nx,y,nan,inf,-0\n",
    ];
    for text in inputs {
        // Each importer either succeeds or returns diagnostics; none may panic.
        let _ = ktab_csv(text, "x.csv");
        let _ = ktab_xml(text, "x.xml");
        let _ = csv_table(text, "x.csv");
    }
    assert!(ktab_xml("<a></b>", "x.xml").is_err());
    assert!(csv_table("issue,actor,position,salience,capability\nx,y,nan,1,1\n", "t.csv").is_err());
}

//! Builders for small scenarios written directly as validated `Scenario` structs, used
//! by the engine's property tests and its benchmark (the TOML parser lives on another
//! branch; these helpers keep each test's scenario minimal and explicit).

#![allow(dead_code, unreachable_pub)]

use armistice_scenario::dist::{Dist, Num, ParamDef};
use armistice_scenario::instance::Side;
use armistice_scenario::types::*;

pub fn fixed(v: f64) -> Num {
    Num::Fixed(v)
}

/// A scenario under construction.
pub struct Builder {
    pub sc: Scenario,
}

impl Builder {
    /// An empty scenario starting on 2025-01-06, weekly, `horizon` periods.
    pub fn new(horizon: u32) -> Builder {
        Builder {
            sc: Scenario {
                meta: Meta {
                    id: "test".into(),
                    title: "test".into(),
                    description: String::new(),
                    as_of: jiff::civil::date(2025, 1, 6),
                    period_days: 7,
                    horizon,
                    runs: 100,
                    seed: 1,
                },
                sources: vec![],
                actors: vec![],
                issues: vec![],
                stances: vec![],
                campaign: None,
                levers: vec![],
                agreements: vec![],
                channels: vec![],
                events: vec![],
                questions: vec![],
                params: vec![],
                issue_groups: vec![],
                model_options: ModelOptions::default(),
            },
        }
    }

    /// An uncertain number with its own parameter path.
    pub fn param(&mut self, path: &str, dist: Dist, lo: f64, hi: f64) -> Num {
        self.sc.params.push(ParamDef { path: path.into(), dist, lo, hi });
        Num::Param(self.sc.params.len() - 1)
    }

    pub fn actor(&mut self, id: &str, capability: f64, roles: &[Role]) -> ActorId {
        self.sc.actors.push(Actor {
            id: id.into(),
            name: id.into(),
            kind: ActorKind::State,
            capability: fixed(capability),
            groups: vec![],
            roles: roles.to_vec(),
            patron_of: vec![],
            part_of: None,
            evidence: Evidence::default(),
        });
        ActorId(self.sc.actors.len() as u32 - 1)
    }

    pub fn issue(&mut self, id: &str, status_quo: f64) -> IssueId {
        self.sc.issues.push(Issue {
            id: id.into(),
            name: id.into(),
            low: String::new(),
            high: String::new(),
            points: vec![],
            status_quo: fixed(status_quo),
            group: None,
            outcome: None,
            phi: 1.0,
            evidence: Evidence::default(),
        });
        IssueId(self.sc.issues.len() as u32 - 1)
    }

    pub fn stance(&mut self, actor: ActorId, issue: IssueId, position: f64, salience: f64) {
        self.stance_red(actor, issue, position, salience, None);
    }

    /// A stance with a red line: the acceptable side is the one holding the position.
    pub fn stance_red(
        &mut self,
        actor: ActorId,
        issue: IssueId,
        position: f64,
        salience: f64,
        red_line: Option<f64>,
    ) {
        self.sc.stances.push(Stance {
            actor,
            issue,
            position: fixed(position),
            salience: fixed(salience),
            red_line: red_line.map(|v| RedLineDef {
                value: fixed(v),
                accept: if position <= v { Side::Below } else { Side::Above },
            }),
            evidence: Evidence::default(),
        });
        self.sc.stances.sort_by_key(|s| (s.actor, s.issue));
    }

    /// A campaign between `a` and `b` with default side parameters (cost 0.002, fixed
    /// beliefs at 0, β 0.99, h 52) and no fronts.
    pub fn campaign(&mut self, a: ActorId, b: ActorId) -> &mut Campaign {
        let side = || SideParams {
            strength: fixed(1.0),
            mobilisation: fixed(0.0),
            attrition: fixed(0.0),
            cost: fixed(0.002),
            cost_multiplier: fixed(0.0),
            belief_mean: fixed(0.0),
            belief_var: fixed(0.0),
            discount: fixed(0.99),
            horizon: 52,
            curvature: fixed(1.0),
            fearfulness: fixed(0.0),
            aid: vec![],
            evidence: Evidence::default(),
        };
        self.sc.campaign = Some(Campaign {
            sides: [a, b],
            quality: fixed(0.0),
            decisiveness: fixed(1.0),
            sigma_floor: 0.2,
            season: [1.0; 12],
            fronts: vec![],
            side: [side(), side()],
            patrons: vec![],
            trusting: [false, true],
            commitment: Commitment { penalty: fixed(0.05), horizon: 104, guarantees: vec![] },
        });
        self.sc.campaign.as_mut().expect("just set")
    }

    pub fn campaign_mut(&mut self) -> &mut Campaign {
        self.sc.campaign.as_mut().expect("campaign() first")
    }

    pub fn front(&mut self, id: &str, value: f64, control: f64, kappa: f64, noise: f64) -> FrontId {
        let c = self.campaign_mut();
        c.fronts.push(Front {
            id: id.into(),
            name: id.into(),
            value: fixed(value),
            control: fixed(control),
            kappa: fixed(kappa),
            noise: fixed(noise),
            commitment: [1.0, 1.0],
            evidence: Evidence::default(),
        });
        FrontId(c.fronts.len() as u32 - 1)
    }

    pub fn agreement(
        &mut self,
        id: &str,
        class: AgreementClass,
        issues: &[IssueId],
        veto: &[ActorId],
        open: bool,
    ) -> AgreementId {
        self.sc.agreements.push(AgreementKind {
            id: id.into(),
            name: id.into(),
            class,
            issues: issues.to_vec(),
            veto: veto.to_vec(),
            hazard: fixed(0.01),
            expiry: None,
            open,
            evidence: Evidence::default(),
        });
        AgreementId(self.sc.agreements.len() as u32 - 1)
    }

    pub fn channel(
        &mut self,
        id: &str,
        participants: &[ActorId],
        rate: f64,
        agreements: &[AgreementId],
    ) -> ChannelId {
        self.sc.channels.push(Channel {
            id: id.into(),
            participants: participants.to_vec(),
            level: Level::Officials,
            rate: fixed(rate),
            agreements: agreements.to_vec(),
            from: None,
            until: None,
            evidence: Evidence::default(),
        });
        ChannelId(self.sc.channels.len() as u32 - 1)
    }

    pub fn lever(
        &mut self,
        id: &str,
        actor: ActorId,
        trigger: Trigger,
        effects: Vec<Effect>,
        credibility: Num,
        lag: u32,
    ) -> LeverId {
        self.sc.levers.push(Lever {
            id: id.into(),
            actor,
            trigger,
            effects,
            credibility,
            lag,
            repeat: false,
            evidence: Evidence::default(),
        });
        LeverId(self.sc.levers.len() as u32 - 1)
    }

    pub fn build(self) -> Scenario {
        self.sc
    }
}

/// The benchmark scenario of issue 3: 2 belligerents, a mediating patron, 6 fronts,
/// 10 issues, 6 levers, 5 agreement kinds, 104 weekly periods, uncertain beliefs.
pub fn benchmark() -> Scenario {
    let mut b = Builder::new(104);
    let ru = b.actor("ru", 50.0, &[Role::Belligerent, Role::Veto]);
    let ua = b.actor("ua", 30.0, &[Role::Belligerent, Role::Veto]);
    let us = b.actor("us", 40.0, &[Role::Mediator, Role::Patron]);
    let eu = b.actor("eu", 20.0, &[Role::Patron]);
    let names = [
        "territory",
        "nato",
        "force_size",
        "sanctions",
        "guarantee_force",
        "prisoners",
        "energy",
        "black_sea",
        "minerals",
        "elections",
    ];
    let issues: Vec<IssueId> = names.iter().map(|n| b.issue(n, 50.0)).collect();
    let ru_pos = [85.0, 5.0, 20.0, 10.0, 5.0, 60.0, 70.0, 80.0, 40.0, 90.0];
    let ua_pos = [15.0, 90.0, 85.0, 90.0, 95.0, 80.0, 30.0, 20.0, 60.0, 10.0];
    let us_pos = [55.0, 30.0, 50.0, 40.0, 50.0, 90.0, 50.0, 50.0, 95.0, 50.0];
    let sal = [90.0, 70.0, 50.0, 60.0, 70.0, 30.0, 40.0, 35.0, 20.0, 25.0];
    for (k, &i) in issues.iter().enumerate() {
        b.stance(ru, i, ru_pos[k], sal[k]);
        b.stance_red(ua, i, ua_pos[k], sal[(k + 3) % 10], (k == 0).then_some(40.0));
        b.stance(us, i, us_pos[k], sal[(k + 5) % 10]);
        b.stance(eu, i, ua_pos[k] * 0.8 + 10.0, sal[(k + 7) % 10]);
    }
    let theta = b.param("campaign.quality", Dist::Normal { mean: 0.0, sd: 0.15 }, -2.0, 2.0);
    let season = [0.3, 0.3, 0.5, 0.8, 1.0, 1.0, 1.0, 1.0, 0.9, 0.7, 0.4, 0.3];
    {
        let c = b.campaign(ru, ua);
        c.quality = theta;
        c.season = season;
        c.side[0].belief_mean = fixed(0.15);
        c.side[0].belief_var = fixed(0.02);
        c.side[1].belief_mean = fixed(-0.1);
        c.side[1].belief_var = fixed(0.02);
        c.side[0].cost = fixed(0.004);
        c.side[1].cost = fixed(0.006);
        c.side[0].mobilisation = fixed(0.006);
        c.side[0].attrition = fixed(0.005);
        c.side[1].attrition = fixed(0.005);
        c.side[1].fearfulness = fixed(1.0);
        c.side[1].aid =
            vec![Aid { from: us, amount: fixed(0.003) }, Aid { from: eu, amount: fixed(0.002) }];
        c.patrons.push(Patron {
            actor: us,
            backs: None,
            cost: fixed(0.001),
            cost_multiplier: fixed(0.0),
            evidence: Evidence::default(),
        });
        c.commitment.guarantees = vec![(issues[4], fixed(1.5)), (issues[1], fixed(0.5))];
    }
    let fronts = [
        ("donetsk", 30.0, 0.68),
        ("zaporizhzhia", 20.0, 0.7),
        ("kherson", 10.0, 0.3),
        ("kharkiv", 8.0, 0.1),
        ("luhansk", 25.0, 0.98),
        ("kursk", 5.0, 0.2),
    ];
    let mut front_ids = Vec::new();
    for (id, v, c) in fronts {
        front_ids.push(b.front(id, v, c, 0.02, 0.004));
    }
    let prisoners =
        b.agreement("prisoner_exchange", AgreementClass::Partial, &[issues[5]], &[ru, ua], false);
    let energy = b.agreement(
        "energy_moratorium",
        AgreementClass::Partial,
        &[issues[6]],
        &[ru, ua, us],
        false,
    );
    let sea = b.agreement("black_sea", AgreementClass::Partial, &[issues[7]], &[ru, ua], false);
    let ceasefire = b.agreement(
        "general_ceasefire",
        AgreementClass::Ceasefire,
        &[issues[0], issues[4]],
        &[ru, ua, us],
        false,
    );
    let settlement =
        b.agreement("settlement", AgreementClass::Settlement, &issues, &[ru, ua, us], false);
    b.sc.agreements[prisoners.idx()].expiry = Some(8);
    b.sc.agreements[energy.idx()].expiry = Some(30);
    b.channel("officials", &[ru, ua, us], 0.25, &[prisoners, energy, sea]);
    let leaders = b.channel("leaders", &[ru, ua, us], 0.06, &[ceasefire, settlement]);
    let cred = b.param("lever.tariffs.credibility", Dist::Beta { a: 3.0, b: 4.0 }, 0.0, 1.0);
    b.lever(
        "tariffs",
        us,
        Trigger::Blamed { actor: ru, deal: Some(ceasefire) },
        vec![Effect::CostMultiplier { actor: ru, change: Change::Add(0.3) }],
        cred,
        4,
    );
    b.lever(
        "aid_pause",
        us,
        Trigger::Blamed { actor: ua, deal: None },
        vec![Effect::Aid { side: 1, from: us, change: Change::Set(0.0) }],
        fixed(0.5),
        2,
    );
    b.lever(
        "summit",
        us,
        Trigger::Date(jiff::civil::date(2025, 6, 2)),
        vec![Effect::TalksRate { channel: leaders, change: Change::Set(0.2) }],
        fixed(0.8),
        1,
    );
    b.lever(
        "mobilise",
        ua,
        Trigger::Control { front: front_ids[0], side: 0, cmp: Cmp::AtLeast, share: 0.75 },
        vec![Effect::Mobilisation { side: 1, change: Change::Add(0.004) }],
        fixed(0.7),
        6,
    );
    b.lever(
        "eu_aid",
        eu,
        Trigger::Refuses { actor: ru, deal: None },
        vec![Effect::Aid { side: 1, from: eu, change: Change::Scale(1.5) }],
        fixed(0.6),
        3,
    );
    b.lever(
        "violations",
        ru,
        Trigger::Signed(ceasefire),
        vec![Effect::Violations { change: Change::Add(0.5) }],
        fixed(0.4),
        8,
    );
    b.build()
}

/// The benchmark scenario with only the two sides as veto players on the ceasefire and
/// settlement and no commitment term: the cases the Nash solver is fast on today.
pub fn benchmark_two_veto() -> Scenario {
    let mut sc = benchmark();
    for a in sc.agreements.iter_mut().skip(3) {
        a.veto = vec![ActorId(0), ActorId(1)];
    }
    if let Some(c) = sc.campaign.as_mut() {
        c.side[1].fearfulness = fixed(0.0);
    }
    sc
}

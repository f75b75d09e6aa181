//! Every compare storyline, played in both panes through the core.
//!
//! For each storyline: the file parses and is in the catalog; both panes run every step without
//! a failed statement; every question gets an answer (allowed or denied) in both panes at some
//! step, so none is misspelt into "cannot be asked" forever; every cited rule is one that
//! `tests/rules.rs` proves. Then the first storyline shows the differences its narration claims.

mod support;

use mip::sim::world::World;
use mip::view::compare::{
    catalog, Aspect, Pane, Row, StepView, Storyline, Verdict, STORYLINE_FILES,
};
use support::{assert_catalog_matches, assert_no_failures, proven_rules};

fn storylines() -> Vec<Storyline> {
    catalog().unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_storyline_file_is_in_the_catalog() {
    assert_catalog_matches(
        "compare",
        STORYLINE_FILES,
        "STORYLINE_FILES in src/view/compare.rs",
    );
}

#[test]
fn every_pane_of_every_storyline_runs_without_a_failed_statement() {
    for storyline in storylines() {
        for pane in Pane::BOTH {
            for step in 0..=storyline.steps.len() {
                let script = storyline.script(pane, step);
                let session = mip::sim::script::session::Session::run(&script);
                assert_no_failures(
                    &format!("{} {} pane, step {step}", storyline.id, pane.key()),
                    &session.records,
                );
            }
        }
        for step in 0..=storyline.steps.len() {
            let view = storyline.at(step).expect("a step in range");
            for pane in &view.panes {
                let errors: Vec<&str> =
                    pane.ran.iter().filter_map(|r| r.error.as_deref()).collect();
                assert!(
                    errors.is_empty(),
                    "{} step {step}: {errors:?}",
                    storyline.id
                );
            }
        }
    }
}

#[test]
fn every_question_is_answered_in_both_panes_at_some_step() {
    for storyline in storylines() {
        let views: Vec<StepView> = (0..=storyline.steps.len())
            .map(|step| storyline.at(step).expect("a step in range"))
            .collect();
        for (index, ask) in storyline.asks.iter().enumerate() {
            for pane in Pane::BOTH {
                let answered = views.iter().any(|view| {
                    let verdict = decision(view, index)
                        .cell(pane)
                        .answer
                        .as_ref()
                        .map(|a| a.verdict);
                    matches!(verdict, Some(Verdict::Allowed | Verdict::Denied))
                });
                assert!(
                    answered,
                    "{}: '{}' is never answered in the {} pane",
                    storyline.id,
                    ask.args,
                    pane.key()
                );
            }
        }
    }
}

#[test]
fn every_cited_rule_is_one_the_rule_tests_prove() {
    let proven = proven_rules();
    for storyline in storylines() {
        assert!(!storyline.rules.is_empty(), "{}", storyline.id);
        for rule in &storyline.rules {
            assert!(
                proven.contains(rule),
                "{} cites {rule}, which no rule suite (tests/rules.rs, signin.rs, entra.rs, data_plane.rs, principals.rs) proves",
                storyline.id
            );
        }
    }
}

// ----- what the first storyline shows ------------------------------------------------------------

fn row(view: &StepView, aspect: Aspect) -> &Row {
    view.rows
        .iter()
        .find(|r| r.aspect == aspect)
        .unwrap_or_else(|| panic!("no {aspect:?} row"))
}

fn decision(view: &StepView, index: usize) -> &Row {
    row(view, Aspect::Decision(index))
}

fn verdict(view: &StepView, pane: Pane) -> Verdict {
    decision(view, 0)
        .cell(pane)
        .answer
        .as_ref()
        .map(|a| a.verdict)
        .expect("a question row has an answer")
}

fn world(view: &StepView, pane: Pane) -> &World {
    &view.panes[Pane::BOTH.iter().position(|p| *p == pane).unwrap_or(0)]
        .session
        .world
}

/// The identities' role assignments: the learner's own Owner assignment is the same in both panes.
fn identity_assignments(world: &World) -> usize {
    world
        .assignments()
        .iter()
        .filter(|a| a.principal_id != world.learner)
        .count()
}

fn orphaned(world: &World) -> usize {
    world
        .assignments()
        .iter()
        .filter(|a| world.is_orphaned(a))
        .count()
}

/// The view after the step with this title.
fn after(storyline: &Storyline, title: &str) -> StepView {
    let step = storyline
        .steps
        .iter()
        .position(|s| s.title == title)
        .unwrap_or_else(|| panic!("no step '{title}' in {}", storyline.id));
    storyline.at(step + 1).expect("a step in range")
}

/// MI-1.1, MI-1.5, MI-2.1: deleting the VM takes its system-assigned identity's service principal
/// with it and orphans its role assignment; a user-assigned identity keeps both.
#[test]
fn deleting_the_vm_orphans_the_system_assigned_access_and_keeps_the_user_assigned() {
    let storyline = &storylines()[0];
    let granted = after(storyline, "Let it read the blobs");
    assert_eq!(verdict(&granted, Pane::System), Verdict::Allowed);
    assert_eq!(verdict(&granted, Pane::User), Verdict::Allowed);
    for aspect in [
        Aspect::Identities,
        Aspect::Principals,
        Aspect::Assignments,
        Aspect::Decision(0),
    ] {
        assert!(
            !row(&granted, aspect).differs,
            "{aspect:?} is the same after granting"
        );
    }

    let deleted = after(storyline, "Delete the VM");
    let system = world(&deleted, Pane::System);
    assert_eq!(
        system.directory.len(),
        0,
        "the system-assigned principal left Entra ID"
    );
    assert_eq!(identity_assignments(system), 1);
    assert_eq!(orphaned(system), 1, "its assignment stays, orphaned");
    let user = world(&deleted, Pane::User);
    let identity_principal = world(&granted, Pane::User)
        .directory
        .principals()
        .next()
        .map(|sp| sp.object_id);
    assert_eq!(
        user.directory.principals().next().map(|sp| sp.object_id),
        identity_principal
    );
    assert_eq!((identity_assignments(user), orphaned(user)), (1, 0));
    for aspect in [Aspect::Identities, Aspect::Principals, Aspect::Assignments] {
        assert!(
            row(&deleted, aspect).differs,
            "{aspect:?} differs after the deletion"
        );
    }
    assert_eq!(
        row(&deleted, Aspect::Assignments).system.summary,
        "1, 1 orphaned"
    );
    assert_eq!(row(&deleted, Aspect::Assignments).user.summary, "1");
}

/// MI-1.1, MI-1.5, TK-3.2: the re-created VM gets a new system-assigned principal, denied until
/// granted again while the orphan stays; the user-assigned identity is attached again and allowed
/// at once.
#[test]
fn the_recreated_vm_is_denied_only_with_a_system_assigned_identity() {
    let storyline = &storylines()[0];
    let recreated = after(storyline, "Create it again");
    assert_eq!(verdict(&recreated, Pane::System), Verdict::Denied);
    assert_eq!(verdict(&recreated, Pane::User), Verdict::Allowed);
    for aspect in [Aspect::Principals, Aspect::Assignments, Aspect::Decision(0)] {
        assert!(
            row(&recreated, aspect).differs,
            "{aspect:?} differs after re-creating"
        );
    }
    assert!(decision(&recreated, 0).changed());

    let regranted = after(storyline, "Grant the new identity");
    assert_eq!(verdict(&regranted, Pane::System), Verdict::Allowed);
    let system = world(&regranted, Pane::System);
    assert_eq!(
        (identity_assignments(system), orphaned(system)),
        (2, 1),
        "the orphan stays"
    );
    assert!(
        regranted.panes[1].ran.is_empty(),
        "the user-assigned pane has nothing to do"
    );
    assert!(!row(&regranted, Aspect::Assignments).user.changed);
}

/// MI-2.1: a second VM needs a second identity and assignment with system-assigned identities,
/// and nothing new with the shared user-assigned identity.
#[test]
fn a_second_vm_needs_a_new_assignment_only_with_system_assigned_identities() {
    let storyline = &storylines()[0];
    let before = after(storyline, "Grant the new identity");
    let scaled = after(storyline, "Add a second VM");
    let added = |pane: Pane| {
        identity_assignments(world(&scaled, pane)) - identity_assignments(world(&before, pane))
    };
    assert_eq!((added(Pane::System), added(Pane::User)), (1, 0));
    for pane in Pane::BOTH {
        let answer = decision(&scaled, 1)
            .cell(pane)
            .answer
            .as_ref()
            .map(|a| a.verdict);
        assert_eq!(
            answer,
            Some(Verdict::Allowed),
            "web-2 reads blobs in the {} pane",
            pane.key()
        );
    }
    assert_eq!(row(&scaled, Aspect::Identities).system.summary, "2");
    assert_eq!(row(&scaled, Aspect::Identities).user.summary, "1");
}

/// MI-1.3, MI-1.5, TK-3.3: turning a system-assigned identity off deletes its principal and
/// orphans its assignment, and turning it on makes a new principal that the old assignment does
/// not cover; a detached user-assigned identity keeps both and is allowed again once attached.
#[test]
fn turning_the_identity_off_and_on_gives_a_new_principal_only_when_system_assigned() {
    let storyline = &storylines()[1];
    let first = after(storyline, "An identity and a role");
    let principal = |view: &StepView, pane: Pane| {
        world(view, pane)
            .directory
            .principals()
            .next()
            .map(|sp| sp.object_id)
    };

    let off = after(storyline, "Turn it off");
    for pane in Pane::BOTH {
        assert_eq!(
            verdict(&off, pane),
            Verdict::Denied,
            "no identity in the {} pane",
            pane.key()
        );
        assert_eq!(decision(&off, 0).cell(pane).summary, "Denied: no-identity");
    }
    assert!(
        !decision(&off, 0).differs,
        "both are denied for the same reason"
    );
    assert!(row(&off, Aspect::Principals).differs);
    assert_eq!(
        row(&off, Aspect::Assignments).system.summary,
        "1, 1 orphaned"
    );
    assert_eq!(principal(&off, Pane::User), principal(&first, Pane::User));

    let on = after(storyline, "Turn it on again");
    assert_eq!(verdict(&on, Pane::System), Verdict::Denied);
    assert_eq!(verdict(&on, Pane::User), Verdict::Allowed);
    assert_ne!(
        principal(&on, Pane::System),
        principal(&first, Pane::System)
    );
    assert_eq!(principal(&on, Pane::User), principal(&first, Pane::User));

    let cleaned = after(storyline, "Clean up and grant again");
    assert_eq!(verdict(&cleaned, Pane::System), Verdict::Allowed);
    let system = world(&cleaned, Pane::System);
    assert_eq!((identity_assignments(system), orphaned(system)), (1, 0));
    assert!(!row(&cleaned, Aspect::Assignments).differs);
    assert!(
        cleaned.panes[1].ran.is_empty(),
        "the user-assigned pane has nothing to do"
    );
}

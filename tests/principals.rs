//! Checks for every kind of principal (`mip check --as`), and the learner's own standing: a user
//! in the tenant who is Owner of the subscription.

use mip::sim::evaluate::{Outcome, Reason};
use mip::sim::script::command::Output;
use mip::sim::script::session::Session;

fn decision(script: &str) -> (Outcome, Reason) {
    let session = Session::run(script);
    let last = session.records.last().expect("a statement");
    assert!(last.error.is_none(), "{}: {:?}", last.text, last.error);
    match &last.output {
        Output::Decision(d) => (d.outcome, d.reason),
        other => panic!("not a decision: {other:?}"),
    }
}

/// RB-4.1, RB-4.6: the learner is a user holding Owner on the subscription: every management
/// operation, and no data (Owner has no DataActions).
#[test]
fn rb_4_6_the_learner_is_owner_of_the_subscription_but_reads_no_blobs() {
    let setup = "az group create -n rg1 -l eastus\naz storage account create -g rg1 -n store1\n";
    assert_eq!(
        decision(&format!("{setup}mip check --as learner@contoso.onmicrosoft.com --action 'Create or update VM' --scope rg1")),
        (Outcome::Allowed, Reason::RoleAssignment)
    );
    assert_eq!(
        decision(&format!("{setup}mip check --as learner@contoso.onmicrosoft.com --action 'Read blobs' --scope store1")),
        (Outcome::Denied, Reason::ActionNotPermitted)
    );
    let session = Session::run("az role assignment list --query \"[].{role:roleDefinitionName, type:principalType, scope:scope}\"");
    let listed = session.records[0].json.clone().expect("output");
    assert_eq!(listed[0]["role"], "Owner");
    assert_eq!(listed[0]["type"], "User");
}

/// `--as` names a principal by UPN, display name or id; `--from` and `--as` exclude each other.
#[test]
fn check_as_takes_any_principal_and_excludes_from() {
    let script = "az group create -n rg1 -l eastus\naz vm create -g rg1 -n vm1 --assign-identity\n";
    assert_eq!(
        decision(&format!(
            "{script}mip check --as vm1 --action 'Read blobs' --scope rg1"
        )),
        (Outcome::Denied, Reason::NoRoleAssignment)
    );
    let session = Session::run(&format!(
        "{script}mip check --as vm1 --from vm1 --action 'Read blobs' --scope rg1\nmip check --action 'Read blobs' --scope rg1\nmip check --as nobody --action 'Read blobs' --scope rg1\nmip check --as vm1 --client-id 00000000-0000-0000-0000-000000000000 --action 'Read blobs' --scope rg1"
    ));
    let errors: Vec<&str> = session.records[2..]
        .iter()
        .map(|r| r.error.as_ref().map_or("", |e| e.kind.code()))
        .collect();
    assert_eq!(
        errors,
        [
            "invalid-value",
            "missing-argument",
            "not-found",
            "invalid-value"
        ]
    );
}

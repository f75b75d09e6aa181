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

/// SI-8.2, SI-8.11, EN-9.6: the whole life of a client secret as a script would live it: made by
/// create-for-rbac and shown once, used to sign in as the app, refused once it has expired.
#[test]
fn si_8_11_a_client_secret_signs_in_until_it_expires() {
    let session = Session::run(
        "az group create -n rg1 -l eastus
rg=$(az group show -n rg1 --query id -o tsv)
appId=$(az ad sp create-for-rbac --name deploy-bot --role Reader --scopes $rg --query appId -o tsv)
az ad app credential reset --id $appId --query password -o tsv
",
    );
    assert!(!session.failed(), "{:?}", session.records);
    let secret = session.records[3]
        .json
        .as_ref()
        .and_then(|v| v.as_str())
        .expect("the new secret, shown once")
        .to_string();
    let app = session.var("appId").expect("appId").to_string();
    let mut session = session;
    let records = session
        .execute(&format!(
            "az login --service-principal -u {app} -p {secret} --tenant contoso.onmicrosoft.com\naz account show --query user.type -o tsv\naz group list --query [].name -o tsv\n"
        ))
        .to_vec();
    assert!(records.iter().all(|r| r.error.is_none()), "{records:?}");
    assert_eq!(
        records[1].json.as_ref().and_then(|v| v.as_str()),
        Some("servicePrincipal")
    );
    let records = session
        .execute(&format!(
            "mip wait 366d\naz login --service-principal -u {app} -p {secret} --tenant contoso.onmicrosoft.com\n"
        ))
        .to_vec();
    let error = records[1]
        .error
        .as_ref()
        .expect("an expired secret is refused");
    assert_eq!(error.kind.code(), "sign-in-failed");
    assert!(
        error.message.starts_with("AADSTS7000222"),
        "{}",
        error.message
    );
}

//! Everything the product ships is written in forms real az accepts, so what a learner copies
//! from the playground works in Azure Cloud Shell (EN-9.9, EN-9.13, EN-9.14).
//!
//! Two checks over every lesson (setup, each step's run block and solution, and the commands its
//! text, hints and notes show), every compare storyline (both panes), every README shell example
//! and every command the UI's builders in `view::commands` write for a rich world:
//! - run: no statement fails, but one under a `# fails: CODE` line, which must fail with that
//!   code (a lesson or an example shows a denial on purpose);
//! - read: in an az command, every `--scope` value is an ARM id or a `$variable`/`$(capture)`,
//!   every `--assignee` is a GUID, a user principal name or a variable/capture, and every `--ids`
//!   an ARM id or a variable/capture. The playground's own `mip` statements may name things;
//!   they are not az.

use std::fs;

use mip::sim::ids::Guid;
use mip::sim::resource::ResourceKind;
use mip::sim::scope::Scope;
use mip::sim::script::session::Session;
use mip::sim::token::Selector;
use mip::view::commands::{self, CreateOptions};
use mip::view::compare::{self, Pane};
use mip::view::document::{Block, Span};
use mip::view::lesson;

/// Why a value of a flag of an az command is not in a form az takes; `None` when it is.
fn bad_form(flag: &str, value: &str, in_prose: bool) -> Option<String> {
    let value = value.trim_matches(|c| c == '\'' || c == '"');
    if value.starts_with('$') || (in_prose && (value.starts_with('<') || value == "…")) {
        return None;
    }
    match flag {
        "--scope" if value.starts_with('/') && Scope::parse(value).is_ok() => None,
        "--scope" => Some(format!(
            "--scope {value}: az takes a full ARM id (EN-9.14); capture it: --scope $(az … show … --query id -o tsv)"
        )),
        "--ids" if value.starts_with('/') => None,
        "--ids" => Some(format!(
            "--ids {value}: az takes full ARM ids; capture one: --ids $(az … show … --query id -o tsv)"
        )),
        _ if Guid::parse(value).is_some() || value.contains('@') => None,
        _ => Some(format!(
            "--assignee {value}: az takes a UPN, a client id or an object id (EN-9.9); capture it: --assignee $(az … show … --query …principalId -o tsv)"
        )),
    }
}

/// The form problems of one statement's text: each `--scope`/`--assignee` whose command (the
/// nearest `az` or `mip` word before it) is az.
fn form_problems(text: &str, in_prose: bool) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut az = false;
    let mut problems = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let command = word.rsplit('=').next().unwrap_or(word);
        let command = command.trim_start_matches(['$', '(', '`']);
        match command {
            "az" => az = true,
            "mip" => az = false,
            "--scope" | "--assignee" | "--ids" if az => match words.get(i + 1) {
                Some(value) => problems.extend(bad_form(word, value, in_prose)),
                None => problems.push(format!("{word} has no value")),
            },
            _ => {}
        }
    }
    problems
        .into_iter()
        .map(|p| format!("{text}\n    {p}"))
        .collect()
}

/// Runs `script` in `session`; returns the failures and form problems. A statement under a
/// `# fails: CODE` line (the lesson format's mark for a failure shown on purpose) must fail with
/// that code, so that a failure is always a decision, never an accident.
fn check_run(session: &mut Session, script: &str, what: &str) -> Vec<String> {
    let mut out = Vec::new();
    let expected = lesson::expected_failures(script);
    let records = session.execute(script).to_vec();
    for (i, r) in records.iter().enumerate() {
        let want = expected.get(i).cloned().flatten();
        match (&r.error, want) {
            (None, None) => {}
            (Some(e), Some(code)) if e.kind.code() == code => {}
            (Some(e), _) => out.push(format!("{what}: {}\n    {e}", r.text)),
            (None, Some(code)) => {
                out.push(format!("{what}: {}\n    should fail with {code}", r.text))
            }
        }
        out.extend(
            form_problems(&r.text, false)
                .into_iter()
                .map(|p| format!("{what}: {p}")),
        );
    }
    out
}

fn assert_none(problems: Vec<String>) {
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn block_spans(block: &Block) -> &[Span] {
    match block {
        Block::Paragraph(spans) | Block::Item(spans) => spans,
    }
}

/// The form problems of the commands that prose (narration, hints, notes) shows as `code`, where
/// `<placeholders>` and `…` stand for values.
fn prose_problems<'a>(prose: impl Iterator<Item = &'a [Span]>, what: &str) -> Vec<String> {
    prose
        .flatten()
        .filter_map(|span| match span {
            Span::Code(code) => Some(code),
            _ => None,
        })
        .flat_map(|code| form_problems(code, true))
        .map(|p| format!("{what} text: {p}"))
        .collect()
}

#[test]
fn the_checker_tells_real_forms_from_names() {
    let ok = [
        "az role assignment create --assignee $p --role Reader --scope $storageId",
        "az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)",
        "az role assignment create --assignee learner@contoso.onmicrosoft.com --role Reader --scope /subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74",
        "az role assignment create --assignee 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779 --role Reader --scope /",
        "mip check --from vm1 --action 'Read blobs' --scope store1",
        "x=$(az role assignment list --scope $id --query [0].id -o tsv)",
    ];
    for text in ok {
        assert_eq!(form_problems(text, false), Vec::<String>::new(), "{text}");
    }
    let bad = [
        "az role assignment create --assignee vm1 --role Reader --scope $id",
        "az role assignment list --scope store1",
        "az vm create -g rg1 -n vm1 --assign-identity --role Reader --scope 'Playground subscription'",
        "p=$(az role assignment list --assignee vm1 --all)",
        "az resource show --ids vm1",
    ];
    for text in bad {
        assert_eq!(form_problems(text, false).len(), 1, "{text}");
    }
    assert!(form_problems(
        "az role assignment create --assignee <principal id> --scope …",
        true
    )
    .is_empty());
}

#[test]
fn every_lesson_runs_and_writes_real_forms() {
    let mut problems = Vec::new();
    for lesson in lesson::catalog().unwrap_or_else(|e| panic!("{e}")) {
        let mut session = Session::new();
        let id = lesson.id.as_str();
        let intro = lesson.intro.iter().map(block_spans);
        problems.extend(prose_problems(
            intro.chain(lesson.notes.iter().map(Vec::as_slice)),
            &format!("{id} intro"),
        ));
        problems.extend(check_run(
            &mut session,
            &lesson.setup,
            &format!("{id} setup"),
        ));
        for (i, step) in lesson.steps.iter().enumerate() {
            let what = format!("{id} step {}", i + 1);
            let prose = step
                .narration
                .iter()
                .map(block_spans)
                .chain(step.hints.iter().map(Vec::as_slice))
                .chain(step.notes.iter().map(Vec::as_slice));
            problems.extend(prose_problems(prose, &what));
            if let Some(run) = &step.run {
                problems.extend(check_run(&mut session, run, &format!("{what} run")));
            }
            if let Some(solution) = &step.solution {
                problems.extend(check_run(
                    &mut session,
                    solution,
                    &format!("{what} solution"),
                ));
            }
        }
    }
    assert_none(problems);
}

#[test]
fn every_storyline_runs_and_writes_real_forms_in_both_panes() {
    let mut problems = Vec::new();
    for storyline in compare::catalog().unwrap_or_else(|e| panic!("{e}")) {
        for pane in Pane::BOTH {
            let script = storyline.script(pane, storyline.steps.len());
            let what = format!("{} {} pane", storyline.id, pane.key());
            problems.extend(check_run(&mut Session::new(), &script, &what));
        }
    }
    assert_none(problems);
}

/// The README's shell examples that are playground scripts: ```sh blocks with az statements.
fn readme_scripts() -> Vec<String> {
    let readme = fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md is readable");
    readme
        .split("```sh\n")
        .skip(1)
        .filter_map(|rest| rest.split("```").next())
        .filter(|block| block.lines().any(|l| l.starts_with("az ")))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_readme_example_runs_and_writes_real_forms() {
    let scripts = readme_scripts();
    assert!(scripts.len() >= 2, "the README has its example scripts");
    let mut problems = Vec::new();
    for (i, script) in scripts.iter().enumerate() {
        let what = format!("README example {}", i + 1);
        problems.extend(check_run(&mut Session::new(), script, &what));
    }
    assert_none(problems);
}

/// A world with every kind of resource, identities of both kinds, a container, assignments and
/// the learner (a user).
const RICH: &str = "\
az group create -n rg1 -l eastus
az group create -n rg2 -l westus
az identity create -g rg1 -n uami1
az identity create -g rg2 -n uami2
az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity [system] uami1
az vm create -g rg1 -n vm2 --image Ubuntu2204
az vmss create -g rg1 -n ss1 --image Ubuntu2204 --assign-identity
az appservice plan create -g rg1 -n plan1
az webapp create -g rg1 -n web1 --plan plan1 --assign-identity
az storage account create -g rg1 -n st1 --assign-identity
az storage container create --account-name st1 -n logs
az functionapp create -g rg1 -n func1 --plan plan1 --storage-account st1
az keyvault create -g rg1 -n kv1
az sql server create -g rg1 -n sql1 --assign-identity
az cosmosdb create -g rg2 -n cosmos1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az identity show -g rg2 -n uami2 --query principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)/blobServices/default/containers/logs
";

/// Every statement the builders write for the rich world: each UI action on each thing in it.
fn builder_statements(world: &mip::sim::world::World) -> Vec<String> {
    let mut out = vec![commands::create_group("rg3", "eastus")];
    for (i, kind) in ResourceKind::ALL.into_iter().enumerate() {
        for system_identity in [false, true] {
            let opts = CreateOptions {
                system_identity,
                ..CreateOptions::default()
            };
            out.push(
                commands::create_resource(kind, "rg2", &format!("new{i}{system_identity}"), &opts)
                    .join("\n"),
            );
        }
    }
    let uamis: Vec<String> = world
        .resources()
        .filter(|r| r.kind == ResourceKind::UserAssignedIdentity)
        .map(|r| r.id.clone())
        .collect();
    let mut scopes = vec![format!(
        "/subscriptions/{}",
        world.default_subscription().id
    )];
    scopes.extend(world.groups().map(|g| g.id()));
    for r in world.resources() {
        scopes.push(r.id.clone());
        scopes.extend(
            r.containers()
                .iter()
                .map(|c| format!("{}/blobServices/default/containers/{c}", r.id)),
        );
        for enabled in [false, true] {
            out.extend(commands::set_system_identity(world, &r.id, enabled));
        }
        for uami in &uamis {
            out.extend(commands::attach_identity(world, &r.id, uami));
            out.extend(commands::detach_identity(world, &r.id, uami));
        }
        // Azure refuses to delete a plan that still hosts apps (the delete dialog says so).
        let hosts_apps = r.kind == ResourceKind::AppServicePlan
            && world
                .resources()
                .any(|app| app.group == r.group && app.kind.site_kind().is_some());
        if !hosts_apps {
            out.extend(commands::delete_resource(world, &r.id));
        }
        out.extend(commands::create_container(world, &r.id, "new"));
        out.push(commands::check(
            &r.name,
            "Read blobs",
            &r.id,
            &Selector::Default,
        ));
    }
    let mut principals: Vec<Guid> = world.directory.principals().map(|p| p.object_id).collect();
    principals.push(world.learner);
    for principal in principals {
        for scope in &scopes {
            out.push(commands::grant_role(world, principal, "Contributor", scope));
        }
    }
    out.extend(
        world
            .assignments()
            .iter()
            .filter_map(|a| commands::delete_assignment(world, a.name)),
    );
    out
}

#[test]
fn every_command_a_button_writes_runs_and_is_a_real_form() {
    let mut rich = Session::new();
    assert_none(check_run(&mut rich, RICH, "the rich world"));
    let statements = builder_statements(&rich.world);
    assert!(statements.len() > 100, "{} statements", statements.len());
    let mut problems = Vec::new();
    for statement in &statements {
        problems.extend(check_run(&mut rich.clone(), statement, "builder"));
    }
    assert_none(problems);
}

//! Malformed input: whatever a learner types, the session runs to the end without panicking,
//! and every error names a line and column inside the script and says what to do instead.
//!
//! Two halves: properties over arbitrary text, token soup and mutated valid scripts; and one
//! `check(script, expect![…])` per kind of mistake, snapshotting the rendered error lines.

use expect_test::{expect, Expect};
use mip::sim::script::lexer::parse_script;
use mip::sim::script::session::{without_last_statement, Session};
use proptest::prelude::*;
use proptest::sample::select;

// ----- properties ----------------------------------------------------------------------------

/// A valid script exercising most of the language: substitutions, quotes, continuations,
/// comments, `;`, and both `az` and `mip` statements.
const VALID: &str = r#"# A tutorial, more or less.
az group create --name rg1 -l eastus
az vm create -g rg1 -n vm1 --image Ubuntu2204 --generate-ssh-keys
az vm identity assign -g rg1 -n vm1
spID=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)
az storage account create -n st1 -g rg1; az storage container create --account-name st1 -n data
storageId=$(az storage account show -n st1 -g rg1 --query id --out tsv)
az role assignment create --assignee "$spID" \
    --role 'Storage Blob Data Reader' --scope ${storageId}
mip check --from vm1 --action "Read blobs" --scope data
mip expect allowed --reason role-assignment --from vm1 --action "Read blobs" --scope st1
az identity create -g rg1 -n id1
az vm identity assign -g rg1 -n vm1 --identities id1 `echo [system]`
mip token --from vm1 --resource https://storage.azure.com/ --msi-res-id id1
az vm update -n vm1 -g rg1 --set identity.type="none"
az role assignment list --all -o table
"#;

/// Lines as the lexer counts them: only `\n` ends a line.
fn line_lengths(src: &str) -> Vec<usize> {
    src.split('\n').map(|l| l.chars().count()).collect()
}

/// Runs `src` and checks that every record and every error is located inside it.
fn located(src: &str) -> Result<(), TestCaseError> {
    let session = Session::run(src);
    let lines = line_lengths(src);
    for record in &session.records {
        prop_assert!(
            record.line >= 1 && record.line <= record.end_line && record.end_line <= lines.len(),
            "record at lines {}..{} of {} in {:?}",
            record.line,
            record.end_line,
            lines.len(),
            src
        );
        if let Some(error) = &record.error {
            let pos = error.pos;
            let inside = pos.line >= 1
                && pos.col >= 1
                && lines
                    .get(pos.line - 1)
                    .is_some_and(|&len| pos.col <= len + 1);
            prop_assert!(inside, "error outside the script: {} in {:?}", error, src);
            prop_assert!(
                !error.message.trim().is_empty(),
                "empty error message in {:?}",
                src
            );
            let json = record
                .to_json_line()
                .expect("an error always makes a JSON line");
            prop_assert!(json.get("error").is_some());
        }
    }
    Ok(())
}

/// Undo on any text removes the last statement and keeps the others as they were. The one
/// exception is garbage whose error recovery makes statements overlap (an unclosed quote
/// swallows lines that are then parsed again): there no prefix keeps exactly the others, and
/// undo must still remove at least one statement.
fn undo_removes_one(src: &str) -> Result<(), TestCaseError> {
    let parsed = parse_script(src);
    let cut = without_last_statement(src);
    let kept = parse_script(&cut);
    if parsed.is_empty() {
        prop_assert!(kept.is_empty(), "undo of an empty script left {:?}", cut);
        return Ok(());
    }
    if kept[..] == parsed[..parsed.len() - 1] {
        return Ok(());
    }
    prop_assert!(
        kept.len() < parsed.len() && parsed.iter().any(Result::is_err),
        "script {:?} cut to {:?}: {} statements became {}",
        src,
        cut,
        parsed.len(),
        kept.len()
    );
    Ok(())
}

/// Words and pieces of words a script is made of, including the troublesome ones.
const PIECES: &[&str] = &[
    "az",
    "mip",
    "echo",
    "vm",
    "create",
    "identity",
    "assign",
    "remove",
    "role",
    "assignment",
    "group",
    "check",
    "token",
    "expect",
    "allowed",
    "--name",
    "-n",
    "-g",
    "--resource-group",
    "rg1",
    "vm1",
    "--scope",
    "/",
    "--role",
    "Reader",
    "--query",
    "[0].id",
    "-o",
    "tsv",
    "--action",
    "Read blobs",
    "--from",
    "$(",
    ")",
    "`",
    "'",
    "\"",
    "\\",
    "\\\n",
    "$X",
    "${X",
    "${X}",
    "X=",
    "X=$(",
    ";",
    "|",
    "&&",
    ">",
    "#",
    "\n",
    "\r\n",
    "\t",
    "é",
    "日本",
    "--",
    "-",
    "=",
    "$",
    "{",
    "}",
    "[system]",
    "00000000-0000-0000-0000-000000000000",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec((select(PIECES), select(&[" ", "", "\n", " "][..])), 0..40).prop_map(
        |parts| {
            parts
                .into_iter()
                .map(|(word, gap)| format!("{word}{gap}"))
                .collect()
        },
    )
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Insert(usize, char),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let chars = select(
        &[
            '\'', '"', '`', '$', '(', ')', '{', '}', '\\', '\n', '\r', ';', '|', '#', '-', ' ',
            '=', 'é', '\0',
        ][..],
    );
    prop_oneof![
        3 => any::<usize>().prop_map(Mutation::Delete),
        2 => any::<usize>().prop_map(Mutation::Duplicate),
        4 => (any::<usize>(), prop_oneof![3 => chars, 1 => any::<char>()]).prop_map(|(i, c)| Mutation::Insert(i, c)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(src: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = src.chars().collect();
    for m in mutations {
        let len = chars.len();
        match *m {
            Mutation::Delete(i) if len > 0 => {
                chars.remove(i % len);
            }
            Mutation::Duplicate(i) if len > 0 => {
                let c = chars[i % len];
                chars.insert(i % len, c);
            }
            Mutation::Insert(i, c) => chars.insert(i % (len + 1), c),
            Mutation::Truncate(i) => chars.truncate(i % (len + 1)),
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_gives_located_errors(src in any::<String>()) {
        located(&src)?;
        undo_removes_one(&src)?;
    }

    #[test]
    fn token_soup_gives_located_errors(src in soup()) {
        located(&src)?;
        undo_removes_one(&src)?;
    }

    #[test]
    fn mutated_scripts_give_located_errors(mutations in prop::collection::vec(mutation(), 1..8)) {
        let src = mutate(VALID, &mutations);
        located(&src)?;
        undo_removes_one(&src)?;
    }
}

/// The unmutated script is valid, so the mutations above start from a script that runs.
#[test]
fn the_valid_script_runs_cleanly() {
    let session = Session::run(VALID);
    let errors: Vec<String> = session
        .records
        .iter()
        .filter_map(|r| r.error.as_ref())
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(session.records.len(), 15);
}

// ----- one case per kind of mistake ----------------------------------------------------------

/// What every case below starts from (lines 1 and 2), so that names resolve.
const SETUP: &str = "az group create -n rg1 -l eastus\naz vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity\n";

/// Runs `SETUP` + `src` and snapshots each error as `[code] line L, column C: message`.
fn check(src: &str, expect: Expect) {
    let session = Session::run(&format!("{SETUP}{src}"));
    let rendered: String = session
        .records
        .iter()
        .filter_map(|r| r.error.as_ref())
        .map(|e| format!("[{}] {e}\n", e.kind.code()))
        .collect();
    expect.assert_eq(&rendered);
}

/// Like `check`, but shows every statement: `L: ok` or its error.
fn check_all(src: &str, expect: Expect) {
    let session = Session::run(&format!("{SETUP}{src}"));
    let rendered: String = session
        .records
        .iter()
        .map(|r| match &r.error {
            Some(e) => format!("{}: [{}] {}\n", r.line, e.kind.code(), e.message),
            None => format!("{}: ok\n", r.line),
        })
        .collect();
    expect.assert_eq(&rendered);
}

#[test]
fn unknown_command() {
    check(
        "az vmm create -g rg1 -n vm2\n",
        expect![[r#"
            [unknown-command] line 3, column 4: 'vmm' is not a command in 'az'; did you mean 'vm'?
        "#]],
    );
    check(
        "azz vm list\n",
        expect![[r#"
        [unknown-command] line 3, column 1: unknown command 'azz': statements start with az, mip, echo or NAME=value
    "#]],
    );
}

#[test]
fn unknown_subcommand() {
    check(
        "az vm creat -g rg1 -n vm2\n",
        expect![[r#"
        [unknown-command] line 3, column 7: 'creat' is not a command in 'az vm'; did you mean 'create'?
    "#]],
    );
    check(
        "az vm identity\n",
        expect![[r#"
        [unknown-command] line 3, column 7: 'az vm identity' is a command group, not a command; choose one of: assign, remove, show
    "#]],
    );
}

#[test]
fn unknown_flag_suggests_the_closest() {
    check(
        "az vm create -g rg1 --nme vm2\n",
        expect![[r#"
        [unknown-flag] line 3, column 21: unknown flag --nme for 'az vm create'; did you mean --name?
    "#]],
    );
}

#[test]
fn missing_required_flag() {
    check(
        "az vm create -g rg1\n",
        expect![[r#"
            [missing-argument] line 3, column 1: the following arguments are required: --name/-n
        "#]],
    );
    check(
        "mip check --from vm1 --action 'Read blobs'\n",
        expect![[r#"
        [missing-argument] line 3, column 1: 'mip check' needs --scope: the target: name or ARM id, including child paths such as containers
    "#]],
    );
}

#[test]
fn flag_without_value() {
    check(
        "az vm create -g rg1 -n\n",
        expect![[r#"
        [missing-argument] line 3, column 21: -n needs a value
    "#]],
    );
    check(
        "az vm create -g --name vm2\n",
        expect![[r#"
        [missing-argument] line 3, column 14: -g needs a value
    "#]],
    );
}

#[test]
fn bad_output_format() {
    check(
        "az group show -n rg1 -o xml\n",
        expect![[r#"
            [invalid-value] line 3, column 25: 'xml' is not a valid value for '--output'.
        "#]],
    );
}

#[test]
fn bad_query() {
    check(
        "az group show -n rg1 --query '[.name'\n",
        expect![[r#"
            [invalid-value] line 3, column 30: argument --query: invalid jmespath_type value: '[.name'
            To learn more about --query, please visit: 'https://learn.microsoft.com/cli/azure/query-azure-cli'
        "#]],
    );
}

#[test]
fn unset_variable() {
    check(
        "az group show -n $GROUP\n",
        expect![[r#"
        [syntax] line 3, column 18: $GROUP is not set (assign it first, e.g. GROUP=value)
    "#]],
    );
    check(
        "echo \"${MISSING}\"\n",
        expect![[r#"
        [syntax] line 3, column 6: $MISSING is not set (assign it first, e.g. MISSING=value)
    "#]],
    );
}

#[test]
fn unterminated_quote() {
    // The error points at the opening quote, and the next line still runs.
    check_all(
        "az group create -n 'rg2 -l eastus\naz group show -n rg1 --query name\n",
        expect![[r#"
        1: ok
        2: ok
        3: [syntax] unclosed single quote ('): add the matching ' where the quoted text ends
        4: ok
    "#]],
    );
    check(
        "X=$(az group show -n rg1\n",
        expect![[r#"
        [syntax] line 3, column 3: unclosed '$(': add the matching ')' after the command
    "#]],
    );
}

#[test]
fn unsupported_shell() {
    check(
        "az vm list | grep vm1\n",
        expect![[r#"
        [syntax] line 3, column 12: pipes ('|') are not supported; run one command per line and use VAR=$(...) to pass values
    "#]],
    );
    check(
        "az group show -n rg1 > out.json\n",
        expect![[r#"
        [syntax] line 3, column 22: redirections ('>') are not supported; pass values as arguments and capture output with VAR=$(...)
    "#]],
    );
    check(
        "az group show -n rg1 && echo done\n",
        expect![[r#"
        [syntax] line 3, column 22: '&&' is not supported; put each command on its own line
    "#]],
    );
}

#[test]
fn unknown_resource_name_suggests_the_closest() {
    check(
        "mip check --from vm11 --action 'Read blobs' --scope rg1\n",
        expect![[r#"
        [not-found] line 3, column 18: no resource is named 'vm11'; did you mean 'vm1'?
    "#]],
    );
    check(
        "az vm show -g rg1 -n vm2\n",
        expect![[r#"
        [not-found] line 3, column 22: (ResourceNotFound) The Resource 'Microsoft.Compute/virtualMachines/vm2' under resource group 'rg1' was not found.
    "#]],
    );
    check(
        "az vm show -g rg9 -n vm1\n",
        expect![[r#"
        [not-found] line 3, column 15: (ResourceGroupNotFound) Resource group 'rg9' could not be found.
    "#]],
    );
}

#[test]
fn ambiguous_name() {
    check(
        "az storage account create -g rg1 -n box1\naz vm create -g rg1 -n box1\nmip check --from vm1 --action 'Read blobs' --scope box1\n",
        expect![[r#"
            [ambiguous] line 5, column 52: 'box1' could mean any of these; use the ARM id instead:
              /subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/box1
              /subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/box1
        "#]],
    );
}

#[test]
fn bad_guid() {
    check(
        "az role assignment create --assignee-object-id not-a-guid --role Reader --scope $(az group show -n rg1 --query id -o tsv)\n",
        expect![[r#"
        [invalid-value] line 3, column 48: --assignee-object-id must be a GUID like 00000000-0000-0000-0000-000000000000, not 'not-a-guid'
    "#]],
    );
    check(
        "az role assignment create --assignee 00000000-0000-0000-0000-000000000001 --role Reader --scope $(az group show -n rg1 --query id -o tsv)\n",
        expect![[r#"
            [not-found] line 3, column 38: Cannot find user or service principal in graph database for '00000000-0000-0000-0000-000000000001'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id 00000000-0000-0000-0000-000000000001'.
        "#]],
    );
}

#[test]
fn role_name_typo_suggests_the_closest() {
    check(
        "az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reeder --scope $(az group show -n rg1 --query id -o tsv)\n",
        expect![[r#"
            [not-found] line 3, column 109: Role 'Reeder' doesn't exist; did you mean 'Reader'?
        "#]],
    );
    check(
        "az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reder' --scope $(az group show -n rg1 --query id -o tsv)\n",
        expect![[r#"
            [not-found] line 3, column 109: Role 'Storage Blob Data Reder' doesn't exist; did you mean 'Storage Blob Data Reader'?
        "#]],
    );
}

#[test]
fn bad_values() {
    check(
        "az vm create -g rg1 -n 'bad name!'\n",
        expect![[r#"
        [invalid-value] line 3, column 24: 'bad name!' is not a valid virtual machine name: use letters, digits, '.', '_' and '-'; no leading '_' or trailing '.' or '-'
    "#]],
    );
    check(
        "mip expect maybe --from vm1 --action 'Read blobs' --scope rg1\n",
        expect![[r#"
        [invalid-value] line 3, column 12: 'mip expect' takes 'allowed' or 'denied', not 'maybe'
    "#]],
    );
    check(
        "mip check --from vm1 --action 'Read blobz' --scope rg1\n",
        expect![[r#"
            [invalid-value] line 3, column 31: 'Read blobz' is neither a known operation name nor an operation string like Microsoft.Storage/storageAccounts/read; did you mean 'Read blobs'?
        "#]],
    );
    check(
        "mip wait soon\n",
        expect![[r#"
        [invalid-value] line 3, column 10: 'soon' is not a duration: write a number and a unit, e.g. 30s, 10m, 2h or 31d
    "#]],
    );
}

#[test]
fn a_failed_expectation_is_an_error() {
    check(
        "mip expect allowed --from vm1 --action 'Read blobs' --scope rg1\n",
        expect![[r#"
        [expectation-failed] line 3, column 1: expected allowed, but it was denied (no-role-assignment): Token for the system-assigned identity of vm1. Denied: vm1 (system-assigned) has no role assignment at resource group rg1 or any scope above it (subscription 'Playground subscription', the tenant root). Suggestion: Grant Storage Blob Data Reader on resource group rg1.
    "#]],
    );
}

#[test]
fn execution_continues_after_an_error() {
    check_all(
        "az vmm list\necho $NOPE\naz group create -n rg2 -l eastus\naz vm list -g rg2 --query length(@)\naz vm list -g rg2 --query 'length(@)'\n",
        expect![[r#"
            1: ok
            2: ok
            3: [unknown-command] 'vmm' is not a command in 'az'; did you mean 'vm'?
            4: [syntax] $NOPE is not set (assign it first, e.g. NOPE=value)
            5: ok
            6: [syntax] '(' is not supported here (there are no functions or subshells); quote the argument if '(' is part of it
            7: ok
        "#]],
    );
}

#[test]
fn errors_inside_substitutions_point_into_them() {
    check(
        "X=$(az vm show -g rg1 -n vm9 --query id -o tsv)\n",
        expect![[r#"
        [not-found] line 3, column 26: (ResourceNotFound) The Resource 'Microsoft.Compute/virtualMachines/vm9' under resource group 'rg1' was not found.
    "#]],
    );
    check(
        "az vm show --ids $(az vm show -g rg1 -n vm1 --qury id -o tsv)\n",
        expect![[r#"
        [unknown-flag] line 3, column 45: unknown flag --qury for 'az vm show'; did you mean --query?
    "#]],
    );
}

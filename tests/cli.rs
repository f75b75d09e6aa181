//! The `mip` command line, run as a user would: scripts from files and from standard input, text
//! and JSON Lines output, exit codes, and the help text. The contract is `src/bin/mip_help.txt`.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use mip::sim::evaluate::Reason;
use mip::sim::script::error::ErrorKind;
use serde_json::Value;

/// What one run of `mip` left behind.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// Standard output as JSON Lines; fails the test on a line that is not a JSON object.
    fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|line| {
                let value: Value =
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
                assert!(value.is_object(), "not a JSON object: {line}");
                value
            })
            .collect()
    }
}

/// A script file under the temp directory, removed when dropped.
struct ScriptFile(PathBuf);

impl ScriptFile {
    fn new(contents: &[u8]) -> ScriptFile {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "mip-cli-test-{}-{}.sh",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, contents).expect("write the script");
        ScriptFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("temp paths are UTF-8")
    }
}

impl Drop for ScriptFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Runs `mip ARGS…` with `stdin` as standard input.
fn mip_with_stdin(args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mip"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start mip");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("wait for mip");
    Run {
        code: output.status.code().expect("mip exits with a code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn mip(args: &[&str]) -> Run {
    mip_with_stdin(args, "")
}

/// Writes `script` to a file and runs `mip run [--json] FILE`.
fn run_script(json: bool, script: &str) -> Run {
    let file = ScriptFile::new(script.as_bytes());
    let mut args = vec!["run"];
    if json {
        args.push("--json");
    }
    args.push(file.path());
    mip(&args)
}

fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn set<'a>(items: &[&'a str]) -> BTreeSet<&'a str> {
    items.iter().copied().collect()
}

/// Groups, a VM with a system-assigned identity, a storage account it may read from, and a
/// user-assigned identity: enough for checks and tokens to go either way.
const SETUP: &str = "az group create -n rg1 -l eastus
az vm create -g rg1 -n vm1 --image Ubuntu2204 --assign-identity
az storage account create -g rg1 -n st1
spID=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)
az role assignment create --assignee $spID --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)
";

// ----- text mode -----------------------------------------------------------------------------

#[test]
fn text_mode_prints_what_az_prints() {
    let run = run_script(
        false,
        &format!("{SETUP}az vm show -g rg1 -n vm1 --query name -o tsv\necho done\n"),
    );
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(
        run.stdout.contains("\"name\": \"rg1\""),
        "the group as JSON: {}",
        run.stdout
    );
    assert!(
        run.stdout.contains("\nvm1\n"),
        "the tsv query result on its own line: {}",
        run.stdout
    );
    assert!(run.stdout.ends_with("done\n"), "{}", run.stdout);
}

#[test]
fn text_mode_sends_notes_and_errors_to_stderr() {
    let run = run_script(false, "az group create -n rg1 -l eastus\naz vm create -g rg1 -n vm1 --image Ubuntu2204\naz vm show -g rg1 -n vm9\necho after\n");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("line 2: note: --image Ubuntu2204 does not affect identities"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("line 3, column 22: (ResourceNotFound)"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stdout.contains("note:") && !run.stdout.contains("ResourceNotFound"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("after\n"),
        "the statement after the error ran: {}",
        run.stdout
    );
}

#[test]
fn text_mode_prints_decisions_and_tokens_readably() {
    let run = run_script(
        false,
        &format!("{SETUP}mip check --from vm1 --action 'Read blobs' --scope st1\nmip token --from vm1 --resource https://storage.azure.com/\n"),
    );
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    assert!(
        run.stdout.contains("ALLOWED (role-assignment)"),
        "{}",
        run.stdout
    );
}

// ----- JSON Lines ----------------------------------------------------------------------------

#[test]
fn json_mode_prints_one_object_per_statement_with_output_or_error() {
    let script = format!("{SETUP}# a comment\nX=1\naz vm show -g rg1 -n vm9\naz vm delete -g rg1 -n vm1 --yes\necho $X\n");
    let run = run_script(true, &script);
    assert_eq!(run.code, 1);
    let lines = run.json_lines();
    // Assignments and `az vm delete` print nothing, so they have no line.
    let numbers: Vec<u64> = lines
        .iter()
        .map(|l| l["line"].as_u64().expect("line is a number"))
        .collect();
    assert_eq!(numbers, [1, 2, 3, 5, 8, 10]);
    for line in &lines {
        assert!(line["statement"].is_string(), "{line}");
        if line.get("error").is_some() {
            assert_eq!(keys(line), set(&["line", "statement", "error"]), "{line}");
            assert_eq!(keys(&line["error"]), set(&["code", "message"]), "{line}");
        } else {
            assert_eq!(keys(line), set(&["line", "statement", "output"]), "{line}");
        }
    }
    let error = &lines[4];
    assert_eq!(error["statement"], "az vm show -g rg1 -n vm9");
    assert_eq!(error["error"]["code"], "not-found");
    assert!(
        error["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("line 8, column 22: ")),
        "{error}"
    );
    assert_eq!(lines[5]["output"], "1");
}

#[test]
fn json_check_output_has_exactly_the_documented_keys() {
    let script = format!(
        "{SETUP}mip check --from vm1 --action 'Read blobs' --scope st1
mip check --from vm1 --action 'Write blobs' --scope st1
mip expect allowed --reason role-assignment --from vm1 --action 'Read blobs' --scope st1
"
    );
    let run = run_script(true, &script);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let lines = run.json_lines();
    let decisions: Vec<&Value> = lines
        .iter()
        .filter(|l| {
            l["statement"]
                .as_str()
                .is_some_and(|s| s.starts_with("mip "))
        })
        .map(|l| &l["output"])
        .collect();
    assert_eq!(decisions.len(), 3);
    for decision in &decisions {
        assert_eq!(
            keys(decision),
            set(&["decision", "reason", "explanation", "granted_by"]),
            "{decision}"
        );
        assert!(decision["explanation"].is_string());
        for grant in decision["granted_by"]
            .as_array()
            .expect("granted_by is a list")
        {
            assert_eq!(
                keys(grant),
                set(&["role", "scope", "assignment"]),
                "{grant}"
            );
        }
    }
    assert_eq!(decisions[0]["decision"], "allowed");
    assert_eq!(decisions[0]["reason"], "role-assignment");
    assert_eq!(
        decisions[0]["granted_by"][0]["role"],
        "Storage Blob Data Reader"
    );
    assert_eq!(decisions[1]["decision"], "denied");
    assert_eq!(decisions[1]["reason"], "action-not-permitted");
    assert_eq!(decisions[1]["granted_by"], Value::Array(Vec::new()));
    assert_eq!(decisions[2], decisions[0]);
}

#[test]
fn json_token_output_is_ok_with_claims_or_an_error() {
    let script = format!(
        "{SETUP}mip token --from vm1 --resource https://storage.azure.com/
az vm identity remove -g rg1 -n vm1
mip token --from vm1 --resource https://storage.azure.com/
"
    );
    let run = run_script(true, &script);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let tokens: Vec<Value> = run
        .json_lines()
        .into_iter()
        .filter(|l| {
            l["statement"]
                .as_str()
                .is_some_and(|s| s.starts_with("mip token"))
        })
        .map(|l| l["output"].clone())
        .collect();
    assert_eq!(tokens.len(), 2);
    assert_eq!(
        keys(&tokens[0]),
        set(&["ok", "identity", "claims"]),
        "{}",
        tokens[0]
    );
    assert_eq!(tokens[0]["ok"], true);
    assert_eq!(tokens[0]["claims"]["aud"], "https://storage.azure.com/");
    assert_eq!(keys(&tokens[1]), set(&["ok", "error"]), "{}", tokens[1]);
    assert_eq!(tokens[1]["ok"], false);
    assert_eq!(
        keys(&tokens[1]["error"]),
        set(&["code", "message"]),
        "{}",
        tokens[1]
    );
    assert_eq!(tokens[1]["error"]["code"], "no-identity");
}

// ----- standard input ------------------------------------------------------------------------

#[test]
fn reads_the_script_from_stdin() {
    let run = mip_with_stdin(
        &["run", "-"],
        "az group create -n rg1 -l eastus\necho hello\n",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.ends_with("hello\n"), "{}", run.stdout);

    let run = mip_with_stdin(&["run", "--json", "-"], "echo hello\nazz\n");
    assert_eq!(run.code, 1);
    let lines = run.json_lines();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["output"], "hello");
    assert_eq!(lines[1]["error"]["code"], "unknown-command");
}

// ----- exit codes ----------------------------------------------------------------------------

#[test]
fn exit_code_0_when_every_statement_succeeds() {
    assert_eq!(run_script(false, SETUP).code, 0);
    assert_eq!(run_script(true, SETUP).code, 0);
    assert_eq!(run_script(false, "").code, 0, "an empty script is fine");
    assert_eq!(run_script(false, "# only a comment\n").code, 0);
}

#[test]
fn exit_code_1_when_any_statement_fails() {
    assert_eq!(
        run_script(
            false,
            "echo one\naz vm show -g nowhere -n vm1\necho three\n"
        )
        .code,
        1
    );
    assert_eq!(run_script(true, "echo 'unterminated\n").code, 1);
}

#[test]
fn exit_code_1_when_an_expectation_fails() {
    let script = format!("{SETUP}mip expect denied --from vm1 --action 'Read blobs' --scope st1\n");
    let run = run_script(false, &script);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("expected denied, but it was allowed (role-assignment)"),
        "{}",
        run.stderr
    );

    let run = run_script(true, &script);
    assert_eq!(run.code, 1);
    let last = run.json_lines().pop().expect("a line for the expectation");
    assert_eq!(last["error"]["code"], "expectation-failed");
}

#[test]
fn exit_code_2_when_the_script_cannot_be_read() {
    let missing =
        std::env::temp_dir().join(format!("mip-cli-test-{}-missing.sh", std::process::id()));
    let run = mip(&["run", missing.to_str().expect("UTF-8")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("mip: cannot read"), "{}", run.stderr);
    assert!(run.stdout.is_empty());

    let directory = std::env::temp_dir();
    assert_eq!(
        mip(&["run", directory.to_str().expect("UTF-8")]).code,
        2,
        "a directory is not a script"
    );

    let not_utf8 = ScriptFile::new(b"echo \xff\xfe\n");
    let run = mip(&["run", not_utf8.path()]);
    assert_eq!(run.code, 2, "stdout: {}", run.stdout);
    assert!(run.stderr.contains("cannot read"), "{}", run.stderr);
}

#[test]
fn exit_code_2_when_the_command_line_is_wrong() {
    for args in [
        &["run"][..],
        &["run", "--json"],
        &["run", "--jsn", "x.sh"],
        &["run", "a.sh", "b.sh"],
        &["frobnicate"],
    ] {
        let run = mip(args);
        assert_eq!(run.code, 2, "mip {args:?}");
        assert!(
            run.stderr.contains("Run 'mip --help' for usage."),
            "mip {args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "mip {args:?}: {}", run.stdout);
    }
    assert!(mip(&["run"]).stderr.contains("needs a FILE"));
    assert!(mip(&["run", "--jsn", "x.sh"])
        .stderr
        .contains("unknown option '--jsn'"));
}

// ----- help ----------------------------------------------------------------------------------

#[test]
fn help_documents_every_reason_error_and_exit_code() {
    let run = mip(&["--help"]);
    assert_eq!(run.code, 0);
    for reason in Reason::ALL {
        assert!(
            run.stdout.contains(reason.code()),
            "--help misses reason {}",
            reason.code()
        );
    }
    for kind in ErrorKind::ALL {
        assert!(
            run.stdout.contains(kind.code()),
            "--help misses error code {}",
            kind.code()
        );
    }
    let exit_status = run
        .stdout
        .split("EXIT STATUS")
        .nth(1)
        .expect("an EXIT STATUS section");
    for code in ["0 ", "1 ", "2 "] {
        assert!(exit_status.contains(code), "EXIT STATUS misses {code}");
    }
    assert_eq!(mip(&[]).stdout, run.stdout, "no arguments prints the help");
    assert_eq!(mip(&["run", "--help"]).stdout, run.stdout);
}

#[test]
fn version_names_the_tool_and_its_interfaces() {
    let run = mip(&["--version"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .starts_with(&format!("mip {} ", env!("CARGO_PKG_VERSION"))),
        "{}",
        run.stdout
    );
}

//! Console completion, driven by the command table (`sim::script::table::COMMANDS`): the next
//! command word (`az vm id` → `identity`), then, once a command is complete, the flags it has not
//! been given yet, each with its help as the detail.
//!
//! Completion reads the input with the shell's quoting rules but never runs anything. It works
//! on the statement being typed: the text after the last `;` or line break, or inside an open
//! `$(`. Invariants: a completion's `replacement` is the whole new input, equal to the old input
//! up to the word being completed; nothing is offered where a value is expected (after a flag
//! that takes one, inside quotes, in an assignment or a comment) or after an unknown command, so
//! a suggestion is never wrong; nothing here panics on any input.

use crate::sim::script::command::{find_flag, Arity, CommandSpec, Effect, FlagSpec};
use crate::sim::script::table::COMMANDS;
use crate::sim::sort::sort_by_key;

/// One suggestion for the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    /// The whole input with the suggestion applied, ending in a space so typing can go on.
    pub replacement: String,
    /// What the list shows: the completed word.
    pub label: String,
    /// A short explanation: a command's summary, a group's subcommands, or a flag's help.
    pub detail: String,
}

/// The completions for `input` as typed so far, best first.
pub fn complete(input: &str) -> Vec<Completion> {
    let Some(statement) = scan(input) else {
        return Vec::new();
    };
    let words: Vec<&str> = statement.words.iter().map(String::as_str).collect();
    let head = &input[..statement.partial_start.min(input.len())];
    let partial = statement.partial.as_str();
    if is_assignment(&words, partial) {
        return Vec::new();
    }
    if let Some(spec) = command_at(&words) {
        return complete_flags(spec, &words[spec.path.len()..], partial, head);
    }
    complete_words(&words, partial, head)
}

/// The next word of a command path.
fn complete_words(words: &[&str], partial: &str, head: &str) -> Vec<Completion> {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for spec in COMMANDS {
        let Some(next) = spec.path.get(words.len()) else {
            continue;
        };
        if spec.path[..words.len()] != *words || !next.starts_with(partial) || seen.contains(next) {
            continue;
        }
        seen.push(next);
        let mut path: Vec<&str> = words.to_vec();
        path.push(next);
        out.push(Completion {
            replacement: format!("{head}{next} "),
            label: (*next).to_string(),
            detail: word_detail(&path),
        });
    }
    out
}

/// A command's summary when `path` names one, else the words that can follow it.
fn word_detail(path: &[&str]) -> String {
    if let Some(spec) = COMMANDS.iter().find(|s| s.path == path) {
        return spec.summary.to_string();
    }
    let mut children: Vec<&str> = Vec::new();
    for spec in COMMANDS {
        if spec.path.len() > path.len() && spec.path[..path.len()] == *path {
            let child = spec.path[path.len()];
            if !children.contains(&child) {
                children.push(child);
            }
        }
    }
    let what = if path == ["mip"] {
        "statements"
    } else {
        "commands"
    };
    format!("{what}: {}", children.join(", "))
}

/// The flags of a complete command that have not been given yet.
fn complete_flags(
    spec: &'static CommandSpec,
    args: &[&str],
    partial: &str,
    head: &str,
) -> Vec<Completion> {
    // `echo` and the like take every word as text.
    if spec.positional.is_some_and(|p| p.ends_with('…')) {
        return Vec::new();
    }
    if args.is_empty() && !partial.starts_with('-') {
        if let Some(choices) = spec
            .positional
            .filter(|p| p.contains('|') && !p.contains(' '))
        {
            return choices
                .split('|')
                .filter(|c| c.starts_with(partial))
                .map(|c| Completion {
                    replacement: format!("{head}{c} "),
                    label: c.to_string(),
                    detail: spec.summary.to_string(),
                })
                .collect();
        }
    }
    if !partial.is_empty() && (!partial.starts_with('-') || partial.contains('=')) {
        return Vec::new();
    }
    if partial.is_empty() && awaits_value(spec, args) {
        return Vec::new();
    }
    let used: Vec<&str> = args
        .iter()
        .filter(|w| is_flag(w))
        .filter_map(|w| find_flag(spec, w.split('=').next().unwrap_or(w)))
        .map(FlagSpec::long)
        .collect();
    let mut flags: Vec<&'static FlagSpec> = spec
        .all_flags()
        .filter(|f| !used.contains(&f.long()))
        .collect();
    // Required flags first, then the ones that matter, then real az flags the playground ignores.
    sort_by_key(&mut flags, |f| (!f.required, f.effect == Effect::Ignored));
    flags
        .into_iter()
        .filter_map(|f| {
            let name = flag_name(f, partial)?;
            let detail = if f.required {
                format!("{} (required)", f.help)
            } else {
                f.help.to_string()
            };
            Some(Completion {
                replacement: format!("{head}{name} "),
                label: name.to_string(),
                detail,
            })
        })
        .collect()
}

/// The name to insert for a flag given what was typed: the long name, or a short alias when
/// the learner is typing one (`-g`).
fn flag_name(flag: &FlagSpec, partial: &str) -> Option<&'static str> {
    if partial.is_empty() || partial == "-" || partial.starts_with("--") {
        return flag
            .names
            .iter()
            .find(|n| n.starts_with("--") && n.starts_with(partial))
            .copied();
    }
    flag.names.iter().find(|n| n.starts_with(partial)).copied()
}

/// True when the last word is a flag that still needs its value (`--name` with nothing after).
fn awaits_value(spec: &'static CommandSpec, args: &[&str]) -> bool {
    let Some(last) = args.last() else {
        return false;
    };
    if !is_flag(last) || last.contains('=') {
        return false;
    }
    find_flag(spec, last).is_some_and(|f| matches!(f.arity, Arity::One | Arity::Many))
}

/// A word the argument parser reads as a flag (negative numbers are values).
fn is_flag(word: &str) -> bool {
    word.starts_with('-') && word.len() > 1 && word.parse::<f64>().is_err()
}

/// The longest command whose whole path the complete words start with.
fn command_at(words: &[&str]) -> Option<&'static CommandSpec> {
    COMMANDS
        .iter()
        .filter(|s| s.path.len() <= words.len() && words[..s.path.len()] == *s.path)
        .max_by_key(|s| s.path.len())
}

/// `NAME=value` and `export NAME=value` statements: no command to complete.
fn is_assignment(words: &[&str], partial: &str) -> bool {
    let first = words.first().copied().unwrap_or(partial);
    if first == "export" {
        return true;
    }
    match first.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}

/// The statement being typed: its complete words (unquoted) and the word under the cursor.
#[derive(Debug, Default)]
struct Statement {
    words: Vec<String>,
    partial: String,
    /// Byte offset in the input where the word under the cursor starts.
    partial_start: usize,
}

/// One level of `$(…)` nesting: the statement inside it so far.
#[derive(Debug, Default)]
struct Frame {
    words: Vec<String>,
    /// The word being read and where it started.
    current: Option<(String, usize)>,
}

impl Frame {
    fn push(&mut self, c: char, at: usize) {
        match &mut self.current {
            Some((word, _)) => word.push(c),
            None => self.current = Some((c.to_string(), at)),
        }
    }

    /// Marks that a word has started here (a quote may open an empty word).
    fn start(&mut self, at: usize) {
        if self.current.is_none() {
            self.current = Some((String::new(), at));
        }
    }

    fn finish(&mut self) {
        if let Some((word, _)) = self.current.take() {
            self.words.push(word);
        }
    }
}

/// Reads `input` as the shell would, up to the cursor at its end. `None` when the cursor is
/// inside quotes or a comment, where there is nothing to complete.
fn scan(input: &str) -> Option<Statement> {
    #[derive(PartialEq)]
    enum Quote {
        None,
        Single,
        Double,
    }
    let mut frames: Vec<Frame> = vec![Frame::default()];
    let mut quote = Quote::None;
    let mut chars = input.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let nested = frames.len() > 1;
        let frame = frames.last_mut()?;
        match quote {
            Quote::Single => match c {
                '\'' => quote = Quote::None,
                c => frame.push(c, at),
            },
            Quote::Double => match c {
                '"' => quote = Quote::None,
                '\\' => {
                    if let Some((_, next)) = chars.next() {
                        frame.push(next, at);
                    }
                }
                c => frame.push(c, at),
            },
            Quote::None => match c {
                ' ' | '\t' => frame.finish(),
                '\n' | ';' | '|' | '&' => {
                    frame.finish();
                    frame.words.clear();
                }
                '\\' => match chars.next() {
                    Some((_, '\n')) => frame.finish(),
                    Some((_, next)) => frame.push(next, at),
                    None => frame.start(at),
                },
                '\'' => {
                    frame.start(at);
                    quote = Quote::Single;
                }
                '"' => {
                    frame.start(at);
                    quote = Quote::Double;
                }
                '$' if chars.peek().map(|(_, n)| *n) == Some('(') => {
                    chars.next();
                    frame.start(at);
                    frames.push(Frame::default());
                }
                ')' if nested => {
                    frames.pop();
                    // The substitution becomes part of the enclosing word.
                    frames.last_mut()?.push(')', at);
                }
                '#' if frame.current.is_none() => {
                    // A comment runs to the end of the line.
                    loop {
                        match chars.peek() {
                            None => return None,
                            Some((_, '\n')) => break,
                            Some(_) => {
                                chars.next();
                            }
                        }
                    }
                }
                c => frame.push(c, at),
            },
        }
    }
    if quote != Quote::None {
        return None;
    }
    let frame = frames.pop()?;
    let (partial, partial_start) = frame.current.unwrap_or((String::new(), input.len()));
    Some(Statement {
        words: frame.words,
        partial,
        partial_start,
    })
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};
    use proptest::prelude::*;

    use super::*;

    /// Completes `input` and snapshots each suggestion as `replacement|label|detail`.
    fn check(input: &str, expect: Expect) {
        let shown: Vec<String> = complete(input)
            .iter()
            .map(|c| format!("{:?} | {} | {}", c.replacement, c.label, c.detail))
            .collect();
        expect.assert_eq(&shown.join("\n"));
    }

    #[test]
    fn first_words() {
        check(
            "",
            expect![[r#"
                "az " | az | commands: login, logout, account, group, resource, ad, vm, vmss, appservice, webapp, functionapp, storage, keyvault, sql, cosmosdb, identity, role
                "mip " | mip | statements: check, expect, token, federated-token, deny-assignment, on, wait
                "echo " | echo | Print text."#]],
        );
        check(
            "a",
            expect![[
                r#""az " | az | commands: login, logout, account, group, resource, ad, vm, vmss, appservice, webapp, functionapp, storage, keyvault, sql, cosmosdb, identity, role"#
            ]],
        );
        check(
            "  m",
            expect![[
                r#""  mip " | mip | statements: check, expect, token, federated-token, deny-assignment, on, wait"#
            ]],
        );
    }

    #[test]
    fn command_words() {
        check(
            "az vm ",
            expect![[r#"
            "az vm create " | create | Create a virtual machine.
            "az vm show " | show | Show a virtual machine.
            "az vm list " | list | List virtual machines.
            "az vm delete " | delete | Delete a virtual machine (its system-assigned identity goes with it).
            "az vm update " | update | Update a virtual machine (e.g. --set identity.type=none).
            "az vm identity " | identity | commands: assign, remove, show"#]],
        );
        check(
            "az vm id",
            expect![[r#""az vm identity " | identity | commands: assign, remove, show"#]],
        );
        check(
            "az vm identity r",
            expect![[
                r#""az vm identity remove " | remove | Disable the system-assigned identity or detach user-assigned identities."#
            ]],
        );
        check(
            "az  role   ",
            expect![[r#"
            "az  role   assignment " | assignment | commands: create, list, delete
            "az  role   definition " | definition | commands: list"#]],
        );
        check(
            "mip ",
            expect![[r#"
                "mip check " | check | Can the managed identity of RESOURCE (--from), or any principal (--as), perform ACTION at SCOPE? Prints the decision, reason code and explanation.
                "mip expect " | expect | Assert a check's decision (and reason); a failed expectation is an error.
                "mip token " | token | Request a managed-identity token as code on RESOURCE would, and show its claims.
                "mip federated-token " | federated-token | Exchange an external token (issuer + subject) for a user-assigned identity's token (FI-6.1).
                "mip deny-assignment " | deny-assignment | commands: create
                "mip on " | on | Run the following statements on a resource (as after SSH to a VM), or on your own machine again.
                "mip wait " | wait | Advance the simulated clock, e.g. mip wait 25h."#]],
        );
        check(
            "az vm identity assign",
            expect![[
                r#""az vm identity assign " | assign | Enable the system-assigned identity or attach user-assigned identities."#
            ]],
        );
    }

    #[test]
    fn flags_not_yet_used() {
        check(
            "az group create ",
            expect![[r#"
            "az group create --name " | --name | name of the resource (required)
            "az group create --location " | --location | Azure region (required)
            "az group create --query " | --query | JMESPath query applied to the output
            "az group create --output " | --output | output format: json, jsonc, tsv, table, yaml, none
            "az group create --help " | --help | show this command's help
            "az group create --tags " | --tags | accepted and ignored: it does not affect identities
            "az group create --subscription " | --subscription | accepted and ignored: it does not affect identities
            "az group create --only-show-errors " | --only-show-errors | accepted and ignored: it does not affect identities
            "az group create --debug " | --debug | accepted and ignored: it does not affect identities
            "az group create --verbose " | --verbose | accepted and ignored: it does not affect identities
            "az group create --no-wait " | --no-wait | accepted and ignored: it does not affect identities"#]],
        );
        check(
            "az group create -n rg --l",
            expect![[
                r#""az group create -n rg --location " | --location | Azure region (required)"#
            ]],
        );
        check(
            "az vm identity assign -g rg --n",
            expect![[r#"
            "az vm identity assign -g rg --name " | --name | name of the resource (with --resource-group)
            "az vm identity assign -g rg --no-wait " | --no-wait | accepted and ignored: it does not affect identities"#]],
        );
        check(
            "az vm create --name vm1 -",
            expect![[r#"
                "az vm create --name vm1 --resource-group " | --resource-group | name of the resource group (required)
                "az vm create --name vm1 --location " | --location | Azure region (defaults to the resource group's)
                "az vm create --name vm1 --assign-identity " | --assign-identity | identities to assign: [system] for the system-assigned identity, and names or ids of user-assigned identities; alone, [system]
                "az vm create --name vm1 --role " | --role | role for the system-assigned identity (with --scope)
                "az vm create --name vm1 --scope " | --scope | ARM id of the scope of --role for the system-assigned identity
                "az vm create --name vm1 --query " | --query | JMESPath query applied to the output
                "az vm create --name vm1 --output " | --output | output format: json, jsonc, tsv, table, yaml, none
                "az vm create --name vm1 --help " | --help | show this command's help
                "az vm create --name vm1 --image " | --image | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --admin-username " | --admin-username | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --admin-password " | --admin-password | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --generate-ssh-keys " | --generate-ssh-keys | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --ssh-key-values " | --ssh-key-values | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --size " | --size | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --authentication-type " | --authentication-type | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --public-ip-address " | --public-ip-address | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --public-ip-sku " | --public-ip-sku | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --vnet-name " | --vnet-name | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --subnet " | --subnet | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --nsg " | --nsg | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --os-disk-size-gb " | --os-disk-size-gb | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --storage-sku " | --storage-sku | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --zone " | --zone | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --tags " | --tags | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --security-type " | --security-type | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --instance-count " | --instance-count | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --upgrade-policy-mode " | --upgrade-policy-mode | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --orchestration-mode " | --orchestration-mode | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --vm-sku " | --vm-sku | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --lb " | --lb | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --custom-data " | --custom-data | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --subscription " | --subscription | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --only-show-errors " | --only-show-errors | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --debug " | --debug | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --verbose " | --verbose | accepted and ignored: it does not affect identities
                "az vm create --name vm1 --no-wait " | --no-wait | accepted and ignored: it does not affect identities"#]],
        );
        check(
            "az role assignment create --assignee-obj",
            expect![[
                r#""az role assignment create --assignee-object-id " | --assignee-object-id | principal (object) id, without a directory lookup"#
            ]],
        );
        check("az vm create --nam=vm1 --na", expect![[r#""#]]);
    }

    #[test]
    fn positional_choices() {
        check(
            "mip expect ",
            expect![[r#"
            "mip expect allowed " | allowed | Assert a check's decision (and reason); a failed expectation is an error.
            "mip expect denied " | denied | Assert a check's decision (and reason); a failed expectation is an error."#]],
        );
        check(
            "mip expect d",
            expect![[
                r#""mip expect denied " | denied | Assert a check's decision (and reason); a failed expectation is an error."#
            ]],
        );
        check(
            "mip expect denied --re",
            expect![[r#""mip expect denied --reason " | --reason | expected reason code"#]],
        );
    }

    #[test]
    fn quotes_and_statements() {
        check(
            "az role assignment create --role 'Storage Blob Data Reader' --sc",
            expect![[
                r#""az role assignment create --role 'Storage Blob Data Reader' --scope " | --scope | ARM id of the scope, e.g. $(az storage account show -g RG -n NAME --query id -o tsv) (required)"#
            ]],
        );
        check(
            "az group create -n \"my rg\" -l eastus --",
            expect![[r#"
            "az group create -n \"my rg\" -l eastus --query " | --query | JMESPath query applied to the output
            "az group create -n \"my rg\" -l eastus --output " | --output | output format: json, jsonc, tsv, table, yaml, none
            "az group create -n \"my rg\" -l eastus --help " | --help | show this command's help
            "az group create -n \"my rg\" -l eastus --tags " | --tags | accepted and ignored: it does not affect identities
            "az group create -n \"my rg\" -l eastus --subscription " | --subscription | accepted and ignored: it does not affect identities
            "az group create -n \"my rg\" -l eastus --only-show-errors " | --only-show-errors | accepted and ignored: it does not affect identities
            "az group create -n \"my rg\" -l eastus --debug " | --debug | accepted and ignored: it does not affect identities
            "az group create -n \"my rg\" -l eastus --verbose " | --verbose | accepted and ignored: it does not affect identities
            "az group create -n \"my rg\" -l eastus --no-wait " | --no-wait | accepted and ignored: it does not affect identities"#]],
        );
        check("az group create -n 'my r", expect![[r#""#]]);
        check(
            "az group create -n rg -l eastus; az group sh",
            expect![[
                r#""az group create -n rg -l eastus; az group show " | show | Show a resource group."#
            ]],
        );
        check(
            "az group create -n rg \\\n  -",
            expect![[r#"
            "az group create -n rg \\\n  --location " | --location | Azure region (required)
            "az group create -n rg \\\n  --query " | --query | JMESPath query applied to the output
            "az group create -n rg \\\n  --output " | --output | output format: json, jsonc, tsv, table, yaml, none
            "az group create -n rg \\\n  --help " | --help | show this command's help
            "az group create -n rg \\\n  --tags " | --tags | accepted and ignored: it does not affect identities
            "az group create -n rg \\\n  --subscription " | --subscription | accepted and ignored: it does not affect identities
            "az group create -n rg \\\n  --only-show-errors " | --only-show-errors | accepted and ignored: it does not affect identities
            "az group create -n rg \\\n  --debug " | --debug | accepted and ignored: it does not affect identities
            "az group create -n rg \\\n  --verbose " | --verbose | accepted and ignored: it does not affect identities
            "az group create -n rg \\\n  --no-wait " | --no-wait | accepted and ignored: it does not affect identities"#]],
        );
        check(
            "ID=$(az vm show -g rg -n vm1 --qu",
            expect![[
                r#""ID=$(az vm show -g rg -n vm1 --query " | --query | JMESPath query applied to the output"#
            ]],
        );
        check(
            "az role assignment create --scope $(az group show -n rg --query id -o tsv) --ro",
            expect![[
                r#""az role assignment create --scope $(az group show -n rg --query id -o tsv) --role " | --role | role name or id (required)"#
            ]],
        );
    }

    #[test]
    fn nothing_where_nothing_fits() {
        for input in [
            "kubectl ",
            "az nope ",
            "az vm nope",
            "az group create --name ",
            "az group create --name rg",
            "az group create --name=rg",
            "echo --",
            "X=1",
            "export X",
            "# az vm",
            "az vm create --zzz",
        ] {
            assert_eq!(complete(input), Vec::new(), "{input}");
        }
    }

    #[test]
    fn every_command_can_be_reached_word_by_word() {
        for spec in COMMANDS {
            let mut input = String::new();
            for word in spec.path {
                let found = complete(&input)
                    .into_iter()
                    .find(|c| c.label == *word)
                    .map(|c| c.replacement);
                assert_eq!(found, Some(format!("{input}{word} ")), "{}", spec.name());
                input.push_str(word);
                input.push(' ');
            }
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_keeps_the_typed_text(input in "\\PC{0,60}") {
            for c in complete(&input) {
                let kept = input.len().min(c.replacement.len());
                prop_assert!(c.replacement.ends_with(' '));
                prop_assert!(input.is_char_boundary(kept));
            }
        }

        #[test]
        fn suggestions_keep_the_text_before_the_word(words in proptest::collection::vec("(az|vm|mip|group|create|--name|-g|x|'a b'|\\$\\(|\\)|;)", 0..8)) {
            let input = words.join(" ");
            for c in complete(&input) {
                let cut = input.rfind([' ', ';', '(']).map_or(0, |i| i + 1);
                prop_assert!(c.replacement.starts_with(&input[..cut]), "{:?} -> {:?}", input, c.replacement);
            }
        }
    }
}

//! `mip`: runs a playground script natively, for docs authors' CI and for tests.
//!
//! Exit codes: 0 when no statement failed, 1 when any did (including a failed `mip expect`),
//! 2 when the script cannot be read or the command line is wrong.

use std::io::{Read, Write};
use std::process::ExitCode;

use mip::sim::script::session::Session;

const HELP: &str = include_str!("mip_help.txt");

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match parse(&args) {
        Ok(Command::Help) => {
            print!("{HELP}");
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            println!(
                "mip {} (script language 2, JSON output 1)",
                env!("CARGO_PKG_VERSION")
            );
            ExitCode::SUCCESS
        }
        Ok(Command::Run { json, file }) => run(json, &file),
        Err(message) => {
            eprintln!("mip: {message}\nRun 'mip --help' for usage.");
            ExitCode::from(2)
        }
    }
}

enum Command {
    Help,
    Version,
    Run { json: bool, file: String },
}

fn parse(args: &[String]) -> Result<Command, String> {
    match args.first().map(String::as_str) {
        None | Some("--help" | "-h" | "help") => Ok(Command::Help),
        Some("--version" | "-V") => Ok(Command::Version),
        Some("run") => {
            let mut json = false;
            let mut file = None;
            for arg in &args[1..] {
                match arg.as_str() {
                    "--json" => json = true,
                    "--help" | "-h" => return Ok(Command::Help),
                    "-" if file.is_none() => file = Some("-".to_string()),
                    other if other.starts_with('-') => {
                        return Err(format!("unknown option '{other}' for 'mip run'"))
                    }
                    other if file.is_none() => file = Some(other.to_string()),
                    other => return Err(format!("'mip run' takes one FILE; '{other}' is extra")),
                }
            }
            file.map(|file| Command::Run { json, file })
                .ok_or_else(|| "'mip run' needs a FILE (or - for standard input)".to_string())
        }
        Some(other) => Err(format!("unknown command '{other}'")),
    }
}

fn run(json: bool, file: &str) -> ExitCode {
    let source = if file == "-" {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map(|_| text)
    } else {
        std::fs::read_to_string(file)
    };
    let source = match source {
        Ok(text) => text,
        Err(e) => {
            eprintln!("mip: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    let session = Session::run(&source);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut written = Ok(());
    for record in &session.records {
        if json {
            if let Some(line) = record.to_json_line() {
                written = written.and_then(|_| writeln!(out, "{line}"));
            }
            continue;
        }
        written = written.and_then(|_| write!(out, "{}", record.rendered()));
        for note in &record.notes {
            eprintln!("line {}: note: {note}", record.line);
        }
        if let Some(error) = &record.error {
            eprintln!("{error}");
        }
    }
    if written.is_err() {
        return ExitCode::from(2);
    }
    if session.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

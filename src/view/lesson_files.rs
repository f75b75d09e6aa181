//! The lessons as the playground fetches them: one file at a time from `lessons/<name>`, each
//! parsed on its own ([`assemble`]), so that one damaged or missing file costs the learner that
//! lesson only. The fetching itself is the browser's (`ui::lesson_files`); what it found is
//! judged here, natively tested.
//!
//! Invariants: the lessons keep the order of `LESSON_NAMES`, less the files that failed; every
//! failure names its file (and, for a damaged one, the line) in words a learner can act on.

use std::fmt;
use std::rc::Rc;

use crate::view::document::DocumentError;
use crate::view::lesson::{parse, Lesson};

/// Why a lesson file's text did not arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreachable {
    /// The server answered, but not with the file (404 after a partial deploy, 500, …).
    Status(u16),
    /// No answer at all: offline before the file was ever cached, or the request was refused.
    Network,
    /// The answer was not text the browser could read.
    NotText,
}

/// One lesson file the learner cannot have, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    Unreachable {
        file: String,
        why: Unreachable,
    },
    /// The file arrived but does not parse: the error names its line.
    Damaged(DocumentError),
}

/// What the panel has once every file has answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadedLessons {
    /// The lessons that loaded, in catalog order.
    pub lessons: Rc<[Lesson]>,
    /// The files that did not, in catalog order.
    pub problems: Vec<FileProblem>,
}

/// Parses what each file's fetch brought, in the order given, keeping the lessons that parse and
/// a problem for each file that did not arrive or does not parse.
pub fn assemble<'a>(
    answers: impl IntoIterator<Item = (&'a str, Result<String, Unreachable>)>,
) -> LoadedLessons {
    let mut lessons = Vec::new();
    let mut problems = Vec::new();
    for (file, answer) in answers {
        match answer.map(|text| parse(file, &text)) {
            Ok(Ok(lesson)) => lessons.push(lesson),
            Ok(Err(error)) => problems.push(FileProblem::Damaged(error)),
            Err(why) => problems.push(FileProblem::Unreachable {
                file: file.to_string(),
                why,
            }),
        }
    }
    LoadedLessons {
        lessons: lessons.into(),
        problems,
    }
}

/// The address of a lesson file, relative to the page (which sets `<base href>`), where the
/// build copies `static/lessons`.
pub fn lesson_url(file: &str) -> String {
    format!("lessons/{file}")
}

impl fmt::Display for Unreachable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreachable::Status(404) => write!(f, "the server does not have it (404)"),
            Unreachable::Status(code) => write!(f, "the server answered with an error ({code})"),
            Unreachable::Network => write!(
                f,
                "there was no answer (offline, and the lessons were never opened here online)"
            ),
            Unreachable::NotText => write!(f, "the answer was not readable text"),
        }
    }
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileProblem::Unreachable { file, why } => write!(
                f,
                "The lesson file {file} could not be loaded: {why}. The other lessons work; \
                 reload the page to try again."
            ),
            FileProblem::Damaged(error) => write!(
                f,
                "The lesson file {} is damaged, so that lesson is left out: {error}",
                error.file
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::lesson::{catalog, LESSON_FILES, LESSON_NAMES};

    fn all_files() -> Vec<(&'static str, Result<String, Unreachable>)> {
        LESSON_FILES
            .iter()
            .map(|(file, text)| (*file, Ok(text.to_string())))
            .collect()
    }

    #[test]
    fn the_fetched_names_are_the_compiled_in_files() {
        let compiled: Vec<&str> = LESSON_FILES.iter().map(|(file, _)| *file).collect();
        assert_eq!(LESSON_NAMES, compiled.as_slice());
    }

    #[test]
    fn every_file_fetched_gives_the_catalog() {
        let loaded = assemble(all_files());
        assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
        assert_eq!(loaded.lessons.to_vec(), catalog().unwrap());
    }

    #[test]
    fn a_damaged_file_is_located_and_the_others_still_load() {
        let mut answers = all_files();
        answers[2].1 = Ok("title: Broken\nrules: MI-1.1\n\nAn intro.\n\n```nonsense\n```\n".into());
        let loaded = assemble(answers);
        assert_eq!(loaded.lessons.len(), LESSON_FILES.len() - 1);
        assert!(loaded.lessons.iter().all(|l| l.id != "03-user-assigned"));
        assert_eq!(loaded.problems.len(), 1);
        let message = loaded.problems[0].to_string();
        assert!(
            message.starts_with("The lesson file 03-user-assigned.md is damaged, so that lesson is left out: 03-user-assigned.md line 6: "),
            "{message}"
        );
    }

    #[test]
    fn a_missing_file_is_named_and_the_others_still_load() {
        let mut answers = all_files();
        answers[0].1 = Err(Unreachable::Status(404));
        answers[5].1 = Err(Unreachable::Network);
        let loaded = assemble(answers);
        assert_eq!(loaded.lessons.len(), LESSON_FILES.len() - 2);
        assert_eq!(loaded.lessons[0].id, "02-system-assigned");
        let messages: Vec<String> = loaded.problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            [
                "The lesson file 01-why-managed-identities.md could not be loaded: the server does not have it (404). The other lessons work; reload the page to try again.",
                "The lesson file 06-control-plane-vs-data-plane.md could not be loaded: there was no answer (offline, and the lessons were never opened here online). The other lessons work; reload the page to try again.",
            ]
        );
    }

    #[test]
    fn lesson_files_are_fetched_relative_to_the_page() {
        assert_eq!(
            lesson_url("02-system-assigned.md"),
            "lessons/02-system-assigned.md"
        );
    }
}

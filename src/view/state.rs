//! The playground's state: the script the learner has built, the redo stack, and the session
//! replayed from the script. The UI sends [`Intent`]s and renders the result; it never changes
//! the world itself, so undo, sharing and reload all come from the script.
//!
//! Invariant: `session` is always `Session::run` of `script()`; it is only ever replaced.

use std::rc::Rc;

use crate::sim::account::Host;
use crate::sim::script::lexer::parse_script;
use crate::sim::script::session::{without_last_statement, Session};

/// What the learner can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Intent {
    /// Run one or more statements typed in the console, or a lesson's, where the script now runs.
    Run(String),
    /// Run what a button made: an action in the portal, taken by the learner as themselves. When
    /// statements run on a resource (`mip on vm1`), the portal is not there, so the script goes
    /// back to the learner's machine first, as a learner switches from the VM's terminal to the
    /// browser.
    Act(String),
    Undo,
    Redo,
    /// Start again from an empty script.
    Reset,
    /// Replace the whole script (import, share link, saved session).
    Load(String),
}

/// What the learner has selected in the diagram or the panels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Resource(String),
    Group(String),
    Principal(crate::sim::ids::Guid),
    Assignment(crate::sim::ids::Guid),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Playground {
    script: String,
    /// Statements undone, most recent last, for redo.
    redo: Vec<String>,
    pub session: Rc<Session>,
}

impl Default for Playground {
    fn default() -> Playground {
        Playground {
            script: String::new(),
            redo: Vec::new(),
            session: Rc::new(Session::new()),
        }
    }
}

impl Playground {
    pub fn from_script(script: &str) -> Playground {
        let script = normalized(script);
        Playground {
            session: Rc::new(Session::run(&script)),
            script,
            redo: Vec::new(),
        }
    }

    pub fn script(&self) -> &str {
        &self.script
    }

    pub fn can_undo(&self) -> bool {
        !self.session.records.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The one reducer: every change to the playground goes through here.
    pub fn apply(&self, intent: Intent) -> Playground {
        match intent {
            Intent::Run(text) => {
                let text = normalized(&text);
                if text.trim().is_empty() {
                    return self.clone();
                }
                // Appending runs only the new statements against a copy of the session.
                let mut session = (*self.session).clone();
                session.execute(&text);
                Playground {
                    script: format!("{}{text}", self.script),
                    redo: Vec::new(),
                    session: Rc::new(session),
                }
            }
            Intent::Act(text) => {
                let text = match self.session.world.host {
                    Host::Local => text,
                    Host::Resource(_) => format!("mip on local\n{text}"),
                };
                self.apply(Intent::Run(text))
            }
            Intent::Undo => {
                if !self.can_undo() {
                    return self.clone();
                }
                let kept = without_last_statement(&self.script);
                let undone = self.script[kept.len().min(self.script.len())..]
                    .trim()
                    .to_string();
                let mut next = Playground::from_script(&kept);
                next.redo = self.redo.clone();
                next.redo.push(undone);
                next
            }
            Intent::Redo => {
                let mut redo = self.redo.clone();
                let Some(statement) = redo.pop() else {
                    return self.clone();
                };
                let mut next = self.apply(Intent::Run(statement));
                next.redo = redo;
                next
            }
            Intent::Reset => Playground::default(),
            Intent::Load(script) => Playground::from_script(&script),
        }
    }

    /// How many statements the script holds (parse errors count: they are statements too).
    pub fn statement_count(&self) -> usize {
        parse_script(&self.script).len()
    }
}

/// Scripts end with a newline so that appending keeps statements on their own lines.
fn normalized(text: &str) -> String {
    let mut text = text.replace("\r\n", "\n");
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(p: &Playground, s: &str) -> Playground {
        p.apply(Intent::Run(s.to_string()))
    }

    #[test]
    fn running_appends_and_replays_the_same_world() {
        let p = run(&Playground::default(), "az group create -n rg -l eastus");
        let p = run(&p, "az vm create -n vm1 -g rg --assign-identity");
        assert_eq!(
            p.script(),
            "az group create -n rg -l eastus\naz vm create -n vm1 -g rg --assign-identity\n"
        );
        assert_eq!(*p.session, Session::run(p.script()));
        assert_eq!(p.session.world.directory.len(), 1);
    }

    #[test]
    fn undo_then_redo_is_identity() {
        let p = run(
            &Playground::default(),
            "az group create -n rg -l eastus\naz vm create -n vm1 -g rg --assign-identity",
        );
        let undone = p.apply(Intent::Undo);
        assert_eq!(undone.session.world.directory.len(), 0);
        assert!(undone.can_redo());
        let redone = undone.apply(Intent::Redo);
        assert_eq!(redone.session, p.session);
        assert_eq!(redone.script(), p.script());
        assert!(!redone.can_redo());
    }

    #[test]
    fn a_new_statement_clears_redo() {
        let p = run(&Playground::default(), "az group create -n rg -l eastus").apply(Intent::Undo);
        assert!(p.can_redo());
        assert!(!run(&p, "az group create -n other -l eastus").can_redo());
    }

    #[test]
    fn undo_on_empty_and_redo_without_history_change_nothing() {
        let p = Playground::default();
        assert_eq!(p.apply(Intent::Undo), p);
        assert_eq!(p.apply(Intent::Redo), p);
    }

    #[test]
    fn failed_statements_are_kept_and_undoable() {
        let p = run(&Playground::default(), "az vm create -n vm1");
        assert!(p.session.failed());
        assert_eq!(p.statement_count(), 1);
        assert_eq!(p.apply(Intent::Undo).statement_count(), 0);
    }
}

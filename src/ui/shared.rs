//! [`SharedSession`]: the replayed session handed to components, compared by pointer.

use std::ops::Deref;
use std::rc::Rc;

use crate::sim::script::session::Session;

/// A session in an `Rc` that compares by identity. The playground replaces the `Rc` whenever the
/// script changes, so pointer equality is exactly "nothing changed"; a derived comparison would
/// instead walk the whole world and every record on each parent render, and its code would be
/// compiled into the bundle for every component's props.
#[derive(Debug, Clone)]
pub struct SharedSession(pub Rc<Session>);

impl PartialEq for SharedSession {
    fn eq(&self, other: &SharedSession) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Deref for SharedSession {
    type Target = Session;

    fn deref(&self) -> &Session {
        &self.0
    }
}

impl From<Rc<Session>> for SharedSession {
    fn from(session: Rc<Session>) -> SharedSession {
        SharedSession(session)
    }
}

//! The lessons, fetched when a component first needs them ([`use_lessons`]): every file of
//! `LESSON_NAMES` from `lessons/<name>` beside the page (the build copies `static/lessons`
//! there, and the service worker keeps what a visit fetched for offline use), judged by
//! `view::lesson_files::assemble`.
//!
//! Invariants: each file is fetched once per visit, however many components ask (the Lessons
//! panel and the Embed dialog share one load); the requests go out together; nothing else in
//! the page waits for them.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;
use yew::prelude::*;

use crate::view::lesson::LESSON_NAMES;
use crate::view::lesson_files::{assemble, lesson_url, LoadedLessons, Unreachable};

/// Tells a waiting component that the lessons are here.
type Waiter = Box<dyn FnOnce(Rc<LoadedLessons>)>;

/// The one load of the visit.
enum Load {
    NotStarted,
    Loading(Vec<Waiter>),
    Done(Rc<LoadedLessons>),
}

thread_local! {
    static LOAD: RefCell<Load> = const { RefCell::new(Load::NotStarted) };
}

/// The lessons, or `None` while they load (the first call starts the load; the component
/// renders again when it ends).
#[hook]
pub fn use_lessons() -> Option<Rc<LoadedLessons>> {
    let loaded = use_state(|| {
        LOAD.with(|load| match &*load.borrow() {
            Load::Done(loaded) => Some(loaded.clone()),
            _ => None,
        })
    });
    {
        let setter = loaded.setter();
        let waiting = loaded.is_none();
        use_effect_with((), move |_| {
            if waiting {
                when_loaded(Box::new(move |lessons| setter.set(Some(lessons))));
            }
        });
    }
    (*loaded).clone()
}

/// Calls `waiter` with the lessons: at once when loaded, else when the load (started now if
/// need be) ends.
fn when_loaded(waiter: Waiter) {
    let (loaded, start) = LOAD.with(|load| {
        let mut load = load.borrow_mut();
        match &mut *load {
            Load::Done(loaded) => (Some((loaded.clone(), waiter)), false),
            Load::Loading(waiters) => {
                waiters.push(waiter);
                (None, false)
            }
            Load::NotStarted => {
                *load = Load::Loading(vec![waiter]);
                (None, true)
            }
        }
    });
    if let Some((loaded, waiter)) = loaded {
        waiter(loaded);
    }
    if start {
        wasm_bindgen_futures::spawn_local(async {
            let loaded = Rc::new(fetch_all().await);
            let waiters = LOAD.with(|load| {
                match std::mem::replace(&mut *load.borrow_mut(), Load::Done(loaded.clone())) {
                    Load::Loading(waiters) => waiters,
                    _ => Vec::new(),
                }
            });
            for waiter in waiters {
                waiter(loaded.clone());
            }
        });
    }
}

/// Fetches every lesson file, all requests at once, and judges what came back.
async fn fetch_all() -> LoadedLessons {
    let window = web_sys::window();
    // Every request starts before the first answer is awaited.
    let requests: Vec<_> = LESSON_NAMES
        .iter()
        .map(|name| {
            let promise = window
                .as_ref()
                .map(|w| JsFuture::from(w.fetch_with_str(&lesson_url(name))));
            (*name, promise)
        })
        .collect();
    let mut answers = Vec::with_capacity(requests.len());
    for (name, request) in requests {
        let answer = match request {
            Some(request) => text_of(request).await,
            None => Err(Unreachable::Network),
        };
        answers.push((name, answer));
    }
    assemble(answers)
}

/// The text of a fetched file.
async fn text_of(request: JsFuture) -> Result<String, Unreachable> {
    let response: Response = request
        .await
        .map_err(|_| Unreachable::Network)?
        .dyn_into()
        .map_err(|_| Unreachable::NotText)?;
    if !response.ok() {
        return Err(Unreachable::Status(response.status()));
    }
    let text = response.text().map_err(|_| Unreachable::NotText)?;
    JsFuture::from(text)
        .await
        .map_err(|_| Unreachable::Network)?
        .as_string()
        .ok_or(Unreachable::NotText)
}

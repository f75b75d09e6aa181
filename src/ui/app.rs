//! The root component: the page layout, the one [`Playground`] reducer, and the UI-only state
//! around it (selection, the open dialog, the moment viewed in the timeline, messages).
//!
//! Invariants: every change to the world is an [`Intent`] sent to the reducer, mostly
//! `Intent::Run` with az command text, so the console shows everything the buttons did; the
//! script is autosaved after every change and restored on load, and a share link in the URL wins
//! over the saved script; a damaged saved session or link becomes a dismissible message, never a
//! crash, and a damaged link leaves the saved work in place.

use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent};
use yew::prelude::*;

use crate::sim::resource::ResourceKind;
use crate::sim::script::lexer::{parse_script, Pos};
use crate::sim::script::session::{self, Session};
use crate::sim::world::World;
use crate::ui::browser;
use crate::ui::components::add_dialog::AddDialog;
use crate::ui::components::can_it::{CanIt, CheckPreset};
use crate::ui::components::console::Console;
use crate::ui::components::delete_dialog::DeleteDialog;
use crate::ui::components::diagram::Diagram;
use crate::ui::components::embed_dialog::EmbedDialog;
use crate::ui::components::entra::EntraPanel;
use crate::ui::components::grant_dialog::GrantDialog;
use crate::ui::components::inspector::{DeleteTarget, GrantTarget, Inspector};
use crate::ui::components::lesson_panel::LessonPanel;
use crate::ui::components::matrix_view::MatrixView;
use crate::ui::components::messages::{Message, Messages};
use crate::ui::components::page_links::PageLinks;
use crate::ui::components::palette::Palette;
use crate::ui::components::share_box::ShareBox;
use crate::ui::components::tabs::{tab_panel, WorkspaceTab, WorkspaceTabs};
use crate::ui::components::timeline::Timeline;
use crate::ui::components::toolbar::Toolbar;
use crate::ui::panic;
use crate::ui::playing::use_playing;
use crate::ui::shared::SharedSession;
use crate::view::embed::EmbedView;
use crate::view::state::{Intent, Playground, Selection};
use crate::view::{saved, share};

/// The file name of an exported script.
const EXPORT_FILE: &str = "playground.sh";

/// The reducer: a playground applies an intent and returns the next playground.
impl Reducible for Playground {
    type Action = Intent;

    fn reduce(self: Rc<Self>, action: Intent) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// The dialog that is open, if any; everything behind it is inert.
#[derive(Debug, Clone, PartialEq)]
enum Dialog {
    Add(ResourceKind),
    Grant(GrantTarget),
    Delete(DeleteTarget),
    Embed,
}

/// A keyboard shortcut the document listener passes to the current render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shortcut {
    Undo,
    Redo,
}

/// What the page starts from: the script and anything the learner must be told about it.
struct Boot {
    script: String,
    messages: Vec<Message>,
}

/// Reads the saved session, then the share link in the URL, which wins when it is valid.
fn boot() -> Boot {
    let mut messages = Vec::new();
    let saved_script = match browser::load(saved::STORAGE_KEY) {
        None => String::new(),
        Some(text) => match saved::restore(&text) {
            Ok(script) => script,
            Err(error) => {
                messages.push(Message::error(1, error.to_string()));
                String::new()
            }
        },
    };
    let script = match share::decode(&browser::fragment()) {
        Ok(Some(script)) => script,
        Ok(None) => saved_script,
        Err(error) => {
            let kept = if saved_script.trim().is_empty() {
                ""
            } else {
                " Your saved work is shown instead."
            };
            messages.push(Message::error(2, format!("{error}{kept}")));
            saved_script
        }
    };
    Boot { script, messages }
}

#[component]
pub fn App() -> Html {
    let boot = use_memo((), |_| boot());
    let playground = {
        let boot = boot.clone();
        use_reducer(move || Playground::from_script(&boot.script))
    };
    let messages = {
        let boot = boot.clone();
        use_state(move || boot.messages.clone())
    };
    let next_message_id = use_mut_ref(|| 100_u32);
    let selection = use_state(|| None::<Selection>);
    let dialog = use_state(|| None::<Dialog>);
    let viewing = use_state(|| None::<usize>);
    let share_link = use_state(|| None::<String>);
    let status = use_state(String::new);
    // The script before the last Reset, so that Undo can bring it back.
    let before_reset = use_state(|| None::<String>);

    let now = SharedSession(playground.session.clone());
    let script = playground.script().to_string();

    // The past moment shown read-only: the session of the script up to that statement.
    let viewing_index = (*viewing).filter(|i| *i + 1 < now.records.len());
    let past = use_memo((viewing_index, script.clone()), |(index, script)| {
        index.map(|i| Rc::new(Session::run(&script_prefix(script, i + 1))))
    });
    let shown = match past.as_ref() {
        Some(session) => SharedSession(session.clone()),
        None => now.clone(),
    };
    let read_only = past.is_some();

    // ----- playback of the last change (view::playback) -----------------------------------
    let playing = use_playing(&playground.session, &script);
    // What the diagram and the Entra ID panel draw: the past when viewing it (still), else the
    // playback's world with the phases of the step on screen.
    let (drawn, frame) = if read_only {
        (shown.clone(), None)
    } else {
        playing.drawn()
    };
    let speed_class = playing.speed_class();
    let reduced_motion = playing.reduced_motion;
    let shown_selection = (*selection)
        .clone()
        .filter(|s| selection_exists(&shown.world, s));

    // ----- autosave, the panic banner's copy and the URL, after every change ---------------
    {
        let first = use_mut_ref(|| true);
        let share_link = share_link.clone();
        use_effect_with(script.clone(), move |script| {
            panic::remember_script(script);
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            // A failure here leaves the work in the page; there is nothing better to do.
            let _ = browser::store(saved::STORAGE_KEY, &saved::save(script));
            // A fragment that no longer matches the script would replay old work on reload.
            if share_link.is_some() {
                share_link.set(browser::replace_fragment(Some(&share::encode(script))));
            } else if !browser::fragment().is_empty() {
                browser::replace_fragment(None);
            }
        });
    }

    // ----- intents -------------------------------------------------------------------------
    // What the learner types (or a lesson runs) runs where the script is; what a button makes is
    // the learner acting in the portal, as themselves (`Intent::Act`).
    let to_intent = |make: fn(String) -> Intent| {
        let dispatcher = playground.dispatcher();
        let viewing = viewing.setter();
        let before_reset = before_reset.setter();
        Callback::from(move |text: String| {
            viewing.set(None);
            before_reset.set(None);
            dispatcher.dispatch(make(text));
        })
    };
    let run = to_intent(Intent::Run);
    let act = to_intent(Intent::Act);
    let can_undo = playground.can_undo() || before_reset.is_some();
    let undo = {
        let playground = playground.clone();
        let viewing = viewing.setter();
        let before_reset = before_reset.clone();
        Callback::from(move |_: ()| {
            viewing.set(None);
            match (*before_reset).clone() {
                Some(script) if !playground.can_undo() => {
                    before_reset.set(None);
                    playground.dispatch(Intent::Load(script));
                }
                _ => playground.dispatch(Intent::Undo),
            }
        })
    };
    let redo = {
        let dispatcher = playground.dispatcher();
        let viewing = viewing.setter();
        Callback::from(move |_: ()| {
            viewing.set(None);
            dispatcher.dispatch(Intent::Redo);
        })
    };
    let reset = {
        let dispatcher = playground.dispatcher();
        let viewing = viewing.setter();
        let selection = selection.setter();
        let before_reset = before_reset.setter();
        let status = status.setter();
        let script = script.clone();
        Callback::from(move |_: ()| {
            viewing.set(None);
            selection.set(None);
            if !script.trim().is_empty() {
                before_reset.set(Some(script.clone()));
                status.set("The playground was reset. Undo brings the script back.".into());
            }
            dispatcher.dispatch(Intent::Reset);
        })
    };
    let share = {
        let share_link = share_link.setter();
        let status = status.setter();
        let script = script.clone();
        Callback::from(move |_: ()| {
            match browser::replace_fragment(Some(&share::encode(&script))) {
                Some(link) => share_link.set(Some(link)),
                None => status.set("This browser did not let the page change its address.".into()),
            }
        })
    };
    let export = {
        let status = status.setter();
        let script = script.clone();
        Callback::from(move |_: ()| {
            let said = match browser::download(EXPORT_FILE, &script, "text/x-shellscript") {
                Ok(()) => format!("Script exported as {EXPORT_FILE}."),
                Err(e) => format!("The script could not be exported: {e}."),
            };
            status.set(said);
        })
    };
    let push_message = {
        let messages = messages.clone();
        let next_message_id = next_message_id.clone();
        Callback::from(move |text: String| {
            let id = {
                let mut next = next_message_id.borrow_mut();
                *next += 1;
                *next
            };
            let mut list = (*messages).clone();
            list.push(Message::error(id, text));
            messages.set(list);
        })
    };
    // A lesson's starting point, or the learner's own script coming back after it.
    let load_lesson = {
        let dispatcher = playground.dispatcher();
        let viewing = viewing.setter();
        let selection = selection.setter();
        let before_reset = before_reset.setter();
        Callback::from(move |script: String| {
            viewing.set(None);
            selection.set(None);
            before_reset.set(None);
            dispatcher.dispatch(Intent::Load(script));
        })
    };
    let import = {
        let dispatcher = playground.dispatcher();
        let viewing = viewing.setter();
        let selection = selection.setter();
        let before_reset = before_reset.setter();
        let status = status.setter();
        let push_message = push_message.clone();
        Callback::from(move |file: web_sys::File| {
            let dispatcher = dispatcher.clone();
            let viewing = viewing.clone();
            let selection = selection.clone();
            let before_reset = before_reset.clone();
            let status = status.clone();
            let push_message = push_message.clone();
            let name = file.name();
            if file.size() > share::MAX_SCRIPT_BYTES as f64 {
                push_message.emit(format!(
                    "{name} was not imported: it is larger than 1 MB, more than the playground accepts."
                ));
                return;
            }
            wasm_bindgen_futures::spawn_local(async move {
                match browser::read_text(&file).await {
                    Ok(text) => {
                        viewing.set(None);
                        selection.set(None);
                        before_reset.set(None);
                        status.set(format!("Imported {name}."));
                        dispatcher.dispatch(Intent::Load(text));
                    }
                    Err(e) => push_message.emit(format!("{name} could not be read: {e}.")),
                }
            });
        })
    };
    let dismiss = {
        let messages = messages.clone();
        Callback::from(move |id: u32| {
            let list: Vec<Message> = messages.iter().filter(|m| m.id != id).cloned().collect();
            messages.set(list);
        })
    };

    // ----- keyboard shortcuts: Ctrl+Z, Ctrl+Shift+Z (and Ctrl+Y) ----------------------------
    let shortcut_handler = use_mut_ref(|| None::<Callback<Shortcut>>);
    *shortcut_handler.borrow_mut() = Some({
        let undo = undo.clone();
        let redo = redo.clone();
        let dialog_open = dialog.is_some();
        Callback::from(move |shortcut: Shortcut| {
            if dialog_open {
                return;
            }
            match shortcut {
                Shortcut::Undo => undo.emit(()),
                Shortcut::Redo => redo.emit(()),
            }
        })
    });
    {
        let handler = shortcut_handler.clone();
        use_effect_with((), move |_| {
            let listener = browser::document().map(|document| {
                // Not passive: the shortcut replaces the browser's own Ctrl+Z.
                let options = EventListenerOptions::enable_prevent_default();
                EventListener::new_with_options(&document, "keydown", options, move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else {
                        return;
                    };
                    if !(event.ctrl_key() || event.meta_key()) || event.alt_key() {
                        return;
                    }
                    let shortcut =
                        match (event.key().to_ascii_lowercase().as_str(), event.shift_key()) {
                            ("z", false) => Shortcut::Undo,
                            ("z", true) | ("y", false) => Shortcut::Redo,
                            _ => return,
                        };
                    // Text fields keep their own undo.
                    if event
                        .target()
                        .and_then(|t| t.dyn_into::<Element>().ok())
                        .is_some_and(|e| browser::is_text_entry(&e))
                    {
                        return;
                    }
                    event.prevent_default();
                    if let Some(handler) = handler.borrow().as_ref() {
                        handler.emit(shortcut);
                    }
                })
            });
            move || drop(listener)
        });
    }

    // ----- a share link opened in this tab (only the fragment changes: no reload) ----------
    let link_handler = use_mut_ref(|| None::<Callback<String>>);
    *link_handler.borrow_mut() = Some({
        let dispatcher = playground.dispatcher();
        let viewing = viewing.setter();
        let selection = selection.setter();
        let push_message = push_message.clone();
        let current = script.clone();
        Callback::from(move |fragment: String| match share::decode(&fragment) {
            Ok(Some(shared)) if shared != current => {
                viewing.set(None);
                selection.set(None);
                dispatcher.dispatch(Intent::Load(shared));
            }
            Ok(_) => {}
            Err(error) => push_message.emit(format!("{error} Your current work is unchanged.")),
        })
    });
    {
        let handler = link_handler.clone();
        use_effect_with((), move |_| {
            let listener = browser::window().map(|window| {
                EventListener::new(&window, "hashchange", move |_| {
                    if let Some(handler) = handler.borrow().as_ref() {
                        handler.emit(browser::fragment());
                    }
                })
            });
            move || drop(listener)
        });
    }

    // ----- selection and dialogs -----------------------------------------------------------
    // The same callback across renders, so that the diagram's cards, which compare it, are not
    // redrawn on every render of the page (each playback step renders the page).
    let select = use_callback(selection.setter(), |s: Selection, selection| {
        selection.set(Some(s))
    });
    let open_add = {
        let dialog = dialog.setter();
        Callback::from(move |kind: ResourceKind| dialog.set(Some(Dialog::Add(kind))))
    };
    let open_grant = {
        let dialog = dialog.setter();
        Callback::from(move |target: GrantTarget| dialog.set(Some(Dialog::Grant(target))))
    };
    let open_delete = {
        let dialog = dialog.setter();
        Callback::from(move |target: DeleteTarget| dialog.set(Some(Dialog::Delete(target))))
    };
    let close_dialog = {
        let dialog = dialog.setter();
        Callback::from(move |_: ()| dialog.set(None))
    };
    let open_embed = {
        let dialog = dialog.setter();
        Callback::from(move |_: ()| dialog.set(Some(Dialog::Embed)))
    };
    let created = {
        let run = act.clone();
        let dialog = dialog.setter();
        let selection = selection.setter();
        Callback::from(move |(statements, select): (String, Selection)| {
            dialog.set(None);
            selection.set(Some(select));
            run.emit(statements);
        })
    };
    let run_and_close = {
        let run = act.clone();
        let dialog = dialog.setter();
        Callback::from(move |statement: String| {
            dialog.set(None);
            run.emit(statement);
        })
    };
    let view_moment = {
        let viewing = viewing.setter();
        Callback::from(move |index: Option<usize>| viewing.set(index))
    };
    let return_to_now = {
        let viewing = viewing.setter();
        Callback::from(move |_: MouseEvent| viewing.set(None))
    };
    // ----- the workspace tabs; a matrix cell opens its check in "Can it?" -------------------
    let tab = use_state(|| WorkspaceTab::Diagram);
    let check_preset = use_state(|| None::<CheckPreset>);
    let select_tab = {
        let tab = tab.setter();
        Callback::from(move |selected: WorkspaceTab| tab.set(selected))
    };
    let open_check = {
        let tab = tab.setter();
        let check_preset = check_preset.setter();
        Callback::from(move |preset: CheckPreset| {
            check_preset.set(Some(preset));
            tab.set(WorkspaceTab::CanIt);
        })
    };
    let close_share = {
        let share_link = share_link.setter();
        Callback::from(move |_: ()| share_link.set(None))
    };

    let dialog_html = match (*dialog).clone() {
        None => html! {},
        Some(Dialog::Add(kind)) => html! {
            <AddDialog kind={kind} session={now.clone()} on_create={created} on_close={close_dialog.clone()} />
        },
        Some(Dialog::Grant(target)) => html! {
            <GrantDialog
                session={now.clone()}
                principal={target.principal}
                scope={target.scope.clone()}
                on_run={run_and_close.clone()}
                on_close={close_dialog.clone()}
            />
        },
        Some(Dialog::Embed) => html! {
            <EmbedDialog
                script={AttrValue::from(script.clone())}
                view={if *tab == WorkspaceTab::Matrix { EmbedView::Matrix } else { EmbedView::Diagram }}
                on_close={close_dialog.clone()}
            />
        },
        Some(Dialog::Delete(target)) => html! {
            <DeleteDialog
                session={now.clone()}
                title={target.title.clone()}
                statement={target.statement.clone()}
                on_confirm={run_and_close.clone()}
                on_close={close_dialog.clone()}
            />
        },
    };
    let inert = dialog.is_some();
    let past_banner = match (viewing_index, past.is_some()) {
        (Some(index), true) => html! {
            <div class="past-banner" role="status">
                <p>
                    { format!("Viewing the past: the state after statement {} of {}. Nothing can be changed here.", index + 1, now.records.len()) }
                </p>
                <button type="button" class="button" onclick={return_to_now}>{ "Show the current state" }</button>
            </div>
        },
        _ => html! {},
    };

    html! {
        <div class="app-shell">
            <div
                id="app-root"
                class={classes!("app", read_only.then_some("is-past"), speed_class, reduced_motion.then_some("reduce-motion"))}
                inert={inert}
            >
                <header class="app-header">
                    <div class="app-title">
                        <h1>{ "Managed Identity Playground" }</h1>
                        <p class="tagline">{ "Give Azure resources managed identities, grant them roles, and watch Entra ID change." }</p>
                    </div>
                    <Toolbar
                        can_undo={can_undo}
                        can_redo={playground.can_redo()}
                        can_reset={!script.trim().is_empty()}
                        on_undo={undo}
                        on_redo={redo}
                        on_reset={reset}
                        on_share={share}
                        on_embed={open_embed}
                        on_export={export}
                        on_import={import}
                    />
                    <PageLinks />
                    <p class="status-line" role="status">{ (*status).clone() }</p>
                    <Messages messages={(*messages).clone()} on_dismiss={dismiss} />
                    if let Some(link) = (*share_link).clone() {
                        <ShareBox link={link} on_close={close_share} />
                    }
                </header>
                <div class="side-column">
                    <LessonPanel
                        session={now.clone()}
                        script={AttrValue::from(script.clone())}
                        on_run={run.clone()}
                        on_load={load_lesson}
                        on_error={push_message.clone()}
                    />
                    <Palette disabled={read_only} on_add={open_add} />
                </div>
                <main class="workspace">
                    { past_banner }
                    <WorkspaceTabs selected={*tab} on_select={select_tab}>
                        // The diagram measures its view as it mounts, so it mounts only while
                        // shown; the other two keep their inputs, and the matrix follows every
                        // change. The tabs cover each panel's title row, so its words are hidden.
                        { tab_panel(WorkspaceTab::Diagram, *tab, html! {
                            if *tab == WorkspaceTab::Diagram {
                                <section class="panel diagram-panel" aria-labelledby="diagram-heading">
                                    <h2 id="diagram-heading" class="panel-title"><span class="visually-hidden">{ "Diagram" }</span></h2>
                                    <Diagram session={drawn.clone()} selection={shown_selection.clone()} on_select={select.clone()} frame={frame.clone()} />
                                </section>
                            }
                        }) }
                        { tab_panel(WorkspaceTab::CanIt, *tab, html! {
                            <CanIt session={shown.clone()} read_only={read_only} reduced_motion={reduced_motion} preset={(*check_preset).clone()} on_run={run.clone()} />
                        }) }
                        { tab_panel(WorkspaceTab::Matrix, *tab, html! {
                            <MatrixView session={shown.clone()} active={*tab == WorkspaceTab::Matrix} on_open={open_check} />
                        }) }
                    </WorkspaceTabs>
                    // The playback bar sits in the console's title row: under the diagram it
                    // animates, taking no height from it.
                    <div class="console-dock">
                        if !read_only {
                            { playing.bar() }
                        }
                        <Console session={now.clone()} on_run={run.clone()} />
                    </div>
                </main>
                <aside class="details" aria-label="Details">
                    <Inspector
                        session={shown.clone()}
                        selection={shown_selection.clone()}
                        read_only={read_only}
                        on_run={act}
                        on_select={select.clone()}
                        on_grant={open_grant}
                        on_delete={open_delete}
                    />
                    <EntraPanel session={drawn} selection={shown_selection} on_select={select} frame={frame} />
                </aside>
                <Timeline session={now.clone()} shown={shown.clone()} viewing={viewing_index} on_view={view_moment} />
            </div>
            { dialog_html }
        </div>
    }
}

/// True when the selected thing exists in `world` (a deleted one is simply not selected).
fn selection_exists(world: &World, selection: &Selection) -> bool {
    match selection {
        Selection::Resource(id) => world.resource(id).is_some(),
        Selection::Group(name) => world.group(name).is_some(),
        Selection::Principal(id) => world.directory.contains(*id),
        Selection::Assignment(name) => world.assignments().iter().any(|a| a.name == *name),
    }
}

/// The script's first `keep` statements, exactly as written: the text before the next one.
pub fn script_prefix(script: &str, keep: usize) -> String {
    let statements = parse_script(script);
    let Some(next) = statements.get(keep) else {
        return script.to_string();
    };
    let pos = match next {
        Ok(statement) => statement.pos,
        Err(error) => Pos {
            line: error.pos.line,
            col: 1,
        },
    };
    session::before(script, pos)
}

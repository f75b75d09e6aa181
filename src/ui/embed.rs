//! The embed widget: the page an `?embed` address shows inside a documentation page's iframe
//! (the address and the messages are described in `view::embed`). No header, toolbar or
//! panels: one view (diagram, matrix or console) of a scenario or lesson step, a caption, the
//! controls the address asks for, and a link that opens the same state in the full playground.
//!
//! Invariants: the widget never writes storage or changes the address, so a learner's saved
//! work in the full playground is untouched by any number of embeds; it reports its content
//! height to the parent after every change of size, and obeys only a well-formed `mip:step`
//! message from its parent window, whatever that window's origin (it is trusted with nothing
//! but the step to show); message data is read as JSON, never evaluated. The height goes out to
//! any origin (`"*"`): a widget does not know which page embeds it, and a height says nothing
//! about the reader that the embedding page could not measure itself.

use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, MessageEvent, ResizeObserver, Window};
use yew::prelude::*;

use crate::ui::browser;
use crate::ui::components::console::Console;
use crate::ui::components::console_input::ConsoleInput;
use crate::ui::components::diagram::Diagram;
use crate::ui::components::lesson_panel::narration;
use crate::ui::components::matrix_view::MatrixView;
use crate::ui::shared::SharedSession;
use crate::view::embed::{
    height_message, parse_command, playground_link, Command, Controls, EmbedOptions, EmbedView,
    Theme, Walk, WalkKind,
};
use crate::view::lesson::catalog;
use crate::view::state::{Intent, Playground, Selection};

#[derive(Properties, PartialEq)]
pub struct EmbedProps {
    /// The page's query (`location.search`).
    pub query: AttrValue,
}

/// Reads the address and shows the widget, or what is wrong with the address.
#[component]
pub fn Embed(props: &EmbedProps) -> Html {
    let resolved = use_memo(props.query.clone(), |query| {
        let options = EmbedOptions::parse(query)?;
        let lessons = catalog().unwrap_or_default();
        let walk = options.resolve(&lessons)?;
        Ok::<_, crate::view::embed::EmbedError>((options, Rc::new(walk)))
    });
    let theme = match resolved.as_ref() {
        Ok((options, _)) => options.theme,
        Err(_) => Theme::Auto,
    };
    use_effect_with(theme, |theme| set_page_classes(*theme));
    match resolved.as_ref() {
        Ok((options, walk)) => html! {
            <Widget walk={walk.clone()} view={options.view} controls={options.controls} />
        },
        Err(error) => html! {
            <Frame>
                <div class="embed-error" role="alert">
                    <p><strong>{ "This embedded playground cannot be shown." }</strong></p>
                    <p>{ format!("The address is wrong: {error}.") }</p>
                </div>
            </Frame>
        },
    }
}

#[derive(Properties, PartialEq)]
struct FrameProps {
    #[prop_or_default]
    children: Html,
}

/// The widget's outer element, whose height is reported to the parent page.
#[component]
fn Frame(props: &FrameProps) -> Html {
    let root = use_node_ref();
    {
        let root = root.clone();
        use_effect_with((), move |_| {
            let observer = report_height(&root);
            move || {
                if let Some((observer, _closure)) = observer {
                    observer.disconnect();
                }
            }
        });
    }
    html! {
        <main ref={root} class="embed">
            <h1 class="visually-hidden">{ "Managed Identity Playground" }</h1>
            { props.children.clone() }
        </main>
    }
}

#[derive(Properties, PartialEq)]
struct WidgetProps {
    walk: Rc<Walk>,
    view: EmbedView,
    controls: Controls,
}

#[component]
fn Widget(props: &WidgetProps) -> Html {
    let walk = props.walk.clone();
    let stop = use_state_eq(|| walk.start);
    let playground = {
        let walk = walk.clone();
        use_reducer(move || Playground::from_script(&walk.script_at(walk.start)))
    };
    let selection = use_state(|| None::<Selection>);

    let go = {
        let walk = walk.clone();
        let stop = stop.setter();
        let dispatcher = playground.dispatcher();
        let selection = selection.setter();
        Callback::from(move |to: usize| {
            if to < walk.stops() {
                selection.set(None);
                stop.set(to);
                dispatcher.dispatch(Intent::Load(walk.script_at(to)));
            }
        })
    };

    // ----- commands from the parent page -------------------------------------------------
    let command_handler = use_mut_ref(|| None::<Callback<Command>>);
    *command_handler.borrow_mut() = Some({
        let walk = walk.clone();
        let go = go.clone();
        Callback::from(move |command: Command| match command {
            Command::Step(step) => {
                if let Some(to) = walk.stop_for_step(step) {
                    go.emit(to);
                }
            }
        })
    });
    {
        let handler = command_handler.clone();
        use_effect_with((), move |_| {
            let listener = browser::window().map(|window| {
                let target = window.clone();
                EventListener::new(&target, "message", move |event| {
                    if let Some(command) = command_from(&window, event) {
                        if let Some(handler) = handler.borrow().as_ref() {
                            handler.emit(command);
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }

    let session = SharedSession(playground.session.clone());
    let run = {
        let dispatcher = playground.dispatcher();
        Callback::from(move |text: String| dispatcher.dispatch(Intent::Run(text)))
    };
    let select = {
        let selection = selection.setter();
        Callback::from(move |s: Selection| selection.set(Some(s)))
    };
    let link = playground_link(&pathname(), playground.script());
    let stops = walk.stops();
    let at = *stop;

    let caption = html! {
        <div class="embed-caption">
            <p class="embed-where" aria-live="polite">
                if let Some(title) = walk.title() {
                    <span class="embed-lesson">{ title }</span>{ " · " }
                }
                { walk.caption(at) }
            </p>
            if let WalkKind::Scenario { .. } = walk.kind {
                if at > 0 {
                    if let Some(record) = session.records.get(at - 1) {
                        <pre class="embed-statement"><span aria-hidden="true" class="console-prompt">{ "$ " }</span>{ record.text.clone() }</pre>
                    }
                }
            }
        </div>
    };
    let steps = (props.controls != Controls::None && stops > 1).then(|| {
        let back = go.reform(move |_: MouseEvent| at.saturating_sub(1));
        let next = go.reform(move |_: MouseEvent| at + 1);
        html! {
            <div class="embed-steps" role="group" aria-label="Steps">
                <button type="button" class="button" disabled={at == 0} onclick={back}>
                    <span aria-hidden="true" class="button-glyph">{ "‹" }</span>{ "Previous" }
                </button>
                <span class="embed-count">{ format!("{} / {}", walk.step_number(at), walk.step_number(stops - 1)) }</span>
                <button type="button" class="button" disabled={at + 1 >= stops} onclick={next}>
                    { "Next" }<span aria-hidden="true" class="button-glyph">{ "›" }</span>
                </button>
            </div>
        }
    });
    let lesson_text = match &walk.kind {
        WalkKind::Lesson(lesson) => lesson.steps.get(at).map(
            |step| html! { <div class="embed-narration">{ narration(&step.narration) }</div> },
        ),
        WalkKind::Scenario { .. } => None,
    };
    let full = props.controls == Controls::Full;
    let view = match props.view {
        EmbedView::Diagram => html! {
            <section class="panel diagram-panel embed-panel" aria-labelledby="diagram-heading">
                <h2 id="diagram-heading" class="panel-title">{ "Diagram" }</h2>
                <Diagram session={session.clone()} selection={(*selection).clone()} on_select={select} />
            </section>
        },
        EmbedView::Matrix => html! {
            <div class="embed-panel embed-matrix">
                <MatrixView session={session.clone()} active={true} on_open={Callback::noop()} />
            </div>
        },
        EmbedView::Console => html! {
            <div class="embed-panel embed-console">
                <Console session={session.clone()} on_run={run.clone()} input={full} />
            </div>
        },
    };
    // With full controls, the diagram and the matrix get the console's command line too, and
    // the newest statement's error under it.
    let command_line = (full && props.view != EmbedView::Console).then(|| {
        let history: Vec<String> = session.records.iter().map(|r| r.text.clone()).collect();
        let error = session
            .records
            .last()
            .and_then(|r| r.error.as_ref())
            .map(|e| e.to_string());
        html! {
            <div class="embed-command console">
                <ConsoleInput history={Rc::new(history)} on_run={run} />
                if let Some(error) = error {
                    <p class="console-error" role="alert">{ error }</p>
                }
            </div>
        }
    });

    html! {
        <Frame>
            <div class="embed-bar">
                { caption }
                { for steps }
            </div>
            { for lesson_text }
            { view }
            { for command_line }
            <p class="embed-open">
                <a href={link} target="_blank" rel="noopener">
                    { "Open in the playground" }<span class="visually-hidden">{ " (opens in a new tab)" }</span>
                </a>
            </p>
        </Frame>
    }
}

/// The page's path (for links to the full playground at the same place).
fn pathname() -> String {
    browser::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_else(|| "./".into())
}

/// The parent window, when the page is in a frame.
fn parent(window: &Window) -> Option<Window> {
    let parent = window.parent().ok().flatten()?;
    (!js_sys::Object::is(parent.as_ref(), window.as_ref())).then_some(parent)
}

/// A command in a `message` event, if the event comes from the parent window and its data is
/// exactly a command (`view::embed::parse_command`).
fn command_from(window: &Window, event: &web_sys::Event) -> Option<Command> {
    let event = event.dyn_ref::<MessageEvent>()?;
    let parent = parent(window)?;
    let source = event.source()?;
    if !js_sys::Object::is(source.as_ref(), parent.as_ref()) {
        return None;
    }
    let data = event.data();
    if !data.is_object() {
        return None;
    }
    let text = js_sys::JSON::stringify(&data).ok()?.as_string()?;
    parse_command(&text)
}

/// Posts the element's height to the parent now and whenever it changes. Returns the observer
/// and its callback, which must live as long as the observation.
#[allow(clippy::type_complexity)]
fn report_height(
    root: &NodeRef,
) -> Option<(
    ResizeObserver,
    Closure<dyn FnMut(js_sys::Array, ResizeObserver)>,
)> {
    let window = browser::window()?;
    let parent = parent(&window)?;
    let element = root.cast::<Element>()?;
    let measured = element.clone();
    let closure = Closure::<dyn FnMut(js_sys::Array, ResizeObserver)>::new(
        move |_: js_sys::Array, _: ResizeObserver| {
            let height = measured.get_bounding_client_rect().height();
            if let Ok(message) = js_sys::JSON::parse(&height_message(height)) {
                // Any origin may read a height: see the module's documentation.
                let _ = parent.post_message(&message, "*");
            }
        },
    );
    let observer = ResizeObserver::new(closure.as_ref().unchecked_ref()).ok()?;
    observer.observe(&element);
    Some((observer, closure))
}

/// Marks the document as an embed, in the requested colour scheme (see static/embed.css).
fn set_page_classes(theme: Theme) {
    let Some(root) = browser::document().and_then(|d| d.document_element()) else {
        return;
    };
    let theme = match theme {
        Theme::Light => "embed-page theme-light",
        Theme::Dark => "embed-page theme-dark",
        Theme::Auto => "embed-page",
    };
    root.set_class_name(theme);
}

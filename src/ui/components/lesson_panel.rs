//! The Lessons panel: the picker, a lesson's introduction, its steps one at a time (narration,
//! "Run this for me", the goal as a checklist, hints, "Show solution", Continue, Back and Next)
//! and the end of the lesson. The state and every button's meaning live in `view::tutor`; this
//! component renders a [`Tutor`] and carries out its effects. The lessons are fetched when the
//! panel first shows (`ui::lesson_files`): until then it says so, and a file that failed is
//! named with what went wrong while the other lessons work.
//!
//! Invariants: every change to the playground goes out as script text (`on_run`, or `on_load`
//! for a lesson's starting point and the learner's own script coming back); the goal is checked
//! after every change of the session (compared by pointer) and the progress is saved whenever it
//! changes; lesson text is rendered from `Span`s as text and text-level elements only, never as
//! HTML, and only https links become links; reaching a goal is announced in a polite live region.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::browser;
use crate::ui::components::lesson_picker::{dots, LessonPicker};
use crate::ui::lesson_files::use_lessons;
use crate::ui::shared::SharedSession;
use crate::view::lesson::{check_goal, picker, GoalStatus, Lesson, Span, Step, PROGRESS_KEY};
use crate::view::tutor::{
    describe_expectation, flow, not_yet, Ctx, Effect, Flow, Page, Target, Tutor, TutorIntent,
    OPEN_KEY,
};

/// The id of the heading of the page shown: focus goes there when the page changes.
const PAGE_HEADING: &str = "lesson-page-heading";

/// The id of the box that says a step is done.
const SUCCESS: &str = "lesson-success";

/// The id of a revealed hint, which takes focus from the button that revealed it.
fn hint_id(index: usize) -> String {
    format!("lesson-hint-{index}")
}

#[derive(Properties, PartialEq)]
pub struct LessonPanelProps {
    /// The playground's session now (never a moment of the past).
    pub session: SharedSession,
    /// The playground's script, set aside when a lesson starts.
    pub script: AttrValue,
    pub on_run: Callback<String>,
    /// Replaces the playground's script.
    pub on_load: Callback<String>,
    /// A message for the learner (damaged saved progress).
    pub on_error: Callback<String>,
}

#[component]
pub fn LessonPanel(props: &LessonPanelProps) -> Html {
    let Some(loaded) = use_lessons() else {
        return html! {
            <section class="panel lessons" aria-labelledby="lessons-heading">
                <h2 id="lessons-heading" class="panel-title">{ "Lessons" }</h2>
                <p class="panel-body lessons-loading" role="status" aria-live="polite">{ "Loading lessons…" }</p>
            </section>
        };
    };
    let problems: Rc<[String]> = loaded.problems.iter().map(|p| p.to_string()).collect();
    if loaded.lessons.is_empty() {
        return html! {
            <section class="panel lessons" aria-labelledby="lessons-heading">
                <h2 id="lessons-heading" class="panel-title">{ "Lessons" }</h2>
                <div class="panel-body">{ problems_view(&problems) }</div>
            </section>
        };
    }
    html! {
        <Panel
            lessons={Lessons(loaded.lessons.clone())}
            {problems}
            session={props.session.clone()}
            script={props.script.clone()}
            on_run={props.on_run.clone()}
            on_load={props.on_load.clone()}
            on_error={props.on_error.clone()}
        />
    }
}

/// The lesson files that could not be loaded or parsed, each a located message (file, and line
/// for a damaged one), announced once when the load ends.
fn problems_view(problems: &[String]) -> Html {
    if problems.is_empty() {
        return html! {};
    }
    html! {
        <div class="lessons-problems" role="alert">
            { for problems.iter().map(|p| html! { <p key={p.clone()}>{ p.clone() }</p> }) }
        </div>
    }
}

/// The parsed lessons, compared by pointer (they never change).
#[derive(Clone)]
struct Lessons(Rc<[Lesson]>);

impl PartialEq for Lessons {
    fn eq(&self, other: &Lessons) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct PanelProps {
    lessons: Lessons,
    /// What went wrong with the lesson files left out, one message each.
    problems: Rc<[String]>,
    session: SharedSession,
    script: AttrValue,
    on_run: Callback<String>,
    on_load: Callback<String>,
    on_error: Callback<String>,
}

#[component]
fn Panel(props: &PanelProps) -> Html {
    let lessons: Rc<[Lesson]> = props.lessons.0.clone();
    // The state lives in a cell, so that intents sent before the next render (a click, then the
    // session it changed) each see the one before.
    let (tutor, restore_messages) = {
        let lessons = lessons.clone();
        let restored = use_memo((), move |_| {
            let progress = browser::load(PROGRESS_KEY);
            let open = browser::load(OPEN_KEY);
            Tutor::restore(&lessons, progress.as_deref(), open.as_deref())
        });
        let initial = restored.clone();
        (use_mut_ref(move || initial.0.clone()), restored.1.clone())
    };
    let redraw = use_force_update();
    let spoken = use_state(String::new);
    let focus_pending = use_mut_ref(|| None::<Target>);
    let reveal_pending = use_mut_ref(|| false);
    let body_ref = use_node_ref();

    // Damaged saved state: one message (two pushed at once would overwrite each other).
    {
        let on_error = props.on_error.clone();
        use_effect_with((), move |_| {
            if !restore_messages.is_empty() {
                on_error.emit(restore_messages.join(" "));
            }
        });
    }

    let send: Sender = {
        let tutor = tutor.clone();
        let spoken = spoken.setter();
        let focus_pending = focus_pending.clone();
        let reveal_pending = reveal_pending.clone();
        let on_run = props.on_run.clone();
        let on_load = props.on_load.clone();
        let redraw = redraw.clone();
        Rc::new(move |intent: TutorIntent, ctx: &Ctx<'_>| {
            let (next, effects) = tutor.borrow().apply(intent, *ctx);
            let before = tutor.replace(next);
            persist(&before, &tutor.borrow(), ctx.lessons);
            for effect in effects {
                match effect {
                    Effect::Load(script) => on_load.emit(script),
                    Effect::Run(text) => on_run.emit(text),
                    Effect::Announce(text) => spoken.set(text),
                    Effect::Focus(target) => {
                        *focus_pending.borrow_mut() = Some(target);
                        *reveal_pending.borrow_mut() = false;
                    }
                    Effect::Reveal => *reveal_pending.borrow_mut() = true,
                }
            }
            if before != *tutor.borrow() {
                redraw.force_update();
            }
        })
    };
    // A callback for a button: the intent, sent with what the page shows now.
    let intent = {
        let send = send.clone();
        let lessons = lessons.clone();
        let session = props.session.clone();
        let script = props.script.clone();
        move |intent: TutorIntent| {
            let send = send.clone();
            let lessons = lessons.clone();
            let session = session.clone();
            let script = script.clone();
            Callback::from(move |_: MouseEvent| {
                let ctx = Ctx {
                    lessons: &lessons,
                    script: &script,
                    session: &session,
                };
                send(intent.clone(), &ctx);
            })
        }
    };

    // After every change of the session: check the current step's goal.
    {
        let send = send.clone();
        let lessons = lessons.clone();
        let script = props.script.clone();
        use_effect_with(props.session.clone(), move |session| {
            let ctx = Ctx {
                lessons: &lessons,
                script: &script,
                session,
            };
            send(TutorIntent::Observe, &ctx);
        });
    }
    // After a page change: the page starts at its top, with focus on its heading; after a
    // hint: focus on the hint.
    {
        let focus_pending = focus_pending.clone();
        let reveal_pending = reveal_pending.clone();
        let body_ref = body_ref.clone();
        use_effect(move || {
            // The effect that completed the step runs in the same pass, before the render that
            // draws the box: wait for the box.
            if *reveal_pending.borrow() && reveal(&body_ref, SUCCESS) {
                *reveal_pending.borrow_mut() = false;
            }
            let target = focus_pending.borrow_mut().take();
            match target {
                Some(Target::Page) => {
                    browser::focus_id(PAGE_HEADING);
                    if let Some(body) = body_ref.cast::<web_sys::Element>() {
                        body.set_scroll_top(0);
                    }
                }
                Some(Target::Hint(index)) => browser::focus_id(&hint_id(index)),
                None => {}
            }
        });
    }

    let state = tutor.borrow().clone();
    // The shown step's goal, checked once per session change (a copy of the world per check).
    let shown_step = match (state.page, state.active) {
        (Page::Step(s), Some(l)) => Some((l, s)),
        _ => None,
    };
    let status = {
        let lessons = lessons.clone();
        use_memo(
            (props.session.clone(), shown_step),
            move |(session, shown)| {
                let (l, s) = (*shown)?;
                let goal = lessons.get(l)?.steps.get(s)?.goal.as_ref()?;
                Some(check_goal(goal, &session.world))
            },
        )
    };

    let toggle = intent(TutorIntent::Expand(!state.expanded));
    // Folded, the big button opens the lesson in progress at its step, or the picker.
    let unfold = match state.active {
        Some(index) => intent(TutorIntent::Choose(index)),
        None => intent(TutorIntent::Expand(true)),
    };
    let active_lesson = state.lesson(&lessons);
    let summary = match (active_lesson, state.page) {
        (Some(lesson), Page::Step(s)) => format!(
            "In progress: {}, step {} of {}.{}",
            lesson.title,
            s + 1,
            lesson.steps.len(),
            if s < state.progress.steps_done(lesson) {
                " Goal met: open the lesson to go on."
            } else {
                ""
            }
        ),
        (Some(lesson), _) => format!("In progress: {}.", lesson.title),
        (None, _) => {
            let done = lessons
                .iter()
                .filter(|l| state.progress.is_complete(l))
                .count();
            format!(
                "Learn it step by step: {} guided lessons, {done} completed.",
                lessons.len()
            )
        }
    };
    let on_choose = {
        let send = send.clone();
        let lessons = lessons.clone();
        let session = props.session.clone();
        let script = props.script.clone();
        Callback::from(move |index: usize| {
            let ctx = Ctx {
                lessons: &lessons,
                script: &script,
                session: &session,
            };
            send(TutorIntent::Choose(index), &ctx);
        })
    };
    let body = if state.expanded {
        match state.page {
            Page::Picker => html! {
                <LessonPicker entries={picker(&lessons, &state.progress)} active={state.active} {on_choose} />
            },
            Page::Intro(index) => intro_view(&state, &lessons, index, &props.script, &intent),
            Page::Step(s) => match active_lesson {
                Some(lesson) if s < lesson.steps.len() => {
                    step_view(&state, lesson, s, status.as_ref().as_ref(), &intent)
                }
                _ => html! {},
            },
            Page::Done => match (active_lesson, state.active) {
                (Some(lesson), Some(index)) => done_view(&state, &lessons, lesson, index, &intent),
                _ => html! {},
            },
        }
    } else {
        html! {}
    };

    html! {
        <section class={classes!("panel", "lessons", state.expanded.then_some("is-open"))} aria-labelledby="lessons-heading">
            <div class="lessons-head">
                <h2 id="lessons-heading" class="panel-title">{ "Lessons" }</h2>
                <button type="button" class="lessons-toggle" aria-expanded={state.expanded.to_string()} aria-controls="lessons-body" onclick={toggle}>
                    <span aria-hidden="true" class="lessons-toggle-glyph">{ if state.expanded { "▾" } else { "▸" } }</span>
                    { if state.expanded { "Hide" } else { "Show" } }
                    <span class="visually-hidden">{ " lessons" }</span>
                </button>
            </div>
            { problems_view(&props.problems) }
            if !state.expanded {
                <div class="lessons-summary">
                    <p>{ summary }</p>
                    <button type="button" class="button button-primary" onclick={unfold}>
                        { if active_lesson.is_some() { "Back to the lesson" } else { "Choose a lesson" } }
                    </button>
                </div>
            }
            <div id="lessons-body" ref={body_ref} class="panel-body lessons-body" hidden={!state.expanded}>
                { body }
            </div>
            <p class="visually-hidden" aria-live="polite" aria-atomic="true">{ (*spoken).clone() }</p>
        </section>
    }
}

/// Scrolls the panel's body (only it, never the page) so that the element `id` is in view;
/// false when there is no such element (yet).
fn reveal(body: &NodeRef, id: &str) -> bool {
    let Some(body) = body.cast::<web_sys::Element>() else {
        return false;
    };
    let Some(target) = browser::document().and_then(|d| d.get_element_by_id(id)) else {
        return false;
    };
    let (outer, inner) = (
        body.get_bounding_client_rect(),
        target.get_bounding_client_rect(),
    );
    if inner.bottom() > outer.bottom() {
        let by = (inner.bottom() - outer.bottom() + 8.0).min(inner.top() - outer.top());
        body.set_scroll_top(body.scroll_top() + by.max(0.0).ceil() as i32);
    } else if inner.top() < outer.top() {
        body.set_scroll_top(body.scroll_top() - (outer.top() - inner.top()).ceil() as i32);
    }
    true
}

/// Writes what changed: the progress, and the open lesson with the script set aside. A failure
/// (storage full or refused) leaves the lessons working for this visit.
fn persist(before: &Tutor, after: &Tutor, lessons: &[Lesson]) {
    if before.progress != after.progress {
        let _ = browser::store(PROGRESS_KEY, &after.progress.save());
    }
    if before.active != after.active || before.kept != after.kept {
        let _ = browser::store(OPEN_KEY, &after.save_open(lessons));
    }
}

/// Sends an intent with what the page shows now, and carries out its effects.
type Sender = Rc<dyn Fn(TutorIntent, &Ctx<'_>)>;

/// Makes a button's click handler for an intent.
type IntentButton<'a> = &'a dyn Fn(TutorIntent) -> Callback<MouseEvent>;

// ----- pages -------------------------------------------------------------------------------------

fn intro_view(
    state: &Tutor,
    lessons: &[Lesson],
    index: usize,
    script: &str,
    intent: IntentButton<'_>,
) -> Html {
    let Some(lesson) = lessons.get(index) else {
        return html! {};
    };
    let done = state.progress.steps_done(lesson);
    let total = lesson.steps.len();
    let in_progress = done > 0 && done < total;
    let complete = state.progress.is_complete(lesson);
    let note = state.start_note(lessons, script);
    html! {
        <div class="lesson-page">
            <div class="lesson-bar">{ all_lessons(intent) }</div>
            <p class="lesson-kicker">{ format!("Lesson {} of {}", index + 1, lessons.len()) }</p>
            <h3 id={PAGE_HEADING} class="lesson-page-title" tabindex="-1">{ lesson.title.clone() }</h3>
            { rules_line(lesson) }
            { narration(&lesson.intro) }
            <h4 class="lesson-subhead">{ format!("{total} steps") }</h4>
            { outline(lesson, done) }
            if complete {
                <p class="lesson-mark-line"><span aria-hidden="true">{ "✓ " }</span>{ "Completed. Starting again keeps the mark." }</p>
            }
            if let Some(note) = note {
                <p class="lesson-note">{ note }</p>
            }
            <div class="lesson-actions">
                if in_progress {
                    <button type="button" class="button button-primary" onclick={intent(TutorIntent::Resume(index))}>
                        { format!("Continue from step {}", done + 1) }
                    </button>
                    <button type="button" class="button" onclick={intent(TutorIntent::Start(index))}>{ "Start over" }</button>
                } else {
                    <button type="button" class="button button-primary" onclick={intent(TutorIntent::Start(index))}>
                        { if complete { "Start again" } else { "Start lesson" } }
                    </button>
                }
            </div>
            if in_progress {
                <p class="lesson-fine">{ format!("Continuing rebuilds the playground as if you had followed steps 1 to {done}.") }</p>
            }
        </div>
    }
}

fn step_view(
    state: &Tutor,
    lesson: &Lesson,
    s: usize,
    status: Option<&GoalStatus>,
    intent: IntentButton<'_>,
) -> Html {
    let step = &lesson.steps[s];
    let total = lesson.steps.len();
    let done_steps = state.progress.steps_done(lesson);
    let done = s < done_steps;
    let last = s + 1 == total;
    let next_label = if last { "Finish lesson" } else { "Next step" };
    html! {
        <div class="lesson-page">
            <div class="lesson-bar">
                { all_lessons(intent) }
                <span class="lesson-position">
                    { format!("Step {} of {total}", s + 1) }
                    { dots(total, done_steps) }
                </span>
            </div>
            <p class="lesson-kicker">{ lesson.title.clone() }</p>
            <h3 id={PAGE_HEADING} class="lesson-step-title" tabindex="-1">{ step.title.clone() }</h3>
            <div class="lesson-narration">{ narration(&step.narration) }</div>
            if let Some(run) = &step.run {
                <div class="lesson-run">
                    <pre class="lesson-code"><code>{ run.trim_end().to_string() }</code></pre>
                    <button type="button" class="button" onclick={intent(TutorIntent::RunStep)}>
                        <span aria-hidden="true" class="button-glyph">{ "▶" }</span>
                        { if done && step.goal.is_none() { "Run it again" } else { "Run this for me" } }
                    </button>
                </div>
            }
            if let (Some(goal), Some(status)) = (&step.goal, status) {
                { goal_view(goal.expectations.len(), status, done) }
            }
            if done {
                <div id={SUCCESS} class="lesson-success">
                    <p>
                        <span aria-hidden="true" class="lesson-success-glyph">{ "✓" }</span>
                        { if step.goal.is_some() { " Goal met. " } else { " Done. " } }
                        { if last { "That was the last step." } else { "On to the next step when you are ready." } }
                    </p>
                    <button type="button" class="button button-primary" onclick={intent(TutorIntent::Next)}>
                        { next_label }<span aria-hidden="true" class="button-glyph">{ " ›" }</span>
                    </button>
                </div>
            }
            { hints_view(state, step) }
            <div class="lesson-actions">
                if step.goal.is_none() && !done {
                    <button type="button" class="button button-primary" onclick={intent(TutorIntent::Continue)}>
                        { "Continue" }<span aria-hidden="true" class="button-glyph">{ " ›" }</span>
                    </button>
                }
                { hint_button(state, step, intent) }
                if step.solution.is_some() {
                    <button type="button" class="button" onclick={intent(TutorIntent::Solution)}>{ "Show solution" }</button>
                }
            </div>
            if let (true, Some(solution)) = (state.solution_ran, &step.solution) {
                <div class="lesson-solution">
                    <p class="lesson-fine">{ "The solution ran in the console:" }</p>
                    <pre class="lesson-code"><code>{ solution.trim_end().to_string() }</code></pre>
                </div>
            }
            <nav class="lesson-steps-nav" aria-label="Steps">
                <button type="button" class="button button-small" disabled={s == 0} onclick={intent(TutorIntent::Back)}>
                    <span aria-hidden="true" class="button-glyph">{ "‹" }</span>{ "Back" }
                </button>
                <button type="button" class="button button-small" disabled={!done} onclick={intent(TutorIntent::Next)}
                    title={(!done).then_some("Reach this step's goal first")}>
                    { "Next" }<span aria-hidden="true" class="button-glyph">{ "›" }</span>
                </button>
            </nav>
            { lesson_footer(state, lesson, intent) }
        </div>
    }
}

fn goal_view(count: usize, status: &GoalStatus, done: bool) -> Html {
    let met = status.met();
    let heading = if count == 1 {
        "Your goal"
    } else {
        "Your goals"
    };
    html! {
        <section class="lesson-goal" aria-labelledby="lesson-goal-heading">
            <h4 id="lesson-goal-heading" class="lesson-subhead">{ heading }</h4>
            <ul class="goal-list">
                { for status.expectations.iter().map(|e| {
                    let sentence = describe_expectation(&e.statement)
                        .map(|spans| inline(&spans))
                        .unwrap_or_else(|| html! { <code>{ e.statement.clone() }</code> });
                    let unmet = e.unmet.as_deref().map(not_yet);
                    html! {
                        <li key={e.statement.clone()} class={classes!("goal-item", if unmet.is_none() { "is-met" } else { "is-unmet" })}>
                            <span class="goal-mark" aria-hidden="true">{ if unmet.is_none() { "✓" } else { "" } }</span>
                            <span class="goal-text">
                                <span class="goal-state">{ if unmet.is_none() { "Met" } else { "Not yet" } }</span>
                                <span class="visually-hidden">{ ": " }</span>
                                <span class="goal-sentence">{ sentence }</span>
                                if let Some(now) = &unmet {
                                    <span class="goal-now">{ format!("Right now: {}.", now.now) }</span>
                                }
                                <details class="goal-why">
                                    <summary>{ if unmet.is_some() { "Why not yet?" } else { "How it is checked" } }</summary>
                                    if let Some(why) = unmet.and_then(|now| now.why) {
                                        <p>{ why }</p>
                                    }
                                    <p>{ "The playground runs " }<code class="goal-statement">{ e.statement.clone() }</code></p>
                                </details>
                            </span>
                        </li>
                    }
                }) }
            </ul>
            if done && !met {
                <p class="lesson-fine">{ "You reached this goal earlier; later steps changed the playground, so it no longer holds. That is expected." }</p>
            }
        </section>
    }
}

/// The hints revealed so far.
fn hints_view(state: &Tutor, step: &Step) -> Html {
    let shown = state.hints.min(step.hints.len());
    if shown == 0 {
        return html! {};
    }
    html! {
        <ol class="hint-list" aria-label="Hints">
            { for step.hints.iter().take(shown).enumerate().map(|(i, hint)| html! {
                <li key={i} id={hint_id(i)} tabindex="-1"><span class="hint-label">{ format!("Hint {}: ", i + 1) }</span>{ inline(hint) }</li>
            }) }
        </ol>
    }
}

/// The button that reveals the next hint, while there is one.
fn hint_button(state: &Tutor, step: &Step, intent: IntentButton<'_>) -> Html {
    let total = step.hints.len();
    let label = match (state.hints, total) {
        (k, n) if k >= n => return html! {},
        (0, 1) => "Show a hint".to_string(),
        (0, n) => format!("Show a hint (1 of {n})"),
        (k, n) => format!("Show another hint ({} of {n})", k + 1),
    };
    html! {
        <button type="button" class="button" onclick={intent(TutorIntent::Hint)}>{ label }</button>
    }
}

fn done_view(
    state: &Tutor,
    lessons: &[Lesson],
    lesson: &Lesson,
    index: usize,
    intent: IntentButton<'_>,
) -> Html {
    let next = lessons.get(index + 1);
    let total = lesson.steps.len();
    html! {
        <div class="lesson-page">
            <div class="lesson-bar">
                { all_lessons(intent) }
                <span class="lesson-position">
                    { format!("{total} of {total} steps") }
                    { dots(total, total) }
                </span>
            </div>
            <p class="lesson-kicker">{ lesson.title.clone() }</p>
            <div class="lesson-complete">
                <h3 id={PAGE_HEADING} class="lesson-step-title" tabindex="-1">
                    <span aria-hidden="true" class="lesson-success-glyph">{ "✓ " }</span>{ "Lesson complete" }
                </h3>
                <p>{ format!("You finished all {total} steps of “{}”.", lesson.title) }</p>
                { rules_line(lesson) }
            </div>
            <div class="lesson-actions">
                if let Some(next) = next {
                    <button type="button" class="button button-primary" onclick={intent(TutorIntent::Choose(index + 1))}>
                        { format!("Next lesson: {}", next.title) }<span aria-hidden="true" class="button-glyph">{ " ›" }</span>
                    </button>
                }
                <button type="button" class="button" onclick={intent(TutorIntent::Start(index))}>{ "Start again" }</button>
            </div>
            <h4 class="lesson-subhead">{ "What you did" }</h4>
            { outline(lesson, total) }
            <nav class="lesson-steps-nav" aria-label="Steps">
                <button type="button" class="button button-small" onclick={intent(TutorIntent::Back)}>
                    <span aria-hidden="true" class="button-glyph">{ "‹" }</span>{ "Back" }
                </button>
            </nav>
            { lesson_footer(state, lesson, intent) }
        </div>
    }
}

// ----- pieces ------------------------------------------------------------------------------------

fn all_lessons(intent: IntentButton<'_>) -> Html {
    html! {
        <button type="button" class="link-button" onclick={intent(TutorIntent::Picker)}>
            <span aria-hidden="true">{ "‹ " }</span>{ "All lessons" }
        </button>
    }
}

/// Below a lesson's pages: its introduction to look back at, and Leave.
fn lesson_footer(state: &Tutor, lesson: &Lesson, intent: IntentButton<'_>) -> Html {
    html! {
        <div class="lesson-footer">
            <details class="lesson-about">
                <summary>{ "About this lesson" }</summary>
                { rules_line(lesson) }
                { narration(&lesson.intro) }
            </details>
            <button type="button" class="link-button lesson-leave" onclick={intent(TutorIntent::Leave)}>
                { state.leave_label() }
            </button>
        </div>
    }
}

fn rules_line(lesson: &Lesson) -> Html {
    html! {
        <p class="lesson-rules-line">
            { if lesson.rules.len() == 1 { "Rule " } else { "Rules " } }
            { for lesson.rules.iter().enumerate().map(|(i, rule)| html! {
                <>
                    if i > 0 { { ", " } }
                    <code>{ rule.clone() }</code>
                </>
            }) }
        </p>
    }
}

/// The steps' titles, each marked done or not (a glyph and a word).
fn outline(lesson: &Lesson, done: usize) -> Html {
    html! {
        <ol class="lesson-outline">
            { for lesson.steps.iter().enumerate().map(|(i, step)| html! {
                <li key={i} class={classes!((i < done).then_some("is-done"))}>
                    <span class="outline-mark" aria-hidden="true">{ if i < done { "✓" } else { "" } }</span>
                    { step.title.clone() }
                    if i < done {
                        <span class="visually-hidden">{ " (done)" }</span>
                    }
                </li>
            }) }
        </ol>
    }
}

/// Narration: paragraphs and lists of text-level spans.
pub fn narration(blocks: &[crate::view::lesson::Block]) -> Html {
    html! {
        { for flow(blocks).into_iter().map(|part| match part {
            Flow::Paragraph(spans) => html! { <p>{ inline(spans) }</p> },
            Flow::List(items) => html! {
                <ul class="lesson-list-items">
                    { for items.into_iter().map(|spans| html! { <li>{ inline(spans) }</li> }) }
                </ul>
            },
        }) }
    }
}

/// Spans as text and text-level elements; a link only for an https address (the parser allows
/// no other, and this holds even if it did).
pub fn inline(spans: &[Span]) -> Html {
    spans
        .iter()
        .map(|span| match span {
            Span::Text(text) => html! { { text.clone() } },
            Span::Strong(text) => html! { <strong>{ text.clone() }</strong> },
            Span::Emphasis(text) => html! { <em>{ text.clone() }</em> },
            Span::Code(text) => html! { <code>{ text.clone() }</code> },
            Span::Link { text, url } if url.starts_with("https://") => html! {
                <a href={url.clone()} target="_blank" rel="noopener noreferrer">
                    { text.clone() }<span class="visually-hidden">{ " (opens in a new tab)" }</span>
                </a>
            },
            Span::Link { text, .. } => html! { { text.clone() } },
        })
        .collect()
}

//! The resource diagram: renders a [`Layout`] from `view::diagram` as SVG, one element per
//! object, inside a scrolling, zoomable view, and reports what the learner selects.
//!
//! Invariants: every coordinate and path comes from the layout (this file only pads focus rings),
//! and every zoom and scroll offset from `view::viewport`: this file reads the view's size and
//! scroll position from the DOM and applies what the viewport computes. Styling is by CSS class
//! from `static/diagram.css`, never an inline `style` (the zoom is the SVG's `width` and
//! `height` over a fixed `viewBox`); names and other text the learner typed are text nodes, never
//! markup; meaning never rests on colour alone — orphaned arrows are dashed with a cross head and
//! a "⚠ Identity not found" line, dangling links end in a broken-link glyph with words. Every
//! selectable element is a focusable `role="button"` that answers to click, Enter and Space; the
//! view adds + and − (zoom), 0 (fit the width) and leaves the arrow keys to the browser, which
//! scrolls the view with them.
use std::rc::Rc;

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, ScrollIntoViewOptions, ScrollLogicalPosition};
use yew::prelude::*;

use crate::ui::browser;
use crate::ui::icons::{broken_link, icon, kind_class, shield};
use crate::ui::shared::SharedSession;
use crate::view::diagram::{Anchor, Area, Arrow, Card, Chip, ChipKind, Layout, Link, Rect};
use crate::view::motion::Frame;
use crate::view::state::Selection;
use crate::view::viewport::{self, Size, Sizing, ViewPoint, Viewport};

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    /// The replayed session whose world is drawn; a new `Rc` means a new world.
    pub session: SharedSession,
    /// What to highlight: a card, group, principal (badge, identity card) or assignment.
    pub selection: Option<Selection>,
    /// Called with what the learner clicked or activated with Enter or Space.
    pub on_select: Callback<Selection>,
    /// The phases of what the playing step animates (see `view::motion`); `None` when nothing
    /// plays.
    #[prop_or_default]
    pub frame: Option<Rc<Frame>>,
    /// Put before every id the diagram gives an element, so that two diagrams can share a page
    /// (compare mode) without two elements having one id.
    #[prop_or_default]
    pub id_prefix: AttrValue,
    /// How large the drawing is by default: for a learner's screen, or for a projector.
    #[prop_or_default]
    pub sizing: Sizing,
}

/// What a zoom control asks for.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Zoom {
    In,
    Out,
    /// Back to the default scale (see [`Sizing::fit`]).
    Fit,
}

/// A drag on the drawing's empty space, from where it started.
struct Drag {
    pointer: i32,
    from: ViewPoint,
    scroll: ViewPoint,
}

#[component]
pub fn Diagram(props: &DiagramProps) -> Html {
    let scroller = use_node_ref();
    // The view's size, measured after the first render and on every window resize.
    let view = use_state_eq(Size::default);
    // The learner's zoom; `None` fits the drawing's width.
    let zoom = use_state_eq(|| None::<f64>);
    // A scroll offset to apply once the zoomed SVG is in the DOM, and whether to then bring the
    // focused element fully into view.
    let pending_scroll = use_mut_ref(|| None::<(ViewPoint, bool)>);
    let drag = use_mut_ref(|| None::<Drag>);
    let panning = use_state_eq(|| false);

    {
        let scroller = scroller.clone();
        let view = view.setter();
        use_effect_with((), move |_| {
            let measure = move || {
                if let Some(el) = scroller.cast::<Element>() {
                    view.set(view_size(&el));
                }
            };
            measure();
            let listener = browser::window()
                .map(|window| EventListener::new(&window, "resize", move |_| measure()));
            move || drop(listener)
        });
    }
    {
        let scroller = scroller.clone();
        let pending_scroll = pending_scroll.clone();
        use_effect(move || {
            if let Some((to, reveal)) = pending_scroll.borrow_mut().take() {
                if let Some(el) = scroller.cast::<Element>() {
                    scroll_to(&el, to);
                    if reveal {
                        reveal_focus(&el);
                    }
                }
            }
        });
    }

    let sizing = props.sizing;
    let layout = {
        let view = *view;
        use_memo(
            (props.session.clone(), sizing, sizing.layout_key(view)),
            move |(session, sizing, _)| sizing.layout(&session.world, view),
        )
    };
    let content = viewport::content_size(&layout);
    let scale =
        move |zoom: Option<f64>, view: Size| zoom.unwrap_or_else(|| sizing.fit(view, content));
    let shown = Viewport::new(
        *view,
        content,
        Some(scale(*zoom, *view)),
        ViewPoint::default(),
    );
    let (svg_w, svg_h) = shown.scaled();

    // The viewport as it is in the DOM right now: its size and scroll offset.
    let live = {
        let scroller = scroller.clone();
        let zoom = *zoom;
        move || {
            let el = scroller.cast::<Element>()?;
            let scroll = ViewPoint {
                x: f64::from(el.scroll_left()),
                y: f64::from(el.scroll_top()),
            };
            Some((
                el.clone(),
                Viewport::new(
                    view_size(&el),
                    content,
                    Some(scale(zoom, view_size(&el))),
                    scroll,
                ),
            ))
        }
    };
    // Shows a new viewport: the scale through a render, the scroll offset right after it.
    let apply = {
        let zoom = zoom.clone();
        let pending_scroll = pending_scroll.clone();
        move |el: &Element, before: &Viewport, after: Viewport, fit: bool, reveal: bool| {
            if after.scale == before.scale {
                scroll_to(el, after.scroll);
                if reveal {
                    reveal_focus(el);
                }
            } else {
                *pending_scroll.borrow_mut() = Some((after.scroll, reveal));
            }
            zoom.set(if fit { None } else { Some(after.scale) });
        }
    };
    let zoom_by = {
        let live = live.clone();
        let apply = apply.clone();
        Callback::from(move |how: Zoom| {
            let Some((el, now)) = live() else {
                return;
            };
            let anchor = focus_anchor(&el).unwrap_or_else(|| now.middle());
            let next = match how {
                Zoom::In => now.zoom_in(anchor),
                Zoom::Out => now.zoom_out(anchor),
                Zoom::Fit => now.zoom_to(sizing.fit(now.view, now.content), anchor),
            };
            // Zooming from the keyboard keeps the focused card whole in view.
            apply(&el, &now, next, how == Zoom::Fit, true);
        })
    };
    let button = |how: Zoom| zoom_by.reform(move |_: MouseEvent| how);
    let onkeydown = {
        let zoom_by = zoom_by.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let how = match e.key().as_str() {
                "+" | "=" => Zoom::In,
                "-" | "_" => Zoom::Out,
                "0" => Zoom::Fit,
                _ => return,
            };
            e.prevent_default();
            zoom_by.emit(how);
        })
    };
    // Ctrl or ⌘ with the wheel (and a touchpad pinch, which browsers report that way) zooms
    // around the pointer; the plain wheel scrolls as usual.
    let onwheel = {
        let live = live.clone();
        let apply = apply.clone();
        Callback::from(move |e: WheelEvent| {
            if !(e.ctrl_key() || e.meta_key()) {
                return;
            }
            e.prevent_default();
            let Some((el, now)) = live() else {
                return;
            };
            let delta = match e.delta_mode() {
                WheelEvent::DOM_DELTA_LINE => e.delta_y() * 16.0,
                WheelEvent::DOM_DELTA_PAGE => e.delta_y() * now.view.h,
                _ => e.delta_y(),
            };
            let next = now.wheel(delta, pointer_in(&el, &e));
            apply(&el, &now, next, false, false);
        })
    };
    // Dragging the drawing's empty space with a mouse or pen pans it; touch scrolls natively.
    let onpointerdown = {
        let scroller = scroller.clone();
        let drag = drag.clone();
        let panning = panning.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 || e.pointer_type() == "touch" {
                return;
            }
            let on_empty_space = e
                .target()
                .and_then(|t| t.dyn_into::<Element>().ok())
                .is_some_and(|t| closest(&t, "svg") && !closest(&t, DRAG_EXCLUDED));
            let Some(el) = scroller.cast::<Element>() else {
                return;
            };
            if !on_empty_space {
                return;
            }
            let _ = el.set_pointer_capture(e.pointer_id());
            *drag.borrow_mut() = Some(Drag {
                pointer: e.pointer_id(),
                from: client_point(&e),
                scroll: ViewPoint {
                    x: f64::from(el.scroll_left()),
                    y: f64::from(el.scroll_top()),
                },
            });
            panning.set(true);
        })
    };
    let onpointermove = {
        let drag = drag.clone();
        let live = live.clone();
        Callback::from(move |e: PointerEvent| {
            let drag = drag.borrow();
            let Some(d) = drag.as_ref().filter(|d| d.pointer == e.pointer_id()) else {
                return;
            };
            let Some((el, now)) = live() else {
                return;
            };
            let at = client_point(&e);
            let next = Viewport {
                scroll: d.scroll,
                ..now
            }
            .pan(at.x - d.from.x, at.y - d.from.y);
            scroll_to(&el, next.scroll);
        })
    };
    let end_drag = {
        let drag = drag.clone();
        let panning = panning.clone();
        Callback::from(move |e: PointerEvent| {
            let ended = drag
                .borrow()
                .as_ref()
                .is_some_and(|d| d.pointer == e.pointer_id());
            if ended {
                *drag.borrow_mut() = None;
                panning.set(false);
            }
        })
    };

    let scene = SharedLayout(layout.clone());
    let help_id = format!("{}diagram-view-help", props.id_prefix);
    html! {
        <div class="diagram" onkeydown={onkeydown}>
            <div class="diagram-zoom" role="group" aria-label="Zoom">
                <button
                    type="button"
                    class="button button-small diagram-zoom-button"
                    aria-label="Zoom out"
                    aria-keyshortcuts="-"
                    title="Zoom out (−)"
                    onclick={button(Zoom::Out)}
                >
                    <span aria-hidden="true">{ "−" }</span>
                </button>
                <span class="diagram-zoom-level" role="status">
                    <span class="visually-hidden">{ "Zoom " }</span>
                    { shown.percent() }
                </span>
                <button
                    type="button"
                    class="button button-small diagram-zoom-button"
                    aria-label="Zoom in"
                    aria-keyshortcuts="+"
                    title="Zoom in (+)"
                    onclick={button(Zoom::In)}
                >
                    <span aria-hidden="true">{ "+" }</span>
                </button>
                <button
                    type="button"
                    class="button button-small"
                    aria-keyshortcuts="0"
                    title={match sizing { Sizing::Desk => "Fit the diagram's width (0)", Sizing::Room => "Fit the whole diagram (0)" }}
                    onclick={button(Zoom::Fit)}
                >
                    { match sizing { Sizing::Desk => "Fit width", Sizing::Room => "Fit" } }
                </button>
            </div>
            <p id={help_id.clone()} class="visually-hidden">
                { "Scroll with the arrow keys or by dragging empty space. Zoom with + and −; 0 fits it again." }
            </p>
            <div
                ref={scroller}
                class={classes!("diagram-scroller", panning.then_some("is-panning"))}
                tabindex="0"
                role="group"
                aria-label="Diagram view"
                aria-describedby={help_id}
                onwheel={onwheel}
                onpointerdown={onpointerdown}
                onpointermove={onpointermove}
                onpointerup={end_drag.clone()}
                onpointercancel={end_drag.clone()}
                onlostpointercapture={end_drag}
            >
                <svg
                    class="diagram-svg"
                    xmlns="http://www.w3.org/2000/svg"
                    width={svg_w.to_string()}
                    height={svg_h.to_string()}
                    viewBox={format!("0 0 {} {}", layout.width, layout.height)}
                    role="group"
                    aria-label="Resource diagram: the subscription, its resource groups, identities and role assignments"
                >
                    <Scene
                        layout={scene}
                        selection={props.selection.clone()}
                        on_select={props.on_select.clone()}
                        frame={props.frame.clone()}
                        id_prefix={props.id_prefix.clone()}
                    />
                </svg>
            </div>
        </div>
    }
}

/// Where a drag must not start: on anything that is clicked to select it.
const DRAG_EXCLUDED: &str = ".diagram-focusable, .diagram-card-details, .diagram-arrow";

/// The view's size without its scroll bars.
fn view_size(el: &Element) -> Size {
    Size {
        w: f64::from(el.client_width()),
        h: f64::from(el.client_height()),
    }
}

fn scroll_to(el: &Element, to: ViewPoint) {
    el.set_scroll_left(to.x.round() as i32);
    el.set_scroll_top(to.y.round() as i32);
}

fn closest(el: &Element, selector: &str) -> bool {
    el.closest(selector).ok().flatten().is_some()
}

fn client_point(e: &MouseEvent) -> ViewPoint {
    ViewPoint {
        x: f64::from(e.client_x()),
        y: f64::from(e.client_y()),
    }
}

/// The pointer's position in the view.
fn pointer_in(el: &Element, e: &MouseEvent) -> ViewPoint {
    let rect = el.get_bounding_client_rect();
    let at = client_point(e);
    ViewPoint {
        x: at.x - rect.left() - f64::from(el.client_left()),
        y: at.y - rect.top() - f64::from(el.client_top()),
    }
}

/// The middle of the focused element when it is in the drawing and in view: zooming from the
/// keyboard keeps the focused card where it is.
fn focus_anchor(el: &Element) -> Option<ViewPoint> {
    let focused = browser::document()?.active_element()?;
    if focused == *el || !el.contains(Some(&focused)) {
        return None;
    }
    let view = el.get_bounding_client_rect();
    let rect = focused.get_bounding_client_rect();
    let at = ViewPoint {
        x: rect.left() + rect.width() / 2.0 - view.left() - f64::from(el.client_left()),
        y: rect.top() + rect.height() / 2.0 - view.top() - f64::from(el.client_top()),
    };
    let size = view_size(el);
    (at.x >= 0.0 && at.y >= 0.0 && at.x <= size.w && at.y <= size.h).then_some(at)
}

/// Scrolls the focused element fully into view when it is in the drawing: zooming in around a
/// card near the view's edge must not leave the card half hidden.
fn reveal_focus(el: &Element) {
    let Some(focused) = browser::document().and_then(|d| d.active_element()) else {
        return;
    };
    if focused == *el || !el.contains(Some(&focused)) {
        return;
    }
    let options = ScrollIntoViewOptions::new();
    options.set_block(ScrollLogicalPosition::Nearest);
    options.set_inline(ScrollLogicalPosition::Nearest);
    focused.scroll_into_view_with_scroll_into_view_options(&options);
}

/// A layout compared by identity: the memo hands out the same `Rc` until the world or the column
/// count changes, so zooming and scrolling never rebuild the drawing.
#[derive(Clone)]
struct SharedLayout(Rc<Layout>);

impl PartialEq for SharedLayout {
    fn eq(&self, other: &SharedLayout) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
struct SceneProps {
    layout: SharedLayout,
    selection: Option<Selection>,
    on_select: Callback<Selection>,
    frame: Option<Rc<Frame>>,
    id_prefix: AttrValue,
}

/// Everything inside the SVG, in painting order.
#[component]
fn Scene(props: &SceneProps) -> Html {
    let layout: &Layout = &props.layout.0;
    let ctx = Ctx {
        selection: props.selection.as_ref(),
        on_select: &props.on_select,
        frame: props.frame.as_deref(),
        id_prefix: &props.id_prefix,
    };
    html! {
        <>
            { defs(&props.id_prefix) }
            { subscription(&layout.subscription) }
            // Painted first: group frames, links and arrow curves, so cards sit on top and
            // their text stays readable where curves pass behind them.
            <g class="diagram-group-frames">
                { for layout.groups.iter().map(|g| group_frame(g, &ctx)) }
            </g>
            <g class="diagram-links">
                { for layout.links.iter().enumerate().map(|(i, l)| link(l, i, &ctx)) }
            </g>
            <g class="diagram-arrow-paths">
                { for (0..layout.arrows.len()).map(|index| arrow_view(props, &ctx, index, ArrowPart::Path)) }
            </g>
            // Focusable things in reading order: chips above the groups, then each group's
            // title followed by its cards (each card followed by its badge), then the arrows'
            // labels.
            <g class="diagram-chips">
                { for layout.chips.iter().map(|c| chip(c, &ctx)) }
            </g>
            <g class="diagram-groups">
                { for layout.groups.iter().map(|g| group(g, props, &ctx)) }
            </g>
            <g class="diagram-arrow-labels">
                { for (0..layout.arrows.len()).map(|index| arrow_view(props, &ctx, index, ArrowPart::Label)) }
            </g>
        </>
    }
}

/// What every piece needs: the current selection, where to report a new one, the motion, and
/// the prefix of the diagram's ids.
struct Ctx<'a> {
    selection: Option<&'a Selection>,
    on_select: &'a Callback<Selection>,
    frame: Option<&'a Frame>,
    id_prefix: &'a str,
}

impl Ctx<'_> {
    /// The motion class of the thing with this `view::motion::Target` key, while a step plays.
    /// The key is only built while something plays.
    fn cue(&self, key: impl FnOnce() -> String) -> Option<&'static str> {
        self.frame.and_then(|frame| frame.class(&key()))
    }

    fn onclick(&self, selection: Selection) -> Callback<MouseEvent> {
        let on_select = self.on_select.clone();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_select.emit(selection.clone());
        })
    }

    /// Enter and Space activate, as for any button; Space must not scroll the page.
    fn onkeydown(&self, selection: Selection) -> Callback<KeyboardEvent> {
        let on_select = self.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                e.stop_propagation();
                on_select.emit(selection.clone());
            }
        })
    }

    fn is_resource(&self, id: &str) -> bool {
        matches!(self.selection, Some(Selection::Resource(s)) if s.eq_ignore_ascii_case(id))
    }

    fn is_principal(&self, principal: crate::sim::ids::Guid) -> bool {
        matches!(self.selection, Some(Selection::Principal(p)) if *p == principal)
    }

    /// Whether an arrow touches what is selected (its principal, its scope's card or area).
    fn relates_to(&self, arrow: &Arrow) -> bool {
        let touches = |anchor: &Anchor| match (self.selection, anchor) {
            (Some(Selection::Resource(id)), Anchor::Badge { card })
            | (Some(Selection::Resource(id)), Anchor::Card { id: card })
            | (Some(Selection::Resource(id)), Anchor::Container { card, .. }) => {
                id.eq_ignore_ascii_case(card)
            }
            (Some(Selection::Group(name)), Anchor::Group { name: group }) => {
                name.eq_ignore_ascii_case(group)
            }
            _ => false,
        };
        self.is_principal(arrow.principal) || touches(&arrow.from) || touches(&arrow.to)
    }
}

/// A focus ring drawn just outside `rect`; CSS shows it only on `:focus-visible`.
fn focus_ring(rect: Rect, radius: i32) -> Html {
    html! {
        <rect
            class="diagram-focus-ring"
            x={(rect.x - 4).to_string()}
            y={(rect.y - 4).to_string()}
            width={(rect.w + 8).to_string()}
            height={(rect.h + 8).to_string()}
            rx={(radius + 4).to_string()}
        />
    }
}

/// The arrow heads, whose ids the arrows' `marker-end` names.
fn defs(id_prefix: &str) -> Html {
    html! {
        <defs>
            <marker
                id={format!("{id_prefix}diagram-arrow-head")}
                viewBox="0 0 10 10"
                refX="9"
                refY="5"
                markerWidth="8"
                markerHeight="8"
                markerUnits="userSpaceOnUse"
                orient="auto"
            >
                <path class="diagram-arrow-head" d="M0 0L10 5L0 10z" />
            </marker>
            <marker
                id={format!("{id_prefix}diagram-arrow-broken")}
                viewBox="0 0 10 10"
                refX="5"
                refY="5"
                markerWidth="10"
                markerHeight="10"
                markerUnits="userSpaceOnUse"
                orient="auto"
            >
                <path class="diagram-arrow-cross" d="M1 1L9 9M9 1L1 9" />
            </marker>
        </defs>
    }
}

/// The subscription area; not selectable (there is no `Selection` for it).
fn subscription(area: &Area) -> Html {
    let r = area.rect;
    let title = area.title_at();
    let subtitle = area.subtitle_at();
    html! {
        <g class="diagram-subscription">
            <title>{ area.aria_label.clone() }</title>
            <rect
                class="diagram-subscription-frame"
                x={r.x.to_string()}
                y={r.y.to_string()}
                width={r.w.to_string()}
                height={r.h.to_string()}
                rx="10"
            />
            <text class="diagram-area-title" x={title.x.to_string()} y={title.y.to_string()}>
                { area.title.clone() }
            </text>
            <text class="diagram-area-subtitle" x={subtitle.x.to_string()} y={subtitle.y.to_string()}>
                { area.subtitle.clone() }
            </text>
            { port(area, false) }
            { hint(area) }
        </g>
    }
}

/// An empty area's hint, one `<text>` per line.
fn hint(area: &Area) -> Html {
    html! {
        { for area.hint_lines().into_iter().map(|(at, line)| html! {
            <text class="diagram-hint" x={at.x.to_string()} y={at.y.to_string()}>{ line }</text>
        }) }
    }
}

/// The small circle in an area's title bar where arrows for its scope end.
fn port(area: &Area, selected: bool) -> Html {
    html! {
        <circle
            class={classes!("diagram-port", selected.then_some("is-selected"))}
            cx={area.port.x.to_string()}
            cy={area.port.y.to_string()}
            r="5"
            aria-hidden="true"
        />
    }
}

/// A group's frame, port and empty-state hint: the parts painted under links and cards.
fn group_frame(area: &Area, ctx: &Ctx) -> Html {
    let r = area.rect;
    let selected = ctx.selection == Some(&Selection::Group(area.name.clone()));
    html! {
        <g key={area.id.clone()} class={classes!("diagram-group", selected.then_some("is-selected"), ctx.cue(|| format!("group:{}", area.id)))}>
            <rect
                class="diagram-group-frame"
                x={r.x.to_string()}
                y={r.y.to_string()}
                width={r.w.to_string()}
                height={r.h.to_string()}
                rx="8"
            />
            { port(area, selected) }
            { hint(area) }
        </g>
    }
}

/// A group's focusable title bar, then its cards, each followed by its identity badge.
fn group(area: &Area, scene: &SceneProps, ctx: &Ctx) -> Html {
    let bar = area.title_bar();
    let title = area.title_at();
    let subtitle_end = area.subtitle_end();
    let selection = Selection::Group(area.name.clone());
    let selected = ctx.selection == Some(&selection);
    html! {
        <g key={area.id.clone()} class={classes!("diagram-group-content", ctx.cue(|| format!("group:{}", area.id)))}>
            <g
                class={classes!("diagram-focusable", "diagram-group-title", selected.then_some("is-selected"))}
                role="button"
                tabindex="0"
                aria-label={area.aria_label.clone()}
                aria-current={selected.then_some("true")}
                onclick={ctx.onclick(selection.clone())}
                onkeydown={ctx.onkeydown(selection)}
            >
                <title>{ format!("Resource group {}", area.name) }</title>
                { focus_ring(bar, 8) }
                <rect
                    class="diagram-group-bar"
                    x={bar.x.to_string()}
                    y={bar.y.to_string()}
                    width={bar.w.to_string()}
                    height={bar.h.to_string()}
                    rx="8"
                />
                <text class="diagram-area-title" x={title.x.to_string()} y={title.y.to_string()}>
                    { area.title.clone() }
                </text>
                <text
                    class="diagram-area-subtitle"
                    x={subtitle_end.x.to_string()}
                    y={subtitle_end.y.to_string()}
                    text-anchor="end"
                >
                    { format!(" {}", area.subtitle) }
                </text>
            </g>
            { for area.cards.clone().filter_map(|index| {
                let id = scene.layout.0.cards.get(index)?.id.clone();
                Some(html! {
                    <CardSlot
                        key={id}
                        layout={scene.layout.clone()}
                        index={index}
                        selection={scene.selection.clone()}
                        on_select={scene.on_select.clone()}
                        frame={scene.frame.clone()}
                    />
                })
            }) }
        </g>
    }
}

fn card(card: &Card, ctx: &Ctx) -> Html {
    let r = card.rect;
    let selection = Selection::Resource(card.id.clone());
    let selected = ctx.is_resource(&card.id) || card.principal.is_some_and(|p| ctx.is_principal(p));
    let icon_at = card.icon_at();
    let name_at = card.name_at();
    let kind_at = card.kind_at();
    let class = classes!(
        "diagram-focusable",
        "diagram-card",
        kind_class(card.kind),
        card.is_identity().then_some("is-identity"),
        (!card.broken.is_empty()).then_some("has-broken"),
        selected.then_some("is-selected"),
    );
    html! {
        <g
            class={class}
            role="button"
            tabindex="0"
            aria-label={card.aria_label.clone()}
            aria-current={selected.then_some("true")}
            onclick={ctx.onclick(selection.clone())}
            onkeydown={ctx.onkeydown(selection)}
        >
            <title>{ format!("{} {}\n{}", card.kind.label(), card.name, card.id) }</title>
            { focus_ring(r, 8) }
            <rect
                class="diagram-card-frame"
                x={r.x.to_string()}
                y={r.y.to_string()}
                width={r.w.to_string()}
                height={r.h.to_string()}
                rx="8"
            />
            if card.is_identity() {
                // User-assigned identities carry a band down their left edge: a shape cue.
                <rect
                    class="diagram-card-band"
                    x={r.x.to_string()}
                    y={r.y.to_string()}
                    width="6"
                    height={r.h.to_string()}
                    rx="3"
                />
            }
            <g transform={format!("translate({} {})", icon_at.x, icon_at.y)}>{ icon(card.kind) }</g>
            <text class="diagram-card-name" x={name_at.x.to_string()} y={name_at.y.to_string()}>
                { card.title.clone() }
            </text>
            <text class="diagram-card-kind" x={kind_at.x.to_string()} y={kind_at.y.to_string()}>
                // The leading space is not drawn (SVG collapses it) but keeps the words apart
                // when the texts are read together, as accessibility checkers do.
                { format!(" {}", card.kind_label) }
            </text>
        </g>
    }
}

#[derive(Properties)]
struct CardSlotProps {
    layout: SharedLayout,
    /// The card's index in the layout's cards.
    index: usize,
    selection: Option<Selection>,
    on_select: Callback<Selection>,
    frame: Option<Rc<Frame>>,
}

impl CardSlotProps {
    /// The motion classes of the card, its badge and its containers: all of the frame this card
    /// shows.
    fn cues(&self) -> Vec<Option<&'static str>> {
        let (Some(frame), Some(card)) =
            (self.frame.as_deref(), self.layout.0.cards.get(self.index))
        else {
            return Vec::new();
        };
        let mut cues = vec![
            frame.class(&format!("resource:{}", card.id)),
            frame.class(&format!("badge:{}", card.id)),
        ];
        cues.extend(
            card.containers
                .iter()
                .map(|c| frame.class(&format!("container:{}", c.scope))),
        );
        cues
    }
}

/// A card is redrawn only when it, the selection or its own motion changes: while a change
/// plays, every step redraws the scene, and 200 cards rebuilt each time cost frames.
impl PartialEq for CardSlotProps {
    fn eq(&self, other: &CardSlotProps) -> bool {
        self.layout == other.layout
            && self.index == other.index
            && self.selection == other.selection
            && self.on_select == other.on_select
            && self.cues() == other.cues()
    }
}

/// One card with its details and its identity badge, moving as the frame says.
#[component]
fn CardSlot(props: &CardSlotProps) -> Html {
    let Some(c) = props.layout.0.cards.get(props.index) else {
        return Html::default();
    };
    let ctx = Ctx {
        selection: props.selection.as_ref(),
        on_select: &props.on_select,
        frame: props.frame.as_deref(),
        // A card refers to no element by id.
        id_prefix: "",
    };
    html! {
        <g class={classes!("diagram-card-slot", ctx.cue(|| format!("resource:{}", c.id)))}>
            { card(c, &ctx) }
            { card_details(c, &ctx) }
            { badge(c, &ctx) }
        </g>
    }
}

/// A card's container chips and broken-reference rows. They sit outside the card's button so
/// that its accessible name can start with exactly the words the button shows (WCAG 2.5.3);
/// the card's name already lists them, so assistive tech skips this copy. A click selects the
/// card, as anywhere else on it.
fn card_details(card: &Card, ctx: &Ctx) -> Html {
    if card.containers.is_empty() && card.broken.is_empty() {
        return Html::default();
    }
    html! {
        <g
            class="diagram-card-details"
            aria-hidden="true"
            onclick={ctx.onclick(Selection::Resource(card.id.clone()))}
        >
            { for card.containers.iter().map(|c| html! {
                <g key={c.scope.clone()} class={classes!("diagram-container", ctx.cue(|| format!("container:{}", c.scope)))}>
                    <title>{ format!("Blob container {}", c.name) }</title>
                    <rect
                        class="diagram-container-chip"
                        x={c.rect.x.to_string()}
                        y={c.rect.y.to_string()}
                        width={c.rect.w.to_string()}
                        height={c.rect.h.to_string()}
                        rx="4"
                    />
                    <text class="diagram-container-name" x={c.text_at().x.to_string()} y={c.text_at().y.to_string()}>
                        { c.label.clone() }
                    </text>
                </g>
            }) }
            { for card.broken.iter().map(|b| html! {
                <g key={b.identity_id.clone()} class={classes!("diagram-broken", b.recreated.then_some("is-recreated"))}>
                    <title>{ b.aria_label.clone() }</title>
                    <rect
                        class="diagram-broken-row"
                        x={b.rect.x.to_string()}
                        y={b.rect.y.to_string()}
                        width={b.rect.w.to_string()}
                        height={b.rect.h.to_string()}
                        rx="4"
                    />
                    <g transform={format!("translate({} {})", b.marker.x, b.marker.y)}>{ broken_link() }</g>
                    <text class="diagram-broken-text" x={b.text_at().x.to_string()} y={b.text_at().y.to_string()}>
                        { b.label.clone() }
                    </text>
                </g>
            }) }
        </g>
    }
}

fn badge(card: &Card, ctx: &Ctx) -> Html {
    let Some(badge) = &card.badge else {
        return Html::default();
    };
    let selection = Selection::Principal(badge.principal);
    let selected = ctx.is_principal(badge.principal);
    let r = badge.rect;
    let glyph = badge.glyph_at();
    let text = badge.text_at();
    html! {
        <g
            class={classes!(
                "diagram-focusable",
                "diagram-badge",
                selected.then_some("is-selected"),
                ctx.cue(|| format!("badge:{}", card.id)),
            )}
            role="button"
            tabindex="0"
            aria-label={badge.aria_label.clone()}
            aria-current={selected.then_some("true")}
            onclick={ctx.onclick(selection.clone())}
            onkeydown={ctx.onkeydown(selection)}
        >
            <title>{ format!("System-assigned managed identity\nPrincipal {}", badge.principal) }</title>
            { focus_ring(r, 10) }
            <rect
                class="diagram-badge-frame"
                x={r.x.to_string()}
                y={r.y.to_string()}
                width={r.w.to_string()}
                height={r.h.to_string()}
                rx="10"
            />
            <g transform={format!("translate({} {})", glyph.x, glyph.y)}>{ shield() }</g>
            <text class="diagram-badge-text" x={text.x.to_string()} y={text.y.to_string()}>{ "SAMI" }</text>
        </g>
    }
}

fn chip(chip: &Chip, ctx: &Ctx) -> Html {
    let r = chip.rect;
    let text = chip.text_at();
    let body = html! {
        <>
            <title>{ chip.aria_label.clone() }</title>
            { focus_ring(r, 14) }
            <rect
                class="diagram-chip-frame"
                x={r.x.to_string()}
                y={r.y.to_string()}
                width={r.w.to_string()}
                height={r.h.to_string()}
                rx="14"
            />
            <text class="diagram-chip-text" x={text.x.to_string()} y={text.y.to_string()}>
                { chip.label.clone() }
            </text>
        </>
    };
    match chip.kind {
        ChipKind::Scope => html! {
            <g key={chip.key.clone()} class={classes!("diagram-chip", "is-scope", ctx.cue(|| chip.key.clone()))} aria-label={chip.aria_label.clone()} role="img">
                { body }
            </g>
        },
        ChipKind::Principal(principal) | ChipKind::MissingPrincipal(principal) => {
            let missing = matches!(chip.kind, ChipKind::MissingPrincipal(_));
            let selection = Selection::Principal(principal);
            let selected = ctx.is_principal(principal);
            html! {
                <g
                    key={chip.key.clone()}
                    class={classes!(
                        "diagram-focusable",
                        "diagram-chip",
                        missing.then_some("is-missing"),
                        selected.then_some("is-selected"),
                        ctx.cue(|| chip.key.clone()),
                    )}
                    role="button"
                    tabindex="0"
                    aria-label={chip.aria_label.clone()}
                    aria-current={selected.then_some("true")}
                    onclick={ctx.onclick(selection.clone())}
                    onkeydown={ctx.onkeydown(selection)}
                >
                    { body }
                </g>
            }
        }
    }
}

fn link(link: &Link, index: usize, ctx: &Ctx) -> Html {
    let class = classes!(
        "diagram-link",
        link.dangling.then_some("is-dangling"),
        link.recreated.then_some("is-recreated"),
        ctx.cue(|| format!("link:{}|{}", link.to, link.from)),
    );
    let what = if link.recreated {
        "Stale reference to a re-created identity"
    } else if link.dangling {
        "Reference to a deleted identity"
    } else {
        "Uses user-assigned identity"
    };
    html! {
        <g key={format!("{}|{}|{index}", link.to, link.from)} class={class}>
            <title>{ format!("{what}\n{}", link.from) }</title>
            <path class="diagram-link-path" d={link.path.clone()} />
            if !link.dangling {
                <circle class="diagram-link-end" cx={link.end.x.to_string()} cy={link.end.y.to_string()} r="3" />
            }
        </g>
    }
}

/// The two parts of an arrow, painted in different layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArrowPart {
    Path,
    Label,
}

#[derive(Properties, PartialEq)]
struct ArrowProps {
    layout: SharedLayout,
    /// The arrow's index in the layout's arrows.
    index: usize,
    part: ArrowPart,
    selection: Option<Selection>,
    on_select: Callback<Selection>,
    /// The arrow's motion class while a step plays.
    cue: Option<&'static str>,
    id_prefix: AttrValue,
}

/// One part of an arrow as its own component, for the same reason as [`CardSlot`]: a playing
/// step redraws the scene, and only the arrows it moves should be rebuilt.
fn arrow_view(scene: &SceneProps, ctx: &Ctx, index: usize, part: ArrowPart) -> Html {
    let Some(arrow) = scene.layout.0.arrows.get(index) else {
        return Html::default();
    };
    html! {
        <ArrowView
            key={arrow.assignment.to_string()}
            layout={scene.layout.clone()}
            index={index}
            part={part}
            selection={scene.selection.clone()}
            on_select={scene.on_select.clone()}
            cue={ctx.cue(|| format!("assignment:{}", arrow.assignment))}
            id_prefix={scene.id_prefix.clone()}
        />
    }
}

#[component]
fn ArrowView(props: &ArrowProps) -> Html {
    let Some(arrow) = props.layout.0.arrows.get(props.index) else {
        return Html::default();
    };
    let ctx = Ctx {
        selection: props.selection.as_ref(),
        on_select: &props.on_select,
        frame: None,
        id_prefix: &props.id_prefix,
    };
    match props.part {
        ArrowPart::Path => arrow_path(arrow, &ctx, props.cue),
        ArrowPart::Label => arrow_label(arrow, &ctx, props.cue),
    }
}

/// The classes an arrow's path and label share.
fn arrow_class(arrow: &Arrow, ctx: &Ctx, cue: Option<&'static str>) -> (Classes, bool) {
    let selected = ctx.selection == Some(&Selection::Assignment(arrow.assignment));
    let related = !selected && ctx.relates_to(arrow);
    let class = classes!(
        "diagram-arrow",
        arrow.orphaned.then_some("is-orphaned"),
        selected.then_some("is-selected"),
        related.then_some("is-related"),
        cue,
    );
    (class, selected)
}

/// An arrow's curve, painted under the cards like the links; clicking it selects the
/// assignment (the label is the keyboard's way in, so the curve is hidden from assistive tech).
fn arrow_path(arrow: &Arrow, ctx: &Ctx, cue: Option<&'static str>) -> Html {
    let (class, _) = arrow_class(arrow, ctx, cue);
    let head = if arrow.orphaned {
        "diagram-arrow-broken"
    } else {
        "diagram-arrow-head"
    };
    let marker = format!("url(#{}{head})", ctx.id_prefix);
    html! {
        <g
            key={arrow.assignment.to_string()}
            class={class}
            aria-hidden="true"
            onclick={ctx.onclick(Selection::Assignment(arrow.assignment))}
        >
            <path class="diagram-arrow-hit" d={arrow.path.clone()} />
            <path class="diagram-arrow-path" d={arrow.path.clone()} marker-end={marker} />
        </g>
    }
}

/// An arrow's label: the role, and for an orphaned assignment the "Identity not found" line.
/// Painted on top of everything and focusable.
fn arrow_label(arrow: &Arrow, ctx: &Ctx, cue: Option<&'static str>) -> Html {
    let (class, selected) = arrow_class(arrow, ctx, cue);
    let selection = Selection::Assignment(arrow.assignment);
    let b = arrow.label_box;
    let (role_at, note_at) = arrow.label_lines();
    html! {
        <g
            key={arrow.assignment.to_string()}
            class={classes!("diagram-focusable", class)}
            role="button"
            tabindex="0"
            aria-label={arrow.aria_label.clone()}
            aria-current={selected.then_some("true")}
            onclick={ctx.onclick(selection.clone())}
            onkeydown={ctx.onkeydown(selection)}
        >
            <title>{ format!("{}\nPrincipal type: {}\nScope: {}", arrow.role, arrow.principal_type, arrow.scope) }</title>
            { focus_ring(b, 4) }
            <rect
                class="diagram-label-box"
                x={b.x.to_string()}
                y={b.y.to_string()}
                width={b.w.to_string()}
                height={b.h.to_string()}
                rx="4"
            />
            <text class="diagram-label" x={role_at.x.to_string()} y={role_at.y.to_string()} text-anchor="middle">
                { arrow.label.clone() }
            </text>
            if let Some(note) = &arrow.note {
                <text class="diagram-label-note" x={note_at.x.to_string()} y={note_at.y.to_string()} text-anchor="middle">
                    { format!(" {note}") }
                </text>
            }
        </g>
    }
}

//! The resource diagram: renders a [`Layout`] from `view::diagram` as SVG, one element per
//! object, and reports what the learner selects.
//!
//! Invariants: every coordinate and path comes from the layout (this file only pads focus rings);
//! styling is by CSS class from `static/diagram.css`, never an inline `style`; names and other
//! text the learner typed are text nodes, never markup; meaning never rests on colour alone —
//! orphaned arrows are dashed with a cross head and a "⚠ Identity not found" line, dangling
//! links end in a broken-link glyph with words. Every selectable element is a focusable
//! `role="button"` that answers to click, Enter and Space.

use std::rc::Rc;

use yew::prelude::*;

use crate::sim::script::session::Session;
use crate::ui::icons::{broken_link, icon, kind_class, shield};
use crate::view::diagram::{self, Anchor, Area, Arrow, Card, Chip, ChipKind, Layout, Link, Rect};
use crate::view::state::Selection;

#[derive(Properties)]
pub struct DiagramProps {
    /// The replayed session whose world is drawn; a new `Rc` means a new world.
    pub session: Rc<Session>,
    /// What to highlight: a card, group, principal (badge, identity card) or assignment.
    pub selection: Option<Selection>,
    /// Called with what the learner clicked or activated with Enter or Space.
    pub on_select: Callback<Selection>,
}

/// Sessions compare by pointer: `Session` is not `Eq`, so a derived comparison would walk the
/// whole world on every parent render even when the `Rc` is the same.
impl PartialEq for DiagramProps {
    fn eq(&self, other: &DiagramProps) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.selection == other.selection
            && self.on_select == other.on_select
    }
}

/// Compares sessions by identity: the playground replaces the `Rc` whenever the world changes,
/// and holding it here keeps the address from being reused while the memo lives.
struct SameSession(Rc<Session>);

impl PartialEq for SameSession {
    fn eq(&self, other: &SameSession) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

#[component]
pub fn Diagram(props: &DiagramProps) -> Html {
    let layout = use_memo(SameSession(props.session.clone()), |session| {
        diagram::layout(&session.0.world)
    });
    let layout: &Layout = &layout;
    let ctx = Ctx {
        selection: props.selection.as_ref(),
        on_select: &props.on_select,
    };
    let view_box = format!("0 0 {} {}", layout.width, layout.height);
    html! {
        <div class="diagram">
            <svg
                class="diagram-svg"
                xmlns="http://www.w3.org/2000/svg"
                width={layout.width.to_string()}
                height={layout.height.to_string()}
                viewBox={view_box}
                role="group"
                aria-label="Resource diagram: the subscription, its resource groups, identities and role assignments"
            >
                { defs() }
                { subscription(&layout.subscription) }
                // Painted first: group frames, links and arrow curves, so cards sit on top and
                // their text stays readable where curves pass behind them.
                <g class="diagram-group-frames">
                    { for layout.groups.iter().map(|g| group_frame(g, &ctx)) }
                </g>
                <g class="diagram-links">
                    { for layout.links.iter().enumerate().map(|(i, l)| link(l, i)) }
                </g>
                <g class="diagram-arrow-paths">
                    { for layout.arrows.iter().map(|a| arrow_path(a, &ctx)) }
                </g>
                // Focusable things in reading order: chips above the groups, then each group's
                // title followed by its cards (each card followed by its badge), then the arrows'
                // labels.
                <g class="diagram-chips">
                    { for layout.chips.iter().map(|c| chip(c, &ctx)) }
                </g>
                <g class="diagram-groups">
                    { for layout.groups.iter().map(|g| {
                        let cards = layout.cards.get(g.cards.clone()).unwrap_or_default();
                        group(g, cards, &ctx)
                    }) }
                </g>
                <g class="diagram-arrow-labels">
                    { for layout.arrows.iter().map(|a| arrow_label(a, &ctx)) }
                </g>
            </svg>
        </div>
    }
}

/// What every piece needs: the current selection and where to report a new one.
struct Ctx<'a> {
    selection: Option<&'a Selection>,
    on_select: &'a Callback<Selection>,
}

impl Ctx<'_> {
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

fn defs() -> Html {
    html! {
        <defs>
            <marker
                id="diagram-arrow-head"
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
                id="diagram-arrow-broken"
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
            if area.empty {
                <text class="diagram-hint" x={area.hint_at.x.to_string()} y={area.hint_at.y.to_string()}>
                    { "No resource groups yet. Try: az group create -n rg1 -l eastus" }
                </text>
            }
        </g>
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
        <g key={area.id.clone()} class={classes!("diagram-group", selected.then_some("is-selected"))}>
            <rect
                class="diagram-group-frame"
                x={r.x.to_string()}
                y={r.y.to_string()}
                width={r.w.to_string()}
                height={r.h.to_string()}
                rx="8"
            />
            { port(area, selected) }
            if area.empty {
                <text class="diagram-hint" x={area.hint_at.x.to_string()} y={area.hint_at.y.to_string()}>
                    { "Empty resource group" }
                </text>
            }
        </g>
    }
}

/// A group's focusable title bar, then its cards, each followed by its identity badge.
fn group(area: &Area, cards: &[Card], ctx: &Ctx) -> Html {
    let bar = area.title_bar();
    let title = area.title_at();
    let subtitle_end = area.subtitle_end();
    let selection = Selection::Group(area.name.clone());
    let selected = ctx.selection == Some(&selection);
    html! {
        <g key={area.id.clone()} class="diagram-group-content">
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
            { for cards.iter().map(|c| html! {
                <g key={c.id.clone()} class="diagram-card-slot">
                    { card(c, ctx) }
                    { card_details(c, ctx) }
                    { badge(c, ctx) }
                </g>
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
                <g key={c.scope.clone()} class="diagram-container">
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
            class={classes!("diagram-focusable", "diagram-badge", selected.then_some("is-selected"))}
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
            <g key={chip.key.clone()} class="diagram-chip is-scope" aria-label={chip.aria_label.clone()} role="img">
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

fn link(link: &Link, index: usize) -> Html {
    let class = classes!(
        "diagram-link",
        link.dangling.then_some("is-dangling"),
        link.recreated.then_some("is-recreated"),
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

/// The classes an arrow's path and label share.
fn arrow_class(arrow: &Arrow, ctx: &Ctx) -> (Classes, bool) {
    let selected = ctx.selection == Some(&Selection::Assignment(arrow.assignment));
    let related = !selected && ctx.relates_to(arrow);
    let class = classes!(
        "diagram-arrow",
        arrow.orphaned.then_some("is-orphaned"),
        selected.then_some("is-selected"),
        related.then_some("is-related"),
    );
    (class, selected)
}

/// An arrow's curve, painted under the cards like the links; clicking it selects the
/// assignment (the label is the keyboard's way in, so the curve is hidden from assistive tech).
fn arrow_path(arrow: &Arrow, ctx: &Ctx) -> Html {
    let (class, _) = arrow_class(arrow, ctx);
    let marker = if arrow.orphaned {
        "url(#diagram-arrow-broken)"
    } else {
        "url(#diagram-arrow-head)"
    };
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
fn arrow_label(arrow: &Arrow, ctx: &Ctx) -> Html {
    let (class, selected) = arrow_class(arrow, ctx);
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

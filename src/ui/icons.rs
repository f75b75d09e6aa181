//! Self-drawn SVG glyphs: one 24×24 icon per resource kind, plus the small glyphs the diagram
//! uses as shape cues (a shield for a system-assigned identity, a broken link).
//!
//! Invariants: no external assets and no inline styles; every glyph is decorative
//! (`aria-hidden`), because the element that carries it also carries the words. Colours come
//! from CSS classes (`diagram-icon`, `diagram-glyph`), so both colour schemes and forced-colours
//! mode apply.

use yew::prelude::*;

use crate::sim::resource::ResourceKind;

/// The icon for a resource kind, drawn in a 24×24 box at the origin; position it with a
/// `transform` on an enclosing `<g>`.
pub fn icon(kind: ResourceKind) -> Html {
    let shape = match kind {
        ResourceKind::VirtualMachine => html! {
            <>
                <rect x="2" y="3" width="20" height="14" rx="2" />
                <path d="M8 21h8M12 17v4" />
            </>
        },
        ResourceKind::VmScaleSet => html! {
            <>
                <path d="M7 2h14a1 1 0 0 1 1 1v10" />
                <rect x="2" y="6" width="16" height="11" rx="2" />
                <path d="M6 21h8M10 17v4" />
            </>
        },
        ResourceKind::AppServicePlan => html! {
            <>
                <rect x="3" y="3" width="18" height="7" rx="1.5" />
                <rect x="3" y="14" width="18" height="7" rx="1.5" />
                <path d="M7 6.5h.01M7 17.5h.01M11 6.5h6M11 17.5h6" />
            </>
        },
        ResourceKind::WebApp => html! {
            <>
                <circle cx="12" cy="12" r="9" />
                <path d="M3 12h18M12 3c3 3.2 3 14.8 0 18M12 3c-3 3.2-3 14.8 0 18" />
            </>
        },
        ResourceKind::FunctionApp => html! {
            <path d="M13 2 4 14h7l-1 8 9-12h-7z" />
        },
        ResourceKind::StorageAccount => html! {
            <>
                <rect x="3" y="4" width="18" height="16" rx="2" />
                <path d="M3 9.5h18M3 14.5h18M9 4v16" />
            </>
        },
        ResourceKind::KeyVault => html! {
            <>
                <rect x="3" y="3" width="18" height="18" rx="3" />
                <circle cx="10" cy="12" r="3" />
                <path d="M13 12h5M16 12v3" />
            </>
        },
        ResourceKind::SqlServer => html! {
            <>
                <ellipse cx="12" cy="5.5" rx="8" ry="3" />
                <path d="M4 5.5v13c0 1.7 3.6 3 8 3s8-1.3 8-3v-13M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3" />
            </>
        },
        ResourceKind::CosmosDb => html! {
            <>
                <circle cx="12" cy="12" r="5" />
                <ellipse cx="12" cy="12" rx="10.5" ry="4" transform="rotate(-25 12 12)" />
            </>
        },
        ResourceKind::UserAssignedIdentity => html! {
            <>
                <circle cx="12" cy="8" r="4" />
                <path d="M4 21c0-4.4 3.6-7 8-7s8 2.6 8 7" />
            </>
        },
    };
    html! {
        <g class={classes!("diagram-icon", kind_class(kind))} aria-hidden="true">{ shape }</g>
    }
}

/// A 14×14 shield with a key hole: the system-assigned identity badge's glyph.
pub fn shield() -> Html {
    html! {
        <g class="diagram-glyph" aria-hidden="true">
            <path d="M7 1 12.5 3v4c0 3-2.3 5.4-5.5 6.5C3.8 12.4 1.5 10 1.5 7V3z" />
            <circle cx="7" cy="6" r="1.4" />
            <path d="M7 7.4v2.6" />
        </g>
    }
}

/// A 16×16 chain link broken in two, centred on the origin.
pub fn broken_link() -> Html {
    html! {
        <g class="diagram-glyph diagram-glyph-broken" aria-hidden="true">
            <g transform="rotate(-45)">
                <rect x="-8.5" y="-2.75" width="7" height="5.5" rx="2.75" />
                <rect x="1.5" y="-2.75" width="7" height="5.5" rx="2.75" />
            </g>
            <path d="M-1.5-3.5-3-6M1.5 3.5 3 6M-3.5-1.5-6-3M3.5 1.5 6 3" />
        </g>
    }
}

/// A CSS class per kind, so the stylesheet can tint icons without colour carrying meaning alone.
pub fn kind_class(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::VirtualMachine => "kind-vm",
        ResourceKind::VmScaleSet => "kind-vmss",
        ResourceKind::AppServicePlan => "kind-plan",
        ResourceKind::WebApp => "kind-webapp",
        ResourceKind::FunctionApp => "kind-function",
        ResourceKind::StorageAccount => "kind-storage",
        ResourceKind::KeyVault => "kind-vault",
        ResourceKind::SqlServer => "kind-sql",
        ResourceKind::CosmosDb => "kind-cosmos",
        ResourceKind::UserAssignedIdentity => "kind-identity",
    }
}

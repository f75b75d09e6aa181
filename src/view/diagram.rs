//! Diagram layout: where the subscription, its resource groups, every resource card, identity
//! badge, identity link and role-assignment arrow of a [`World`] go, as integer coordinates and
//! SVG path data. The UI only turns a [`Layout`] into SVG elements and CSS classes.
//!
//! The subscription is the outer area. Resource groups are titled areas packed left to right in
//! shelves no wider than [`Options::max_columns`] cards, so the width is bounded and the height
//! grows. Inside a group, resources are cards in a grid ordered by kind, then name. A card shows
//! its system-assigned identity as a badge on its top-right corner, its blob containers as chips
//! and its broken user-assigned references as marked rows. User-assigned identities are cards of
//! their own, linked to the resources that use them. Role assignments are arrows from the
//! identity (badge or identity card) to the scope (card, container chip, group or subscription);
//! anything the subscription area cannot show — a management group, the tenant root, a principal
//! that no longer exists — gets a chip in a strip above the groups.
//!
//! Invariants (tested below): the same world always gives the same layout; cards never overlap,
//! stay inside their group area, and group areas stay inside the subscription area; every role
//! assignment has exactly one arrow, orphaned exactly when [`World::is_orphaned`] says so; a
//! reference to a deleted or re-created identity is a dangling link ending at a marker on the
//! referencing card. The work is linear in resources plus assignments: lookups are hashed and the
//! hash maps are never iterated, so their order cannot leak into the output.

use std::collections::HashMap;

use crate::sim::directory::PrincipalSource;
use crate::sim::ids::Guid;
use crate::sim::rbac::RoleAssignment;
use crate::sim::resource::{Resource, ResourceKind};
use crate::sim::scope::{Scope, ScopeLevel};
use crate::sim::sort::sort_by;
use crate::sim::world::World;

/// How many card columns the diagram may use before groups wrap to a new shelf.
pub const DEFAULT_MAX_COLUMNS: usize = 4;

/// Card size and spacing, in SVG user units (pixels at 100 % zoom).
pub const CARD_W: i32 = 208;
pub const CARD_MIN_H: i32 = 64;
pub const GAP_X: i32 = 48;
pub const GAP_Y: i32 = 44;
/// Padding inside a group area, and the height of its title bar.
pub const GROUP_PAD: i32 = 16;
pub const GROUP_TITLE_H: i32 = 36;
pub const GROUP_GAP: i32 = 28;
/// Padding inside the subscription area, and the height of its title bar.
pub const SUB_PAD: i32 = 20;
pub const SUB_TITLE_H: i32 = 44;
/// Space around everything.
pub const MARGIN: i32 = 16;

const MIN_INNER_W: i32 = 320;
const EMPTY_GROUP_H: i32 = 40;
const EMPTY_SUB_H: i32 = 44;
/// The empty-state hints: 12px italic, one line every `HINT_LINE_H` units.
const HINT_CHAR_W: i32 = 7;
const HINT_LINE_H: i32 = 18;
const CARD_BODY_H: i32 = 58;
const CONTAINER_H: i32 = 20;
const CONTAINER_GAP: i32 = 6;
/// Container chips span the card, one per row, 10 units in from each side, so arrows reach
/// them from either side without crossing another chip.
const CONTAINER_W: i32 = CARD_W - 2 * CONTAINER_INSET;
/// Arrows to a container end at the card's edge beside the chip: arrows pass under cards, so
/// an arrowhead inside the card would be hidden.
const CONTAINER_INSET: i32 = 10;
const BROKEN_H: i32 = 20;
const BROKEN_GAP: i32 = 4;
const BADGE_W: i32 = 58;
const BADGE_H: i32 = 20;
/// How far the badge sticks out past the card's top and right edges.
const BADGE_OUT: i32 = 10;
const CHIP_H: i32 = 28;
const CHIP_GAP: i32 = 10;
const CHIP_MIN_W: i32 = 120;
const CHIP_MAX_W: i32 = 280;
const LABEL_LINE_H: i32 = 15;
/// How far a group's location text ends from the area's right edge (clear of the port).
pub const GROUP_SUBTITLE_RIGHT: i32 = 32;
/// Average glyph widths used to fit text: names (13px, semibold) and small text (11px).
const NAME_CHAR_W: i32 = 8;
const SMALL_CHAR_W: i32 = 7;

/// The text of an orphaned arrow's note: Azure's wording for an assignment whose principal is gone.
pub const IDENTITY_NOT_FOUND: &str = "⚠ Identity not found";

/// What an empty subscription says, line by line.
pub const EMPTY_SUBSCRIPTION_HINT: [&str; 2] = [
    "No resource groups yet.",
    "Try: az group create -n rg1 -l eastus",
];

/// What an empty resource group says.
pub const EMPTY_GROUP_HINT: [&str; 1] = ["Empty resource group"];

/// Layout parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The widest shelf, in cards; groups with more resources wrap inside their area.
    pub max_columns: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_columns: DEFAULT_MAX_COLUMNS,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Point {
    pub x: i32,
    pub y: i32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub fn right(&self) -> i32 {
        self.x + self.w
    }

    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }

    pub fn center(&self) -> Point {
        Point {
            x: self.x + self.w / 2,
            y: self.y + self.h / 2,
        }
    }

    /// Whether `other` lies entirely inside this rectangle (edges may touch).
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x
            && other.y >= self.y
            && other.right() <= self.right()
            && other.bottom() <= self.bottom()
    }

    pub fn contains_point(&self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.right() && p.y >= self.y && p.y <= self.bottom()
    }

    /// Whether the interiors intersect (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    fn moved(self, dx: i32, dy: i32) -> Rect {
        Rect {
            x: self.x + dx,
            y: self.y + dy,
            ..self
        }
    }
}

/// Everything the diagram draws, in drawing order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub width: i32,
    pub height: i32,
    pub subscription: Area,
    pub groups: Vec<Area>,
    pub cards: Vec<Card>,
    pub chips: Vec<Chip>,
    pub links: Vec<Link>,
    pub arrows: Vec<Arrow>,
}

/// The subscription or a resource group: a titled area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// `Subscription` or `ResourceGroup`.
    pub level: ScopeLevel,
    /// The ARM id (the scope an assignment to this area names).
    pub id: String,
    pub name: String,
    /// The title as drawn, shortened to fit.
    pub title: String,
    /// Location (groups) or id (subscription), shortened to fit.
    pub subtitle: String,
    pub rect: Rect,
    /// Where arrows for assignments at this scope end: in the title bar, top right.
    pub port: Point,
    /// Where this area's cards are in [`Layout::cards`] (for the subscription: all of them).
    /// Cards are stored group by group, so a group's cards are one contiguous run.
    pub cards: std::ops::Range<usize>,
    /// Set when the area holds nothing; `hint` says so, its first line's baseline at `hint_at`.
    pub empty: bool,
    pub hint_at: Point,
    pub hint: &'static [&'static str],
    pub aria_label: String,
}

impl Area {
    /// The empty-state hint's lines with their baseline starts (none when the area has content).
    pub fn hint_lines(&self) -> Vec<(Point, &'static str)> {
        if !self.empty {
            return Vec::new();
        }
        self.hint
            .iter()
            .enumerate()
            .map(|(i, line)| {
                (
                    Point {
                        x: self.hint_at.x,
                        y: self.hint_at.y + i as i32 * HINT_LINE_H,
                    },
                    *line,
                )
            })
            .collect()
    }

    pub fn title_at(&self) -> Point {
        Point {
            x: self.rect.x + 12,
            y: self.rect.y + 22,
        }
    }

    /// The focusable title bar.
    pub fn title_bar(&self) -> Rect {
        Rect {
            x: self.rect.x,
            y: self.rect.y,
            w: self.rect.w,
            h: GROUP_TITLE_H - 4,
        }
    }

    /// Baseline start of the subscription's second line (its id).
    pub fn subtitle_at(&self) -> Point {
        let title = self.title_at();
        Point {
            x: title.x,
            y: title.y + 16,
        }
    }

    /// Baseline end (right edge) of a group's location text, right-aligned left of the port.
    pub fn subtitle_end(&self) -> Point {
        Point {
            x: self.rect.right() - GROUP_SUBTITLE_RIGHT,
            y: self.title_at().y,
        }
    }

    /// Roughly where the title bar's words and port are, so arrow labels keep off them.
    fn text_extents(&self) -> [Rect; 3] {
        let title = self.title_at();
        let title_w = self.title.chars().count() as i32 * NAME_CHAR_W;
        let subtitle_w = self.subtitle.chars().count() as i32 * SMALL_CHAR_W;
        let subtitle = if self.level == ScopeLevel::ResourceGroup {
            // Groups: on the title line, right-aligned.
            Rect {
                x: self.subtitle_end().x - subtitle_w - 4,
                y: title.y - 16,
                w: subtitle_w + 8,
                h: 22,
            }
        } else {
            // The subscription: the line under the title.
            Rect {
                x: title.x - 4,
                y: title.y + 4,
                w: subtitle_w + 8,
                h: 18,
            }
        };
        [
            Rect {
                x: title.x - 4,
                y: title.y - 16,
                w: title_w + 8,
                h: 22,
            },
            subtitle,
            Rect {
                x: self.port.x - 10,
                y: self.port.y - 10,
                w: 20,
                h: 20,
            },
        ]
    }
}

/// One resource, user-assigned identities included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    /// The ARM id.
    pub id: String,
    pub kind: ResourceKind,
    pub name: String,
    /// `name` shortened to fit the card.
    pub title: String,
    /// A short kind label for the card's second line.
    pub kind_label: &'static str,
    pub group: String,
    pub rect: Rect,
    /// The system-assigned identity, when on.
    pub badge: Option<Badge>,
    /// For a user-assigned identity card: its principal id.
    pub principal: Option<Guid>,
    /// For a user-assigned identity card: how many resources use it (live references).
    pub users: usize,
    /// Live user-assigned identities attached to this resource.
    pub attached: usize,
    pub containers: Vec<ContainerChip>,
    pub broken: Vec<BrokenRef>,
    pub aria_label: String,
}

impl Card {
    /// Where the 24×24 kind icon's top-left corner goes.
    pub fn icon_at(&self) -> Point {
        Point {
            x: self.rect.x + 12,
            y: self.rect.y + 14,
        }
    }

    /// Baseline start of the name.
    pub fn name_at(&self) -> Point {
        Point {
            x: self.rect.x + 46,
            y: self.rect.y + 27,
        }
    }

    /// Baseline start of the kind label.
    pub fn kind_at(&self) -> Point {
        Point {
            x: self.rect.x + 46,
            y: self.rect.y + 45,
        }
    }

    pub fn is_identity(&self) -> bool {
        self.kind == ResourceKind::UserAssignedIdentity
    }
}

/// The system-assigned identity's badge, glued to the card's top-right corner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Badge {
    pub principal: Guid,
    pub rect: Rect,
    pub aria_label: String,
}

impl Badge {
    /// Where the 14×14 shield glyph's top-left corner goes.
    pub fn glyph_at(&self) -> Point {
        Point {
            x: self.rect.x + 5,
            y: self.rect.y + 3,
        }
    }

    pub fn text_at(&self) -> Point {
        Point {
            x: self.rect.x + 22,
            y: self.rect.y + 14,
        }
    }
}

/// A blob container, drawn as a chip inside its storage account's card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerChip {
    pub name: String,
    pub label: String,
    /// The container's ARM id (a child scope).
    pub scope: String,
    pub rect: Rect,
}

impl ContainerChip {
    pub fn text_at(&self) -> Point {
        Point {
            x: self.rect.x + 8,
            y: self.rect.y + 14,
        }
    }
}

/// A user-assigned identity reference that no longer names a live identity (MI-2.2, MI-2.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenRef {
    /// The identity's ARM id as the reference names it.
    pub identity_id: String,
    pub identity_name: String,
    /// True when an identity of that id exists again, with a different principal (MI-2.3).
    pub recreated: bool,
    /// The row inside the card.
    pub rect: Rect,
    /// The broken-link glyph's centre, where the dangling link ends.
    pub marker: Point,
    /// The row's text, shortened to fit.
    pub label: String,
    pub aria_label: String,
}

impl BrokenRef {
    pub fn text_at(&self) -> Point {
        Point {
            x: self.rect.x + 24,
            y: self.rect.y + 14,
        }
    }
}

/// Something an arrow needs that the subscription area does not show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chip {
    /// Unique among chips: `scope:<scope>`, `principal:<id>` or `missing:<id>`.
    pub key: String,
    pub kind: ChipKind,
    pub label: String,
    pub rect: Rect,
    pub aria_label: String,
}

impl Chip {
    pub fn text_at(&self) -> Point {
        Point {
            x: self.rect.x + 10,
            y: self.rect.y + 18,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChipKind {
    /// A scope above or beside the subscription: the tenant root, a management group, another
    /// subscription, or a scope that no longer resolves.
    Scope,
    /// A live principal whose resource has no card (not expected; drawn rather than dropped).
    Principal(Guid),
    /// A principal that no longer exists: the source of orphaned assignments (MI-1.5).
    MissingPrincipal(Guid),
}

/// A user-assigned identity attached to a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The identity's ARM id as the resource references it.
    pub from: String,
    /// The resource card's id.
    pub to: String,
    /// The identity was deleted or re-created; the link ends at a marker on `to`'s card.
    pub dangling: bool,
    /// Dangling because a new identity took the same name (it has a card, with another principal).
    pub recreated: bool,
    pub path: String,
    pub start: Point,
    pub end: Point,
}

/// One end of an arrow.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Anchor {
    /// The system-assigned identity badge on a card.
    Badge { card: String },
    /// A card: a user-assigned identity as a source, any resource as a scope.
    Card { id: String },
    /// A blob container chip on a storage account card.
    Container { card: String, name: String },
    /// A resource group area (by name).
    Group { name: String },
    /// The subscription area.
    Subscription { id: Guid },
    /// A chip outside the groups (see [`Chip::key`]).
    Outside { key: String },
    /// The marker of a principal that no longer exists.
    Orphan { principal: Guid },
}

/// A role assignment: identity → scope, labelled with the role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrow {
    pub assignment: Guid,
    pub principal: Guid,
    pub from: Anchor,
    pub to: Anchor,
    /// The role's name (shortened to fit; `role` holds it whole).
    pub label: String,
    pub role: String,
    /// A second line for orphaned assignments: [`IDENTITY_NOT_FOUND`] and the principal type the
    /// portal then shows, Unknown.
    pub note: Option<String>,
    /// `Unknown` when orphaned, as the portal shows it.
    pub principal_type: String,
    pub orphaned: bool,
    pub scope: String,
    pub path: String,
    pub start: Point,
    pub end: Point,
    /// The label's background box; lines are centred in it.
    pub label_box: Rect,
    pub aria_label: String,
}

impl Arrow {
    /// Baselines of the label's lines (role, then note).
    pub fn label_lines(&self) -> (Point, Point) {
        let x = self.label_box.x + self.label_box.w / 2;
        let first = Point {
            x,
            y: self.label_box.y + 12,
        };
        (
            first,
            Point {
                x,
                y: first.y + LABEL_LINE_H,
            },
        )
    }
}

/// Lays out the world with the default options.
pub fn layout(world: &World) -> Layout {
    layout_with(world, Options::default())
}

/// Lays out the world. Deterministic; linear in resources plus assignments.
pub fn layout_with(world: &World, options: Options) -> Layout {
    let max_columns = options.max_columns.max(1);
    let subscription = world.default_subscription();

    // Resources bucketed by group, groups in the world's (sorted) order.
    let mut buckets: Vec<Bucket> = Vec::new();
    let mut bucket_of: HashMap<String, usize> = HashMap::new();
    for group in world.groups() {
        bucket_of.insert(group.name.to_ascii_lowercase(), buckets.len());
        buckets.push(Bucket {
            name: group.name.clone(),
            id: group.id(),
            location: group.location.clone(),
            resources: Vec::new(),
        });
    }
    for resource in world.resources() {
        let key = resource.group.to_ascii_lowercase();
        let index = match bucket_of.get(&key) {
            Some(i) => *i,
            None => {
                // Not expected: every resource lives in a group. Drawn rather than dropped.
                bucket_of.insert(key, buckets.len());
                buckets.push(Bucket {
                    name: resource.group.clone(),
                    id: format!(
                        "/subscriptions/{}/resourceGroups/{}",
                        resource.subscription, resource.group
                    ),
                    location: String::new(),
                    resources: Vec::new(),
                });
                buckets.len() - 1
            }
        };
        buckets[index].resources.push(resource);
    }
    for bucket in &mut buckets {
        sort_by(&mut bucket.resources, |a, b| {
            a.kind
                .cmp(&b.kind)
                .then_with(|| natural_cmp(&a.name, &b.name))
                .then_with(|| a.name.cmp(&b.name))
        });
    }

    // Cards and group areas, relative to the top-left of the groups region.
    let users = identity_users(world);
    let mut cards: Vec<Card> = Vec::new();
    let mut groups: Vec<Area> = Vec::new();
    let mut shelf = Shelf::default();
    for bucket in &buckets {
        let first_card = cards.len();
        for resource in &bucket.resources {
            cards.push(card(world, resource, &users));
        }
        let members = &mut cards[first_card..];
        let (w, h) = grid(members, max_columns);
        let cols = members.len().clamp(1, max_columns);
        let (x, y) = shelf.place(w, h, cols, max_columns);
        for c in members.iter_mut() {
            move_card(c, x, y);
        }
        groups.push(group_area(
            bucket,
            Rect { x, y, w, h },
            first_card..cards.len(),
        ));
    }
    let groups_w = shelf.width;
    let groups_h = shelf.height();

    // Arrow ends, as anchors; they decide which chips exist.
    let card_of: HashMap<String, usize> = cards
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.to_ascii_lowercase(), i))
        .collect();
    let group_of: HashMap<String, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.name.to_ascii_lowercase(), i))
        .collect();
    let lookup = Lookup {
        cards: &cards,
        groups: &groups,
        card_of: &card_of,
        group_of: &group_of,
        subscription: subscription.id,
    };
    let mut chips = ChipSet::default();
    let ends: Vec<(Anchor, Anchor)> = drawn_assignments(world)
        .map(|a| {
            (
                source_anchor(world, a, &lookup, &mut chips),
                scope_anchor(world, &a.scope, &lookup, &mut chips),
            )
        })
        .collect();

    // Outer chips above the subscription, missing principals in a strip under its title.
    // An empty subscription is at least as wide as its hint's longest line.
    let hint_w = if buckets.is_empty() {
        EMPTY_SUBSCRIPTION_HINT
            .iter()
            .map(|line| line.chars().count() as i32 * HINT_CHAR_W + GROUP_PAD)
            .max()
            .unwrap_or(0)
    } else {
        0
    };
    let inner_w = groups_w.max(MIN_INNER_W).max(hint_w);
    let (mut outer, outer_h) = flow_chips(&chips.outer, inner_w + 2 * SUB_PAD);
    let (mut missing, missing_h) = flow_chips(&chips.inner, inner_w);
    let sub_y = MARGIN + if outer_h > 0 { outer_h + CHIP_GAP } else { 0 };
    let strip_y = sub_y + SUB_TITLE_H;
    let groups_y = strip_y
        + if missing_h > 0 {
            missing_h + CHIP_GAP
        } else {
            0
        };
    let groups_x = MARGIN + SUB_PAD;
    let content_h = if buckets.is_empty() {
        EMPTY_SUB_H
    } else {
        groups_h
    };
    let sub_rect = Rect {
        x: MARGIN,
        y: sub_y,
        w: inner_w + 2 * SUB_PAD,
        h: groups_y - sub_y + content_h + SUB_PAD,
    };
    for chip in &mut outer {
        chip.rect = chip.rect.moved(MARGIN, MARGIN);
    }
    for chip in &mut missing {
        chip.rect = chip.rect.moved(groups_x, strip_y);
    }
    for group in &mut groups {
        move_area(group, groups_x, groups_y);
    }
    for c in &mut cards {
        move_card(c, groups_x, groups_y);
    }
    let sub_name = subscription.name.clone();
    let sub_title_chars = chars_fitting(sub_rect.w - 48, NAME_CHAR_W);
    let subscription_area = Area {
        level: ScopeLevel::Subscription,
        id: format!("/subscriptions/{}", subscription.id),
        name: sub_name.clone(),
        title: ellipsize(&format!("Subscription: {sub_name}"), sub_title_chars),
        subtitle: ellipsize(
            &subscription.id.to_string(),
            chars_fitting(sub_rect.w - 24, SMALL_CHAR_W),
        ),
        rect: sub_rect,
        port: Point {
            x: sub_rect.right() - 20,
            y: sub_rect.y + 20,
        },
        cards: 0..cards.len(),
        empty: buckets.is_empty(),
        hint_at: Point {
            x: groups_x,
            y: groups_y + 18,
        },
        hint: &EMPTY_SUBSCRIPTION_HINT,
        aria_label: format!("Subscription {sub_name}"),
    };

    let mut chip_list: Vec<Chip> = outer;
    chip_list.extend(missing);
    let chip_of: HashMap<String, usize> = chip_list
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key.clone(), i))
        .collect();

    let links = links(world, &cards, &card_of);

    let geometry = Geometry {
        bounds: Rect {
            x: 0,
            y: 0,
            w: sub_rect.right() + MARGIN,
            h: sub_rect.bottom() + MARGIN,
        },
        cards: &cards,
        card_of: &card_of,
        groups: &groups,
        group_of: &group_of,
        subscription: &subscription_area,
        chips: &chip_list,
        chip_of: &chip_of,
    };
    let mut repeats: HashMap<(Anchor, Anchor), i32> = HashMap::new();
    let mut obstacles = Obstacles::default();
    for c in &cards {
        obstacles.add(c.rect);
        if let Some(badge) = &c.badge {
            obstacles.add(badge.rect);
        }
    }
    for chip in &chip_list {
        obstacles.add(chip.rect);
    }
    for area in groups.iter().chain(std::iter::once(&subscription_area)) {
        for text in area.text_extents() {
            obstacles.add(text);
        }
    }
    let arrows = drawn_assignments(world)
        .zip(ends)
        .map(|(a, (from, to))| {
            let seen = repeats.entry((from.clone(), to.clone())).or_insert(0);
            let nth = *seen;
            *seen += 1;
            arrow(world, a, (from, to), nth, &geometry, &mut obstacles)
        })
        .collect();

    let width = sub_rect.right() + MARGIN;
    let height = sub_rect.bottom() + MARGIN;
    Layout {
        width,
        height,
        subscription: subscription_area,
        groups,
        cards,
        chips: chip_list,
        links,
        arrows,
    }
}

/// How wide a layout is whose widest shelf is one group of `columns` card columns: the usual
/// case. Shelves of several smaller groups are a little wider (each group adds its padding and
/// the gap to the next instead of a gap between cards), at most by [`shelf_overhead`].
pub fn width_for_columns(columns: usize) -> i32 {
    let c = columns.max(1) as i32;
    let group = 2 * GROUP_PAD + c * CARD_W + (c - 1) * GAP_X;
    2 * MARGIN + 2 * SUB_PAD + group.max(MIN_INNER_W)
}

/// How much wider than [`width_for_columns`] a shelf of `columns` one-column groups is.
pub fn shelf_overhead(columns: usize) -> i32 {
    let c = columns.max(1) as i32;
    (c - 1) * (2 * GROUP_PAD + GROUP_GAP - GAP_X)
}

/// The most card columns whose usual layout ([`width_for_columns`]) is at most `width` units
/// wide; at least one.
pub fn columns_for_width(width: i32) -> usize {
    (1..=64)
        .take_while(|c| *c == 1 || width_for_columns(*c) <= width)
        .last()
        .unwrap_or(1)
}

/// Shortens `text` to at most `max_chars` characters, ending with `…` when cut.
pub fn ellipsize(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max_chars.saturating_sub(1)).collect();
    short.push('…');
    short
}

/// Orders names as people read them: case-insensitively, with digit runs compared as numbers,
/// so `vm2` comes before `vm10`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (mut a, mut b) = (a.as_bytes(), b.as_bytes());
    loop {
        match (a.first(), b.first()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let da = a.iter().take_while(|c| c.is_ascii_digit()).count();
                let db = b.iter().take_while(|c| c.is_ascii_digit()).count();
                let trim =
                    |digits: &[u8]| -> usize { digits.iter().take_while(|c| **c == b'0').count() };
                let (na, nb) = (&a[trim(&a[..da])..da], &b[trim(&b[..db])..db]);
                let order = na.len().cmp(&nb.len()).then_with(|| na.cmp(nb));
                if order != Ordering::Equal {
                    return order;
                }
                a = &a[da..];
                b = &b[db..];
            }
            (Some(x), Some(y)) => {
                let order = x.to_ascii_lowercase().cmp(&y.to_ascii_lowercase());
                if order != Ordering::Equal {
                    return order;
                }
                a = &a[1..];
                b = &b[1..];
            }
        }
    }
}

/// The short kind label on a card's second line.
pub fn kind_label(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::UserAssignedIdentity => "User-assigned identity",
        ResourceKind::CosmosDb => "Cosmos DB",
        other => other.label(),
    }
}

// ----- cards and groups ----------------------------------------------------------------------

struct Bucket<'w> {
    name: String,
    id: String,
    location: String,
    resources: Vec<&'w Resource>,
}

/// How many live references each user-assigned identity has, by lower-cased ARM id.
fn identity_users(world: &World) -> HashMap<String, usize> {
    let mut users: HashMap<String, usize> = HashMap::new();
    for resource in world.resources() {
        for reference in &resource.identity.user_assigned {
            if let Some(identity) = world.live_user_identity(reference) {
                *users.entry(identity.id.to_ascii_lowercase()).or_insert(0) += 1;
            }
        }
    }
    users
}

/// A card at (0, 0), sized for its containers and broken references.
fn card(world: &World, resource: &Resource, users: &HashMap<String, usize>) -> Card {
    let containers: Vec<ContainerChip> = resource
        .containers()
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let row = i as i32;
            ContainerChip {
                name: name.clone(),
                label: ellipsize(name, chars_fitting(CONTAINER_W - 14, SMALL_CHAR_W)),
                scope: format!("{}/blobServices/default/containers/{name}", resource.id),
                rect: Rect {
                    x: CONTAINER_INSET,
                    y: CARD_BODY_H + row * (CONTAINER_H + CONTAINER_GAP),
                    w: CONTAINER_W,
                    h: CONTAINER_H,
                },
            }
        })
        .collect();
    let container_rows = containers.len() as i32;
    let broken_top = CARD_BODY_H + container_rows * (CONTAINER_H + CONTAINER_GAP);
    let mut attached = 0;
    let mut broken = Vec::new();
    for reference in &resource.identity.user_assigned {
        if world.live_user_identity(reference).is_some() {
            attached += 1;
            continue;
        }
        let recreated = world
            .resource(&reference.id)
            .is_some_and(|r| r.kind == ResourceKind::UserAssignedIdentity);
        let identity_name = reference
            .id
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or(&reference.id)
            .to_string();
        let rect = Rect {
            x: 8,
            y: broken_top + broken.len() as i32 * (BROKEN_H + BROKEN_GAP),
            w: CARD_W - 16,
            h: BROKEN_H,
        };
        let (text, aria) = if recreated {
            (
                format!("Stale: {identity_name} was re-created"),
                format!("broken reference: identity {identity_name} was deleted and re-created with a new principal"),
            )
        } else {
            (
                format!("Missing identity: {identity_name}"),
                format!("broken reference: identity {identity_name} no longer exists"),
            )
        };
        broken.push(BrokenRef {
            identity_id: reference.id.clone(),
            identity_name,
            recreated,
            marker: Point {
                x: rect.x + 10,
                y: rect.y + rect.h / 2,
            },
            label: ellipsize(&text, chars_fitting(rect.w - 28, SMALL_CHAR_W)),
            rect,
            aria_label: aria,
        });
    }
    let h = (broken_top + broken.len() as i32 * (BROKEN_H + BROKEN_GAP) + 4).max(CARD_MIN_H);
    let badge = resource.identity.system.as_ref().map(|system| Badge {
        principal: system.principal_id,
        rect: Rect {
            x: CARD_W + BADGE_OUT - BADGE_W,
            y: -BADGE_OUT,
            w: BADGE_W,
            h: BADGE_H,
        },
        aria_label: format!(
            "SAMI: system-assigned managed identity of {}, principal {}",
            resource.name, system.principal_id
        ),
    });
    let principal = resource.user_identity_ids().map(|(principal, _)| principal);
    let used_by = users
        .get(&resource.id.to_ascii_lowercase())
        .copied()
        .unwrap_or(0);
    let mut card = Card {
        id: resource.id.clone(),
        kind: resource.kind,
        name: resource.name.clone(),
        title: ellipsize(&resource.name, chars_fitting(CARD_W - 54, NAME_CHAR_W)),
        kind_label: kind_label(resource.kind),
        group: resource.group.clone(),
        rect: Rect {
            x: 0,
            y: 0,
            w: CARD_W,
            h,
        },
        badge,
        principal,
        users: if principal.is_some() { used_by } else { 0 },
        attached,
        containers,
        broken,
        aria_label: String::new(),
    };
    card.aria_label = card_aria_label(&card);
    card
}

/// What a screen reader says for a card, e.g. "vm1, Virtual machine, system-assigned identity on".
///
/// The name starts with the card's visible words in their order (name, kind), as WCAG 2.5.3
/// asks, so speech-input users can say what they see; a shortened name is followed by the
/// full one.
fn card_aria_label(card: &Card) -> String {
    let mut parts = vec![card.title.clone(), card.kind_label.to_string()];
    if card.title != card.name {
        parts.push(format!("full name {}", card.name));
    }
    if card.kind.supports_identity() {
        parts.push(
            if card.badge.is_some() {
                "system-assigned identity on"
            } else {
                "system-assigned identity off"
            }
            .to_string(),
        );
        if card.attached > 0 {
            parts.push(plural(
                card.attached,
                "user-assigned identity",
                "user-assigned identities",
            ));
        }
    }
    if card.is_identity() {
        parts.push(format!(
            "used by {}",
            plural(card.users, "resource", "resources")
        ));
    }
    if !card.containers.is_empty() {
        let names: Vec<&str> = card.containers.iter().map(|c| c.name.as_str()).collect();
        parts.push(format!("containers: {}", names.join(", ")));
    }
    if !card.broken.is_empty() {
        parts.push(plural(
            card.broken.len(),
            "broken identity reference",
            "broken identity references",
        ));
    }
    parts.join(", ")
}

/// An accessible name that starts with the visible words, then adds what only the name says;
/// empty pieces are skipped.
fn visible_first(visible: &[&str], more: &[String]) -> String {
    visible
        .iter()
        .copied()
        .chain(more.iter().map(String::as_str))
        .filter(|part| !part.is_empty())
        .collect::<Vec<&str>>()
        .join(", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Places a group's cards in a grid relative to the group's top-left; returns the group's size.
fn grid(cards: &mut [Card], max_columns: usize) -> (i32, i32) {
    let cols = cards.len().clamp(1, max_columns);
    let w = 2 * GROUP_PAD + cols as i32 * CARD_W + (cols as i32 - 1) * GAP_X;
    if cards.is_empty() {
        return (w, GROUP_TITLE_H + EMPTY_GROUP_H);
    }
    let mut y = GROUP_TITLE_H;
    for row in cards.chunks_mut(cols) {
        let row_h = row.iter().map(|c| c.rect.h).max().unwrap_or(CARD_MIN_H);
        for (col, c) in row.iter_mut().enumerate() {
            move_card(c, GROUP_PAD + col as i32 * (CARD_W + GAP_X), y);
        }
        y += row_h + GAP_Y;
    }
    (w, y - GAP_Y + GROUP_PAD)
}

fn move_card(card: &mut Card, dx: i32, dy: i32) {
    card.rect = card.rect.moved(dx, dy);
    if let Some(badge) = &mut card.badge {
        badge.rect = badge.rect.moved(dx, dy);
    }
    for chip in &mut card.containers {
        chip.rect = chip.rect.moved(dx, dy);
    }
    for broken in &mut card.broken {
        broken.rect = broken.rect.moved(dx, dy);
        broken.marker = Point {
            x: broken.marker.x + dx,
            y: broken.marker.y + dy,
        };
    }
}

fn group_area(bucket: &Bucket, rect: Rect, cards: std::ops::Range<usize>) -> Area {
    let count = bucket.resources.len();
    let title = ellipsize(
        &format!("Resource group: {}", bucket.name),
        chars_fitting(rect.w - 48, NAME_CHAR_W),
    );
    // The location sits at the right of the title bar, left of the port, when both fit.
    let title_w = title.chars().count() as i32 * NAME_CHAR_W;
    let location_w = bucket.location.chars().count() as i32 * SMALL_CHAR_W;
    let subtitle = if 12 + title_w + 16 + location_w + GROUP_SUBTITLE_RIGHT <= rect.w {
        bucket.location.clone()
    } else {
        String::new()
    };
    Area {
        level: ScopeLevel::ResourceGroup,
        id: bucket.id.clone(),
        name: bucket.name.clone(),
        title: title.clone(),
        subtitle: subtitle.clone(),
        rect,
        cards,
        port: Point {
            x: rect.right() - 18,
            y: rect.y + 18,
        },
        empty: count == 0,
        hint_at: Point {
            x: rect.x + GROUP_PAD,
            y: rect.y + GROUP_TITLE_H + 20,
        },
        hint: &EMPTY_GROUP_HINT,
        aria_label: visible_first(
            &[title.as_str(), subtitle.as_str()],
            &[
                if title.ends_with('…') {
                    format!("full name {}", bucket.name)
                } else {
                    String::new()
                },
                plural(count, "resource", "resources"),
            ],
        ),
    }
}

fn move_area(area: &mut Area, dx: i32, dy: i32) {
    area.rect = area.rect.moved(dx, dy);
    area.port = Point {
        x: area.port.x + dx,
        y: area.port.y + dy,
    };
    area.hint_at = Point {
        x: area.hint_at.x + dx,
        y: area.hint_at.y + dy,
    };
}

/// Shelf packing: groups go left to right while their columns fit, then a new shelf starts.
#[derive(Default)]
struct Shelf {
    x: i32,
    y: i32,
    columns: usize,
    shelf_h: i32,
    width: i32,
}

impl Shelf {
    fn place(&mut self, w: i32, h: i32, cols: usize, max_columns: usize) -> (i32, i32) {
        if self.columns > 0 && self.columns + cols > max_columns {
            self.y += self.shelf_h + GROUP_GAP;
            self.x = 0;
            self.columns = 0;
            self.shelf_h = 0;
        }
        let at = (self.x, self.y);
        self.x += w + GROUP_GAP;
        self.columns += cols;
        self.shelf_h = self.shelf_h.max(h);
        self.width = self.width.max(at.0 + w);
        at
    }

    fn height(&self) -> i32 {
        self.y + self.shelf_h
    }
}

fn chars_fitting(width: i32, char_w: i32) -> usize {
    (width / char_w).max(4) as usize
}

// ----- chips ---------------------------------------------------------------------------------

#[derive(Default)]
struct ChipSet {
    /// Above the subscription: outer scopes and principals without a card.
    outer: Vec<Chip>,
    /// Inside the subscription, under its title: principals that no longer exist.
    inner: Vec<Chip>,
    seen: HashMap<String, ()>,
}

impl ChipSet {
    /// Adds a chip once per key; its accessible name is its visible label, then `description`.
    fn add(&mut self, key: String, kind: ChipKind, label: String, description: String) -> Anchor {
        if self.seen.insert(key.clone(), ()).is_none() {
            let label = ellipsize(&label, chars_fitting(CHIP_MAX_W - 20, SMALL_CHAR_W));
            let chip = Chip {
                key: key.clone(),
                kind,
                aria_label: format!("{}: {description}", label.trim_start_matches("⚠ ")),
                label,
                rect: Rect::default(),
            };
            match kind {
                ChipKind::MissingPrincipal(_) => self.inner.push(chip),
                _ => self.outer.push(chip),
            }
        }
        match kind {
            ChipKind::MissingPrincipal(principal) => Anchor::Orphan { principal },
            _ => Anchor::Outside { key },
        }
    }
}

/// Lays chips out left to right, wrapping at `width`; positions are relative. Returns the height.
fn flow_chips(chips: &[Chip], width: i32) -> (Vec<Chip>, i32) {
    let (mut x, mut y) = (0, 0);
    let mut placed = Vec::with_capacity(chips.len());
    for chip in chips {
        let w =
            (chip.label.chars().count() as i32 * SMALL_CHAR_W + 24).clamp(CHIP_MIN_W, CHIP_MAX_W);
        if x > 0 && x + w > width {
            x = 0;
            y += CHIP_H + CHIP_GAP;
        }
        placed.push(Chip {
            rect: Rect { x, y, w, h: CHIP_H },
            ..chip.clone()
        });
        x += w + CHIP_GAP;
    }
    let height = if placed.is_empty() { 0 } else { y + CHIP_H };
    (placed, height)
}

// ----- anchors -------------------------------------------------------------------------------

struct Lookup<'a> {
    cards: &'a [Card],
    groups: &'a [Area],
    card_of: &'a HashMap<String, usize>,
    group_of: &'a HashMap<String, usize>,
    subscription: Guid,
}

impl Lookup<'_> {
    fn card(&self, id: &str) -> Option<&Card> {
        self.card_of
            .get(&id.trim_end_matches('/').to_ascii_lowercase())
            .and_then(|i| self.cards.get(*i))
    }
}

/// The assignments the diagram draws: all but the learner's own. The learner is the one looking
/// at the diagram; their Owner role on the subscription would be an arrow on every drawing that
/// says nothing about the identities (the Entra ID panel and `az role assignment list` show it).
fn drawn_assignments(world: &World) -> impl Iterator<Item = &RoleAssignment> {
    world
        .assignments()
        .iter()
        .filter(move |a| a.principal_id != world.learner)
}

/// The identity end of an assignment: a badge, an identity card, or a missing-principal marker.
fn source_anchor(
    world: &World,
    a: &RoleAssignment,
    lookup: &Lookup,
    chips: &mut ChipSet,
) -> Anchor {
    let Some(principal) = world.directory.get(a.principal_id) else {
        // A user or a group: a chip with its name, as the portal's access list shows them.
        if let Some(name) = world.directory.principal_name(a.principal_id) {
            let kind = a.principal_type.name().to_ascii_lowercase();
            return chips.add(
                format!("principal:{}", a.principal_id),
                ChipKind::Principal(a.principal_id),
                format!("{name} ({kind})"),
                format!("{kind} {}", a.principal_id),
            );
        }
        let short = a.principal_id.to_string();
        return chips.add(
            format!("missing:{}", a.principal_id),
            ChipKind::MissingPrincipal(a.principal_id),
            format!(
                "{IDENTITY_NOT_FOUND} · {}…",
                short.get(..8).unwrap_or(&short)
            ),
            format!(
                "principal {} no longer exists; its role assignments are orphaned",
                a.principal_id
            ),
        );
    };
    match &principal.source {
        PrincipalSource::System { resource_id } => {
            if let Some(card) = lookup
                .card(resource_id)
                .filter(|c| c.badge.as_ref().map(|b| b.principal) == Some(a.principal_id))
            {
                return Anchor::Badge {
                    card: card.id.clone(),
                };
            }
        }
        PrincipalSource::User { identity_id } => {
            if let Some(card) = lookup.card(identity_id) {
                return Anchor::Card {
                    id: card.id.clone(),
                };
            }
        }
        PrincipalSource::Application { .. } => {}
    }
    chips.add(
        format!("principal:{}", a.principal_id),
        ChipKind::Principal(a.principal_id),
        format!(
            "{} ({})",
            principal.display_name,
            principal.source.kind_label().to_ascii_lowercase()
        ),
        format!("principal {}", a.principal_id),
    )
}

/// The scope end of an assignment.
fn scope_anchor(world: &World, scope_text: &str, lookup: &Lookup, chips: &mut ChipSet) -> Anchor {
    let outside = |chips: &mut ChipSet, label: String| {
        chips.add(
            format!("scope:{}", scope_text.to_ascii_lowercase()),
            ChipKind::Scope,
            label.clone(),
            format!("scope {scope_text}"),
        )
    };
    let Ok(scope) = Scope::parse(scope_text) else {
        return outside(chips, format!("Scope {scope_text}"));
    };
    let in_subscription = scope
        .subscription()
        .is_some_and(|s| s.eq_ignore_ascii_case(&lookup.subscription.to_string()));
    match scope.level() {
        ScopeLevel::Root => outside(chips, "Tenant root group".to_string()),
        ScopeLevel::ManagementGroup => outside(
            chips,
            format!(
                "Management group: {}",
                scope.management_group().unwrap_or_default()
            ),
        ),
        ScopeLevel::Subscription if in_subscription => Anchor::Subscription {
            id: lookup.subscription,
        },
        ScopeLevel::Subscription => {
            let id = scope.subscription().unwrap_or_default();
            let name = world
                .subscriptions
                .iter()
                .find(|s| s.id.to_string().eq_ignore_ascii_case(id))
                .map_or(id.to_string(), |s| s.name.clone());
            outside(chips, format!("Subscription: {name}"))
        }
        ScopeLevel::ResourceGroup => {
            let name = scope.resource_group().unwrap_or_default();
            let area = lookup
                .group_of
                .get(&name.to_ascii_lowercase())
                .and_then(|i| lookup.groups.get(*i));
            match area {
                Some(area) if in_subscription => Anchor::Group {
                    name: area.name.clone(),
                },
                _ => outside(chips, format!("Resource group: {name}")),
            }
        }
        ScopeLevel::Resource | ScopeLevel::Child => {
            let card = scope.resource_scope().and_then(|r| lookup.card(r.as_str()));
            match card {
                Some(card) if scope.level() == ScopeLevel::Child => {
                    let is_container = scope.resource_type().is_some_and(|t| {
                        t.eq_ignore_ascii_case(
                            "Microsoft.Storage/storageAccounts/blobServices/containers",
                        )
                    });
                    match card
                        .containers
                        .iter()
                        .find(|c| is_container && c.name.eq_ignore_ascii_case(scope.name()))
                    {
                        Some(chip) => Anchor::Container {
                            card: card.id.clone(),
                            name: chip.name.clone(),
                        },
                        None => Anchor::Card {
                            id: card.id.clone(),
                        },
                    }
                }
                Some(card) => Anchor::Card {
                    id: card.id.clone(),
                },
                None => outside(chips, format!("Scope {}", scope.name())),
            }
        }
    }
}

// ----- links and arrows ----------------------------------------------------------------------

struct Geometry<'a> {
    /// The whole drawing: labels stay inside it.
    bounds: Rect,
    cards: &'a [Card],
    card_of: &'a HashMap<String, usize>,
    groups: &'a [Area],
    group_of: &'a HashMap<String, usize>,
    subscription: &'a Area,
    chips: &'a [Chip],
    chip_of: &'a HashMap<String, usize>,
}

/// How an arrow end attaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EndKind {
    /// A card or chip: attach at the middle of the facing side.
    Box,
    /// A badge on a card's corner: leave to the right or upwards, never across the card.
    Badge,
    /// A container chip inside a card: attach at the card edge beside it, left or right.
    Side,
    /// An area's title-bar port: a point.
    Port,
}

#[derive(Debug, Clone, Copy)]
struct End {
    rect: Rect,
    kind: EndKind,
    /// The card this end sits on, if any, and its rectangle (for loops and same-row arches).
    card: Option<(usize, Rect)>,
}

impl Geometry<'_> {
    fn card_index(&self, id: &str) -> Option<usize> {
        self.card_of.get(&id.to_ascii_lowercase()).copied()
    }

    fn end(&self, anchor: &Anchor) -> Option<End> {
        let port = |p: Point| End {
            rect: Rect {
                x: p.x - 6,
                y: p.y - 6,
                w: 12,
                h: 12,
            },
            kind: EndKind::Port,
            card: None,
        };
        match anchor {
            Anchor::Badge { card } => {
                let i = self.card_index(card)?;
                let card = self.cards.get(i)?;
                Some(End {
                    rect: card.badge.as_ref()?.rect,
                    kind: EndKind::Badge,
                    card: Some((i, card.rect)),
                })
            }
            Anchor::Card { id } => {
                let i = self.card_index(id)?;
                let card = self.cards.get(i)?;
                Some(End {
                    rect: card.rect,
                    kind: EndKind::Box,
                    card: Some((i, card.rect)),
                })
            }
            Anchor::Container { card, name } => {
                let i = self.card_index(card)?;
                let card = self.cards.get(i)?;
                let chip = card.containers.iter().find(|c| &c.name == name)?;
                Some(End {
                    rect: chip.rect,
                    kind: EndKind::Side,
                    card: Some((i, card.rect)),
                })
            }
            Anchor::Group { name } => {
                let i = self.group_of.get(&name.to_ascii_lowercase())?;
                Some(port(self.groups.get(*i)?.port))
            }
            Anchor::Subscription { .. } => Some(port(self.subscription.port)),
            Anchor::Outside { key } => {
                let chip = self.chips.get(*self.chip_of.get(key)?)?;
                Some(End {
                    rect: chip.rect,
                    kind: EndKind::Box,
                    card: None,
                })
            }
            Anchor::Orphan { principal } => {
                let chip = self
                    .chips
                    .get(*self.chip_of.get(&format!("missing:{principal}"))?)?;
                Some(End {
                    rect: chip.rect,
                    kind: EndKind::Box,
                    card: None,
                })
            }
        }
    }

    fn describe(&self, anchor: &Anchor) -> String {
        match anchor {
            Anchor::Badge { card } => self
                .card_index(card)
                .and_then(|i| self.cards.get(i))
                .map_or("a system-assigned identity".to_string(), |c| {
                    format!("the system-assigned identity of {}", c.name)
                }),
            Anchor::Card { id } => self
                .card_index(id)
                .and_then(|i| self.cards.get(i))
                .map_or(id.clone(), |c| {
                    format!("{} {}", c.kind.label().to_ascii_lowercase(), c.name)
                }),
            Anchor::Container { card, name } => {
                let account = self
                    .card_index(card)
                    .and_then(|i| self.cards.get(i))
                    .map_or(card.as_str(), |c| c.name.as_str());
                format!("container {name} in storage account {account}")
            }
            Anchor::Group { name } => format!("resource group {name}"),
            Anchor::Subscription { .. } => format!("subscription {}", self.subscription.name),
            Anchor::Outside { key } => self
                .chip_of
                .get(key)
                .and_then(|i| self.chips.get(*i))
                .map_or(key.clone(), |c| c.label.clone()),
            Anchor::Orphan { principal } => {
                format!("an identity that no longer exists (principal {principal}, type Unknown)")
            }
        }
    }
}

/// Links from each user-assigned identity card to the resources referencing it; references to a
/// deleted or re-created identity become dangling links ending at the card's broken marker.
fn links(world: &World, cards: &[Card], card_of: &HashMap<String, usize>) -> Vec<Link> {
    let mut links = Vec::new();
    for (to_index, card) in cards.iter().enumerate() {
        let Some(resource) = world.resource(&card.id) else {
            continue;
        };
        for reference in &resource.identity.user_assigned {
            let identity_index = card_of
                .get(&reference.id.trim_end_matches('/').to_ascii_lowercase())
                .copied();
            let identity_card = identity_index.and_then(|i| cards.get(i));
            if world.live_user_identity(reference).is_some() {
                let (Some(from_index), Some(from)) = (identity_index, identity_card) else {
                    continue;
                };
                let route = route(
                    End {
                        rect: from.rect,
                        kind: EndKind::Box,
                        card: Some((from_index, from.rect)),
                    },
                    End {
                        rect: card.rect,
                        kind: EndKind::Box,
                        card: Some((to_index, card.rect)),
                    },
                    0,
                );
                links.push(Link {
                    from: reference.id.clone(),
                    to: card.id.clone(),
                    dangling: false,
                    recreated: false,
                    path: route.path,
                    start: route.start,
                    end: route.end,
                });
                continue;
            }
            let Some(broken) = card
                .broken
                .iter()
                .find(|b| b.identity_id.eq_ignore_ascii_case(&reference.id))
            else {
                continue;
            };
            let end = Point {
                x: broken.marker.x - 8,
                y: broken.marker.y,
            };
            let (start, c1, c2) = match identity_card.filter(|_| broken.recreated) {
                // The new identity of the same name: the reference still points at its id.
                Some(from) => {
                    let s = side_point(from.rect, Side::Left);
                    let k = control_distance(s, end);
                    (s, offset(s, Side::Left, k), offset(end, Side::Left, k))
                }
                // Nothing left to point at: a short stub coming in from outside the card.
                None => {
                    let s = Point {
                        x: card.rect.x - 14,
                        y: end.y - 18,
                    };
                    (
                        s,
                        Point { x: s.x, y: end.y },
                        Point {
                            x: end.x - 10,
                            y: end.y,
                        },
                    )
                }
            };
            links.push(Link {
                from: reference.id.clone(),
                to: card.id.clone(),
                dangling: true,
                recreated: broken.recreated,
                path: cubic(start, c1, c2, end),
                start,
                end,
            });
        }
    }
    links
}

fn arrow(
    world: &World,
    a: &RoleAssignment,
    (from, to): (Anchor, Anchor),
    nth: i32,
    g: &Geometry,
    obstacles: &mut Obstacles,
) -> Arrow {
    let orphaned = world.is_orphaned(a);
    let role = world
        .role_by_id(&a.role_id)
        .map_or_else(|| a.role_id.clone(), |r| r.name.clone());
    let route = match (g.end(&from), g.end(&to)) {
        (Some(s), Some(e)) => route(s, e, nth),
        // Not expected: every anchor was made from something that has a place.
        _ => Route::default(),
    };
    let note = orphaned.then(|| format!("{IDENTITY_NOT_FOUND} (Unknown)"));
    let label = ellipsize(&role, 30);
    let longest = label
        .chars()
        .count()
        .max(note.as_ref().map_or(0, |n| n.chars().count())) as i32;
    let w = longest * SMALL_CHAR_W * 9 / 10 + 14;
    let h = if note.is_some() { 34 } else { 18 };
    let label_box = place_label(&route, w, h, g.bounds, obstacles);
    obstacles.add(label_box);
    let principal_type = if orphaned {
        "Unknown".to_string()
    } else {
        a.principal_type.name().to_string()
    };
    // The visible words first (role, then the note), as WCAG 2.5.3 asks.
    let aria_label = visible_first(
        &[
            label.as_str(),
            note.as_deref().map_or("", |n| n.trim_start_matches("⚠ ")),
        ],
        &[format!(
            "{}role assignment{} for {} at {}",
            if orphaned { "orphaned " } else { "" },
            if label == role {
                String::new()
            } else {
                format!(" of {role}")
            },
            g.describe(&from),
            g.describe(&to)
        )],
    );
    Arrow {
        assignment: a.name,
        principal: a.principal_id,
        from,
        to,
        label,
        role,
        note,
        principal_type,
        orphaned,
        scope: a.scope.clone(),
        path: route.path,
        start: route.start,
        end: route.end,
        label_box,
        aria_label,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
    Up,
    Down,
}

#[derive(Debug, Clone, Default)]
struct Route {
    path: String,
    start: Point,
    end: Point,
    /// The inner control points of the cubic curve.
    c1: Point,
    c2: Point,
}

impl Route {
    /// The point at parameter `t` (0 = start, 1 = end) of the curve.
    fn at(&self, t: f64) -> Point {
        let u = 1.0 - t;
        let weights = [u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t];
        let points = [self.start, self.c1, self.c2, self.end];
        let (mut x, mut y) = (0.0, 0.0);
        for (w, p) in weights.iter().zip(points) {
            x += w * f64::from(p.x);
            y += w * f64::from(p.y);
        }
        Point {
            x: x.round() as i32,
            y: y.round() as i32,
        }
    }
}

fn side_point(r: Rect, side: Side) -> Point {
    let c = r.center();
    match side {
        Side::Left => Point { x: r.x, y: c.y },
        Side::Right => Point {
            x: r.right(),
            y: c.y,
        },
        Side::Up => Point { x: c.x, y: r.y },
        Side::Down => Point {
            x: c.x,
            y: r.bottom(),
        },
    }
}

fn offset(p: Point, side: Side, k: i32) -> Point {
    match side {
        Side::Left => Point { x: p.x - k, y: p.y },
        Side::Right => Point { x: p.x + k, y: p.y },
        Side::Up => Point { x: p.x, y: p.y - k },
        Side::Down => Point { x: p.x, y: p.y + k },
    }
}

fn control_distance(a: Point, b: Point) -> i32 {
    ((a.x - b.x).abs().max((a.y - b.y).abs()) / 2).clamp(36, 180)
}

fn cubic(p0: Point, p1: Point, p2: Point, p3: Point) -> String {
    format!(
        "M{} {} C{} {}, {} {}, {} {}",
        p0.x, p0.y, p1.x, p1.y, p2.x, p2.y, p3.x, p3.y
    )
}

/// Where along an arrow its label may go, best first: the middle, then outwards.
const LABEL_TS: [f64; 9] = [0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82];

/// How far a label may move off its curve, up or down, to find free space (tried in order).
const LABEL_SHIFTS: [i32; 5] = [0, -22, 22, -40, 40];

/// Puts a `w`×`h` label where it covers no card, badge, chip, title bar or earlier label: on
/// the curve if possible, else just beside it, else nearby around its middle; when nothing near
/// is free, where it covers the fewest of them.
fn place_label(route: &Route, w: i32, h: i32, bounds: Rect, obstacles: &Obstacles) -> Rect {
    let boxed = |p: Point| Rect {
        x: (p.x - w / 2).clamp(bounds.x, (bounds.right() - w).max(bounds.x)),
        y: (p.y - h / 2).clamp(bounds.y, (bounds.bottom() - h).max(bounds.y)),
        w,
        h,
    };
    let mid = route.at(0.5);
    let along = LABEL_SHIFTS.iter().flat_map(|dy| {
        LABEL_TS.iter().map(move |t| {
            let p = route.at(*t);
            Point {
                x: p.x,
                y: p.y + dy,
            }
        })
    });
    let around = (1..=4).flat_map(move |r| {
        let (dx, dy) = (r * (w / 2 + 8), r * (h + 6));
        [
            (0, -dy),
            (0, dy),
            (-dx, 0),
            (dx, 0),
            (-dx, -dy),
            (dx, -dy),
            (-dx, dy),
            (dx, dy),
        ]
        .into_iter()
        .map(move |(dx, dy)| Point {
            x: mid.x + dx,
            y: mid.y + dy,
        })
    });
    let mut best: Option<(usize, Rect)> = None;
    for candidate in along.chain(around).map(boxed) {
        let hits = obstacles.count(&candidate);
        if hits == 0 {
            return candidate;
        }
        if best.is_none_or(|(fewest, _)| hits < fewest) {
            best = Some((hits, candidate));
        }
    }
    best.map_or_else(|| boxed(mid), |(_, rect)| rect)
}

/// Rectangles labels must not cover, bucketed in a coarse grid so each query is local.
#[derive(Default)]
struct Obstacles {
    cells: HashMap<(i32, i32), Vec<Rect>>,
}

const OBSTACLE_CELL: i32 = 160;

impl Obstacles {
    fn cells_of(r: &Rect) -> impl Iterator<Item = (i32, i32)> {
        let (x0, x1) = (
            r.x.div_euclid(OBSTACLE_CELL),
            r.right().div_euclid(OBSTACLE_CELL),
        );
        let (y0, y1) = (
            r.y.div_euclid(OBSTACLE_CELL),
            r.bottom().div_euclid(OBSTACLE_CELL),
        );
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn add(&mut self, r: Rect) {
        for cell in Obstacles::cells_of(&r) {
            self.cells.entry(cell).or_default().push(r);
        }
    }

    /// How many obstacles `r` overlaps (an obstacle spanning several cells counts once per
    /// cell, which only makes large overlaps weigh more).
    fn count(&self, r: &Rect) -> usize {
        Obstacles::cells_of(r)
            .map(|cell| {
                self.cells
                    .get(&cell)
                    .map_or(0, |rs| rs.iter().filter(|o| o.overlaps(r)).count())
            })
            .sum()
    }
}

/// A cubic curve from `src` to `dst`, leaving and entering perpendicular to the chosen sides so
/// it does not run along card text; `nth` spreads repeated arrows between the same two ends.
fn route(src: End, dst: End, nth: i32) -> Route {
    let spread = nth * 14;
    let (sc, tc) = (src.rect.center(), dst.rect.center());
    let (dx, dy) = (tc.x - sc.x, tc.y - sc.y);
    let same_card = matches!((src.card, dst.card), (Some((a, _)), Some((b, _))) if a == b);
    // Cards side by side in one row, with cards between them: an arch through the gap above
    // the row, from top to top, instead of a line across the cards' text.
    let arch = match (src.card, dst.card) {
        (Some((_, a)), Some((_, b))) => {
            a.y == b.y
                && (a.x - b.x).abs() > CARD_W + GAP_X
                && src.kind != EndKind::Side
                && dst.kind == EndKind::Box
        }
        _ => false,
    };
    // One above the other in a column, with cards between them: a bend through the gap on the
    // right of the column instead of a line down through the cards.
    let column = match (src.card, dst.card) {
        (Some((_, a)), Some((_, b))) => {
            a.x == b.x
                && (a.y - b.y).abs() > a.h.min(b.h) + GAP_Y
                && src.kind != EndKind::Side
                && dst.kind == EndKind::Box
        }
        _ => false,
    };
    let (s_side, e_side, start, end, k) = if arch {
        let start = side_point(src.rect, Side::Up);
        let end = side_point(dst.rect, Side::Up);
        (Side::Up, Side::Up, start, end, 40 + (start.y - end.y).abs())
    } else if column {
        let start = side_point(src.rect, Side::Right);
        let end = side_point(dst.rect, Side::Right);
        (Side::Right, Side::Right, start, end, GAP_X - 8)
    } else if same_card {
        // Within one card (its own scope, or its own container): a loop out on the right.
        let start = match src.kind {
            EndKind::Box => Point {
                x: src.rect.right(),
                y: src.rect.y + 18,
            },
            _ => side_point(src.rect, Side::Right),
        };
        let end = match dst.kind {
            // Level with the kind line: clear of the badge above and of container rows below.
            EndKind::Box => Point {
                x: dst.rect.right(),
                y: dst.rect.y + (dst.rect.h - 14).min(40),
            },
            EndKind::Side => offset(
                side_point(dst.rect, Side::Right),
                Side::Right,
                CONTAINER_INSET,
            ),
            _ => side_point(dst.rect, Side::Right),
        };
        let k = 48;
        (Side::Right, Side::Right, start, end, k)
    } else {
        let horizontal =
            dst.kind == EndKind::Side || (dst.kind != EndKind::Port && dx.abs() >= dy.abs());
        let e_side = if dst.kind == EndKind::Port {
            if sc.y >= tc.y {
                Side::Down
            } else {
                Side::Up
            }
        } else if horizontal {
            if dx > 0 {
                Side::Left
            } else {
                Side::Right
            }
        } else if dy > 0 {
            Side::Up
        } else {
            Side::Down
        };
        let s_side = match src.kind {
            EndKind::Badge => {
                if dx >= 0 || dy > 0 {
                    Side::Right
                } else {
                    Side::Up
                }
            }
            _ if dst.kind == EndKind::Port => {
                if sc.y >= tc.y {
                    Side::Up
                } else {
                    Side::Down
                }
            }
            _ if horizontal => {
                if dx > 0 {
                    Side::Right
                } else {
                    Side::Left
                }
            }
            _ => {
                if dy > 0 {
                    Side::Down
                } else {
                    Side::Up
                }
            }
        };
        let start = side_point(src.rect, s_side);
        let end = match dst.kind {
            EndKind::Port => dst.rect.center(),
            EndKind::Side => offset(side_point(dst.rect, e_side), e_side, CONTAINER_INSET),
            _ => side_point(dst.rect, e_side),
        };
        (s_side, e_side, start, end, control_distance(start, end))
    };
    // A badge sits on its card's corner: turn soon after leaving it, into the gap beside the
    // card, rather than sweeping across the neighbours.
    let k_start = if src.kind == EndKind::Badge && !arch && !same_card && !column {
        k.min(56)
    } else {
        k
    };
    let c1 = offset(start, s_side, k_start + spread);
    let c2 = offset(end, e_side, k + spread);
    Route {
        path: cubic(start, c1, c2, end),
        start,
        end,
        c1,
        c2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::script::session::Session;
    use expect_test::{expect, Expect};

    fn world(script: &str) -> World {
        let session = Session::run(script);
        let failures: Vec<String> = session
            .records
            .iter()
            .filter_map(|r| r.error.as_ref().map(|e| format!("{}: {e}", r.text)))
            .collect();
        assert!(failures.is_empty(), "script failed: {failures:?}");
        session.world
    }

    /// A structural summary (no coordinates): what is drawn and how it connects.
    fn summary(layout: &Layout) -> String {
        let mut out = String::new();
        for group in &layout.groups {
            out.push_str(&format!("{}\n", group.title));
            for card in layout.cards.iter().filter(|c| c.group == group.name) {
                out.push_str(&format!("  {}\n", card.aria_label));
            }
        }
        for chip in &layout.chips {
            out.push_str(&format!("chip {}\n", chip.label));
        }
        for link in &layout.links {
            let name = |id: &str| id.rsplit('/').next().unwrap_or(id).to_string();
            out.push_str(&format!(
                "link {} -> {}{}\n",
                name(&link.from),
                name(&link.to),
                if link.dangling { " (dangling)" } else { "" }
            ));
        }
        for arrow in &layout.arrows {
            out.push_str(&format!(
                "arrow {}{}: {}\n",
                arrow.label,
                arrow
                    .note
                    .as_ref()
                    .map(|n| format!(" [{n}]"))
                    .unwrap_or_default(),
                anchors(arrow)
            ));
        }
        out
    }

    fn anchors(arrow: &Arrow) -> String {
        let short = |a: &Anchor| match a {
            Anchor::Badge { card } => format!("badge({})", card.rsplit('/').next().unwrap_or("")),
            Anchor::Card { id } => format!("card({})", id.rsplit('/').next().unwrap_or("")),
            Anchor::Container { name, .. } => format!("container({name})"),
            Anchor::Group { name } => format!("group({name})"),
            Anchor::Subscription { .. } => "subscription".to_string(),
            Anchor::Outside { key } => format!("outside({key})"),
            Anchor::Orphan { .. } => "orphan".to_string(),
        };
        format!("{} -> {}", short(&arrow.from), short(&arrow.to))
    }

    fn check(script: &str, expect: Expect) {
        let w = world(script);
        let layout = layout(&w);
        assert_invariants(&w, &layout);
        expect.assert_eq(&summary(&layout));
    }

    /// The geometric and bookkeeping invariants every layout keeps.
    fn assert_invariants(world: &World, layout: &Layout) {
        let sub = layout.subscription.rect;
        assert!(sub.right() <= layout.width && sub.bottom() <= layout.height);
        for (i, a) in layout.cards.iter().enumerate() {
            for b in &layout.cards[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{} overlaps {}", a.id, b.id);
            }
        }
        for group in &layout.groups {
            assert!(
                sub.contains(&group.rect),
                "group {} outside the subscription",
                group.name
            );
            let members = layout.cards.get(group.cards.clone()).unwrap_or_default();
            assert_eq!(members.len(), group.cards.len());
            assert!(members.iter().all(|c| c.group == group.name));
            assert!(group.rect.contains_point(group.port));
        }
        for (i, a) in layout.groups.iter().enumerate() {
            for b in &layout.groups[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{} overlaps {}", a.name, b.name);
            }
        }
        for card in &layout.cards {
            let group = layout
                .groups
                .iter()
                .find(|g| g.name.eq_ignore_ascii_case(&card.group))
                .expect("every card has a group");
            assert!(
                group.rect.contains(&card.rect),
                "{} outside its group",
                card.id
            );
            if let Some(badge) = &card.badge {
                assert!(
                    group.rect.contains(&badge.rect),
                    "{}'s badge outside its group",
                    card.id
                );
                assert!(
                    badge.rect.overlaps(&card.rect),
                    "the badge is glued to its card"
                );
            }
            for chip in &card.containers {
                assert!(
                    card.rect.contains(&chip.rect),
                    "container chip outside {}",
                    card.id
                );
            }
            for broken in &card.broken {
                assert!(
                    card.rect.contains(&broken.rect),
                    "broken row outside {}",
                    card.id
                );
            }
        }
        for chip in &layout.chips {
            assert!(chip.rect.right() <= layout.width && chip.rect.x >= 0 && chip.rect.y >= 0);
            match chip.kind {
                ChipKind::MissingPrincipal(_) => assert!(sub.contains(&chip.rect)),
                _ => assert!(chip.rect.bottom() <= sub.y),
            }
        }
        assert_eq!(layout.arrows.len(), drawn_assignments(world).count());
        for (arrow, a) in layout.arrows.iter().zip(drawn_assignments(world)) {
            assert_eq!(arrow.assignment, a.name);
            assert_eq!(arrow.orphaned, world.is_orphaned(a), "{}", arrow.aria_label);
            assert_eq!(matches!(arrow.from, Anchor::Orphan { .. }), arrow.orphaned);
            assert_eq!(arrow.note.is_some(), arrow.orphaned);
            assert_eq!(arrow.principal_type == "Unknown", arrow.orphaned);
            assert!(
                arrow.path.starts_with('M') && arrow.path.contains(" C"),
                "{}",
                arrow.path
            );
        }
        for link in &layout.links {
            assert!(link.path.starts_with('M') && link.path.contains(" C"));
        }
        let ids: std::collections::BTreeSet<&str> =
            layout.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), layout.cards.len(), "card ids are unique keys");
        assert_eq!(layout.cards.len(), world.resource_count());
    }

    const BASIC: &str = "az group create -n rg1 -l eastus
az vm create -n vm1 -g rg1 --assign-identity
az storage account create -n st1 -g rg1
az storage container create --account-name st1 -n data
az identity create -n uami1 -g rg1
az vm create -n vm2 -g rg1
az vm identity assign -n vm2 -g rg1 --identities uami1
az keyvault create -n kv1 -g rg1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)/blobServices/default/containers/data
az role assignment create --assignee $(az identity show -g rg1 -n uami1 --query principalId -o tsv) --role Reader --scope $(az group show -n rg1 --query id -o tsv)
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Key Vault Secrets User' --scope $(az keyvault show -g rg1 -n kv1 --query id -o tsv)
az role assignment create --assignee $(az identity show -g rg1 -n uami1 --query principalId -o tsv) --role Contributor --scope /subscriptions/$(az account show --query id -o tsv)
";

    #[test]
    fn basic_world() {
        check(
            BASIC,
            expect![[r#"
                Resource group: rg1
                  vm1, Virtual machine, system-assigned identity on
                  vm2, Virtual machine, system-assigned identity off, 1 user-assigned identity
                  st1, Storage account, system-assigned identity off, containers: data
                  kv1, Key vault
                  uami1, User-assigned identity, used by 1 resource
                link uami1 -> vm2
                arrow Storage Blob Data Reader: badge(vm1) -> container(data)
                arrow Reader: card(uami1) -> group(rg1)
                arrow Key Vault Secrets User: badge(vm1) -> card(kv1)
                arrow Contributor: card(uami1) -> subscription
            "#]],
        );
    }

    #[test]
    fn deleting_identities_orphans_arrows_and_leaves_dangling_links() {
        check(
            &format!(
                "{BASIC}az identity delete -n uami1 -g rg1
az vm identity remove -n vm1 -g rg1
"
            ),
            expect![[r#"
                Resource group: rg1
                  vm1, Virtual machine, system-assigned identity off
                  vm2, Virtual machine, system-assigned identity off, 1 broken identity reference
                  st1, Storage account, system-assigned identity off, containers: data
                  kv1, Key vault
                chip ⚠ Identity not found · 85db1bc0…
                chip ⚠ Identity not found · 3c8f2320…
                link uami1 -> vm2 (dangling)
                arrow Storage Blob Data Reader [⚠ Identity not found (Unknown)]: orphan -> container(data)
                arrow Reader [⚠ Identity not found (Unknown)]: orphan -> group(rg1)
                arrow Key Vault Secrets User [⚠ Identity not found (Unknown)]: orphan -> card(kv1)
                arrow Contributor [⚠ Identity not found (Unknown)]: orphan -> subscription
            "#]],
        );
    }

    #[test]
    fn dangling_link_ends_at_the_marker_on_the_referencing_card() {
        let before = layout(&world(BASIC));
        assert!(before.links.iter().all(|l| !l.dangling));
        let w = world(&format!("{BASIC}az identity delete -n uami1 -g rg1\n"));
        let after = layout(&w);
        let link = after
            .links
            .iter()
            .find(|l| l.dangling)
            .expect("a dangling link");
        let vm2 = after.cards.iter().find(|c| c.name == "vm2").expect("vm2");
        assert_eq!(link.to, vm2.id);
        let broken = &vm2.broken[0];
        assert_eq!(broken.identity_name, "uami1");
        assert!(!broken.recreated);
        assert!(broken.label.contains("uami1"));
        assert!(broken.rect.contains_point(link.end));
        assert!(vm2.rect.h > CARD_MIN_H || broken.rect.bottom() <= vm2.rect.bottom());
    }

    #[test]
    fn a_recreated_identity_leaves_a_stale_reference() {
        let w = world(&format!(
            "{BASIC}az identity delete -n uami1 -g rg1\naz identity create -n uami1 -g rg1\n"
        ));
        let layout = layout(&w);
        assert_invariants(&w, &layout);
        let link = layout
            .links
            .iter()
            .find(|l| l.dangling)
            .expect("a dangling link");
        assert!(link.recreated);
        let identity = layout
            .cards
            .iter()
            .find(|c| c.name == "uami1")
            .expect("uami1");
        assert_eq!(identity.users, 0);
        assert_eq!(
            link.start.x, identity.rect.x,
            "drawn from the new identity's card"
        );
        // The old principal's assignments are orphaned; the new identity has none.
        assert!(layout
            .arrows
            .iter()
            .filter(|a| a.principal != identity.principal.unwrap_or_default())
            .any(|a| a.orphaned));
    }

    #[test]
    fn scopes_outside_the_subscription_get_chips_above_it() {
        let w = world(
            "az group create -n rg1 -l eastus
az vm create -n vm1 -g rg1 --assign-identity
az account management-group create --name mg1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope /providers/Microsoft.Management/managementGroups/mg1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope /
",
        );
        let layout = layout(&w);
        assert_invariants(&w, &layout);
        let labels: Vec<&str> = layout.chips.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, ["Management group: mg1", "Tenant root group"]);
        assert!(layout
            .arrows
            .iter()
            .all(|a| matches!(a.to, Anchor::Outside { .. }) && !a.orphaned));
    }

    #[test]
    fn cards_are_ordered_by_kind_then_name() {
        let layout = layout(&world(
            "az group create -n rg -l eastus
az identity create -n a-id -g rg
az storage account create -n zeta -g rg
az vm create -n web -g rg
az storage account create -n alpha -g rg
az vm create -n Api -g rg
az vm create -n vm10 -g rg
az vm create -n vm2 -g rg
",
        ));
        let names: Vec<&str> = layout.cards.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["Api", "vm2", "vm10", "web", "alpha", "zeta", "a-id"]
        );
        // Reading order: left to right, then down.
        let positions: Vec<(i32, i32)> =
            layout.cards.iter().map(|c| (c.rect.y, c.rect.x)).collect();
        let mut sorted = positions.clone();
        sorted.sort();
        assert_eq!(positions, sorted);
    }

    #[test]
    fn an_empty_world_is_an_empty_subscription() {
        let w = World::default();
        let layout = layout(&w);
        assert_invariants(&w, &layout);
        assert!(layout.subscription.empty && layout.groups.is_empty() && layout.cards.is_empty());
        let lines = layout.subscription.hint_lines();
        assert_eq!(
            lines.iter().map(|(_, text)| *text).collect::<Vec<_>>(),
            EMPTY_SUBSCRIPTION_HINT
        );
        // Every line fits inside the subscription area, whole, with room to spare on the right.
        for (at, text) in lines {
            let extent = Rect {
                x: at.x,
                y: at.y - 13,
                w: text.chars().count() as i32 * HINT_CHAR_W,
                h: 17,
            };
            assert!(
                layout.subscription.rect.contains(&extent),
                "{text:?} at {extent:?} leaves {:?}",
                layout.subscription.rect
            );
        }
        assert!(layout.width > 0 && layout.height > 0);
    }

    #[test]
    fn an_empty_group_says_so_inside_its_area() {
        let layout = layout(&world("az group create -n rg1 -l eastus\n"));
        let group = &layout.groups[0];
        assert!(group.empty && !layout.subscription.empty);
        assert!(layout.subscription.hint_lines().is_empty());
        let [(at, text)] = group.hint_lines()[..] else {
            panic!("one line")
        };
        assert_eq!(text, "Empty resource group");
        assert!(group.rect.contains(&Rect {
            x: at.x,
            y: at.y - 13,
            w: text.chars().count() as i32 * HINT_CHAR_W,
            h: 17
        }));
    }

    #[test]
    fn self_scoped_and_repeated_arrows_are_distinct() {
        let w = world(
            "az group create -n rg -l eastus
az storage account create -n st1 -g rg --assign-identity
az storage container create --account-name st1 -n logs
az role assignment create --assignee $(az storage account show -g rg -n st1 --query identity.principalId -o tsv) --role Reader --scope $(az storage account show -g rg -n st1 --query id -o tsv)
az role assignment create --assignee $(az storage account show -g rg -n st1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg -n st1 --query id -o tsv)
az role assignment create --assignee $(az storage account show -g rg -n st1 --query identity.principalId -o tsv) --role 'Storage Blob Data Contributor' --scope $(az storage account show -g rg -n st1 --query id -o tsv)/blobServices/default/containers/logs
",
        );
        let layout = layout(&w);
        assert_invariants(&w, &layout);
        let card = &layout.cards[0];
        let [first, second, third] = &layout.arrows[..] else {
            panic!("three arrows")
        };
        // Loops leave the badge and come back on the card's right side, clear of its text.
        assert!(first.end.x == card.rect.right() && first.start.x >= card.rect.right());
        assert_ne!(first.path, second.path);
        assert!(!first.label_box.overlaps(&second.label_box));
        assert!(matches!(third.to, Anchor::Container { .. }));
    }

    #[test]
    fn layout_is_deterministic() {
        let w = world(BASIC);
        assert_eq!(layout(&w), layout(&w));
        assert_eq!(layout(&w), layout(&world(BASIC)));
    }

    fn big_script(resources: usize, groups: usize) -> String {
        let mut script = String::new();
        for g in 0..groups {
            script.push_str(&format!("az group create -n rg{g} -l eastus\n"));
        }
        for i in 0..resources {
            let g = i % groups;
            match i % 5 {
                0 => script.push_str(&format!("az vm create -n vm{i} -g rg{g} --assign-identity\n")),
                1 => script.push_str(&format!("az storage account create -n st{i} -g rg{g}\naz storage container create --account-name st{i} -n box{i}\n")),
                2 => script.push_str(&format!("az identity create -n id{i} -g rg{g}\n")),
                3 => script.push_str(&format!("az keyvault create -n kv{i} -g rg{g}\n")),
                _ => script.push_str(&format!("az vm create -n app{i} -g rg{g}\n")),
            }
        }
        for i in (0..resources).step_by(5) {
            let target = (i + 7) % resources;
            let tg = target % groups;
            let scope = match target % 5 {
                0 => format!("$(az vm show -g rg{tg} -n vm{target} --query id -o tsv)"),
                1 => format!("$(az storage account show -g rg{tg} -n st{target} --query id -o tsv)/blobServices/default/containers/box{target}"),
                2 => format!("$(az identity show -g rg{tg} -n id{target} --query id -o tsv)"),
                3 => format!("$(az keyvault show -g rg{tg} -n kv{target} --query id -o tsv)"),
                _ => format!("$(az group show -n rg{tg} --query id -o tsv)"),
            };
            script.push_str(&format!(
                "az role assignment create --assignee $(az vm show -g rg{} -n vm{i} --query identity.principalId -o tsv) --role Reader --scope {scope}\n",
                i % groups
            ));
            if i + 2 < resources {
                script.push_str(&format!(
                    "az role assignment create --assignee $(az identity show -g rg{} -n id{} --query principalId -o tsv) --role Reader --scope $(az group show -n rg{} --query id -o tsv)\n",
                    (i + 2) % groups,
                    i + 2,
                    i % groups
                ));
                if i + 4 < resources {
                    script.push_str(&format!(
                        "az vm identity assign -n app{} -g rg{} --identities id{}\n",
                        i + 4,
                        (i + 4) % groups,
                        i + 2
                    ));
                }
            }
        }
        script
    }

    #[test]
    fn two_hundred_resources_stay_within_the_column_budget() {
        let w = world(&big_script(200, 9));
        assert_eq!(w.resource_count(), 200);
        for max_columns in [1, 2, 3, 4, 6] {
            let layout = layout_with(&w, Options { max_columns });
            assert_invariants(&w, &layout);
            let bound = width_for_columns(max_columns) + shelf_overhead(max_columns);
            assert!(layout.width <= bound, "{} > {bound}", layout.width);
            assert!(layout.height > layout.width / 2, "height grows instead");
            assert!(layout.links.len() >= 30);
        }
    }

    #[test]
    fn fifty_resources_are_legible() {
        let w = world(&big_script(50, 5));
        let layout = layout(&w);
        assert_invariants(&w, &layout);
        // Titles fit their boxes and labels are not empty.
        for card in &layout.cards {
            assert!(card.title.chars().count() as i32 * NAME_CHAR_W <= CARD_W - 46);
        }
        for arrow in &layout.arrows {
            assert!(!arrow.label.is_empty() && arrow.label_box.w > 0);
        }
    }

    #[test]
    fn many_small_groups_pack_into_shelves_within_the_column_budget() {
        // 40 groups of one to three resources: shelves fill up to the column budget, no wider,
        // and every group keeps its cards.
        let mut script = String::new();
        for g in 0..40 {
            script.push_str(&format!("az group create -n rg{g} -l eastus\n"));
            for i in 0..=(g % 3) {
                script.push_str(&format!("az vm create -n vm{g}x{i} -g rg{g}\n"));
            }
        }
        let w = world(&script);
        for max_columns in 1..=6 {
            let layout = layout_with(&w, Options { max_columns });
            assert_invariants(&w, &layout);
            assert!(layout.width <= width_for_columns(max_columns) + shelf_overhead(max_columns));
            // Shelves are full: no shelf but the last leaves room for the next group.
            let mut shelves: Vec<(i32, usize)> = Vec::new();
            for group in &layout.groups {
                let columns = group.cards.len().clamp(1, max_columns);
                match shelves.last_mut() {
                    Some((y, used)) if *y == group.rect.y => *used += columns,
                    _ => shelves.push((group.rect.y, columns)),
                }
            }
            for pair in layout.groups.windows(2) {
                if pair[1].rect.y != pair[0].rect.y {
                    let (_, used) = shelves
                        .iter()
                        .find(|(y, _)| *y == pair[0].rect.y)
                        .copied()
                        .unwrap_or_default();
                    let next = pair[1].cards.len().clamp(1, max_columns);
                    assert!(used + next > max_columns, "a new shelf started too early");
                }
            }
        }
    }

    #[test]
    fn one_group_is_exactly_as_wide_as_its_columns_say() {
        for (resources, max_columns) in [(1, 4), (3, 3), (10, 2), (10, 3), (10, 5)] {
            let mut script = String::from("az group create -n rg -l eastus\n");
            for i in 0..resources {
                script.push_str(&format!("az vm create -n vm{i} -g rg\n"));
            }
            let layout = layout_with(&world(&script), Options { max_columns });
            let columns = resources.min(max_columns);
            assert_eq!(
                layout.width,
                width_for_columns(columns),
                "{resources} in {columns}"
            );
        }
    }

    #[test]
    fn column_budgets_grow_with_the_width() {
        assert_eq!(columns_for_width(0), 1);
        assert_eq!(columns_for_width(width_for_columns(1)), 1);
        for c in 1..8 {
            assert_eq!(columns_for_width(width_for_columns(c)), c);
            assert_eq!(columns_for_width(width_for_columns(c + 1) - 1), c);
        }
    }

    #[test]
    fn natural_order_compares_numbers_as_numbers() {
        use std::cmp::Ordering::*;
        assert_eq!(natural_cmp("vm2", "vm10"), Less);
        assert_eq!(natural_cmp("VM2", "vm2"), Equal);
        assert_eq!(natural_cmp("vm02", "vm2"), Equal);
        assert_eq!(natural_cmp("a", "a1"), Less);
        assert_eq!(natural_cmp("b", "a10"), Greater);
    }

    #[test]
    fn labels_avoid_cards_and_each_other_when_there_is_room() {
        for script in [BASIC.to_string(), big_script(50, 5)] {
            let w = world(&script);
            let layout = layout(&w);
            let boxes: Vec<Rect> = layout.arrows.iter().map(|a| a.label_box).collect();
            for (i, b) in boxes.iter().enumerate() {
                assert!(Rect {
                    x: 0,
                    y: 0,
                    w: layout.width,
                    h: layout.height
                }
                .contains(b));
                for other in &boxes[i + 1..] {
                    assert!(!b.overlaps(other), "labels overlap: {b:?} {other:?}");
                }
            }
            let on_cards = boxes
                .iter()
                .filter(|b| layout.cards.iter().any(|c| c.rect.overlaps(b)))
                .count();
            assert!(
                on_cards * 10 <= boxes.len(),
                "{on_cards} of {} labels cover a card",
                boxes.len()
            );
        }
    }

    #[test]
    fn long_names_are_shortened_with_an_ellipsis() {
        assert_eq!(ellipsize("short", 10), "short");
        assert_eq!(ellipsize("a-very-long-resource-name", 10), "a-very-lo…");
        assert_eq!(ellipsize("ééééé", 4), "ééé…");
    }
}

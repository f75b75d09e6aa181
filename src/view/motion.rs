//! Animation cues: what the diagram and the Entra ID panel animate after a statement, and the
//! sentence an `aria-live` region reads instead when motion is reduced.
//!
//! Cues come from the domain events the core reported for the statement, never from diffing two
//! worlds. Events are grouped into [`Step`]s (what animates at once), so a trainer can step
//! forward and back or play them at a speed; [`Timing`] turns a speed into a step duration.
//!
//! Invariants: steps keep the order in which the core emitted their events, so a resource-group
//! cascade plays one object at a time in the order Azure deletes them; every event is shown by
//! exactly one step (a deleted resource that used user-assigned identities gets one more step
//! before it, for its snapping links, which no event reports); a step's cues name their targets
//! by the keys the diagram and the Entra panel use (ARM ids, object ids, assignment names);
//! nothing here reads a clock or the world, so the same events always give the same motion.

use std::collections::{BTreeMap, HashMap};

use crate::sim::account::Host;
use crate::sim::evaluate::Reason;
use crate::sim::event::Event;
use crate::sim::ids::Guid;
use crate::sim::operations;
use crate::sim::resource::{ResourceKind, VaultPermissionModel};
use crate::sim::scope::{Scope, ScopeLevel};
use crate::sim::script::session::Record;
use crate::sim::storage::SharedKeyAccess;

use super::describe::{deleted_with, in_group, scope_text, short_name};
use super::text::lower_first;

/// Something on screen that a cue animates.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    /// A resource group area, by the group's ARM id.
    Group { id: String },
    /// A resource card, by the resource's ARM id.
    Resource { id: String },
    /// A blob container chip, by the container's ARM id (its scope).
    Container { scope: String },
    /// The system-assigned identity badge on a resource's card.
    Badge { resource_id: String },
    /// A service principal's row in the Entra ID panel, by object id.
    Principal { object_id: Guid },
    /// The link from a user-assigned identity to a resource that references it.
    Link {
        resource_id: String,
        identity_id: String,
    },
    /// A role-assignment arrow, by the assignment's name.
    Assignment { name: Guid },
    /// A deny assignment, shown on its scope.
    DenyAssignment { id: Guid, scope: String },
    /// One principal's access policy on a key vault.
    AccessPolicy { vault_id: String, object_id: Guid },
    /// A federated credential on a user-assigned identity.
    FederatedCredential { identity_id: String, name: String },
    /// A scope drawn as a chip outside the groups: a subscription, a management group, the root.
    Scope { scope: String },
}

impl Target {
    /// A stable string key: `resource:<id>`, `badge:<id>`, `principal:<object id>`,
    /// `link:<resource id>|<identity id>`, `assignment:<name>`, `scope:<scope>` (the diagram's
    /// chip key), and so on. Ids keep the casing the core reported.
    pub fn key(&self) -> String {
        match self {
            Target::Group { id } => format!("group:{id}"),
            Target::Resource { id } => format!("resource:{id}"),
            Target::Container { scope } => format!("container:{scope}"),
            Target::Badge { resource_id } => format!("badge:{resource_id}"),
            Target::Principal { object_id } => format!("principal:{object_id}"),
            Target::Link {
                resource_id,
                identity_id,
            } => format!("link:{resource_id}|{identity_id}"),
            Target::Assignment { name } => format!("assignment:{name}"),
            Target::DenyAssignment { id, .. } => format!("deny:{id}"),
            Target::AccessPolicy {
                vault_id,
                object_id,
            } => format!("policy:{vault_id}|{object_id}"),
            Target::FederatedCredential { identity_id, name } => {
                format!("federated:{identity_id}|{name}")
            }
            Target::Scope { scope } => format!("scope:{scope}"),
        }
    }
}

/// How a target moves. The stylesheet holds one keyframe animation per effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    /// Grows in from nothing: it was created.
    Appear,
    /// Fades out and leaves: it was deleted.
    FadeOut,
    /// Stays, drawn broken: a role assignment whose principal is gone ("Identity not found",
    /// MI-1.5), or a link to a deleted user-assigned identity (MI-2.2).
    Break,
    /// A link snaps and disappears because the resource at its end was deleted; the
    /// user-assigned identity at the other end stays (MI-2.1).
    Snap,
    /// Flashes: it changed in place, was used (a token) or allowed access.
    Highlight,
    /// Flashes as a refusal: a failed token request or a denied access check.
    Refuse,
}

/// One target and its effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub target: Target,
    pub effect: Effect,
}

/// Where a step sits in a resource group's deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cascade {
    /// The group's ARM id.
    pub group_id: String,
    /// 1-based position of the step among the cascade's steps.
    pub position: usize,
    pub total: usize,
}

/// What animates at once, and the sentence that says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub cues: Vec<Cue>,
    /// One plain sentence for the `aria-live` region, e.g. "vm1's system-assigned identity and
    /// its service principal were deleted."
    pub announcement: String,
    /// Set when the step is part of deleting a resource group.
    pub cascade: Option<Cascade>,
}

/// A statement's animation: its steps in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Motion {
    pub steps: Vec<Step>,
}

impl Motion {
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Every step's sentence, in order: what a screen reader hears for the whole statement.
    pub fn announcements(&self) -> Vec<&str> {
        self.steps.iter().map(|s| s.announcement.as_str()).collect()
    }

    /// How long playing every step takes.
    pub fn duration_ms(&self, timing: Timing) -> u64 {
        self.steps.len() as u64 * u64::from(timing.step_ms())
    }

    /// The step playing `elapsed_ms` after the start, or `None` once all have played (at once,
    /// with reduced motion).
    pub fn step_at(&self, elapsed_ms: u64, timing: Timing) -> Option<usize> {
        let step = u64::from(timing.step_ms());
        if step == 0 {
            return None;
        }
        let index = usize::try_from(elapsed_ms / step).ok()?;
        (index < self.steps.len()).then_some(index)
    }
}

/// How one target looks at a moment of playback; the stylesheet has a class for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Created by a later step: not drawn yet.
    Pending,
    /// Created by the step playing now: growing in.
    Entering,
    /// Deleted by the step playing now: fading out.
    Leaving,
    /// Deleted by an earlier step: no longer drawn.
    Gone,
    /// Turning broken now (an orphaned assignment, a dangling or snapping link).
    Breaking,
    /// Broken by an earlier step.
    Broken,
    /// Changed, used or allowed by the step playing now.
    Flash,
    /// Refused by the step playing now.
    Refused,
}

impl Phase {
    /// The CSS class that draws the phase.
    pub fn class(self) -> &'static str {
        match self {
            Phase::Pending => "cue-pending",
            Phase::Entering => "cue-entering",
            Phase::Leaving => "cue-leaving",
            Phase::Gone => "cue-gone",
            Phase::Breaking => "cue-breaking",
            Phase::Broken => "cue-broken",
            Phase::Flash => "cue-flash",
            Phase::Refused => "cue-refused",
        }
    }
}

/// Every target's [`Phase`] while step `step` of a [`Motion`] plays, by [`Target::key`].
/// Targets a motion does not mention look as they do in the world being drawn.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frame {
    phases: HashMap<String, Phase>,
}

impl Frame {
    /// The phase of the target with this key, if the motion moves it.
    pub fn phase(&self, key: &str) -> Option<Phase> {
        self.phases.get(key).copied()
    }

    /// The CSS class of the target with this key, if any.
    pub fn class(&self, key: &str) -> Option<&'static str> {
        self.phase(key).map(Phase::class)
    }

    pub fn is_empty(&self) -> bool {
        self.phases.is_empty()
    }
}

impl Motion {
    /// True when something leaves or breaks: deleted things exist only in the world before the
    /// statement, so playback draws that world and fades them out of it step by step, then shows
    /// the world after. Otherwise playback draws the world after the statement and grows the new
    /// things into it.
    pub fn draws_before(&self) -> bool {
        self.steps
            .iter()
            .flat_map(|s| &s.cues)
            .any(|c| matches!(c.effect, Effect::FadeOut | Effect::Snap | Effect::Break))
    }

    /// The phases while step `step` plays (a step past the end gives the finished state: every
    /// deleted thing gone, every new thing in place).
    pub fn frame(&self, step: usize) -> Frame {
        let mut phases = HashMap::new();
        for (index, s) in self.steps.iter().enumerate() {
            let order = index.cmp(&step);
            for cue in &s.cues {
                use std::cmp::Ordering::{Equal, Greater, Less};
                let phase = match (cue.effect, order) {
                    (Effect::Appear, Greater) => Some(Phase::Pending),
                    (Effect::Appear, Equal) => Some(Phase::Entering),
                    (Effect::FadeOut | Effect::Snap, Less) => Some(Phase::Gone),
                    (Effect::FadeOut, Equal) => Some(Phase::Leaving),
                    (Effect::Snap | Effect::Break, Equal) => Some(Phase::Breaking),
                    (Effect::Break, Less) => Some(Phase::Broken),
                    (Effect::Highlight, Equal) => Some(Phase::Flash),
                    (Effect::Refuse, Equal) => Some(Phase::Refused),
                    _ => None,
                };
                if let Some(phase) = phase {
                    // A target moved by two steps shows the later-decided phase of the two
                    // that matter now: an earlier step's result, or the current step's motion.
                    phases.insert(cue.target.key(), phase);
                }
            }
        }
        Frame { phases }
    }
}

/// The motion of several statements run at once (a dialog's group and resource, a pasted
/// script): their steps one after another.
pub fn for_statements(records: &[Record], indices: std::ops::Range<usize>) -> Motion {
    Motion {
        steps: indices
            .flat_map(|index| for_statement(records, index).steps)
            .collect(),
    }
}

/// How long one step lasts at 1×.
pub const BASE_STEP_MS: u32 = 800;
/// The slowest and fastest playback speeds.
pub const MIN_SPEED: f64 = 0.5;
pub const MAX_SPEED: f64 = 4.0;

/// Playback speed and the learner's reduced-motion preference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timing {
    /// A multiplier in `MIN_SPEED..=MAX_SPEED` (clamped by [`Timing::new`]).
    pub speed: f64,
    pub reduced_motion: bool,
}

impl Default for Timing {
    fn default() -> Timing {
        Timing::new(1.0, false)
    }
}

impl Timing {
    /// Clamps the speed to 0.5×–4×; a speed that is not a number counts as 1×.
    pub fn new(speed: f64, reduced_motion: bool) -> Timing {
        let speed = if speed.is_nan() {
            1.0
        } else {
            speed.clamp(MIN_SPEED, MAX_SPEED)
        };
        Timing {
            speed,
            reduced_motion,
        }
    }

    /// One step's duration in milliseconds.
    pub fn step_ms(self) -> u32 {
        step_duration_ms(self.speed, self.reduced_motion)
    }
}

/// A step's duration for a speed multiplier (clamped to 0.5×–4×): 1600 ms at 0.5×, 800 ms at
/// 1×, 200 ms at 4×; 0 with reduced motion, where the end state shows at once and only the
/// announcements remain.
pub fn step_duration_ms(speed: f64, reduced_motion: bool) -> u32 {
    if reduced_motion {
        return 0;
    }
    let speed = if speed.is_nan() {
        1.0
    } else {
        speed.clamp(MIN_SPEED, MAX_SPEED)
    };
    (f64::from(BASE_STEP_MS) / speed).round() as u32
}

/// The motion of statement `index` of a session; earlier statements' events say which
/// user-assigned identities were linked to what, and what each principal is called.
pub fn for_statement(records: &[Record], index: usize) -> Motion {
    let Some(record) = records.get(index) else {
        return Motion::default();
    };
    let earlier = records[..index].iter().flat_map(|r| r.events.iter());
    plan(earlier, &record.events)
}

/// The motion of one statement's `events`, given every event before them (in order).
pub fn plan<'a>(earlier: impl IntoIterator<Item = &'a Event>, events: &[Event]) -> Motion {
    let mut book = Book::default();
    for event in earlier {
        book.record(event);
    }
    let base = book.seen;
    // The links of each deleted resource as they were when it went, read while recording.
    let mut links_at = vec![Vec::new(); events.len()];
    for (i, event) in events.iter().enumerate() {
        if let Event::ResourceDeleted { id, .. } = event {
            links_at[i] = book.links_of(id);
        }
        book.record(event);
    }
    let pairs = Pairs::find(events);
    let mut used = vec![false; events.len()];
    // Each step with the index of its first event, for cascade membership.
    let mut steps: Vec<(usize, Step)> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if used[i] {
            i += 1;
            continue;
        }
        used[i] = true;
        let mut push = |step: Step| steps.push((i, step));
        match &events[i] {
            Event::RoleAssignmentOrphaned { principal_id, .. } => {
                // MI-1.5: a principal's assignments break together.
                let mut run = vec![&events[i]];
                let mut j = i + 1;
                while let Some(
                    next @ Event::RoleAssignmentOrphaned {
                        principal_id: p, ..
                    },
                ) = events.get(j)
                {
                    if p != principal_id || used[j] {
                        break;
                    }
                    used[j] = true;
                    run.push(next);
                    j += 1;
                }
                push(orphaned_step(&book.at(base + i), *principal_id, &run));
            }
            Event::IdentityReferenceDangling { identity_id, .. } => {
                // MI-2.2: every reference to the deleted identity breaks at once.
                let mut users = Vec::new();
                let mut j = i;
                while let Some(Event::IdentityReferenceDangling {
                    resource_id,
                    identity_id: other,
                }) = events.get(j)
                {
                    if other != identity_id || (j > i && used[j]) {
                        break;
                    }
                    used[j] = true;
                    users.push(resource_id.as_str());
                    j += 1;
                }
                push(dangling_step(identity_id, &users));
            }
            Event::ResourceDeleted { id, kind } => {
                if !links_at[i].is_empty() {
                    push(snap_step(id, &links_at[i]));
                }
                push(single(
                    resource(id),
                    Effect::FadeOut,
                    format!("{} {} was deleted.", kind.label(), short_name(id)),
                ));
            }
            event => {
                let partner = pairs.partner(i, events).filter(|&j| !used[j]);
                if let Some(j) = partner {
                    used[j] = true;
                }
                push(step_for(
                    &book.at(base + i),
                    event,
                    partner.map(|j| &events[j]),
                ));
            }
        }
        i += 1;
    }
    Motion {
        steps: mark_cascades(events, steps),
    }
}

/// What earlier events established: links between resources and user-assigned identities, and
/// principals' names, which later events refer to only by id.
#[derive(Debug, Default)]
struct Book {
    /// `(resource id, identity id)` in the order they were attached.
    links: Vec<(String, String)>,
    /// Principal names, kept after the principal is deleted (orphaned assignments name it).
    principals: BTreeMap<Guid, Principal>,
    /// Resource kinds by lower-cased ARM id.
    kinds: BTreeMap<String, ResourceKind>,
    /// Users and groups by object id, as "alice@… (user)" and "readers (group)", and
    /// applications by application id, for the events that name them by id only (EN-9.1, EN-9.8).
    directory_names: BTreeMap<Guid, String>,
    /// How many events have been recorded.
    seen: usize,
}

#[derive(Debug)]
struct Principal {
    name: String,
    user_assigned: bool,
    source_id: String,
    /// When its service principal was deleted, counted in events recorded.
    deleted: Option<usize>,
}

/// The book as it stood at one event: a principal deleted later is not yet called deleted.
struct At<'a> {
    book: &'a Book,
    seq: usize,
}

impl At<'_> {
    fn principal(&self, id: &Guid) -> Option<&Principal> {
        self.book.principals.get(id)
    }

    /// "vm1 (system-assigned)", "uami1 (user-assigned, deleted)", or the bare id if never seen.
    fn label(&self, principal: Guid) -> String {
        match self.book.principals.get(&principal) {
            // EN-9.3: an application's principal belongs to the application, not to a resource.
            Some(p) if p.source_id.starts_with("/applications/") => {
                format!("{} (application)", p.name)
            }
            Some(p) => {
                let kind = if p.user_assigned { "user" } else { "system" };
                let gone = if p.deleted.is_some_and(|d| d < self.seq) {
                    ", deleted"
                } else {
                    ""
                };
                format!("{} ({kind}-assigned{gone})", p.name)
            }
            None => self
                .book
                .directory_names
                .get(&principal)
                .cloned()
                .unwrap_or_else(|| format!("principal {principal}")),
        }
    }
}

impl Book {
    fn at(&self, seq: usize) -> At<'_> {
        At { book: self, seq }
    }

    fn record(&mut self, event: &Event) {
        let seq = self.seen;
        self.seen += 1;
        match event {
            Event::ResourceCreated { id, kind } => {
                self.kinds.insert(id.to_ascii_lowercase(), *kind);
            }
            Event::ServicePrincipalCreated {
                object_id,
                display_name,
                source_id,
                ..
            } => {
                let user_assigned = self.kinds.get(&source_id.to_ascii_lowercase())
                    == Some(&ResourceKind::UserAssignedIdentity);
                self.principals.insert(
                    *object_id,
                    Principal {
                        name: display_name.clone(),
                        user_assigned,
                        source_id: source_id.clone(),
                        deleted: None,
                    },
                );
            }
            Event::ServicePrincipalDeleted { object_id, .. } => {
                if let Some(p) = self.principals.get_mut(object_id) {
                    p.deleted = Some(seq);
                }
            }
            Event::UserCreated {
                object_id,
                user_principal_name,
            } => {
                self.directory_names
                    .insert(*object_id, format!("{user_principal_name} (user)"));
            }
            Event::GroupCreated {
                object_id,
                display_name,
            } => {
                self.directory_names
                    .insert(*object_id, format!("{display_name} (group)"));
            }
            // Secrets belong to the application, named by its application id.
            Event::ApplicationCreated {
                app_id,
                display_name,
                ..
            } => {
                self.directory_names
                    .insert(*app_id, format!("{display_name} (application)"));
            }
            Event::UserIdentityAttached {
                resource_id,
                identity_id,
            } if !self.linked(resource_id, identity_id) => {
                self.links.push((resource_id.clone(), identity_id.clone()));
            }
            Event::UserIdentityDetached {
                resource_id,
                identity_id,
            } => self.links.retain(|(r, i)| {
                !(r.eq_ignore_ascii_case(resource_id) && i.eq_ignore_ascii_case(identity_id))
            }),
            // A deleted resource lets go of its identities; a deleted identity's references stay.
            Event::ResourceDeleted { id, .. } => {
                self.links.retain(|(r, _)| !r.eq_ignore_ascii_case(id));
            }
            _ => {}
        }
    }

    fn linked(&self, resource_id: &str, identity_id: &str) -> bool {
        self.links.iter().any(|(r, i)| {
            r.eq_ignore_ascii_case(resource_id) && i.eq_ignore_ascii_case(identity_id)
        })
    }

    fn links_of(&self, resource_id: &str) -> Vec<String> {
        self.links
            .iter()
            .filter(|(r, _)| r.eq_ignore_ascii_case(resource_id))
            .map(|(_, i)| i.clone())
            .collect()
    }
}

/// Events that animate as one step although the core reports them separately: a
/// system-assigned identity and its service principal (MI-1.1, MI-1.3), a user-assigned
/// identity and its service principal (MI-2.1).
struct Pairs {
    sp_created: HashMap<Guid, usize>,
    sp_deleted: HashMap<Guid, usize>,
    system_on: HashMap<Guid, usize>,
    system_off: HashMap<Guid, usize>,
    /// Lower-cased resource id → index, for user-assigned identities.
    identity_created: HashMap<String, usize>,
    identity_deleted: HashMap<String, usize>,
}

impl Pairs {
    fn find(events: &[Event]) -> Pairs {
        let mut pairs = Pairs {
            sp_created: HashMap::new(),
            sp_deleted: HashMap::new(),
            system_on: HashMap::new(),
            system_off: HashMap::new(),
            identity_created: HashMap::new(),
            identity_deleted: HashMap::new(),
        };
        for (i, event) in events.iter().enumerate() {
            match event {
                Event::ServicePrincipalCreated { object_id, .. } => {
                    pairs.sp_created.entry(*object_id).or_insert(i);
                }
                Event::ServicePrincipalDeleted { object_id, .. } => {
                    pairs.sp_deleted.entry(*object_id).or_insert(i);
                }
                Event::SystemIdentityEnabled { principal_id, .. } => {
                    pairs.system_on.entry(*principal_id).or_insert(i);
                }
                Event::SystemIdentityDisabled { principal_id, .. } => {
                    pairs.system_off.entry(*principal_id).or_insert(i);
                }
                Event::ResourceCreated {
                    id,
                    kind: ResourceKind::UserAssignedIdentity,
                } => {
                    pairs
                        .identity_created
                        .entry(id.to_ascii_lowercase())
                        .or_insert(i);
                }
                Event::ResourceDeleted {
                    id,
                    kind: ResourceKind::UserAssignedIdentity,
                } => {
                    pairs
                        .identity_deleted
                        .entry(id.to_ascii_lowercase())
                        .or_insert(i);
                }
                _ => {}
            }
        }
        pairs
    }

    /// The index of the event that animates with event `i`, if any.
    fn partner(&self, i: usize, events: &[Event]) -> Option<usize> {
        match &events[i] {
            Event::SystemIdentityEnabled { principal_id, .. } => {
                self.sp_created.get(principal_id).copied()
            }
            Event::SystemIdentityDisabled { principal_id, .. } => {
                self.sp_deleted.get(principal_id).copied()
            }
            Event::ServicePrincipalCreated {
                object_id,
                source_id,
                ..
            } => self.system_on.get(object_id).copied().or_else(|| {
                self.identity_created
                    .get(&source_id.to_ascii_lowercase())
                    .copied()
            }),
            Event::ServicePrincipalDeleted {
                object_id,
                source_id,
                ..
            } => self.system_off.get(object_id).copied().or_else(|| {
                self.identity_deleted
                    .get(&source_id.to_ascii_lowercase())
                    .copied()
            }),
            Event::ResourceCreated {
                id,
                kind: ResourceKind::UserAssignedIdentity,
            } => events.iter().position(|e| {
                matches!(e, Event::ServicePrincipalCreated { source_id, .. } if source_id.eq_ignore_ascii_case(id))
            }),
            _ => None,
        }
    }
}

fn single(target: Target, effect: Effect, announcement: String) -> Step {
    Step {
        cues: vec![Cue { target, effect }],
        announcement,
        cascade: None,
    }
}

fn cues(list: Vec<(Target, Effect)>, announcement: String) -> Step {
    Step {
        cues: list
            .into_iter()
            .map(|(target, effect)| Cue { target, effect })
            .collect(),
        announcement,
        cascade: None,
    }
}

/// The step of one event, or of one event and its partner (see [`Pairs`]).
fn step_for(book: &At<'_>, event: &Event, partner: Option<&Event>) -> Step {
    match (event, partner) {
        // MI-1.1: the badge and the service principal appear together.
        (
            Event::SystemIdentityEnabled {
                resource_id,
                principal_id,
            },
            Some(_),
        )
        | (
            Event::ServicePrincipalCreated { .. },
            Some(Event::SystemIdentityEnabled {
                resource_id,
                principal_id,
            }),
        ) => cues(
            vec![
                (badge(resource_id), Effect::Appear),
                (principal(*principal_id), Effect::Appear),
            ],
            format!(
                "{}'s system-assigned identity and its service principal were created.",
                short_name(resource_id)
            ),
        ),
        // MI-1.1 / MI-1.3: with the resource or turned off, badge and principal leave together.
        (
            Event::SystemIdentityDisabled {
                resource_id,
                principal_id,
            },
            Some(_),
        )
        | (
            Event::ServicePrincipalDeleted { .. },
            Some(Event::SystemIdentityDisabled {
                resource_id,
                principal_id,
            }),
        ) => cues(
            vec![
                (badge(resource_id), Effect::FadeOut),
                (principal(*principal_id), Effect::FadeOut),
            ],
            format!(
                "{}'s system-assigned identity and its service principal were deleted.",
                short_name(resource_id)
            ),
        ),
        // MI-2.1: a user-assigned identity comes with its service principal…
        (
            Event::ResourceCreated { id, .. },
            Some(Event::ServicePrincipalCreated { object_id, .. }),
        )
        | (
            Event::ServicePrincipalCreated { object_id, .. },
            Some(Event::ResourceCreated { id, .. }),
        ) => cues(
            vec![
                (resource(id), Effect::Appear),
                (principal(*object_id), Effect::Appear),
            ],
            format!(
                "User-assigned identity {} was created{}, with its service principal in Entra ID.",
                short_name(id),
                in_group(id)
            ),
        ),
        // …and goes with it (MI-2.2: the references to it stay, see `dangling_step`).
        (
            Event::ServicePrincipalDeleted { object_id, .. },
            Some(Event::ResourceDeleted { id, .. }),
        ) => cues(
            vec![
                (resource(id), Effect::FadeOut),
                (principal(*object_id), Effect::FadeOut),
            ],
            format!(
                "User-assigned identity {} and its service principal were deleted.",
                short_name(id)
            ),
        ),
        (event, _) => lone_step(book, event),
    }
}

/// The step of an event that animates on its own.
fn lone_step(book: &At<'_>, event: &Event) -> Step {
    match event {
        Event::SubscriptionAdded { id, name } => single(
            Target::Scope {
                scope: format!("/subscriptions/{id}"),
            },
            Effect::Appear,
            format!("Subscription {name} was added."),
        ),
        Event::ManagementGroupCreated { name } => single(
            Target::Scope {
                scope: management_group(name),
            },
            Effect::Appear,
            format!("Management group {name} was created."),
        ),
        Event::SubscriptionMoved {
            subscription,
            management_group: group,
        } => cues(
            vec![
                (
                    Target::Scope {
                        scope: format!("/subscriptions/{subscription}"),
                    },
                    Effect::Highlight,
                ),
                (
                    Target::Scope {
                        scope: management_group(group),
                    },
                    Effect::Highlight,
                ),
            ],
            format!("Subscription {subscription} was moved under management group {group}."),
        ),
        Event::ResourceGroupCreated { id } => single(
            Target::Group { id: id.clone() },
            Effect::Appear,
            format!("Resource group {} was created.", short_name(id)),
        ),
        Event::ResourceGroupDeleted { id } => single(
            Target::Group { id: id.clone() },
            Effect::FadeOut,
            format!(
                "Resource group {} was deleted, after everything in it.",
                short_name(id)
            ),
        ),
        Event::ResourceCreated { id, kind } => single(
            resource(id),
            Effect::Appear,
            format!(
                "{} {} was created{}.",
                kind.label(),
                short_name(id),
                in_group(id)
            ),
        ),
        Event::ResourceDeleted { id, kind } => single(
            resource(id),
            Effect::FadeOut,
            format!("{} {} was deleted.", kind.label(), short_name(id)),
        ),
        Event::ContainerCreated { id } => single(
            Target::Container { scope: id.clone() },
            Effect::Appear,
            format!(
                "Blob container {} was created in {}.",
                short_name(id),
                Scope::parse(id)
                    .ok()
                    .and_then(|s| s.resource_scope())
                    .map(|r| r.name().to_string())
                    .unwrap_or_default()
            ),
        ),
        Event::SystemIdentityEnabled { resource_id, .. } => single(
            badge(resource_id),
            Effect::Appear,
            format!(
                "{}'s system-assigned identity was turned on.",
                short_name(resource_id)
            ),
        ),
        Event::SystemIdentityDisabled { resource_id, .. } => single(
            badge(resource_id),
            Effect::FadeOut,
            format!(
                "{}'s system-assigned identity was turned off.",
                short_name(resource_id)
            ),
        ),
        Event::UserIdentityAttached {
            resource_id,
            identity_id,
        } => single(
            link(resource_id, identity_id),
            Effect::Appear,
            format!(
                "User-assigned identity {} was attached to {}.",
                short_name(identity_id),
                short_name(resource_id)
            ),
        ),
        Event::UserIdentityDetached {
            resource_id,
            identity_id,
        } => single(
            link(resource_id, identity_id),
            Effect::FadeOut,
            format!(
                "User-assigned identity {} was detached from {}; the identity stays.",
                short_name(identity_id),
                short_name(resource_id)
            ),
        ),
        Event::IdentityReferenceDangling {
            resource_id,
            identity_id,
        } => dangling_step(identity_id, &[resource_id.as_str()]),
        Event::ServicePrincipalCreated {
            object_id,
            display_name,
            ..
        } => single(
            principal(*object_id),
            Effect::Appear,
            format!("Service principal {display_name} was created in Entra ID."),
        ),
        Event::ServicePrincipalDeleted {
            object_id,
            display_name,
            ..
        } => single(
            principal(*object_id),
            Effect::FadeOut,
            format!("Service principal {display_name} was deleted from Entra ID."),
        ),
        Event::RoleAssignmentCreated {
            name,
            principal_id,
            role,
            scope,
        } => single(
            Target::Assignment { name: *name },
            Effect::Appear,
            format!(
                "{role} was assigned to {} at {}.",
                book.label(*principal_id),
                scope_text(scope)
            ),
        ),
        Event::RoleAssignmentDeleted {
            name,
            principal_id,
            role,
            scope,
            cause,
        } => {
            let why = deleted_with(*cause);
            single(
                Target::Assignment { name: *name },
                Effect::FadeOut,
                format!(
                    "The {role} assignment for {} at {} was deleted{why}.",
                    book.label(*principal_id),
                    scope_text(scope)
                ),
            )
        }
        Event::RoleAssignmentOrphaned { principal_id, .. } => {
            orphaned_step(book, *principal_id, &[event])
        }
        Event::DenyAssignmentCreated { id, name, scope } => single(
            Target::DenyAssignment {
                id: *id,
                scope: scope.clone(),
            },
            Effect::Appear,
            format!(
                "Deny assignment {name} was created at {}.",
                scope_text(scope)
            ),
        ),
        Event::AccessPolicySet {
            vault_id,
            object_id,
        } => single(
            Target::AccessPolicy {
                vault_id: vault_id.clone(),
                object_id: *object_id,
            },
            Effect::Appear,
            format!(
                "An access policy for {} was set on key vault {}.",
                book.label(*object_id),
                short_name(vault_id)
            ),
        ),
        Event::AccessPolicyRemoved {
            vault_id,
            object_id,
        } => single(
            Target::AccessPolicy {
                vault_id: vault_id.clone(),
                object_id: *object_id,
            },
            Effect::FadeOut,
            format!(
                "The access policy for {} was removed from key vault {}.",
                book.label(*object_id),
                short_name(vault_id)
            ),
        ),
        Event::VaultPermissionModelChanged { vault_id, model } => {
            let now = match model {
                VaultPermissionModel::Rbac => "Azure RBAC; its access policies no longer count",
                VaultPermissionModel::AccessPolicies => {
                    "access policies; its role assignments for data no longer count"
                }
            };
            single(
                resource(vault_id),
                Effect::Highlight,
                format!("Key vault {} now uses {now}.", short_name(vault_id)),
            )
        }
        Event::FederatedCredentialCreated { identity_id, name } => single(
            Target::FederatedCredential {
                identity_id: identity_id.clone(),
                name: name.clone(),
            },
            Effect::Appear,
            format!(
                "Federated credential {name} was added to {}.",
                short_name(identity_id)
            ),
        ),
        Event::FederatedCredentialDeleted { identity_id, name } => single(
            Target::FederatedCredential {
                identity_id: identity_id.clone(),
                name: name.clone(),
            },
            Effect::FadeOut,
            format!(
                "Federated credential {name} was deleted from {}.",
                short_name(identity_id)
            ),
        ),
        Event::TokenIssued {
            requester_id,
            principal_id,
            audience,
        } => {
            let mut list = vec![(resource(requester_id), Effect::Highlight)];
            // The identity the token is for: the badge, or the link to the user-assigned one.
            if let Some(p) = book.principal(principal_id) {
                let own = p.source_id.eq_ignore_ascii_case(requester_id);
                if own && !p.user_assigned {
                    list.push((badge(requester_id), Effect::Highlight));
                } else if !own {
                    list.push((link(requester_id, &p.source_id), Effect::Highlight));
                }
            }
            list.push((principal(*principal_id), Effect::Highlight));
            cues(
                list,
                format!(
                    "Code on {} got a token for {audience} as {}.",
                    short_name(requester_id),
                    book.label(*principal_id)
                ),
            )
        }
        Event::TokenRequestFailed { requester_id, code } => single(
            resource(requester_id),
            Effect::Refuse,
            format!(
                "The token request from code on {} failed: {}.",
                short_name(requester_id),
                plain(code)
            ),
        ),
        Event::AccessDecided {
            principal_id,
            operation,
            scope,
            allowed,
            reason,
            ..
        } => {
            let effect = if *allowed {
                Effect::Highlight
            } else {
                Effect::Refuse
            };
            let mut list = Vec::new();
            if let Some(p) = principal_id {
                list.push((principal(*p), effect));
            }
            list.push((scope_target(scope), effect));
            let who = principal_id.map_or_else(|| "no identity".to_string(), |p| book.label(p));
            let verdict = if *allowed { "allowed" } else { "denied" };
            cues(
                list,
                format!(
                    "Access check {verdict}: {} at {} for {who} ({}).",
                    operation_name(operation),
                    scope_text(scope),
                    plain(reason)
                ),
            )
        }
        Event::UserCreated {
            object_id,
            user_principal_name,
        } => single(
            principal(*object_id),
            Effect::Appear,
            format!("User {user_principal_name} was created in Entra ID."),
        ),
        Event::UserDeleted {
            object_id,
            user_principal_name,
        } => single(
            principal(*object_id),
            Effect::FadeOut,
            format!("User {user_principal_name} was deleted from Entra ID."),
        ),
        Event::GroupCreated {
            object_id,
            display_name,
        } => single(
            principal(*object_id),
            Effect::Appear,
            format!("Security group {display_name} was created in Entra ID."),
        ),
        Event::GroupDeleted {
            object_id,
            display_name,
        } => single(
            principal(*object_id),
            Effect::FadeOut,
            format!("Security group {display_name} was deleted; its members lose what it granted."),
        ),
        Event::GroupMemberAdded {
            group_id,
            group_name,
            member_id,
        }
        | Event::GroupMemberRemoved {
            group_id,
            group_name,
            member_id,
        } => {
            let change = if matches!(event, Event::GroupMemberAdded { .. }) {
                format!("joined group {group_name} and now gets its role assignments")
            } else {
                format!("left group {group_name}; its role assignments no longer apply")
            };
            cues(
                vec![
                    (principal(*group_id), Effect::Highlight),
                    (principal(*member_id), Effect::Highlight),
                ],
                format!("{} {change}.", book.label(*member_id)),
            )
        }
        Event::ApplicationCreated {
            object_id,
            display_name,
            ..
        } => single(
            principal(*object_id),
            Effect::Appear,
            format!("App registration {display_name} was created."),
        ),
        Event::ApplicationDeleted {
            object_id,
            display_name,
            ..
        } => single(
            principal(*object_id),
            Effect::FadeOut,
            format!("App registration {display_name} was deleted."),
        ),
        Event::CredentialAdded { app_id, .. } => single(
            principal(*app_id),
            Effect::Highlight,
            format!(
                "A client secret was added to {}: whoever holds it can sign in as the app until it expires.",
                book.label(*app_id)
            ),
        ),
        Event::CredentialRemoved { app_id, .. } => single(
            principal(*app_id),
            Effect::Highlight,
            format!("A client secret of {} was deleted.", book.label(*app_id)),
        ),
        Event::ContainerDeleted { id } => single(
            Target::Container { scope: id.clone() },
            Effect::FadeOut,
            format!(
                "Blob container {} was deleted with its blobs.",
                short_name(id)
            ),
        ),
        // Blobs are not drawn: their container flashes.
        Event::BlobWritten { container_id, name } => single(
            Target::Container {
                scope: container_id.clone(),
            },
            Effect::Highlight,
            format!(
                "Blob {name} was written to container {}.",
                short_name(container_id)
            ),
        ),
        Event::BlobDeleted { container_id, name } => single(
            Target::Container {
                scope: container_id.clone(),
            },
            Effect::Highlight,
            format!(
                "Blob {name} was deleted from container {}.",
                short_name(container_id)
            ),
        ),
        Event::StorageKeyRenewed { account_id, key } => single(
            resource(account_id),
            Effect::Highlight,
            format!(
                "Key {} of storage account {} was renewed: whoever still holds its old value is refused.",
                key.key_name(),
                short_name(account_id)
            ),
        ),
        Event::SharedKeyAccessChanged { account_id, access } => single(
            resource(account_id),
            Effect::Highlight,
            match access {
                SharedKeyAccess::Allowed => format!(
                    "Storage account {} accepts account keys again.",
                    short_name(account_id)
                ),
                SharedKeyAccess::Disabled => format!(
                    "Storage account {} now refuses account keys; only Entra ID sign-in works.",
                    short_name(account_id)
                ),
            },
        ),
        Event::SecretSet {
            vault_id, name, ..
        } => single(
            resource(vault_id),
            Effect::Highlight,
            format!(
                "Secret {name} was set in key vault {}.",
                short_name(vault_id)
            ),
        ),
        Event::SecretDeleted { vault_id, name } => single(
            resource(vault_id),
            Effect::Highlight,
            format!(
                "Secret {name} was deleted from key vault {}; it can still be recovered.",
                short_name(vault_id)
            ),
        ),
        Event::SecretRecovered { vault_id, name } => single(
            resource(vault_id),
            Effect::Highlight,
            format!(
                "Secret {name} was recovered in key vault {}.",
                short_name(vault_id)
            ),
        ),
        Event::SecretPurged { vault_id, name } => single(
            resource(vault_id),
            Effect::Highlight,
            format!(
                "Secret {name} was purged from key vault {} for good.",
                short_name(vault_id)
            ),
        ),
        Event::HostChanged { host } => match host {
            Host::Local => cues(
                Vec::new(),
                "The following statements run on your own machine.".to_string(),
            ),
            Host::Resource(id) => single(
                resource(id),
                Effect::Highlight,
                format!("The following statements run on {}.", short_name(id)),
            ),
        },
        Event::SignedIn {
            principal_id, name, ..
        } => single(
            principal(*principal_id),
            Effect::Highlight,
            format!("{} signed in to az as {name}.", book.label(*principal_id)),
        ),
        Event::SignedOut { principal_id, .. } => single(
            principal(*principal_id),
            Effect::Highlight,
            format!("{} signed out of az.", book.label(*principal_id)),
        ),
        Event::AuthorizationFailed {
            principal_id,
            operation,
            scope,
        } => cues(
            vec![
                (principal(*principal_id), Effect::Refuse),
                (scope_target(scope), Effect::Refuse),
            ],
            format!(
                "Azure refused {} at {} for {}: no role grants it.",
                operation_name(operation),
                scope_text(scope),
                book.label(*principal_id)
            ),
        ),
    }
}

/// MI-1.5: the principal's assignments stay, drawn as "Identity not found", and grant nothing.
fn orphaned_step(book: &At<'_>, principal: Guid, run: &[&Event]) -> Step {
    let mut list = Vec::new();
    let mut parts = Vec::new();
    for event in run {
        if let Event::RoleAssignmentOrphaned {
            name, role, scope, ..
        } = event
        {
            list.push((Target::Assignment { name: *name }, Effect::Break));
            parts.push((role.as_str(), scope_text(scope)));
        }
    }
    let who = book.label(principal);
    let announcement = match parts.as_slice() {
        [(role, at)] => format!(
            "The {role} assignment for {who} at {at} now shows 'Identity not found': it stays and grants nothing."
        ),
        many => format!(
            "{} role assignments for {who} now show 'Identity not found' ({}): they stay and grant nothing.",
            many.len(),
            many.iter()
                .map(|(role, at)| format!("{role} at {at}"))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    };
    cues(list, announcement)
}

/// MI-2.2: the resources still reference the deleted identity; their links break.
fn dangling_step(identity_id: &str, users: &[&str]) -> Step {
    let list = users
        .iter()
        .map(|user| (link(user, identity_id), Effect::Break))
        .collect();
    let names: Vec<&str> = users.iter().map(|u| short_name(u)).collect();
    let verb = if names.len() == 1 {
        "references"
    } else {
        "reference"
    };
    cues(
        list,
        format!(
            "{} still {verb} the deleted identity {}: the link shows 'Identity not found' and token requests for it fail until it is removed.",
            join(&names),
            short_name(identity_id)
        ),
    )
}

/// MI-2.1: a deleted resource lets go of its user-assigned identities, which stay.
fn snap_step(resource_id: &str, identities: &[String]) -> Step {
    let list = identities
        .iter()
        .map(|identity| (link(resource_id, identity), Effect::Snap))
        .collect();
    let names: Vec<&str> = identities.iter().map(|i| short_name(i)).collect();
    let announcement = match names.as_slice() {
        [one] => format!(
            "{}'s link to user-assigned identity {one} snapped; {one} stays, with its role assignments.",
            short_name(resource_id)
        ),
        many => format!(
            "{}'s links to user-assigned identities {} snapped; the identities stay, with their role assignments.",
            short_name(resource_id),
            join(many)
        ),
    };
    cues(list, announcement)
}

/// Marks the steps of each resource group's deletion. `az group delete` deletes the group's
/// contents first, each with its own events, then the group; so the steps of one statement
/// before a `ResourceGroupDeleted` (and after the previous one) are its cascade. Their order is
/// the core's, which is Resource Manager's (`World::deletion_order`, following
/// azure-resource-manager/management/delete-resource-group: dependants first, user-assigned
/// identities last), with each resource's consequences (MI-1.1, MI-1.5, MI-2.2) right before it.
fn mark_cascades(events: &[Event], steps: Vec<(usize, Step)>) -> Vec<Step> {
    let ends: Vec<(usize, &str)> = events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match e {
            Event::ResourceGroupDeleted { id } => Some((i, id.as_str())),
            _ => None,
        })
        .collect();
    let group_of = |first_event: usize| {
        ends.iter()
            .find(|(end, _)| *end >= first_event)
            .map(|(_, id)| *id)
    };
    let mut totals: BTreeMap<&str, usize> = BTreeMap::new();
    for (first, _) in &steps {
        if let Some(group) = group_of(*first) {
            *totals.entry(group).or_default() += 1;
        }
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    steps
        .into_iter()
        .map(|(first, mut step)| {
            if let Some(group) = group_of(first) {
                let position = seen.entry(group).or_default();
                *position += 1;
                step.cascade = Some(Cascade {
                    group_id: group.to_string(),
                    position: *position,
                    total: totals.get(group).copied().unwrap_or(*position),
                });
            }
            step
        })
        .collect()
}

fn badge(resource_id: &str) -> Target {
    Target::Badge {
        resource_id: resource_id.to_string(),
    }
}

fn principal(object_id: Guid) -> Target {
    Target::Principal { object_id }
}

fn resource(id: &str) -> Target {
    Target::Resource { id: id.to_string() }
}

fn link(resource_id: &str, identity_id: &str) -> Target {
    Target::Link {
        resource_id: resource_id.to_string(),
        identity_id: identity_id.to_string(),
    }
}

fn management_group(name: &str) -> String {
    format!("/providers/Microsoft.Management/managementGroups/{name}")
}

/// The diagram object a scope is drawn as.
fn scope_target(scope: &str) -> Target {
    match Scope::parse(scope).map(|s| s.level()) {
        Ok(ScopeLevel::ResourceGroup) => Target::Group {
            id: scope.to_string(),
        },
        Ok(ScopeLevel::Resource) => Target::Resource {
            id: scope.to_string(),
        },
        Ok(ScopeLevel::Child) => Target::Container {
            scope: scope.to_string(),
        },
        _ => Target::Scope {
            scope: scope.to_string(),
        },
    }
}

/// The friendly name in lower case ("read blobs"), or the operation string.
fn operation_name(operation: &str) -> String {
    operations::find(operation)
        .map(|op| lower_first(op.friendly))
        .unwrap_or_else(|| operation.to_string())
}

fn plain(code: &str) -> String {
    Reason::parse(code)
        .map(|r| r.plain().to_string())
        .unwrap_or_else(|| code.to_string())
}

/// "a", "a and b", "a, b and c".
fn join(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};

    use super::*;
    use crate::sim::script::session::Session;
    use crate::view::testing::run;

    /// The motion of the script's last statement.
    fn last(script: &str) -> Motion {
        let session = run(script);
        for_statement(&session.records, session.records.len() - 1)
    }

    /// Every statement's announcements, each with its line (and cascade position).
    fn check(script: &str, expect: Expect) {
        let session = run(script);
        let mut out = String::new();
        for (i, record) in session.records.iter().enumerate() {
            for step in for_statement(&session.records, i).steps {
                let place = step
                    .cascade
                    .map(|c| format!(" [{}/{}]", c.position, c.total))
                    .unwrap_or_default();
                out.push_str(&format!("{}{place}: {}\n", record.line, step.announcement));
            }
        }
        expect.assert_eq(&out);
    }

    fn resource_id(session: &Session, name: &str) -> String {
        session
            .world
            .resources_named(name)
            .next()
            .map(|r| r.id.clone())
            .unwrap_or_default()
    }

    fn principal_of(session: &Session, name: &str) -> Guid {
        session
            .world
            .directory
            .by_display_name(name)
            .next()
            .map(|p| p.object_id)
            .unwrap_or_default()
    }

    fn effects(step: &Step) -> Vec<(String, Effect)> {
        step.cues
            .iter()
            .map(|c| (c.target.key(), c.effect))
            .collect()
    }

    const GROUP: &str = "az group create -n rg1 -l westeurope\n";

    #[test]
    fn creation_grows_in() {
        let script = format!("{GROUP}az storage account create -g rg1 -n st1");
        let session = run(&script);
        let motion = for_statement(&session.records, 1);
        assert_eq!(motion.len(), 1);
        assert_eq!(
            effects(&motion.steps[0]),
            [(
                format!("resource:{}", resource_id(&session, "st1")),
                Effect::Appear
            )]
        );
        assert_eq!(
            motion.steps[0].announcement,
            "Storage account st1 was created in rg1."
        );
        let group = for_statement(&session.records, 0);
        assert_eq!(group.steps[0].cues[0].effect, Effect::Appear);
        assert!(matches!(
            group.steps[0].cues[0].target,
            Target::Group { .. }
        ));
    }

    #[test]
    fn a_system_assigned_identity_and_its_service_principal_appear_in_one_step() {
        let script =
            format!("{GROUP}az vm create -g rg1 -n vm1\naz vm identity assign -g rg1 -n vm1");
        let session = run(&script);
        let motion = for_statement(&session.records, 2);
        let vm1 = resource_id(&session, "vm1");
        let principal = principal_of(&session, "vm1");
        assert_eq!(motion.len(), 1, "{motion:#?}");
        assert_eq!(
            effects(&motion.steps[0]),
            [
                (format!("badge:{vm1}"), Effect::Appear),
                (format!("principal:{principal}"), Effect::Appear),
            ]
        );
        assert_eq!(
            motion.steps[0].announcement,
            "vm1's system-assigned identity and its service principal were created."
        );
        // Created with the VM: the card first, then badge and principal together.
        let created = last(&format!(
            "{GROUP}az vm create -g rg1 -n vm1 --assign-identity"
        ));
        assert_eq!(created.len(), 2);
        assert_eq!(created.steps[1].cues.len(), 2);
    }

    const VM_WITH_UAMI: &str = r#"az group create -n rg1 -l westeurope
az identity create -g rg1 -n id-app
az vm create -g rg1 -n vm1 --assign-identity [system] id-app
az storage account create -g rg1 -n st1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)
az role assignment create --assignee $(az identity show -g rg1 -n id-app --query principalId -o tsv) --role Reader --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)
"#;

    #[test]
    fn deleting_a_resource_fades_its_identity_and_snaps_the_user_assigned_link() {
        let session = run(&format!("{VM_WITH_UAMI}az vm delete -g rg1 -n vm1 --yes"));
        let motion = for_statement(&session.records, session.records.len() - 1);
        let before = run(VM_WITH_UAMI);
        let vm1 = resource_id(&before, "vm1");
        let uami = resource_id(&before, "id-app");
        let sami = principal_of(&before, "vm1");
        let steps: Vec<Vec<(String, Effect)>> = motion.steps.iter().map(effects).collect();
        assert_eq!(steps.len(), 4, "{motion:#?}");
        // MI-1.1: badge and service principal fade out together; the principal leaves Entra.
        assert_eq!(
            steps[0],
            [
                (format!("badge:{vm1}"), Effect::FadeOut),
                (format!("principal:{sami}"), Effect::FadeOut),
            ]
        );
        assert_eq!(
            motion.steps[0].announcement,
            "vm1's system-assigned identity and its service principal were deleted."
        );
        // MI-1.5: its assignment stays, broken.
        assert_eq!(steps[1].len(), 1);
        assert_eq!(steps[1][0].1, Effect::Break);
        // MI-2.1: the user-assigned identity stays; only its link snaps.
        assert_eq!(steps[2], [(format!("link:{vm1}|{uami}"), Effect::Snap)]);
        assert_eq!(steps[3], [(format!("resource:{vm1}"), Effect::FadeOut)]);
        let uami_principal = principal_of(&before, "id-app");
        assert!(motion.steps.iter().flat_map(|s| &s.cues).all(|c| {
            c.target != Target::Resource { id: uami.clone() }
                && c.target
                    != Target::Principal {
                        object_id: uami_principal,
                    }
        }));
    }

    #[test]
    fn playback_of_a_deletion_fades_things_out_of_the_world_before() {
        let session = run(&format!("{VM_WITH_UAMI}az vm delete -g rg1 -n vm1 --yes"));
        let motion = for_statement(&session.records, session.records.len() - 1);
        let before = run(VM_WITH_UAMI);
        let vm1 = resource_id(&before, "vm1");
        let uami = resource_id(&before, "id-app");
        let sami = principal_of(&before, "vm1");
        assert!(motion.draws_before());
        let badge = format!("badge:{vm1}");
        let sp = format!("principal:{sami}");
        let link = format!("link:{vm1}|{uami}");
        let card = format!("resource:{vm1}");
        // Step 0: the badge and its principal fade together; the rest still stands.
        let first = motion.frame(0);
        assert_eq!(first.phase(&badge), Some(Phase::Leaving));
        assert_eq!(first.phase(&sp), Some(Phase::Leaving));
        assert_eq!(first.phase(&link), None);
        assert_eq!(first.phase(&card), None);
        // Step 2: the badge is gone, the link snaps; the card is still there.
        let third = motion.frame(2);
        assert_eq!(third.phase(&badge), Some(Phase::Gone));
        assert_eq!(third.phase(&link), Some(Phase::Breaking));
        assert_eq!(third.phase(&card), None);
        // Past the end: everything deleted is gone; the orphaned arrow is broken.
        let done = motion.frame(motion.len());
        assert_eq!(done.phase(&card), Some(Phase::Gone));
        assert_eq!(done.class(&link), Some("cue-gone"));
        let arrow = &motion.steps[1].cues[0].target.key();
        assert_eq!(done.phase(arrow), Some(Phase::Broken));
    }

    #[test]
    fn playback_of_a_creation_grows_things_into_the_world_after() {
        let created = run("az group create -n rg2 -l westeurope\naz vm create -g rg2 -n vm2 --assign-identity [system]\n");
        let motion = for_statements(&created.records, 0..created.records.len());
        assert!(!motion.draws_before());
        let vm2 = resource_id(&created, "vm2");
        let card = format!("resource:{vm2}");
        let badge = format!("badge:{vm2}");
        let step_of = |key: &str| {
            motion
                .steps
                .iter()
                .position(|s| s.cues.iter().any(|c| c.target.key() == key))
        };
        let card_step = step_of(&card).expect("the card grows in");
        let badge_step = step_of(&badge).expect("the badge grows in");
        assert!(card_step <= badge_step, "{motion:#?}");
        if badge_step > 0 {
            assert_eq!(motion.frame(0).phase(&badge), Some(Phase::Pending));
        }
        assert_eq!(
            motion.frame(badge_step).phase(&badge),
            Some(Phase::Entering)
        );
        assert!(motion.frame(motion.len()).is_empty());
        // A statement past the end of the script has no motion.
        assert!(for_statement(&created.records, created.records.len()).is_empty());
    }

    #[test]
    fn an_orphaned_assignment_breaks_with_identity_not_found() {
        let motion = last(&format!(
            "{VM_WITH_UAMI}az vm identity remove -g rg1 -n vm1 --identities [system]"
        ));
        assert_eq!(motion.len(), 2, "{motion:#?}");
        assert!(motion.steps[0]
            .cues
            .iter()
            .all(|c| c.effect == Effect::FadeOut));
        let broken = &motion.steps[1];
        assert!(matches!(
            broken.cues.as_slice(),
            [Cue {
                target: Target::Assignment { .. },
                effect: Effect::Break
            }]
        ));
        assert_eq!(
            broken.announcement,
            "The Storage Blob Data Reader assignment for vm1 (system-assigned, deleted) at st1 now shows 'Identity not found': it stays and grants nothing."
        );
    }

    #[test]
    fn a_dangling_user_assigned_reference_breaks() {
        let session = run(&format!(
            "{VM_WITH_UAMI}az identity delete -g rg1 -n id-app"
        ));
        let motion = for_statement(&session.records, session.records.len() - 1);
        let before = run(VM_WITH_UAMI);
        let vm1 = resource_id(&before, "vm1");
        let uami = resource_id(&before, "id-app");
        let steps: Vec<Vec<(String, Effect)>> = motion.steps.iter().map(effects).collect();
        assert_eq!(steps.len(), 3, "{motion:#?}");
        // MI-2.1: card and service principal leave together.
        assert_eq!(
            steps[0],
            [
                (format!("resource:{uami}"), Effect::FadeOut),
                (
                    format!("principal:{}", principal_of(&before, "id-app")),
                    Effect::FadeOut
                ),
            ]
        );
        assert_eq!(steps[1][0].1, Effect::Break);
        // MI-2.2: the reference stays on vm1, broken.
        assert_eq!(steps[2], [(format!("link:{vm1}|{uami}"), Effect::Break)]);
        assert_eq!(
            motion.steps[2].announcement,
            "vm1 still references the deleted identity id-app: the link shows 'Identity not found' and token requests for it fail until it is removed."
        );
    }

    #[test]
    fn a_resource_group_deletion_cascades_one_object_at_a_time_in_the_core_order() {
        let session = run(&format!("{VM_WITH_UAMI}az group delete -n rg1 --yes"));
        let record = session.records.last().expect("a record");
        let motion = for_statement(&session.records, session.records.len() - 1);
        let before = run(VM_WITH_UAMI);
        let group = before.world.group("rg1").expect("rg1").id();
        // Every step belongs to the cascade, numbered in order.
        for (i, step) in motion.steps.iter().enumerate() {
            let cascade = step.cascade.as_ref().expect("in the cascade");
            assert_eq!(cascade.group_id, group);
            assert_eq!((cascade.position, cascade.total), (i + 1, motion.len()));
        }
        // Resources leave one per step, in the order Resource Manager deletes them.
        let faded: Vec<String> = motion
            .steps
            .iter()
            .filter_map(|s| match s.cues.as_slice() {
                [Cue {
                    target: Target::Resource { id },
                    effect: Effect::FadeOut,
                }] => Some(id.clone()),
                [Cue {
                    target: Target::Resource { id },
                    effect: Effect::FadeOut,
                }, Cue {
                    target: Target::Principal { .. },
                    effect: Effect::FadeOut,
                }] => Some(id.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(faded, before.world.deletion_order("rg1"));
        let emitted: Vec<&String> = record
            .events
            .iter()
            .filter_map(|e| match e {
                Event::ResourceDeleted { id, .. } => Some(id),
                _ => None,
            })
            .collect();
        assert_eq!(faded.iter().collect::<Vec<_>>(), emitted);
        let last = motion.steps.last().expect("a step");
        assert_eq!(effects(last), [(format!("group:{group}"), Effect::FadeOut)]);
    }

    #[test]
    fn system_assigned_lifecycle_announcements() {
        check(
            r#"az group create -n rg1 -l westeurope
az vm create -g rg1 -n vm1
az storage account create -g rg1 -n st1
az vm identity assign -g rg1 -n vm1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)
mip check --from vm1 --action 'Read blobs' --scope st1
az vm identity remove -g rg1 -n vm1 --identities [system]
mip token --from vm1 --resource https://storage.azure.com/
az vm identity assign -g rg1 -n vm1
az role assignment delete --scope $(az storage account show -g rg1 -n st1 --query id -o tsv) --role 'Storage Blob Data Reader' --all
az vm delete -g rg1 -n vm1 --yes
"#,
            expect![[r#"
                1: Resource group rg1 was created.
                2: Virtual machine vm1 was created in rg1.
                3: Storage account st1 was created in rg1.
                4: vm1's system-assigned identity and its service principal were created.
                5: Storage Blob Data Reader was assigned to vm1 (system-assigned) at st1.
                6: Code on vm1 got a token for https://storage.azure.com/ as vm1 (system-assigned).
                6: Access check allowed: read blobs at st1 for vm1 (system-assigned) (a role assignment grants it).
                7: vm1's system-assigned identity and its service principal were deleted.
                7: The Storage Blob Data Reader assignment for vm1 (system-assigned, deleted) at st1 now shows 'Identity not found': it stays and grants nothing.
                8: The token request from code on vm1 failed: the resource has no managed identity.
                9: vm1's system-assigned identity and its service principal were created.
                10: The Storage Blob Data Reader assignment for vm1 (system-assigned, deleted) at st1 was deleted.
                11: vm1's system-assigned identity and its service principal were deleted.
                11: Virtual machine vm1 was deleted.
            "#]],
        );
    }

    #[test]
    fn resource_group_cascade_announcements() {
        check(
            &format!(
                "{VM_WITH_UAMI}az storage container create --account-name st1 -n logs\naz group create -n rg2 -l westeurope\naz vm create -g rg2 -n outside --assign-identity id-app\naz group delete -n rg1 --yes"
            ),
            expect![[r#"
                1: Resource group rg1 was created.
                2: User-assigned identity id-app was created in rg1, with its service principal in Entra ID.
                3: Virtual machine vm1 was created in rg1.
                3: vm1's system-assigned identity and its service principal were created.
                3: User-assigned identity id-app was attached to vm1.
                4: Storage account st1 was created in rg1.
                5: Storage Blob Data Reader was assigned to vm1 (system-assigned) at st1.
                6: Reader was assigned to id-app (user-assigned) at st1.
                7: Blob container logs was created in st1.
                8: Resource group rg2 was created.
                9: Virtual machine outside was created in rg2.
                9: User-assigned identity id-app was attached to outside.
                10 [1/10]: vm1's system-assigned identity and its service principal were deleted.
                10 [2/10]: The Storage Blob Data Reader assignment for vm1 (system-assigned, deleted) at st1 now shows 'Identity not found': it stays and grants nothing.
                10 [3/10]: vm1's link to user-assigned identity id-app snapped; id-app stays, with its role assignments.
                10 [4/10]: Virtual machine vm1 was deleted.
                10 [5/10]: The Storage Blob Data Reader assignment for vm1 (system-assigned, deleted) at st1 was deleted with its scope.
                10 [6/10]: The Reader assignment for id-app (user-assigned) at st1 was deleted with its scope.
                10 [7/10]: Storage account st1 was deleted.
                10 [8/10]: User-assigned identity id-app and its service principal were deleted.
                10 [9/10]: outside still references the deleted identity id-app: the link shows 'Identity not found' and token requests for it fail until it is removed.
                10 [10/10]: Resource group rg1 was deleted, after everything in it.
            "#]],
        );
    }

    #[test]
    fn tokens_checks_and_other_changes_have_cues() {
        let session = run(&format!(
            "{VM_WITH_UAMI}mip token --from vm1 --resource https://storage.azure.com/ --msi-res-id id-app\nmip check --from vm1 --action 'Write blobs' --scope st1\naz vm identity remove -g rg1 -n vm1 --identities id-app"
        ));
        let n = session.records.len();
        let vm1 = resource_id(&session, "vm1");
        let uami = resource_id(&session, "id-app");
        let token = for_statement(&session.records, n - 3);
        assert_eq!(
            effects(&token.steps[0]),
            [
                (format!("resource:{vm1}"), Effect::Highlight),
                (format!("link:{vm1}|{uami}"), Effect::Highlight),
                (
                    format!("principal:{}", principal_of(&session, "id-app")),
                    Effect::Highlight
                ),
            ]
        );
        let denied = for_statement(&session.records, n - 2);
        let decided = denied.steps.last().expect("a step");
        assert!(decided.cues.iter().all(|c| c.effect == Effect::Refuse));
        assert_eq!(
            decided.announcement,
            "Access check denied: write blobs at st1 for vm1 (system-assigned) (the assigned roles do not include this operation)."
        );
        let detached = for_statement(&session.records, n - 1);
        assert_eq!(
            effects(&detached.steps[0]),
            [(format!("link:{vm1}|{uami}"), Effect::FadeOut)]
        );
        assert!(for_statement(&session.records, n).is_empty());
    }

    #[test]
    fn step_durations_follow_the_speed_and_reduced_motion() {
        assert_eq!(step_duration_ms(1.0, false), BASE_STEP_MS);
        assert_eq!(step_duration_ms(0.5, false), 1600);
        assert_eq!(step_duration_ms(2.0, false), 400);
        assert_eq!(step_duration_ms(4.0, false), 200);
        assert_eq!(step_duration_ms(0.1, false), 1600);
        assert_eq!(step_duration_ms(100.0, false), 200);
        assert_eq!(step_duration_ms(f64::NAN, false), 800);
        assert_eq!(step_duration_ms(f64::INFINITY, false), 200);
        assert_eq!(step_duration_ms(1.0, true), 0);
        assert_eq!(Timing::new(9.0, false).speed, MAX_SPEED);
        assert_eq!(Timing::default().step_ms(), 800);

        let motion = last(&format!("{VM_WITH_UAMI}az vm delete -g rg1 -n vm1 --yes"));
        let fast = Timing::new(4.0, false);
        assert_eq!(motion.duration_ms(fast), 800);
        assert_eq!(motion.step_at(0, fast), Some(0));
        assert_eq!(motion.step_at(399, fast), Some(1));
        assert_eq!(motion.step_at(799, fast), Some(3));
        assert_eq!(motion.step_at(800, fast), None);
        let reduced = Timing::new(1.0, true);
        assert_eq!(motion.duration_ms(reduced), 0);
        assert_eq!(motion.step_at(0, reduced), None);
    }

    /// EN-9.1, EN-9.3: users, groups and applications announce themselves by name, and group
    /// membership names its members as earlier events introduced them.
    #[test]
    fn entra_changes_are_announced_by_name() {
        check(
            "az group create -n rg1 -l eastus
az vm create -g rg1 -n vm1 --assign-identity
p=$(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv)
u=$(az ad user create --display-name Alice --user-principal-name alice@contoso.onmicrosoft.com --password 'Str0ng!Passw0rd' --query id -o tsv)
g=$(az ad group create --display-name readers --mail-nickname readers --query id -o tsv)
az ad group member add --group readers --member-id $p
az ad group member add --group readers --member-id $u
az ad sp create-for-rbac --name ci
az ad app delete --id $(az ad app list --display-name ci --query [0].appId -o tsv)",
            expect![[r#"
                1: Resource group rg1 was created.
                2: Virtual machine vm1 was created in rg1.
                2: vm1's system-assigned identity and its service principal were created.
                4: User alice@contoso.onmicrosoft.com was created in Entra ID.
                5: Security group readers was created in Entra ID.
                6: vm1 (system-assigned) joined group readers and now gets its role assignments.
                7: alice@contoso.onmicrosoft.com (user) joined group readers and now gets its role assignments.
                8: App registration ci was created.
                8: Service principal ci was created in Entra ID.
                8: A client secret was added to ci (application): whoever holds it can sign in as the app until it expires.
                9: Service principal ci was deleted from Entra ID.
                9: App registration ci was deleted.
            "#]],
        );
    }
}

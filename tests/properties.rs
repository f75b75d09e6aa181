//! Property tests over random scripts: the lifecycle rules of managed identities (MI-1.1, MI-2.1,
//! MI-1.5) hold after every statement, sessions replay exactly (whole, in chunks, and after undo
//! and redo), and access evaluation answers every question without panicking.
//!
//! Scripts are generated as sequences of meaningful operations ([`Op`]) rendered to the `az` and
//! `mip` statements a learner would type. Names come from small pools, so collisions, ambiguous
//! names, re-creation and deleting things that are still in use all happen often. Many generated
//! statements fail (a missing group, an unset variable, an ambiguous name); that is intended: a
//! failure must leave the world as consistent as a success.

use std::collections::BTreeMap;

use mip::sim::directory::PrincipalSource;
use mip::sim::evaluate::{Outcome, Reason, TraceStep};
use mip::sim::event::{DeletionCause, Event};
use mip::sim::ids::Guid;
use mip::sim::operations::{plane_of, OPERATIONS};
use mip::sim::rbac::{PermissionMatch, RoleAssignment};
use mip::sim::resource::ResourceKind;
use mip::sim::scope::Scope;
use mip::sim::script::lexer::parse_script;
use mip::sim::script::session::{without_last_statement, Record, Session};
use mip::sim::world::World;
use proptest::prelude::*;
use proptest::sample::select;

// ----- the operations a script is made of ----------------------------------------------------

const GROUPS: &[&str] = &["rg1", "rg2"];
/// `box1` is a valid name for every kind, so it makes names ambiguous across kinds.
const VMS: &[&str] = &["vm1", "vm2", "box1"];
const APPS: &[&str] = &["app1", "box1"];
const ACCOUNTS: &[&str] = &["st1", "box1"];
const VAULTS: &[&str] = &["kv1", "box1"];
const UAMIS: &[&str] = &["id1", "id2", "box1"];
const CONTAINERS: &[&str] = &["data", "logs"];
/// Every name a statement may refer to, including ones no pool creates.
const ANY_NAME: &[&str] = &[
    "vm1", "vm2", "app1", "st1", "kv1", "id1", "id2", "box1", "rg1", "data", "ghost",
];
/// Names that can have a service principal (MI-1.2: the principal is named after its resource).
const PRINCIPAL_NAMES: &[&str] = &["vm1", "vm2", "app1", "id1", "id2", "box1", "ghost"];
/// Names `--scope` most often meets: groups, resources and a container.
const SCOPE_NAMES: &[&str] = &[
    "rg1", "rg2", "st1", "kv1", "vm1", "id1", "data", "box1", "ghost",
];
const ROLES: &[&str] = &[
    "Reader",
    "Owner",
    "Contributor",
    "Storage Blob Data Reader",
    "Storage Blob Data Contributor",
    "Key Vault Secrets User",
    "Managed Identity Operator",
];
const ACTIONS: &[&str] = &[
    "Read blobs",
    "Get secrets",
    "Microsoft.Storage/storageAccounts/read",
    "Microsoft.Authorization/roleAssignments/write",
    "Microsoft.KeyVault/vaults/secrets/getSecret/action",
    "Microsoft.Compute/virtualMachines/write",
];
const AUDIENCES: &[&str] = &[
    "https://storage.azure.com/",
    "https://vault.azure.net",
    "https://management.azure.com/",
];
/// Principal-id variables `$P0…` and client-id variables `$C0…` that captures fill in.
const PRINCIPAL_VARS: usize = 3;
const CLIENT_VARS: usize = 2;
/// GUIDs that name nothing (until the seeded generator happens to produce one, which it won't).
const STRANGERS: &[&str] = &[
    "00000000-0000-4000-8000-000000000001",
    "0b5e8c1f-6a4e-4c1e-9d7a-2f0c3b4a5d6e",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Vm,
    WebApp,
    Storage,
    Vault,
    Uami,
}

impl Kind {
    fn names(self) -> &'static [&'static str] {
        match self {
            Kind::Vm => VMS,
            Kind::WebApp => APPS,
            Kind::Storage => ACCOUNTS,
            Kind::Vault => VAULTS,
            Kind::Uami => UAMIS,
        }
    }

    fn group_cmd(self) -> &'static str {
        match self {
            Kind::Vm => "az vm",
            Kind::WebApp => "az webapp",
            Kind::Storage => "az storage account",
            Kind::Vault => "az keyvault",
            Kind::Uami => "az identity",
        }
    }
}

/// Resources that can carry managed identities and have `identity assign|remove` commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Holder {
    Vm,
    WebApp,
}

impl Holder {
    fn kind(self) -> Kind {
        match self {
            Holder::Vm => Kind::Vm,
            Holder::WebApp => Kind::WebApp,
        }
    }
}

/// Which identities an `--assign-identity` / `--identities` list names.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ids {
    System,
    User(&'static str),
    Both(&'static str),
}

impl Ids {
    fn render(&self) -> String {
        match self {
            Ids::System => "[system]".to_string(),
            Ids::User(u) => (*u).to_string(),
            Ids::Both(u) => format!("[system] {u}"),
        }
    }
}

/// Who a role assignment or access policy is for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Assignee {
    /// A captured principal id, `$P<n>` (possibly of an identity deleted since).
    Var(usize),
    /// A service principal's display name (the resource's name, MI-1.2).
    Name(&'static str),
    /// A GUID no principal has.
    Stranger(&'static str),
}

impl Assignee {
    fn render(&self) -> String {
        match self {
            Assignee::Var(i) => format!("$P{i}"),
            Assignee::Name(n) => (*n).to_string(),
            Assignee::Stranger(g) => (*g).to_string(),
        }
    }
}

/// How a statement names a scope.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ScopeArg {
    /// A name the playground resolves (resource, group, container…).
    Name(&'static str),
    /// A resource group given as `--resource-group`.
    Group(&'static str),
    /// An ARM id fetched with `$(az … show --query id -o tsv)`.
    IdOf(Kind, &'static str, &'static str),
    Root,
}

impl ScopeArg {
    /// The value after `--scope`.
    fn value(&self) -> String {
        match self {
            ScopeArg::Name(n) | ScopeArg::Group(n) => (*n).to_string(),
            ScopeArg::IdOf(kind, g, n) => format!(
                "$({} show -g {g} -n {n} --query id -o tsv)",
                kind.group_cmd()
            ),
            ScopeArg::Root => "/".to_string(),
        }
    }

    /// The flag and value for `az role assignment create|delete`.
    fn flag(&self) -> String {
        match self {
            ScopeArg::Group(g) => format!("--resource-group {g}"),
            other => format!("--scope {}", other.value()),
        }
    }
}

/// What a capture statement stores.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Capture {
    /// `$P<n>`: the system-assigned principal of a VM or web app.
    System(Holder, &'static str, &'static str),
    /// `$P<n>`: a user-assigned identity's principal.
    UamiPrincipal(&'static str, &'static str),
    /// `$C<n>`: a user-assigned identity's client id.
    UamiClient(&'static str, &'static str),
    /// `$P<n>` the tutorial's way: `az resource list -n NAME --query [*].identity.principalId`.
    ResourceList(&'static str),
}

/// The identity a token request names (TK-3.1 selectors).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Sel {
    Default,
    Client(usize),
    Object(usize),
    ResId(&'static str),
}

impl Sel {
    fn render(&self) -> String {
        match self {
            Sel::Default => String::new(),
            Sel::Client(i) => format!(" --client-id $C{i}"),
            Sel::Object(i) => format!(" --object-id $P{i}"),
            Sel::ResId(n) => format!(" --msi-res-id {n}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Revoke {
    ByAssignee(Assignee),
    ByRoleAt(&'static str, ScopeArg),
    /// The first assignment `az role assignment list --all` shows, by id.
    First,
}

/// One meaningful operation, rendered as one statement.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Group(&'static str),
    DeleteGroup(&'static str),
    Create(Kind, &'static str, &'static str, Option<Ids>),
    Delete(Kind, &'static str, &'static str),
    Assign(Holder, &'static str, &'static str, Ids),
    Remove(Holder, &'static str, &'static str, Ids),
    /// `az vm update --set identity.type=none`.
    IdentityNone(&'static str, &'static str),
    Container(&'static str, &'static str),
    Capture(usize, Capture),
    Grant(Assignee, &'static str, ScopeArg),
    Revoke(Revoke),
    Check(&'static str, &'static str, ScopeArg, Sel),
    Token(&'static str, &'static str, Sel),
    VaultModel(&'static str, bool),
    SetPolicy(&'static str, Assignee),
    Deny(ScopeArg, bool),
    Wait,
}

impl Op {
    fn render(&self) -> String {
        match self {
            Op::Group(g) => format!("az group create -n {g} -l eastus"),
            Op::DeleteGroup(g) => format!("az group delete -n {g} --yes"),
            Op::Create(kind, g, n, ids) => {
                let extra = match kind {
                    Kind::Vm => " --image Ubuntu2204 --generate-ssh-keys",
                    Kind::Vault => " --enable-rbac-authorization false",
                    _ => "",
                };
                let ids = ids.as_ref().map(|i| format!(" --assign-identity {}", i.render())).unwrap_or_default();
                format!("{} create -g {g} -n {n}{extra}{ids}", kind.group_cmd())
            }
            Op::Delete(kind, g, n) => format!("{} delete -g {g} -n {n} --yes", kind.group_cmd()),
            Op::Assign(h, g, n, ids) => {
                format!("{} identity assign -g {g} -n {n} --identities {}", h.kind().group_cmd(), ids.render())
            }
            Op::Remove(h, g, n, ids) => {
                format!("{} identity remove -g {g} -n {n} --identities {}", h.kind().group_cmd(), ids.render())
            }
            Op::IdentityNone(g, n) => format!("az vm update -g {g} -n {n} --set identity.type=none"),
            Op::Container(account, c) => format!("az storage container create --account-name {account} -n {c}"),
            Op::Capture(i, capture) => match capture {
                Capture::System(h, g, n) => {
                    format!("P{i}=$({} show -g {g} -n {n} --query identity.principalId -o tsv)", h.kind().group_cmd())
                }
                Capture::UamiPrincipal(g, n) => format!("P{i}=$(az identity show -g {g} -n {n} --query principalId -o tsv)"),
                Capture::UamiClient(g, n) => format!("C{i}=$(az identity show -g {g} -n {n} --query clientId -o tsv)"),
                Capture::ResourceList(n) => format!("P{i}=$(az resource list -n {n} --query [*].identity.principalId --out tsv)"),
            },
            Op::Grant(who, role, scope) => {
                format!("az role assignment create --assignee {} --role '{role}' {}", who.render(), scope.flag())
            }
            Op::Revoke(Revoke::ByAssignee(who)) => format!("az role assignment delete --assignee {} --all", who.render()),
            Op::Revoke(Revoke::ByRoleAt(role, scope)) => format!("az role assignment delete --role '{role}' {}", scope.flag()),
            Op::Revoke(Revoke::First) => {
                "az role assignment delete --ids $(az role assignment list --all --query [0].id -o tsv)".to_string()
            }
            Op::Check(from, action, scope, sel) => {
                format!("mip check --from {from} --action \"{action}\" --scope {}{}", scope.value(), sel.render())
            }
            Op::Token(from, audience, sel) => format!("mip token --from {from} --resource {audience}{}", sel.render()),
            Op::VaultModel(n, rbac) => format!("az keyvault update -n {n} --enable-rbac-authorization {rbac}"),
            Op::SetPolicy(n, who) => {
                let principal = match who {
                    Assignee::Name(name) => format!("--spn {name}"),
                    other => format!("--object-id {}", other.render()),
                };
                format!("az keyvault set-policy -n {n} {principal} --secret-permissions get list")
            }
            Op::Deny(scope, data) => {
                let what = if *data { "--data-actions 'Microsoft.Storage/*'" } else { "--actions '*/write'" };
                format!("mip deny-assignment create --name guard --scope {} {what}", scope.value())
            }
            Op::Wait => "mip wait 25h".to_string(),
        }
    }
}

/// A name of the kind's pool, most often the first (so that statements usually meet something).
fn name_of(kind: Kind) -> impl Strategy<Value = &'static str> {
    let names = kind.names();
    prop_oneof![3 => Just(names[0]), 2 => select(names)]
}

fn group() -> impl Strategy<Value = &'static str> {
    prop_oneof![3 => Just(GROUPS[0]), 1 => select(GROUPS)]
}

fn kind() -> impl Strategy<Value = Kind> {
    select(
        &[
            Kind::Vm,
            Kind::WebApp,
            Kind::Storage,
            Kind::Vault,
            Kind::Uami,
        ][..],
    )
}

fn holder() -> impl Strategy<Value = Holder> {
    select(&[Holder::Vm, Holder::WebApp][..])
}

fn ids() -> impl Strategy<Value = Ids> {
    prop_oneof![
        2 => Just(Ids::System),
        2 => select(UAMIS).prop_map(Ids::User),
        1 => select(UAMIS).prop_map(Ids::Both),
    ]
}

fn assignee() -> impl Strategy<Value = Assignee> {
    prop_oneof![
        4 => (0..PRINCIPAL_VARS).prop_map(Assignee::Var),
        2 => select(PRINCIPAL_NAMES).prop_map(Assignee::Name),
        1 => select(STRANGERS).prop_map(Assignee::Stranger),
    ]
}

fn scope_arg() -> impl Strategy<Value = ScopeArg> {
    prop_oneof![
        4 => select(SCOPE_NAMES).prop_map(ScopeArg::Name),
        2 => group().prop_map(ScopeArg::Group),
        2 => kind().prop_flat_map(|k| (Just(k), group(), name_of(k))).prop_map(|(k, g, n)| ScopeArg::IdOf(k, g, n)),
        1 => Just(ScopeArg::Root),
    ]
}

fn capture() -> impl Strategy<Value = Capture> {
    prop_oneof![
        3 => holder().prop_flat_map(|h| (Just(h), group(), name_of(h.kind()))).prop_map(|(h, g, n)| Capture::System(h, g, n)),
        3 => (group(), name_of(Kind::Uami)).prop_map(|(g, n)| Capture::UamiPrincipal(g, n)),
        2 => (group(), name_of(Kind::Uami)).prop_map(|(g, n)| Capture::UamiClient(g, n)),
        1 => select(ANY_NAME).prop_map(Capture::ResourceList),
    ]
}

fn selector() -> impl Strategy<Value = Sel> {
    prop_oneof![
        4 => Just(Sel::Default),
        1 => (0..CLIENT_VARS).prop_map(Sel::Client),
        1 => (0..PRINCIPAL_VARS).prop_map(Sel::Object),
        1 => select(UAMIS).prop_map(Sel::ResId),
    ]
}

/// The resource whose code asks for a token: mostly one that has identities.
fn from() -> impl Strategy<Value = &'static str> {
    prop_oneof![3 => select(&["vm1", "app1"][..]), 1 => select(ANY_NAME)]
}

fn op() -> impl Strategy<Value = Op> {
    let create = kind()
        .prop_flat_map(|k| {
            let ids = match k {
                Kind::Vm | Kind::WebApp => proptest::option::of(ids()).boxed(),
                _ => Just(None).boxed(),
            };
            (Just(k), group(), name_of(k), ids)
        })
        .prop_map(|(k, g, n, ids)| Op::Create(k, g, n, ids));
    let delete = kind()
        .prop_flat_map(|k| (Just(k), group(), name_of(k)))
        .prop_map(|(k, g, n)| Op::Delete(k, g, n));
    let assign = holder()
        .prop_flat_map(|h| (Just(h), group(), name_of(h.kind()), ids()))
        .prop_map(|(h, g, n, i)| Op::Assign(h, g, n, i));
    let remove = holder()
        .prop_flat_map(|h| (Just(h), group(), name_of(h.kind()), ids()))
        .prop_map(|(h, g, n, i)| Op::Remove(h, g, n, i));
    let capture = capture().prop_flat_map(|c| {
        let vars = if matches!(c, Capture::UamiClient(..)) {
            CLIENT_VARS
        } else {
            PRINCIPAL_VARS
        };
        (0..vars, Just(c))
    });
    let revoke = prop_oneof![
        2 => assignee().prop_map(Revoke::ByAssignee),
        2 => (select(ROLES), scope_arg()).prop_map(|(r, s)| Revoke::ByRoleAt(r, s)),
        1 => Just(Revoke::First),
    ];
    prop_oneof![
        2 => group().prop_map(Op::Group),
        1 => group().prop_map(Op::DeleteGroup),
        8 => create,
        3 => delete,
        4 => assign,
        3 => remove,
        1 => (group(), name_of(Kind::Vm)).prop_map(|(g, n)| Op::IdentityNone(g, n)),
        1 => (select(ACCOUNTS), select(CONTAINERS)).prop_map(|(a, c)| Op::Container(a, c)),
        4 => capture.prop_map(|(i, c)| Op::Capture(i, c)),
        10 => (assignee(), select(ROLES), scope_arg()).prop_map(|(a, r, s)| Op::Grant(a, r, s)),
        2 => revoke.prop_map(Op::Revoke),
        6 => (from(), select(ACTIONS), scope_arg(), selector()).prop_map(|(f, a, s, sel)| Op::Check(f, a, s, sel)),
        2 => (from(), select(AUDIENCES), selector()).prop_map(|(f, a, sel)| Op::Token(f, a, sel)),
        1 => (select(VAULTS), any::<bool>()).prop_map(|(v, rbac)| Op::VaultModel(v, rbac)),
        2 => (select(VAULTS), assignee()).prop_map(|(v, a)| Op::SetPolicy(v, a)),
        1 => (scope_arg(), any::<bool>()).prop_map(|(s, d)| Op::Deny(s, d)),
        1 => Just(Op::Wait),
    ]
}

/// The start every script shares, so that random operations meet a populated world: both
/// groups, one of each kind of resource, a VM with both kinds of identity, captured ids and a
/// few role assignments for them.
fn preamble() -> Vec<Op> {
    vec![
        Op::Group("rg1"),
        Op::Group("rg2"),
        Op::Create(Kind::Uami, "rg1", "id1", None),
        Op::Create(Kind::Vm, "rg1", "vm1", Some(Ids::Both("id1"))),
        Op::Create(Kind::WebApp, "rg1", "app1", Some(Ids::System)),
        Op::Create(Kind::Storage, "rg1", "st1", None),
        Op::Create(Kind::Vault, "rg1", "kv1", None),
        Op::Capture(0, Capture::System(Holder::Vm, "rg1", "vm1")),
        Op::Capture(1, Capture::UamiPrincipal("rg1", "id1")),
        Op::Capture(0, Capture::UamiClient("rg1", "id1")),
        Op::Capture(2, Capture::System(Holder::WebApp, "rg1", "app1")),
        Op::Grant(Assignee::Var(0), "Reader", ScopeArg::Group("rg1")),
        Op::Grant(
            Assignee::Var(1),
            "Storage Blob Data Reader",
            ScopeArg::Name("st1"),
        ),
        Op::Grant(
            Assignee::Var(2),
            "Key Vault Secrets User",
            ScopeArg::IdOf(Kind::Vault, "rg1", "kv1"),
        ),
    ]
}

/// A script: the preamble (or, now and then, only its first group), then up to 30 random
/// operations.
fn ops() -> impl Strategy<Value = Vec<Op>> {
    (
        prop::bool::weighted(0.85),
        prop::collection::vec(op(), 0..30),
    )
        .prop_map(|(full, rest)| {
            let mut all = if full {
                preamble()
            } else {
                vec![Op::Group("rg1")]
            };
            all.extend(rest);
            all
        })
}

fn render(ops: &[Op]) -> String {
    ops.iter().map(|op| op.render() + "\n").collect()
}

// ----- invariants ----------------------------------------------------------------------------

/// MI-1.1: each enabled system-assigned identity has exactly its own service principal, and no
/// system-assigned principal outlives its resource or its identity being switched off.
fn mi_1_1(world: &World) -> Result<(), String> {
    for r in world.resources() {
        let principals: Vec<Guid> = world
            .directory
            .principals()
            .filter(|p| matches!(&p.source, PrincipalSource::System { resource_id } if resource_id.eq_ignore_ascii_case(&r.id)))
            .map(|p| p.object_id)
            .collect();
        match &r.identity.system {
            Some(system) if principals != [system.principal_id] => {
                return Err(format!(
                    "{} has system identity {} but its principals are {principals:?}",
                    r.id, system.principal_id
                ))
            }
            None if !principals.is_empty() => {
                return Err(format!(
                    "{} has no system identity but principals {principals:?} remain",
                    r.id
                ))
            }
            _ => {}
        }
    }
    for p in world.directory.principals() {
        if let PrincipalSource::System { resource_id } = &p.source {
            let owner = world.resource(resource_id);
            if owner
                .and_then(|r| r.identity.system.as_ref())
                .map(|s| s.principal_id)
                != Some(p.object_id)
            {
                return Err(format!(
                    "principal {} outlives the system identity of {resource_id}",
                    p.object_id
                ));
            }
        }
    }
    Ok(())
}

/// MI-2.1: each live user-assigned identity has exactly one service principal (its own), and no
/// user-assigned principal outlives its identity.
fn mi_2_1(world: &World) -> Result<(), String> {
    for r in world
        .resources()
        .filter(|r| r.kind == ResourceKind::UserAssignedIdentity)
    {
        let Some((principal_id, client_id)) = r.user_identity_ids() else {
            return Err(format!(
                "{} is a user-assigned identity without principal ids",
                r.id
            ));
        };
        let principals: Vec<(Guid, Guid)> = world
            .directory
            .principals()
            .filter(|p| matches!(&p.source, PrincipalSource::User { identity_id } if identity_id.eq_ignore_ascii_case(&r.id)))
            .map(|p| (p.object_id, p.app_id))
            .collect();
        if principals != [(principal_id, client_id)] {
            return Err(format!(
                "{} has principal {principal_id} but the directory holds {principals:?}",
                r.id
            ));
        }
    }
    for p in world.directory.principals() {
        if let PrincipalSource::User { identity_id } = &p.source {
            let live = world
                .resource(identity_id)
                .filter(|r| r.kind == ResourceKind::UserAssignedIdentity)
                .and_then(|r| r.user_identity_ids())
                .map(|(principal, _)| principal);
            if live != Some(p.object_id) {
                return Err(format!(
                    "principal {} outlives user-assigned identity {identity_id}",
                    p.object_id
                ));
            }
        }
    }
    Ok(())
}

/// MI-1.5: between two states around one statement, an assignment disappears only with a
/// `RoleAssignmentDeleted` event, whose cause is an explicit delete or the deletion of its scope,
/// never the deletion of its principal.
fn mi_1_5(before: &[RoleAssignment], world: &World, record: &Record) -> Result<(), String> {
    let after: BTreeMap<Guid, &RoleAssignment> =
        world.assignments().iter().map(|a| (a.name, a)).collect();
    let deleted: BTreeMap<Guid, DeletionCause> = record
        .events
        .iter()
        .filter_map(|e| match e {
            Event::RoleAssignmentDeleted { name, cause, .. } => Some((*name, *cause)),
            _ => None,
        })
        .collect();
    for gone in before.iter().filter(|a| !after.contains_key(&a.name)) {
        match deleted.get(&gone.name) {
            None => {
                return Err(format!(
                    "line {}: assignment {} ({}) vanished without a RoleAssignmentDeleted event",
                    record.line, gone.name, gone.scope
                ))
            }
            Some(DeletionCause::Requested)
                if !record.text.starts_with("az role assignment delete") =>
            {
                return Err(format!(
                    "line {}: assignment {} deleted as requested by '{}'",
                    record.line, gone.name, record.text
                ))
            }
            Some(DeletionCause::ScopeDeleted) => {
                let scope = Scope::parse(&gone.scope).map_err(|e| e.0)?;
                if world.scope_exists(&scope).is_ok() {
                    return Err(format!(
                        "line {}: assignment {} deleted with its scope, but {} still exists",
                        record.line, gone.name, gone.scope
                    ));
                }
            }
            Some(DeletionCause::Requested) => {}
        }
    }
    for name in deleted.keys() {
        if after.contains_key(name) || !before.iter().any(|a| a.name == *name) {
            return Err(format!(
                "line {}: RoleAssignmentDeleted for {name}, which was not deleted here",
                record.line
            ));
        }
    }
    Ok(())
}

/// The first place two sessions differ, for a readable failure.
fn difference(a: &Session, b: &Session) -> Option<String> {
    if a.records.len() != b.records.len() {
        return Some(format!(
            "{} records against {}",
            a.records.len(),
            b.records.len()
        ));
    }
    if let Some((x, y)) = a.records.iter().zip(&b.records).find(|(x, y)| x != y) {
        return Some(format!("records differ:\n{x:#?}\n---\n{y:#?}"));
    }
    if a.world != b.world {
        return Some("the worlds differ".to_string());
    }
    (a != b).then(|| "the sessions differ (variables or line count)".to_string())
}

/// 96 cases keep the file under a few seconds in a debug build; set `PROPTEST_CASES` for a
/// deeper search.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(96);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// MI-1.1 and MI-2.1 hold after every statement, whether it succeeded or failed.
    #[test]
    fn mi_1_1_and_mi_2_1_principals_follow_their_identities(ops in ops()) {
        let mut session = Session::new();
        for op in &ops {
            session.execute(&(op.render() + "\n"));
            let last = session.records.last().map(|r| r.text.clone()).unwrap_or_default();
            prop_assert!(mi_1_1(&session.world).is_ok(), "MI-1.1 after '{}': {:?}", last, mi_1_1(&session.world));
            prop_assert!(mi_2_1(&session.world).is_ok(), "MI-2.1 after '{}': {:?}", last, mi_2_1(&session.world));
        }
    }

    /// MI-1.5: role assignments outlive their principals; only an explicit delete or the
    /// deletion of their scope removes them, and always with an event.
    #[test]
    fn mi_1_5_assignments_disappear_only_by_delete_or_scope(ops in ops()) {
        let mut session = Session::new();
        for op in &ops {
            let before = session.world.assignments().to_vec();
            session.execute(&(op.render() + "\n"));
            let record = session.records.last().expect("each operation is one statement");
            let checked = mi_1_5(&before, &session.world, record);
            prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
        }
    }

    /// A session is a pure function of its script.
    #[test]
    fn replay_is_deterministic(ops in ops()) {
        let script = render(&ops);
        let first = Session::run(&script);
        let second = Session::run(&script);
        prop_assert!(difference(&first, &second).is_none(), "{}", difference(&first, &second).unwrap_or_default());
    }

    /// Running chunk by chunk with `Session::execute` gives what running the whole script does.
    #[test]
    fn chunked_execution_equals_whole(ops in ops(), sizes in prop::collection::vec(1usize..4, 40)) {
        let whole = Session::run(&render(&ops));
        let mut chunked = Session::new();
        let mut rest: &[Op] = &ops;
        for size in sizes.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (chunk, tail) = rest.split_at((*size).min(rest.len()));
            chunked.execute(&render(chunk));
            rest = tail;
        }
        prop_assert!(difference(&whole, &chunked).is_none(), "{}", difference(&whole, &chunked).unwrap_or_default());
    }

    /// Undo then redo is the identity: replaying all but the last statement and then typing the
    /// last one again gives the same outputs, errors, events and world. The cut removes exactly
    /// one statement, also when the last two share a line (`a; b`).
    #[test]
    fn undo_then_redo_is_identity(ops in ops(), share_line in any::<bool>()) {
        let texts: Vec<String> = ops.iter().map(Op::render).collect();
        let share_line = share_line && texts.len() >= 2;
        let mut script: String = texts[..texts.len() - 1].iter().map(|t| format!("{t}\n")).collect();
        let last = texts[texts.len() - 1].clone();
        if share_line {
            script.pop();
            script.push_str("; ");
        }
        script.push_str(&last);
        script.push('\n');

        let cut = without_last_statement(&script);
        prop_assert_eq!(parse_script(&cut).len() + 1, parse_script(&script).len(), "cut:\n{}", cut);
        let original = Session::run(&script);
        let redone = Session::run(&format!("{cut}{last}\n"));
        prop_assert_eq!(original.records.len(), redone.records.len());
        for (a, b) in original.records.iter().zip(&redone.records) {
            prop_assert_eq!(&a.text, &b.text);
            prop_assert_eq!(&a.json, &b.json);
            prop_assert_eq!(&a.events, &b.events);
            prop_assert_eq!(&a.notes, &b.notes);
            prop_assert_eq!(a.error.as_ref().map(|e| (e.kind, &e.message)), b.error.as_ref().map(|e| (e.kind, &e.message)));
            if !share_line {
                prop_assert_eq!(a, b);
            }
        }
        prop_assert!(original.world == redone.world, "the worlds differ after undo and redo");
    }
}

// ----- access evaluation ---------------------------------------------------------------------

/// Which principal to ask about, resolved against the world after the script ran.
#[derive(Debug, Clone)]
enum Who {
    Live(usize),
    SoftDeleted(usize),
    Assigned(usize),
    Random(u128),
}

#[derive(Debug, Clone)]
enum What {
    Catalog(usize),
    Pattern(&'static str),
    Garbage(String),
}

#[derive(Debug, Clone)]
enum Where {
    /// The scope of an existing assignment, or a path below it.
    Assigned(usize, Option<&'static str>),
    Resource(usize),
    Child(usize, &'static str),
    Group(usize),
    Subscription,
    Root,
    ManagementGroup,
    /// Segments of real scopes glued together at random.
    Pieces(Vec<&'static str>),
    Garbage(String),
}

const PATTERNS: &[&str] = &[
    "*",
    "*/read",
    "Microsoft.Storage/*",
    "microsoft.storage/storageaccounts/blobservices/containers/blobs/READ",
    "Microsoft.KeyVault/vaults/secrets/*",
    "Microsoft.KeyVault/vaults/secrets/backup/action",
    "/",
    "",
    " ",
    "Microsoft.Authorization/*/Write",
];
const CHILD_PATHS: &[&str] = &[
    "/blobServices/default/containers/data",
    "/blobServices/default",
    "/secrets/s1",
    "/",
    "/x/y/z",
];
const PIECES: &[&str] = &[
    "subscriptions",
    "9c90c00a-bbb4-411a-8c27-0ece0d07dd74",
    "resourceGroups",
    "rg1",
    "rg2",
    "providers",
    "Microsoft.Storage",
    "storageAccounts",
    "st1",
    "blobServices",
    "default",
    "containers",
    "data",
    "Microsoft.KeyVault",
    "vaults",
    "kv1",
    "secrets",
    "Microsoft.Management",
    "managementGroups",
    "",
];
const DENIED: &[Reason] = &[
    Reason::NoIdentity,
    Reason::IdentitySelectionRequired,
    Reason::IdentityNotFound,
    Reason::NoRoleAssignment,
    Reason::ActionNotPermitted,
    Reason::DenyAssignment,
    Reason::AccessPolicy,
];

fn who() -> impl Strategy<Value = Who> {
    prop_oneof![
        4 => any::<usize>().prop_map(Who::Live),
        2 => any::<usize>().prop_map(Who::SoftDeleted),
        3 => any::<usize>().prop_map(Who::Assigned),
        1 => any::<u128>().prop_map(Who::Random),
    ]
}

fn what() -> impl Strategy<Value = What> {
    prop_oneof![
        5 => (0..OPERATIONS.len()).prop_map(What::Catalog),
        2 => select(PATTERNS).prop_map(What::Pattern),
        1 => "\\PC{0,40}".prop_map(What::Garbage),
    ]
}

fn where_() -> impl Strategy<Value = Where> {
    prop_oneof![
        4 => (any::<usize>(), proptest::option::of(select(CHILD_PATHS))).prop_map(|(i, c)| Where::Assigned(i, c)),
        3 => any::<usize>().prop_map(Where::Resource),
        2 => (any::<usize>(), select(CHILD_PATHS)).prop_map(|(i, c)| Where::Child(i, c)),
        2 => any::<usize>().prop_map(Where::Group),
        1 => Just(Where::Subscription),
        1 => Just(Where::Root),
        1 => Just(Where::ManagementGroup),
        1 => prop::collection::vec(select(PIECES), 0..12).prop_map(Where::Pieces),
        1 => "/?\\PC{0,60}".prop_map(Where::Garbage),
    ]
}

/// A question: mostly independent choices, sometimes an assignment's own principal at (or
/// below) its own scope, which is where allowances come from.
fn probe() -> impl Strategy<Value = (Who, What, Where)> {
    prop_oneof![
        3 => (who(), what(), where_()),
        2 => (any::<usize>(), what(), proptest::option::of(select(CHILD_PATHS)))
            .prop_map(|(i, what, child)| (Who::Assigned(i), what, Where::Assigned(i, child))),
    ]
}

fn guid_from(n: u128) -> Guid {
    let text = format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        (n >> 96) as u32,
        (n >> 80) as u16,
        (n >> 64) as u16,
        (n >> 48) as u16,
        n & 0xffff_ffff_ffff
    );
    Guid::parse(&text).expect("formatted as a GUID")
}

fn pick<T: Clone>(items: &[T], i: usize) -> Option<T> {
    (!items.is_empty()).then(|| items[i % items.len()].clone())
}

fn principal(world: &World, who: &Who) -> Guid {
    let live: Vec<Guid> = world.directory.principals().map(|p| p.object_id).collect();
    let deleted: Vec<Guid> = world
        .directory
        .deleted()
        .iter()
        .map(|d| d.principal.object_id)
        .collect();
    let assigned: Vec<Guid> = world.assignments().iter().map(|a| a.principal_id).collect();
    let chosen = match who {
        Who::Live(i) => pick(&live, *i),
        Who::SoftDeleted(i) => pick(&deleted, *i),
        Who::Assigned(i) => pick(&assigned, *i),
        Who::Random(n) => Some(guid_from(*n)),
    };
    chosen
        .or_else(|| live.first().copied())
        .unwrap_or_else(|| guid_from(0x1234))
}

fn operation(what: &What) -> String {
    match what {
        What::Catalog(i) => OPERATIONS[*i].name.to_string(),
        What::Pattern(p) => (*p).to_string(),
        What::Garbage(g) => g.clone(),
    }
}

/// The scope to ask about, or `None` when the text is not a scope at all.
fn scope(world: &World, place: &Where) -> Option<Scope> {
    let resources: Vec<String> = world.resources().map(|r| r.id.clone()).collect();
    let groups: Vec<String> = world.groups().map(|g| g.id()).collect();
    let subscription = format!("/subscriptions/{}", world.default_subscription().id);
    let assigned: Vec<String> = world
        .assignments()
        .iter()
        .map(|a| a.scope.clone())
        .collect();
    let text = match place {
        Where::Assigned(i, child) => format!(
            "{}{}",
            pick(&assigned, *i).unwrap_or_else(|| subscription.clone()),
            child.unwrap_or("")
        ),
        Where::Resource(i) => pick(&resources, *i).unwrap_or_else(|| subscription.clone()),
        Where::Child(i, path) => format!(
            "{}{path}",
            pick(&resources, *i).unwrap_or_else(|| subscription.clone())
        ),
        Where::Group(i) => {
            pick(&groups, *i).unwrap_or_else(|| format!("{subscription}/resourceGroups/gone"))
        }
        Where::Subscription => subscription,
        Where::Root => "/".to_string(),
        Where::ManagementGroup => {
            "/providers/Microsoft.Management/managementGroups/mg1".to_string()
        }
        Where::Pieces(pieces) => format!("/{}", pieces.join("/")),
        Where::Garbage(g) => g.clone(),
    };
    Scope::parse(&text).ok()
}

proptest! {
    #![proptest_config(config())]

    /// Evaluation never panics and its answers hang together: an allowance names what granted
    /// it, a denial grants nothing and uses a denial code, and a principal that does not exist is
    /// never allowed (MI-1.5: orphaned assignments grant nothing).
    #[test]
    fn evaluation_never_panics_and_is_consistent(
        ops in ops(),
        probes in prop::collection::vec(probe(), 1..24),
    ) {
        let session = Session::run(&render(&ops));
        let world = &session.world;
        for (who, what, place) in &probes {
            let principal = principal(world, who);
            let operation = operation(what);
            let Some(scope) = scope(world, place) else { continue };
            let decision = world.check_access(principal, &operation, &scope);
            prop_assert!(decision == world.check_access(principal, &operation, &scope), "evaluation is not repeatable");
            prop_assert_eq!(decision.principal, Some(principal));
            prop_assert!(!decision.explanation.is_empty());
            let context = format!("{principal} / {operation:?} / {scope}: {:?} ({})", decision.outcome, decision.reason.code());
            match decision.outcome {
                Outcome::Allowed => {
                    prop_assert!(world.directory.is_principal(principal), "a missing principal was allowed: {}", context);
                    match decision.reason {
                        Reason::RoleAssignment => {
                            prop_assert!(!decision.granted_by.is_empty(), "allowed without a grant: {}", context);
                            let chain: Vec<Scope> = world.scope_chain(&scope).into_iter().map(|s| s.scope).collect();
                            for grant in &decision.granted_by {
                                let assignment = world.assignments().iter().find(|a| a.name == grant.assignment);
                                prop_assert!(assignment.is_some(), "grant by a missing assignment: {}", context);
                                let assignment = assignment.expect("checked above");
                                // EN-9.2: the principal's own assignment, or one of a group it is in.
                                match grant.group {
                                    None => prop_assert_eq!(assignment.principal_id, principal),
                                    Some(group) => {
                                        prop_assert_eq!(assignment.principal_id, group);
                                        prop_assert!(world.directory.groups_of(principal).contains(&group), "granted through a group it is not in: {}", context);
                                    }
                                }
                                let at = Scope::parse(&assignment.scope).ok();
                                prop_assert!(at.as_ref().is_some_and(|s| chain.contains(s)), "grant from outside the scope chain: {}", context);
                                let role = world.role_by_id(&assignment.role_id).expect("assigned roles exist");
                                let granted = matches!(role.permissions.check(&operation, plane_of(&operation)), PermissionMatch::Granted { .. });
                                prop_assert!(granted, "role '{}' does not grant it: {}", role.name, context);
                            }
                        }
                        Reason::AccessPolicy => {
                            // RB-4.10: an access policy, not a role assignment, granted it.
                            prop_assert!(decision.granted_by.is_empty(), "{}", context);
                            let by_policy = decision.trace.iter().any(|s| matches!(s, TraceStep::AccessPolicies { granted: true, .. }));
                            prop_assert!(by_policy, "allowed by access policy without a granting policy: {}", context);
                        }
                        other => prop_assert!(false, "allowed with denial reason {}: {}", other.code(), context),
                    }
                }
                Outcome::Denied => {
                    prop_assert!(DENIED.contains(&decision.reason), "denied with reason {}", decision.reason.code());
                    prop_assert!(decision.granted_by.is_empty(), "denied but granted by something: {}", context);
                    if !world.directory.is_principal(principal) {
                        prop_assert_eq!(decision.reason, Reason::IdentityNotFound);
                    }
                }
            }
        }
    }
}

/// The generator is only as good as the states it reaches: this checks, on a fixed sample, that
/// generated scripts do orphan, delete (both ways) and use assignments, switch identities off and
/// leave references dangling, so that the properties above are not passing vacuously.
#[test]
fn generated_scripts_reach_the_interesting_states() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
    for _ in 0..64 {
        let ops = ops().new_tree(&mut runner).expect("a script").current();
        let session = Session::run(&render(&ops));
        for event in session.records.iter().flat_map(|r| &r.events) {
            let what = match event {
                Event::RoleAssignmentCreated { .. } => "assignment created",
                Event::RoleAssignmentOrphaned { .. } => "assignment orphaned",
                Event::RoleAssignmentDeleted {
                    cause: DeletionCause::Requested,
                    ..
                } => "assignment deleted",
                Event::RoleAssignmentDeleted {
                    cause: DeletionCause::ScopeDeleted,
                    ..
                } => "assignment deleted with scope",
                Event::SystemIdentityDisabled { .. } => "system identity off",
                Event::IdentityReferenceDangling { .. } => "reference dangling",
                Event::AccessDecided { allowed: true, .. } => "access allowed",
                Event::AccessDecided { allowed: false, .. } => "access denied",
                Event::TokenIssued { .. } => "token issued",
                _ => continue,
            };
            *seen.entry(what).or_default() += 1;
        }
    }
    let wanted = [
        "assignment created",
        "assignment orphaned",
        "assignment deleted",
        "assignment deleted with scope",
        "system identity off",
        "reference dangling",
        "access allowed",
        "access denied",
        "token issued",
    ];
    let missing: Vec<&str> = wanted
        .into_iter()
        .filter(|w| !seen.contains_key(w))
        .collect();
    assert!(
        missing.is_empty(),
        "generated scripts never reached: {missing:?} (seen: {seen:?})"
    );
}

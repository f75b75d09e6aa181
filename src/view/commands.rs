//! The az command behind each UI action. A button never changes the world: it appends the text
//! built here to the script, the core runs it, and the console shows exactly what was done, in a
//! form the learner can copy into a real shell.
//!
//! Invariants: every value that comes from the learner or the world passes through [`quote`], so
//! a name with shell metacharacters cannot change what a command means; builders take names and
//! groups from the world (never guessed from ids), and return `None` when the target does not
//! exist or the core has no command for the action, so the UI can hide the button instead of
//! appending a statement that is bound to fail. Nothing here changes a world.

use crate::sim::ids::Guid;
use crate::sim::rbac::PrincipalType;
use crate::sim::resource::{Resource, ResourceKind};
use crate::sim::scope::Scope;
use crate::sim::script::assignee::principal_type_of;
use crate::sim::token::Selector;
use crate::sim::world::{assignment_id, World};

/// What the "create resource" form adds to the bare kind, group and name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CreateOptions {
    /// Turn the system-assigned identity on at creation (ignored for kinds that cannot have one).
    pub system_identity: bool,
    /// The App Service plan a web or function app runs on; `None` creates `<name>-plan` first.
    pub plan: Option<String>,
    /// The storage account a function app keeps its state in; `None` creates one first.
    pub storage_account: Option<String>,
}

pub use crate::sim::script::quote::quote;

/// `az group create`.
pub fn create_group(name: &str, location: &str) -> String {
    format!("az group create -n {} -l {}", quote(name), quote(location))
}

/// The statements that create a resource of `kind`, prerequisites first: a web or function app
/// without a plan gets `<name>-plan`, a function app without a storage account gets one named
/// after it (storage names allow only lower-case letters and digits).
pub fn create_resource(
    kind: ResourceKind,
    group: &str,
    name: &str,
    opts: &CreateOptions,
) -> Vec<String> {
    let (g, n) = (quote(group), quote(name));
    let identity = if opts.system_identity && kind.supports_identity() {
        " --assign-identity"
    } else {
        ""
    };
    let mut out = Vec::new();
    let main = match kind {
        // `--image` is required by real az; the playground accepts it and notes that it is
        // ignored, which keeps the command copyable.
        ResourceKind::VirtualMachine => {
            format!("az vm create -g {g} -n {n} --image Ubuntu2204{identity}")
        }
        ResourceKind::VmScaleSet => {
            format!("az vmss create -g {g} -n {n} --image Ubuntu2204{identity}")
        }
        ResourceKind::AppServicePlan => format!("az appservice plan create -g {g} -n {n}"),
        ResourceKind::WebApp => {
            let plan = plan_for(group, name, opts, &mut out);
            format!("az webapp create -g {g} -n {n} --plan {plan}{identity}")
        }
        ResourceKind::FunctionApp => {
            let plan = plan_for(group, name, opts, &mut out);
            let storage = match &opts.storage_account {
                Some(storage) => quote(storage),
                None => {
                    let storage = quote(&storage_name_for(name));
                    out.push(format!("az storage account create -g {g} -n {storage}"));
                    storage
                }
            };
            format!(
                "az functionapp create -g {g} -n {n} --plan {plan} --storage-account {storage}{identity}"
            )
        }
        ResourceKind::StorageAccount => {
            format!("az storage account create -g {g} -n {n}{identity}")
        }
        ResourceKind::KeyVault => format!("az keyvault create -g {g} -n {n}"),
        ResourceKind::SqlServer => format!("az sql server create -g {g} -n {n}{identity}"),
        ResourceKind::CosmosDb => format!("az cosmosdb create -g {g} -n {n}{identity}"),
        ResourceKind::UserAssignedIdentity => format!("az identity create -g {g} -n {n}"),
    };
    out.push(main);
    out
}

/// Turns a resource's system-assigned identity on or off (MI-1.1, MI-1.3).
///
/// `None` when the resource does not exist, cannot have an identity, or is of a kind whose
/// identity the playground can only set at creation (storage accounts, SQL servers and Cosmos DB
/// accounts have no `identity` subcommand in the command table).
pub fn set_system_identity(world: &World, resource_id: &str, enabled: bool) -> Option<String> {
    let resource = world.resource(resource_id)?;
    let group = identity_command_group(resource.kind)?;
    let verb = if enabled { "assign" } else { "remove" };
    Some(format!(
        "az {group} identity {verb} {} --identities [system]",
        target(resource)
    ))
}

/// Attaches a user-assigned identity to a resource (MI-2.1). The identity is named by its name
/// when it lives in the resource's group (as az resolves it), else by its ARM id.
pub fn attach_identity(world: &World, resource_id: &str, identity_id: &str) -> Option<String> {
    let resource = world.resource(resource_id)?;
    let group = identity_command_group(resource.kind)?;
    let identity = world
        .resource(identity_id)
        .filter(|r| r.kind == ResourceKind::UserAssignedIdentity)?;
    let reference = if identity.group.eq_ignore_ascii_case(&resource.group) {
        identity.name.clone()
    } else {
        identity.id.clone()
    };
    Some(format!(
        "az {group} identity assign {} --identities {}",
        target(resource),
        quote(&reference)
    ))
}

/// Removes a user-assigned identity reference from a resource. Works for a dangling reference
/// too (MI-2.2): that is how a learner cleans up after deleting the identity.
pub fn detach_identity(world: &World, resource_id: &str, identity_id: &str) -> Option<String> {
    let resource = world.resource(resource_id)?;
    let group = identity_command_group(resource.kind)?;
    let reference = resource.identity.find_user(identity_id)?;
    let same_group = Scope::parse(&reference.id)
        .ok()
        .and_then(|s| {
            s.resource_group()
                .map(|g| g.eq_ignore_ascii_case(&resource.group))
        })
        .unwrap_or(false);
    let named = if same_group {
        super::describe::short_name(&reference.id).to_string()
    } else {
        reference.id.clone()
    };
    Some(format!(
        "az {group} identity remove {} --identities {}",
        target(resource),
        quote(&named)
    ))
}

/// Grants a role to a principal (a managed identity's, or a user or group). `--assignee-object-id`
/// with the principal type skips the directory lookup, which is how Microsoft recommends
/// assigning roles to managed identities (the lookup can fail while a new principal replicates);
/// the type is the directory's, so a user or group is recorded as one (EN-9.12).
pub fn grant_role(
    world: &World,
    principal_object_id: Guid,
    role_name: &str,
    scope: &str,
) -> String {
    let role = world
        .find_role(role_name)
        .map_or(role_name, |r| r.name.as_str());
    let principal_type =
        principal_type_of(world, principal_object_id).unwrap_or(PrincipalType::ServicePrincipal);
    format!(
        "az role assignment create --assignee-object-id {principal_object_id} --assignee-principal-type {} --role {} --scope {}",
        principal_type.name(),
        quote(role),
        quote(scope)
    )
}

/// Deletes one role assignment by its ARM id, so exactly that assignment goes; `None` for the
/// last Owner of a subscription, which Azure refuses to delete (AU-10.4).
pub fn delete_assignment(world: &World, name: Guid) -> Option<String> {
    let assignment = world
        .assignments()
        .iter()
        .find(|a| a.name == name)
        .filter(|a| !world.is_last_subscription_owner(a))?;
    Some(format!(
        "az role assignment delete --ids {}",
        quote(&assignment_id(assignment))
    ))
}

/// Deletes a resource with its own kind's command, adding `--yes` where real az would otherwise
/// ask for confirmation (and so would hang in a script).
pub fn delete_resource(world: &World, resource_id: &str) -> Option<String> {
    let resource = world.resource(resource_id)?;
    let (command, yes) = match resource.kind {
        ResourceKind::VirtualMachine => ("vm", true),
        ResourceKind::VmScaleSet => ("vmss", false),
        ResourceKind::AppServicePlan => ("appservice plan", true),
        ResourceKind::WebApp => ("webapp", false),
        ResourceKind::FunctionApp => ("functionapp", false),
        ResourceKind::StorageAccount => ("storage account", true),
        ResourceKind::KeyVault => ("keyvault", false),
        ResourceKind::SqlServer => ("sql server", true),
        ResourceKind::CosmosDb => ("cosmosdb", true),
        ResourceKind::UserAssignedIdentity => ("identity", false),
    };
    let yes = if yes { " --yes" } else { "" };
    Some(format!("az {command} delete {}{yes}", target(resource)))
}

/// `az group delete`: everything in the group goes, each with its own consequences.
pub fn delete_group(name: &str) -> String {
    format!("az group delete -n {} --yes", quote(name))
}

/// Creates a blob container: a scope below the storage account for role assignments (RB-4.2).
pub fn create_container(world: &World, account_id: &str, name: &str) -> Option<String> {
    let account = world
        .resource(account_id)
        .filter(|r| r.kind == ResourceKind::StorageAccount)?;
    Some(format!(
        "az storage container create -g {} --account-name {} -n {}",
        quote(&account.group),
        quote(&account.name),
        quote(name)
    ))
}

/// `mip check`: may the identity that code on `from` gets a token for perform `action` at `scope`?
pub fn check(from: &str, action: &str, scope: &str, selector: &Selector) -> String {
    let selector = match selector {
        Selector::Default => String::new(),
        Selector::ClientId(id) => format!(" --client-id {}", quote(id)),
        Selector::ObjectId(id) => format!(" --object-id {}", quote(id)),
        Selector::ResourceId(id) => format!(" --msi-res-id {}", quote(id)),
    };
    format!(
        "mip check --from {} --action {} --scope {}{selector}",
        quote(from),
        quote(action),
        quote(scope)
    )
}

/// `mip check --as PRINCIPAL …`: a principal asking directly, with no token request.
pub fn check_as(principal: &str, action: &str, scope: &str) -> String {
    format!(
        "mip check --as {} --action {} --scope {}",
        quote(principal),
        quote(action),
        quote(scope)
    )
}

/// `-g GROUP -n NAME` of a resource.
fn target(resource: &Resource) -> String {
    format!("-g {} -n {}", quote(&resource.group), quote(&resource.name))
}

/// The az command group with an `identity assign|remove` subcommand for a kind.
fn identity_command_group(kind: ResourceKind) -> Option<&'static str> {
    match kind {
        ResourceKind::VirtualMachine => Some("vm"),
        ResourceKind::VmScaleSet => Some("vmss"),
        ResourceKind::WebApp => Some("webapp"),
        ResourceKind::FunctionApp => Some("functionapp"),
        _ => None,
    }
}

/// The (quoted) plan for a new app, pushing its creation when none was chosen.
fn plan_for(group: &str, name: &str, opts: &CreateOptions, out: &mut Vec<String>) -> String {
    match &opts.plan {
        Some(plan) => quote(plan),
        None => {
            // Plan names are at most 60 characters; app names may use 60 themselves.
            let base: String = name.chars().take(55).collect();
            let plan = quote(&format!("{base}-plan"));
            out.push(format!(
                "az appservice plan create -g {} -n {plan}",
                quote(group)
            ));
            plan
        }
    }
}

/// A valid storage account name derived from an app name: lower-case letters and digits,
/// 3 to 24 of them (`func-1` → `func1store`).
fn storage_name_for(name: &str) -> String {
    let base: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .take(19)
        .collect();
    format!("{base}store")
}

#[cfg(test)]
mod tests {
    use expect_test::{expect, Expect};
    use proptest::prelude::*;

    use super::*;
    use crate::sim::resource::validate_name;
    use crate::sim::script::command::Output;
    use crate::sim::script::session::Session;

    /// The world every case starts from: one of each kind, an identity in another group, a
    /// role assignment, and a user-assigned identity attached to vm1.
    const SETUP: &str = r#"
az group create -n rg1 -l eastus
az group create -n rg2 -l westus
az vm create -g rg1 -n vm1 --assign-identity
az vm create -g rg1 -n vm2
az vmss create -g rg1 -n ss1
az appservice plan create -g rg1 -n plan1
az appservice plan create -g rg1 -n plan2
az webapp create -g rg1 -n web1 --plan plan1
az storage account create -g rg1 -n st1
az functionapp create -g rg1 -n func1 --plan plan1 --storage-account st1 --assign-identity
az keyvault create -g rg1 -n kv1
az sql server create -g rg1 -n sql1
az cosmosdb create -g rg1 -n cosmos1
az identity create -g rg1 -n uami1
az identity create -g rg2 -n uami2
az vm identity assign -g rg1 -n vm1 --identities uami1
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role Reader --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)
"#;

    fn setup() -> Session {
        let session = Session::run(SETUP);
        assert!(
            !session.failed(),
            "{:#?}",
            session.records.iter().find(|r| r.failed())
        );
        session
    }

    fn id(world: &World, name: &str) -> String {
        world
            .resources_named(name)
            .next()
            .map(|r| r.id.clone())
            .unwrap_or_default()
    }

    /// Runs `before` on the prepared world, builds the statements from that world, runs them,
    /// and checks that each succeeded, that `effect` holds afterwards, and what they say.
    fn check(
        before: &str,
        build: impl Fn(&World) -> Vec<String>,
        effect: impl Fn(&World) -> bool,
        expect: Expect,
    ) {
        let mut session = setup();
        session.execute(before);
        assert!(!session.failed(), "setup of the case failed");
        let statements = build(&session.world);
        assert!(!statements.is_empty(), "the builder returned nothing");
        for statement in &statements {
            let records = session.execute(statement);
            assert_eq!(records.len(), 1, "{statement} is not one statement");
            assert!(
                records[0].error.is_none(),
                "{statement}: {}",
                records[0]
                    .error
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default()
            );
        }
        assert!(effect(&session.world), "no effect: {statements:?}");
        expect.assert_eq(&statements.join("\n"));
    }

    fn system_on(world: &World, name: &str) -> bool {
        world
            .resources_named(name)
            .any(|r| r.identity.system.is_some())
    }

    fn created(world: &World, kind: ResourceKind, group: &str, name: &str) -> bool {
        world.resource_in(group, kind, name).is_some()
    }

    #[test]
    fn groups() {
        check(
            "",
            |_| vec![create_group("demo(1)", "eastus")],
            |w| w.group("demo(1)").is_some(),
            expect!["az group create -n 'demo(1)' -l eastus"],
        );
        check(
            "",
            |_| vec![delete_group("rg2")],
            |w| w.group("rg2").is_none() && w.resources_named("uami2").next().is_none(),
            expect!["az group delete -n rg2 --yes"],
        );
    }

    #[test]
    fn creating_every_kind() {
        let plain = CreateOptions::default();
        let with_identity = CreateOptions {
            system_identity: true,
            ..CreateOptions::default()
        };
        for kind in ResourceKind::ALL {
            let name = match kind {
                ResourceKind::StorageAccount => "newstore",
                _ => "new-1",
            };
            for opts in [&plain, &with_identity] {
                let mut session = setup();
                for statement in create_resource(kind, "rg2", name, opts) {
                    let record = &session.execute(&statement)[0];
                    assert!(record.error.is_none(), "{statement}: {:?}", record.error);
                }
                let resource = session.world.resource_in("rg2", kind, name);
                assert!(resource.is_some(), "{kind:?} was not created");
                let expected = opts.system_identity && kind.supports_identity();
                assert_eq!(
                    resource.is_some_and(|r| r.identity.system.is_some()),
                    expected,
                    "{kind:?}"
                );
            }
        }
    }

    #[test]
    fn creating_with_prerequisites() {
        let opts = CreateOptions {
            system_identity: true,
            ..CreateOptions::default()
        };
        check(
            "",
            |_| create_resource(ResourceKind::WebApp, "rg2", "shop", &opts),
            |w| {
                created(w, ResourceKind::AppServicePlan, "rg2", "shop-plan") && system_on(w, "shop")
            },
            expect![[r#"
                az appservice plan create -g rg2 -n shop-plan
                az webapp create -g rg2 -n shop --plan shop-plan --assign-identity"#]],
        );
        check(
            "",
            |_| create_resource(ResourceKind::FunctionApp, "rg2", "Orders-Func", &opts),
            |w| {
                created(w, ResourceKind::StorageAccount, "rg2", "ordersfuncstore")
                    && created(w, ResourceKind::FunctionApp, "rg2", "Orders-Func")
            },
            expect![[r#"
                az appservice plan create -g rg2 -n Orders-Func-plan
                az storage account create -g rg2 -n ordersfuncstore
                az functionapp create -g rg2 -n Orders-Func --plan Orders-Func-plan --storage-account ordersfuncstore --assign-identity"#]],
        );
        let chosen = CreateOptions {
            system_identity: false,
            plan: Some("plan1".into()),
            storage_account: Some("st1".into()),
        };
        check(
            "",
            |_| create_resource(ResourceKind::FunctionApp, "rg1", "func2", &chosen),
            |w| created(w, ResourceKind::FunctionApp, "rg1", "func2") && !system_on(w, "func2"),
            expect!["az functionapp create -g rg1 -n func2 --plan plan1 --storage-account st1"],
        );
        check(
            "",
            |_| create_resource(ResourceKind::VirtualMachine, "rg1", "vm3", &opts),
            |w| system_on(w, "vm3"),
            expect!["az vm create -g rg1 -n vm3 --image Ubuntu2204 --assign-identity"],
        );
    }

    #[test]
    fn derived_names_are_valid() {
        for name in [
            "a",
            "x-y",
            "A-Very-Long-Function-App-Name-That-Goes-On",
            "---",
        ] {
            assert!(
                validate_name(ResourceKind::StorageAccount, &storage_name_for(name)).is_ok(),
                "{name}"
            );
        }
        let long = "a".repeat(60);
        let statements =
            create_resource(ResourceKind::WebApp, "rg", &long, &CreateOptions::default());
        let plan = statements[0].rsplit(' ').next().unwrap_or_default();
        assert!(
            validate_name(ResourceKind::AppServicePlan, plan).is_ok(),
            "{plan}"
        );
    }

    #[test]
    fn system_identity_on_and_off() {
        check(
            "",
            |w| {
                set_system_identity(w, &id(w, "vm2"), true)
                    .into_iter()
                    .collect()
            },
            |w| system_on(w, "vm2"),
            expect!["az vm identity assign -g rg1 -n vm2 --identities [system]"],
        );
        check(
            "",
            |w| {
                set_system_identity(w, &id(w, "vm1"), false)
                    .into_iter()
                    .collect()
            },
            |w| !system_on(w, "vm1"),
            expect!["az vm identity remove -g rg1 -n vm1 --identities [system]"],
        );
        check(
            "",
            |w| {
                set_system_identity(w, &id(w, "ss1"), true)
                    .into_iter()
                    .collect()
            },
            |w| system_on(w, "ss1"),
            expect!["az vmss identity assign -g rg1 -n ss1 --identities [system]"],
        );
        check(
            "",
            |w| {
                set_system_identity(w, &id(w, "web1"), true)
                    .into_iter()
                    .collect()
            },
            |w| system_on(w, "web1"),
            expect!["az webapp identity assign -g rg1 -n web1 --identities [system]"],
        );
        check(
            "",
            |w| {
                set_system_identity(w, &id(w, "func1"), false)
                    .into_iter()
                    .collect()
            },
            |w| !system_on(w, "func1"),
            expect!["az functionapp identity remove -g rg1 -n func1 --identities [system]"],
        );
        let world = setup().world;
        for name in ["st1", "sql1", "cosmos1", "kv1", "plan1", "uami1"] {
            assert_eq!(
                set_system_identity(&world, &id(&world, name), true),
                None,
                "{name}"
            );
        }
        assert_eq!(set_system_identity(&world, "/nope", true), None);
    }

    #[test]
    fn user_assigned_identities() {
        let attached = |resource: &'static str, identity: &'static str| {
            move |w: &World| {
                w.resources_named(resource)
                    .any(|r| r.identity.find_user(&id(w, identity)).is_some())
            }
        };
        check(
            "",
            |w| {
                attach_identity(w, &id(w, "vm2"), &id(w, "uami1"))
                    .into_iter()
                    .collect()
            },
            attached("vm2", "uami1"),
            expect!["az vm identity assign -g rg1 -n vm2 --identities uami1"],
        );
        check(
            "",
            |w| attach_identity(w, &id(w, "web1"), &id(w, "uami2")).into_iter().collect(),
            attached("web1", "uami2"),
            expect!["az webapp identity assign -g rg1 -n web1 --identities /subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74/resourceGroups/rg2/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami2"],
        );
        check(
            "",
            |w| {
                detach_identity(w, &id(w, "vm1"), &id(w, "uami1"))
                    .into_iter()
                    .collect()
            },
            |w| !attached("vm1", "uami1")(w),
            expect!["az vm identity remove -g rg1 -n vm1 --identities uami1"],
        );
        // A dangling reference (MI-2.2) is removed by the id the resource still holds.
        let world = setup().world;
        let (vm1, uami1) = (id(&world, "vm1"), id(&world, "uami1"));
        check(
            "az identity delete -g rg1 -n uami1",
            |w| detach_identity(w, &vm1, &uami1).into_iter().collect(),
            |w| {
                w.resources_named("vm1")
                    .all(|r| r.identity.user_assigned.is_empty())
            },
            expect!["az vm identity remove -g rg1 -n vm1 --identities uami1"],
        );
        assert_eq!(attach_identity(&world, &id(&world, "st1"), &uami1), None);
        assert_eq!(attach_identity(&world, &vm1, &id(&world, "st1")), None);
        assert_eq!(detach_identity(&world, &id(&world, "vm2"), &uami1), None);
    }

    #[test]
    fn role_assignments() {
        check(
            "",
            |w| {
                let principal = w
                    .resources_named("vm1")
                    .find_map(|r| r.identity.system.as_ref().map(|s| s.principal_id))
                    .unwrap_or_default();
                vec![grant_role(w, principal, "storage blob data reader", &id(w, "st1"))]
            },
            |w| w.assignments().iter().any(|a| a.role_id == "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"),
            expect!["az role assignment create --assignee-object-id 85db1bc0-4a9c-4bff-aa3b-887b2dbbf779 --assignee-principal-type ServicePrincipal --role 'Storage Blob Data Reader' --scope /subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/st1"],
        );
        check(
            "",
            |w| {
                w.assignments()
                    .iter()
                    .find(|a| a.principal_id != w.learner)
                    .and_then(|a| delete_assignment(w, a.name))
                    .into_iter()
                    .collect()
            },
            |w| w.assignments().iter().all(|a| a.principal_id == w.learner),
            expect!["az role assignment delete --ids /subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/st1/providers/Microsoft.Authorization/roleAssignments/04f7b9b4-bd9f-4e71-81cc-8936f28f0e86"],
        );
        assert_eq!(delete_assignment(&setup().world, Guid::NIL), None);
    }

    #[test]
    fn deleting_every_kind() {
        let world = setup().world;
        let mut shown = Vec::new();
        for name in [
            "vm2", "ss1", "plan2", "web1", "func1", "st1", "kv1", "sql1", "cosmos1", "uami2",
        ] {
            let target = id(&world, name);
            let mut session = setup();
            let statement = delete_resource(&session.world, &target).unwrap_or_default();
            let record = &session.execute(&statement)[0];
            assert!(record.error.is_none(), "{statement}: {:?}", record.error);
            assert!(
                session.world.resource(&target).is_none(),
                "{name} is still there"
            );
            shown.push(statement);
        }
        assert_eq!(delete_resource(&world, "/nope"), None);
        expect![[r#"
            az vm delete -g rg1 -n vm2 --yes
            az vmss delete -g rg1 -n ss1
            az appservice plan delete -g rg1 -n plan2 --yes
            az webapp delete -g rg1 -n web1
            az functionapp delete -g rg1 -n func1
            az storage account delete -g rg1 -n st1 --yes
            az keyvault delete -g rg1 -n kv1
            az sql server delete -g rg1 -n sql1 --yes
            az cosmosdb delete -g rg1 -n cosmos1 --yes
            az identity delete -g rg2 -n uami2"#]]
        .assert_eq(&shown.join("\n"));
    }

    #[test]
    fn containers_and_checks() {
        check(
            "",
            |w| {
                create_container(w, &id(w, "st1"), "logs")
                    .into_iter()
                    .collect()
            },
            |w| w.resources_named("st1").any(|r| r.containers() == ["logs"]),
            expect!["az storage container create -g rg1 --account-name st1 -n logs"],
        );
        assert_eq!(
            create_container(&setup().world, &id(&setup().world, "kv1"), "logs"),
            None
        );
        check(
            "",
            |w| vec![super::check("vm1", "Read blobs", &id(w, "st1"), &Selector::Default)],
            |_| true,
            expect!["mip check --from vm1 --action 'Read blobs' --scope /subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/st1"],
        );
        check(
            "",
            |w| vec![super::check("vm1", "Microsoft.Storage/storageAccounts/read", "st1", &Selector::ResourceId(id(w, "uami1")))],
            |_| true,
            expect!["mip check --from vm1 --action Microsoft.Storage/storageAccounts/read --scope st1 --msi-res-id /subscriptions/9c90c00a-bbb4-411a-8c27-0ece0d07dd74/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uami1"],
        );
        let mut session = setup();
        let record = &session.execute(&super::check("vm1", "Read", "st1", &Selector::Default))[0];
        assert!(matches!(record.output, Output::Decision(_)) || record.error.is_some());
    }

    #[test]
    fn quoting() {
        let cases = [
            ("vm1", "vm1"),
            ("", "''"),
            ("Storage Blob Data Reader", "'Storage Blob Data Reader'"),
            ("rg(1)", "'rg(1)'"),
            ("it's", r"'it'\''s'"),
            ("$HOME", "'$HOME'"),
            ("a;b", "'a;b'"),
            (
                "/subscriptions/x/resourceGroups/rg",
                "/subscriptions/x/resourceGroups/rg",
            ),
            ("[system]", "'[system]'"),
            ("café", "'café'"),
        ];
        for (word, quoted) in cases {
            assert_eq!(quote(word), quoted, "{word}");
        }
    }

    proptest! {
        /// Whatever the word, the playground's shell reads the quoted form back as that one word.
        #[test]
        fn quoted_words_read_back_unchanged(word in "[^\r]{0,40}") {
            let session = Session::run(&format!("echo {}", quote(&word)));
            let record = &session.records[0];
            prop_assert!(record.error.is_none());
            prop_assert_eq!(record.rendered(), format!("{word}\n"));
        }
    }
}

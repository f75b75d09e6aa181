//! The access matrix view: every managed identity (rows) × the scopes where an operation makes
//! sense (columns), each cell allowed or denied with its reason, computed in bulk by
//! [`World::access_matrix`]; and which cells changed between two matrices.
//!
//! Rows are the live managed-identity principals, system- and user-assigned, labelled
//! "vm1 (system-assigned)" / "id-app (user-assigned)" and sorted by that label. Deleted
//! identities are left out: their service principals are gone, no token can be issued for them
//! and their orphaned assignments grant nothing (MI-1.4, MI-1.5), so their row would only say
//! `identity-not-found`; the diagram shows their orphaned assignments instead.
//!
//! Columns, from [`targets_for`]: when the operation belongs to a resource type (its string
//! starts with that type, e.g. `Microsoft.Storage/storageAccounts/…`), the resources of that
//! type, each followed by its blob containers when the operation acts on containers or blobs;
//! otherwise the subscription, then each resource group followed by its resources.
//!
//! Invariants: every cell is what [`World::check_access`] decides for its principal and scope
//! (the core's matrix guarantees it); a cell carries its principal and scope, so it can be
//! opened as a "can it?" explanation and matched across matrices by key, never by position.

use std::collections::HashMap;

use crate::sim::directory::PrincipalSource;
use crate::sim::evaluate::Outcome;
use crate::sim::ids::Guid;
use crate::sim::matrix::Verdict;
use crate::sim::operations;
use crate::sim::resource::ResourceKind;
use crate::sim::scope::{Scope, ScopeLevel};
use crate::sim::sort::sort_by;
use crate::sim::world::World;

use super::check::{self, CheckFlow};
use super::describe::scope_text;

/// What kind of principal a row is: managed identities first, the matrix's subject, then the
/// other principals a learner creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    SystemAssigned,
    UserAssigned,
    Application,
    User,
    Group,
}

impl RowKind {
    /// Where the kind's rows go: managed identities together (the matrix's subject), then the
    /// others.
    fn rank(self) -> u8 {
        match self {
            RowKind::SystemAssigned | RowKind::UserAssigned => 0,
            RowKind::Application => 1,
            RowKind::User => 2,
            RowKind::Group => 3,
        }
    }

    /// The words after a row's name.
    pub fn label(self) -> &'static str {
        match self {
            RowKind::SystemAssigned => "system-assigned",
            RowKind::UserAssigned => "user-assigned",
            RowKind::Application => "app's service principal",
            RowKind::User => "user",
            RowKind::Group => "group",
        }
    }
}

/// One principal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub principal: Guid,
    /// "vm1 (system-assigned)", "id-app (user-assigned)", "ops (group)".
    pub label: String,
    pub kind: RowKind,
    /// The resource with the system-assigned identity, the user-assigned identity's ARM id, or
    /// the principal's object id: what tells two rows of the same name apart.
    pub source_id: String,
}

/// One target scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub scope: String,
    /// "storage account st1", "container logs in st1", "resource group rg1".
    pub label: String,
    pub level: ScopeLevel,
}

/// One principal × scope verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub principal: Guid,
    pub scope: String,
    pub verdict: Verdict,
}

impl Cell {
    pub fn allowed(&self) -> bool {
        self.verdict.outcome == Outcome::Allowed
    }

    /// The key that identifies the cell across matrices: principal and case-folded scope.
    pub fn key(&self) -> (Guid, String) {
        (self.principal, self.scope.to_ascii_lowercase())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessMatrix {
    pub operation: String,
    /// The catalog's friendly name for the operation, if it has one.
    pub friendly: Option<&'static str>,
    pub rows: Vec<Row>,
    pub columns: Vec<Column>,
    /// Row-major: `cells[row * columns.len() + col]`.
    cells: Vec<Cell>,
}

impl AccessMatrix {
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        if col >= self.columns.len() {
            return None;
        }
        self.cells.get(row * self.columns.len() + col)
    }

    /// A row's cells, in column order.
    pub fn row_cells(&self, row: usize) -> &[Cell] {
        let width = self.columns.len();
        self.cells
            .get(row * width..(row + 1) * width)
            .unwrap_or_default()
    }

    pub fn cells(&self) -> &[Cell] {
        &self.cells
    }

    pub fn allowed_count(&self) -> usize {
        self.cells.iter().filter(|c| c.allowed()).count()
    }

    /// The cell of `principal` at `scope` (compared ignoring case).
    pub fn find(&self, principal: Guid, scope: &str) -> Option<&Cell> {
        let row = self.rows.iter().position(|r| r.principal == principal)?;
        let col = self
            .columns
            .iter()
            .position(|c| c.scope.eq_ignore_ascii_case(scope))?;
        self.cell(row, col)
    }

    /// The "can it?" explanation of a cell: the RBAC walk and stamp for its principal and scope.
    pub fn explain(&self, world: &World, row: usize, col: usize) -> Option<CheckFlow> {
        let cell = self.cell(row, col)?;
        let scope = Scope::parse(&cell.scope).ok()?;
        Some(check::explain(
            world,
            cell.principal,
            &self.operation,
            &scope,
        ))
    }
}

/// A cell whose verdict differs between two matrices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub principal: Guid,
    pub scope: String,
    pub before: Verdict,
    pub after: Verdict,
}

impl Change {
    /// True when the outcome flipped (allowed ↔ denied), not only the reason.
    pub fn flipped(&self) -> bool {
        self.before.outcome != self.after.outcome
    }
}

/// The matrix of `operation` over [`rows`] × [`targets_for`].
pub fn access_matrix(world: &World, operation: &str) -> AccessMatrix {
    let targets = targets_for(world, operation);
    access_matrix_with(world, operation, &targets)
}

/// The matrix of `operation` over [`rows`] × the given targets.
pub fn access_matrix_with(world: &World, operation: &str, targets: &[Scope]) -> AccessMatrix {
    let rows = rows(world);
    let principals: Vec<Guid> = rows.iter().map(|r| r.principal).collect();
    let bulk = world.access_matrix(&principals, targets, operation);
    let columns: Vec<Column> = targets
        .iter()
        .map(|scope| Column {
            scope: scope.as_str().to_string(),
            label: match scope.level() {
                ScopeLevel::Child => scope_text(scope.as_str()),
                _ => world.describe_scope(scope),
            },
            level: scope.level(),
        })
        .collect();
    let mut cells = Vec::with_capacity(rows.len() * columns.len());
    for (r, row) in rows.iter().enumerate() {
        for (c, column) in columns.iter().enumerate() {
            if let Some(verdict) = bulk.get(r, c) {
                cells.push(Cell {
                    principal: row.principal,
                    scope: column.scope.clone(),
                    verdict,
                });
            }
        }
    }
    AccessMatrix {
        operation: operation.to_string(),
        friendly: operations::find(operation).map(|o| o.friendly),
        rows,
        columns,
        cells,
    }
}

/// Every live managed identity, then every application's service principal, user and security
/// group other than the learner (who is Owner everywhere; the matrix is about the principals
/// the learner makes), each sorted by label (then by id, for equal names).
pub fn rows(world: &World) -> Vec<Row> {
    let directory = &world.directory;
    let principals = directory.principals().map(|sp| {
        let kind = match sp.source {
            PrincipalSource::System { .. } => RowKind::SystemAssigned,
            PrincipalSource::User { .. } => RowKind::UserAssigned,
            PrincipalSource::Application { .. } => RowKind::Application,
        };
        let source_id = sp
            .source
            .arm_id()
            .map_or_else(|| sp.object_id.to_string(), str::to_string);
        (sp.object_id, sp.display_name.clone(), kind, source_id)
    });
    let users = directory
        .users()
        .filter(|u| u.object_id != world.learner)
        .map(|u| {
            (
                u.object_id,
                u.user_principal_name.clone(),
                RowKind::User,
                u.object_id.to_string(),
            )
        });
    let groups = directory.groups().map(|g| {
        (
            g.object_id,
            g.display_name.clone(),
            RowKind::Group,
            g.object_id.to_string(),
        )
    });
    let mut rows: Vec<Row> = principals
        .chain(users)
        .chain(groups)
        .map(|(principal, name, kind, source_id)| Row {
            principal,
            label: format!("{name} ({})", kind.label()),
            kind,
            source_id,
        })
        .collect();
    sort_by(&mut rows, |a, b| {
        (
            a.kind.rank(),
            a.label.to_ascii_lowercase(),
            a.source_id.to_ascii_lowercase(),
        )
            .cmp(&(
                b.kind.rank(),
                b.label.to_ascii_lowercase(),
                b.source_id.to_ascii_lowercase(),
            ))
    });
    rows
}

/// The scopes where `operation` makes sense (see the module docs), in the world's order.
pub fn targets_for(world: &World, operation: &str) -> Vec<Scope> {
    let op = operation.trim().to_ascii_lowercase();
    let kinds: Vec<ResourceKind> = ResourceKind::ALL
        .into_iter()
        .filter(|k| op.starts_with(&format!("{}/", k.arm_type().to_ascii_lowercase())))
        .collect();
    let with_containers = op.contains("/blobservices/containers");
    let mut ids: Vec<String> = Vec::new();
    if kinds.is_empty() {
        ids.push(format!(
            "/subscriptions/{}",
            world.default_subscription().id
        ));
        for group in world.groups() {
            ids.push(group.id());
            ids.extend(
                world
                    .resources()
                    .filter(|r| r.group.eq_ignore_ascii_case(&group.name))
                    .map(|r| r.id.clone()),
            );
        }
    } else {
        for resource in world.resources().filter(|r| kinds.contains(&r.kind)) {
            ids.push(resource.id.clone());
            if with_containers {
                ids.extend(
                    resource
                        .containers()
                        .iter()
                        .map(|c| format!("{}/blobServices/default/containers/{c}", resource.id)),
                );
            }
        }
    }
    ids.iter().filter_map(|id| Scope::parse(id).ok()).collect()
}

/// The cells whose verdict (outcome or reason) differs between `before` and `after`, matched
/// by principal and scope, in `after`'s order. Cells only one matrix has (a new identity, a
/// deleted resource) are not changes.
pub fn changed_cells(before: &AccessMatrix, after: &AccessMatrix) -> Vec<Change> {
    let earlier: HashMap<(Guid, String), Verdict> =
        before.cells.iter().map(|c| (c.key(), c.verdict)).collect();
    after
        .cells
        .iter()
        .filter_map(|cell| {
            let was = *earlier.get(&cell.key())?;
            (was != cell.verdict).then(|| Change {
                principal: cell.principal,
                scope: cell.scope.clone(),
                before: was,
                after: cell.verdict,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::sim::evaluate::Reason;
    use crate::view::testing::run;

    const READ_BLOBS: &str = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";

    const WORLD: &str = r#"az group create -n rg1 -l westeurope
az identity create -g rg1 -n id-app
az vm create -g rg1 -n vm1 --assign-identity
az vm create -g rg1 -n vm2 --assign-identity [system] id-app
az storage account create -g rg1 -n st1
az storage container create --account-name st1 -n logs
az storage account create -g rg1 -n st2
az role assignment create --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)/blobServices/default/containers/logs
az role assignment create --assignee $(az identity show -g rg1 -n id-app --query principalId -o tsv) --role 'Storage Blob Data Contributor' --scope $(az group show -n rg1 --query id -o tsv)
"#;

    /// Rows, columns and the allowed cells, one line each.
    fn render(m: &AccessMatrix) -> String {
        let mut out = vec![
            format!(
                "rows: {}",
                m.rows
                    .iter()
                    .map(|r| r.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            format!(
                "columns: {}",
                m.columns
                    .iter()
                    .map(|c| c.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ];
        for (r, row) in m.rows.iter().enumerate() {
            let verdicts: Vec<&str> = m
                .row_cells(r)
                .iter()
                .map(|c| c.verdict.reason.code())
                .collect();
            out.push(format!("{}: {}", row.label, verdicts.join(" | ")));
        }
        out.join("\n")
    }

    #[test]
    fn identities_by_blob_targets() {
        let session = run(WORLD);
        let matrix = access_matrix(&session.world, READ_BLOBS);
        expect![[r#"
            rows: id-app (user-assigned), vm1 (system-assigned), vm2 (system-assigned)
            columns: storage account st1, container logs in st1, storage account st2
            id-app (user-assigned): role-assignment | role-assignment | role-assignment
            vm1 (system-assigned): no-role-assignment | role-assignment | no-role-assignment
            vm2 (system-assigned): no-role-assignment | no-role-assignment | no-role-assignment"#]]
        .assert_eq(&render(&matrix));
        assert_eq!(matrix.friendly, Some("Read blobs"));
    }

    #[test]
    fn deleted_identities_have_no_row() {
        let session = run(&format!(
            "{WORLD}az vm identity remove -g rg1 -n vm1 --identities [system]"
        ));
        let matrix = access_matrix(&session.world, READ_BLOBS);
        assert!(matrix.rows.iter().all(|r| !r.label.starts_with("vm1 ")));
        assert_eq!(matrix.rows.len(), 2);
    }

    #[test]
    fn targets_follow_the_operation() {
        let session = run(WORLD);
        let world = &session.world;
        let names = |op: &str| -> Vec<String> {
            targets_for(world, op)
                .iter()
                .map(|s| scope_text(s.as_str()))
                .collect()
        };
        assert_eq!(names(READ_BLOBS), ["st1", "container logs in st1", "st2"]);
        assert_eq!(
            names("Microsoft.Storage/storageAccounts/listkeys/action"),
            ["st1", "st2"]
        );
        assert_eq!(
            names("Microsoft.Compute/virtualMachines/restart/action"),
            ["vm1", "vm2"]
        );
        expect!["subscription 9c90c00a-bbb4-411a-8c27-0ece0d07dd74, resource group rg1, vm1, vm2, id-app, st1, st2"]
            .assert_eq(&names("Microsoft.Authorization/roleAssignments/write").join(", "));
    }

    #[test]
    fn deleting_an_assignment_flips_exactly_its_cell() {
        let before_session = run(WORLD);
        let after_session = run(&format!(
            "{WORLD}az role assignment delete --assignee $(az vm show -g rg1 -n vm1 --query identity.principalId -o tsv) --role 'Storage Blob Data Reader' --scope $(az storage account show -g rg1 -n st1 --query id -o tsv)/blobServices/default/containers/logs"
        ));
        let before = access_matrix(&before_session.world, READ_BLOBS);
        let after = access_matrix(&after_session.world, READ_BLOBS);
        let vm1 = before
            .rows
            .iter()
            .find(|r| r.label == "vm1 (system-assigned)")
            .expect("vm1")
            .principal;
        let logs = before
            .columns
            .iter()
            .find(|c| c.label == "container logs in st1")
            .expect("logs")
            .scope
            .clone();
        assert!(before.find(vm1, &logs).is_some_and(Cell::allowed));
        assert!(after.find(vm1, &logs).is_some_and(|c| !c.allowed()));
        let changes = changed_cells(&before, &after);
        assert_eq!(changes.len(), 1, "{changes:#?}");
        let change = &changes[0];
        assert_eq!(
            (change.principal, change.scope.as_str()),
            (vm1, logs.as_str())
        );
        assert!(change.flipped());
        assert_eq!(change.before.reason, Reason::RoleAssignment);
        assert_eq!(change.after.reason, Reason::NoRoleAssignment);
    }

    #[test]
    fn cells_match_by_key_not_by_position() {
        // A new identity sorts first and shifts every row; nothing changed for the others.
        let before = access_matrix(&run(WORLD).world, READ_BLOBS);
        let after = access_matrix(
            &run(&format!("{WORLD}az identity create -g rg1 -n aaa-first")).world,
            READ_BLOBS,
        );
        assert_eq!(after.rows[0].label, "aaa-first (user-assigned)");
        assert!(changed_cells(&before, &after).is_empty());
        assert!(changed_cells(&before, &before).is_empty());
    }

    #[test]
    fn every_cell_opens_an_explanation_that_agrees() {
        let session = run(&format!(
            "{WORLD}mip deny-assignment create --name no-read --scope st2 --data-actions '*/read'"
        ));
        let matrix = access_matrix(&session.world, READ_BLOBS);
        for r in 0..matrix.rows.len() {
            for c in 0..matrix.columns.len() {
                let cell = matrix.cell(r, c).expect("a cell");
                let flow = matrix
                    .explain(&session.world, r, c)
                    .expect("an explanation");
                let stamp = flow.stamp().expect("a stamp");
                assert_eq!(
                    (stamp.outcome, stamp.reason),
                    (cell.verdict.outcome, cell.verdict.reason)
                );
            }
        }
        assert!(matrix.cell(0, matrix.columns.len()).is_none());
        assert!(matrix.cell(matrix.rows.len(), 0).is_none());
    }

    #[test]
    fn a_hundred_identities_by_a_hundred_targets() {
        let mut script = String::from("az group create -n rg1 -l westeurope\n");
        for i in 0..100 {
            script.push_str(&format!("az identity create -g rg1 -n id{i:03}\n"));
        }
        for i in 0..50 {
            script.push_str(&format!("az storage account create -g rg1 -n st{i:03}\n"));
            script.push_str(&format!(
                "az storage container create --account-name st{i:03} -n c{i:03}\n"
            ));
        }
        for i in 0..100 {
            let account = format!(
                "$(az storage account show -g rg1 -n st{:03} --query id -o tsv)",
                i / 2
            );
            let scope = if i % 2 == 0 {
                account
            } else {
                format!("{account}/blobServices/default/containers/c{:03}", i / 2)
            };
            script.push_str(&format!("az role assignment create --assignee $(az identity show -g rg1 -n id{i:03} --query principalId -o tsv) --role 'Storage Blob Data Reader' --scope {scope}\n"));
        }
        let session = run(&script);
        let matrix = access_matrix(&session.world, READ_BLOBS);
        assert_eq!((matrix.rows.len(), matrix.columns.len()), (100, 100));
        assert_eq!(matrix.cells().len(), 10_000);
        // Each even identity reads an account and its container; each odd one only a container.
        assert_eq!(matrix.allowed_count(), 50 * 2 + 50);
        assert!(changed_cells(&matrix, &matrix).is_empty());
    }
}

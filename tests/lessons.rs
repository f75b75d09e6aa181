//! Every lesson, replayed through the core the way a learner who follows it would.
//!
//! For each lesson: the file parses; its setup runs without a failed statement; every step's
//! run block and solution run cleanly; every goal is unmet before its step's solution (a goal
//! that already holds teaches nothing) and met after it, with or without the step's run block;
//! following the solutions completes the lesson; and every rule it cites is one that
//! `tests/rules.rs` proves.

mod support;

use mip::sim::script::session::Session;
use mip::view::lesson::{catalog, check_goal, Lesson, Progress, LESSON_FILES};
use support::{assert_as_expected, assert_catalog_matches, proven_rules};

fn lessons() -> Vec<Lesson> {
    catalog().unwrap_or_else(|e| panic!("{e}"))
}

/// Runs statements in the session; fails the test, naming the lesson and the step, if any fails
/// but those marked `# fails: CODE`, or one of those does not fail with its code.
fn run_ok(session: &mut Session, script: &str, what: &str) {
    let records = session.execute(script).to_vec();
    assert_as_expected(what, script, &records);
}

/// Why a goal does not hold, for the failure message.
fn unmet(lesson: &Lesson, step: usize, session: &Session) -> Vec<String> {
    let goal = lesson.steps[step].goal.as_ref().expect("a goal");
    check_goal(goal, &session.world)
        .expectations
        .into_iter()
        .filter_map(|e| e.unmet.map(|why| format!("{}\n    {why}", e.statement)))
        .collect()
}

fn met(lesson: &Lesson, step: usize, session: &Session) -> bool {
    unmet(lesson, step, session).is_empty()
}

#[test]
fn every_lesson_file_is_in_the_catalog() {
    assert_catalog_matches(
        "lessons",
        LESSON_FILES,
        "LESSON_FILES in src/view/lesson.rs",
    );
}

#[test]
fn every_lesson_parses_and_is_numbered_in_order() {
    let lessons = lessons();
    assert!(lessons.len() >= 10, "at least ten lessons");
    for (i, lesson) in lessons.iter().enumerate() {
        let number = format!("{:02}-", i + 1);
        assert!(
            lesson.id.starts_with(&number),
            "{} should start with {number}",
            lesson.id
        );
        assert!(
            lesson.steps.iter().any(|s| s.goal.is_some()),
            "{}: a lesson has at least one goal for the learner to reach",
            lesson.id
        );
    }
}

#[test]
fn every_setup_runs_cleanly_and_meets_no_goal() {
    for lesson in lessons() {
        let mut session = Session::new();
        run_ok(&mut session, &lesson.setup, &format!("{} setup", lesson.id));
        let mut progress = Progress::new();
        assert_eq!(
            progress.observe(&lesson, &session),
            Vec::<usize>::new(),
            "{}: the setup alone completes no step",
            lesson.id
        );
    }
}

/// The heart of it: each goal is reached by its solution and by nothing before it.
#[test]
fn every_goal_is_unmet_before_its_solution_and_met_after() {
    for lesson in lessons() {
        let mut session = Session::new();
        run_ok(&mut session, &lesson.setup, &format!("{} setup", lesson.id));
        for (i, step) in lesson.steps.iter().enumerate() {
            let what = format!("{} step {} ({})", lesson.id, i + 1, step.title);
            if step.goal.is_some() {
                assert!(
                    !met(&lesson, i, &session),
                    "{what}: the goal already holds before the step"
                );
                // The run block is a demonstration: the goal needs the learner's action.
                let mut without_run = session.clone();
                if let Some(run) = &step.run {
                    run_ok(&mut session, run, &format!("{what} run"));
                    assert!(
                        !met(&lesson, i, &session),
                        "{what}: the run block reaches the goal"
                    );
                }
                let solution = step.solution.as_deref().expect("a goal has a solution");
                run_ok(
                    &mut without_run,
                    solution,
                    &format!("{what} solution without run"),
                );
                let missing = unmet(&lesson, i, &without_run);
                assert!(
                    missing.is_empty(),
                    "{what}: the solution alone does not reach the goal:\n{}",
                    missing.join("\n")
                );
                run_ok(&mut session, solution, &format!("{what} solution"));
                let missing = unmet(&lesson, i, &session);
                assert!(
                    missing.is_empty(),
                    "{what}: the solution does not reach the goal:\n{}",
                    missing.join("\n")
                );
            } else {
                for block in [&step.run, &step.solution].into_iter().flatten() {
                    run_ok(&mut session, block, &what);
                }
            }
        }
    }
}

/// A learner who follows every step (Run where a step has no goal, the solution where it has one)
/// finishes the lesson, one step at a time.
#[test]
fn following_the_solutions_completes_every_lesson() {
    for lesson in lessons() {
        let mut progress = Progress::new();
        let mut session = Session::run(&lesson.setup);
        for (i, step) in lesson.steps.iter().enumerate() {
            assert_eq!(progress.current_step(&lesson), Some(i), "{}", lesson.id);
            let what = format!("{} step {}", lesson.id, i + 1);
            if let Some(run) = &step.run {
                run_ok(&mut session, run, &what);
            }
            if step.goal.is_some() {
                assert!(
                    progress.observe(&lesson, &session).is_empty(),
                    "{} step {}",
                    lesson.id,
                    i + 1
                );
                let solution = lesson.solution_script(i).expect("a solution");
                run_ok(&mut session, solution, &what);
                assert_eq!(
                    progress.observe(&lesson, &session),
                    [i],
                    "{} step {}",
                    lesson.id,
                    i + 1
                );
            } else {
                if let Some(solution) = &step.solution {
                    run_ok(&mut session, solution, &what);
                }
                assert!(
                    progress.continue_step(&lesson),
                    "{} step {}",
                    lesson.id,
                    i + 1
                );
            }
        }
        assert!(progress.is_complete(&lesson), "{}", lesson.id);
        // "Skip to step" loads the same script the learner would have run.
        let replay = Session::run(&lesson.script_before(lesson.steps.len()));
        assert_eq!(
            replay.world.assignments(),
            session.world.assignments(),
            "{}",
            lesson.id
        );
    }
}

#[test]
fn every_cited_rule_is_one_the_rule_tests_prove() {
    let proven = proven_rules();
    assert!(
        proven.contains("MI-1.1") && proven.contains("RB-4.10") && proven.contains("FI-6.1"),
        "{proven:?}"
    );
    for lesson in lessons() {
        for rule in &lesson.rules {
            assert!(
                proven.contains(rule),
                "{} cites {rule}, which no rule suite (tests/rules.rs, signin.rs, entra.rs, data_plane.rs, principals.rs) proves",
                lesson.id
            );
        }
    }
}

/// The ten lessons the playground promises, each citing the rules it is built on.
#[test]
fn the_lessons_teach_the_promised_rules() {
    let lessons = lessons();
    let expected: [(&str, &[&str]); 10] = [
        ("01-why-managed-identities", &["MI-1.1", "TK-3.7"]),
        ("02-system-assigned", &["MI-1.1", "MI-1.5"]),
        ("03-user-assigned", &["MI-2.1"]),
        ("04-the-100-vm-problem", &["MI-2.1"]),
        ("05-turn-it-off-and-on-again", &["MI-1.3"]),
        ("06-control-plane-vs-data-plane", &["RB-4.6", "RB-4.2"]),
        ("07-several-user-assigned-identities", &["TK-3.2"]),
        ("08-key-vault-permission-models", &["RB-4.10"]),
        ("09-github-actions-federated-credential", &["FI-6.1"]),
        ("10-who-may-do-what", &["MI-2.4"]),
    ];
    for (id, rules) in expected {
        let lesson = lessons
            .iter()
            .find(|l| l.id == id)
            .unwrap_or_else(|| panic!("no lesson {id}"));
        for rule in rules {
            assert!(lesson.rules.iter().any(|r| r == rule), "{id} cites {rule}");
        }
    }
}

/// The playground's page fetches the lesson files when its Lessons panel first needs them
/// (`ui::lesson_files`): none of its lesson code may reach for the compiled-in texts, or they
/// would be linked into its WebAssembly module again. (The presenter, notes and embed pages
/// still use them.)
#[test]
fn the_playground_fetches_lessons_instead_of_compiling_them_in() {
    let root = env!("CARGO_MANIFEST_DIR");
    for file in [
        "src/ui/app.rs",
        "src/ui/lesson_files.rs",
        "src/ui/components/lesson_panel.rs",
        "src/ui/components/lesson_picker.rs",
        "src/ui/components/embed_dialog.rs",
    ] {
        let path = format!("{root}/{file}");
        let source =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path} unreadable: {e}"));
        for compiled_in in ["catalog(", "LESSON_FILES", "include_str!"] {
            assert!(
                !source.contains(compiled_in),
                "{file} uses {compiled_in}: fetch the lessons with ui::lesson_files::use_lessons"
            );
        }
    }
    let loader = std::fs::read_to_string(format!("{root}/src/ui/lesson_files.rs")).unwrap();
    assert!(
        loader.contains("LESSON_NAMES"),
        "the loader fetches the files LESSON_NAMES lists"
    );
}

/// The build copies the lesson files beside the page, where the loader fetches them.
#[test]
fn the_build_copies_the_lesson_files_beside_the_page() {
    let index = std::fs::read_to_string(format!("{}/index.html", env!("CARGO_MANIFEST_DIR")))
        .expect("index.html");
    assert!(
        index.contains(r#"<link data-trunk rel="copy-dir" href="static/lessons" />"#),
        "index.html copies static/lessons to dist/lessons"
    );
}

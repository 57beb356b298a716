//! The shape ARCHITECTURE.md promises, checked on every test run: no import circle between the
//! files of any crate, and the web and command-line layers reach the database only through
//! `tandem-app`.
//!
//! A file imports another when it names an item through a path that resolves to that file's
//! module (`use crate::http::page::PageCtx`, `super::form(…)`, `pages::list` for a child module).
//! Test modules at the end of a file (`#[cfg(test)] mod …`) are left out: they may use anything.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// One crate's source files, keyed by module path (`[]` for the crate root).
struct Crate {
    modules: BTreeMap<Vec<String>, PathBuf>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("file under src");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().expect("a file name");
    match last.as_str() {
        "lib.rs" | "main.rs" | "mod.rs" => {}
        name => parts.push(name.trim_end_matches(".rs").to_owned()),
    }
    parts
}

fn load_crate(src: &Path) -> Crate {
    let mut files = vec![];
    rust_files(src, &mut files);
    // Binaries under src/bin are crates of their own; they have no module parents here.
    files.retain(|f| !f.strip_prefix(src).is_ok_and(|r| r.starts_with("bin")));
    let modules = files.iter().map(|f| (module_path(src, f), f.clone())).collect();
    Crate { modules }
}

/// The code of a file without its trailing test module and line comments.
fn code_of(text: &str) -> String {
    let cut = text.find("#[cfg(test)]\nmod ").unwrap_or(text.len());
    text[..cut]
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") { "" } else { line }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Expands a `use` tree (`a::{b, c::{d, e}}`) into its paths.
fn expand_use(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else { return vec![tree] };
    let prefix = &tree[..open];
    let Some(close) = tree.rfind('}') else { return vec![tree] };
    let inner = &tree[open + 1..close];
    let mut items = vec![];
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(&inner[start..]);
    items.into_iter().filter(|i| !i.is_empty()).flat_map(|i| expand_use(&format!("{prefix}{i}"))).collect()
}

/// Every path a file names that starts at `crate`, `super`, `self` or one of its child modules.
fn paths_named(code: &str, children: &BTreeSet<String>) -> Vec<String> {
    let mut paths = vec![];
    let mut rest = code;
    while let Some(at) = rest.find("use ") {
        let before_ok = at == 0 || !is_ident_char(rest[..at].chars().next_back().unwrap_or(' '));
        let tail = &rest[at + 4..];
        let end = tail.find(';').unwrap_or(tail.len());
        if before_ok {
            paths.extend(expand_use(&tail[..end]));
        }
        rest = &tail[end.min(tail.len())..];
    }
    let chars: Vec<(usize, char)> = code.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let boundary = i == 0 || !is_ident_char(chars[i - 1].1) && chars[i - 1].1 != ':';
        if boundary && is_ident_char(c) {
            let mut j = i;
            while j < chars.len() && (is_ident_char(chars[j].1) || chars[j].1 == ':') {
                j += 1;
            }
            let end = if j < chars.len() { chars[j].0 } else { code.len() };
            let path = code[start..end].trim_end_matches(':');
            let first = path.split("::").next().unwrap_or("");
            if path.contains("::") && (matches!(first, "crate" | "super" | "self") || children.contains(first)) {
                paths.push(path.to_owned());
            }
            i = j;
        } else {
            i += 1;
        }
    }
    paths
}

fn declared_children(code: &str) -> BTreeSet<String> {
    code.lines()
        .filter_map(|line| {
            let line = line.trim();
            let line = line.strip_prefix("pub(crate) ").or_else(|| line.strip_prefix("pub ")).unwrap_or(line);
            let name = line.strip_prefix("mod ")?.strip_suffix(';')?;
            Some(name.trim().to_owned())
        })
        .collect()
}

/// The file a path names, if it is another file of this crate.
fn resolve(krate: &Crate, here: &[String], path: &str) -> Option<PathBuf> {
    let mut segments: Vec<&str> = path.split("::").collect();
    let mut base: Vec<String> = here.to_vec();
    match segments.first().copied() {
        Some("crate") => {
            base.clear();
            segments.remove(0);
        }
        Some("self") => {
            segments.remove(0);
        }
        Some("super") => {
            while segments.first() == Some(&"super") {
                base.pop();
                segments.remove(0);
            }
        }
        _ => {}
    }
    let mut full = base;
    full.extend(segments.iter().map(|s| (*s).to_owned()));
    (0..=full.len()).rev().find_map(|n| krate.modules.get(&full[..n]).cloned())
}

/// Tarjan's strongly connected components with more than one file.
fn circles(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    struct State<'a> {
        edges: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        index: BTreeMap<&'a PathBuf, usize>,
        low: BTreeMap<&'a PathBuf, usize>,
        stack: Vec<&'a PathBuf>,
        on_stack: BTreeSet<&'a PathBuf>,
        next: usize,
        found: Vec<Vec<PathBuf>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a PathBuf) {
        s.index.insert(v, s.next);
        s.low.insert(v, s.next);
        s.next += 1;
        s.stack.push(v);
        s.on_stack.insert(v);
        if let Some(targets) = s.edges.get(v) {
            for w in targets {
                let Some((w, _)) = s.edges.get_key_value(w) else { continue };
                if !s.index.contains_key(w) {
                    visit(s, w);
                    let low = s.low[v].min(s.low[w]);
                    s.low.insert(v, low);
                } else if s.on_stack.contains(w) {
                    let low = s.low[v].min(s.index[w]);
                    s.low.insert(v, low);
                }
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = vec![];
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: vec![],
        on_stack: BTreeSet::new(),
        next: 0,
        found: vec![],
    };
    for v in edges.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.found
}

fn import_edges(src: &Path) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let krate = load_crate(src);
    let mut edges = BTreeMap::new();
    for (module, file) in &krate.modules {
        let text = std::fs::read_to_string(file).expect("readable source");
        let code = code_of(&text);
        let children = declared_children(&code);
        // Inside `a/b.rs` (module `a::b`), `super` is `a` and a child `c` declared there is `a::b::c`.
        let targets: BTreeSet<PathBuf> = paths_named(&code, &children)
            .iter()
            .filter_map(|path| {
                let first = path.split("::").next().unwrap_or("");
                let path = if children.contains(first) { format!("self::{path}") } else { path.clone() };
                resolve(&krate, module, &path)
            })
            .filter(|target| target != file)
            .collect();
        edges.insert(file.clone(), targets);
    }
    edges
}

fn crate_sources() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(workspace().join("crates"))
        .expect("crates folder")
        .flatten()
        .map(|e| e.path().join("src"))
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Circles that predate this check. All are broken; the list stays so that a circle someone
/// cannot break at once is named here, visibly, rather than hidden. It may only shrink: the test
/// fails on any other circle and on a listed one that is gone.
const KNOWN_CIRCLES: [&str; 0] = [];

#[test]
fn no_crate_has_an_import_circle() {
    let mut found = vec![];
    for src in crate_sources() {
        for circle in circles(&import_edges(&src)) {
            let names: Vec<String> = circle
                .iter()
                .map(|p| p.strip_prefix(workspace()).unwrap_or(p).display().to_string().replace("../", ""))
                .collect();
            found.push(names.join(" ↔ "));
        }
    }
    let new: Vec<&String> = found.iter().filter(|c| !KNOWN_CIRCLES.contains(&c.as_str())).collect();
    assert!(new.is_empty(), "import circles (break each by moving the shared item down a layer):\n{new:#?}");
    let gone: Vec<&&str> = KNOWN_CIRCLES.iter().filter(|k| !found.iter().any(|c| c == *k)).collect();
    assert!(gone.is_empty(), "these circles are gone or changed: update KNOWN_CIRCLES\n{gone:#?}");
}

#[test]
fn the_checker_sees_a_circle_and_a_child_reference() {
    let dir = std::env::temp_dir().join(format!("tandem-shape-{}", std::process::id()));
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("area")).expect("temp dir");
    std::fs::write(src.join("lib.rs"), "mod area;\nmod kit;\n").expect("write");
    std::fs::write(src.join("kit.rs"), "pub fn helper() {}\n").expect("write");
    std::fs::write(src.join("area/mod.rs"), "mod pages;\npub fn routes() { pages::list(); }\npub fn shared() {}\n")
        .expect("write");
    std::fs::write(src.join("area/pages.rs"), "use crate::kit::helper;\npub fn list() { helper(); }\n").expect("write");
    assert!(circles(&import_edges(&src)).is_empty(), "a parent naming its child is no circle");
    std::fs::write(src.join("area/pages.rs"), "use super::shared;\npub fn list() { shared(); }\n").expect("write");
    let found = circles(&import_edges(&src));
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(found.len(), 1, "a child importing from its parent closes a circle: {found:?}");
    assert_eq!(found[0].len(), 2);
}

fn dependencies(manifest: &str) -> Vec<String> {
    let text = std::fs::read_to_string(workspace().join(manifest)).expect("manifest");
    let mut in_dependencies = false;
    let mut names = vec![];
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if in_dependencies && let Some((name, _)) = line.split_once('=') {
            names.push(name.trim().split('.').next().unwrap_or("").to_owned());
        }
    }
    names
}

#[test]
fn web_and_cli_reach_the_database_only_through_app() {
    for manifest in ["crates/web/Cargo.toml", "crates/cli/Cargo.toml"] {
        let deps = dependencies(manifest);
        assert!(deps.iter().any(|d| d == "tandem-app"), "{manifest} should depend on tandem-app: {deps:?}");
        for forbidden in ["tandem-store", "sqlx"] {
            assert!(!deps.iter().any(|d| d == forbidden), "{manifest} depends on {forbidden} directly");
        }
    }
}

#[test]
fn every_access_code_is_in_the_architecture_document() {
    let doc = std::fs::read_to_string(workspace().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let missing: Vec<&str> = tandem_domain::access::Action::every_kind()
        .iter()
        .map(|a| a.code())
        .filter(|code| !doc.contains(&format!("`{code}`")))
        .collect();
    assert!(missing.is_empty(), "ARCHITECTURE.md does not name these action codes: {missing:?}");
}

/// Where the one-call rule holds: every handler of the web crate.
const ONE_CALL_AREAS: [&str; 1] = ["crates/web/src"];

/// A handler makes one use-case call (through any name the file gives an app module, or
/// `tandem_app::…` spelt out, or `app.authorize`); a form post that answers with its page again
/// makes the command and then the one query that renders it, so at most two.
#[test]
fn handlers_of_model_areas_make_one_use_case_call() {
    let mut files = vec![];
    for area in ONE_CALL_AREAS {
        rust_files(&workspace().join(area), &mut files);
    }
    assert!(!files.is_empty());
    let mut over = vec![];
    for file in &files {
        let code = code_of(&std::fs::read_to_string(file).expect("source"));
        let aliases = app_aliases(&code);
        let mut functions: Vec<(String, String)> = vec![];
        for line in code.lines() {
            let head = line.strip_prefix("pub(crate) ").or_else(|| line.strip_prefix("pub ")).unwrap_or(line);
            let head = head.strip_prefix("async ").unwrap_or(head);
            if let Some(rest) = head.strip_prefix("fn ") {
                let name = rest.split(['(', '<']).next().unwrap_or("").to_owned();
                functions.push((name, String::new()));
            } else if let Some((_, body)) = functions.last_mut() {
                body.push_str(line);
                body.push('\n');
            }
        }
        for (name, body) in functions {
            let calls = use_case_calls(&body, &aliases);
            if calls > 2 {
                over.push(format!("{}: {name} makes {calls} use-case calls", file.display()));
            }
        }
    }
    assert!(over.is_empty(), "{over:#?}");
}

/// Calls of use cases in a piece of code: `uc::name(` or `queries::name(`, not types such as
/// `uc::Equipment`.
fn use_case_calls(body: &str, aliases: &[String]) -> usize {
    let mut prefixes: Vec<String> = aliases.iter().map(|a| format!("{a}::")).collect();
    prefixes.push("tandem_app::".into());
    let qualified = |rest: &str| -> Option<usize> {
        // `a::b::call(` — modules may nest; the call is the last, lower-case segment.
        let mut rest = rest;
        loop {
            let ident: String = rest.chars().take_while(|c| is_ident_char(*c)).collect();
            let after = &rest[ident.len()..];
            if let Some(deeper) = after.strip_prefix("::") {
                rest = deeper;
                continue;
            }
            return (ident.chars().next().is_some_and(char::is_lowercase) && after.starts_with('(')).then_some(1);
        }
    };
    let mut calls: usize = prefixes
        .iter()
        .map(|prefix| {
            body.match_indices(prefix.as_str())
                .filter(|(at, _)| {
                    let boundary =
                        *at == 0 || !body[..*at].chars().next_back().is_some_and(|c| is_ident_char(c) || c == ':');
                    boundary && qualified(&body[at + prefix.len()..]).is_some()
                })
                .count()
        })
        .sum();
    calls += body.matches(".app.authorize(").count();
    calls
}

/// The names under which a file calls the app layer: `use tandem_app::x::{self as uc}`,
/// `use tandem_app::x as y`, `use tandem_app::x::queries;`.
fn app_aliases(code: &str) -> Vec<String> {
    let mut aliases = vec![];
    for line in code.lines().map(str::trim) {
        let Some(path) = line.strip_prefix("use tandem_app::") else { continue };
        let path = path.trim_end_matches(';');
        for part in path.split(['{', '}', ',']).map(str::trim) {
            if let Some((_, alias)) = part.split_once(" as ") {
                aliases.push(alias.trim().to_owned());
            } else if let Some(last) = part.rsplit("::").next()
                && last.chars().next().is_some_and(char::is_lowercase)
                && last != "self"
            {
                aliases.push(last.to_owned());
            }
        }
    }
    aliases
}

#[test]
fn use_case_calls_are_counted_and_types_are_not() {
    let code = "use tandem_app::sharing::{self as uc, Equipment, queries};\n\
                use tandem_app::talent::curriculum as cur;\n";
    let aliases = app_aliases(code);
    assert_eq!(aliases, ["uc", "queries", "cur"]);
    let body = "let (item, _) = uc::get(&app, &ctx, id).await?;\n\
                let page = queries::item_page(&app, &ctx, id, 0).await?;\n\
                let row: uc::Equipment = uc::revise(&app, &ctx, id, &input).await?;\n\
                let items = cur::items(&app, &ctx, id).await?;\n\
                let v = tandem_app::org::get_enterprise(&app, &ctx, id).await?;\n\
                state.app.authorize(&ctx, action).await?;\n\
                let x = my_uc::other(1);";
    assert_eq!(use_case_calls(body, &aliases), 6);
}

const MATRIX_START: &str = "<!-- rule table: generated from Actor::may by crates/test-support/tests/shape.rs -->";
const MATRIX_END: &str = "<!-- end of rule table -->";

/// The rule table as `Actor::may` decides it, one row per action and one column per role: `✓`
/// for any record, `own` only for the actor's own organisation (or themselves), blank never.
/// An action's organisation is of the kind the action is about (an order class's enterprise,
/// an item's lab), so a teacher's lab never passes for an enterprise.
fn rule_table() -> String {
    use tandem_domain::access::{Action, Actor, Grant, Role};
    use tandem_domain::org::OrgKind;
    // Each role with a membership in each kind of organisation it is usually found in.
    let homes = |role: Role| match role {
        Role::PlatformAdmin | Role::UniversityStaff => vec![OrgKind::University],
        Role::Teacher => vec![OrgKind::College, OrgKind::Lab],
        Role::Student => vec![OrgKind::College],
        Role::EnterpriseAdmin | Role::EnterpriseMember | Role::EnterpriseExpert => vec![OrgKind::Enterprise],
        Role::GovernmentOfficer => vec![OrgKind::Government],
        Role::ResearchMember => vec![OrgKind::Institute],
    };
    // Organisation ids by kind: the actor's own (10 + kind) and another one (100 + kind).
    let own_org = |kind: OrgKind| 10 + OrgKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as i64;
    let other_org = |kind: OrgKind| 100 + OrgKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as i64;
    let actors: Vec<Actor> = Role::ALL
        .iter()
        .map(|&role| Actor {
            person_id: 1,
            grants: homes(role).into_iter().map(|kind| Grant { org_id: own_org(kind), org_kind: kind, role }).collect(),
        })
        .collect();
    let mut out = String::from("| action |");
    for role in Role::ALL {
        out.push_str(&format!(" {} |", role.code().replace('_', " ")));
    }
    out.push_str("\n| --- |");
    out.push_str(&" :-: |".repeat(Role::ALL.len()));
    out.push('\n');
    let (own, others) = (Action::every_kind_about(1, &own_org), Action::every_kind_about(2, &other_org));
    for (mine, theirs) in own.iter().zip(others.iter()) {
        out.push_str(&format!("| `{}` |", mine.code()));
        for actor in &actors {
            let cell = match (actor.may(*mine), actor.may(*theirs)) {
                (true, true) => "✓",
                (true, false) => "own",
                (false, true) => "others",
                (false, false) => "",
            };
            out.push_str(&format!(" {cell} |"));
        }
        out.push('\n');
    }
    out
}

/// ARCHITECTURE.md holds the rule table as `Actor::may` decides it. After changing a rule, run
/// `TANDEM_BLESS=1 cargo test -p tandem-test-support --test shape` to write the new table.
#[test]
fn the_documented_rule_table_is_the_one_the_code_decides() {
    let path = workspace().join("ARCHITECTURE.md");
    let doc = std::fs::read_to_string(&path).expect("ARCHITECTURE.md");
    let start = doc.find(MATRIX_START).expect("ARCHITECTURE.md has the rule-table start marker") + MATRIX_START.len();
    let end = doc.find(MATRIX_END).expect("ARCHITECTURE.md has the rule-table end marker");
    let table = rule_table();
    let documented = doc[start..end].trim();
    if documented == table.trim() {
        return;
    }
    #[allow(clippy::disallowed_methods)] // a test's switch, like INSTA_UPDATE
    let bless = std::env::var("TANDEM_BLESS").is_ok_and(|v| v == "1");
    if bless {
        let updated = format!("{}\n\n{}\n{}", &doc[..start], table.trim(), &doc[end..]);
        std::fs::write(&path, updated).expect("write ARCHITECTURE.md");
        return;
    }
    panic!(
        "ARCHITECTURE.md's rule table differs from Actor::may; run \
         `TANDEM_BLESS=1 cargo test -p tandem-test-support --test shape` and read the diff.\nexpected:\n{table}"
    );
}

/// utoipa names a schema by its type's bare name, so two `ToSchema` types of one name in two
/// areas would silently share one entry of the OpenAPI document: names must be unique.
#[test]
fn every_api_schema_has_its_own_name() {
    let mut files = vec![];
    rust_files(&workspace().join("crates/web/src"), &mut files);
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut clashes = vec![];
    for file in &files {
        let code = std::fs::read_to_string(file).expect("source");
        let mut derives_schema = false;
        for line in code.lines().map(str::trim) {
            if line.starts_with("#[derive(") {
                derives_schema = line.contains("ToSchema");
            } else if derives_schema && (line.starts_with("pub struct ") || line.starts_with("pub enum ")) {
                let name: String = line
                    .split_whitespace()
                    .nth(2)
                    .unwrap_or("")
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if let Some(other) = seen.insert(name.clone(), file.clone()) {
                    clashes.push(format!("{name}: {} and {}", other.display(), file.display()));
                }
                derives_schema = false;
            }
        }
    }
    assert!(seen.len() > 50, "the web crate's schema types were found ({})", seen.len());
    assert!(clashes.is_empty(), "schema names used twice: {clashes:#?}");
}

//! The per-language test case files that stages keep in
//! `tests/cases/<code>.toml` (time, names, events, search): reading them,
//! and finding languages whose data has no case file. For tests.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::LangData;

/// Every `<code>.toml` in `dir`, parsed, in code order.
pub fn read_cases<T: DeserializeOwned>(dir: &Path) -> Result<Vec<(String, T)>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let code = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("")
                .to_string();
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let cases = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok((code, cases))
        })
        .collect()
}

/// Codes of the languages for which `has_data` holds but `dir` has no
/// `<code>.toml`.
pub fn missing_cases(dir: &Path, has_data: impl Fn(&LangData) -> bool) -> Vec<String> {
    crate::all()
        .iter()
        .filter(|d| has_data(d) && !dir.join(format!("{}.toml", d.code)).exists())
        .map(|d| d.code.clone())
        .collect()
}

/// Fails, listing every failure, when any case failed or when no case ran
/// (a suite that checks nothing must not pass). `what` names the suite.
pub fn assert_passed(what: &str, count: usize, failures: &[String]) {
    assert!(count > 0, "{what}: no cases found");
    assert!(
        failures.is_empty(),
        "{what}: {} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

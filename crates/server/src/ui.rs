//! The web UI: static files embedded in the binary (`crates/server/web/`),
//! served at `/` and `/ui/…`, and the security headers every answer of the
//! server carries (one answer, the reconciliation preview, may be framed).
//!
//! The UI is plain HTML, CSS and JavaScript modules with no build step and
//! no framework; it reads the same JSON API as any other client. Source
//! text only ever reaches the page through `textContent` and text nodes, and
//! the Content-Security-Policy allows no inline script, so a `<script>` in a
//! source document shows as text and never runs.

use axum::extract::{Path, Request};
use axum::http::HeaderValue;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;

/// One embedded file: its path under `/ui/`, content type and bytes.
pub struct Asset {
    pub path: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! asset {
    ($path:literal, $ty:expr) => {
        Asset {
            path: $path,
            content_type: $ty,
            bytes: include_bytes!(concat!("../web/", $path)),
        }
    };
}

const JS: &str = "text/javascript; charset=utf-8";

/// Every file of the UI. A test checks that this lists exactly the files
/// under `web/`.
pub const ASSETS: &[Asset] = &[
    asset!("index.html", "text/html; charset=utf-8"),
    asset!("style.css", "text/css; charset=utf-8"),
    asset!("js/app.js", JS),
    asset!("js/util.js", JS),
    asset!("js/edtf.js", JS),
    asset!("js/timeline.js", JS),
    asset!("js/event.js", JS),
    asset!("js/map.js", JS),
    asset!("js/entity.js", JS),
    asset!("js/reader.js", JS),
    asset!("js/search.js", JS),
    asset!("js/conflicts.js", JS),
    asset!("vendor/countries-50m.json", "application/json"),
    asset!("vendor/LICENSE-world-atlas", "text/plain; charset=utf-8"),
    asset!("vendor/README.md", "text/markdown; charset=utf-8"),
];

/// The policy's sources: scripts, styles, data and images only from this
/// server; no inline script or style sheet, no plugins.
macro_rules! sources {
    () => {
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
    };
}

/// The policy of every answer: those sources, and no framing.
pub const CSP: &str = concat!(sources!(), "frame-ancestors 'none'");

/// The policy of an answer marked [`Frameable`]: the same sources, and any
/// page may frame it.
pub const CSP_FRAMEABLE: &str = concat!(sources!(), "frame-ancestors *");

/// Marks an answer (in its extensions) as made to be shown in another
/// site's frame: the reconciliation preview, which OpenRefine shows in an
/// `<iframe>`. It gets [`CSP_FRAMEABLE`] and no `X-Frame-Options`; it must
/// hold no script and no form.
#[derive(Debug, Clone, Copy)]
pub struct Frameable;

fn asset(path: &str) -> Response {
    match ASSETS.iter().find(|a| a.path == path) {
        Some(a) => (
            [(CONTENT_TYPE, a.content_type), (CACHE_CONTROL, "no-cache")],
            a.bytes,
        )
            .into_response(),
        None => ApiError::not_found(format!("no file /ui/{path} in the web UI")).into_response(),
    }
}

/// `/`: the UI's page.
pub async fn index() -> Response {
    asset("index.html")
}

/// `/ui/{*path}`: a file of the UI.
pub async fn file(Path(path): Path<String>) -> Response {
    asset(&path)
}

/// Adds the security headers to every answer.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let frameable = res.extensions().get::<Frameable>().is_some();
    let h = res.headers_mut();
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if frameable {
        h.insert(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP_FRAMEABLE),
        );
        h.remove(X_FRAME_OPTIONS);
    } else {
        h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
        h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path as FsPath, PathBuf};

    fn files(dir: &FsPath, base: &FsPath, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p: PathBuf = e.unwrap().path();
            if p.is_dir() {
                files(&p, base, out);
            } else {
                out.push(
                    p.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }

    #[test]
    fn every_file_under_web_is_served_and_nothing_else() {
        let base = FsPath::new(env!("CARGO_MANIFEST_DIR")).join("web");
        let mut on_disk = Vec::new();
        files(&base, &base, &mut on_disk);
        on_disk.sort();
        let mut listed: Vec<String> = ASSETS.iter().map(|a| a.path.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed);
    }

    #[test]
    fn scripts_never_parse_html_strings() {
        // Source text must reach the page as text: no API that parses a
        // string as HTML, and no eval.
        for a in ASSETS.iter().filter(|a| a.path.ends_with(".js")) {
            let js = std::str::from_utf8(a.bytes).unwrap();
            for banned in [
                "innerHTML",
                "outerHTML",
                "insertAdjacentHTML",
                "document.write",
                "eval(",
                "new Function",
                "createContextualFragment",
                "DOMParser",
            ] {
                assert!(!js.contains(banned), "{} uses {banned}", a.path);
            }
        }
    }

    #[test]
    fn the_page_has_no_inline_script_or_style() {
        let html = std::str::from_utf8(ASSETS[0].bytes).unwrap();
        assert!(!html.contains("<script>"), "inline script in index.html");
        assert!(!html.contains("style="), "inline style in index.html");
        assert!(!html.contains("<style"), "inline style sheet in index.html");
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "a remote resource in index.html"
        );
    }
}

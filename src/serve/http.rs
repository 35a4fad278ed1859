//! The HTTP side of `opsim serve`, on tiny_http (synchronous): a few worker
//! threads take requests, route them and answer every one, a malformed or
//! hostile request with a 4xx and a message. Bodies are read to at most
//! [`MAX_BODY_BYTES`]; API requests pass a token bucket; the Host header must
//! name the address served (so that another site cannot reach the page through
//! a name that resolves to loopback); a handler that panicked answers 500 and
//! the server carries on.

use std::io::Read;
use std::net::SocketAddr;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};
use tiny_http::{Header, Method, Request, Response};

use super::limits::{Latest, MAX_CLIENT_BYTES, Rate, Slot};
use super::settings::{self, MAX_SETTING_BYTES, MAX_SETTINGS};
use super::{MAX_ITERATIONS, State, figures, page};
use crate::engine::{self, RunOptions};

/// Largest request body, in bytes.
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024;

/// Longest request target (path and query), in bytes.
pub(crate) const MAX_URL_BYTES: usize = 2048;

/// Threads answering requests (at most this many requests are handled at once).
pub(crate) const WORKERS: usize = 4;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {address}: {why}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// What the system said.
        why: String,
    },
    /// The first analysis could not run.
    #[error("cannot start: {0}")]
    Start(String),
}

/// A bound server socket.
pub(crate) struct Listener {
    server: tiny_http::Server,
    address: SocketAddr,
}

impl Listener {
    pub(crate) fn bind(address: SocketAddr) -> Result<Listener, ServeError> {
        let server = tiny_http::Server::http(address).map_err(|e| ServeError::Bind {
            address,
            why: e.to_string(),
        })?;
        let address = server.server_addr().to_ip().unwrap_or(address);
        Ok(Listener { server, address })
    }

    pub(crate) fn address(&self) -> SocketAddr {
        self.address
    }

    /// Answers requests on [`WORKERS`] threads until `stop` is set.
    pub(crate) fn run(self, state: &State, stop: &AtomicBool) {
        let shared = Shared {
            state,
            rate: Rate::new(),
            slot: Slot::new(),
            latest: Latest::new(),
            hosts: hosts(self.address),
        };
        std::thread::scope(|scope| {
            for _ in 0..WORKERS {
                scope.spawn(|| {
                    while !stop.load(Ordering::Relaxed) {
                        match self.server.recv_timeout(Duration::from_millis(200)) {
                            Ok(Some(request)) => answer(&shared, request),
                            Ok(None) => {}
                            Err(_) => std::thread::sleep(Duration::from_millis(10)),
                        }
                    }
                });
            }
        });
    }
}

/// What every worker shares.
struct Shared<'s> {
    state: &'s State,
    rate: Rate,
    slot: Slot,
    latest: Latest,
    /// Host header values accepted.
    hosts: Vec<String>,
}

/// The Host header values that name the address served.
fn hosts(address: SocketAddr) -> Vec<String> {
    let port = address.port();
    let mut hosts = vec![format!("{address}")];
    if address.ip().is_loopback() {
        hosts.extend([
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
        ]);
    }
    if address.ip().is_unspecified() {
        // Any name: the user chose to serve every interface (and was warned).
        hosts.clear();
    }
    hosts
}

/// An answer: status and JSON or text body with its type.
struct Answer {
    status: u16,
    body: Vec<u8>,
    content_type: &'static str,
}

impl Answer {
    fn json(status: u16, value: &Value) -> Answer {
        Answer {
            status,
            body: value.to_string().into_bytes(),
            content_type: "application/json; charset=utf-8",
        }
    }

    fn error(status: u16, message: impl Into<String>) -> Answer {
        Answer::json(status, &json!({ "error": message.into() }))
    }
}

fn answer(shared: &Shared, mut request: Request) {
    let answer =
        catch_unwind(AssertUnwindSafe(|| route(shared, &mut request))).unwrap_or_else(|_| {
            Answer::error(
                500,
                "internal error: the request was dropped; the server carries on",
            )
        });
    let mut response = Response::from_data(answer.body).with_status_code(answer.status);
    for (name, value) in [
        ("Content-Type", answer.content_type),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("X-Frame-Options", "DENY"),
        (
            "Content-Security-Policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
             img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    ] {
        if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response = response.with_header(h);
        }
    }
    if answer.status == 429
        && let Ok(h) = Header::from_bytes(&b"Retry-After"[..], &b"1"[..])
    {
        response = response.with_header(h);
    }
    // A client that went away is not the server's problem.
    let _ = request.respond(response);
}

fn route(shared: &Shared, request: &mut Request) -> Answer {
    let url = request.url().to_string();
    if url.len() > MAX_URL_BYTES {
        return Answer::error(
            414,
            format!("the address is longer than {MAX_URL_BYTES} bytes"),
        );
    }
    if !shared.hosts.is_empty() {
        let host = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Host"))
            .map(|h| h.value.as_str().to_string());
        match host {
            Some(h) if shared.hosts.iter().any(|a| a.eq_ignore_ascii_case(&h)) => {}
            Some(h) => {
                return Answer::error(
                    403,
                    format!(
                        "Host `{}` is not this server: open {}",
                        clip(&h),
                        shared.hosts[0]
                    ),
                );
            }
            None => return Answer::error(400, "the request has no Host header"),
        }
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let method = request.method().clone();
    match (method, path) {
        (Method::Get | Method::Head, "/") => asset(page::HTML, "text/html; charset=utf-8"),
        (Method::Get | Method::Head, "/page.js") => {
            asset(page::SCRIPT, "text/javascript; charset=utf-8")
        }
        (Method::Get | Method::Head, "/page.css") => asset(page::STYLE, "text/css; charset=utf-8"),
        (Method::Get | Method::Head, "/api/controls") => Answer {
            status: 200,
            body: shared.state.controls_json.clone().into_bytes(),
            content_type: "application/json; charset=utf-8",
        },
        (Method::Post, "/api/run") => api(shared, request, run),
        (Method::Post, "/api/save") => api(shared, request, save),
        (_, "/" | "/page.js" | "/page.css" | "/api/controls" | "/api/run" | "/api/save") => {
            Answer::error(
                405,
                format!("{} is not allowed on {path}", request.method()),
            )
        }
        _ => Answer::error(
            404,
            format!("no such page: {}; the page is at /", clip(path)),
        ),
    }
}

/// At most 80 characters of something the client sent, for a message.
fn clip(text: &str) -> String {
    text.chars().take(80).collect()
}

fn asset(text: &'static str, content_type: &'static str) -> Answer {
    Answer {
        status: 200,
        body: text.as_bytes().to_vec(),
        content_type,
    }
}

/// What the page posts: settings as `[path, value]` pairs, the iteration count
/// and the page's id (a newer request from the same id supersedes this one).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Asked {
    set: Vec<(String, String)>,
    #[serde(default)]
    iterations: Option<u64>,
    #[serde(default)]
    client: Option<String>,
}

/// An API request: rate-checked, its body read (bounded) and parsed, then handled.
fn api(shared: &Shared, request: &mut Request, handle: fn(&Shared, Asked) -> Answer) -> Answer {
    if !shared.rate.allow() {
        return Answer::error(429, "too many requests: wait a moment and try again");
    }
    if request.body_length().is_some_and(|n| n > MAX_BODY_BYTES) {
        return Answer::error(
            413,
            format!("the request is larger than {MAX_BODY_BYTES} bytes"),
        );
    }
    let mut body = Vec::new();
    if let Err(e) = request
        .as_reader()
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut body)
    {
        return Answer::error(400, format!("cannot read the request: {e}"));
    }
    if body.len() > MAX_BODY_BYTES {
        return Answer::error(
            413,
            format!("the request is larger than {MAX_BODY_BYTES} bytes"),
        );
    }
    let asked: Asked = match serde_json::from_slice(&body) {
        Ok(a) => a,
        Err(e) => {
            return Answer::error(
                400,
                format!(
                    "the request is not what the page sends ({e}): {{\"set\": [[PATH, VALUE], ...], \"iterations\": N, \"client\": ID}}"
                ),
            );
        }
    };
    if let Some(problem) = too_much(&asked) {
        return Answer::error(400, problem);
    }
    handle(shared, asked)
}

/// Why a request asks for more than the server does, if it does.
fn too_much(asked: &Asked) -> Option<String> {
    if asked.set.len() > MAX_SETTINGS {
        return Some(format!("more than {MAX_SETTINGS} settings in one request"));
    }
    if asked
        .set
        .iter()
        .any(|(p, v)| p.len() > MAX_SETTING_BYTES || v.len() > MAX_SETTING_BYTES)
    {
        return Some(format!(
            "a setting's path or value is longer than {MAX_SETTING_BYTES} bytes"
        ));
    }
    if let Some(n) = asked.iterations
        && !(1..=MAX_ITERATIONS).contains(&n)
    {
        return Some(format!(
            "iterations {n} is out of range: use 1 to {MAX_ITERATIONS}"
        ));
    }
    if asked
        .client
        .as_ref()
        .is_some_and(|c| c.len() > MAX_CLIENT_BYTES)
    {
        return Some(format!("client id longer than {MAX_CLIENT_BYTES} bytes"));
    }
    None
}

/// The answer for a setting that did not check: each problem next to its control.
fn not_checked(errors: Vec<settings::SettingError>) -> Answer {
    Answer::json(422, &json!({ "errors": errors }))
}

/// Runs the scenario with the settings on the server's seed: the page's figures.
fn run(shared: &Shared, asked: Asked) -> Answer {
    let state = shared.state;
    let served = &state.served;
    let overrides = match settings::overrides(&state.shape, &asked.set) {
        Ok(o) => o,
        Err(e) => return not_checked(e),
    };
    let model = match settings::load(&served.name, &served.text, &asked.set, &overrides) {
        Ok(m) => m,
        Err(e) => return not_checked(e),
    };
    let client = asked.client.unwrap_or_default();
    let (number, stop) = shared.latest.start(&client);
    let options = RunOptions {
        iterations: asked.iterations.unwrap_or(state.config.iterations),
        seed: state.config.seed,
        threads: state.config.threads,
    };
    let summary = shared.slot.acquire(&stop).map(|_held| {
        let started = std::time::Instant::now();
        engine::run_until(&model, options, &|_| {}, &stop).map(|s| (s, started.elapsed()))
    });
    shared.latest.finish(&client, number);
    match summary {
        Some(Ok((Some(summary), took))) => {
            let mut value = figures::page_figures(summary, &model);
            value["set_args"] = settings::set_arguments(&overrides).into();
            value["run_ms"] = (took.as_secs_f64() * 1000.0).into();
            Answer::json(200, &value)
        }
        None | Some(Ok((None, _))) => {
            Answer::error(409, "superseded by a newer request from the same page")
        }
        Some(Err(e)) => Answer::error(503, format!("cannot run now: {e}")),
    }
}

/// The scenario text with the settings applied, and the `--set` arguments.
fn save(shared: &Shared, asked: Asked) -> Answer {
    let served = &shared.state.served;
    let overrides = match settings::overrides(&shared.state.shape, &asked.set) {
        Ok(o) => o,
        Err(e) => return not_checked(e),
    };
    match settings::edited(&served.name, &served.text, &asked.set, &overrides) {
        Ok(text) => Answer::json(
            200,
            &json!({
                "file_name": save_name(&served.name),
                "toml": text,
                "set_args": settings::set_arguments(&overrides),
            }),
        ),
        Err(e) => not_checked(e),
    }
}

/// The name offered for the saved file: the scenario's own, marked as changed.
fn save_name(file_name: &str) -> String {
    let base = std::path::Path::new(file_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("scenario");
    let safe: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .take(60)
        .collect();
    format!("{safe}-workshop.toml")
}

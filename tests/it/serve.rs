//! `opsim serve` over real sockets on loopback: a bounded load test (a few
//! concurrent clients, a few hundred requests, no error, no growth in the
//! server's memory) and hostile requests (oversized, unknown paths, bad values,
//! malformed JSON, a foreign Host), each answered with a 4xx while the server
//! carries on. A page's setting gives exactly the figures of `opsim run --set`
//! with the same seed and iterations.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::common::{bench_40_path, opsim};

/// A running `opsim serve`, stopped when dropped.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = opsim()
            .arg("serve")
            .args(args)
            .args(["--port", "0", "--threads", "2"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("opsim serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let address = line
            .split_whitespace()
            .find_map(|w| w.strip_prefix("http://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Server { child, address }
    }

    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    /// One request on its own connection: (status, body).
    fn send(&self, method: &str, path: &str, body: &[u8], host: Option<&str>) -> (u16, String) {
        let mut stream = TcpStream::connect(&self.address).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let host = host.unwrap_or(&self.address);
        let head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).unwrap();
        // The server may answer before reading all of an oversized body.
        let _ = stream.write_all(body);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let text = String::from_utf8_lossy(&answer).into_owned();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {text:?}"));
        let body = text
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }

    fn post(&self, path: &str, json: &str) -> (u16, String) {
        self.send("POST", path, json.as_bytes(), None)
    }
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn hostile_requests_get_a_4xx_and_the_server_carries_on() {
    let server = Server::start(&[&bench_40_path(), "-n", "2048"]);
    // Method, path, body, Host (None: the server's own), the status wanted.
    type Case<'a> = (&'a str, &'a str, Vec<u8>, Option<&'a str>, u16);
    let cases: Vec<Case> = vec![
        ("POST", "/api/run", vec![b' '; 100 * 1024], None, 413),
        ("GET", "/etc/passwd", vec![], None, 404),
        ("GET", "/../Cargo.toml", vec![], None, 404),
        ("GET", "/api/run", vec![], None, 405),
        ("DELETE", "/", vec![], None, 405),
        ("POST", "/api/run", b"{not json".to_vec(), None, 400),
        ("POST", "/api/run", b"{\"set\": 5}".to_vec(), None, 400),
        (
            "POST",
            "/api/run",
            b"{\"set\": [], \"extra\": 1}".to_vec(),
            None,
            400,
        ),
        (
            "POST",
            "/api/run",
            b"{\"set\": [], \"iterations\": 0}".to_vec(),
            None,
            400,
        ),
        (
            "POST",
            "/api/run",
            b"{\"set\": [], \"iterations\": 99999999}".to_vec(),
            None,
            400,
        ),
        (
            "POST",
            "/api/run",
            b"{\"set\": [[\"organisation.services\", \"-5\"]]}".to_vec(),
            None,
            422,
        ),
        (
            "POST",
            "/api/run",
            b"{\"set\": [[\"no.such.path\", \"1\"]]}".to_vec(),
            None,
            422,
        ),
        (
            "POST",
            "/api/run",
            b"{\"set\": [[\"organisation.teams\", \"{{{\"]]}".to_vec(),
            None,
            422,
        ),
        (
            "POST",
            "/api/save",
            b"{\"set\": [[\"organisation.teams\", \"0\"]]}".to_vec(),
            None,
            422,
        ),
        ("GET", "/", vec![], Some("evil.example:80"), 403),
    ];
    for (method, path, body, host, want) in &cases {
        let (status, text) = server.send(method, path, body, *host);
        assert_eq!(status, *want, "{method} {path}: {text}");
        assert!(
            json(&text)["error"].is_string() || json(&text)["errors"].is_array(),
            "{text}"
        );
    }
    // Not HTTP at all: tiny_http answers 400 and closes the connection.
    let mut raw = TcpStream::connect(&server.address).unwrap();
    raw.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    raw.write_all(b"\x16\x03\x01 not a request\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    let _ = raw.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer:?}");
    let many: Vec<String> = (0..100).map(|i| format!("[\"a{i}\", \"1\"]")).collect();
    let (status, _) = server.post("/api/run", &format!("{{\"set\": [{}]}}", many.join(",")));
    assert_eq!(status, 400);
    // Still there, and still right.
    let (status, text) = server.post("/api/run", "{\"set\": []}");
    assert_eq!(status, 200, "{text}");
    assert!(json(&text)["models"][0]["verdict"].is_string());
}

#[test]
fn a_bad_value_gets_the_message_run_set_gives() {
    let server = Server::start(&[&bench_40_path(), "-n", "2048"]);
    for (path, value) in [
        ("organisation.services", "-5"),
        ("organisation.teams", "many"),
        (
            "ybiyri.on_call.standby_pay_per_week",
            "{ lognormal = [5, 1] }",
        ),
    ] {
        let body = serde_json::json!({ "set": [[path, value]] }).to_string();
        let (status, text) = server.post("/api/run", &body);
        assert_eq!(status, 422, "{text}");
        let errors = json(&text)["errors"].as_array().unwrap().clone();
        assert_eq!(errors[0]["path"], path, "{text}");
        let message = errors[0]["message"].as_str().unwrap();
        let cli = opsim()
            .args([
                "run",
                &bench_40_path(),
                "--summary-only",
                "-n",
                "1",
                "--out",
            ])
            .arg(std::env::temp_dir().join("opsim-serve-never-written"))
            .args(["--set", &format!("{path}={value}")])
            .output()
            .unwrap();
        assert_eq!(cli.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&cli.stderr);
        assert!(
            stderr.contains(message),
            "the page says\n{message}\nopsim run --set says\n{stderr}"
        );
    }
}

#[test]
fn the_page_gives_the_figures_of_run_set_with_the_same_seed_and_iterations() {
    let server = Server::start(&[&bench_40_path(), "-n", "4096", "--seed", "11"]);
    let set = [
        ("organisation.teams", "8"),
        ("ybiyri.on_call.standby_pay_per_week", "300"),
    ];
    let body = serde_json::json!({ "set": set }).to_string();
    let (status, text) = server.post("/api/run", &body);
    assert_eq!(status, 200, "{text}");
    let page = json(&text);
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = opsim();
    cmd.args([
        "run",
        &bench_40_path(),
        "--summary-only",
        "-q",
        "-n",
        "4096",
        "--seed",
        "11",
    ])
    .arg("--out")
    .arg(dir.path().join("out"));
    for (p, v) in set {
        cmd.args(["--set", &format!("{p}={v}")]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = json(&std::fs::read_to_string(dir.path().join("out/summary.json")).unwrap());
    let model = &page["models"][0];
    let id = model["id"].as_str().unwrap();
    let c = &summary["comparisons"][id];
    let f = &model["figures"];
    assert_eq!(
        f["saving"]["value"].as_f64().unwrap(),
        -c["tco_difference"]["mean"].as_f64().unwrap()
    );
    assert_eq!(f["probability_cheaper"]["value"], c["probability_cheaper"]);
    assert_eq!(f["payback"]["p50_month"], c["break_even_month"]["p50"]);
    assert_eq!(
        f["payback"]["never_share"],
        c["break_even_month"]["share_not_within_horizon"]
    );
    let ready = &summary["models"][id]["readiness_weeks"]["all"];
    assert_eq!(f["ready"]["p50_weeks"], ready["p50"]);
    assert_eq!(f["ready"]["p90_weeks"], ready["p90"]);
    // The same words as the report's: summary.json's decision.
    let decision = &summary["decision"][id];
    let said = format!(
        "{} {}",
        decision["verdict"].as_str().unwrap(),
        decision["detail"].as_str().unwrap()
    );
    assert_eq!(model["verdict"].as_str().unwrap(), said);
    for (k, name) in ["saving", "probability_cheaper", "payback", "ready"]
        .iter()
        .enumerate()
    {
        assert_eq!(f[name]["text"], decision["figures"][k]["value"], "{name}");
        assert_eq!(f[name]["note"], decision["figures"][k]["note"], "{name}");
    }
    assert_eq!(
        page["set_args"],
        serde_json::json!([
            "--set organisation.teams=8",
            "--set ybiyri.on_call.standby_pay_per_week=300"
        ])
    );
}

#[test]
fn a_few_clients_and_hundreds_of_requests_no_error_no_growth() {
    let server = Server::start(&[&bench_40_path(), "-n", "2048"]);
    let round = |clients: usize, each: usize| {
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..clients)
                .map(|c| {
                    let server = &server;
                    scope.spawn(move || {
                        for i in 0..each {
                            let (status, text) = match i % 3 {
                                0 => server.send("GET", "/api/controls", b"", None),
                                1 => server.send("GET", "/page.js", b"", None),
                                _ => server.post(
                                    "/api/run",
                                    &format!(
                                        "{{\"set\": [[\"organisation.teams\", \"{}\"]], \"client\": \"load-{c}\"}}",
                                        5 + (i + c) % 20
                                    ),
                                ),
                            };
                            assert_eq!(status, 200, "client {c}, request {i}: {text}");
                        }
                    })
                })
                .collect();
            for h in handles {
                h.join().unwrap();
            }
        });
    };
    let started = Instant::now();
    // Warm up with the same load: each run starts its own worker threads, and
    // the allocator keeps an arena per thread it has seen, up to its limit.
    round(4, 45);
    let before = server.rss_kib();
    round(4, 75); // 300 requests, 100 of them runs
    let middle = server.rss_kib();
    round(4, 75); // 300 more
    let after = server.rss_kib();
    // A leak grows with every round; the allocator's arenas settle after the
    // first rounds (their number depends on the threads seen, and on how loaded
    // the machine is), so the last round must add almost nothing.
    assert!(
        after <= middle + 2 * 1024 && after <= before + 16 * 1024,
        "the server grew from {before} KiB to {middle} KiB, then to {after} KiB, over 600 requests"
    );
    assert!(started.elapsed() < Duration::from_secs(180));
}

#[test]
fn the_saved_scenario_keeps_comments_and_runs_with_the_changes() {
    let server = Server::start(&["-n", "2048"]);
    let body = serde_json::json!({ "set": [["organisation.services", "30"]] }).to_string();
    let (status, text) = server.post("/api/save", &body);
    assert_eq!(status, 200, "{text}");
    let saved = json(&text);
    let toml_text = saved["toml"].as_str().unwrap();
    // The example's comments are kept, the tiers scaled to add up to 30.
    assert!(toml_text.contains("# must equal the tiers' sum"));
    let args: Vec<String> = saved["set_args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        args,
        [
            "--set organisation.services=30",
            "--set tiers.tier-95.services=6",
            "--set tiers.tier-99.services=18",
            "--set tiers.tier-999.services=6"
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("saved.toml");
    std::fs::write(&file, toml_text).unwrap();
    let out = opsim().arg("validate").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

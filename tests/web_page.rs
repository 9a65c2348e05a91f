//! The web page in a real browser: headless Chromium, driven over the DevTools protocol on
//! a pipe, with networking disabled. The page shows as many events as `list` does for the
//! same filters, its filters change the count as `list` would, it reads without
//! JavaScript, and no request leaves it.
//!
//! Needs Chromium (`chromium`, or the program `DEMARCHE_CHROMIUM` names). Without one the
//! tests say so and pass, unless `DEMARCHE_REQUIRE_BROWSER` is set, as `.ci/run` sets it
//! after installing Debian's `chromium`.

#![cfg(unix)]

mod common;

use common::demarche;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(60);

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("DEMARCHE_CHROMIUM") {
        return Some(path.into());
    }
    let path = std::env::var_os("PATH")?;
    let names = ["chromium", "chromium-browser", "google-chrome", "chrome"];
    std::env::split_paths(&path)
        .flat_map(|dir| names.map(|name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Chromium, or None when the tests should be skipped.
fn browser_or_skip() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        assert!(
            std::env::var_os("DEMARCHE_REQUIRE_BROWSER").is_none(),
            "DEMARCHE_REQUIRE_BROWSER is set and no Chromium was found"
        );
        eprintln!("skipped: no Chromium on this machine (install Debian's `chromium`)");
    }
    found
}

/// How many events `list` prints for these filter flags.
fn listed(filters: &[&str]) -> usize {
    let out = demarche()
        .arg("list")
        .args(filters)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    value.as_array().unwrap().len()
}

fn export_page(dir: &Path, filters: &[&str]) -> PathBuf {
    let page = dir.join("page.html");
    demarche()
        .arg("export")
        .args(filters)
        .arg("-o")
        .arg(&page)
        .assert()
        .success();
    page
}

/// A pipe: (read end, write end).
fn pipe() -> (OwnedFd, OwnedFd) {
    let mut fds = [0; 2];
    // SAFETY: `pipe` fills two descriptors, which are then owned here.
    let result = unsafe { libc::pipe(fds.as_mut_ptr()) };
    assert_eq!(result, 0, "pipe: {}", std::io::Error::last_os_error());
    // SAFETY: both were just opened and belong to nobody else.
    unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) }
}

/// A browser driven over `--remote-debugging-pipe`: it reads commands on descriptor 3 and
/// writes answers and events on descriptor 4, each message JSON ended by a NUL.
struct Browser {
    child: std::process::Child,
    commands: std::fs::File,
    messages: mpsc::Receiver<Value>,
    next_id: u64,
    /// Every event seen, in order.
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(program: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let (their_commands, our_commands) = pipe();
        let (our_messages, their_messages) = pipe();
        let (read, write) = (their_commands.as_raw_fd(), their_messages.as_raw_fd());
        let mut command = std::process::Command::new(program);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                // No network: every name fails to resolve, and any connection would go
                // to a closed port.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--proxy-server=127.0.0.1:9",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        // SAFETY: between fork and exec only async-signal-safe calls (dup2) are made.
        unsafe {
            command.pre_exec(move || {
                if libc::dup2(read, 3) < 0 || libc::dup2(write, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = command.spawn().expect("Chromium starts");
        drop((their_commands, their_messages));
        let (sender, messages) = mpsc::channel();
        let reader = std::fs::File::from(our_messages);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(reader);
            let mut message = Vec::new();
            while reader.read_until(0, &mut message).is_ok_and(|n| n > 0) {
                message.pop();
                if let Ok(value) = serde_json::from_slice::<Value>(&message)
                    && sender.send(value).is_err()
                {
                    return;
                }
                message.clear();
            }
        });
        Browser {
            child,
            commands: std::fs::File::from(our_commands),
            messages,
            next_id: 0,
            events: Vec::new(),
            _profile: profile,
        }
    }

    fn receive(&mut self) -> Value {
        self.messages
            .recv_timeout(PATIENCE)
            .expect("Chromium answers within a minute")
    }

    /// Sends a command (to a page's session, or to the browser) and waits for its result.
    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        self.commands.write_all(&bytes).unwrap();
        loop {
            let answer = self.receive();
            if answer["id"] == json!(id) {
                assert!(answer.get("error").is_none(), "{method}: {answer}");
                return answer["result"].clone();
            }
            self.events.push(answer);
        }
    }

    /// Waits for an event, looking first at those already seen since `from`.
    fn wait_for(&mut self, method: &str, from: usize) {
        if self.events[from..].iter().any(|e| e["method"] == method) {
            return;
        }
        loop {
            let event = self.receive();
            let found = event["method"] == method;
            self.events.push(event);
            if found {
                return;
            }
        }
    }

    /// A new tab, watched: every request it makes is recorded among the events.
    fn open_tab(&mut self) -> String {
        let target = self.call(None, "Target.createTarget", json!({"url": "about:blank"}));
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({"targetId": target["targetId"], "flatten": true}),
        );
        let session = attached["sessionId"].as_str().unwrap().to_string();
        for domain in ["Network.enable", "Page.enable", "Runtime.enable"] {
            self.call(Some(&session), domain, json!({}));
        }
        session
    }

    fn navigate(&mut self, session: &str, url: &str) {
        let from = self.events.len();
        self.call(Some(session), "Page.navigate", json!({"url": url}));
        self.wait_for("Page.loadEventFired", from);
    }

    fn evaluate(&mut self, session: &str, expression: &str) -> Value {
        let result = self.call(
            Some(session),
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true}),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {result}"
        );
        result["result"]["value"].clone()
    }

    /// The addresses of every request the browser's pages made.
    fn requests(&self) -> Vec<String> {
        (self.events.iter())
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .map(|e| {
                e["params"]["request"]["url"]
                    .as_str()
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn url(page: &Path, rest: &str) -> String {
    format!("file://{}{rest}", page.display())
}

const SHOWN: &str = "document.querySelectorAll('article.event:not([hidden])').length";

/// Sets a filter of the page's form as a person would and says what it shows: the
/// events left visible and the count line.
fn choose(browser: &mut Browser, session: &str, control: &str, value: &str) -> (usize, String) {
    let script = format!(
        "(() => {{ const c = document.getElementById('{control}'); c.value = '{value}'; \
         c.dispatchEvent(new Event('change', {{bubbles: true}})); \
         return [{SHOWN}, document.getElementById('_shown').value]; }})()"
    );
    let answer = browser.evaluate(session, &script);
    (
        answer[0].as_u64().unwrap() as usize,
        answer[1].as_str().unwrap().to_string(),
    )
}

#[test]
fn the_page_shows_what_list_shows_and_its_filters_count_right_without_the_network() {
    let Some(program) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let filters = ["--from", "2022-03"];
    let page = export_page(dir.path(), &filters);
    let mut browser = Browser::start(&program);
    let tab = browser.open_tab();
    browser.navigate(&tab, &url(&page, ""));

    let total = listed(&filters);
    let elements = browser.evaluate(&tab, "document.querySelectorAll('article.event').length");
    assert_eq!(elements, json!(total));
    assert_eq!(browser.evaluate(&tab, SHOWN), json!(total));
    let line = browser.evaluate(&tab, "document.getElementById('_shown').value");
    assert_eq!(line, json!(format!("All {total} events shown")));

    // A country in the page: the events that also involve it, as `list` counts them.
    let (shown, line) = choose(&mut browser, &tab, "_country", "RU");
    assert_eq!(shown, listed(&["--from", "2022-03", "-c", "RU"]));
    assert_eq!(line, format!("{shown} of {total} events shown"));
    assert!(
        0 < shown && shown < total,
        "a filter that changes nothing tests nothing"
    );
    // And a kind with it.
    let (both, _) = choose(&mut browser, &tab, "_kind", "statement");
    assert_eq!(
        both,
        listed(&["--from", "2022-03", "-c", "RU", "-k", "statement"])
    );
    // Typing words into the search box, as keys: fewer events, each containing them.
    choose(&mut browser, &tab, "_country", "");
    choose(&mut browser, &tab, "_kind", "");
    browser.evaluate(&tab, "document.getElementById('_words').focus()");
    browser.call(Some(&tab), "Input.insertText", json!({"text": "Blinken"}));
    let typed = browser.evaluate(&tab, SHOWN).as_u64().unwrap() as usize;
    assert!(0 < typed && typed < total, "{typed} of {total}");
    let all_contain = browser.evaluate(
        &tab,
        "[...document.querySelectorAll('article.event:not([hidden])')]\
         .every(e => e.textContent.includes('Blinken'))",
    );
    assert_eq!(all_contain, json!(true));
    // Months left with no event shown are hidden with their heading.
    let empty_months = browser.evaluate(
        &tab,
        "[...document.querySelectorAll('main section:not([hidden])')]\
         .filter(s => !s.querySelector('article.event:not([hidden])')).length",
    );
    assert_eq!(empty_months, json!(0));

    // The address can preset the filters, and `#id` lands on the event.
    browser.navigate(
        &tab,
        &url(&page, "?country=kz&kind=visit#kz-spief-no-recognition"),
    );
    assert_eq!(
        browser.evaluate(&tab, SHOWN),
        json!(listed(&["--from", "2022-03", "-c", "KZ", "-k", "visit"]))
    );
    let target = browser.evaluate(&tab, "document.querySelector(':target')?.id");
    assert_eq!(target, json!("kz-spief-no-recognition"));

    let own = url(&page, "");
    for request in browser.requests() {
        assert!(
            request.starts_with(&own) || request.starts_with("data:"),
            "a request left the page: {request}"
        );
    }
}

#[test]
fn the_page_reads_in_full_without_javascript() {
    let Some(program) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = export_page(dir.path(), &[]);
    let mut browser = Browser::start(&program);
    let tab = browser.open_tab();
    browser.call(
        Some(&tab),
        "Emulation.setScriptExecutionDisabled",
        json!({"value": true}),
    );
    browser.navigate(&tab, &url(&page, ""));
    browser.call(
        Some(&tab),
        "Emulation.setScriptExecutionDisabled",
        json!({"value": false}),
    );
    // The page's own script did not run: the form is still hidden, every event shown.
    let state = browser.evaluate(
        &tab,
        "[document.getElementById('_filters').hidden, \
         document.querySelectorAll('article.event:not([hidden])').length, \
         document.getElementById('_shown').value]",
    );
    assert_eq!(state, json!([true, listed(&[]), ""]));
    // On paper every paragraph of the description shows, the folded ones too.
    browser.call(
        Some(&tab),
        "Emulation.setEmulatedMedia",
        json!({"media": "print"}),
    );
    let printed = browser.evaluate(
        &tab,
        "[...document.querySelectorAll('.description p')].map(p => p.checkVisibility())",
    );
    let printed = printed.as_array().unwrap();
    assert!(printed.len() > 1, "a description of several paragraphs");
    assert!(printed.iter().all(|v| v == &json!(true)), "{printed:?}");
}

/// The watch on requests works: a page that fetches an image is caught doing it.
#[test]
fn a_page_that_fetches_something_is_caught() {
    let Some(program) = browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("fetching.html");
    std::fs::write(
        &page,
        "<!doctype html><title>t</title><img src=\"http://example.invalid/pixel.png\">",
    )
    .unwrap();
    let mut browser = Browser::start(&program);
    let tab = browser.open_tab();
    browser.navigate(&tab, &url(&page, ""));
    let requests = browser.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.starts_with("http://example.invalid/")),
        "{requests:?}"
    );
}

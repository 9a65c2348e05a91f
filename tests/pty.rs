//! End to end in a pseudo-terminal: the real binary, real keys, the screen read back through
//! a vt100 parser. Checks the main job (Kazakhstan in June 2022) and that quitting hands the
//! terminal back.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROWS: u16 = 40;
const COLS: u16 = 120;

/// What the browser does to the window title: the titles it sets, and how often it saves
/// the user's title (xterm's CSI 22 t) and puts it back (CSI 23 t).
#[derive(Default)]
struct Titles {
    set: Vec<String>,
    saved: usize,
    restored: usize,
    /// What was put on the clipboard (OSC 52), base64 as sent.
    copied: Vec<Vec<u8>>,
}

impl vt100::Callbacks for Titles {
    fn copy_to_clipboard(&mut self, _: &mut vt100::Screen, _: &[u8], data: &[u8]) {
        self.copied.push(data.to_vec());
    }

    fn set_window_title(&mut self, _: &mut vt100::Screen, title: &[u8]) {
        self.set.push(String::from_utf8_lossy(title).into_owned());
    }

    fn unhandled_csi(
        &mut self,
        _: &mut vt100::Screen,
        _: Option<u8>,
        _: Option<u8>,
        params: &[&[u16]],
        c: char,
    ) {
        match (c, params.first().and_then(|p| p.first())) {
            ('t', Some(22)) => self.saved += 1,
            ('t', Some(23)) => self.restored += 1,
            _ => {}
        }
    }
}

/// A new pseudo-terminal of ROWS × COLS, and `cmd` started in it as demarche runs
/// (xterm's TERM, no data file from the environment, in the temporary directory).
fn start_in_pty(
    mut cmd: CommandBuilder,
) -> (
    portable_pty::PtyPair,
    Box<dyn portable_pty::Child + Send + Sync>,
) {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pseudo-terminal");
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("DEMARCHE_DATA");
    // No config file of the machine's user, unless a test gives one.
    if cmd.get_env("DEMARCHE_CONFIG").is_none() {
        cmd.env("DEMARCHE_CONFIG", "/nonexistent/demarche-tests/config.toml");
    }
    if cmd.get_env("DEMARCHE_MARKS").is_none() {
        cmd.env("DEMARCHE_MARKS", "/nonexistent/demarche-tests/marks.toml");
    }
    cmd.cwd(std::env::temp_dir());
    let child = pty.slave.spawn_command(cmd).expect("start demarche");
    (pty, child)
}

struct Session {
    parser: Arc<Mutex<vt100::Parser<Titles>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_demarche"));
        cmd.args(args);
        Session::spawn(cmd)
    }

    /// Runs `cmd` (demarche, or a shell that runs it) in a new pseudo-terminal.
    fn spawn(cmd: CommandBuilder) -> Session {
        let (pty, child) = start_in_pty(cmd);
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new_with_callbacks(
            std::num::NonZeroU16::new(ROWS).unwrap(),
            std::num::NonZeroU16::new(COLS).unwrap(),
            0,
            Titles::default(),
        )));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&parser);
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        // The master stays open for the session's life: dropping it would hang up the child.
        Session {
            parser,
            writer,
            child,
            master: pty.master,
        }
    }

    /// Whether the terminal is in raw mode (no line editing, no echo), as the browser
    /// sets it, rather than as a shell expects it.
    fn raw_mode(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        let termios = self.master.get_termios().expect("the terminal's modes");
        !termios
            .local_flags
            .intersects(LocalFlags::ICANON | LocalFlags::ECHO)
    }

    /// Waits (up to 10 s) until the alternate screen is on or off, as the browser enters
    /// or leaves it.
    fn wait_alternate_screen(&self, on: bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.parser.lock().unwrap().screen().alternate_screen() != on {
            if Instant::now() > deadline {
                panic!(
                    "the alternate screen is not {on}; screen:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Sends a signal to demarche, as `kill -NAME` does.
    fn signal(&self, name: &str) {
        let pid = self
            .child
            .process_id()
            .expect("a running child")
            .to_string();
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .unwrap();
        assert!(status.success(), "kill -{name}");
    }

    /// The terminal as a shell wants it back: main screen, cursor shown, no mouse
    /// reports, line editing and echo on.
    fn assert_handed_back(&self, what: &str) {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        assert!(
            !screen.alternate_screen(),
            "{what}: alternate screen left on"
        );
        assert!(!screen.hide_cursor(), "{what}: cursor left hidden");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "{what}: mouse capture left on"
        );
        drop(parser);
        assert!(!self.raw_mode(), "{what}: raw mode left on");
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text`, failing with the screen after 10 s.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("demarche did not exit; screen:\n{}", self.screen());
    }
}

#[test]
fn kazakhstan_in_june_by_keyboard_then_quit() {
    let mut s = Session::start(&[]);
    s.wait_for("40 of 40 events");
    assert!(s.parser.lock().unwrap().screen().alternate_screen());

    s.send("c");
    s.wait_for("Countries");
    s.send("kaz");
    s.wait_for("> kaz");
    s.send(" \r");
    s.wait_for("27 of 40 events");

    s.send("m");
    s.wait_for("Months");
    s.send("june");
    s.wait_for("> june");
    s.send(" \r");
    s.wait_for("4 of 40 events");

    let screen = s.screen();
    assert!(
        screen.contains("country: Kazakhstan · month: Jun 2022"),
        "{screen}"
    );
    assert!(
        screen.contains("Beside Putin in St"),
        "the forum event is listed:\n{screen}"
    );
    assert!(
        !screen.contains("Putin makes Tajikistan"),
        "Dushanbe is not:\n{screen}"
    );

    // Esc at the top level keeps everything and says how to quit.
    s.send("\x1b");
    s.wait_for("nothing to close; q quits");
    assert!(s.child.try_wait().unwrap().is_none(), "Esc did not quit");
    assert!(s.screen().contains("4 of 40 events"));

    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_handed_back("q");
    // The window title is the dataset's while the browser runs, and the user's after.
    let parser = s.parser.lock().unwrap();
    let titles = parser.callbacks();
    assert_eq!(
        titles.set,
        ["demarche: Central Asia between Moscow and Washington, 2022–2023"]
    );
    assert_eq!((titles.saved, titles.restored), (1, 1));
}

#[test]
fn ctrl_c_and_mouse_mode_also_hand_the_terminal_back() {
    let mut s = Session::start(&[
        "--mouse",
        "--country",
        "uzbekistan",
        "--country",
        "US",
        "--match",
        "all",
    ]);
    s.wait_for("6 of 40 events");
    assert_ne!(
        s.parser.lock().unwrap().screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "--mouse turns capture on"
    );
    s.send("\x03");
    assert!(s.wait_exit().success());
    let parser = s.parser.lock().unwrap();
    assert!(!parser.screen().alternate_screen());
    assert!(!parser.screen().hide_cursor());
    assert_eq!(
        parser.screen().mouse_protocol_mode(),
        vt100::MouseProtocolMode::None
    );
}

#[test]
fn every_signal_that_ends_the_browser_hands_the_terminal_back() {
    for signal in ["TERM", "HUP", "INT", "QUIT", "USR1"] {
        let mut s = Session::start(&["--mouse"]);
        s.wait_for("40 of 40 events");
        assert!(s.raw_mode(), "the browser runs in raw mode");
        s.signal(signal);
        let status = s.wait_exit();
        assert!(!status.success(), "SIG{signal}: {status:?}");
        s.assert_handed_back(&format!("SIG{signal}"));
    }
}

#[test]
fn suspending_hands_the_terminal_back_and_resuming_takes_it_again() {
    let mut s = Session::start(&["--mouse"]);
    s.wait_for("40 of 40 events");
    s.send("ckaz\r");
    s.wait_for("27 of 40 events");
    // By signal, as `kill -TSTP` or a shell's job control sends it.
    s.signal("TSTP");
    s.wait_alternate_screen(false);
    s.assert_handed_back("SIGTSTP");
    s.signal("CONT");
    s.wait_alternate_screen(true);
    s.wait_for("27 of 40 events");
    assert!(s.raw_mode(), "raw mode again after fg");
    // By key: Ctrl-Z stops it the same way, and the state survives.
    s.send("\x1a");
    s.wait_alternate_screen(false);
    s.assert_handed_back("Ctrl-Z");
    s.signal("CONT");
    s.wait_for("country: Kazakhstan");
    s.send("q");
    assert!(s.wait_exit().success());
    s.assert_handed_back("q after resuming");
}

#[test]
fn a_terminal_that_goes_away_ends_the_session_even_with_hangups_ignored() {
    // As under `nohup`: SIGHUP ignored, so the browser must notice by itself that the
    // terminal is gone. Before, its reader re-read the dead terminal forever at full CPU.
    let mut cmd = CommandBuilder::new("sh");
    let demarche = env!("CARGO_BIN_EXE_demarche");
    cmd.args(["-c", &format!("trap '' HUP; exec '{demarche}'")]);
    let (pty, mut child) = start_in_pty(cmd);
    drop(pty.slave);
    // Read (on this thread, so no other copy of the terminal stays open) until the first
    // screen is drawn.
    let mut reader = pty.master.try_clone_reader().unwrap();
    let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
    let mut parser = vt100::Parser::new(size(ROWS), size(COLS), 0);
    let mut buf = [0u8; 8192];
    while !parser.screen().contents().contains("40 of 40 events") {
        let n = reader.read(&mut buf).expect("the first screen");
        assert!(
            n > 0,
            "the browser ended early:\n{}",
            parser.screen().contents()
        );
        parser.process(&buf[..n]);
    }
    // Once the browser is idle (the word index built and drawn for, so nothing is left
    // to draw), the terminal goes away: every descriptor of its other side closes.
    std::thread::sleep(Duration::from_millis(500));
    drop(reader);
    drop(pty.master);
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("demarche kept running after its terminal went away");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        !status.success(),
        "the session ends as an error: {status:?}"
    );
}

/// `list` on a terminal, with `PAGER` set as given (or removed).
fn list_on_a_terminal(pager: Option<&str>, args: &[&str]) -> String {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_demarche"));
    cmd.args(["list", "-k", "visit"]);
    cmd.args(args);
    match pager {
        Some(pager) => cmd.env("PAGER", pager),
        None => cmd.env_remove("PAGER"),
    }
    let mut session = Session::spawn(cmd);
    let status = session.wait_exit();
    assert!(status.success(), "{}", session.screen());
    session.screen()
}

#[test]
fn long_output_on_a_terminal_goes_through_the_pager_unless_told_not_to() {
    // A pager that marks every line it shows.
    let pager = "sed 's/^/PAGED /'";
    let paged = list_on_a_terminal(Some(pager), &[]);
    assert!(paged.contains("PAGED 9 events"), "{paged}");
    let direct = list_on_a_terminal(Some(pager), &["--no-pager"]);
    assert!(
        direct.contains("9 events") && !direct.contains("PAGED"),
        "{direct}"
    );
    let cat = list_on_a_terminal(Some("cat"), &[]);
    assert!(cat.contains("9 events") && !cat.contains("PAGED"), "{cat}");
    // Without PAGER, less (which quits at once when the output fits the screen).
    if std::process::Command::new("less")
        .arg("--version")
        .output()
        .is_ok()
    {
        let less = list_on_a_terminal(None, &[]);
        assert!(less.contains("9 events"), "{less}");
    }
}

/// The colour of the header's first letters, as the terminal shows it.
fn title_colour(session: &Session) -> vt100::Color {
    session
        .parser
        .lock()
        .unwrap()
        .screen()
        .cell(0, 1)
        .unwrap()
        .fgcolor()
}

#[test]
fn the_config_file_sets_the_theme_and_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "theme = \"high-contrast\"\n[keys]\nsearch = \"S\"\n[views.kz]\ncountry = [\"KZ\"]\nscreen = \"lanes\"\n",
    )
    .unwrap();

    let mut plain = Session::start(&[]);
    plain.wait_for("40 of 40 events");
    let default_colour = title_colour(&plain);
    plain.send("q");
    plain.wait_exit();

    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_demarche"));
    cmd.env("DEMARCHE_CONFIG", &config);
    let mut s = Session::spawn(cmd);
    s.wait_for("40 of 40 events");
    assert_ne!(title_colour(&s), default_colour, "the high-contrast theme");
    assert!(
        s.screen().contains("S search"),
        "the footer names the key:\n{}",
        s.screen()
    );
    s.send("S");
    s.wait_for("Enter keep");
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(100));
    s.send("q");
    assert!(s.wait_exit().success());
    // A view from the config file: its filters and its screen.
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_demarche"));
    cmd.args(["--view", "kz"]);
    cmd.env("DEMARCHE_CONFIG", &config);
    let mut s = Session::spawn(cmd);
    s.wait_for("[2 lanes]");
    assert!(s.screen().contains("country: Kazakhstan"), "{}", s.screen());
    s.send("q");
    assert!(s.wait_exit().success());
}

/// Waits until the screen no longer shows `text`, failing with the screen after 10 s.
fn wait_gone(session: &Session, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while session.screen().contains(text) {
        assert!(
            Instant::now() < deadline,
            "{text:?} stays:\n{}",
            session.screen()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A copy of the built-in dataset in a file of its own.
fn editable_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("events.toml");
    std::fs::write(&path, demarche::load::BUILTIN).unwrap();
    path
}

#[test]
fn an_edit_to_the_data_file_shows_at_once_and_a_broken_one_keeps_the_last_good_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = editable_copy(dir.path());
    let mut s = Session::start(&[
        "--data",
        path.to_str().unwrap(),
        "-c",
        "RU",
        "-k",
        "military",
    ]);
    s.wait_for("Russia invades Ukraine");
    let text = std::fs::read_to_string(&path).unwrap();

    // Written in place: the new headline within 2 s, the filters as they were.
    let edited = text.replacen(
        "headline = \"Russia invades Ukraine\"",
        "headline = \"Russia attacks Ukraine\"",
        1,
    );
    std::fs::write(&path, &edited).unwrap();
    let shown = Instant::now();
    s.wait_for("Russia attacks Ukraine");
    assert!(
        shown.elapsed() < Duration::from_secs(2),
        "{:?}",
        shown.elapsed()
    );
    s.wait_for("reloaded: 1 event changed");
    assert!(s.screen().contains("country: Russia"), "{}", s.screen());

    // Broken, and written as editors do (a new file renamed over the old): the problems,
    // with the line of the bad value, and the last good data still on screen.
    let broken = edited.replacen("date = \"2022-02-24\"", "date = \"2022-02-31\"", 1);
    let line = 1 + broken[..broken.find("2022-02-31").unwrap()]
        .matches('\n')
        .count();
    let temporary = dir.path().join(".events.toml.swp");
    std::fs::write(&temporary, &broken).unwrap();
    std::fs::rename(&temporary, &path).unwrap();
    s.wait_for("1 problem in the data file");
    s.wait_for(&format!(
        "events.toml:{line}:8: event 'russia-invades-ukraine'"
    ));
    assert!(s.screen().contains("Russia attacks Ukraine"));

    // Fixed: the panel closes by itself.
    std::fs::write(&path, &edited).unwrap();
    wait_gone(&s, "1 problem in the data file");
    s.wait_for("the file's problems are fixed");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn e_opens_the_selected_event_in_the_editor_at_its_line_and_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let path = editable_copy(dir.path());
    let calls = dir.path().join("calls");
    // An editor that says how it was called, and changes the event's headline.
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\necho \"$@\" > '{}'\nsed -i 's/headline = \"Russia invades Ukraine\"/headline = \"Edited in the editor\"/' \"$2\"\n",
            calls.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_demarche"));
    cmd.args([
        "--data",
        path.to_str().unwrap(),
        "--select",
        "russia-invades-ukraine",
    ]);
    cmd.env("EDITOR", &editor);
    cmd.env_remove("VISUAL");
    let mut s = Session::spawn(cmd);
    s.wait_for("Russia invades Ukraine");
    s.send("e");
    s.wait_for("Edited in the editor");
    let text = std::fs::read_to_string(&path).unwrap();
    let line = 1 + text[..text.find("id = \"russia-invades-ukraine\"").unwrap()]
        .matches('\n')
        .count();
    let called = std::fs::read_to_string(&calls).unwrap();
    assert_eq!(called.trim_end(), format!("+{line} {}", path.display()));
    // The terminal is the browser's again: keys work.
    s.send("q");
    assert!(s.wait_exit().success());
    s.assert_handed_back("after the editor");
}

/// Standard base64, as OSC 52 carries the clipboard's text.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, &b| n << 8 | b as u32) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
        out.push_str(&"=".repeat(3 - chunk.len()));
    }
    out
}

#[test]
fn y_copies_the_event_s_id_to_the_clipboard_through_the_terminal() {
    assert_eq!(base64(b"Man"), "TWFu");
    assert_eq!(base64(b"Ma"), "TWE=");
    let mut s = Session::start(&["--select", "russia-invades-ukraine"]);
    s.wait_for("Russia invades Ukraine");
    s.send("y");
    s.wait_for("copied its id to the clipboard");
    let copied = s.parser.lock().unwrap().callbacks().copied.clone();
    assert_eq!(copied, [base64(b"russia-invades-ukraine").into_bytes()]);
    s.send("Y");
    s.wait_for("copied its JSON");
    let copied = s.parser.lock().unwrap().callbacks().copied.clone();
    assert_eq!(copied.len(), 2);
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn o_opens_the_event_s_source_in_the_browser_named_by_browser() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("linked.toml");
    std::fs::write(
        &data,
        "title = \"t\"\n[[sources]]\nid = \"s\"\noutlet = \"Wire\"\ntitle = \"Digest\"\n\
         language = \"en\"\npublished = \"2022\"\nabout = \"a\"\nurl = \"https://example.org/digest\"\n\
         [[events]]\nid = \"e\"\ndate = \"2022-06-01\"\nkind = \"call\"\ncountries = [\"KZ\"]\n\
         headline = \"A call\"\nsummary = \"s\"\nsources = [\"s\"]\n",
    )
    .unwrap();
    let opened = dir.path().join("opened");
    let browser = dir.path().join("browser.sh");
    std::fs::write(
        &browser,
        format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_demarche"));
    cmd.args(["--data", data.to_str().unwrap()]);
    cmd.env("BROWSER", &browser);
    let mut s = Session::spawn(cmd);
    s.wait_for("https://example.org/digest");
    s.send("o");
    s.wait_for("opening https://example.org/digest");
    let deadline = Instant::now() + Duration::from_secs(5);
    let written = || std::fs::read_to_string(&opened).is_ok_and(|t| t.ends_with('\n'));
    while !written() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let said = std::fs::read_to_string(&opened).unwrap();
    assert_eq!(said.trim_end(), "https://example.org/digest");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn s_stars_the_event_in_the_marks_file_beside_the_data_and_a_reload_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = editable_copy(dir.path());
    let marks = dir.path().join("events.marks.toml");
    // The browser on the copy, its marks beside it.
    let open = || {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_demarche"));
        let data = path.to_str().unwrap();
        cmd.args(["--data", data, "--select", "russia-invades-ukraine"]);
        cmd.env("DEMARCHE_MARKS", "");
        Session::spawn(cmd)
    };
    let mut s = open();
    s.wait_for("Russia invades Ukraine");
    s.send("s");
    s.wait_for("★ starred");
    let kept = demarche::model::Marks::load(&marks).unwrap();
    assert!(kept.get("russia-invades-ukraine").unwrap().starred);
    // An edit of the data reloads it; the star stays on the event.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(
            "Russia invades Ukraine\"",
            "Russia invades Ukraine, again\"",
            1,
        ),
    )
    .unwrap();
    s.wait_for("reloaded: 1 event changed");
    assert!(
        s.screen().contains("★ Russia invades Ukraine, again"),
        "{}",
        s.screen()
    );
    s.send("q");
    assert!(s.wait_exit().success());
    // A restart shows the star again.
    let mut s = open();
    s.wait_for("★ Russia invades Ukraine, again");
    s.send("s");
    s.wait_for("the star is taken away");
    assert!(
        demarche::model::Marks::load(&marks)
            .unwrap()
            .get("russia-invades-ukraine")
            .is_none()
    );
    s.send("q");
    assert!(s.wait_exit().success());
}

//! The programs a user names in the environment ($PAGER, $VISUAL/$EDITOR, $BROWSER):
//! run through `sh`, so a name may carry options (`less -S`, `code -w`).

use std::process::Command;

/// `program` (as the user wrote it) with `args` after it, run by `sh -c`.
pub fn command(program: &str, args: &[&std::ffi::OsStr]) -> Command {
    let mut command = Command::new("sh");
    command.arg("-c").arg(format!("{program} \"$@\"")).arg("sh");
    command.args(args);
    command
}

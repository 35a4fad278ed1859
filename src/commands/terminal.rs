//! Text for a terminal. Scenario text is untrusted: a name that holds an
//! escape sequence (ESC), a bell, a carriage return or a bidirectional
//! override (U+202E) must not reach a terminal as such, where it could
//! recolour, overwrite or reorder what a person reads. Everything opsim prints
//! for a person goes through [`shown`], which replaces each such character
//! with a visible `<U+XXXX>`, and through [`print`], which treats a closed
//! pipe as the end of the reader's interest, never as a panic.

use std::borrow::Cow;
use std::io::Write;

use crate::export::format::{acts_on_screen, visible};

/// `text` with every character that acts on the screen shown as `<U+XXXX>`; Windows line
/// endings become plain newlines first.
pub(crate) fn shown(text: &str) -> Cow<'_, str> {
    if !text.chars().any(acts_on_screen) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(visible(&text.replace("\r\n", "\n")).into_owned())
}

/// Prints text for a person, made safe, on standard output or standard error.
/// A closed pipe (`opsim validate x | head`) is not an error: the reader has
/// seen what it wanted; any other failure is said once on standard error.
pub(crate) fn print(text: &str, to_stderr: bool) {
    let text = shown(text);
    let result = if to_stderr {
        let mut err = std::io::stderr().lock();
        err.write_all(text.as_bytes()).and_then(|_| err.flush())
    } else {
        let mut out = std::io::stdout().lock();
        out.write_all(text.as_bytes()).and_then(|_| out.flush())
    };
    if let Err(e) = result
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        let _ = writeln!(
            std::io::stderr(),
            "warning: could not print the summary: {e}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_bells_and_overrides_are_shown_not_sent() {
        assert_eq!(shown("plain £1.2m\n\tok"), "plain £1.2m\n\tok");
        assert_eq!(shown("a\u{1b}[31mred\u{7}"), "a<U+001B>[31mred<U+0007>");
        assert_eq!(shown("abc\u{202E}fed"), "abc<U+202E>fed");
        assert_eq!(
            shown("x\u{2066}y\u{9b}z\u{7f}"),
            "x<U+2066>y<U+009B>z<U+007F>"
        );
        assert_eq!(shown("line\r\nnext\rover"), "line\nnext<U+000D>over");
    }
}

//! The page, its script and its styles, embedded in the binary: the server
//! needs no files and the page fetches nothing from elsewhere.

/// The page (`/`).
pub(crate) const HTML: &str = include_str!("../../assets/serve/page.html");

/// Its script (`/page.js`).
pub(crate) const SCRIPT: &str = include_str!("../../assets/serve/page.js");

/// Its styles (`/page.css`).
pub(crate) const STYLE: &str = include_str!("../../assets/serve/page.css");

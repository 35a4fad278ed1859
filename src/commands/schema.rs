//! `opsim schema`: prints the JSON Schema of the scenario format, for editors.

use super::job::emit;
use crate::scenario;

pub(crate) fn run() {
    emit(&scenario::schema::json(), false);
}

//! The structure-aware fuzz target's edits: start from a shipped scenario (or a
//! seed mutant) parsed as a TOML table, apply a short list of edits chosen by
//! `arbitrary` (replace a value by a number, a distribution, a text, a bool or a
//! date; remove, duplicate, copy or rename a key or table; push onto a list),
//! and write it back as TOML.

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use opsim::scenario::DIST_FORMS;
use toml::{Table, Value};

/// The scenarios edited: the shipped ones and the seed mutants.
pub const SEEDS: &[&str] = &[
    include_str!("../../scenarios/bench-40.toml"),
    include_str!("../../scenarios/example.toml"),
    include_str!("../seeds/minimal.toml"),
    include_str!("../seeds/tiers-and-domains.toml"),
    include_str!("../seeds/every-form.toml"),
];

/// Edits applied to one seed, at most this many.
const MAX_EDITS: usize = 8;

#[derive(Debug, Arbitrary)]
pub struct Input {
    pub seed: u8,
    pub edits: Vec<Edit>,
}

/// `at`, `from` and `to` pick a node by its index, modulo the number of nodes
/// of the kind the edit works on: the value edits keep a field's type (a
/// quantity stays a quantity, a text a text), `Retype` gives any field a value
/// of any type, and the structural edits pick any table, array or value.
#[derive(Debug, Arbitrary)]
pub enum Edit {
    Number { at: u16, value: Num },
    Quantity { at: u16, value: Quantity },
    Text { at: u16, value: Text },
    Bool { at: u16, value: bool },
    Retype { at: u16, value: Retype },
    Remove { at: u16 },
    Duplicate { at: u16 },
    Copy { from: u16, to: u16 },
    Rename { at: u16, to: Text },
    Push { at: u16, value: Text },
    Empty { at: u16, array: bool },
}

/// A value of any type, for `Edit::Retype`.
#[derive(Debug, Arbitrary)]
pub enum Retype {
    Number(Num),
    Quantity(Quantity),
    Text(Text),
    Bool(bool),
    Date(u8),
}

#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Num {
    Int(i64),
    Float(f64),
    Small(u8),
    Special(u8),
    /// Near the largest f64, where sums and spans overflow.
    Extreme(u8),
}

const EXTREME: &[f64] = &[
    f64::MAX,
    -f64::MAX,
    1e308,
    -1e308,
    1.7e308,
    9e307,
    1e19,
    1e20,
];

/// Numbers at the edges of the fields' ranges and of f64.
const SPECIAL: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    0.999_999,
    1.000_001,
    2.0,
    3.0,
    100.0,
    168.0,
    1200.0,
    1201.0,
    1e4,
    1e6,
    1e9,
    1e12,
    1e15,
    1.8e19,
    1e300,
    f64::MAX,
    -f64::MAX,
    f64::MIN_POSITIVE,
    5e-324,
    1e-300,
    f64::NAN,
    f64::INFINITY,
    f64::NEG_INFINITY,
    9_007_199_254_740_993.0,
];

impl Num {
    fn float(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
            Num::Small(s) => f64::from(s) / 4.0,
            Num::Special(i) => SPECIAL[usize::from(i) % SPECIAL.len()],
            Num::Extreme(i) => EXTREME[usize::from(i) % EXTREME.len()],
        }
    }

    /// As a TOML value: integers where the number is whole and fits.
    fn value(self) -> Value {
        match self {
            Num::Int(i) => Value::Integer(i),
            Num::Small(s) => Value::Integer(i64::from(s)),
            Num::Special(i) if i % 3 == 0 => Value::Integer(match i / 3 % 5 {
                0 => i64::MAX,
                1 => i64::MIN,
                2 => -1,
                3 => 1_000_000_001,
                _ => 1 << 53,
            }),
            other => Value::Float(other.float()),
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum Form {
    Constant,
    Pert,
    Triangular,
    Uniform,
    Normal,
    LogNormal,
    Poisson,
    Bernoulli,
    Discrete,
    BareArray,
    Alias,
    EmptyTable,
    TwoForms,
}

#[derive(Debug, Arbitrary)]
pub struct Quantity {
    pub form: Form,
    pub params: Vec<Num>,
    /// Pad or cut the parameters to the form's arity (else use them as given).
    pub right_arity: bool,
}

impl Quantity {
    fn value(&self) -> Value {
        let arity = |n: usize| -> Value {
            let mut p: Vec<Value> = self
                .params
                .iter()
                .map(|n| Value::Float(n.float()))
                .collect();
            if self.right_arity {
                p.resize(n, Value::Float(1.0));
            }
            Value::Array(p)
        };
        let one = || self.params.first().map_or(Value::Float(1.0), |n| n.value());
        let table = |form: &str, v: Value| {
            let mut t = Table::new();
            t.insert(form.into(), v);
            Value::Table(t)
        };
        match self.form {
            Form::Constant => table("constant", one()),
            Form::Pert => table("pert", arity(3)),
            Form::Triangular => table("triangular", arity(3)),
            Form::Uniform => table("uniform", arity(2)),
            Form::Normal => table("normal", arity(2)),
            Form::LogNormal => table("lognormal", arity(2)),
            Form::Poisson => table("poisson", one()),
            Form::Bernoulli => table("bernoulli", one()),
            Form::Discrete => {
                let pairs = self
                    .params
                    .chunks(2)
                    .map(|c| {
                        let mut pair: Vec<Value> = c.iter().map(|n| n.value()).collect();
                        if self.right_arity {
                            pair.resize(2, Value::Float(1.0));
                        }
                        Value::Array(pair)
                    })
                    .collect();
                table("discrete", Value::Array(pairs))
            }
            Form::BareArray => arity(3),
            Form::Alias => table("gauss", arity(2)),
            Form::EmptyTable => Value::Table(Table::new()),
            Form::TwoForms => {
                let mut t = Table::new();
                t.insert("pert".into(), arity(3));
                t.insert("uniform".into(), arity(2));
                Value::Table(t)
            }
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum Text {
    /// A string or key found in the document (ids, roles, model names).
    FromDocument(u16),
    Known(u8),
    Raw(String),
}

/// Texts with a meaning somewhere in a scenario.
const KNOWN: &[&str] = &[
    "from-tiers",
    "all-services",
    "by-tier",
    "none",
    "domain",
    "team",
    "deployment-throughput",
    "service-reliability",
    "learning-culture",
    "learning-cultures",
    "developer",
    "ops-run-it",
    "ybiyri",
    "",
    " ",
    "é",
    "🦀",
    "a\nb",
    "GBP",
    "EURO-DOLLARS",
];

const DATES: &[&str] = &[
    "2027-01-04",
    "2027-01-04T09:00:00",
    "09:00:00",
    "2027-01-04T09:00:00Z",
    "1979-05-27T00:32:00.999999-07:00",
    "0000-01-01",
    "9999-12-31",
];

#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(usize),
}

type Path = Vec<Step>;

fn seeds() -> &'static [Table] {
    static PARSED: OnceLock<Vec<Table>> = OnceLock::new();
    PARSED.get_or_init(|| {
        SEEDS
            .iter()
            .map(|s| s.parse::<Table>().expect("seed parses"))
            .collect()
    })
}

/// Which nodes an edit may pick.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// Every table, array and value below the root.
    Any,
    /// Fields' whole values: a quantity (a number, a bare array of numbers or a
    /// one-form table such as `{ lognormal = [1, 16] }`) is one node, not entered.
    Field,
    /// Fields whose value is a quantity.
    Quantity,
    /// Fields whose value is a text.
    Text,
    /// Fields whose value is a bool.
    Bool,
}

fn is_quantity(value: &Value) -> bool {
    match value {
        Value::Integer(_) | Value::Float(_) => true,
        Value::Array(a) => !a.is_empty() && a.iter().all(|v| v.is_integer() || v.is_float()),
        Value::Table(t) => t.len() == 1 && t.keys().all(|k| DIST_FORMS.contains(&k.as_str())),
        _ => false,
    }
}

/// The nodes of `kind`, depth first.
fn nodes(table: &Table, kind: Kind) -> Vec<Path> {
    fn walk(value: &Value, kind: Kind, path: &mut Path, out: &mut Vec<Path>) {
        let quantity = is_quantity(value);
        let container = matches!(value, Value::Table(_) | Value::Array(_));
        let enter = container && (kind == Kind::Any || !quantity);
        let wanted = match kind {
            Kind::Any => true,
            Kind::Field => !enter,
            Kind::Quantity => quantity,
            Kind::Text => value.is_str(),
            Kind::Bool => value.is_bool(),
        };
        if wanted {
            out.push(path.clone());
        }
        if !enter {
            return;
        }
        match value {
            Value::Table(t) => {
                for (k, v) in t {
                    path.push(Step::Key(k.clone()));
                    walk(v, kind, path, out);
                    path.pop();
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    path.push(Step::Index(i));
                    walk(v, kind, path, out);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    let mut path = Vec::new();
    for (k, v) in table {
        path.push(Step::Key(k.clone()));
        walk(v, kind, &mut path, &mut out);
        path.pop();
    }
    out
}

/// Every string value and key in the document.
fn texts(table: &Table) -> Vec<String> {
    fn walk(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) => out.push(s.clone()),
            Value::Table(t) => {
                for (k, v) in t {
                    out.push(k.clone());
                    walk(v, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (k, v) in table {
        out.push(k.clone());
        walk(v, &mut out);
    }
    out
}

fn get_mut<'a>(root: &'a mut Table, path: &[Step]) -> Option<&'a mut Value> {
    let (first, rest) = path.split_first()?;
    let Step::Key(k) = first else { return None };
    let mut node = root.get_mut(k)?;
    for step in rest {
        node = match (step, node) {
            (Step::Key(k), Value::Table(t)) => t.get_mut(k)?,
            (Step::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

/// The container holding the node at `path`, and the node's last step.
enum Parent<'a> {
    Table(&'a mut Table, String),
    Array(&'a mut Vec<Value>, usize),
}

fn parent<'a>(root: &'a mut Table, path: &[Step]) -> Option<Parent<'a>> {
    let (last, init) = path.split_last()?;
    if init.is_empty() {
        return match last {
            Step::Key(k) => Some(Parent::Table(root, k.clone())),
            Step::Index(_) => None,
        };
    }
    match (get_mut(root, init)?, last) {
        (Value::Table(t), Step::Key(k)) => Some(Parent::Table(t, k.clone())),
        (Value::Array(a), Step::Index(i)) => Some(Parent::Array(a, *i)),
        _ => None,
    }
}

/// The node of `kind` numbered `at` (modulo their number), if there is one.
fn pick(doc: &Table, kind: Kind, at: u16) -> Option<Path> {
    let paths = nodes(doc, kind);
    (!paths.is_empty()).then(|| paths[usize::from(at) % paths.len()].clone())
}

fn text(value: &Text, doc: &[String]) -> String {
    match value {
        Text::FromDocument(i) if !doc.is_empty() => doc[usize::from(*i) % doc.len()].clone(),
        Text::FromDocument(_) => String::new(),
        Text::Known(i) => KNOWN[usize::from(*i) % KNOWN.len()].to_string(),
        Text::Raw(s) => s.clone(),
    }
}

fn set(doc: &mut Table, path: Option<Path>, value: Value) {
    if let Some(node) = path.and_then(|p| get_mut(doc, &p)) {
        *node = value;
    }
}

fn apply(doc: &mut Table, edit: &Edit) {
    let words = texts(doc);
    match edit {
        Edit::Number { at, value } => set(doc, pick(doc, Kind::Quantity, *at), value.value()),
        Edit::Quantity { at, value } => set(doc, pick(doc, Kind::Quantity, *at), value.value()),
        Edit::Text { at, value } => {
            let value = Value::String(text(value, &words));
            set(doc, pick(doc, Kind::Text, *at), value);
        }
        Edit::Bool { at, value } => set(doc, pick(doc, Kind::Bool, *at), Value::Boolean(*value)),
        Edit::Retype { at, value } => {
            let value = match value {
                Retype::Number(n) => n.value(),
                Retype::Quantity(q) => q.value(),
                Retype::Text(t) => Value::String(text(t, &words)),
                Retype::Bool(b) => Value::Boolean(*b),
                Retype::Date(which) => match DATES[usize::from(*which) % DATES.len()].parse() {
                    Ok(d) => Value::Datetime(d),
                    Err(_) => return,
                },
            };
            set(doc, pick(doc, Kind::Field, *at), value);
        }
        Edit::Remove { at } => match pick(doc, Kind::Any, *at).and_then(|p| parent(doc, &p)) {
            Some(Parent::Table(t, k)) => {
                t.remove(&k);
            }
            Some(Parent::Array(a, i)) => {
                a.remove(i);
            }
            None => {}
        },
        Edit::Duplicate { at } => match pick(doc, Kind::Any, *at).and_then(|p| parent(doc, &p)) {
            Some(Parent::Table(t, k)) => {
                if let Some(v) = t.get(&k).cloned() {
                    t.insert(format!("{k}-copy"), v);
                }
            }
            Some(Parent::Array(a, i)) => {
                let v = a[i].clone();
                a.insert(i + 1, v);
            }
            None => {}
        },
        Edit::Copy { from, to } => {
            let value = pick(doc, Kind::Any, *from).and_then(|p| get_mut(doc, &p).cloned());
            if let Some(v) = value {
                set(doc, pick(doc, Kind::Any, *to), v);
            }
        }
        Edit::Rename { at, to } => {
            if let Some(Parent::Table(t, k)) =
                pick(doc, Kind::Any, *at).and_then(|p| parent(doc, &p))
                && let Some(v) = t.remove(&k)
            {
                t.insert(text(to, &words), v);
            }
        }
        Edit::Push { at, value } => {
            let name = text(value, &words);
            match pick(doc, Kind::Any, *at).and_then(|p| get_mut(doc, &p)) {
                Some(Value::Array(a)) => a.push(Value::String(name)),
                Some(Value::Table(t)) => {
                    t.insert(name, Value::Integer(1));
                }
                _ => {}
            }
        }
        Edit::Empty { at, array } => {
            let empty = if *array {
                Value::Array(Vec::new())
            } else {
                Value::Table(Table::new())
            };
            set(doc, pick(doc, Kind::Any, *at), empty);
        }
    }
}

/// The scenario text an input describes, or None when TOML cannot write the
/// edited table (e.g. a key under a value that an edit made a number).
pub fn scenario_text(input: &Input) -> Option<String> {
    let seeds = seeds();
    let mut doc = seeds[usize::from(input.seed) % seeds.len()].clone();
    for edit in input.edits.iter().take(MAX_EDITS) {
        apply(&mut doc, edit);
    }
    toml::to_string(&doc).ok()
}

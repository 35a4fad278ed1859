//! Which column of an export holds what. The common tools' layouts are
//! recognised by their header names (ServiceNow's incident list export,
//! PagerDuty's incident export, and plain names for deployments); `--columns
//! role=name,...` names any role's column, and overrides what was recognised.

use super::Kind;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The incident's or record's own id (duplicates are found by it).
    Id,
    /// When the incident opened (incidents) or the deployment happened.
    Time,
    /// When the incident was resolved (incidents only).
    Resolved,
    /// The service it belongs to.
    Service,
    /// The service's tier (optional; only by `--columns tier=...`).
    Tier,
}

impl Role {
    /// The role's name in `--columns` for this kind of file.
    pub(crate) fn key(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (Role::Id, _) => "id",
            (Role::Time, Kind::Incidents) => "opened",
            (Role::Time, Kind::Deployments) => "time",
            (Role::Resolved, _) => "resolved",
            (Role::Service, _) => "service",
            (Role::Tier, _) => "tier",
        }
    }

    /// The roles a kind of file has, required ones first.
    pub(crate) fn all(kind: Kind) -> &'static [Role] {
        match kind {
            Kind::Incidents => &[
                Role::Time,
                Role::Resolved,
                Role::Service,
                Role::Id,
                Role::Tier,
            ],
            Kind::Deployments => &[Role::Time, Role::Service, Role::Id, Role::Tier],
        }
    }

    /// Whether a file of this kind must have the column.
    pub(crate) fn required(self) -> bool {
        matches!(self, Role::Time | Role::Resolved | Role::Service)
    }
}

/// A recognised layout: its name and, per role, the header names it uses in
/// order of preference.
struct Layout {
    name: &'static str,
    kind: Kind,
    names: &'static [(Role, &'static [&'static str])],
}

const LAYOUTS: &[Layout] = &[
    Layout {
        name: "ServiceNow incident export",
        kind: Kind::Incidents,
        names: &[
            (Role::Id, &["number", "sys_id"]),
            (Role::Time, &["opened_at"]),
            (Role::Resolved, &["resolved_at"]),
            (Role::Service, &["business_service", "cmdb_ci"]),
        ],
    },
    Layout {
        name: "PagerDuty incident export",
        kind: Kind::Incidents,
        names: &[
            (Role::Id, &["id", "incident_number"]),
            (Role::Time, &["created_on", "created_at"]),
            (Role::Resolved, &["resolved_on", "resolved_at"]),
            (Role::Service, &["service_name", "service"]),
        ],
    },
    Layout {
        name: "plain incident columns",
        kind: Kind::Incidents,
        names: &[
            (Role::Id, &["id", "number", "incident_id"]),
            (Role::Time, &["opened", "created", "start", "started_at"]),
            (
                Role::Resolved,
                &["resolved", "restored", "restored_at", "end"],
            ),
            (Role::Service, &["service", "service_name"]),
        ],
    },
    Layout {
        name: "deployment columns",
        kind: Kind::Deployments,
        names: &[
            (Role::Id, &["id", "deployment_id"]),
            (
                Role::Time,
                &[
                    "deployed_at",
                    "deployment_time",
                    "finished_at",
                    "created_at",
                    "timestamp",
                    "time",
                    "date",
                ],
            ),
            (
                Role::Service,
                &["service", "service_name", "application", "app", "component"],
            ),
        ],
    },
];

/// The column index of each role in one file, and how it was found.
#[derive(Debug, Clone)]
pub(crate) struct Columns {
    /// Name of the recognised layout, or "columns given by --columns".
    pub(crate) layout: String,
    /// (role, column index, header name) for each role found.
    pub(crate) found: Vec<(Role, usize, String)>,
}

impl Columns {
    /// The column index of a role, if the file has it.
    pub(crate) fn index(&self, role: Role) -> Option<usize> {
        self.found.iter().find(|f| f.0 == role).map(|f| f.1)
    }

    /// The header name of a role's column.
    pub(crate) fn name(&self, role: Role) -> &str {
        self.found
            .iter()
            .find(|f| f.0 == role)
            .map_or("", |f| f.2.as_str())
    }
}

/// Parses `--columns opened=a,resolved=b,...` into (role, header name) pairs.
pub(crate) fn parse_spec(kind: Kind, spec: &str) -> Result<Vec<(Role, String)>, String> {
    let mut out: Vec<(Role, String)> = Vec::new();
    for part in spec.split(',').filter(|p| !p.trim().is_empty()) {
        let Some((key, name)) = part.split_once('=') else {
            return Err(format!(
                "--columns: `{part}` is not ROLE=COLUMN; write e.g. {}",
                example(kind)
            ));
        };
        let (key, name) = (key.trim(), name.trim());
        let Some(role) = Role::all(kind).iter().find(|r| r.key(kind) == key) else {
            let keys: Vec<&str> = Role::all(kind).iter().map(|r| r.key(kind)).collect();
            return Err(format!(
                "--columns: unknown role `{key}`; the roles are {}",
                keys.join(", ")
            ));
        };
        if name.is_empty() {
            return Err(format!("--columns: `{key}=` names no column"));
        }
        if out.iter().any(|(r, _)| r == role) {
            return Err(format!("--columns: `{key}` is given twice"));
        }
        out.push((*role, name.to_string()));
    }
    Ok(out)
}

/// An example `--columns` value for this kind of file.
pub(crate) fn example(kind: Kind) -> &'static str {
    match kind {
        Kind::Incidents => "--columns opened=start,resolved=end,service=app,tier=tier",
        Kind::Deployments => "--columns time=deployed,service=app",
    }
}

/// Matches a header against the given columns and the known layouts. Header
/// names match case-insensitively, ignoring surrounding spaces.
/// Err: (the missing role's `--columns` key, what was looked for).
pub(crate) fn recognise(
    kind: Kind,
    header: &[String],
    given: &[(Role, String)],
) -> Result<Columns, (Role, String)> {
    let position = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
    };
    let mut found = Vec::new();
    for (role, name) in given {
        match position(name) {
            Some(i) => found.push((*role, i, header[i].trim().to_string())),
            None => return Err((*role, format!("`{name}` (given by --columns)"))),
        }
    }
    let layouts: Vec<&Layout> = LAYOUTS.iter().filter(|l| l.kind == kind).collect();
    // The first layout whose required columns are all present wins; any role
    // still unmatched then takes that layout's name for it.
    let complete = layouts.iter().find(|l| {
        Role::all(kind).iter().filter(|r| r.required()).all(|r| {
            found.iter().any(|f| f.0 == *r)
                || l.names
                    .iter()
                    .any(|(role, names)| role == r && names.iter().any(|n| position(n).is_some()))
        })
    });
    let layout_name = match (complete, given.is_empty()) {
        (Some(l), true) => l.name.to_string(),
        (Some(l), false) => format!("{} with columns given by --columns", l.name),
        (None, _) => "columns given by --columns".to_string(),
    };
    for role in Role::all(kind) {
        if found.iter().any(|f| f.0 == *role) {
            continue;
        }
        let candidates: Vec<&str> = match complete {
            Some(l) => l
                .names
                .iter()
                .filter(|(r, _)| r == role)
                .flat_map(|(_, n)| n.iter().copied())
                .collect(),
            None => layouts
                .iter()
                .flat_map(|l| l.names.iter())
                .filter(|(r, _)| r == role)
                .flat_map(|(_, n)| n.iter().copied())
                .collect(),
        };
        match candidates.iter().find_map(|n| position(n)) {
            Some(i) => found.push((*role, i, header[i].trim().to_string())),
            None if role.required() => {
                let mut names: Vec<String> = Vec::new();
                for n in layouts
                    .iter()
                    .flat_map(|l| l.names.iter())
                    .filter(|(r, _)| r == role)
                    .flat_map(|(_, n)| n.iter())
                {
                    let quoted = format!("`{n}`");
                    if !names.contains(&quoted) {
                        names.push(quoted);
                    }
                }
                return Err((*role, names.join(", ")));
            }
            None => {}
        }
    }
    Ok(Columns {
        layout: layout_name,
        found,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn servicenow_and_pagerduty_are_recognised() {
        let sn = recognise(
            Kind::Incidents,
            &header(&[
                "number",
                "short_description",
                "Opened_at",
                "resolved_at",
                "cmdb_ci",
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(sn.layout, "ServiceNow incident export");
        assert_eq!(sn.index(Role::Time), Some(2));
        assert_eq!(sn.index(Role::Service), Some(4));
        assert_eq!(sn.index(Role::Id), Some(0));
        let pd = recognise(
            Kind::Incidents,
            &header(&[
                "id",
                "incident_number",
                "service_name",
                "created_on",
                "resolved_on",
            ]),
            &[],
        )
        .unwrap();
        assert_eq!(pd.layout, "PagerDuty incident export");
        assert_eq!(pd.index(Role::Resolved), Some(4));
    }

    #[test]
    fn a_missing_column_names_what_was_looked_for() {
        let err = recognise(Kind::Incidents, &header(&["number", "opened_at"]), &[]).unwrap_err();
        assert_eq!(err.0, Role::Resolved);
        assert!(err.1.contains("`resolved_at`"), "{}", err.1);
    }

    #[test]
    fn given_columns_override_and_bad_specs_are_refused() {
        let given = parse_spec(
            Kind::Incidents,
            "opened=Start,resolved=End,service=App,tier=T",
        )
        .unwrap();
        let c = recognise(
            Kind::Incidents,
            &header(&["start", "end", "app", "t"]),
            &given,
        )
        .unwrap();
        assert_eq!(c.index(Role::Tier), Some(3));
        assert!(
            parse_spec(Kind::Incidents, "opend=x")
                .unwrap_err()
                .contains("unknown role")
        );
        assert!(
            parse_spec(Kind::Incidents, "opened")
                .unwrap_err()
                .contains("ROLE=COLUMN")
        );
    }
}

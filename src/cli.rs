//! Command-line arguments: the only place that knows flag names.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::scenario::overrides::{Override, parse_override};
use crate::sweep::grid::{Vary, parse_vary};

/// The file `opsim init` writes when given no path.
pub const DEFAULT_SCENARIO_PATH: &str = "scenario.toml";

/// The overview `opsim --help` shows: one line per kind of work.
const EXAMPLES: &str = "\
Examples:
  opsim run                                   run the built-in example scenario
  opsim init my.toml                          write a commented starter scenario to edit
  opsim validate my.toml                      check a file; show what each input implies
  opsim run my.toml                           simulate it: summary, CSV, charts and report
  opsim compare before.toml after.toml        run both on one seed; side-by-side table, B - A
  opsim sweep my.toml --vary ybiyri.on_call.standby_pay_per_week=100..400:100
  opsim fit incidents incidents.csv           scenario values from your own incident export
  opsim verify output/run                     check a folder is one complete set of files
  opsim serve my.toml                         a live workshop page: move assumptions, see the answer
  opsim schema > scenario.schema.json         JSON Schema for editors (Taplo, Even Better TOML)

Each command's --help has its own examples (opsim run --help, ...).

Exit codes: 0 success, 2 a problem with the input or arguments, 1 an internal error.";

/// What --set takes: the same for run, validate, compare and sweep.
macro_rules! set_help {
    () => {
        "--set PATH=VALUE sets any value of the scenario, checked like the file. PATH is the
dotted path `opsim validate` prints (array elements by id), or a unique ending of
it; VALUE is TOML (60, true, \"text\", [2, 4, 8], { pert = [2, 4, 8] }); a bare
word such as developer is text. Quote the argument for the shell."
    };
}

const RUN_EXAMPLES: &str = concat!(
    "\
Examples:
  opsim run                                   run the built-in example scenario
  opsim run scenarios/bench-40.toml           run a scenario file
  opsim run scenarios/bench-40.toml --iterations 200000 --seed 7 --threads 2
  opsim run my.toml --out results/ --json -   also print the JSON summary on stdout
  opsim run my.toml --target-se 0.005         run until every headline mean is within 0.5% (1 se)
  opsim run my.toml --summary-only -n 1000000
      numbers only: no charts, report or sensitivity
  opsim run my.toml --set ybiyri.on_call.standby_pay_per_week=300
  opsim run my.toml --set 'countermeasures.change-approval-criteria.enabled=false'
  opsim run my.toml -n 1000000 --shard 3/10 --out parts/3   shard 3 of 10 (0 to 9): a partial

",
    set_help!(),
    "

Exit codes: 0 success, 2 a problem with the input or arguments, 1 an internal error,
130/143 stopped by SIGINT/SIGTERM."
);

const VALIDATE_EXAMPLES: &str = concat!(
    "\
Examples:
  opsim validate my.toml                      check a file; show what each input implies
  opsim validate my.toml --set 'models.ybiyri.incidents.time_to_restore_hours={ lognormal = [0.5, 6] }'
  opsim validate my.toml | less -S            every input's P10/P50/P90 and mean, one a line

",
    set_help!(),
    "

Exit codes: 0 the file is valid, 2 it is not (every problem listed, with file:line:col)."
);

const COMPARE_EXAMPLES: &str = concat!(
    "\
Examples:
  opsim compare before.toml after.toml        run both on one seed; side-by-side table, B - A
  opsim compare a.toml b.toml -n 50000 --seed 7 --out results/compare
  opsim compare a.toml b.toml --json -        compare.json on standard output too

",
    set_help!(),
    " It is applied to both files.

Exit codes: 0 success, 2 a problem with the input or arguments, 1 an internal error."
);

const INIT_EXAMPLES: &str = "\
Examples:
  opsim init                                  write scenario.toml in this folder
  opsim init my.toml                          write my.toml (never over an existing file)
  opsim init my.toml --force                  replace my.toml with the starter

Then: opsim validate my.toml, and opsim run my.toml.

Exit codes: 0 written, 2 the file exists (without --force) or cannot be written.";

const SCHEMA_EXAMPLES: &str = "\
Examples:
  opsim schema > scenario.schema.json         JSON Schema for editors (Taplo, Even Better TOML)

Exit codes: 0 success.";

/// opsim: what moving from Ops Run It to You Build It You Run It really costs
/// and how long it really takes, as a Monte Carlo simulation.
#[derive(Debug, Parser)]
#[command(name = "opsim", version, after_help = EXAMPLES)]
pub struct Cli {
    /// The command to carry out.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands opsim knows.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a scenario: print a summary table, write summary.json and CSV files
    #[command(after_help = RUN_EXAMPLES)]
    Run(RunArgs),
    /// Check a scenario file and show each uncertain input's P10/P50/P90 and mean
    #[command(after_help = VALIDATE_EXAMPLES)]
    Validate(ValidateArgs),
    /// Run two scenario files on the same seed and iterations; print and write
    /// their headline figures side by side with the differences (B - A)
    #[command(after_help = COMPARE_EXAMPLES)]
    Compare(CompareArgs),
    /// Write a commented starter scenario to edit (scenario.toml by default)
    #[command(after_help = INIT_EXAMPLES)]
    Init(InitArgs),
    /// Print a JSON Schema of the scenario format, for editors' completion and checks
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema,
    /// Merge the partial results of a sharded run (`opsim run --shard K/N`)
    /// into exactly the files the single run writes, or of a sharded sweep
    /// (`opsim sweep --shard K/N`) into the sweep's
    #[command(after_help = MERGE_EXAMPLES)]
    Merge(MergeArgs),
    /// Run a scenario at every point of a grid of one or two parameters, on the
    /// same random numbers; write sweep.csv and a chart of the headline outputs
    #[command(after_help = SWEEP_EXAMPLES)]
    Sweep(SweepArgs),
    /// Check that an output folder holds one complete set of files, exactly as
    /// its manifest.json lists them (names, sizes, SHA-256)
    #[command(after_help = VERIFY_EXAMPLES)]
    Verify(VerifyArgs),
    /// Fit scenario values to your own data: an incident export gives the
    /// incident rate and time to restore, a deployment export the deployments
    /// per service per month; prints a TOML fragment with each value's source
    #[command(after_help = FIT_EXAMPLES)]
    Fit(FitArgs),
    /// Serve a live workshop page on this machine: move the assumptions and see
    /// the answer change, both models rerun on the same random numbers
    #[command(after_help = SERVE_EXAMPLES)]
    Serve(ServeArgs),
}

const SERVE_EXAMPLES: &str = "\
Examples:
  opsim serve                                 the built-in example on http://127.0.0.1:8350/
  opsim serve scenarios/bench-40.toml --port 9000
  opsim serve my.toml --iterations 8192 --seed 7
  opsim serve my.toml --address 0.0.0.0       every interface: anyone who can reach
                                              this machine can use the page (warned)

The page reruns the scenario for every change, on the same seed and iterations;
each change is a --set PATH=VALUE, checked exactly as `opsim run --set` checks it.
The server reads the scenario once and writes no file; stop it with Ctrl-C.

Exit codes: 0 stopped by Ctrl-C or SIGTERM, 2 a problem with the scenario or the
arguments (such as a port in use), 1 an internal error.";

/// Arguments of `opsim serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Scenario file (TOML); the built-in example when left out
    pub scenario: Option<PathBuf>,
    /// Port to listen on (0: any free port, printed at start)
    #[arg(long, default_value_t = 8350)]
    pub port: u16,
    /// Address to listen on. Anything but a loopback address lets other
    /// machines use the page and is warned about
    #[arg(long, default_value = "127.0.0.1")]
    pub address: std::net::IpAddr,
    /// Iterations of each run the page asks for ("refine" runs four times as many)
    #[arg(long, short = 'n', default_value_t = 4096)]
    pub iterations: u64,
    /// Random seed of every run [default: the scenario's simulation.seed]
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads of each run; 0 uses every core. Results do not depend on it
    #[arg(long, short = 'j', default_value_t = 0)]
    pub threads: usize,
}

const VERIFY_EXAMPLES: &str = "\
Examples:
  opsim verify output/run        the folder `opsim run` writes by default
  opsim verify results/ && cp -r results/ /shared/board-pack/

Every run, sweep and comparison writes its files as one set: into a staging
folder beside the output folder, then swapped in whole, with manifest.json
listing every file's size and SHA-256. verify reads the manifest and checks
each file, and that nothing else is in the folder.

Exit codes: 0 the folder is one complete set, 1 it differs from its manifest
(each difference is listed), 2 no manifest or the folder cannot be read.";

/// What `opsim verify` checks.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The output folder to check
    pub dir: PathBuf,
}

const FIT_EXAMPLES: &str = "\
Examples:
  opsim fit incidents incidents.csv            ServiceNow or PagerDuty export: print TOML
  opsim fit incidents incidents.csv --services 60 --out fit/
      share the rate among 60 services (those with no incident too); write
      fit/fit.txt, fit.toml, fit.svg and fit.png
  opsim fit incidents export.csv --columns opened=start,resolved=end,service=app,tier=tier
  opsim fit incidents incidents.csv --skip-bad-rows --empirical
  opsim fit incidents incidents.csv --format set   --set arguments for run/validate
  opsim fit incidents incidents.csv --apply my.toml
      write my.fitted.toml: my.toml with the fitted values (--output, --force)
  opsim fit deployments deploys.csv --columns time=finished,service=repo

Recognised layouts: ServiceNow (number, opened_at, resolved_at, business_service
or cmdb_ci), PagerDuty (id, created_on, resolved_on, service_name), plain names
(see docs/fit.md); --columns names any other. Times: ISO 8601, with an offset
(2026-01-05T09:12:33Z) or without (2026-01-05 09:12:33), not mixed. The report
goes to standard error, the values to standard output. docs/fit.md defines
every estimate.

Exit codes: 0 success, 2 a problem with the input or arguments, 1 an internal error.";

/// What an export holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FitKind {
    /// Incidents: opened and resolved times and a service per row
    Incidents,
    /// Deployments: a time and a service per row
    Deployments,
}

/// How `opsim fit` prints the fitted values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FitFormat {
    /// A TOML fragment, each value under its table
    Toml,
    /// `--set PATH=VALUE` arguments for run, validate, sweep and compare
    Set,
}

/// Arguments of `opsim fit`.
#[derive(Debug, Args)]
pub struct FitArgs {
    /// What the file holds
    pub kind: FitKind,
    /// The export (CSV with a header line)
    pub file: PathBuf,
    /// Name the columns: ROLE=COLUMN,... with roles opened, resolved, service,
    /// tier, id (incidents) or time, service, tier, id (deployments)
    #[arg(long, value_name = "ROLE=COLUMN,...")]
    pub columns: Option<String>,
    /// Skip bad rows, counted by reason in the report, instead of stopping at the first
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// Write the time to restore as an empirical discrete table, not a lognormal
    #[arg(long)]
    pub empirical: bool,
    /// Services to share the rate among [default: the services in the file]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    pub services: Option<u64>,
    /// The model whose time to restore the incidents show [default: the
    /// --apply scenario's baseline, else ops-run-it]
    #[arg(long, value_name = "ID")]
    pub model: Option<String>,
    /// How to print the values
    #[arg(long, value_enum, default_value_t = FitFormat::Toml)]
    pub format: FitFormat,
    /// Write a copy of this scenario with the fitted values in place
    #[arg(long, value_name = "SCENARIO")]
    pub apply: Option<PathBuf>,
    /// With --apply: the file to write [default: SCENARIO's name with .fitted.toml]
    #[arg(long, value_name = "PATH", requires = "apply")]
    pub output: Option<PathBuf>,
    /// With --apply: replace the output file if it exists
    #[arg(long, requires = "apply")]
    pub force: bool,
    /// Also write the report, the values and the chart (fit.txt, fit.toml,
    /// fit.svg, fit.png) into this folder
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print no report on standard error
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

const SWEEP_EXAMPLES: &str = "\
Examples:
  opsim sweep scenarios/example.toml --vary organisation.teams=5..30:5
      at how many teams does YBIYRI stop paying off?
  opsim sweep scenarios/bench-40.toml --vary ybiyri.on_call.standby_pay_per_week=100..400:50 -n 20000
      how much standby pay can we afford?
  opsim sweep my.toml --vary ybiyri.on_call.people_per_rota=3..9:3 --vary ybiyri.on_call.standby_pay_per_week=100..400:100
      two parameters: a grid of 3 x 4 points
  opsim sweep my.toml --vary ybiyri.on_call.standby_pay_per_week=100..700:100 --vary ybiyri.on_call.people_per_rota=3..9:2 --shard 2/4 --out parts/2
  opsim merge parts/*/sweep-partial-*.opsim --out sweep
      a 7 x 4 grid in 4 shards of 7 points each (run every shard), then the sweep's files

PATH is a path `opsim validate` prints, or a unique ending of it, as for --set.
Every point runs with the same seed and iteration count, so the points share
their random numbers and the differences between them are the parameter's effect.

Exit codes: 0 success, 2 a problem with the input or arguments, 1 an internal error.";

const MERGE_EXAMPLES: &str = "\
Examples:
  for k in 0 1 2 3; do opsim run big.toml -n 1000000 --shard $k/4 --out parts/$k & done; wait
  opsim merge parts/*/partial-*.opsim --out results
      four shards on one machine, then the files a single run of 1,000,000 writes
  opsim merge parts/*/partial-*.opsim --out results --json - -q
      the merged summary.json on standard output too
  for k in 0 1; do opsim sweep my.toml --vary ybiyri.on_call.people_per_rota=3..9:2 --shard $k/2 --out sweep-parts/$k; done
  opsim merge sweep-parts/*/sweep-partial-*.opsim --out sweep
      a sweep sharded by points: each shard, then the sweep's files

Every shard of the run must be given once: partials of the same scenario
(text, --set and a sweep's --vary), seed, iteration count and opsim
version, with the same --summary-only. Any other set is refused (exit 2) and nothing is written.
The scenario travels inside the partials; the merged files name it as the
shards' command line did. Recipes for Slurm, Kubernetes and GNU parallel:
docs/scale-out.md.

Exit codes: 0 success, 2 a problem with the input or arguments, 1 an internal error.";

/// Which shard of a run, from `--shard K/N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShardArg {
    /// K: which shard, 0 to N - 1.
    pub index: u64,
    /// N: how many shards.
    pub count: u64,
}

/// Parses `K/N` with 0 <= K < N.
pub fn parse_shard(text: &str) -> Result<ShardArg, String> {
    let help = "write K/N with shards numbered 0 to N-1, e.g. --shard 0/10 ... --shard 9/10 \
                (Slurm: --array=0-9 and --shard $SLURM_ARRAY_TASK_ID/10)";
    let (k, n) = text
        .split_once('/')
        .ok_or_else(|| format!("`{text}` is not K/N: {help}"))?;
    let parse = |s: &str| s.trim().parse::<u64>();
    let (Ok(index), Ok(count)) = (parse(k), parse(n)) else {
        return Err(format!("`{text}` is not K/N with whole numbers: {help}"));
    };
    if count == 0 || index >= count {
        return Err(format!("shard {index} of {count} does not exist: {help}"));
    }
    Ok(ShardArg { index, count })
}

/// Arguments of `opsim merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The partial results of every shard of one run (`partial-K-of-N.opsim`)
    /// or sweep (`sweep-partial-K-of-N.opsim`)
    #[arg(required = true, value_name = "PARTIAL")]
    pub partials: Vec<PathBuf>,
    /// Folder for the run's files (summary.json, CSV files, charts, report)
    #[arg(long, default_value = "output")]
    pub out: PathBuf,
    /// Also write the JSON summary to this path ("-" for standard output)
    #[arg(long)]
    pub json: Option<String>,
    /// Worker threads for the analysis and charts; 0 uses every core. Results do not depend on it
    #[arg(long, short = 'j', default_value_t = 0)]
    pub threads: usize,
    /// Print no summary table
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// How many iterations, with which seed, on how many threads: the same flags
/// for `run`, `sweep` (every point) and `compare` (both files).
#[derive(Debug, Args)]
pub struct Sampling {
    /// Iterations [default: the scenario's simulation.iterations; compare: A's]
    #[arg(long, short = 'n')]
    pub iterations: Option<u64>,
    /// Random seed [default: the scenario's simulation.seed; compare: A's]
    #[arg(long)]
    pub seed: Option<u64>,
    /// Worker threads; 0 uses every core. Results do not depend on it
    #[arg(long, short = 'j', default_value_t = 0)]
    pub threads: usize,
    /// How once-per-iteration inputs are sampled (same as --set simulation.sampling=MODE)
    /// [default: the scenario's simulation.sampling, else sobol]
    #[arg(long = "sampling", value_name = "MODE", value_parser = ["random", "lhs", "sobol"])]
    pub mode: Option<String>,
}

impl Sampling {
    /// `--sampling MODE` as the override it stands for, added after `set`.
    pub fn add_override(&self, set: &mut Vec<Override>) {
        if let Some(mode) = &self.mode {
            let written = format!("simulation.sampling={mode}");
            set.push(parse_override(&written).expect("a sampling mode is a valid override"));
        }
    }
}

/// Arguments of `opsim sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Scenario file (TOML)
    pub scenario: PathBuf,
    /// A parameter and its values, PATH=FROM..TO:STEP (once or twice)
    #[arg(long, value_name = "PATH=FROM..TO:STEP", required = true, value_parser = parse_vary)]
    pub vary: Vec<Vary>,
    /// Iterations, seed and threads, the same at every point.
    #[command(flatten)]
    pub sampling: Sampling,
    /// Folder for sweep.csv, sweep.svg and sweep.png, replaced whole (one set)
    #[arg(long, default_value = "output/sweep")]
    pub out: PathBuf,
    /// Set a value of the scenario at every point, e.g. --set organisation.services=60
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_override)]
    pub set: Vec<Override>,
    /// Print no table
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Run only shard K of N (K from 0 to N-1): the K-th of N contiguous
    /// ranges of the grid's points. Writes `sweep-partial-K-of-N.opsim` to
    /// --out; `opsim merge` turns every shard's partial into the sweep's files
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<ShardArg>,
}

/// Arguments of `opsim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (TOML); the built-in example when left out
    pub scenario: Option<PathBuf>,
    /// Iterations, seed and threads.
    #[command(flatten)]
    pub sampling: Sampling,
    /// Folder for summary.json, the CSV files, the charts and the report,
    /// replaced whole (one set, listed in its manifest.json)
    #[arg(long, default_value = "output/run")]
    pub out: PathBuf,
    /// Also write the JSON summary to this path ("-" for standard output)
    #[arg(long)]
    pub json: Option<String>,
    /// Also write every iteration (its inputs and each model's headline figures)
    /// as one CSV row to this file
    #[arg(long, value_name = "FILE")]
    pub samples: Option<PathBuf>,
    /// Print no summary table
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Keep adding iterations (16,384 at a time) until the standard error of
    /// every headline mean is at most this share of the mean, e.g. 0.005 for 0.5%
    #[arg(long, value_name = "REL", conflicts_with = "iterations")]
    pub target_se: Option<f64>,
    /// With --target-se: stop here even if the target is not met
    #[arg(long, default_value_t = 10_000_000, requires = "target_se")]
    pub max_iterations: u64,
    /// Write only summary.json and the CSV files: no sensitivity analysis,
    /// countermeasure and risk values, charts or report (for scripts and timing)
    #[arg(long)]
    pub summary_only: bool,
    /// Leave the run's details (scenario, iterations, seed) out of the charts'
    /// footnotes, for pasting them into slides
    #[arg(long)]
    pub no_chart_footnote: bool,
    /// Set a value of the scenario, e.g. --set organisation.services=60 (repeatable)
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_override)]
    pub set: Vec<Override>,
    /// Run only shard K of N (K from 0 to N-1): the K-th of N contiguous
    /// ranges of the run's chunks of 2,048 iterations, with the seeds the whole
    /// run would use. Writes `partial-K-of-N.opsim` to --out (give each shard a
    /// folder of its own); `opsim merge` turns every shard's partial into the
    /// files of the single run, byte for byte. Not with --target-se
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<ShardArg>,
}

/// Arguments of `opsim compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// First scenario file (A); its simulation settings are the defaults
    pub a: PathBuf,
    /// Second scenario file (B); differences are B minus A
    pub b: PathBuf,
    /// Iterations, seed and threads of both runs.
    #[command(flatten)]
    pub sampling: Sampling,
    /// Folder for compare.csv and compare.json, replaced whole (one set)
    #[arg(long, default_value = "output/compare")]
    pub out: PathBuf,
    /// Also write compare.json to this path ("-" for standard output)
    #[arg(long)]
    pub json: Option<String>,
    /// Print no table
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Set a value in both scenarios, e.g. --set organisation.services=60 (repeatable)
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_override)]
    pub set: Vec<Override>,
}

/// Arguments of `opsim validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Scenario file (TOML)
    pub scenario: PathBuf,
    /// Set a value of the scenario, e.g. --set organisation.services=60 (repeatable)
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_override)]
    pub set: Vec<Override>,
}

/// Arguments of `opsim init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// File to write
    #[arg(default_value = DEFAULT_SCENARIO_PATH)]
    pub path: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

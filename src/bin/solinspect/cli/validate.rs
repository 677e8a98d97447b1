//! `solinspect validate`: glue between the arguments, the core's validation and
//! the report formats.

use std::path::PathBuf;

use solution_inspector::report::{validate_json, validate_sarif, validate_text};
use solution_inspector::validate::{self, profile::MajorMinor, Profile, ProfileKind};

use super::snapshots::load_snapshot;
use super::{print_json, read_input, report_error, EXIT_NO, EXIT_OK, EXIT_UNREADABLE};

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ProfileArg {
    Onprem,
    Online,
    #[value(name = "online-legacy")]
    OnlineLegacy,
}

#[derive(clap::Args)]
pub struct Args {
    /// The solution zip.
    file: PathBuf,
    /// The target organization: on-premises 9.1 (6 MB upload), online 9.2 (95 MB)
    /// or legacy online (29.296 MB).
    #[arg(long, value_enum, default_value = "online")]
    profile: ProfileArg,
    /// Override the upload limit in bytes (on-premises: maxRequestLength in KB × 1024).
    #[arg(long, value_name = "N")]
    max_upload_bytes: Option<u64>,
    /// Override the upload limit with on-premises web.config's maxRequestLength, in KB.
    #[arg(long, value_name = "KB", conflicts_with = "max_upload_bytes")]
    max_request_length_kb: Option<u64>,
    /// Override the maximum size of one web resource in bytes (the organization's
    /// file size limit for attachments).
    #[arg(long, value_name = "N")]
    max_web_resource_bytes: Option<u64>,
    /// Override the target organization's version (e.g. 9.1 or 9.2.24012.180).
    #[arg(long, value_name = "V")]
    target_version: Option<String>,
    /// Check the missing dependencies against this organization snapshot (`org default`,
    /// `org install`, `org from-capture`): those it already has are information (SV0402).
    #[arg(long, value_name = "SNAPSHOT")]
    org: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// In the text, every finding and every missing dependency, not only the summary.
    #[arg(long)]
    verbose: bool,
}

pub fn run(args: Args) -> u8 {
    let kind = match args.profile {
        ProfileArg::Onprem => ProfileKind::OnPremises,
        ProfileArg::Online => ProfileKind::Online,
        ProfileArg::OnlineLegacy => ProfileKind::OnlineLegacy,
    };
    let mut profile = Profile::new(kind);
    if let Some(bytes) = args.max_upload_bytes {
        profile = profile.with_max_upload_bytes(bytes);
    }
    if let Some(kilobytes) = args.max_request_length_kb {
        profile = profile.with_max_request_length_kb(kilobytes);
    }
    if let Some(bytes) = args.max_web_resource_bytes {
        profile = profile.with_max_web_resource_bytes(bytes);
    }
    if let Some(version) = &args.target_version {
        if MajorMinor::parse(version).is_none() {
            eprintln!("solinspect: --target-version {version:?} is not a version such as 9.1 or 9.2.24012.180");
            return EXIT_UNREADABLE;
        }
        profile = profile.with_target_version(version);
    }
    let bytes = match read_input(&args.file) {
        Ok(bytes) => bytes,
        Err(status) => return status,
    };
    let organization = match &args.org {
        Some(path) => match load_snapshot(Some(path)) {
            Ok(snapshot) => Some(snapshot),
            Err(status) => return status,
        },
        None => None,
    };
    let validated =
        validate::validate_package_against(&bytes, &profile, organization.as_ref(), &mut |_| {});
    let (inspection, validation) = match validated {
        Ok(result) => result,
        Err(err) => return report_error(&args.file.display().to_string(), &err.into()),
    };
    match args.format {
        Format::Text => out!(
            "{}",
            validate_text::to_text(&inspection, &validation, args.verbose)
        ),
        Format::Json => print_json(&validate_json::to_json(&inspection, &validation)),
        Format::Sarif => {
            let package_uri = args
                .file
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_else(|| args.file.display().to_string());
            print_json(&validate_sarif::to_sarif(&validation, &package_uri));
        }
    }
    if validation.has_errors() {
        EXIT_NO
    } else {
        EXIT_OK
    }
}

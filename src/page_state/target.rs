//! The page's one target organization. Findings validate against the page's [`Profile`] and the
//! simulation imports into the organization snapshot the engine holds; both are the same
//! organization: a snapshot the person loads or resets to becomes the page's target
//! ([`profile_of_organization`]), and a target the person chooses or edits (the header, the
//! Findings form, the simulate view's limit) is made the snapshot's ([`align`]).

use crate::org::Snapshot;
use crate::target::{Deployment, Target};
use crate::validate::profile::ONLINE_LEGACY_UPLOAD_BYTES;
use crate::validate::{Profile, ProfileKind};

/// The default snapshots shipped beside the page (`www/org/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultOrganization {
    OnPremises,
    Online,
    /// Online 9.2 with the Dynamics 365 apps' solutions installed.
    OnlineWithApps,
}

impl DefaultOrganization {
    /// The default snapshot of a deployment (the one without apps, for online).
    pub fn of(deployment: Deployment) -> DefaultOrganization {
        match deployment {
            Deployment::OnPremises => DefaultOrganization::OnPremises,
            Deployment::Online => DefaultOrganization::Online,
        }
    }

    /// Its path beside the page.
    pub fn path(self) -> &'static str {
        match self {
            DefaultOrganization::OnPremises => "org/onprem-9.1.json",
            DefaultOrganization::Online => "org/online-9.2.json",
            DefaultOrganization::OnlineWithApps => "org/online-9.2-apps.json",
        }
    }
}

/// What the simulate view asks of the engine so that its snapshot is the page's target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Alignment {
    /// The snapshot is the page's target.
    Aligned,
    /// The snapshot is of another deployment: start from that deployment's default (its
    /// system tables and publishers), then align its target.
    LoadDefault(DefaultOrganization),
    /// Same deployment, another version, limit or languages: the snapshot takes this target.
    SetTarget(Target),
}

/// What makes the snapshot's target `organization` the page's `target`.
pub fn align(target: &Target, organization: &Target) -> Alignment {
    if target.deployment != organization.deployment {
        Alignment::LoadDefault(DefaultOrganization::of(target.deployment))
    } else if target != organization {
        Alignment::SetTarget(target.clone())
    } else {
        Alignment::Aligned
    }
}

/// The profile whose target is the organization a person chose (a loaded snapshot, a default),
/// keeping the validation's own caps of `current`. Its kind is the preset it matches most
/// closely: on-premises, the online legacy limit, else online.
pub fn profile_of_organization(current: &Profile, organization: &Target) -> Profile {
    let kind = match organization.deployment {
        Deployment::OnPremises => ProfileKind::OnPremises,
        Deployment::Online if organization.limits.upload_bytes == ONLINE_LEGACY_UPLOAD_BYTES => {
            ProfileKind::OnlineLegacy
        }
        Deployment::Online => ProfileKind::Online,
    };
    Profile {
        kind,
        target: organization.clone(),
        ..current.clone()
    }
}

/// "online 9.2, 95 MB upload limit": the target in a few words, for the header and the
/// verdict.
pub fn describe_target(target: &Target) -> String {
    let deployment = match target.deployment {
        Deployment::OnPremises => "on-premises",
        Deployment::Online => "online",
    };
    format!(
        "{deployment} {}, {} upload limit",
        target.version,
        crate::units::human_size(target.limits.upload_bytes)
    )
}

/// "Production, captured from contoso.crm.dynamics.com": the organization in use by the name
/// it is kept under (a default's own name until the person gives one), for the verdict.
pub fn describe_organization(organization: &Snapshot) -> String {
    match &organization.captured {
        Some(captured) => format!("{}, captured from {}", organization.name, captured.from),
        None => organization.name.clone(),
    }
}

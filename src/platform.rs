//! The platform's error codes: one table of the Dataverse import errors this tool
//! names, each with its HRESULT as the platform prints it, its name and, where
//! DOMAIN.md gives it, its message (`{0}`, `{1}`… stand for the platform's arguments).
//!
//! Validation findings, simulated import failures and warnings, the ImportJob data
//! and the import log all take their codes from here ([ERR] in DOMAIN.md: the
//! web-service error-code table).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! platform_errors {
    ($( $(#[$doc:meta])* $variant:ident = $hex:literal, $name:literal, $message:expr; )*) => {
        /// A platform error code. Serialized as its HRESULT (`0x80040375`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum PlatformError {
            $( $(#[$doc])* $variant, )*
        }

        impl PlatformError {
            /// Every platform error this tool names, in table order.
            pub const ALL: &'static [PlatformError] = &[$(PlatformError::$variant,)*];

            /// The HRESULT as the platform prints it, e.g. `0x80040375`.
            pub fn hex(self) -> &'static str {
                match self {
                    $(PlatformError::$variant => $hex,)*
                }
            }

            /// The platform's name for it, e.g. `ImportFileTooLargeToUpload`.
            pub fn name(self) -> &'static str {
                match self {
                    $(PlatformError::$variant => $name,)*
                }
            }

            /// The platform's message, with `{0}`, `{1}`… for its arguments, where the
            /// sources give it.
            pub fn message(self) -> Option<&'static str> {
                match self {
                    $(PlatformError::$variant => $message,)*
                }
            }
        }
    };
}

platform_errors! {
    FileTooLargeToUpload = "0x80040375", "ImportFileTooLargeToUpload",
        Some("The import file is too large to upload.");
    NonWellFormedFile = "0x80048013", "ImportNonWellFormedFileError",
        Some("Invalid customization file. This file is not well formed.");
    XsdValidation = "0x8004801A", "ImportXsdValidationError",
        Some("The import file is invalid. XSD validation failed with the following error: '{0}'. The validation failed at: '...{1} <<<<<ERROR LOCATION>>>>> {2}...'.");
    WrongPublisher = "0x8004801C", "ImportWrongPublisherError",
        Some("The following managed solution cannot be imported: {0}. The publisher name cannot be changed from {1} to {2}.");
    MissingDependencies = "0x8004801D", "ImportMissingDependenciesError",
        Some("The following solution cannot be imported: {0}. Some dependencies are missing.");
    MissingComponent = "0x8004801F", "ImportMissingComponent",
        Some("Cannot add a Root Component {0} of type {1} because it is not in the target system.");
    LanguagesIgnored = "0x80048026", "ImportLanguagesIgnoredError",
        Some("Translated labels for the following languages could not be imported because they have not been enabled for this organization: {0}");
    DependencySolution = "0x80048034", "ImportDependencySolutionError",
        Some("{0} requires solutions that are not currently installed. Import the following solutions before Importing this one. {1}");
    ManagedToUnmanagedMismatch = "0x80048040", "ImportSolutionManagedToUnmanagedMismatch",
        Some("The solution is already installed on this system as an unmanaged solution and the package supplied is attempting to install it in managed mode. Import can only update solutions when the modes match. Uninstall the current solution and try again.");
    UnmanagedToManagedMismatch = "0x80048041", "ImportSolutionUnmanagedToManagedMismatch",
        Some("The solution is already installed on this system as a managed solution and the package supplied is attempting to install it in unmanaged mode. Import can only update solutions when the modes match. Uninstall the current solution and try again.");
    SystemSolution = "0x80048046", "ImportSystemSolutionError",
        Some("The {0} solution cannot be imported.");
    DefaultAsPackage = "0x80048049", "ImportDefaultAsPackageError",
        Some("The package supplied for the default solution is trying to install it in managed mode. The default solution cannot be managed. In the XML for the default solution, set the Managed value back to \"false\" and try to import the solution again.");
    /// Also "Holding solution X_Upgrade already exists" (DOMAIN.md 6): the captured
    /// texts differ by cause, so there is no one message.
    InvalidPatchOrHolding = "0x80048539", "ImportSolutionError", None;
    VersionNotHigher = "0x80048541", "ImportSolutionError",
        Some("The import solution must have a higher version than the existing solution it is upgrading.");
    BadZipFile = "0x80048060", "ImportCustomizationsBadZipFileError",
        Some("The solution file is invalid. The compressed file must contain the following files at its root: solution.xml, customizations.xml, and [Content_Types].xml. Customization files exported from previous versions of Microsoft Dynamics 365 are not supported.");
    AttributeName = "0x80048062", "ImportAttributeNameError",
        Some("Invalid name for attribute {0}. Custom attribute names must start with a valid customization prefix. The prefix for a solution component should match the prefix that is specified for the publisher of the solution.");
    PackageVersion = "0x80048068", "ImportSolutionPackageInvalidSolutionPackageVersion",
        Some("You can only import solutions with a package version of {0} or earlier into this organization. Also, you can't import any solutions into this organization that were exported from Microsoft Dynamics 365 2011 or earlier.");
    InvalidSku = "0x8004806B", "ImportSolutionPackageInvalidSku",
        Some("The solution package you are importing was generated on Microsoft Dynamics 365 Online, it cannot be imported into on-premises or hosted versions of Microsoft Dynamics 365.");
    CannotOverwriteActive = "0x8004F016", "CannotOverwriteActiveComponent",
        Some("A managed solution cannot overwrite the {0} component {1} with Id={2} which has an unmanaged base instance.  The most likely scenario for this error is that an unmanaged solution has installed a new unmanaged {0} component on the target system, and now a managed solution from the same publisher is trying to install that same {0} component as managed. This will cause an invalid layering of solutions on the target system and is not allowed.");
    DependenciesExist = "0x8004F01D", "CannotUninstallWithDependencies",
        Some("Solution dependencies exist, cannot uninstall.");
    ManagedPropertyFailure = "0x8004F026", "GenericManagedPropertyFailure",
        Some("The evaluation of the current component(name={0}, id={1}) in the current operation ({2}) failed during managed property evaluation of condition: {3}");
}

impl PlatformError {
    /// The error of this HRESULT (case-insensitive hex digits).
    pub fn from_hex(hex: &str) -> Option<PlatformError> {
        PlatformError::ALL
            .iter()
            .copied()
            .find(|error| error.hex().eq_ignore_ascii_case(hex))
    }

    /// The platform's message with its arguments put in (`{0}` is `arguments[0]`…);
    /// the name when the sources give no message.
    pub fn message_with(self, arguments: &[&str]) -> String {
        let Some(template) = self.message() else {
            return self.name().to_owned();
        };
        let mut text = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            text.push_str(&rest[..start]);
            let after = &rest[start + 1..];
            let argument = after.find('}').and_then(|end| {
                let index: usize = after[..end].parse().ok()?;
                Some((arguments.get(index)?, end))
            });
            match argument {
                Some((value, end)) => {
                    text.push_str(value);
                    rest = &after[end + 1..];
                }
                None => {
                    text.push('{');
                    rest = after;
                }
            }
        }
        text.push_str(rest);
        text
    }
}

impl fmt::Display for PlatformError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.hex())
    }
}

impl Serialize for PlatformError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.hex())
    }
}

impl<'de> Deserialize<'de> for PlatformError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PlatformError, D::Error> {
        let hex = String::deserialize(deserializer)?;
        PlatformError::from_hex(&hex)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown platform error code {hex}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_codes_are_unique_and_well_formed() {
        for (index, error) in PlatformError::ALL.iter().enumerate() {
            let hex = error.hex();
            assert!(
                hex.len() == 10
                    && hex.starts_with("0x8004")
                    && hex[2..].bytes().all(|b| b.is_ascii_hexdigit()),
                "{hex}"
            );
            assert!(
                PlatformError::ALL[..index]
                    .iter()
                    .all(|other| other.hex() != hex),
                "{hex} twice"
            );
            assert_eq!(PlatformError::from_hex(&hex.to_lowercase()), Some(*error));
        }
    }

    #[test]
    fn messages_take_their_arguments() {
        assert_eq!(
            PlatformError::WrongPublisher.message_with(&["x", "a", "b"]),
            "The following managed solution cannot be imported: x. The publisher name cannot be changed from a to b."
        );
        // A missing argument leaves its place holder; braces that are not one stay.
        assert_eq!(
            PlatformError::SystemSolution.message_with(&[]),
            "The {0} solution cannot be imported."
        );
        assert_eq!(
            PlatformError::InvalidPatchOrHolding.message_with(&[]),
            "ImportSolutionError"
        );
    }

    #[test]
    fn serializes_as_its_hex_code() {
        let json = serde_json::to_string(&PlatformError::LanguagesIgnored).unwrap();
        assert_eq!(json, "\"0x80048026\"");
        let back: PlatformError = serde_json::from_str(&json).unwrap();
        assert_eq!(back, PlatformError::LanguagesIgnored);
        assert!(serde_json::from_str::<PlatformError>("\"0x1\"").is_err());
    }
}

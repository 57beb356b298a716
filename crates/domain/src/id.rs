//! Typed ids: one newtype per kind of record, so an equipment id cannot be passed where a
//! booking id is meant. Each is an `i64` in the database and a JSON number; `sqlx` support comes
//! with the `sqlx` feature, which only the store turns on.

/// Declares id newtypes with the traits every id needs.
#[macro_export]
macro_rules! id_types {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        #[cfg_attr(feature = "sqlx", derive(sqlx::Type), sqlx(transparent))]
        pub struct $name(pub i64);

        impl $name {
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map($name)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    )*};
}

id_types! {
    /// A shared instrument or piece of equipment.
    EquipmentId,
    /// A booking of equipment.
    BookingId,
    /// A dataset shared by a lab or an enterprise.
    DatasetId,
    /// A message to one person (in the app, and by e-mail if they want it).
    NotificationId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_reads_and_writes_as_its_number() {
        let id: EquipmentId = "42".parse().unwrap();
        assert_eq!(id, EquipmentId(42));
        assert_eq!(id.to_string(), "42");
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        assert_eq!(serde_json::from_str::<BookingId>("7").unwrap(), BookingId(7));
        assert!("4x".parse::<DatasetId>().is_err());
    }
}

//! Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters whose last one
//! is a check character over the first 17 (weights 3^i mod 31).

use std::fmt;

const CHARSET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// A code that passed every check; always upper case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uscc(String);

/// Why a code was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UsccError {
    /// Not 18 characters; carries the length seen.
    Length(usize),
    /// A character outside `0-9A-Z` without I, O, Z, S, V; carries the first offender and its position (1-based).
    Character { character: char, position: usize },
    /// Positions 3–8 must be a six-digit administrative division code.
    DivisionCode,
    /// The last character is wrong; carries the one the first 17 call for.
    CheckCharacter { expected: char, found: char },
}

impl UsccError {
    /// Stable machine code, also the translation key.
    pub fn code(&self) -> &'static str {
        match self {
            UsccError::Length(_) => "uscc.length",
            UsccError::Character { .. } => "uscc.character",
            UsccError::DivisionCode => "uscc.division_code",
            UsccError::CheckCharacter { .. } => "uscc.check_character",
        }
    }

    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            UsccError::Length(n) => vec![("length", n.to_string())],
            UsccError::Character { character, position } => {
                vec![("character", character.to_string()), ("position", position.to_string())]
            }
            UsccError::DivisionCode => vec![],
            UsccError::CheckCharacter { expected, found } => {
                vec![("expected", expected.to_string()), ("found", found.to_string())]
            }
        }
    }
}

fn value_of(c: u8) -> Option<u32> {
    CHARSET.iter().position(|&x| x == c).and_then(|p| u32::try_from(p).ok())
}

/// The check character for the first 17 characters, which must already be in the charset.
fn check_character(first17: &[u8]) -> Option<char> {
    let mut sum = 0u32;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value_of(*c)? * w;
    }
    let index = (31 - sum % 31) % 31;
    CHARSET.get(usize::try_from(index).ok()?).map(|&b| char::from(b))
}

impl Uscc {
    pub fn parse(raw: &str) -> Result<Self, UsccError> {
        let code = raw.trim().to_ascii_uppercase();
        let n = code.chars().count();
        if n != 18 {
            return Err(UsccError::Length(n));
        }
        let bytes = code.as_bytes();
        for (i, ch) in code.chars().enumerate() {
            if !ch.is_ascii() || value_of(ch as u8).is_none() {
                return Err(UsccError::Character { character: ch, position: i + 1 });
            }
        }
        if !bytes[2..8].iter().all(u8::is_ascii_digit) {
            return Err(UsccError::DivisionCode);
        }
        let expected = check_character(&bytes[..17]).ok_or(UsccError::Length(n))?;
        let found = char::from(bytes[17]);
        if expected != found {
            return Err(UsccError::CheckCharacter { expected, found });
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Characters 3–8: the registering authority's administrative division code.
    pub fn division_code(&self) -> &str {
        &self.0[2..8]
    }

    /// Completes a 17-character prefix with its check character (used to make demo data).
    pub fn complete(first17: &str) -> Option<Self> {
        let upper = first17.to_ascii_uppercase();
        if upper.len() != 17 {
            return None;
        }
        let check = check_character(upper.as_bytes())?;
        Self::parse(&format!("{upper}{check}")).ok()
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_vectors() {
        assert!(Uscc::parse("914403001922038216").is_ok());
        assert!(Uscc::parse("9144030071526726XG").is_ok());
        assert!(Uscc::parse("91510100MA0000000H").is_ok());
        assert_eq!(
            Uscc::parse(" 9144030071526726xg ").map(|u| u.to_string()).ok().as_deref(),
            Some("9144030071526726XG")
        );
    }

    #[test]
    fn wrong_codes_say_why() {
        assert_eq!(Uscc::parse("914403001922038217"), Err(UsccError::CheckCharacter { expected: '6', found: '7' }));
        assert_eq!(Uscc::parse("91440300192203821I"), Err(UsccError::Character { character: 'I', position: 18 }));
        assert_eq!(Uscc::parse("9144"), Err(UsccError::Length(4)));
        assert_eq!(Uscc::parse("91A403001922038216"), Err(UsccError::DivisionCode));
        assert_eq!(
            Uscc::parse("沈阳机床沈阳机床沈阳机床沈阳机床沈阳"),
            Err(UsccError::Character { character: '沈', position: 1 })
        );
    }

    #[test]
    fn completing_a_prefix_gives_a_valid_code() {
        let code = Uscc::complete("91210100MA0QX1234").expect("valid prefix");
        assert_eq!(code.division_code(), "210100");
        assert!(Uscc::parse(code.as_str()).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn a_completed_code_is_valid_and_any_other_check_character_is_not(body in "[0-9A-HJ-NP-RTUWXY]{2}[0-9]{6}[0-9A-HJ-NP-RTUWXY]{9}", other in 0usize..31) {
            let code = Uscc::complete(&body).expect("17 valid characters complete");
            proptest::prop_assert!(Uscc::parse(code.as_str()).is_ok());
            let wrong = char::from(CHARSET[other]);
            if code.as_str().ends_with(wrong) {
                return Ok(());
            }
            let altered = format!("{body}{wrong}");
            let refused = matches!(Uscc::parse(&altered), Err(UsccError::CheckCharacter { .. }));
            proptest::prop_assert!(refused, "{} accepted", altered);
        }
    }

    #[test]
    fn every_single_character_change_of_the_check_is_caught() {
        let good = "914403001922038216";
        for &c in CHARSET {
            let candidate = format!("{}{}", &good[..17], char::from(c));
            assert_eq!(Uscc::parse(&candidate).is_ok(), c == b'6', "{candidate}");
        }
    }
}

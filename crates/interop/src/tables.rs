//! (being written)

use std::io::Write;

use crate::{Dataset, ExportError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Events,
    Claims,
    Entities,
    Mentions,
    Disagreements,
}

impl Table {
    pub const ALL: [Table; 5] = [
        Table::Events,
        Table::Claims,
        Table::Entities,
        Table::Mentions,
        Table::Disagreements,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Table::Events => "events",
            Table::Claims => "claims",
            Table::Entities => "entities",
            Table::Mentions => "mentions",
            Table::Disagreements => "disagreements",
        }
    }

    pub fn parse(s: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == s)
    }

    pub fn names() -> Vec<&'static str> {
        Table::ALL.iter().map(|t| t.name()).collect()
    }
}

pub fn write(_ds: &Dataset<'_>, _t: Table, _w: &mut dyn Write) -> Result<u64, ExportError> {
    Err(ExportError::Invalid("not written yet".into()))
}

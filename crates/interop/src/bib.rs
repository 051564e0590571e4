//! (being written)

use std::io::Write;

use crate::{Dataset, ExportError};

pub fn write_csl_json(_ds: &Dataset<'_>, _w: &mut dyn Write) -> Result<u64, ExportError> {
    Err(ExportError::Invalid("not written yet".into()))
}
pub fn write_bibtex(_ds: &Dataset<'_>, _w: &mut dyn Write) -> Result<u64, ExportError> {
    Err(ExportError::Invalid("not written yet".into()))
}
pub fn write_ris(_ds: &Dataset<'_>, _w: &mut dyn Write) -> Result<u64, ExportError> {
    Err(ExportError::Invalid("not written yet".into()))
}

//! (being written)

use std::io::Write;

use crate::{Dataset, ExportError};

pub fn write(_ds: &Dataset<'_>, _w: &mut dyn Write) -> Result<u64, ExportError> {
    Err(ExportError::Invalid("the geojson export is not written yet".into()))
}

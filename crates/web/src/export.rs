//! Spreadsheet export (XLSX) of tables the pages show.

use rust_xlsxwriter::{Format, Workbook};

/// One worksheet: a bold header row, then the rows; numbers stay numbers.
pub fn xlsx(sheet: &str, headers: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    // Sheet names are at most 31 characters and may not contain some punctuation.
    let name: String = sheet.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    ws.set_name(&name).map_err(|e| e.to_string())?;
    let bold = Format::new().set_bold();
    for (col, h) in headers.iter().enumerate() {
        let col = u16::try_from(col).map_err(|e| e.to_string())?;
        ws.write_string_with_format(0, col, h, &bold).map_err(|e| e.to_string())?;
        ws.set_column_width(col, if col == 0 { 36 } else { 16 }).map_err(|e| e.to_string())?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).map_err(|e| e.to_string())?;
        for (col, cell) in row.iter().enumerate() {
            let col = u16::try_from(col).map_err(|e| e.to_string())?;
            match cell.parse::<f64>() {
                Ok(n) if !cell.is_empty() => ws.write_number(r, col, n).map(|_| ()),
                _ => ws.write_string(r, col, cell).map(|_| ()),
            }
            .map_err(|e| e.to_string())?;
        }
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_is_a_zip_with_the_sheet() {
        let bytes =
            xlsx("诊断", &["名称".into(), "总分".into()], &[vec!["沈阳精工".into(), "69".into()]]).expect("workbook");
        assert_eq!(&bytes[..2], b"PK");
        assert!(bytes.len() > 1000);
    }
}

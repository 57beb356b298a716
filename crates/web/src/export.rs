//! Spreadsheet export (XLSX) of tables the pages show.

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet};

/// One worksheet: a bold header row, then the rows; numbers stay numbers.
pub fn xlsx(sheet: &str, headers: &[String], rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    fill(ws, sheet, headers, rows)?;
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// A sheet of a report, optionally with a column chart of one value column against the first.
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// `(chart title, value column)`.
    pub chart: Option<(String, u16)>,
}

/// A workbook of several sheets, with charts where asked.
pub fn report(sheets: &[Sheet]) -> Result<Vec<u8>, String> {
    let mut names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    names.sort_unstable();
    if names.windows(2).any(|w| w[0] == w[1]) {
        return Err(format!("two sheets share a name: {names:?}"));
    }
    let mut book = Workbook::new();
    for sheet in sheets {
        let ws = book.add_worksheet();
        let name = fill(ws, &sheet.name, &sheet.headers, &sheet.rows)?;
        if let (Some((title, col)), false) = (&sheet.chart, sheet.rows.is_empty()) {
            let last = u32::try_from(sheet.rows.len()).map_err(|e| e.to_string())?;
            let mut chart = Chart::new(ChartType::Column);
            chart.add_series().set_categories((name.as_str(), 1, 0, last, 0)).set_values((
                name.as_str(),
                1,
                *col,
                last,
                *col,
            ));
            chart.title().set_name(title.as_str());
            chart.legend().set_hidden();
            let at = u16::try_from(sheet.headers.len() + 1).map_err(|e| e.to_string())?;
            ws.insert_chart(1, at, &chart).map_err(|e| e.to_string())?;
        }
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// Writes a header row and rows into a sheet; returns the sheet's (cleaned) name.
fn fill(ws: &mut Worksheet, sheet: &str, headers: &[String], rows: &[Vec<String>]) -> Result<String, String> {
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
    Ok(name)
}

/// A CSV file (RFC 4180) of rows, with a byte-order mark so that Excel opens Chinese text as UTF-8.
pub fn csv(rows: &[Vec<String>]) -> String {
    let mut text = String::from('\u{feff}');
    for row in rows {
        let line: Vec<String> = row.iter().map(|cell| csv_cell(cell)).collect();
        text.push_str(&line.join(","));
        text.push_str("\r\n");
    }
    text
}

/// RFC 4180 quoting; a leading formula character is neutralised so a spreadsheet never runs it.
fn csv_cell(cell: &str) -> String {
    let safe = if cell.starts_with(['=', '+', '@']) || (cell.starts_with('-') && cell.parse::<f64>().is_err()) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if safe.contains([',', '"', '\n', '\r']) { format!("\"{}\"", safe.replace('"', "\"\"")) } else { safe }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_holds_its_sheets_and_a_chart() {
        let sheet = |name: &str, chart| Sheet {
            name: name.into(),
            headers: vec!["去向".into(), "人数".into()],
            rows: vec![vec!["就业".into(), "12".into()], vec!["升学".into(), "3".into()]],
            chart,
        };
        let bytes = report(&[sheet("总览", None), sheet("去向", Some(("去向分布".into(), 1)))]).expect("workbook");
        assert_eq!(&bytes[..2], b"PK");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("xl/charts/chart1.xml"), "the chart is in the package");
        let twice = report(&[sheet("去向", None), sheet("去向", None)]);
        assert!(twice.is_err(), "Excel refuses two sheets of one name; so do we, before writing");
    }

    #[test]
    fn a_workbook_is_a_zip_with_the_sheet() {
        let bytes =
            xlsx("诊断", &["名称".into(), "总分".into()], &[vec!["沈阳精工".into(), "69".into()]]).expect("workbook");
        assert_eq!(&bytes[..2], b"PK");
        assert!(bytes.len() > 1000);
    }
}

#[cfg(test)]
mod csv_tests {
    use super::csv_cell;

    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_cell("-12.5"), "-12.5");
    }
}

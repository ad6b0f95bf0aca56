// CSV output for spreadsheets: RFC 4180 (CRLF, quotes doubled) by csv-stringify, every text cell
// quoted, and cells that a spreadsheet would run as a formula (= + - @, tab, CR) prefixed with an
// apostrophe, as OWASP recommends for CSV injection. Numbers stay numbers.
import { stringify } from "csv-stringify/sync";

export type CsvCell = string | number | boolean | undefined;

export function toCsv(columns: string[], rows: CsvCell[][]): string {
  return stringify(rows, {
    header: true,
    columns,
    record_delimiter: "windows",
    quoted_string: true,
    escape_formulas: true,
    cast: { boolean: (b) => (b ? "yes" : "no") },
  });
}

/**
 * Format-Table as the console shows a few short objects: a blank line, the property names, dashes
 * under each, one row per object, columns as wide as their widest cell and one space apart, trailing
 * blanks trimmed, and a blank line after.
 */
export function formatTable(columns: string[], rows: Record<string, string>[]): string[] {
  const width = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(width[i]))
      .join(" ")
      .trimEnd();
  return [
    "",
    line(columns),
    line(columns.map((c) => "-".repeat(c.length))),
    ...rows.map((r) => line(columns.map((c) => r[c] ?? ""))),
    "",
  ];
}

/**
 * Splits a Windows command line into arguments the way the MSVC runtime does (CommandLineToArgvW):
 * whitespace separates, double quotes group, 2n backslashes before a quote become n and the quote
 * toggles, 2n+1 backslashes before a quote become n and a literal quote; other backslashes are literal
 * (so "CONTOSO\MSOL_x" needs no escaping).
 */
export function splitCommandLine(line: string): string[] {
  const args: string[] = [];
  let cur = "";
  let inQuotes = false;
  let have = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "\\") {
      let n = 0;
      while (line[i] === "\\") {
        n++;
        i++;
      }
      if (line[i] === '"') {
        cur += "\\".repeat(Math.floor(n / 2));
        if (n % 2 === 1) cur += '"';
        else {
          inQuotes = !inQuotes;
        }
        have = true;
      } else {
        cur += "\\".repeat(n);
        i--;
        have = true;
      }
      continue;
    }
    if (c === '"') {
      inQuotes = !inQuotes;
      have = true;
      continue;
    }
    if (!inQuotes && (c === " " || c === "\t")) {
      if (have) args.push(cur);
      cur = "";
      have = false;
      continue;
    }
    cur += c;
    have = true;
  }
  if (inQuotes) throw new Error(`unterminated quote in command line: ${line}`);
  if (have) args.push(cur);
  return args;
}

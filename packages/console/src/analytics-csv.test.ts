import { describe, expect, it } from 'vitest';
import { BOM, csvCell, csvFile, csvFileName, csvRows } from './views/analytics-csv.js';

// The CSV the analytics view downloads: what a spreadsheet opening it would get wrong if the
// quoting, the line ends or the byte order mark were off.

describe('the analytics CSV', () => {
  it('quotes a cell holding a comma, a quote, a line break or edge spaces, doubling its quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell('李娜')).toBe('李娜');
  });

  it('writes numbers as they are, and nothing for a missing value', () => {
    expect(csvCell(0)).toBe('0');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(0.4167)).toBe('0.4167');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('keeps member-written text that starts like a formula as text', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('@here')).toBe("'@here");
  });

  it('ends every row with CRLF and puts a blank line and a title between sections, after the BOM', () => {
    expect(csvRows([['a', 1], ['b', null]])).toBe('a,1\r\nb,\r\n');
    const file = csvFile([
      { title: 'One', header: ['x', 'y'], rows: [[1, 2]] },
      { title: 'Two', header: ['z'], rows: [] },
    ]);
    expect(file.startsWith(BOM)).toBe(true);
    expect(file.slice(1)).toBe('One\r\nx,y\r\n1,2\r\n\r\nTwo\r\nz\r\n');
  });

  it('names the file after the community, the range and the variant, safe on every system', () => {
    expect(csvFileName('demo', { from: '2026-03-01', to: '2026-03-31', variant: null })).toBe('hearth-analytics-demo-2026-03-01-to-2026-03-31.csv');
    expect(csvFileName('a/b c', { from: '2026-03-01', to: '2026-03-31', variant: 'new onboarding?' })).toBe('hearth-analytics-a-b-c-2026-03-01-to-2026-03-31-new-onboarding.csv');
  });
});

// Identity numbers for the tests: tax codes that pass the check digit of
// src/core/ident.c (weights 31 29 23 19 17 13 7 5 3).

/** The ten-digit tax code whose first nine digits are `nine`, or null when no check digit fits. */
export function taxCode(nine) {
  const w = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  const check = 10 - ([...nine].reduce((s, d, i) => s + Number(d) * w[i], 0) % 11);
  return check === 10 ? null : nine + check;
}

/** The first valid tax code at or after the nine digits `nine` (a number). */
export function taxCodeFrom(nine) {
  for (let n = nine; ; n++) {
    const t = taxCode(String(n).padStart(9, '0'));
    if (t) return t;
  }
}

/**
 * The balance-after column as a witness of the amounts' signs: in a statement, each balance is the one before plus
 * the row's amount (in file order, or in reverse for exports that list the newest row first). A reading of the
 * amounts (signed as written, inverted, debit and credit one way or the other) that makes the balances chain is
 * the right one, whatever the headers say.
 *
 * @module
 */

/** A plain decimal (`-1234.5`) as an integer count of millionths, or `undefined`. */
function micros(text: string | undefined): bigint | undefined {
  if (text === undefined) return undefined;
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (m === null || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const fraction = (m[3] ?? "").slice(0, 6).padEnd(6, "0");
  const v = BigInt(m[2] === "" ? "0" : (m[2] ?? "0")) * 1_000_000n + BigInt(fraction);
  return m[1] === "-" ? -v : v;
}

/**
 * The share (0–1) of neighbouring rows whose balances chain with `amounts`, in the better of the two orders;
 * `undefined` when fewer than two rows have both an amount and a balance.
 */
export function chainShare(amounts: readonly (string | undefined)[], balances: readonly (string | undefined)[]): number | undefined {
  const a = amounts.map(micros);
  const b = balances.map(micros);
  let pairs = 0;
  let forward = 0;
  let backward = 0;
  for (let i = 1; i < a.length; i++) {
    const [a0, a1, b0, b1] = [a[i - 1], a[i], b[i - 1], b[i]];
    if (a0 === undefined || a1 === undefined || b0 === undefined || b1 === undefined) continue;
    pairs++;
    if (b1 === b0 + a1) forward++;
    if (b0 === b1 + a0) backward++;
  }
  return pairs === 0 ? undefined : Math.max(forward, backward) / pairs;
}

/** `values` negated (plain decimals; `undefined` stays). */
export function negated(values: readonly (string | undefined)[]): (string | undefined)[] {
  return values.map((v) => (v === undefined ? undefined : v.startsWith("-") ? v.slice(1) : `-${v}`));
}

/** Credit minus debit per row, from two columns of unsigned amounts (an empty side is zero). */
export function netOf(debits: readonly (string | undefined)[], credits: readonly (string | undefined)[]): (string | undefined)[] {
  return debits.map((d, i) => {
    const c = credits[i];
    if (d === undefined && c === undefined) return undefined;
    const dm = micros(d) ?? 0n;
    const cm = micros(c) ?? 0n;
    const abs = (v: bigint) => (v < 0n ? -v : v);
    const net = abs(cm) - abs(dm);
    const sign = net < 0n ? "-" : "";
    const n = abs(net);
    return `${sign}${n / 1_000_000n}.${String(n % 1_000_000n).padStart(6, "0")}`;
  });
}

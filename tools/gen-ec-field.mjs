#!/usr/bin/env node
// Generates assembly/crypto/field_ops.ts: fully unrolled Montgomery multiplication,
// squaring, addition and subtraction for the fixed primes of the EC code
// (P-256, P-384, P-521, 2^255 - 19). Unrolling keeps every limb in a wasm local, which is about
// three times faster than the generic CIOS loops in mont.ts (measured in docs/crypto.md).
//
// Multiplication: product scanning (Comba) into 2n 32-bit columns, then word-by-word
// Montgomery reduction with R = 2^(32n) using the modulus in signed-digit form
// p = sum s_j 2^(32j), |s_j| <= 2^31. These primes have only 2 to 5 non-zero digits,
// so each reduction step is a handful of additions instead of n multiplications.
// Inputs must be below p; the result is below p (one conditional subtraction: the
// Montgomery result is below 2p).
//
// Usage: node tools/gen-ec-field.mjs   (rewrites the file; commit the result)
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = process.env.FIELD_OPS_OUT ?? path.join(root, "assembly/crypto/field_ops.ts");

export const FIELDS = [
  { name: "P256", p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn, n: 8 },
  {
    name: "P384",
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    n: 12,
  },
  { name: "F25519", p: (1n << 255n) - 19n, n: 8 },
  { name: "P521", p: (1n << 521n) - 1n, n: 17 },
];

const M32 = 1n << 32n;

/** Signed digits s_0..s_n of p in base 2^32, each in (-2^31, 2^31]. */
function signedDigits(p, n) {
  const s = [];
  let x = p;
  for (let j = 0; j <= n; j++) {
    let d = x % M32;
    if (d > M32 / 2n) d -= M32;
    s.push(d);
    x = (x - d) / M32;
  }
  if (x !== 0n) throw new Error("modulus does not fit");
  return s;
}

function limbs(x, n) {
  const out = [];
  for (let j = 0; j < n; j++) out.push(Number((x >> BigInt(32 * j)) & (M32 - 1n)));
  return out;
}

const hex = (v) => "0x" + v.toString(16);

function genField({ name, p, n }) {
  const s = signedDigits(p, n);
  const pl = limbs(p, n);
  // m0 = -p^-1 mod 2^32
  let inv = 1n;
  for (let i = 0; i < 6; i++) inv = (inv * (2n - p * inv)) % M32;
  const m0 = (M32 - ((inv % M32) + M32) % M32) % M32;
  const L = [];
  const loads = (v, ptr) => {
    for (let i = 0; i < n; i++) L.push(`  let ${v}${i} = <u64>load<u32>(${ptr}, ${4 * i});`);
  };

  // Reduction of columns t0..t(2n-1) (i64 locals, each in [0, 2^32)) and the final subtraction.
  const reduce = () => {
    const cols = 2 * n + 1;
    L.push(`  let t${2 * n}: i64 = 0;`);
    L.push(`  let c: i64 = 0;`);
    L.push(`  let q: i64 = 0;`);
    L.push(`  let v: i64 = 0;`);
    L.push(`  let w: i64 = 0;`);
    for (let i = 0; i < n; i++) {
      L.push(`  v = t${i} + c;`);
      L.push(m0 === 1n ? `  q = v & 0xffffffff;` : `  q = (v * ${hex(m0)}) & 0xffffffff;`);
      for (let j = 0; j <= n; j++) {
        const d = s[j];
        if (d === 0n) continue;
        const k = i + j;
        if (k >= cols) throw new Error("column overflow");
        const big = d > 1n << 24n || d < -(1n << 24n);
        if (j === 0) {
          if (big) throw new Error("large low digit");
          L.push(`  c = (v + q * ${d}) >> 32;`);
          continue;
        }
        if (!big) {
          if (d === 1n) L.push(`  t${k} += q;`);
          else if (d === -1n) L.push(`  t${k} -= q;`);
          else L.push(`  t${k} += q * ${d};`);
        } else {
          const mag = d < 0n ? -d : d;
          const op = d < 0n ? "-=" : "+=";
          L.push(`  w = <i64>(<u64>q * ${hex(mag)});`);
          L.push(`  t${k} ${op} w & 0xffffffff;`);
          L.push(`  t${k + 1} ${op} <i64>(<u64>w >> 32);`);
        }
      }
    }
    for (let i = n; i <= 2 * n; i++) {
      if (i < 2 * n) {
        L.push(`  v = t${i} + c;`);
        L.push(`  let r${i - n} = v & 0xffffffff;`);
        L.push(`  c = v >> 32;`);
      } else {
        L.push(`  c += t${2 * n};`);
      }
    }
    finalSubtract("r", "c");
  };

  // Stores x - p when the value (x0.. plus carry * 2^(32n)) is >= p, else x.
  const finalSubtract = (x, carry) => {
    L.push(`  let bw: i64 = 0;`);
    for (let j = 0; j < n; j++) {
      L.push(`  let d${j} = ${x}${j} - ${pl[j]} + bw;`);
      L.push(`  bw = d${j} >> 32;`);
    }
    L.push(`  if (${carry} != 0 || bw == 0) {`);
    for (let j = 0; j < n; j++) L.push(`    store<u32>(out, <u32>d${j}, ${4 * j});`);
    L.push(`  } else {`);
    for (let j = 0; j < n; j++) L.push(`    store<u32>(out, <u32>${x}${j}, ${4 * j});`);
    L.push(`  }`);
  };

  const emitColumnsMul = (sq) => {
    L.push(`  let lo: u64 = 0;`);
    L.push(`  let hi: u64 = 0;`);
    L.push(`  let x: u64 = 0;`);
    if (sq) {
      L.push(`  let lo2: u64 = 0;`);
      L.push(`  let hi2: u64 = 0;`);
    }
    for (let k = 0; k < 2 * n - 1; k++) {
      const lo = Math.max(0, k - n + 1), hi = Math.min(k, n - 1);
      if (!sq) {
        for (let i = lo; i <= hi; i++) {
          L.push(`  x = a${i} * b${k - i}; lo += x & 0xffffffff; hi += x >> 32;`);
        }
      } else {
        let cross = 0;
        for (let i = lo; i <= hi; i++) {
          const j = k - i;
          if (i >= j) continue;
          if (cross === 0) L.push(`  lo2 = 0; hi2 = 0;`);
          L.push(`  x = a${i} * a${j}; lo2 += x & 0xffffffff; hi2 += x >> 32;`);
          cross++;
        }
        if (cross) L.push(`  lo += lo2 << 1; hi += hi2 << 1;`);
        if (k % 2 === 0) L.push(`  x = a${k / 2} * a${k / 2}; lo += x & 0xffffffff; hi += x >> 32;`);
      }
      L.push(`  let t${k} = <i64>(lo & 0xffffffff);`);
      L.push(`  lo = (lo >> 32) + hi; hi = 0;`);
    }
    L.push(`  let t${2 * n - 1} = <i64>lo;`);
  };

  const fns = [];
  // mul
  L.length = 0;
  L.push(`/** out = a * b / 2^${32 * n} mod p (${name}); a, b < p; out may alias a or b. */`);
  L.push(`export function mul${name}(out: usize, a: usize, b: usize): void {`);
  loads("a", "a");
  loads("b", "b");
  emitColumnsMul(false);
  reduce();
  L.push(`}`);
  fns.push(L.join("\n"));
  // sqr
  L.length = 0;
  L.push(`/** out = a^2 / 2^${32 * n} mod p (${name}); a < p; out may alias a. */`);
  L.push(`export function sqr${name}(out: usize, a: usize): void {`);
  loads("a", "a");
  emitColumnsMul(true);
  reduce();
  L.push(`}`);
  fns.push(L.join("\n"));
  // add
  L.length = 0;
  L.push(`/** out = a + b mod p (${name}); a, b < p. */`);
  L.push(`export function add${name}(out: usize, a: usize, b: usize): void {`);
  L.push(`  let c: i64 = 0;`);
  for (let j = 0; j < n; j++) {
    L.push(`  c += <i64>load<u32>(a, ${4 * j}) + <i64>load<u32>(b, ${4 * j});`);
    L.push(`  let r${j} = c & 0xffffffff;`);
    L.push(`  c >>= 32;`);
  }
  finalSubtract("r", "c");
  L.push(`}`);
  fns.push(L.join("\n"));
  // sub
  L.length = 0;
  L.push(`/** out = a - b mod p (${name}); a, b < p. */`);
  L.push(`export function sub${name}(out: usize, a: usize, b: usize): void {`);
  L.push(`  let bw: i64 = 0;`);
  for (let j = 0; j < n; j++) {
    L.push(`  let d${j} = <i64>load<u32>(a, ${4 * j}) - <i64>load<u32>(b, ${4 * j}) + bw;`);
    L.push(`  bw = d${j} >> 32;`);
  }
  L.push(`  if (bw != 0) {`);
  L.push(`    let c: i64 = 0;`);
  for (let j = 0; j < n; j++) {
    L.push(`    c += (d${j} & 0xffffffff) + ${pl[j]};`);
    L.push(`    store<u32>(out, <u32>c, ${4 * j});`);
    L.push(`    c >>= 32;`);
  }
  L.push(`  } else {`);
  for (let j = 0; j < n; j++) L.push(`    store<u32>(out, <u32>d${j}, ${4 * j});`);
  L.push(`  }`);
  L.push(`}`);
  fns.push(L.join("\n"));
  return fns.join("\n\n");
}

export function generate() {
  const head = [
    "// GENERATED by tools/gen-ec-field.mjs: do not edit; change the generator and rerun it.",
    "// Unrolled field arithmetic modulo the P-256, P-384, P-521 and 2^255 - 19 primes, Montgomery",
    "// form with R = 2^(32n), limbs little-endian u32 in raw memory (see mont.ts).",
    "",
  ].join("\n");
  return head + FIELDS.map(genField).join("\n\n") + "\n";
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(OUT, generate());
  console.log(`wrote ${path.relative(root, OUT)}`);
}

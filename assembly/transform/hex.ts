// Hex digit helpers shared by the decoders.

// The value of an ASCII hex digit, or -1.
// @ts-ignore: decorator
@inline export function hexValue(c: i32): i32 {
  if (<u32>(c - 0x30) <= 9) return c - 0x30;
  let l = c | 0x20;
  if (<u32>(l - 0x61) <= 5) return l - 0x61 + 10;
  return -1;
}

// Four hex digits at ptr as a number, or -1.
// @ts-ignore: decorator
@inline export function hex4(ptr: usize): i32 {
  let a = hexValue(<i32>load<u8>(ptr));
  let b = hexValue(<i32>load<u8>(ptr, 1));
  let c = hexValue(<i32>load<u8>(ptr, 2));
  let d = hexValue(<i32>load<u8>(ptr, 3));
  if ((a | b | c | d) < 0) return -1;
  return (a << 12) | (b << 8) | (c << 4) | d;
}

// Slots of the small direct-mapped caches keyed by object identity (a string's
// address, plus one more word: a context, or another object's address >> 4).
// Managed objects are 16-byte aligned, so an address's low four bits carry
// nothing; the rest is mixed so that neighbouring objects spread over the slots.
// `slots` is a power of two.
// @ts-ignore: decorator
@inline export function identitySlot(object: usize, word: u32, slots: i32): i32 {
  let h = (<u32>object >> 4) ^ (word * 0x9E3779B1);
  return <i32>((h ^ (h >> 16)) & <u32>(slots - 1));
}

// The word identitySlot takes for a second object.
// @ts-ignore: decorator
@inline export function addressWord(object: usize): u32 {
  return <u32>object >> 4;
}

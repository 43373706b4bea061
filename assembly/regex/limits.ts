// Configuration-time limits. Each bounds work or memory that a pattern
// author (not the attacker) controls; the matching cost itself is linear.

/** Longest accepted pattern, in UTF-16 code units (the API allows 1024). */
export const MAX_PATTERN_LENGTH: i32 = 4096;
/** Largest count in {n}, {n,}, {n,m} (RE2 uses 1000 too). */
export const MAX_REPEAT: i32 = 1000;
/** Deepest nesting of groups and repetitions. */
export const MAX_NESTING: i32 = 200;
/** Most instructions one pattern may compile to. */
export const MAX_PROGRAM_SIZE: i32 = 50000;
/** Most instructions a whole set may compile to. */
export const MAX_SET_PROGRAM_SIZE: i32 = 1000000;
/**
 * Default memory budget of one lazy DFA's state cache, in bytes, for a single
 * pattern (a StringMatcher regex rarely needs more than a few dozen states).
 * The total for a configuration is at most the sum of its automata's budgets.
 */
export const DEFAULT_CACHE_BYTES: i32 = 256 << 10;
/**
 * Default budget for a pattern set (deny-rule signatures need many more states).
 * 384 KiB holds about 1,000 states of the largest Standard group (u16
 * transition entries, the table grown only as far as the budget allows), as
 * many as the earlier 1 MiB of i32 entries did, and bounds the three Standard
 * groups at about 1.1 MiB per VM. (256 KiB of i32 entries, about 300 such
 * states, made the attack set of bench/compare.js about 2.5x slower: the cache
 * filled, cleared and fell back to the Pike VM; docs/performance.md.)
 */
export const DEFAULT_SET_CACHE_BYTES: i32 = 384 << 10;
/** Smallest accepted cache budget (a few states must always fit). */
export const MIN_CACHE_BYTES: i32 = 16 << 10;

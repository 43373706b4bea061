// "Did you mean" suggestions for misspelt field and kind names.

function distance(a, b) {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/**
 * @param {string} word
 * @param {Iterable<string>} candidates
 * @returns {string | null} the closest candidate, if close enough to be a plausible typo
 */
export function suggest(word, candidates) {
  if (typeof word !== "string" || word.length > 256) return null;
  const lower = word.toLowerCase();
  let best = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    const score = c.toLowerCase() === lower ? 0 : distance(lower, c.toLowerCase());
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  const allowed = Math.max(1, Math.floor(word.length / 3));
  return bestScore <= Math.min(allowed, 3) ? best : null;
}
